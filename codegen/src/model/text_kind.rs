//! How a value that arrives as text (a path segment, a query pair, a header, a form field) is
//! read before it is checked against its schema: the JSON type its schema gives it.

use serde_json::Value;

use crate::spec::pointer::join;
use crate::spec::walk::follow;

/// The JSON type a textual value is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Text,
    Integer,
    Number,
    Boolean,
    /// Repeated keys or comma-separated items, each read as the inner kind.
    List(ScalarKind),
}

/// The JSON type of one item of a textual value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    Text,
    Integer,
    Number,
    Boolean,
}

/// The kind of the schema `schema` (at `at`, `$ref` followed); text when there is none.
pub(super) fn text_kind(root: &Value, schema: Option<&Value>, at: &str) -> TextKind {
    let Some((_, schema)) = schema.and_then(|s| follow(root, s, at)) else {
        return TextKind::Text;
    };
    match scalar_kind(schema) {
        Some(ScalarKind::Text) => TextKind::Text,
        Some(ScalarKind::Integer) => TextKind::Integer,
        Some(ScalarKind::Number) => TextKind::Number,
        Some(ScalarKind::Boolean) => TextKind::Boolean,
        None => {
            let items = schema
                .get("items")
                .and_then(|i| follow(root, i, at))
                .and_then(|(_, i)| scalar_kind(i))
                .unwrap_or(ScalarKind::Text);
            TextKind::List(items)
        }
    }
}

/// The properties of a flat object schema (a form), each with the kind its text is read as.
pub(super) fn form_fields(
    root: &Value,
    schema: Option<&Value>,
    at: &str,
) -> Vec<(String, TextKind)> {
    let Some((at, schema)) = schema.and_then(|s| follow(root, s, at)) else {
        return Vec::new();
    };
    let properties_at = join(&at, "properties");
    schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, p)| {
            let kind = text_kind(root, Some(p), &join(&properties_at, name));
            (name.clone(), kind)
        })
        .collect()
}

fn type_names(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// `None` for an array. The first non-null type decides: `[integer, string]` is read as an
/// integer when it parses.
fn scalar_kind(schema: &Value) -> Option<ScalarKind> {
    match type_names(schema).into_iter().find(|t| *t != "null") {
        Some("integer") => Some(ScalarKind::Integer),
        Some("number") => Some(ScalarKind::Number),
        Some("boolean") => Some(ScalarKind::Boolean),
        Some("array") => None,
        _ => Some(ScalarKind::Text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_follow_refs_and_lists_take_their_items_kind() {
        let root = json!({"components": {"schemas": {"N": {"type": "integer"}}}});
        let of = |s: Value| text_kind(&root, Some(&s), "");
        assert_eq!(
            of(json!({"$ref": "#/components/schemas/N"})),
            TextKind::Integer
        );
        assert_eq!(of(json!({"type": ["null", "number"]})), TextKind::Number);
        assert_eq!(
            of(json!({"type": "array", "items": {"type": "boolean"}})),
            TextKind::List(ScalarKind::Boolean)
        );
        assert_eq!(of(json!({"type": "string"})), TextKind::Text);
        assert_eq!(text_kind(&root, None, ""), TextKind::Text);
    }
}
