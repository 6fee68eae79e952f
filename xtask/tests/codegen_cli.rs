//! `cargo xtask codegen --check` as CI runs it: the committed bindings are what the specs produce.

use std::path::Path;
use std::process::Command;

#[test]
fn committed_generated_code_is_fresh() {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .expect("the xtask binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the committed generated code is stale; run `cargo xtask codegen` and commit:\n{stderr}"
    );
}
