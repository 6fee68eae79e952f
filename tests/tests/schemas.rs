//! The `schemars` feature against the specs, and `Validate` against the specs' own schemas.
//!
//! Spec side by purpose (like `page_fidelity.rs`): the oracle is each vendor's document itself,
//! read here, never the model the generated code came from.
//!
//! - Every documented body example validates against the derived schema of its type.
//! - A sent struct's derived schema says what its spec schema says: the same properties, the same
//!   required ones, the same enum values and the same constraints.
//! - A received struct's derived schema covers its spec schema: every property, no more required.
//! - Differential: random instances of each sent type's spec schema, valid and not, are accepted
//!   by the generated type (decoded and `Validate`d) exactly when the `jsonschema` crate accepts
//!   them against the spec schema. `format` is outside `Validate`'s contract (the diff's rule
//!   table: a format change has no Rust impact), so instances keep every formatted string valid
//!   and the comparison is about everything else.

use std::collections::{BTreeMap, BTreeSet};

use codegen::model::{self, Api, ExampleOwner, Operation, Ty, TypeDef, TypeKind};
use codegen::schema::SchemaSet;
use codegen::spec::{self as specs, Spec};
use commerce_apis::dynamic;
use proptest::prelude::RngCore;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value, json};

type Checked = Option<Result<Vec<commerce_apis::runtime::Violation>, String>>;

/// A generated crate's `dynamic` module, as far as these tests use it.
struct Bindings {
    vendors: fn() -> Vec<&'static str>,
    spec: fn(&str) -> Option<&'static str>,
    json_schema: fn(&str, &str) -> Option<Value>,
    validate: fn(&str, &str, Value) -> Checked,
}

/// The vendors' crate and the fixture crate (specs unlike any vendor's).
const CRATES: [Bindings; 2] = [
    Bindings {
        vendors: dynamic::vendors,
        spec: dynamic::spec,
        json_schema: dynamic::json_schema,
        validate: dynamic::validate,
    },
    Bindings {
        vendors: fixture_apis::dynamic::vendors,
        spec: fixture_apis::dynamic::spec,
        json_schema: fixture_apis::dynamic::json_schema,
        validate: fixture_apis::dynamic::validate,
    },
];

struct Vendor {
    name: &'static str,
    spec: Spec,
    api: Api,
    bindings: &'static Bindings,
}

impl Vendor {
    fn json_schema(&self, type_name: &str) -> Option<Value> {
        (self.bindings.json_schema)(self.name, type_name)
    }

    fn validate(&self, type_name: &str, value: Value) -> Checked {
        (self.bindings.validate)(self.name, type_name, value)
    }
}

/// Every vendor module of both crates, read from the document it carries.
fn vendors() -> Vec<Vendor> {
    CRATES
        .iter()
        .flat_map(|bindings| {
            (bindings.vendors)().into_iter().map(move |name| {
                let text = (bindings.spec)(name).expect("built");
                let spec = specs::parse(name, text).unwrap_or_else(|p| panic!("{p}"));
                let api = model::build(&spec, name).unwrap_or_else(|p| panic!("{p:?}"));
                Vendor {
                    name,
                    spec,
                    api,
                    bindings,
                }
            })
        })
        .collect()
}

/// The schema at `pointer`, with every `$ref` followed and `allOf` merged: properties, required
/// and keywords in one object.
fn resolved(root: &Value, schema: &Value, depth: usize) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(object) = schema.as_object() else {
        return out;
    };
    if depth > 16 {
        return out;
    }
    if let Some(target) = object.get("$ref").and_then(Value::as_str) {
        let pointer = target.trim_start_matches('#');
        if let Some(node) = root.pointer(pointer) {
            out.extend(resolved(root, node, depth + 1));
        }
    }
    for part in object
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        merge(&mut out, resolved(root, part, depth + 1));
    }
    let own: Map<String, Value> = object
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "$ref" | "allOf"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    merge(&mut out, own);
    out
}

fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (key, value) in from {
        match (key.as_str(), into.get_mut(&key), value) {
            ("properties", Some(Value::Object(mine)), Value::Object(theirs)) => {
                mine.extend(theirs);
            }
            ("required", Some(Value::Array(mine)), Value::Array(theirs)) => {
                mine.extend(theirs);
            }
            (_, _, value) => {
                into.insert(key, value);
            }
        }
    }
}

