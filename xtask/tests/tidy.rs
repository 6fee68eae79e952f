//! Architecture invariants as tests, in the manner of rust-analyzer's `tidy.rs`. Each names the
//! files that break it, so a violation reads as a list of places to fix.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{model, spec};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.rs` file below `dir`, relative to the workspace root.
fn rust_files(dir: &str) -> Vec<(String, String)> {
    fn walk(path: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&root().join(dir), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable source");
            let shown = p.strip_prefix(root()).unwrap_or(&p).display().to_string();
            (shown, text)
        })
        .collect()
}

/// The vendors' names (the spec file stems) and the credential headers their schemes define,
/// other than the standard `Authorization`.
fn vendor_words() -> Vec<String> {
    let mut words = Vec::new();
    for path in spec::files(&root().join("specs")).expect("lists specs") {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let loaded = spec::load_file(&path, &name).unwrap_or_else(|p| panic!("{p}"));
        let api = model::build(&loaded, &name).unwrap_or_else(|p| panic!("{p:?}"));
        for scheme in &api.auth.schemes {
            let Some(header) = scheme.wire.header_name() else {
                continue;
            };
            if !header.eq_ignore_ascii_case("authorization") {
                words.push(header.to_ascii_lowercase());
            }
        }
        words.push(name);
    }
    words.sort();
    words.dedup();
    words
}

