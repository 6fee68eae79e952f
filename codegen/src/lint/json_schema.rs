//! Validating values against the spec's schemas with a JSON Schema 2020-12 validator.
//!
//! The validator sees the whole document, so `$ref`s resolve as they are written. OpenAPI 3.0
//! schemas are first rewritten into their 2020-12 meaning (`nullable`, boolean exclusive bounds).

use std::collections::HashMap;

use jsonschema::{Draft, Validator};
use serde_json::Value;

use crate::spec::Spec;
use crate::spec::pointer;
use crate::spec::walk::{self, Inventory};

/// One way a value breaks a schema.
#[derive(Debug)]
pub struct Violation {
    /// JSON pointer inside the value.
    pub instance_path: String,
    pub message: String,
}

pub struct SchemaSet {
    document: Value,
    compiled: HashMap<String, Result<Validator, String>>,
}

impl SchemaSet {
    pub fn new(spec: &Spec, inventory: &Inventory<'_>) -> Self {
        let mut document = spec.root.clone();
        if spec.is_openapi_30() {
            let mut schema_pointers = Vec::new();
            for (at, schema) in &inventory.schemas {
                walk::each_subschema(at, schema, &mut |p, _, _| {
                    schema_pointers.push(p.to_owned())
                });
            }
            for p in schema_pointers {
                if let Some(node) = document.pointer_mut(&p) {
                    from_openapi_30(node);
                }
            }
        }
        SchemaSet {
            document,
            compiled: HashMap::new(),
        }
    }

    /// Validates `value` against the schema at `schema_pointer`. `Err` when the schema itself
    /// cannot be compiled (for example a bad regular expression).
    pub fn validate(
        &mut self,
        schema_pointer: &str,
        value: &Value,
    ) -> Result<Vec<Violation>, String> {
        let document = &self.document;
        let validator = self
            .compiled
            .entry(schema_pointer.to_owned())
            .or_insert_with(|| compile(document, schema_pointer));
        let validator = validator.as_ref().map_err(Clone::clone)?;
        Ok(validator
            .iter_errors(value)
            .map(|e| {
                let message = if e.instance().is_object() || e.instance().is_array() {
                    e.masked_with("the value").to_string()
                } else {
                    e.to_string()
                };
                Violation {
                    instance_path: e.instance_path().as_str().to_owned(),
                    message,
                }
            })
            .collect())
    }
}

fn compile(document: &Value, schema_pointer: &str) -> Result<Validator, String> {
    let mut root = document.clone();
    if let Value::Object(map) = &mut root {
        // The document becomes a schema resource whose root is a reference to the target, so
        // every `#/components/...` inside the target resolves against the document.
        map.insert(
            "$ref".into(),
            Value::String(pointer::to_local_ref(schema_pointer)),
        );
        map.remove("$schema");
        map.remove("$id");
    }
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .map_err(|e| e.to_string())
}

/// Rewrites one OpenAPI 3.0 schema object into its JSON Schema 2020-12 equivalent.
fn from_openapi_30(node: &mut Value) {
    let Some(map) = node.as_object_mut() else {
        return;
    };
    if map.remove("nullable") == Some(Value::Bool(true)) {
        match map.get_mut("type") {
            Some(Value::String(t)) => {
                let t = std::mem::take(t);
                map.insert("type".into(), Value::Array(vec![t.into(), "null".into()]));
            }
            Some(Value::Array(types)) if !types.contains(&"null".into()) => {
                types.push("null".into())
            }
            _ => {}
        }
        if let Some(Value::Array(values)) = map.get_mut("enum") {
            if !values.contains(&Value::Null) {
                values.push(Value::Null);
            }
        }
    }
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match map.get(flag) {
            Some(Value::Bool(true)) => {
                if let Some(limit) = map.remove(bound) {
                    map.insert(flag.into(), limit);
                } else {
                    map.remove(flag);
                }
            }
            Some(Value::Bool(false)) => {
                map.remove(flag);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn openapi_30_nullable_and_exclusive_bounds_become_2020_12() {
        let mut s = json!({"type": "integer", "nullable": true, "minimum": 1, "exclusiveMinimum": true, "exclusiveMaximum": false, "maximum": 9});
        from_openapi_30(&mut s);
        assert_eq!(
            s,
            json!({"type": ["integer", "null"], "exclusiveMinimum": 1, "maximum": 9})
        );
        let mut e = json!({"enum": ["a"], "nullable": true});
        from_openapi_30(&mut e);
        assert_eq!(e, json!({"enum": ["a", null]}));
    }
}
