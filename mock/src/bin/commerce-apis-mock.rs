//! `commerce-apis-mock --specs DIR [--port N] [--spec NAME]...`: serve a folder of OpenAPI
//! documents on 127.0.0.1 until stopped. `cargo xtask mock` runs it on this repository's specs.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use commerce_apis_mock::{Catalog, MockServer};

/// Serve every spec in a folder as a mock on 127.0.0.1: documented examples as answers, every
/// request checked against its spec (parameters, credentials, signatures, body).
#[derive(Parser)]
#[command(version)]
struct Cli {
    /// The folder of specs (`*.yaml`, `*.yml`, `*.json`).
    #[arg(long, value_name = "DIR")]
    specs: PathBuf,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 4010)]
    port: u16,
    /// Serve only these specs (file stems such as `shop`); all of them when none is given.
    #[arg(long = "spec", value_name = "NAME")]
    only: Vec<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let only: Vec<&str> = cli.only.iter().map(String::as_str).collect();
    let catalog = match Catalog::load(&cli.specs, &only) {
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
    let server = match runtime.block_on(MockServer::start(catalog, cli.port)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    for vendor in server.catalog().vendors() {
        println!("{}", served(&server, vendor));
    }
    println!(
        "Choose an answer with `Prefer: example=<name>` or `Prefer: code=<status>`. Ctrl-C stops."
    );
    // The server runs on its own thread; this one only keeps it alive.
    loop {
        std::thread::park();
    }
}

/// One line per vendor: where it is served and the credentials it accepts.
fn served(server: &MockServer, vendor: &commerce_apis_mock::Vendor) -> String {
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
    format!(
        "{} {}/{}  credentials: {}",
        vendor.name(),
        server.uri(),
        vendor.name(),
        if credentials.is_empty() {
            "none".to_owned()
        } else {
            credentials.join(" ")
        }
    )
}
