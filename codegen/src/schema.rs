//! Validating values against the spec's schemas with a JSON Schema 2020-12 validator.
//!
//! The validator sees the whole document, so `$ref`s resolve as they are written. OpenAPI 3.0
//! schemas are first rewritten into their 2020-12 meaning (`nullable`, boolean exclusive bounds).

use std::collections::HashMap;
use std::sync::Arc;

use jsonschema::Registry;
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
    /// The tagged-union variant the value was checked against (`changeStatus=accept`), when its
    /// tag selected one.
    pub variant: Option<String>,
}

/// The schemas of one spec, compiled on first use and kept for reuse, up to
/// [`COMPILED_LIMIT`] at a time.
///
/// The translated document is registered once as a schema resource; each schema is then compiled
/// as a one-line `$ref` into it, so a compilation costs what the schema reaches, not a copy of
/// the document.
pub struct SchemaSet {
    document: Arc<Value>,
    registry: Result<Registry<'static>, String>,
    compiled: HashMap<String, Result<CompiledSchema, String>>,
}

/// How many compiled schemas a set keeps. A validator of a large schema holds megabytes, and a
/// document of thousands of operations has thousands of schemas: kept all, they were most of
/// lint's memory. Past the limit the set starts afresh; a caller that checks many values groups
/// them by schema (as lint does), so that nothing is compiled twice.
pub const COMPILED_LIMIT: usize = 256;

/// Where the document is registered; any absolute URI works, this one names no network place.
const DOCUMENT_URI: &str = "urn:openapi:document";

impl std::fmt::Debug for SchemaSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaSet")
            .field("compiled", &self.compiled.len())
            .finish()
    }
}

/// One compiled schema: cheap to clone and to share between threads.
#[derive(Clone)]
pub struct CompiledSchema(Arc<Validator>);

impl std::fmt::Debug for CompiledSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CompiledSchema")
    }
}

impl CompiledSchema {
    /// Every way `value` breaks the schema; empty when it conforms.
    pub fn violations(&self, value: &Value) -> Vec<Violation> {
        self.0
            .iter_errors(value)
            .map(|e| violation(&e, e.instance_path().as_str()))
            .collect()
    }
}

impl SchemaSet {
    /// The schemas of `spec`, for a consumer that has not walked the document itself.
    pub fn for_spec(spec: &Spec) -> Self {
        SchemaSet::new(spec, &walk::inventory(&spec.root))
    }

    pub fn new(spec: &Spec, inventory: &Inventory<'_>) -> Self {
        let document = validator_document(spec, inventory);
        let registry = Registry::new()
            .draft(Draft::Draft202012)
            .retrieve_known_draft_meta_schemas(false)
            .add(DOCUMENT_URI, Arc::clone(&document))
            .and_then(|builder| builder.prepare())
            .map_err(|e| e.to_string());
        SchemaSet {
            document,
            registry,
            compiled: HashMap::new(),
        }
    }

    /// The schema at `schema_pointer`, compiled. `Err` when it cannot be compiled (for example a
    /// bad regular expression).
    pub fn schema(&mut self, schema_pointer: &str) -> Result<CompiledSchema, String> {
        if self.compiled.len() >= COMPILED_LIMIT && !self.compiled.contains_key(schema_pointer) {
            self.compiled.clear();
        }
        let registry = &self.registry;
        self.compiled
            .entry(schema_pointer.to_owned())
            .or_insert_with(|| compile(registry.as_ref().map_err(Clone::clone)?, schema_pointer))
            .clone()
    }

    /// Validates `value` against the schema at `schema_pointer`.
    pub fn validate(
        &mut self,
        schema_pointer: &str,
        value: &Value,
    ) -> Result<Vec<Violation>, String> {
        Ok(self.schema(schema_pointer)?.violations(value))
    }

    /// Like [`SchemaSet::validate`], but a value of a tagged union is checked against the variant
    /// its tag selects, and a tag that selects none is one violation naming the tags that exist.
    /// `Err` names the schema that cannot be compiled.
    pub fn explain(
        &mut self,
        schema_pointer: &str,
        value: &Value,
    ) -> Result<Vec<Violation>, (String, String)> {
        let (at, tag) = self.checked_at(schema_pointer, value);
        let violations = self.validate(&at, value).map_err(|e| (at.clone(), e))?;
        Ok(self.explained(&at, tag, value, violations))
    }

