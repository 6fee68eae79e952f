//! `cargo xtask lint [SPEC...]`.

use std::path::PathBuf;
use std::process::ExitCode;

use codegen::lint::{self, Rules};
use codegen::spec::Source;

use crate::workspace;

pub fn run(given: &[PathBuf]) -> ExitCode {
    let specs: Vec<Source> = if given.is_empty() {
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
        given.iter().map(|p| Source::given(p)).collect()
    };
    if specs.is_empty() {
        eprintln!("error: no specs to lint (specs/ has no .yaml, .yml or .json file)");
        return ExitCode::from(2);
    }

    let (mut operations, mut schemas, mut examples, mut problems, mut failing) = (0, 0, 0, 0, 0);
    let mut warnings = 0;
    for source in &specs {
        let report = lint::lint_file_with(&source.path, &source.shown, Rules::of(source));
        for problem in &report.problems {
            eprintln!("{problem}");
        }
        for warning in &report.warnings {
            eprintln!("warning: {warning}");
        }
        warnings += report.warnings.len();
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
    let warned = if warnings > 0 {
        format!(" ({warnings} house-rule warning(s) in published documents)")
    } else {
        String::new()
    };
    println!(
        "lint: {} spec(s), {operations} operations, {schemas} schemas, {examples} examples checked; no problems{warned}",
        specs.len()
    );
    ExitCode::SUCCESS
}
