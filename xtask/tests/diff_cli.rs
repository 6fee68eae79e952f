//! `cargo xtask diff` end to end in a temporary git repository: the default base is the merge
//! base with `main`, exit codes follow `--fail-on`, and errors exit 2 with a message.

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
        stdout.contains("1 breaking, 0 possibly breaking, 2 non-breaking"),
        "{stdout}"
    );
    assert!(stdout.contains("### Breaking changes"), "{stdout}");
    assert!(stdout.contains("### parcels (new spec)"), "{stdout}");
    assert!(
        stdout.contains("`types::Channel::App` | removed"),
        "{stdout}"
    );

    assert_eq!(diff(dir, &["--fail-on", "breaking"]).status.code(), Some(1));
    assert_eq!(diff(dir, &["--fail-on", "any"]).status.code(), Some(1));

    // Against HEAD only the working-tree changes remain: nothing breaking.
    let out = diff(
        dir,
        &[
            "--base",
            "HEAD",
            "--format",
            "json",
            "--fail-on",
            "breaking",
        ],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let levels: Vec<&str> = json["vendors"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|v| v["changes"].as_array().into_iter().flatten())
        .filter_map(|c| c["level"].as_str())
        .collect();
    assert_eq!(levels, ["non-breaking", "non-breaking"]);

    let out = diff(dir, &["--format", "text"]);
    assert!(
        text(&out)
            .0
            .contains("breaking          orders Channel [createOrder]")
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
