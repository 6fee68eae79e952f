//! Every `$ref` points inside this document at something that exists.

use serde_json::Value;

use crate::Problem;
use crate::spec::Spec;
use crate::spec::pointer::{self, join};

/// Keys whose values are data, not OpenAPI objects: a `$ref` inside them is just text.
const DATA_KEYS: [&str; 6] = [
    "example",
    "value",
    "default",
    "const",
    "enum",
    "x-page-text",
];

pub fn check(spec: &Spec, problems: &mut Vec<Problem>) {
    walk(spec, &spec.root, "", problems);
}

/// Keys whose values map names to schemas: a key there is a name, even `$ref`.
const NAME_MAPS: [&str; 2] = ["properties", "patternProperties"];

fn walk(spec: &Spec, node: &Value, at: &str, problems: &mut Vec<Problem>) {
    match node {
        Value::Object(map) => {
            for (key, child) in map {
                let child_at = join(at, key);
                if NAME_MAPS.contains(&key.as_str()) && child.is_object() {
                    for (name, schema) in child.as_object().into_iter().flatten() {
                        walk(spec, schema, &join(&child_at, name), problems);
                    }
                } else if key == "$ref" {
                    if let Some(reference) = child.as_str() {
                        check_ref(spec, reference, &child_at, problems);
                    } else {
                        problems.push(spec.problem(&child_at, "`$ref` must be a string"));
                    }
                } else if !DATA_KEYS.contains(&key.as_str()) && !is_schema_examples(key, child) {
                    walk(spec, child, &child_at, problems);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk(spec, child, &format!("{at}/{i}"), problems);
            }
        }
        _ => {}
    }
}

/// A schema's `examples` is a list of data; a media type's is a map of Example Objects, which
/// may themselves be references and are walked.
fn is_schema_examples(key: &str, node: &Value) -> bool {
    key == "examples" && node.is_array()
}

fn check_ref(spec: &Spec, reference: &str, at: &str, problems: &mut Vec<Problem>) {
    let Some(target) = pointer::from_local_ref(reference) else {
        problems.push(spec.problem(
            at,
            format!(
                "$ref {reference:?} points outside this file (an external reference); only references inside the document (#/...) are read, so bundle the document into one file first (for example `npx @redocly/cli bundle <file> -o <name>.yaml`) or move the target under components"
            ),
        ));
        return;
    };
    if !target.is_empty() && !target.starts_with('/') {
        problems.push(spec.problem(
            at,
            format!("$ref {reference:?} is not a JSON pointer (expected \"#/components/...\")"),
        ));
    } else if pointer::resolve(&spec.root, &target).is_none() {
        problems.push(spec.problem(
            at,
            format!(
                "$ref {reference:?} points at nothing: {target} does not exist in this document"
            ),
        ));
    }
}
