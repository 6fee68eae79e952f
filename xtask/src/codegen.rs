//! `cargo xtask codegen [--check]`.

use std::process::ExitCode;
use std::time::Instant;

use codegen::emit::{CrateSpec, Guide};
use codegen::generate::{self, Target};

use crate::workspace;

/// The crates this workspace generates: the users' crate; a fixture crate from specs unlike any
/// vendor's that proves a new spec needs no generator change; and a corpus crate from documents
/// read as published (house rules only warn), one per family of OpenAPI constructs.
pub fn targets() -> Vec<Target> {
    let root = workspace::root();
    vec![
        Target {
            specs_dir: root.join("specs"),
            specs_shown: "specs".into(),
            crate_dir: root.join("generated"),
            krate: CrateSpec {
                package: "commerce-apis".into(),
                description: "Typed clients for Korean and Chinese commerce and logistics APIs, generated from reviewed OpenAPI specs.".into(),
                runtime_path: "../runtime".into(),
                sources: "specs/*.yaml".into(),
                // The example programs start the mock in-process.
                dev_dependencies: vec![
                    "commerce-apis-mock = { path = \"../mock\", version = \"0.1.0\" }".into(),
                    "tokio = { workspace = true, features = [\"rt-multi-thread\", \"macros\"] }".into(),
                    // Dates in a vendor's time zone (Coupang's order listing takes Korean dates).
                    "chrono.workspace = true".into(),
                ],
                publish: true,
                guide: Some(Guide {
                    path: "GUIDE.md".into(),
                    features: vec!["coupang".into()],
                }),
            },
        },
        Target {
            specs_dir: root.join("tests/fixture-api/specs"),
            specs_shown: "tests/fixture-api/specs".into(),
            crate_dir: root.join("tests/fixture-api"),
            krate: CrateSpec {
                package: "fixture-apis".into(),
                description: "Bindings generated from test specs unlike any vendor's, proving that a new spec needs no generator change.".into(),
                runtime_path: "../../runtime".into(),
                sources: "tests/fixture-api/specs/*.yaml".into(),
                dev_dependencies: Vec::new(),
                ..CrateSpec::default()
            },
        },
        Target {
            specs_dir: root.join("tests/corpus-api/specs"),
            specs_shown: "tests/corpus-api/specs".into(),
            crate_dir: root.join("tests/corpus-api"),
            krate: CrateSpec {
                package: "corpus-apis".into(),
                description: "Bindings generated from OpenAPI documents written here, one per family of constructs published documents use, each read as a vendor's own document.".into(),
                runtime_path: "../../runtime".into(),
                sources: "tests/corpus-api/specs/published/*".into(),
                dev_dependencies: Vec::new(),
                ..CrateSpec::default()
            },
        },
    ]
}

pub fn run(check: bool) -> ExitCode {
    let started = Instant::now();
    let mut stale = Vec::new();
    let mut written = Vec::new();
    let mut warnings = 0;
    for target in targets() {
        let files = match generate::generate(&target) {
            Ok(generated) => {
                warnings += generated.warnings.len();
                generated.files
            }
            Err(problems) => {
                for p in &problems {
                    eprintln!("{p}");
                }
                eprintln!(
                    "codegen: {} problem(s); nothing was written",
                    problems.len()
                );
                return ExitCode::FAILURE;
            }
        };
        let result = if check {
            generate::check(&target, &files).map(|diffs| stale.extend(diffs))
        } else {
            generate::write(&target, &files).map(|w| {
                written.extend(
                    w.changed
                        .iter()
                        .map(|p| format!("{}/{p}", target.crate_dir.display())),
                );
                written.extend(
                    w.removed
                        .iter()
                        .map(|p| format!("removed {}/{p}", target.crate_dir.display())),
                );
            })
        };
        if let Err(e) = result {
            eprintln!(
                "codegen: cannot {} {}: {e}",
                if check { "read" } else { "write" },
                target.crate_dir.display()
            );
            return ExitCode::from(2);
        }
    }
    if warnings > 0 {
        eprintln!(
            "codegen: {warnings} house-rule warning(s) in published documents (generated anyway; `cargo xtask lint` lists them)"
        );
    }
    let elapsed = started.elapsed().as_secs_f64();
    if check {
        if stale.is_empty() {
            println!("codegen --check: generated code is up to date ({elapsed:.2}s)");
            return ExitCode::SUCCESS;
        }
        for diff in &stale {
            eprint!("{diff}");
        }
        eprintln!(
            "codegen --check: {} generated file(s) are stale; run `cargo xtask codegen` and commit the result",
            stale.len()
        );
        return ExitCode::FAILURE;
    }
    let root = workspace::root();
    for path in &written {
        println!("  {}", path.replace(&format!("{}/", root.display()), ""));
    }
    println!(
        "codegen: {} file(s) changed in {elapsed:.2}s",
        written.len()
    );
    ExitCode::SUCCESS
}
