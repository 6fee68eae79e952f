//! A value built from a schema, for documented answers and requests that have no example: the
//! schema's own examples and defaults where it has them, otherwise the smallest value of its type
//! at its lower bounds. A request sample sets only the properties it must (an optional one may
//! be forbidden by a condition); an answer sample sets every property, as a server would.

use crate::spec::walk::follow;
use serde_json::{Map, Value, json};

/// Deep enough for any real answer; a recursive schema stops here with `null`.
const MAX_DEPTH: usize = 12;

/// Which properties of an object a sample sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    Required,
    Every,
}

pub fn sample(root: &Value, schema: &Value, fill: Fill) -> Value {
    Sampler { root, fill }.value(schema, 0)
}

struct Sampler<'a> {
    root: &'a Value,
    fill: Fill,
}

impl Sampler<'_> {
    fn value(&self, schema: &Value, depth: usize) -> Value {
        let root = self.root;
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        let Some((_, schema)) = follow(root, schema, "") else {
            return Value::Null;
        };
        for key in ["const", "example", "default"] {
            if let Some(v) = schema.get(key) {
                return v.clone();
            }
        }
        for key in ["enum", "x-extensible-enum", "examples"] {
            if let Some(v) = schema
                .get(key)
                .and_then(Value::as_array)
                .and_then(|a| a.first())
            {
                return v.clone();
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = schema
                .get(key)
                .and_then(Value::as_array)
                .and_then(|a| a.first())
            {
                return self.value(first, depth + 1);
            }
        }
        let own_shape = schema.get("type").is_some() || schema.get("properties").is_some();
        if let (Some(parts), false) = (schema.get("allOf").and_then(Value::as_array), own_shape) {
            let mut merged = Map::new();
            for part in parts {
                if let Value::Object(m) = self.value(part, depth + 1) {
                    merged.extend(m);
                }
            }
            return Value::Object(merged);
        }
        let ty = match schema.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or("null"),
            _ if schema.get("properties").is_some() => "object",
            _ => "null",
        };
        match ty {
            "object" => {
                let mut required = Vec::new();
                required_by(root, schema, &mut required, 0);
                let mut out = Map::new();
                for (name, property) in schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    if self.fill == Fill::Every || required.contains(&name.as_str()) {
                        out.insert(name.clone(), self.value(property, depth + 1));
                    }
                }
                Value::Object(out)
            }
            "array" => {
                let count = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
                let item = schema
                    .get("items")
                    .map(|i| self.value(i, depth + 1))
                    .unwrap_or(Value::Null);
                Value::Array((0..count.min(8)).map(|_| item.clone()).collect())
            }
            "integer" => json!(schema.get("minimum").and_then(Value::as_i64).unwrap_or(0)),
            "number" => json!(schema.get("minimum").and_then(Value::as_f64).unwrap_or(0.0)),
            "boolean" => Value::Bool(false),
            "string" => Value::String(string(schema)),
            _ => Value::Null,
        }
    }
}

/// The properties a schema requires, its conditions' `then` and `else` included (a sample sets
/// none of the properties a condition tests, so either branch may apply), through `allOf`.
fn required_by<'a>(root: &'a Value, schema: &'a Value, out: &mut Vec<&'a str>, depth: usize) {
    let Some((_, schema)) = follow(root, schema, "").filter(|_| depth <= MAX_DEPTH) else {
        return;
    };
    for branch in [Some(schema), schema.get("then"), schema.get("else")]
        .into_iter()
        .flatten()
    {
        for name in branch
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        required_by(root, part, out, depth + 1);
    }
}

fn string(schema: &Value) -> String {
    let base = match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => "2024-01-01T00:00:00Z",
        Some("date") => "2024-01-01",
        Some("uri") | Some("url") => "https://example.com/",
        Some("email") => "mock@example.com",
        _ => "mock",
    };
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let mut s = base.to_owned();
    while s.chars().count() < min {
        s.push('x');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_refs_keeps_required_properties_and_lower_bounds() {
        let root = json!({"components": {"schemas": {
            "Item": {"type": "object", "required": ["id", "at"], "properties": {
                "id": {"type": "integer", "minimum": 1},
                "at": {"type": "string", "format": "date-time"},
                "note": {"type": "string"}
            }},
            "Page": {"type": "object", "required": ["items", "state", "code"], "properties": {
                "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Item"}},
                "state": {"enum": ["open", "closed"]},
                "code": {"type": ["string", "null"], "minLength": 6}
            }}
        }}});
        let page = sample(
            &root,
            &json!({"$ref": "#/components/schemas/Page"}),
            Fill::Required,
        );
        assert_eq!(
            page,
            json!({"items": [{"id": 1, "at": "2024-01-01T00:00:00Z"}], "state": "open", "code": "mockxx"})
        );
        let answer = sample(
            &root,
            &json!({"$ref": "#/components/schemas/Item"}),
            Fill::Every,
        );
        assert_eq!(
            answer,
            json!({"id": 1, "at": "2024-01-01T00:00:00Z", "note": "mock"})
        );
    }

    #[test]
    fn conditional_requirements_through_all_of_are_kept() {
        let root = json!({"components": {"schemas": {
            "Unless": {"if": {"required": ["direct"]}, "then": true, "else": {"required": ["carrier"]}},
            "Return": {"type": "object", "required": ["reason"], "properties": {
                "reason": {"enum": ["A", "B"]}, "direct": {"type": "string"}, "carrier": {"type": "string"}
            }, "allOf": [{"$ref": "#/components/schemas/Unless"}]}
        }}});
        let sample = sample(
            &root,
            &json!({"$ref": "#/components/schemas/Return"}),
            Fill::Required,
        );
        assert_eq!(sample, json!({"reason": "A", "carrier": "mock"}));
    }

    #[test]
    fn a_recursive_schema_ends() {
        let root = json!({"components": {"schemas": {"Node": {"type": "object", "required": ["next"], "properties": {"next": {"$ref": "#/components/schemas/Node"}}}}}});
        let node = sample(
            &root,
            &json!({"$ref": "#/components/schemas/Node"}),
            Fill::Every,
        );
        assert!(node.to_string().contains("null"));
    }
}
