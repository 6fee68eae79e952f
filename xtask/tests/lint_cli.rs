//! `cargo xtask lint` as a user runs it: exit codes, one line per problem, no panics.

use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .expect("the xtask binary runs")
}

#[test]
fn lint_of_the_workspace_specs_succeeds_with_one_summary_line() {
    let out = xtask(&["lint"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("lint: 5 spec(s), "), "{stdout}");
    assert!(
        stdout.contains(" examples checked; no problems"),
        "{stdout}"
    );
}

#[test]
fn lint_failure_prints_one_located_line_per_problem_and_exits_1() {
    let broken = [
        "codegen/tests/lint/broken/dangling_ref.yaml",
        "codegen/tests/lint/broken/malformed_yaml.yaml",
        "codegen/tests/lint/broken/missing_operation_fields.yaml",
    ];
    let out = xtask(&[&["lint"], &broken[..]].concat());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    let lines: Vec<&str> = stderr.lines().collect();
    // 1 + 1 + 5 problems, then the count.
    assert_eq!(lines.len(), 8, "{stderr}");
    for (line, file) in lines[..7].iter().zip(
        std::iter::once(broken[0])
            .chain(std::iter::once(broken[1]))
            .chain(std::iter::repeat(broken[2])),
    ) {
        let (location, _) = line.split_once(": ").unwrap_or_default();
        let mut parts = location.split(':');
        assert_eq!(parts.next(), Some(file), "{line}");
        assert!(
            parts.next().is_some_and(|l| l.parse::<usize>().is_ok()),
            "no line in {line}"
        );
        assert!(
            parts.next().is_some_and(|c| c.parse::<usize>().is_ok()),
            "no column in {line}"
        );
    }
    assert_eq!(lines[7], "lint: 7 problem(s) in 3 of 3 spec(s)");
}

#[test]
fn a_missing_file_is_a_located_problem_not_a_panic() {
    let out = xtask(&["lint", "specs/no-such-vendor.yaml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("specs/no-such-vendor.yaml: (document): cannot read the file"),
        "{stderr}"
    );
}
