//! `cargo xtask specgen`: random valid OpenAPI documents, each read as a vendor's published
//! document, generated into one scratch crate that must pass clippy with warnings denied.
//!
//! The scratch crate is its own workspace under `target/specgen/` (so it never dirties the
//! repository) and builds into this workspace's target directory with this workspace's
//! `Cargo.lock`, so its dependencies are the ones already built and nothing new is resolved.

pub mod document;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use codegen::emit::CrateSpec;
use codegen::generate::{self, Target};

use crate::workspace;

pub struct Options {
    pub seed: u64,
    pub count: u64,
    pub out: Option<PathBuf>,
    pub build: bool,
}

pub fn run(options: &Options) -> ExitCode {
    let root = workspace::root();
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| root.join("target/specgen"));
    let seeds = seeds(options);
    let mut documents = Vec::new();
    for seed in seeds.clone() {
        match serde_json::to_string_pretty(&document::document(seed)) {
            Ok(text) => documents.push((format!("random_{seed}.json"), text)),
            Err(e) => {
                eprintln!("specgen: seed {seed}: cannot serialise: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let what = format!(
        "{} document(s) (seeds {}..={})",
        options.count,
        options.seed,
        seeds.end.saturating_sub(1)
    );
    let checks = Checks {
        build: options.build,
        layout: true,
    };
    generate_and_check("specgen", &root, &out, documents, &what, checks)
}

/// What `generate_and_check` checks beyond generation.
#[derive(Clone, Copy)]
struct Checks {
    /// The crate passes clippy.
    build: bool,
    /// Every generated Rust file is laid out exactly as prettyplease lays it out (the text the
    /// generator writes directly must not drift from it).
    layout: bool,
}

/// `cargo xtask try FILE...`: the given documents, read as published, generated into a scratch
/// crate that must pass clippy: what dropping them into `specs/published/` would give.
pub fn try_documents(files: &[PathBuf], out: Option<PathBuf>, build: bool) -> ExitCode {
    let root = workspace::root();
    let out = out.unwrap_or_else(|| root.join("target/try"));
    let mut documents = Vec::new();
    for file in files {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        match (name, std::fs::read_to_string(file)) {
            (Some(name), Ok(text)) => documents.push((name, text)),
            (_, Err(e)) => {
                eprintln!("try: cannot read {}: {e}", file.display());
                return ExitCode::from(2);
            }
            (None, _) => {
                eprintln!("try: {} is not a file", file.display());
                return ExitCode::from(2);
            }
        }
    }
    let what = format!("{} document(s)", documents.len());
    let checks = Checks {
        build,
        layout: false,
    };
    generate_and_check("try", &root, &out, documents, &what, checks)
}

fn generate_and_check(
    command: &str,
    root: &Path,
    out: &Path,
    documents: Vec<(String, String)>,
    what: &str,
    checks: Checks,
) -> ExitCode {
    let started = Instant::now();
    let warnings = match prepare(root, out, documents, checks.layout) {
        Ok(warnings) => warnings,
        Err(Failure(message)) => {
            eprintln!("{command}: {message}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{command}: {what} linted and generated into {} in {:.2}s ({warnings} house-rule warning(s), which published documents may have)",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    if !checks.build {
        return ExitCode::SUCCESS;
    }
    let started = Instant::now();
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["clippy", "--quiet", "--all-features", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status();
    match status {
        Ok(s) if s.success() => {
            println!(
                "{command}: the generated crate passes clippy ({:.1}s)",
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Ok(_) => {
            eprintln!(
                "{command}: the crate generated from {what} does not pass clippy; the documents are in {}",
                out.join("specs/published").display()
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{command}: cannot run cargo: {e}");
            ExitCode::from(2)
        }
    }
}

struct Failure(String);

fn seeds(options: &Options) -> std::ops::Range<u64> {
    options.seed..options.seed.saturating_add(options.count)
}

/// Writes the documents and the generated crate; every document must lint without problems and
/// generate. Nothing of the crate is written when one does not.
fn prepare(
    root: &Path,
    out: &Path,
    // Owned, and freed once written: generation reads the files, and a document can be tens of
    // megabytes.
    documents_given: Vec<(String, String)>,
    check_layout: bool,
) -> Result<usize, Failure> {
    let documents = out.join("specs/published");
    if documents.exists() {
        std::fs::remove_dir_all(&documents)
            .map_err(|e| Failure(format!("cannot clear {}: {e}", documents.display())))?;
    }
    std::fs::create_dir_all(&documents)
        .map_err(|e| Failure(format!("cannot create {}: {e}", documents.display())))?;
    for (name, text) in documents_given {
        let path = documents.join(name);
        std::fs::write(&path, text)
            .map_err(|e| Failure(format!("cannot write {}: {e}", path.display())))?;
    }
    let crate_dir = out.join("api");
    let target = Target {
        specs_dir: out.join("specs"),
        specs_shown: out.join("specs").display().to_string(),
        crate_dir: crate_dir.clone(),
        krate: CrateSpec {
            package: "specgen-apis".into(),
            description: "Bindings generated by cargo xtask specgen or try.".into(),
            runtime_path: root.join("runtime").display().to_string(),
            sources: "scratch documents".into(),
            dev_dependencies: Vec::new(),
            ..CrateSpec::default()
        },
    };
    let generated = generate::generate(&target).map_err(|problems| {
        let listed: Vec<String> = problems.iter().map(ToString::to_string).collect();
        Failure(format!(
            "{} problem(s) in random documents:\n{}",
            problems.len(),
            listed.join("\n")
        ))
    })?;
    if check_layout {
        check_layout_of(&generated.files)?;
    }
    generate::write(&target, &generated.files)
        .map_err(|e| Failure(format!("cannot write {}: {e}", crate_dir.display())))?;
    write_workspace(root, out)?;
    Ok(generated.warnings.len())
}

/// Every generated Rust file but the embedded document (a raw string, not formatted) is a
/// prettyplease fixed point.
fn check_layout_of(files: &[codegen::emit::File]) -> Result<(), Failure> {
    for file in files {
        if !file.path.ends_with(".rs") || file.path.ends_with("/spec.rs") {
            continue;
        }
        match codegen::emit::is_formatted(&file.contents) {
            Ok(true) => {}
            Ok(false) => {
                return Err(Failure(format!(
                    "generated {} is not laid out as prettyplease lays it out; this is a generator bug",
                    file.path
                )));
            }
            Err(e) => {
                return Err(Failure(format!(
                    "generated {} does not parse ({e}); this is a generator bug",
                    file.path
                )));
            }
        }
    }
    Ok(())
}

/// The scratch workspace: the root's `[workspace.package]` and `[workspace.dependencies]`
/// (the generated manifest inherits from them) and the root's lock file.
fn write_workspace(root: &Path, out: &Path) -> Result<(), Failure> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| Failure(format!("cannot read the workspace manifest: {e}")))?;
    let inherited = inherited_sections(&manifest);
    let text = format!(
        "# Written by `cargo xtask specgen`; a scratch workspace, never committed.\n[workspace]\nresolver = \"3\"\nmembers = [\"api\"]\n\n{inherited}"
    );
    std::fs::write(out.join("Cargo.toml"), text)
        .map_err(|e| Failure(format!("cannot write {}: {e}", out.display())))?;
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))
        .map_err(|e| Failure(format!("cannot copy Cargo.lock: {e}")))?;
    Ok(())
}

/// `[workspace.package]` as it is, and the `[workspace.dependencies]` that name no path (the
/// path ones are this workspace's own crates, which a generated crate does not inherit).
fn inherited_sections(manifest: &str) -> String {
    let mut kept = String::new();
    let mut section = "";
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed;
        }
        let keep = match section {
            "[workspace.package]" => true,
            "[workspace.dependencies]" => !trimmed.contains("path ="),
            _ => false,
        };
        if keep {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scratch_workspace_inherits_package_fields_and_registry_dependencies_only() {
        let manifest = "[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nedition = \"2024\"\n\n[workspace.dependencies]\nlocal = { path = \"local\" }\nserde = \"1\"\n\n[profile.release]\nlto = true\n";
        assert_eq!(
            inherited_sections(manifest),
            "[workspace.package]\nedition = \"2024\"\n\n[workspace.dependencies]\nserde = \"1\"\n\n"
        );
    }
}
