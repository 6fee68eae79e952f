//! `cargo xtask diff [--base REF] [--format F] [--fail-on LEVEL]`: what the specs' changes since a
//! git ref mean for users of the generated crate.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, ExitCode};

use codegen::diff::{self, Format, Level, Report, Side};

/// Exit codes: 0 normally, 1 when `--fail-on` finds a change at that level, 2 on an error.
const FOUND: u8 = 1;
const ERROR: u8 = 2;

pub fn run(base: Option<&str>, format: Format, fail_on: Option<Level>) -> ExitCode {
    match report(base) {
        Ok(report) => {
            print!("{}", diff::render(&report, format));
            match fail_on {
                Some(level) if report.has_at_least(level) => ExitCode::from(FOUND),
                _ => ExitCode::SUCCESS,
            }
        }
        Err(message) => {
            eprintln!("diff: {message}");
            ExitCode::from(ERROR)
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// The commit to compare with: `base`, or the merge base with `main` (`HEAD` on `main`).
fn base_commit(top: &Path, base: Option<&str>) -> Result<(String, String), String> {
    let name = match base {
        Some(b) => b.to_owned(),
        None => {
            let branch = git(top, &["rev-parse", "--abbrev-ref", "HEAD"])?;
            if branch == "main" {
                "HEAD".to_owned()
            } else {
                git(top, &["merge-base", "HEAD", "main"]).map_err(|e| {
                    format!("no merge base with `main` to compare with ({e}); pass --base <ref>")
                })?
            }
        }
    };
    let commit = git(
        top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{name}^{{commit}}"),
        ],
    )
    .map_err(|_| format!("unknown git ref {name:?}"))?;
    Ok((name, commit))
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

fn report(base: Option<&str>) -> Result<Report, String> {
    let here = std::env::current_dir().map_err(|e| e.to_string())?;
    let top = git(&here, &["rev-parse", "--show-toplevel"])
        .map_err(|e| format!("not in a git repository: {e}"))?;
    let top = Path::new(&top);
    let (name, commit) = base_commit(top, base)?;
    let old_files: BTreeSet<String> = git(top, &["ls-tree", "--name-only", &commit, "specs/"])?
        .lines()
        .filter_map(|l| l.strip_prefix("specs/"))
        .filter(|l| codegen::spec::is_spec_file(l))
        .map(str::to_owned)
        .collect();
    let new_files: BTreeSet<String> = codegen::spec::files(&top.join("specs"))
        .unwrap_or_default()
        .iter()
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    let short = &commit[..commit.len().min(10)];
    let mut problems = Vec::new();
    let mut vendors = Vec::new();
    let names: BTreeSet<&str> = old_files
        .iter()
        .chain(&new_files)
        .map(|f| stem(f))
        .collect();
    for vendor in names {
        let old_file = old_files.iter().find(|f| stem(f) == vendor);
        let new_file = new_files.iter().find(|f| stem(f) == vendor);
        let mut load = |label: String, text: Result<String, String>| -> Option<Side> {
            match text.map_err(|e| vec![e]).and_then(|t| {
                diff::side(&label, vendor, &t)
                    .map_err(|ps| ps.iter().map(ToString::to_string).collect())
            }) {
                Ok(side) => Some(side),
                Err(found) => {
                    problems.extend(found);
                    None
                }
            }
        };
        let old = old_file.and_then(|f| {
            load(
                format!("specs/{f} at {short}"),
                git(top, &["show", &format!("{commit}:specs/{f}")]),
            )
        });
        let new = new_file.and_then(|f| {
            load(
                format!("specs/{f}"),
                std::fs::read_to_string(top.join("specs").join(f)).map_err(|e| e.to_string()),
            )
        });
        vendors.push(diff::compare(vendor, old.as_ref(), new.as_ref()));
    }
    if !problems.is_empty() {
        return Err(format!(
            "a spec does not lint, so it cannot be compared:\n{}",
            problems.join("\n")
        ));
    }
    Ok(Report {
        base: format!("`{name}` ({short})"),
        head: "working tree".into(),
        vendors,
    })
}
