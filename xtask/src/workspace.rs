//! Where the workspace and its specs are, wherever `cargo xtask` is run from.

use std::path::{Path, PathBuf};

/// The workspace root: the parent of this crate's manifest directory.
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Every spec under `specs/` and every published document under `specs/published/`.
pub fn specs() -> std::io::Result<Vec<codegen::spec::Source>> {
    codegen::spec::sources(&root().join("specs"), "specs")
}
