//! Every example validates against the schema it illustrates, and every example rewritten from
//! the page keeps the page's text and says why it was rewritten.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::Problem;
use crate::schema::SchemaSet;
use crate::spec::Spec;
use crate::spec::pointer::join;
use crate::spec::walk::{self, Example, Inventory, Operation};

/// Returns how many examples were checked; `explained` are the pointers errata entries explain.
pub fn check(
    spec: &Spec,
    inventory: &Inventory<'_>,
    explained: &BTreeSet<String>,
    problems: &mut Vec<Problem>,
) -> usize {
    let in_schema = in_schema_examples(spec, inventory);
    // (schema pointer, example): checked once all are known, sorted by schema, so that each
    // schema is compiled once, in a batch with its neighbours.
    let mut checks: Vec<(&str, &Example<'_>)> = Vec::new();
    let mut count = in_schema.len();
    for site in &inventory.example_sites {
        for example in &site.examples {
            count += 1;
            page_text(spec, example, explained, problems);
            match &site.schema {
                Some((schema_at, _)) => checks.push((schema_at, example)),
                None => problems.push(spec.problem(
                    &example.pointer,
                    "this example has no schema beside it to be checked against; add a `schema`",
                )),
            }
        }
    }
    checks.extend(in_schema.iter().map(|(at, example)| (at.as_str(), example)));

    let mut schemas = SchemaSet::new(spec, inventory);
    checks.sort_by(|a, b| a.0.cmp(b.0));
    let values: Vec<(&str, &Value)> = checks.iter().map(|(at, e)| (*at, e.value)).collect();
    let results = schemas.explain_all(&values);
    for ((_, example), result) in checks.iter().zip(results) {
        report(spec, example, result, problems);
    }
    for op in &inventory.operations {
        count += header_examples(spec, op, explained, problems);
    }
    count
}

/// The examples written inside schemas (`examples`, and 3.0's `example`), each with the
/// pointer of the schema it illustrates.
fn in_schema_examples<'a>(spec: &Spec, inventory: &Inventory<'a>) -> Vec<(String, Example<'a>)> {
    let mut found = Vec::new();
    for (at, schema) in &inventory.schemas {
        walk::each_subschema(at, schema, &mut |p, node, _| {
            let mut add = |value_at: String, value| {
                found.push((
                    p.to_owned(),
                    Example {
                        pointer: value_at.clone(),
                        object: None,
                        value_pointer: value_at,
                        value,
                    },
                ))
            };
            if let Some(Value::Array(list)) = node.get("examples") {
                for (i, value) in list.iter().enumerate() {
                    add(format!("{}/{i}", join(p, "examples")), value);
                }
            }
            if spec.is_openapi_30() {
                if let Some(value) = node.get("example") {
                    add(join(p, "example"), value);
                }
            }
        });
    }
    found
}

/// The ways an example breaks its schema, or why the schema could not judge it.
fn report(
    spec: &Spec,
    example: &Example<'_>,
    result: Result<Vec<crate::schema::Violation>, (String, String)>,
    problems: &mut Vec<Problem>,
) {
    match result {
        Ok(violations) => {
            for v in violations {
                let message = match &v.variant {
                    Some(tag) => format!(
                        "example does not match its schema (variant {tag}): {}",
                        v.message
                    ),
                    None => format!("example does not match its schema: {}", v.message),
                };
                problems.push(spec.problem(
                    format!("{}{}", example.value_pointer, v.instance_path),
                    message,
                ));
            }
        }
        Err((at, e)) => {
            problems.push(spec.problem(at, format!("the schema cannot be compiled: {e}")))
        }
    }
}

/// `x-page-text` keeps a page example we had to correct; the correction needs an errata entry.
fn page_text(
    spec: &Spec,
    example: &Example<'_>,
    explained: &BTreeSet<String>,
    problems: &mut Vec<Problem>,
) {
    let Some(text) = example.object.and_then(|o| o.get("x-page-text")) else {
        return;
    };
    if !text.is_string() {
        problems.push(spec.problem(
            join(&example.pointer, "x-page-text"),
            "`x-page-text` must be the page's example as a string, verbatim",
        ));
    }
    if !explained.contains(&example.pointer) {
        problems.push(spec.problem(
            &example.pointer,
            "this example was rewritten from the page (`x-page-text`) but no `x-errata` entry points at it to say why",
        ));
    }
}

/// `x-request-header-examples`: named examples of the headers an operation sends, which
/// OpenAPI has no place for when the headers are security schemes.
fn header_examples(
    spec: &Spec,
    op: &Operation<'_>,
    explained: &BTreeSet<String>,
    problems: &mut Vec<Problem>,
) -> usize {
    let at = join(&op.pointer, "x-request-header-examples");
    let Some(examples) = op.node.get("x-request-header-examples") else {
        return 0;
    };
    let Some(examples) = examples.as_object() else {
        problems.push(spec.problem(
            &at,
            "`x-request-header-examples` must map example names to Example Objects",
        ));
        return 0;
    };
    let declared = declared_headers(spec, op);
    let mut count = 0;
    for (name, written) in examples {
        let Some((ex_at, object)) = walk::follow(&spec.root, written, &join(&at, name)) else {
            continue;
        };
        let Some(value) = object.get("value") else {
            problems.push(spec.problem(&ex_at, "a header example needs a `value`"));
            continue;
        };
        count += 1;
        let example = Example {
            pointer: ex_at.clone(),
            object: Some(object),
            value_pointer: join(&ex_at, "value"),
            value,
        };
        page_text(spec, &example, explained, problems);
        let Some(headers) = value.as_object() else {
            problems.push(spec.problem(
                &example.value_pointer,
                "a header example's value must map header names to strings",
            ));
            continue;
        };
        for (header, v) in headers {
            let header_at = join(&example.value_pointer, header);
            if !v.is_string() {
                problems
                    .push(spec.problem(&header_at, format!("header {header:?} must be a string")));
            }
            if !declared.contains(&header.to_ascii_lowercase()) {
                problems.push(spec.problem(
                    &header_at,
                    format!("header {header:?} is neither a header parameter nor a security scheme of this operation"),
                ));
            }
        }
    }
    count
}

/// Lower-cased names of the headers an operation sends: header parameters and header credentials.
fn declared_headers(spec: &Spec, op: &Operation<'_>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (_, p) in op.parameters(&spec.root) {
        if p.get("in").and_then(Value::as_str) == Some("header") {
            if let Some(name) = p.get("name").and_then(Value::as_str) {
                names.insert(name.to_ascii_lowercase());
            }
        }
    }
    let requirements = op
        .node
        .get("security")
        .or_else(|| spec.root.get("security"));
    let schemes = spec.root.pointer("/components/securitySchemes");
    for requirement in requirements.and_then(Value::as_array).into_iter().flatten() {
        for scheme_name in requirement.as_object().into_iter().flat_map(|r| r.keys()) {
            let Some(scheme) = schemes.and_then(|s| s.get(scheme_name)) else {
                continue;
            };
            match scheme.get("type").and_then(Value::as_str) {
                Some("apiKey") if scheme.get("in").and_then(Value::as_str) == Some("header") => {
                    if let Some(name) = scheme.get("name").and_then(Value::as_str) {
                        names.insert(name.to_ascii_lowercase());
                    }
                }
                Some("http" | "oauth2" | "openIdConnect") => {
                    names.insert("authorization".into());
                }
                _ => {}
            }
        }
    }
    names
}
