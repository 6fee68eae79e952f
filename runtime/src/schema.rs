//! JSON Schema of the generated types (feature `schemars`): what derives cannot say, written
//! once here for the generated impls to call.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value};

/// A string from a list the vendor documents. `closed`: only those values are accepted (the
/// type refuses others before sending); otherwise they are examples, and any string passes.
pub fn string_values(title: &str, description: &str, values: &[&str], closed: bool) -> Schema {
    let mut schema = json_schema!({ "title": title, "type": "string" });
    if !description.is_empty() {
        schema.insert("description".into(), description.into());
    }
    let key = if closed { "enum" } else { "examples" };
    schema.insert(key.into(), values.iter().map(|v| Value::from(*v)).collect());
    schema
}

/// One variant of a tagged union whose tag the type reads itself: the variant's own schema,
/// with the tag property fixed to its value.
pub fn tagged_variant<T: JsonSchema>(
    generator: &mut SchemaGenerator,
    tag: &str,
    value: &str,
) -> Value {
    let mut properties = Map::new();
    properties.insert(tag.into(), serde_json::json!({ "const": value }));
    serde_json::json!({
        "allOf": [
            generator.subschema_for::<T>(),
            { "type": "object", "properties": properties, "required": [tag] }
        ]
    })
}

/// A tagged union whose unknown tags are kept: the documented variants, each with its tag.
pub fn tagged_union(title: &str, description: &str, variants: Vec<Value>) -> Schema {
    let mut schema = json_schema!({ "title": title, "oneOf": variants });
    if !description.is_empty() {
        schema.insert("description".into(), description.into());
    }
    schema
}