/// The constraint keywords both sides may carry, with OpenAPI 3.0's boolean exclusive bounds
/// written as 3.1's numbers.
fn constraints(schema: &Map<String, Value>) -> BTreeMap<String, f64> {
    const NUMERIC: [&str; 9] = [
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
    ];
    let mut out: BTreeMap<String, f64> = NUMERIC
        .iter()
        .filter_map(|k| Some(((*k).to_owned(), schema.get(*k)?.as_f64()?)))
        .collect();
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if schema.get(flag) == Some(&Value::Bool(true)) {
            if let Some(value) = out.remove(bound) {
                out.insert(flag.to_owned(), value);
            }
        }
    }
    out
}

/// A derived property's own schema: `Option`'s `null` branch and `$ref`s to definitions set
/// aside, so the keywords are where the spec has them.
fn derived_property(defs: &Map<String, Value>, schema: &Value) -> Map<String, Value> {
    let Some(object) = schema.as_object() else {
        return Map::new();
    };
    let mut out = object.clone();
    if let Some(target) = object.get("$ref").and_then(Value::as_str) {
        let name = target.rsplit('/').next().unwrap_or_default();
        if let Some(Value::Object(def)) = defs.get(name) {
            out.extend(def.clone());
        }
    }
    for key in ["anyOf", "oneOf"] {
        let branches: Vec<&Value> = object
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|b| b.get("type") != Some(&json!("null")))
            .collect();
        if let [only] = branches.as_slice() {
            let inner = derived_property(defs, only);
            out.extend(inner);
        }
    }
    out
}

/// The values an enum schema lists: `enum`, `const` per `oneOf` branch, or an open enum's
/// values (`x-extensible-enum` in a spec, `examples` when derived).
fn listed_values(schema: &Map<String, Value>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for key in ["enum", "examples", "x-extensible-enum"] {
        for value in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.insert(value.to_string());
        }
    }
    for branch in schema
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(value) = branch.get("const") {
            out.insert(value.to_string());
        }
    }
    out
}

fn structs(api: &Api) -> impl Iterator<Item = &TypeDef> {
    api.types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::Struct(_)))
}

/// The tag property of the tagged union `name` is a variant of: the union carries it, not the
/// variant's struct.
fn union_tag<'a>(api: &'a Api, name: &str) -> Option<&'a str> {
    api.types.iter().find_map(|t| match &t.kind {
        TypeKind::Tagged { tag, variants } if variants.iter().any(|v| v.ty == name) => {
            Some(tag.as_str())
        }
        _ => None,
    })
}

/// The spec schema of a struct, without the tag its union carries.
fn spec_struct(vendor: &Vendor, def: &TypeDef) -> Map<String, Value> {
    let mut spec = resolved(&vendor.spec.root, &node(&vendor.spec, &def.pointer), 0);
    if let Some(tag) = union_tag(&vendor.api, &def.name) {
        if let Some(Value::Object(properties)) = spec.get_mut("properties") {
            properties.remove(tag);
        }
        if let Some(Value::Array(required)) = spec.get_mut("required") {
            required.retain(|r| r != tag);
        }
    }
    spec
}

fn derived(vendor: &Vendor, type_name: &str) -> (Map<String, Value>, Map<String, Value>) {
    let schema = vendor
        .json_schema(type_name)
        .unwrap_or_else(|| panic!("{}.{type_name} has a schema", vendor.name));
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    (schema.as_object().cloned().unwrap_or_default(), defs)
}

fn names(schema: &Map<String, Value>, key: &str) -> BTreeSet<String> {
    match schema.get(key) {
        Some(Value::Object(map)) => map.keys().cloned().collect(),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => BTreeSet::new(),
    }
}

