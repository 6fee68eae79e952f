//! `cargo xtask <command>`: the developer commands of this workspace.

mod codegen;
mod diff;
mod lint;
mod mock;
mod specgen;
mod workspace;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// Why not the system allocator: see `mimalloc` in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// What the specs' changes since a git ref mean for users of the generated crate: each change
    /// classified breaking, possibly breaking, non-breaking or documentation, with its effect on
    /// the generated Rust API. Exit code 1 with --fail-on when a change at that level exists, 2 on
    /// an error.
    Diff {
        /// The git ref to compare with (default: the merge base with `main`; `HEAD` on `main`).
        #[arg(long, conflicts_with = "files")]
        base: Option<String>,
        /// Compare two documents instead of the specs folder and git: OLD NEW (a vendor's
        /// published document before and after, say).
        #[arg(num_args = 2, value_names = ["OLD", "NEW"])]
        files: Vec<std::path::PathBuf>,
        #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
        format: DiffFormat,
        /// Exit with code 1 when a change reaches this verdict: a wire level (or worse) or a Rust
        /// API impact (or worse). Repeat to combine.
        #[arg(long, value_enum)]
        fail_on: Vec<FailOn>,
    },
    /// Write a synthetic spec of N operations (for measuring how generation scales; see
    /// BENCHMARKS.md).
    Synth {
        /// How many operations.
        #[arg(long)]
        operations: usize,
        /// Where to write it (`<dir>/synthetic.json`).
        #[arg(long)]
        out: PathBuf,
    },
    /// Generate random valid OpenAPI documents (every parameter location, schema kind, body,
    /// answer and security scheme; awkward names), read each as a vendor's published document,
    /// and check that the crate generated from them passes clippy. A failure names its seeds.
    Specgen {
        /// The first seed; the same seed always gives the same document.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How many documents (seeds `seed..seed+count`), all generated into one crate.
        #[arg(long, default_value_t = 8)]
        count: u64,
        /// Where to write the documents and the crate (default: `target/specgen`).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Lint and generate only; do not run clippy on the generated crate.
        #[arg(long)]
        no_build: bool,
    },
    /// Try vendor documents before adding them: each is read as a published document
    /// (house rules only warn) and generated into a scratch crate under `target/try` that must
    /// pass clippy, as `specs/published/` would give.
    Try {
        /// The documents (`.json`, `.yaml`).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the crate (default: `target/try`).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Lint and generate only; do not run clippy on the generated crate.
        #[arg(long)]
        no_build: bool,
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

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Markdown,
    Text,
    Json,
    /// GitHub Actions annotations on the spec's lines.
    Github,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    /// A change that breaks clients on the wire.
    Breaking,
    /// A change that breaks or may break clients on the wire.
    PossiblyBreaking,
    /// Any change on the wire (documentation changes excepted).
    Any,
    /// A change that needs a major version of the generated crate.
    RustMajor,
    /// Any change to the generated crate's public API.
    RustMinor,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Lint { specs } => lint::run(&specs),
        Command::Codegen { check } => codegen::run(check),
        Command::Mock { port, specs } => mock::run(port, &specs),
        Command::Try {
            files,
            out,
            no_build,
        } => specgen::try_documents(&files, out, !no_build),
        Command::Specgen {
            seed,
            count,
            out,
            no_build,
        } => specgen::run(&specgen::Options {
            seed,
            count,
            out,
            build: !no_build,
        }),
        Command::Synth { operations, out } => {
            let written = std::fs::create_dir_all(&out).and_then(|()| {
                std::fs::write(
                    out.join("synthetic.json"),
                    ::codegen::synthetic::spec(operations),
                )
            });
            match written {
                Ok(()) => {
                    println!("{}", out.join("synthetic.json").display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("synth: cannot write {}: {e}", out.display());
                    ExitCode::FAILURE
                }
            }
        }
        Command::Diff {
            base,
            files,
            format,
            fail_on,
        } => {
            use ::codegen::diff::{Format, Impact, Level, Threshold};
            let format = match format {
                DiffFormat::Markdown => Format::Markdown,
                DiffFormat::Text => Format::Text,
                DiffFormat::Json => Format::Json,
                DiffFormat::Github => Format::Github,
            };
            let thresholds: Vec<Threshold> = fail_on
                .iter()
                .map(|f| match f {
                    FailOn::Breaking => Threshold::Level(Level::Breaking),
                    FailOn::PossiblyBreaking => Threshold::Level(Level::PossiblyBreaking),
                    FailOn::Any => Threshold::Level(Level::NonBreaking),
                    FailOn::RustMajor => Threshold::Rust(Impact::Major),
                    FailOn::RustMinor => Threshold::Rust(Impact::Minor),
                })
                .collect();
            let compared = match files.as_slice() {
                [old, new] => diff::Compared::Files(old, new),
                _ => diff::Compared::Git(base.as_deref()),
            };
            diff::run(compared, format, &thresholds)
        }
    }
}
