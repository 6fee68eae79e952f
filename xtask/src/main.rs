//! `cargo xtask <command>`: the developer commands of this workspace.

mod codegen;
mod lint;
mod mock;
mod workspace;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Developer commands for the vendor API bindings"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate specs: references, examples against schemas, operation ids, path parameters,
    /// descriptions, errata and security. Checks every file in specs/ when none is given.
    Lint {
        /// Spec files (YAML or JSON, OpenAPI 3.0 or 3.1).
        specs: Vec<PathBuf>,
    },
    /// Generate the bindings in generated/ (and the fixture crate) from the specs.
    Codegen {
        /// Write nothing; fail with a diff when the committed code differs from what the specs produce.
        #[arg(long)]
        check: bool,
    },
    /// Serve every spec as a mock on 127.0.0.1: documented examples as answers, every request
    /// checked against its spec (parameters, credentials, signatures, body).
    Mock {
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 4010)]
        port: u16,
        /// Serve only these specs (file stems such as `coupang`); all of them when none is given.
        #[arg(long = "spec", value_name = "NAME")]
        specs: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Lint { specs } => lint::run(&specs),
        Command::Codegen { check } => codegen::run(check),
        Command::Mock { port, specs } => mock::run(port, &specs),
    }
}