    /// [`SchemaSet::explain`] for each of `checks` (schema pointer, value), in order. The
    /// schemas are compiled sixteen at a time into one validator, a third to a half cheaper
    /// than compiling each: a document's examples are checked against thousands of schemas.
    /// Checks sorted by schema compile each schema once.
    pub fn explain_all(
        &mut self,
        checks: &[(&str, &Value)],
    ) -> Vec<Result<Vec<Violation>, (String, String)>> {
        let targets: Vec<(String, Option<String>)> = checks
            .iter()
            .map(|(at, value)| self.checked_at(at, value))
            .collect();
        let mut results = Vec::with_capacity(checks.len());
        let mut start = 0;
        while start < checks.len() {
            // The next checks that together name at most BATCH schemas.
            let mut names: Vec<&str> = Vec::new();
            let mut end = start;
            while end < checks.len() {
                let at = targets[end].0.as_str();
                if !names.contains(&at) {
                    if names.len() == BATCH {
                        break;
                    }
                    names.push(at);
                }
                end += 1;
            }
            let batch = self
                .registry
                .as_ref()
                .ok()
                .and_then(|r| compile_batch(r, &names));
            for i in start..end {
                let ((at, tag), value) = (&targets[i], checks[i].1);
                let violations = match &batch {
                    Some(batch) => {
                        let key = names.iter().position(|n| n == at).unwrap_or_default();
                        Ok(batch.violations(key, value))
                    }
                    // One schema of the batch does not compile: each on its own names it.
                    None => self.validate(at, value).map_err(|e| (at.clone(), e)),
                };
                results.push(violations.map(|v| self.explained(at, tag.clone(), value, v)));
            }
            start = end;
        }
        results
    }

    /// The schema `value` is checked against (the variant its tag selects, in a tagged union)
    /// and that tag.
    fn checked_at(&self, schema_pointer: &str, value: &Value) -> (String, Option<String>) {
        match crate::lint::unions::tagged_variant(&self.document, schema_pointer, value) {
            Some((variant_at, tag)) => (variant_at, Some(tag)),
            None => (schema_pointer.to_owned(), None),
        }
    }

    /// Violations of the schema at `at` told as a reader needs them: with the variant the tag
    /// selected, or as one violation naming the tags that exist when the tag selects none.
    fn explained(
        &self,
        at: &str,
        tag: Option<String>,
        value: &Value,
        mut violations: Vec<Violation>,
    ) -> Vec<Violation> {
        match tag {
            Some(tag) => {
                for v in &mut violations {
                    v.variant = Some(tag.clone());
                }
            }
            None if !violations.is_empty() => {
                if let Some(message) = crate::lint::unions::unknown_tag(&self.document, at, value) {
                    violations = vec![Violation {
                        instance_path: String::new(),
                        message,
                        variant: None,
                    }];
                }
            }
            None => {}
        }
        violations
    }
}

/// How many schemas [`SchemaSet::explain_all`] compiles into one validator. Past a few dozen a
/// compilation grows slower per schema again.
const BATCH: usize = 16;

/// Several schemas compiled as one validator: schema `i` checks the property named `i`.
struct Batch(Validator);

impl Batch {
    /// Every way `value` breaks schema `key`; empty when it conforms.
    fn violations(&self, key: usize, value: &Value) -> Vec<Violation> {
        let name = key.to_string();
        let mut wrapped = serde_json::Map::new();
        wrapped.insert(name.clone(), value.clone());
        let instance = Value::Object(wrapped);
        let prefix = format!("/{name}");
        self.0
            .iter_errors(&instance)
            .map(|e| {
                let path = e.instance_path().as_str();
                violation(&e, path.strip_prefix(&prefix).unwrap_or(path))
            })
            .collect()
    }
}

/// `schema_pointers`, compiled as one validator; `None` when one of them does not compile.
fn compile_batch(registry: &Registry<'static>, schema_pointers: &[&str]) -> Option<Batch> {
    let properties: serde_json::Map<String, Value> = schema_pointers
        .iter()
        .enumerate()
        .map(|(i, at)| {
            let target = format!("{DOCUMENT_URI}{}", pointer::to_local_ref(at));
            (i.to_string(), serde_json::json!({ "$ref": target }))
        })
        .collect();
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(registry)
        .should_validate_formats(true)
        .build(&serde_json::json!({ "properties": properties }))
        .ok()
        .map(Batch)
}

/// One error of the validator, its value masked when it is an object or a list (it can be a
/// whole page).
fn violation(e: &jsonschema::ValidationError<'_>, instance_path: &str) -> Violation {
    let message = if e.instance().is_object() || e.instance().is_array() {
        e.masked_with("the value").to_string()
    } else {
        e.to_string()
    };
    Violation {
        instance_path: instance_path.to_owned(),
        message,
        variant: None,
    }
}

