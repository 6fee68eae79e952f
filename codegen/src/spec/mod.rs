//! A loaded spec: its JSON value, where each node came from, and navigation helpers.

mod load;
pub mod pointer;
pub use commerce_apis_auth::template;
pub mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub use load::{load_file, parse, parse_shared};

/// Whether a file name is a spec's: YAML or JSON.
pub fn is_spec_file(name: &str) -> bool {
    [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e))
}

/// The spec files directly in `dir`, sorted by path.
pub fn files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let named = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_spec_file);
        if named && path.is_file() {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// The folder, under a specs folder, where vendors' own OpenAPI documents are dropped unchanged.
pub const PUBLISHED_DIR: &str = "published";

/// One document of a specs folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub path: PathBuf,
    /// The path as messages show it, e.g. `specs/published/shop.json`.
    pub shown: String,
    /// A vendor's own document (under `published/`) rather than a spec written here.
    pub published: bool,
}

impl Source {
    /// A file named on a command line: published when it sits in a `published/` folder.
    pub fn given(path: &Path) -> Source {
        Source {
            path: path.to_path_buf(),
            shown: path.display().to_string(),
            published: path
                .parent()
                .and_then(|dir| dir.file_name())
                .is_some_and(|dir| dir == PUBLISHED_DIR),
        }
    }

    /// The file name without its extension.
    pub fn stem(&self) -> &str {
        self.path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
    }
}

/// The specs written here (`dir/*.yaml`, `*.json`), then the published documents
/// (`dir/published/…`), each sorted by name. `shown` is how messages name `dir`.
pub fn sources(dir: &Path, shown: &str) -> std::io::Result<Vec<Source>> {
    let mut out = Vec::new();
    let published = dir.join(PUBLISHED_DIR);
    let folders = [(dir.to_path_buf(), shown.to_owned(), false)]
        .into_iter()
        .chain(
            published
                .is_dir()
                .then(|| (published, format!("{shown}/{PUBLISHED_DIR}"), true)),
        );
    for (folder, folder_shown, is_published) in folders {
        for path in files(&folder)? {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            out.push(Source {
                shown: format!("{folder_shown}/{name}"),
                path,
                published: is_published,
            });
        }
    }
    Ok(out)
}

/// An OpenAPI document as JSON, with the source position of every node.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file as the user named it; used in every message.
    pub file: String,
    /// Shared, so that a consumer needing the document as an owned value (the schema
    /// validator's registry) takes a reference instead of a copy.
    pub root: std::sync::Arc<Value>,
    positions: Positions,
}

/// JSON pointer → 1-based (line, column). For a mapping value it is the key's position, which
/// is where a reader looks.
pub(crate) type PositionMap = HashMap<String, (usize, usize)>;

/// Where each node came from. Reading YAML gives the positions for free; a JSON document is
/// parsed by serde_json, and its positions (a second parse, and a key per node) are found only
/// when a message first needs one: a clean document never pays for them.
#[derive(Debug, Clone)]
enum Positions {
    Known(PositionMap),
    InText {
        text: std::sync::Arc<str>,
        found: std::sync::OnceLock<PositionMap>,
    },
}

impl Positions {
    fn map(&self, file: &str) -> &PositionMap {
        match self {
            Positions::Known(map) => map,
            Positions::InText { text, found } => {
                found.get_or_init(|| load::json_positions(file, text))
            }
        }
    }
}

impl Spec {
    /// The position of `pointer`, or of its nearest ancestor the loader recorded.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut p = pointer;
        let positions = self.positions.map(&self.file);
        loop {
            if let Some(pos) = positions.get(p) {
                return Some(*pos);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }

    /// A problem at `pointer` in this spec, with its line and column.
    pub fn problem(
        &self,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> crate::Problem {
        let pointer = pointer.into();
        let mut problem = crate::Problem::new(&self.file, pointer, message);
        problem.position = self.position(&problem.pointer);
        problem
    }

    /// The `openapi` version's major.minor, when it is a string.
    pub fn openapi_version(&self) -> Option<&str> {
        self.root.get("openapi").and_then(Value::as_str)
    }

    /// True for OpenAPI 3.0.x documents, whose schemas need translating to JSON Schema 2020-12.
    pub fn is_openapi_30(&self) -> bool {
        self.openapi_version().is_some_and(|v| v.starts_with("3.0"))
    }
}
