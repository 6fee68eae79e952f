//! Synthetic specs of any size, for measuring how generation scales (`cargo xtask synth`, the
//! codegen benchmark). Each operation has a path and a query parameter, a request body with a
//! constrained field and an enum, and an answer with a nested list: the shapes real specs have.
//! Each also carries four examples (a parameter, the request, the answer and a schema-level one),
//! so linting a large document checks thousands of them, as it does for real published documents.

use serde_json::{Map, Value, json};

/// An OpenAPI 3.1 document with `operations` operations, as JSON text. It passes lint.
pub fn spec(operations: usize) -> String {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for i in 0..operations {
        let (request, answer, line, state) = (
            format!("Request{i}"),
            format!("Answer{i}"),
            format!("Line{i}"),
            format!("State{i}"),
        );
        paths.insert(
            format!("/things{i}/{{id}}"),
            json!({"post": {
                "operationId": format!("updateThing{i}"),
                "summary": format!("Update thing {i}"),
                "description": "Updates one thing.",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "description": "The thing.", "example": i + 1, "schema": {"type": "integer", "description": "An id.", "minimum": 1}},
                    {"name": "dryRun", "in": "query", "description": "Check only.", "schema": {"type": "boolean", "description": "A flag."}}
                ],
                "requestBody": {"required": true, "description": "The change.", "content": {"application/json": {
                    "schema": {"$ref": format!("#/components/schemas/{request}")},
                    "example": {"name": format!("thing {i}"), "count": i % 500, "state": "held", "note": null}
                }}},
                "responses": {"200": {"description": "The thing.", "content": {"application/json": {
                    "schema": {"$ref": format!("#/components/schemas/{answer}")},
                    "examples": {"one line": {"summary": "A thing with one line.", "value": {"id": i, "name": "thing", "lines": [{"sku": "A-1", "quantity": 2}]}}}
                }}}}
            }}),
        );
        schemas.insert(request.clone(), json!({
            "type": "object", "description": "A change.", "required": ["name", "state"],
            "properties": {
                "name": {"type": "string", "description": "The name.", "maxLength": 40},
                "count": {"type": "integer", "description": "How many.", "minimum": 0, "maximum": 500},
                "state": {"$ref": format!("#/components/schemas/{state}")},
                "note": {"type": ["string", "null"], "description": "Free text."}
            }
        }));
        schemas.insert(state, json!({"type": "string", "description": "A state.", "enum": ["open", "held", "closed"]}));
        schemas.insert(answer, json!({
            "type": "object", "description": "A thing.", "required": ["id"],
            "properties": {
                "id": {"type": "integer", "description": "The id."},
                "name": {"type": "string", "description": "The name."},
                "lines": {"type": "array", "description": "Its lines.", "items": {"$ref": format!("#/components/schemas/{line}")}}
            }
        }));
        schemas.insert(
            line,
            json!({
                "type": "object", "description": "A line.",
                "properties": {
                    "sku": {"type": "string", "description": "The product."},
                    "quantity": {"type": "integer", "description": "How many."}
                },
                "examples": [{"sku": format!("SKU-{i}"), "quantity": 1}]
            }),
        );
    }
    let doc = json!({
        "openapi": "3.1.0",
        "info": {"title": format!("Synthetic ({operations} operations)"), "version": "1", "description": "Generated for benchmarks."},
        "servers": [{"url": "https://synthetic.example", "description": "Nowhere."}],
        "paths": Value::Object(paths),
        "components": {"schemas": Value::Object(schemas)}
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_synthetic_spec_lints_models_and_has_its_operations() {
        let spec = crate::spec::parse("synthetic.json", &spec(3)).expect("parses");
        let report = crate::lint::lint(&spec);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!(report.operations, 3);
        assert_eq!(report.examples, 12);
        let api = crate::model::build(&spec, "synthetic").expect("models");
        assert_eq!(api.operations.len(), 3);
    }
}
