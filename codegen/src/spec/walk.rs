//! One structural pass over an OpenAPI document: where its operations, schemas and examples are.
//!
//! Checks work from this inventory so that every one of them sees the same places, and a place
//! reached through a `$ref` is visited once, where it is defined.

use serde_json::Value;

use super::pointer::{self, join};

/// HTTP methods a path item may hold, in the order OpenAPI lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Cap on `$ref` chains, so a cycle of references ends in a message instead of a hang.
const MAX_REF_HOPS: usize = 32;

#[derive(Debug)]
pub struct Operation<'a> {
    pub pointer: String,
    /// The path template (`/orders/{id}`), or the webhook name.
    pub path: &'a str,
    pub method: &'a str,
    pub node: &'a Value,
    pub path_item_pointer: String,
    pub path_item: &'a Value,
    /// A 3.1 webhook: a request the vendor sends, not one a client makes.
    pub incoming: bool,
}

impl<'a> Operation<'a> {
    /// The parameters that apply: the path item's, then the operation's, each with the pointer
    /// of its definition (references followed; unresolved ones are the reference check's). An
    /// operation's parameter replaces the path item's of the same name and location.
    pub fn parameters(&self, root: &'a Value) -> Vec<(String, &'a Value)> {
        let mut out: Vec<(String, &'a Value)> = Vec::new();
        for (owner, at) in [
            (self.path_item, &self.path_item_pointer),
            (self.node, &self.pointer),
        ] {
            let list = owner.get("parameters").and_then(Value::as_array);
            for (i, p) in list.into_iter().flatten().enumerate() {
                if let Some(found) = follow(root, p, &format!("{at}/parameters/{i}")) {
                    let key = |v: &Value| (v.get("name").cloned(), v.get("in").cloned());
                    out.retain(|(_, earlier)| key(earlier) != key(found.1));
                    out.push(found);
                }
            }
        }
        out
    }
}

/// A place that holds examples for one schema: a media type, a parameter or a header.
#[derive(Debug)]
pub struct ExampleSite<'a> {
    pub pointer: String,
    /// The schema the examples must satisfy, with its pointer.
    pub schema: Option<(String, &'a Value)>,
    pub examples: Vec<Example<'a>>,
}

#[derive(Debug)]
pub struct Example<'a> {
    /// The Example Object (or the `example` value) as written.
    pub pointer: String,
    /// The Example Object itself, when there is one (for `x-page-text`, `x-errata`, `summary`).
    pub object: Option<&'a Value>,
    pub value_pointer: String,
    pub value: &'a Value,
}

#[derive(Debug, Default)]
pub struct Inventory<'a> {
    pub operations: Vec<Operation<'a>>,
    /// Every top-level schema: components/schemas entries and inline `schema` fields.
    pub schemas: Vec<(String, &'a Value)>,
    pub example_sites: Vec<ExampleSite<'a>>,
}

/// Follows `$ref` from `node` (at `at`) to the object it names. `None` when a reference does not
/// resolve or the chain is too long: the reference check reports those.
pub fn follow<'a>(root: &'a Value, node: &'a Value, at: &str) -> Option<(String, &'a Value)> {
    let mut current = (at.to_owned(), node);
    for _ in 0..MAX_REF_HOPS {
        let Some(reference) = current.1.get("$ref").and_then(Value::as_str) else {
            return Some(current);
        };
        let target = pointer::from_local_ref(reference)?;
        let next = pointer::resolve(root, &target)?;
        current = (target, next);
    }
    None
}

