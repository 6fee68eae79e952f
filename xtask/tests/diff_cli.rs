//! `cargo xtask diff` end to end in a temporary git repository: the default base is the merge
//! base with `main`, exit codes follow `--fail-on` (a wire level or a Rust impact), two files
//! compare without git, GitHub annotations point at the spec's lines, and errors exit 2 with a
//! message.

use std::path::Path;
use std::process::{Command, Output};

const BASE: &str = include_str!("../../codegen/tests/diff/base.yaml");

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn diff(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("xtask runs")
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_branch_is_compared_with_its_merge_base_with_main() {
    let repo = tempfile::tempdir().expect("temp dir");
    let dir = repo.path();
    std::fs::create_dir(dir.join("specs")).expect("specs/");
    std::fs::write(dir.join("specs/orders.yaml"), BASE).expect("write");
    git(dir, &["init", "--quiet", "--initial-branch=main"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "--quiet", "-m", "base"]);
    git(dir, &["checkout", "--quiet", "-b", "feature"]);

    // On the branch: one committed change and one in the working tree, plus a new spec.
    let removed_app = BASE.replace("enum: [web, app]", "enum: [web]");
    std::fs::write(dir.join("specs/orders.yaml"), &removed_app).expect("write");
    git(dir, &["commit", "--quiet", "-am", "drop app"]);
    let also_cancelled =
        removed_app.replace("enum: [open, shipped]", "enum: [open, shipped, cancelled]");
    std::fs::write(dir.join("specs/orders.yaml"), also_cancelled).expect("write");
    std::fs::write(dir.join("specs/parcels.yaml"), BASE).expect("write");

    let out = diff(dir, &[]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.starts_with("**Spec changes `"), "{stdout}");
    assert!(
        stdout.contains("wire breaking (2 breaking, 0 possibly breaking, 1 non-breaking"),
        "{stdout}"
    );
    assert!(stdout.contains("Rust API major"), "{stdout}");
    assert!(stdout.contains("### Breaking on the wire"), "{stdout}");
    assert!(stdout.contains("### parcels (new spec)"), "{stdout}");
    assert!(
        stdout.contains("| `types::Channel::App` | major | `App` | - |"),
        "{stdout}"
    );

    assert_eq!(diff(dir, &["--fail-on", "breaking"]).status.code(), Some(1));
    assert_eq!(diff(dir, &["--fail-on", "any"]).status.code(), Some(1));
    assert_eq!(
        diff(dir, &["--fail-on", "rust-major"]).status.code(),
        Some(1)
    );

    // Against HEAD only the working-tree changes remain: a new answer value (breaking on the
    // wire, tolerated by our client) and a new spec, both only additions to the Rust API.
    assert_eq!(
        diff(dir, &["--base", "HEAD", "--fail-on", "rust-major"])
            .status
            .code(),
        Some(0)
    );
    let out = diff(
        dir,
        &[
            "--base",
            "HEAD",
            "--format",
            "json",
            "--fail-on",
            "rust-minor",
        ],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let verdicts: Vec<(&str, &str)> = json["vendors"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|v| v["changes"].as_array().into_iter().flatten())
        .filter_map(|c| Some((c["level"].as_str()?, c["rust"].as_str()?)))
        .collect();
    assert_eq!(verdicts, [("breaking", "minor"), ("non-breaking", "minor")]);

    let out = diff(dir, &["--format", "text"]);
    assert!(
        text(&out)
            .0
            .contains("breaking          rust major orders Channel [createOrder, createOrders]"),
        "{}",
        text(&out).0
    );

    // Annotations name the spec file and the line of the changed schema.
    let out = diff(dir, &["--format", "github"]);
    let line = BASE
        .lines()
        .position(|l| l.trim_start() == "Channel:")
        .expect("Channel in the base")
        + 1;
    assert!(
        text(&out).0.contains(&format!(
            "::error file=specs/orders.yaml,line={line},title=breaking orders::Channel: enum value"
        )),
        "{}",
        text(&out).0
    );
}

/// Two documents outside any specs folder: someone else's, so held only to validity.
#[test]
fn two_files_compare_without_git() {
    let dir = tempfile::tempdir().expect("temp dir");
    let published = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      parameters:\n        - {name: kind, in: query, schema: {type: integer, enum: [1, 2, 3]}}\n      responses:\n        '200': {description: ok}\n";
    let old = dir.path().join("base.yaml");
    let new = dir.path().join("revision.yaml");
    std::fs::write(&old, published).expect("write");
    std::fs::write(&new, published.replace("enum: [1, 2, 3]", "enum: [1, 2]")).expect("write");
    let out = diff(
        dir.path(),
        &[
            old.to_str().expect("utf-8"),
            new.to_str().expect("utf-8"),
            "--format",
            "text",
            "--fail-on",
            "breaking",
        ],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("query parameter kind [get_pets]: allowed values [1, 2, 3] → [1, 2]"),
        "{stdout}"
    );
}

#[test]
fn an_unknown_ref_and_an_invalid_spec_exit_2_with_a_message() {
    let repo = tempfile::tempdir().expect("temp dir");
    let dir = repo.path();
    std::fs::create_dir(dir.join("specs")).expect("specs/");
    std::fs::write(dir.join("specs/orders.yaml"), BASE).expect("write");
    git(dir, &["init", "--quiet", "--initial-branch=main"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "--quiet", "-m", "base"]);

    let out = diff(dir, &["--base", "no-such-ref"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).1.contains("unknown git ref \"no-such-ref\""),
        "{}",
        text(&out).1
    );

    std::fs::write(
        dir.join("specs/orders.yaml"),
        BASE.replace("operationId: getOrder", "operationId: createOrder"),
    )
    .expect("write");
    let out = diff(dir, &[]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("specs/orders.yaml"), "{stderr}");
    assert!(stderr.contains("createOrder"), "{stderr}");
}