fn offenders(dirs: &[&str], found: impl Fn(&str) -> Option<String>) -> Vec<String> {
    dirs.iter()
        .flat_map(|d| rust_files(d))
        .flat_map(|(file, text)| {
            text.lines()
                .enumerate()
                .filter_map(|(i, line)| found(line).map(|what| format!("{file}:{}: {what}", i + 1)))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn no_vendor_knowledge_in_the_generator_runtime_or_mock() {
    let words = vendor_words();
    assert!(words.len() >= 5, "the specs name their vendors: {words:?}");
    let found = offenders(
        &["codegen/src", "runtime/src", "mock/src", "auth/src"],
        |line| {
            let lower = line.to_ascii_lowercase();
            words.iter().find(|w| lower.contains(w.as_str())).cloned()
        },
    );
    assert!(
        found.is_empty(),
        "vendor names or headers outside specs/:\n{}",
        found.join("\n")
    );
}

/// What reads a spec document's JSON directly: only `spec/`, `model/`, `lint/` and the schema
/// validator may; everything else reads the model.
const RAW_SPEC_ACCESS: [&str; 5] = [
    ".pointer(\"/",
    "spec.root",
    "walk::inventory",
    "follow(",
    ".root.",
];

/// Files allowed to read documents besides `spec/`, `model/`, `lint/` and the schema
/// validator: the test of the specs themselves against the vendor pages, spec side by purpose
/// (it compares documents with page text, not with what the generator made of them).
const SPEC_SIDE_BY_PURPOSE: [&str; 2] = ["tests/tests/page_fidelity.rs", "tests/tests/schemas.rs"];

#[test]
fn only_the_spec_side_reads_raw_spec_documents() {
    let found = offenders(
        &[
            "codegen/src/emit",
            "codegen/src/diff",
            "mock/src",
            "xtask/src",
            "tests/tests",
        ],
        |line| {
            RAW_SPEC_ACCESS
                .iter()
                .find(|p| line.contains(*p))
                .map(|p| (*p).to_owned())
        },
    );
    let found: Vec<String> = found
        .into_iter()
        .filter(|f| {
            !SPEC_SIDE_BY_PURPOSE
                .iter()
                .any(|allowed| f.starts_with(allowed))
        })
        .collect();
    assert!(
        found.is_empty(),
        "raw spec reads outside the model:\n{}",
        found.join("\n")
    );
    for single in ["codegen/src/rust.rs", "codegen/src/generate.rs"] {
        let text = std::fs::read_to_string(root().join(single)).expect("exists");
        for p in RAW_SPEC_ACCESS {
            assert!(!text.contains(p), "{single} reads the document ({p})");
        }
    }
}

/// Every package `package` links, proc-macro crates and what only they use left out
/// (`cargo tree -e normal,no-proc-macro`).
fn linked_by(package: &str) -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .current_dir(root())
        .args([
            "tree",
            "-e",
            "normal,no-proc-macro",
            "-p",
            package,
            "--prefix",
            "none",
        ])
        .output()
        .expect("cargo tree runs");
    assert!(output.status.success(), "cargo tree failed: {output:?}");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_mock_builds_no_code_generator() {
    // quote and syn still run at build time inside derive macros (serde's, tokio's); the mock
    // itself links none of the generator's printing crates.
    let linked = linked_by("commerce-apis-mock");
    assert!(
        linked.iter().any(|p| p == "commerce-apis-codegen"),
        "the tree lists the mock's dependencies"
    );
    for package in ["quote", "syn", "proc-macro2", "prettyplease"] {
        assert!(
            !linked.iter().any(|p| p == package),
            "the mock links {package}"
        );
    }
}

#[test]
fn xtask_links_no_http_stack() {
    // `cargo xtask codegen` on a fresh clone builds the generator and nothing that serves or
    // sends HTTP: the mock is its own binary, which `cargo xtask mock` builds when asked.
    let linked = linked_by("xtask");
    assert!(
        linked.iter().any(|p| p == "commerce-apis-codegen"),
        "the tree lists xtask's dependencies"
    );
    for package in [
        "hyper",
        "reqwest",
        "wiremock",
        "rustls",
        "tokio",
        "commerce-apis-mock",
    ] {
        assert!(
            !linked.iter().any(|p| p == package),
            "xtask links {package}"
        );
    }
}

/// How each kind of security scheme travels, is applied, verified and printed lives in the auth
/// crate (`auth/src`, not scanned). Besides it only the model's reading of a spec names the
/// kinds, so a new kind is taught in these two places, and the compiler finds every match.
const SCHEME_KIND_READER: &str = "codegen/src/model/auth.rs";

#[test]
fn only_the_auth_crate_and_the_model_name_the_kinds_of_security_scheme() {
    let found: Vec<String> = offenders(
        &[
            "codegen/src",
            "runtime/src",
            "mock/src",
            "xtask/src",
            "tests/tests",
            "benchmarks",
        ],
        |line| {
            line.contains("SchemeKind::")
                .then(|| "a `SchemeKind::` variant".to_owned())
        },
    )
    .into_iter()
    .filter(|f| !f.starts_with(SCHEME_KIND_READER))
    .collect();
    assert!(
        found.is_empty(),
        "security scheme kinds matched outside the auth crate and the model:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_generator_links_no_http_client() {
    let linked = linked_by("commerce-apis-codegen");
    assert!(
        linked.iter().any(|p| p == "commerce-apis-auth"),
        "the tree lists the generator's dependencies"
    );
    for package in ["reqwest", "hyper", "tokio"] {
        assert!(
            !linked.iter().any(|p| p == package),
            "the generator links {package}"
        );
    }
}

/// Generated code reads as written by hand: no lint silenced for unused items (the generator
/// emits only what is used) and no turbofish naming an error type (errors convert with `?`).
#[test]
fn generated_code_silences_no_unused_lints_and_needs_no_turbofish() {
    let bad = offenders(&["generated/src", "tests/fixture-api/src"], |line| {
        if line.contains("allow(unused") {
            Some("an `allow(unused…)`".to_owned())
        } else if turbofish_of_an_error(line) {
            Some("a turbofish naming an error type".to_owned())
        } else {
            None
        }
    });
    assert!(bad.is_empty(), "generated code:\n{}", bad.join("\n"));
}

/// Whether a `::<…>` on the line names an error type (`runtime::Error`, `…Error`).
fn turbofish_of_an_error(line: &str) -> bool {
    line.split("::<").skip(1).any(|after| {
        let args = after.split('>').next().unwrap_or_default();
        args.split([',', '<', ' '])
            .any(|t| t.ends_with("Error") || t.contains("runtime::Error"))
    })
}

/// The generated clients stay thin: the runtime does the work, so a client module averages at
/// most 45 lines per operation, documentation included.
#[test]
fn generated_clients_average_at_most_45_lines_per_operation() {
    let clients: Vec<(String, String)> = rust_files("generated/src")
        .into_iter()
        .filter(|(file, _)| file.ends_with("client.rs"))
        .collect();
    let lines: usize = clients.iter().map(|(_, text)| text.lines().count()).sum();
    let operations: usize = clients
        .iter()
        .map(|(_, text)| text.matches("pub async fn ").count())
        .sum();
    assert!(operations > 0, "no generated client found");
    let per_operation = lines as f64 / operations as f64;
    let by_file: Vec<String> = clients
        .iter()
        .map(|(file, text)| {
            let ops = text.matches("pub async fn ").count();
            format!("{file}: {} lines, {ops} operations", text.lines().count())
        })
        .collect();
    assert!(
        per_operation <= 45.0,
        "{per_operation:.1} lines per operation:\n{}",
        by_file.join("\n")
    );
}
