//! `cargo xtask lint [SPEC...]`.

use std::path::PathBuf;
use std::process::ExitCode;

use codegen::lint;

use crate::workspace;

pub fn run(given: &[PathBuf]) -> ExitCode {
    let specs = if given.is_empty() {
        match workspace::specs() {
            Ok(specs) => specs,
            Err(e) => {
                eprintln!(
                    "error: cannot list {}: {e}",
                    workspace::root().join("specs").display()
                );
                return ExitCode::from(2);
            }
        }
    } else {
        given
            .iter()
            .map(|p| (p.clone(), p.display().to_string()))
            .collect()
    };
    if specs.is_empty() {
        eprintln!("error: no specs to lint (specs/ has no .yaml, .yml or .json file)");
        return ExitCode::from(2);
    }

    let (mut operations, mut schemas, mut examples, mut problems, mut failing) = (0, 0, 0, 0, 0);
    for (path, display) in &specs {
        let report = lint::lint_file(path, display);
        for problem in &report.problems {
            eprintln!("{problem}");
        }
        operations += report.operations;
        schemas += report.schemas;
        examples += report.examples;
        problems += report.problems.len();
        failing += usize::from(!report.problems.is_empty());
    }
    if problems > 0 {
        eprintln!(
            "lint: {problems} problem(s) in {failing} of {} spec(s)",
            specs.len()
        );
        return ExitCode::FAILURE;
    }
    println!(
        "lint: {} spec(s), {operations} operations, {schemas} schemas, {examples} examples checked; no problems",
        specs.len()
    );
    ExitCode::SUCCESS
}
