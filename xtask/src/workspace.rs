//! Where the workspace and its specs are, wherever `cargo xtask` is run from.

use std::path::{Path, PathBuf};

/// The workspace root: the parent of this crate's manifest directory.
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Every spec under `specs/`, sorted by name, as (path, name to show).
pub fn specs() -> std::io::Result<Vec<(PathBuf, String)>> {
    let dir = root().join("specs");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let is_spec = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"));
        if is_spec && path.is_file() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            found.push((path, format!("specs/{name}")));
        }
    }
    found.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(found)
}
