//! `cargo xtask mock [--port N] [--spec NAME...]`: serve the specs on 127.0.0.1 until stopped.

use std::process::ExitCode;

use commerce_apis_mock::{Catalog, MockServer};

use crate::workspace;

pub fn run(port: u16, only: &[String]) -> ExitCode {
    let only: Vec<&str> = only.iter().map(String::as_str).collect();
    let catalog = match Catalog::load(&workspace::root().join("specs"), &only) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("mock: cannot start a runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let server = match runtime.block_on(MockServer::start(catalog, port)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    for vendor in server.catalog().vendors() {
        let mut credentials: Vec<String> = vendor
            .credentials()
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        credentials.extend(
            vendor
                .tokens()
                .into_iter()
                .map(|(name, operation)| format!("{name}=<any token; {operation} issues one>")),
        );
        println!(
            "{} {}/{}  credentials: {}",
            vendor.name(),
            server.uri(),
            vendor.name(),
            if credentials.is_empty() {
                "none".to_owned()
            } else {
                credentials.join(" ")
            }
        );
    }
    println!(
        "Choose an answer with `Prefer: example=<name>` or `Prefer: code=<status>`. Ctrl-C stops."
    );
    // The server runs on its own thread; this one only keeps it alive.
    loop {
        std::thread::park();
    }
}
