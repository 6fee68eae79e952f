//! `cargo xtask mock [--port N] [--spec NAME...]`: serve the specs on 127.0.0.1 until stopped.
//!
//! The server is the mock crate's own binary: xtask links no HTTP stack, so `cargo xtask codegen`
//! on a fresh clone builds only the generator. The binary is built here and then runs in this
//! process's place, so stopping `cargo xtask mock` stops the server.

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

use crate::workspace;

pub fn run(port: u16, only: &[String]) -> ExitCode {
    let binary = match build() {
        Ok(binary) => binary,
        Err(message) => {
            eprintln!("mock: {message}");
            return ExitCode::FAILURE;
        }
    };
    let mut command = Command::new(binary);
    command
        .arg("--specs")
        .arg(workspace::root().join("specs"))
        .args(["--port", &port.to_string()]);
    for name in only {
        command.args(["--spec", name]);
    }
    run_in_place(command)
}

/// Builds the mock binary and says where it is (cargo's own report of the executable).
fn build() -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(workspace::root())
        .args([
            "build",
            "--quiet",
            "--message-format=json-render-diagnostics",
        ])
        .args(["--package", "commerce-apis-mock", "--features", "cli"])
        .args(["--bin", "commerce-apis-mock"])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err("the mock binary does not build".into());
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find_map(|message| Some(PathBuf::from(message.get("executable")?.as_str()?)))
        .ok_or_else(|| "cargo reported no mock executable".into())
}

#[cfg(unix)]
fn run_in_place(mut command: Command) -> ExitCode {
    use std::os::unix::process::CommandExt;
    let error = command.exec();
    eprintln!("mock: cannot start the server: {error}");
    ExitCode::FAILURE
}

#[cfg(not(unix))]
fn run_in_place(mut command: Command) -> ExitCode {
    match command.status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("mock: cannot start the server: {e}");
            ExitCode::FAILURE
        }
    }
}
