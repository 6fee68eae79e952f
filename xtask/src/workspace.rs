//! Where the workspace and its specs are, wherever `cargo xtask` is run from.

use std::path::{Path, PathBuf};

/// The workspace root: the parent of this crate's manifest directory.
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Every spec under `specs/`, sorted by name, as (path, name to show).
pub fn specs() -> std::io::Result<Vec<(PathBuf, String)>> {
    Ok(codegen::spec::files(&root().join("specs"))?
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (path, format!("specs/{name}"))
        })
        .collect())
}
