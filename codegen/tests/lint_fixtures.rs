//! Lint on fixture specs: each file under `lint/broken/` has one kind of fault and its messages
//! are snapshotted; each file under `lint/valid/` must pass.

use std::path::Path;

use commerce_apis_codegen::lint::lint_file;

fn display(path: &Path) -> String {
    let dir = path.parent().and_then(Path::file_name).unwrap_or_default();
    let name = path.file_name().unwrap_or_default();
    format!("{}/{}", dir.to_string_lossy(), name.to_string_lossy())
}

#[test]
fn broken_specs_report_located_problems() {
    insta::glob!("lint/broken/*", |path| {
        let shown = display(path);
        let report = lint_file(path, &shown);
        assert!(
            !report.problems.is_empty(),
            "{shown} has a fault but passed lint"
        );
        for problem in &report.problems {
            assert_eq!(problem.file, shown);
            // Every problem that is not about the whole file can be found in it.
            if !problem.pointer.is_empty() {
                assert!(problem.position.is_some(), "no line:column for {problem}");
            }
        }
        let lines: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(lines.join("\n"));
    });
}

#[test]
fn valid_specs_pass_and_count_what_they_checked() {
    insta::glob!("lint/valid/*", |path| {
        let shown = display(path);
        let report = lint_file(path, &shown);
        let lines: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
        assert!(lines.is_empty(), "{shown}:\n{}", lines.join("\n"));
        insta::assert_snapshot!(format!(
            "operations: {}, schemas: {}, examples: {}",
            report.operations, report.schemas, report.examples
        ));
    });
}