pub fn inventory(root: &Value) -> Inventory<'_> {
    let mut inv = Inventory::default();
    for section in ["paths", "webhooks"] {
        if let Some(items) = root.get(section).and_then(Value::as_object) {
            for (name, item) in items {
                let at = join(&format!("/{section}"), name);
                path_item(root, &mut inv, name, item, &at, section == "webhooks");
            }
        }
    }
    let Some(components) = root.get("components").and_then(Value::as_object) else {
        return inv;
    };
    if let Some(schemas) = components.get("schemas").and_then(Value::as_object) {
        for (name, schema) in schemas {
            inv.schemas
                .push((join("/components/schemas", name), schema));
        }
    }
    let each = |key: &'static str| {
        components
            .get(key)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(move |(name, node)| (join(&format!("/components/{key}"), name), node))
    };
    for (at, node) in each("parameters") {
        parameter(root, &mut inv, node, &at);
    }
    for (at, node) in each("requestBodies") {
        content(root, &mut inv, node, &at);
    }
    for (at, node) in each("responses") {
        response(root, &mut inv, node, &at);
    }
    for (at, node) in each("headers") {
        parameter(root, &mut inv, node, &at);
    }
    inv
}

fn path_item<'a>(
    root: &'a Value,
    inv: &mut Inventory<'a>,
    path: &'a str,
    item: &'a Value,
    at: &str,
    incoming: bool,
) {
    parameters(root, inv, item, at);
    for method in METHODS {
        let Some(op) = item.get(method) else { continue };
        let op_at = join(at, method);
        parameters(root, inv, op, &op_at);
        if let Some(body) = op.get("requestBody") {
            content(root, inv, body, &join(&op_at, "requestBody"));
        }
        if let Some(responses) = op.get("responses").and_then(Value::as_object) {
            for (status, r) in responses {
                response(root, inv, r, &join(&join(&op_at, "responses"), status));
            }
        }
        inv.operations.push(Operation {
            pointer: op_at,
            path,
            method,
            node: op,
            path_item_pointer: at.to_owned(),
            path_item: item,
            incoming,
        });
    }
}

fn parameters<'a>(root: &'a Value, inv: &mut Inventory<'a>, owner: &'a Value, at: &str) {
    if let Some(list) = owner.get("parameters").and_then(Value::as_array) {
        for (i, p) in list.iter().enumerate() {
            parameter(root, inv, p, &format!("{at}/parameters/{i}"));
        }
    }
}

/// Parameters and headers: a `schema` with examples beside it, or a `content` map.
fn parameter<'a>(root: &'a Value, inv: &mut Inventory<'a>, node: &'a Value, at: &str) {
    if node.get("$ref").is_some() {
        return; // visited where it is defined
    }
    media_type(root, inv, node, at);
    content(root, inv, node, at);
}

fn response<'a>(root: &'a Value, inv: &mut Inventory<'a>, node: &'a Value, at: &str) {
    if node.get("$ref").is_some() {
        return;
    }
    content(root, inv, node, at);
    if let Some(headers) = node.get("headers").and_then(Value::as_object) {
        for (name, h) in headers {
            parameter(root, inv, h, &join(&join(at, "headers"), name));
        }
    }
}

fn content<'a>(root: &'a Value, inv: &mut Inventory<'a>, node: &'a Value, at: &str) {
    if node.get("$ref").is_some() {
        return;
    }
    if let Some(types) = node.get("content").and_then(Value::as_object) {
        for (media, mt) in types {
            media_type(root, inv, mt, &join(&join(at, "content"), media));
        }
    }
}

/// A node with `schema` and `example`/`examples`: a Media Type, or a Parameter/Header using `schema`.
fn media_type<'a>(root: &'a Value, inv: &mut Inventory<'a>, node: &'a Value, at: &str) {
    let schema = node.get("schema").map(|s| (join(at, "schema"), s));
    if let Some((p, s)) = &schema {
        inv.schemas.push((p.clone(), s));
    }
    let mut examples = Vec::new();
    if let Some(value) = node.get("example") {
        let p = join(at, "example");
        examples.push(Example {
            pointer: p.clone(),
            object: None,
            value_pointer: p,
            value,
        });
    }
    if let Some(named) = node.get("examples").and_then(Value::as_object) {
        for (name, ex) in named {
            let written = join(&join(at, "examples"), name);
            let Some((p, object)) = follow(root, ex, &written) else {
                continue;
            };
            if let Some(value) = object.get("value") {
                examples.push(Example {
                    pointer: p.clone(),
                    object: Some(object),
                    value_pointer: join(&p, "value"),
                    value,
                });
            }
        }
    }
    if schema.is_some() || !examples.is_empty() {
        inv.example_sites.push(ExampleSite {
            pointer: at.to_owned(),
            schema,
            examples,
        });
    }
}