/// The document as the validator reads it: the spec's own, shared, when it is already JSON
/// Schema 2020-12 with nothing to take out (no copy of a document of thousands of schemas);
/// else a copy with 3.0's schemas rewritten and the document's `$schema`/`$id` removed.
fn validator_document(spec: &Spec, inventory: &Inventory<'_>) -> Arc<Value> {
    // The document is a resource, not a schema: its own `$schema`/`$id` (3.1's
    // `jsonSchemaDialect` aside) must not move the base the `$ref`s resolve against.
    let moves_base = ["$schema", "$id"]
        .iter()
        .any(|key| spec.root.get(key).is_some());
    if !spec.is_openapi_30() && !moves_base {
        return Arc::clone(&spec.root);
    }
    let mut document = Value::clone(&spec.root);
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
    if let Value::Object(map) = &mut document {
        map.remove("$schema");
        map.remove("$id");
    }
    Arc::new(document)
}

fn compile(registry: &Registry<'static>, schema_pointer: &str) -> Result<CompiledSchema, String> {
    let target = format!("{DOCUMENT_URI}{}", pointer::to_local_ref(schema_pointer));
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(registry)
        .should_validate_formats(true)
        .build(&serde_json::json!({ "$ref": target }))
        .map(|v| CompiledSchema(Arc::new(v)))
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

    /// Past its limit the set starts afresh, and schemas compiled again judge as before.
    #[test]
    fn the_compiled_set_stays_bounded_and_recompiles_alike() {
        let schemas: serde_json::Map<String, Value> = (0..COMPILED_LIMIT + 10)
            .map(|i| (format!("S{i}"), json!({"type": "integer", "maximum": i})))
            .collect();
        let text = json!({"openapi": "3.1.0", "components": {"schemas": schemas}}).to_string();
        let spec = crate::spec::parse("bounded.json", &text).expect("parses");
        let mut set = SchemaSet::for_spec(&spec);
        for round in 0..2 {
            for i in 0..COMPILED_LIMIT + 10 {
                let at = format!("/components/schemas/S{i}");
                let fits = set.validate(&at, &json!(i)).expect("compiles");
                let over = set.validate(&at, &json!(i + 1)).expect("compiles");
                assert!(fits.is_empty(), "round {round}, S{i}");
                assert_eq!(over.len(), 1, "round {round}, S{i}");
                assert!(set.compiled.len() <= COMPILED_LIMIT);
            }
        }
    }

    /// Checked in batches, every value gets what checking it alone gets: across batch
    /// boundaries, with a schema that does not compile among the others, with errors at the
    /// value's root and inside it.
    #[test]
    fn batches_judge_as_one_schema_at_a_time() {
        let mut schemas: serde_json::Map<String, Value> = (0..BATCH * 2 + 3)
            .map(|i| {
                let schema = json!({
                    "type": "object",
                    "required": ["n"],
                    "properties": {"n": {"type": "integer", "maximum": i}, "tags": {"type": "array", "items": {"type": "string"}}},
                    "additionalProperties": false
                });
                (format!("S{i}"), schema)
            })
            .collect();
        schemas.insert(
            "Bad".into(),
            json!({"type": "string", "pattern": "(unclosed"}),
        );
        let text = json!({"openapi": "3.1.0", "components": {"schemas": schemas}}).to_string();
        let spec = crate::spec::parse("batches.json", &text).expect("parses");
        let values = [
            json!({"n": 0}),
            json!({"n": 99, "tags": ["a", 1]}),
            json!({"extra": true}),
            json!("not an object"),
        ];
        let mut checks: Vec<(String, &Value)> = Vec::new();
        for i in 0..BATCH * 2 + 3 {
            for value in &values {
                checks.push((format!("/components/schemas/S{i}"), value));
            }
            if i == BATCH - 1 {
                checks.push(("/components/schemas/Bad".into(), &values[3]));
            }
        }
        let borrowed: Vec<(&str, &Value)> =
            checks.iter().map(|(at, v)| (at.as_str(), *v)).collect();
        let together = SchemaSet::for_spec(&spec).explain_all(&borrowed);
        let mut alone = SchemaSet::for_spec(&spec);
        let shown = |r: &Result<Vec<Violation>, (String, String)>| match r {
            Ok(list) => list
                .iter()
                .map(|v| format!("{} {}", v.instance_path, v.message))
                .collect::<Vec<_>>(),
            Err((at, _)) => vec![format!("cannot compile {at}")],
        };
        let mut broken = 0;
        for ((at, value), result) in borrowed.iter().zip(&together) {
            let expected = alone.explain(at, value);
            assert_eq!(shown(result), shown(&expected), "{at} {value}");
            broken += usize::from(!matches!(result, Ok(list) if list.is_empty()));
        }
        assert!(broken > BATCH * 4, "most values break a schema: {broken}");
    }

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
