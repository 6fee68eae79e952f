//! `x-errata`: the record of every place where the vendor's page contradicts itself or is
//! silent, and what we decided. Entries may sit at the root or on the node they concern.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::sync::LazyLock;

use jsonschema::Validator;
use serde_json::{Value, json};

use crate::Problem;
use crate::spec::Spec;
use crate::spec::pointer::{self, join};

/// The kinds of disagreement we record; a closed list keeps the record searchable.
pub const KINDS: [&str; 12] = [
    "type-mismatch",
    "structure-mismatch",
    "fields-missing-from-table",
    "misspelling",
    "naming-mismatch",
    "prose-only-requirement",
    "range-mismatch",
    "invalid-example",
    "table-malformed",
    "duplicate-text",
    "source-conflict",
    "silent",
];

static ENTRY: LazyLock<Validator> = LazyLock::new(|| {
    let text = json!({"type": "string", "pattern": "\\S"});
    let schema = json!({
        "type": "object",
        "required": ["pointer", "kind", "page", "example", "decision", "why"],
        "additionalProperties": false,
        "properties": {
            "pointer": {"type": "string"},
            "kind": {"enum": KINDS},
            "page": text, "example": text, "decision": text, "why": text,
        }
    });
    jsonschema::validator_for(&schema).expect("the errata entry schema is valid")
});

/// Where a document holds `x-errata`: (pointer of the holding node, pointer of the list, the
/// list), in document order. Finding them walks the whole document, so lint does it once.
pub type Occurrences<'a> = Vec<(String, String, &'a Value)>;

pub fn check(spec: &Spec, found: &Occurrences<'_>, problems: &mut Vec<Problem>) {
    for (holder, list_at, list) in found {
        let (holder, list) = (holder.as_str(), *list);
        let Some(entries) = list.as_array() else {
            problems.push(spec.problem(list_at, "`x-errata` must be a list of entries"));
            continue;
        };
        for (i, entry) in entries.iter().enumerate() {
            let entry_at = format!("{list_at}/{i}");
            for error in ENTRY.iter_errors(entry) {
                let field = error.instance_path().as_str().to_owned();
                let message = match field.as_str() {
                    "" => format!(
                        "{}; an entry has exactly pointer, kind, page, example, decision and why",
                        error.masked_with("the entry")
                    ),
                    "/kind" => format!(
                        "kind {} is not one of {}",
                        error.instance(),
                        KINDS.join(", ")
                    ),
                    "/pointer" => error.to_string(),
                    _ => format!(
                        "{} must say something (\"None.\" when there is nothing)",
                        &field[1..]
                    ),
                };
                problems.push(spec.problem(
                    format!("{entry_at}{field}"),
                    format!("malformed x-errata entry: {message}"),
                ));
            }
            let Some(target) = entry.get("pointer").and_then(Value::as_str) else {
                continue;
            };
            if pointer::resolve(&spec.root, target).is_none() {
                problems.push(spec.problem(
                    join(&entry_at, "pointer"),
                    format!(
                        "x-errata pointer {target:?} does not point at anything in this document"
                    ),
                ));
            } else if !is_within(target, holder) {
                problems.push(spec.problem(
                    join(&entry_at, "pointer"),
                    format!("x-errata pointer {target:?} is outside the node that holds the entry ({holder}); move the entry to that node or to the root"),
                ));
            }
        }
    }
}

/// Every pointer some errata entry explains.
pub fn explained_pointers(found: &Occurrences<'_>) -> BTreeSet<String> {
    entries_of(found)
        .filter_map(|e| e.get("pointer").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// Every `x-errata` entry in the document (example values left out), in document order.
pub fn entries(root: &Value) -> Vec<&Value> {
    entries_of(&occurrences(root)).collect()
}

fn entries_of<'a>(found: &Occurrences<'a>) -> impl Iterator<Item = &'a Value> {
    found
        .iter()
        .filter_map(|(_, _, list)| list.as_array())
        .flatten()
}

fn is_within(target: &str, holder: &str) -> bool {
    holder.is_empty() || target == holder || target.starts_with(&format!("{holder}/"))
}

/// (pointer of the node holding `x-errata`, pointer of the list, the list).
pub fn occurrences(root: &Value) -> Occurrences<'_> {
    let mut found = Vec::new();
    collect(root, &mut String::new(), &mut found);
    found
}

/// Walks the document with one pointer buffer, grown and cut back as it goes: a pointer is made
/// only for a node that holds `x-errata`, not for each of the document's nodes.
fn collect<'a>(node: &'a Value, at: &mut String, found: &mut Vec<(String, String, &'a Value)>) {
    let len = at.len();
    match node {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "x-errata" {
                    found.push((at.clone(), join(at, key), child));
                } else if !matches!(
                    key.as_str(),
                    "value" | "example" | "default" | "const" | "enum" | "x-page-text"
                ) {
                    at.push('/');
                    pointer::push_escaped(at, key);
                    collect(child, at, found);
                    at.truncate(len);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let _ = write!(at, "/{i}");
                collect(child, at, found);
                at.truncate(len);
            }
        }
        _ => {}
    }
}