/// Calls `visit(pointer, schema, role)` for `schema` and every subschema inside it, without
/// following `$ref`.
pub fn each_subschema<'a>(
    at: &str,
    schema: &'a Value,
    visit: &mut dyn FnMut(&str, &'a Value, Role),
) {
    walk_schema(at, schema, Role::Root, visit, 0);
}

/// How a subschema is reached, which decides what documentation it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Root,
    Property,
    Variant,
    Other,
    /// Anything under `if`, `then`, `else` or `not`: a condition on the data, not its shape.
    Condition,
}

/// How a keyword holds its subschemas.
#[derive(Clone, Copy)]
enum Holds {
    /// An object of them, by name (`properties`).
    Map,
    /// A list of them (`allOf`).
    List,
    /// One (`items`).
    One,
}

/// The keywords that hold subschemas, in the order they are walked.
const SUBSCHEMA_KEYWORDS: [(&str, Holds, Role); 20] = [
    ("properties", Holds::Map, Role::Property),
    ("patternProperties", Holds::Map, Role::Other),
    ("$defs", Holds::Map, Role::Other),
    ("definitions", Holds::Map, Role::Other),
    ("dependentSchemas", Holds::Map, Role::Other),
    ("oneOf", Holds::List, Role::Variant),
    ("anyOf", Holds::List, Role::Variant),
    ("allOf", Holds::List, Role::Other),
    ("prefixItems", Holds::List, Role::Other),
    ("items", Holds::One, Role::Other),
    ("additionalProperties", Holds::One, Role::Other),
    ("unevaluatedProperties", Holds::One, Role::Other),
    ("unevaluatedItems", Holds::One, Role::Other),
    ("contains", Holds::One, Role::Other),
    ("propertyNames", Holds::One, Role::Other),
    ("contentSchema", Holds::One, Role::Other),
    ("not", Holds::One, Role::Condition),
    ("if", Holds::One, Role::Condition),
    ("then", Holds::One, Role::Condition),
    ("else", Holds::One, Role::Condition),
];

fn walk_schema<'a>(
    at: &str,
    schema: &'a Value,
    role: Role,
    visit: &mut dyn FnMut(&str, &'a Value, Role),
    depth: usize,
) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if depth > 128 {
        return;
    }
    visit(at, schema, role);
    // One pass over the schema's few keys finds the keywords it has and their values; looking
    // up each of the twenty by name hashes twenty times per schema, in every walk of every
    // document.
    let mut found: [Option<&'a Value>; SUBSCHEMA_KEYWORDS.len()] = [None; SUBSCHEMA_KEYWORDS.len()];
    for (key, value) in map {
        if let Some(i) = SUBSCHEMA_KEYWORDS.iter().position(|(k, ..)| k == key) {
            found[i] = Some(value);
        }
    }
    let in_condition = role == Role::Condition;
    let mut child = |key: &str, node: &'a Value, child_role: Role| {
        let child_role = if in_condition {
            Role::Condition
        } else {
            child_role
        };
        walk_schema(key, node, child_role, visit, depth + 1);
    };
    for ((key, holds, role), node) in SUBSCHEMA_KEYWORDS.iter().zip(found) {
        let Some(node) = node else {
            continue;
        };
        match (holds, node) {
            (Holds::Map, Value::Object(m)) => {
                for (name, sub) in m {
                    child(&join(&join(at, key), name), sub, *role);
                }
            }
            (Holds::List, Value::Array(list)) => {
                for (i, sub) in list.iter().enumerate() {
                    child(&format!("{}/{i}", join(at, key)), sub, *role);
                }
            }
            (Holds::One, sub) => child(&join(at, key), sub, *role),
            _ => {}
        }
    }
}