#[test]
fn sent_structs_derive_the_schema_their_spec_gives() {
    let mut problems = Vec::new();
    let mut compared = 0;
    for vendor in vendors() {
        for def in structs(&vendor.api).filter(|t| t.direction.sends()) {
            compared += 1;
            let at = format!("{}.{}", vendor.name, def.name);
            let spec = spec_struct(&vendor, def);
            let (ours, defs) = derived(&vendor, &def.name);
            for key in ["properties", "required"] {
                let (want, got) = (names(&spec, key), names(&ours, key));
                if want != got {
                    problems.push(format!("{at}: {key} {want:?} in the spec, {got:?} derived"));
                }
            }
            compare_properties(&vendor, &at, &spec, &ours, &defs, &mut problems);
        }
    }
    assert!(compared > 0, "no sent struct compared");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each property's enum values and constraints, and those of its items.
fn compare_properties(
    vendor: &Vendor,
    at: &str,
    spec: &Map<String, Value>,
    ours: &Map<String, Value>,
    defs: &Map<String, Value>,
    problems: &mut Vec<String>,
) {
    let empty = Map::new();
    let spec_props = spec
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let our_props = ours
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (name, schema) in spec_props {
        let Some(derived_schema) = our_props.get(name) else {
            continue;
        };
        let want = resolved(&vendor.spec.root, schema, 0);
        let got = derived_property(defs, derived_schema);
        let pairs = [(want.clone(), got.clone(), "")].into_iter().chain(
            want.get("items").zip(got.get("items")).map(|(w, g)| {
                (
                    resolved(&vendor.spec.root, w, 0),
                    derived_property(defs, g),
                    "[]",
                )
            }),
        );
        for (want, got, suffix) in pairs {
            let (want_values, got_values) = (listed_values(&want), listed_values(&got));
            if want_values != got_values {
                problems.push(format!(
                    "{at}.{name}{suffix}: values {want_values:?} in the spec, {got_values:?} derived"
                ));
            }
            let (want_rules, got_rules) = (constraints(&want), constraints(&got));
            if want_rules != got_rules {
                problems.push(format!(
                    "{at}.{name}{suffix}: constraints {want_rules:?} in the spec, {got_rules:?} derived"
                ));
            }
            if want.get("pattern") != got.get("pattern") {
                problems.push(format!(
                    "{at}.{name}{suffix}: pattern {:?} in the spec, {:?} derived",
                    want.get("pattern"),
                    got.get("pattern")
                ));
            }
        }
    }
}

fn node(spec: &Spec, pointer: &str) -> Value {
    spec.root.pointer(pointer).cloned().unwrap_or(Value::Null)
}

#[test]
fn received_structs_derive_a_schema_that_covers_their_spec() {
    let mut problems = Vec::new();
    for vendor in vendors() {
        for def in structs(&vendor.api).filter(|t| t.direction.receives()) {
            let at = format!("{}.{}", vendor.name, def.name);
            let spec = spec_struct(&vendor, def);
            let (ours, _) = derived(&vendor, &def.name);
            let missing: Vec<String> = names(&spec, "properties")
                .difference(&names(&ours, "properties"))
                .cloned()
                .collect();
            if !missing.is_empty() {
                problems.push(format!("{at}: no derived property for {missing:?}"));
            }
            let extra: Vec<String> = names(&ours, "required")
                .difference(&names(&spec, "required"))
                .cloned()
                .collect();
            if !extra.is_empty() {
                problems.push(format!(
                    "{at}: derived schema requires {extra:?}, the spec does not"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What a documented example of `status` holds as `type_name`: the envelope's data when the
/// spec wraps answers, unless the type is the envelope itself.
fn unwrapped(
    vendor: &Vendor,
    op: &Operation,
    status: &str,
    type_name: &str,
    value: &Value,
) -> Value {
    let Some(envelope) = op.envelope.as_ref().filter(|_| status.starts_with('2')) else {
        return value.clone();
    };
    let Some(data) = &envelope.data_property else {
        return value.clone();
    };
    let (ours, _) = derived(vendor, type_name);
    if names(&ours, "properties").contains(data) {
        return value.clone();
    }
    value.get(data).cloned().unwrap_or(Value::Null)
}

/// Request and answer examples whose type is a named type: (where, type, value).
fn typed_examples(vendor: &Vendor) -> Vec<(String, String, Value)> {
    let api = &vendor.api;
    let mut out = Vec::new();
    for documented in &api.examples {
        let (operation, status) = match &documented.owner {
            ExampleOwner::RequestBody { operation } => (*operation, None),
            ExampleOwner::Response { operation, status } => (*operation, Some(status)),
            _ => continue,
        };
        let op = &api.operations[operation];
        let ty = match status {
            None => op.body.as_ref().map(|b| &b.ty),
            Some(status) => op
                .responses
                .iter()
                .find(|r| &r.status == status)
                .and_then(|r| r.ty.as_ref()),
        };
        let Some(Ty::Named(name)) = ty else { continue };
        let value = match status {
            Some(status) => unwrapped(vendor, op, status, name, &documented.example.value),
            None => documented.example.value.clone(),
        };
        out.push((documented.example.pointer.clone(), name.clone(), value));
    }
    out
}

#[test]
fn every_documented_example_validates_against_its_derived_schema() {
    let mut problems = Vec::new();
    let (mut checked, mut excused) = (0, 0);
    for vendor in vendors() {
        for (pointer, type_name, value) in typed_examples(&vendor) {
            let schema = vendor.json_schema(&type_name).expect("a type here");
            let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| {
                panic!(
                    "{}.{type_name}: the derived schema compiles: {e}",
                    vendor.name
                )
            });
            checked += 1;
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| format!("{} {e}", e.instance_path().as_str()))
                .collect();
            // An example the spec records as contradicting its own schema may break it.
            if !errors.is_empty() && vendor.api.explains(&pointer) {
                excused += 1;
            } else if !errors.is_empty() {
                problems.push(format!(
                    "{} {pointer} ({type_name}): {}",
                    vendor.name,
                    errors.join("; ")
                ));
            }
        }
    }
    println!(
        "schemas: {checked} documented examples checked against their derived schemas, \
         {excused} breaking them as their x-errata record"
    );
    assert!(checked >= 14, "only {checked} typed examples found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Random instances of a spec schema: mostly near its edges (at, below and above each bound, a
/// listed value or another), so that both valid and invalid values come up.
struct Instances<'a> {
    root: &'a Value,
    rng: TestRng,
}

impl Instances<'_> {
    fn pick(&mut self, n: usize) -> usize {
        (self.rng.next_u64() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.rng.next_u64() % 100 < percent
    }

    fn value(&mut self, schema: &Value, depth: usize) -> Value {
        let schema = resolved(self.root, schema, 0);
        if schema.get("nullable") == Some(&Value::Bool(true)) && self.chance(5) {
            return Value::Null;
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(branches)) = schema.get(key) {
                if !branches.is_empty() {
                    let branch = branches[self.pick(branches.len())].clone();
                    return self.value(&branch, depth + 1);
                }
            }
        }
        if let Some(constant) = schema.get("const") {
            return constant.clone();
        }
        if let Some(Value::Array(values)) = schema.get("enum") {
            if !values.is_empty() && self.chance(85) {
                return values[self.pick(values.len())].clone();
            }
            return json!("NOT-A-LISTED-VALUE");
        }
        let example = schema
            .get("example")
            .or_else(|| schema.get("examples").and_then(|e| e.get(0)))
            .cloned();
        match schema.get("type").and_then(Value::as_str) {
            Some("object") => self.object(&schema, depth),
            Some("array") => {
                let count = self.count(schema.get("minItems"), schema.get("maxItems"), 3);
                let items = schema.get("items").cloned().unwrap_or(Value::Bool(true));
                let count = if depth > 4 { count.min(1) } else { count };
                Value::Array((0..count).map(|_| self.value(&items, depth + 1)).collect())
            }
            Some("integer") => json!(self.integer(&schema)),
            Some("number") => json!(self.integer(&schema) as f64 + 0.5 * self.pick(2) as f64),
            Some("boolean") => json!(self.chance(50)),
            Some("string") => match (example, schema.get("format").and_then(Value::as_str)) {
                (Some(example), Some(_)) => example,
                (None, Some(format)) => json!(formatted(format)),
                // A pattern is met by the documented example, rarely by chance.
                (Some(example), None) if schema.contains_key("pattern") && self.chance(70) => {
                    example
                }
                _ => json!(self.string(&schema)),
            },
            _ => example.unwrap_or(json!("x")),
        }
    }

    fn object(&mut self, schema: &Map<String, Value>, depth: usize) -> Value {
        let required = names(schema, "required");
        let mut out = Map::new();
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for (name, property) in properties {
            let wanted = if required.contains(&name) {
                self.chance(97)
            } else {
                depth < 4 && self.chance(50)
            };
            if wanted {
                let value = self.value(&property, depth + 1);
                out.insert(name, value);
            }
        }
        Value::Object(out)
    }

    /// A length or count: one of the bounds, one past them, or small and free.
    fn count(&mut self, min: Option<&Value>, max: Option<&Value>, free: u64) -> usize {
        let min = min.and_then(Value::as_u64);
        let max = max.and_then(Value::as_u64);
        let mut candidates = vec![self.rng.next_u64() % (free + 1)];
        if let Some(min) = min {
            candidates.extend([min, min.saturating_sub(1), min + 1]);
        }
        if let Some(max) = max {
            candidates.extend([max, max + 1, max.saturating_sub(1)]);
        }
        candidates[self.pick(candidates.len())] as usize
    }

    fn integer(&mut self, schema: &Map<String, Value>) -> i64 {
        let mut candidates = vec![(self.rng.next_u64() % 1000) as i64];
        for key in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] {
            if let Some(bound) = schema.get(key).and_then(Value::as_f64) {
                let bound = bound as i64;
                candidates.extend([bound - 1, bound, bound + 1]);
            }
        }
        if let Some(step) = schema.get("multipleOf").and_then(Value::as_f64) {
            candidates.push(step as i64 * 3);
        }
        candidates[self.pick(candidates.len())]
    }

    fn string(&mut self, schema: &Map<String, Value>) -> String {
        let length = self.count(schema.get("minLength"), schema.get("maxLength"), 12);
        let alphabet: &[u8] = if self.chance(50) {
            b"0123456789"
        } else {
            b"abcXYZ019-_ "
        };
        (0..length)
            .map(|_| {
                let b = alphabet[self.pick(alphabet.len())];
                if self.chance(5) { '한' } else { b as char }
            })
            .collect()
    }
}

/// A valid value of a string format (formats are not compared; see the module comment).
fn formatted(format: &str) -> &'static str {
    match format {
        "date" => "2024-04-08",
        "date-time" => "2024-04-08T09:30:00+09:00",
        "time" => "09:30:00+09:00",
        "email" => "seller@example.com",
        "uuid" => "0f8fad5b-d9cb-469f-a165-70867728950e",
        "uri" | "url" => "https://example.com/a",
        "ipv4" => "192.0.2.1",
        _ => "x",
    }
}

#[test]
fn validate_accepts_exactly_what_the_spec_schema_accepts() {
    // 200 instances per sent struct, from a fixed seed: a failure names the instance.
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let mut disagreements = Vec::new();
    let (mut accepted, mut refused) = (0, 0);
    for vendor in vendors() {
        let mut oracle = SchemaSet::for_spec(&vendor.spec);
        // Every sent type the client checks, a union's variants through their union (alone they
        // lack the tag).
        let sent = vendor.api.types.iter().filter(|t| {
            t.direction.sends()
                && !matches!(t.kind, TypeKind::Alias { .. })
                && union_tag(&vendor.api, &t.name).is_none()
        });
        for def in sent {
            let mut instances = Instances {
                root: &vendor.spec.root,
                rng: runner.new_rng(),
            };
            let schema = node(&vendor.spec, &def.pointer);
            for _ in 0..200 {
                let value = instances.value(&schema, 0);
                let spec_violations = oracle
                    .explain(&def.pointer, &value)
                    .unwrap_or_else(|(at, e)| panic!("{at} compiles: {e}"));
                let spec_accepts = spec_violations.is_empty();
                let ours = vendor
                    .validate(&def.name, value.clone())
                    .expect("a sent type");
                let we_accept = matches!(&ours, Ok(violations) if violations.is_empty());
                if spec_accepts {
                    accepted += 1;
                } else {
                    refused += 1;
                }
                if spec_accepts != we_accept && disagreements.len() < 20 {
                    disagreements.push(format!(
                        "{}.{}: the spec {} {value} ({:?}), the generated type says {ours:?}",
                        vendor.name,
                        def.name,
                        if spec_accepts { "accepts" } else { "refuses" },
                        spec_violations
                            .iter()
                            .map(|v| format!("{} {}", v.instance_path, v.message))
                            .collect::<Vec<_>>(),
                    ));
                }
            }
        }
    }
    println!(
        "differential: the spec accepts {accepted} instances and refuses {refused}; the generated types agree on each"
    );
    assert!(accepted > 0 && refused > 0, "instances of both kinds");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
