//! Code generation's own cost: lint, model and emit (everything `cargo xtask codegen` does but
//! writing) for the five vendor specs, for two public documents (progenitor's samples, in
//! `benchmarks/specs/published/`), and for synthetic specs of 100, 1,000 and 5,000 operations
//! (`codegen::synthetic`, also `cargo xtask synth`). Run: `cargo bench -p benchmarks --bench codegen`.

use std::path::{Path, PathBuf};

use codegen::emit::CrateSpec;
use codegen::generate::{self, Target};

// The allocator `cargo xtask codegen` runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn target(specs_dir: PathBuf, crate_dir: &Path) -> Target {
    Target {
        specs_dir,
        specs_shown: "specs".into(),
        crate_dir: crate_dir.to_path_buf(),
        krate: CrateSpec {
            package: "bench".into(),
            description: "Benchmark output.".into(),
            runtime_path: "../runtime".into(),
            sources: "specs/*.yaml".into(),
            dev_dependencies: Vec::new(),
            ..CrateSpec::default()
        },
    }
}

#[divan::bench(sample_count = 20)]
fn vendor_specs(b: divan::Bencher) {
    let out = tempfile::tempdir().expect("temp dir");
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let target = target(specs, out.path());
    b.bench(|| generate::generate(&target).expect("generates"));
}

#[divan::bench(sample_count = 20)]
fn public_documents(b: divan::Bencher) {
    let out = tempfile::tempdir().expect("temp dir");
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let target = target(specs, out.path());
    b.bench(|| generate::generate(&target).expect("generates"));
}

#[divan::bench(args = [100, 1000, 5000], sample_count = 3, sample_size = 1)]
fn synthetic_operations(b: divan::Bencher, operations: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path().join("specs");
    std::fs::create_dir(&specs).expect("specs/");
    std::fs::write(
        specs.join("synthetic.json"),
        codegen::synthetic::spec(operations),
    )
    .expect("write");
    let target = target(specs, dir.path());
    b.bench(|| generate::generate(&target).expect("generates"));
}
