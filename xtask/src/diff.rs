//! `cargo xtask diff [--base REF | OLD NEW] [--format F] [--fail-on VERDICT]`: what the specs'
//! changes since a git ref (or between two documents) do on the wire and to the generated crate.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, ExitCode};

use codegen::diff::{self, Format, Report, Side, Threshold};
use codegen::lint::Rules;
use codegen::spec::Source;

/// Exit codes: 0 normally, 1 when `--fail-on` finds a change at that verdict, 2 on an error.
const FOUND: u8 = 1;
const ERROR: u8 = 2;

/// What is compared.
pub enum Compared<'a> {
    /// The specs folder against a git ref (the merge base with `main` by default).
    Git(Option<&'a str>),
    /// Two documents, old and new.
    Files(&'a Path, &'a Path),
}

pub fn run(compared: Compared<'_>, format: Format, fail_on: &[Threshold]) -> ExitCode {
    let report = match compared {
        Compared::Git(base) => report(base),
        Compared::Files(old, new) => files(old, new),
    };
    match report {
        Ok(report) => {
            print!("{}", diff::render(&report, format));
            if fail_on.iter().any(|t| report.reaches(*t)) {
                ExitCode::from(FOUND)
            } else {
                ExitCode::SUCCESS
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
    let file = name.rsplit_once('/').map_or(name, |(_, f)| f);
    file.rsplit_once('.').map_or(file, |(s, _)| s)
}

/// Two documents named on the command line. A document not in a specs folder is someone
/// else's, so only validity is required of it, as of a vendor's published document.
fn files(old: &Path, new: &Path) -> Result<Report, String> {
    let load = |path: &Path| -> Result<Side, String> {
        let source = Source::given(path);
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        diff::side(&source.shown, source.stem(), &text, Rules::Published).map_err(|ps| {
            format!(
                "{} does not lint, so it cannot be compared:\n{}",
                source.shown,
                ps.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
    };
    let (old_side, new_side) = (load(old)?, load(new)?);
    let vendor = Source::given(new).stem().to_owned();
    Ok(Report {
        base: format!("`{}`", old.display()),
        head: format!("`{}`", new.display()),
        vendors: vec![diff::compare(&vendor, Some(&old_side), Some(&new_side))],
    })
}

/// A spec of the folder itself or of `published/`, not of a folder beside them.
fn in_specs_folder(relative: &str) -> bool {
    match relative.split_once('/') {
        None => true,
        Some((dir, rest)) => dir == "published" && !rest.contains('/'),
    }
}

fn report(base: Option<&str>) -> Result<Report, String> {
    let here = std::env::current_dir().map_err(|e| e.to_string())?;
    let top = git(&here, &["rev-parse", "--show-toplevel"])
        .map_err(|e| format!("not in a git repository: {e}"))?;
    let top = Path::new(&top);
    let (name, commit) = base_commit(top, base)?;
    // Specs written here and, under `published/`, vendors' own documents.
    let old_files: BTreeSet<String> =
        git(top, &["ls-tree", "-r", "--name-only", &commit, "specs/"])?
            .lines()
            .filter_map(|l| l.strip_prefix("specs/"))
            .filter(|l| codegen::spec::is_spec_file(l) && in_specs_folder(l))
            .map(str::to_owned)
            .collect();
    let new_files: BTreeSet<String> = codegen::spec::sources(&top.join("specs"), "specs")
        .unwrap_or_default()
        .iter()
        .filter_map(|s| s.shown.strip_prefix("specs/").map(str::to_owned))
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
            let rules = if label.starts_with("specs/published/") {
                Rules::Published
            } else {
                Rules::House
            };
            match text.map_err(|e| vec![e]).and_then(|t| {
                diff::side(&label, vendor, &t, rules)
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
