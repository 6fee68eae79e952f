//! Every example validates against the schema it illustrates, and every example rewritten from
//! the page keeps the page's text and says why it was rewritten.

use std::collections::BTreeSet;

use serde_json::Value;

use super::errata;
use super::json_schema::SchemaSet;
use crate::Problem;
use crate::spec::Spec;
use crate::spec::pointer::{self, join};
use crate::spec::walk::{self, Example, Inventory, Operation};

/// Returns how many examples were checked.
pub fn check(spec: &Spec, inventory: &Inventory<'_>, problems: &mut Vec<Problem>) -> usize {
    let mut schemas = SchemaSet::new(spec, inventory);
    let explained = errata::explained_pointers(&spec.root);
    let mut count = 0;

    for site in &inventory.example_sites {
        for example in &site.examples {
            count += 1;
            page_text(spec, example, &explained, problems);
            match &site.schema {
                Some((schema_at, _)) => validate(spec, &mut schemas, schema_at, example, problems),
                None => problems.push(spec.problem(
                    &example.pointer,
                    "this example has no schema beside it to be checked against; add a `schema`",
                )),
            }
        }
    }

    for (at, schema) in &inventory.schemas {
        let mut in_schema = Vec::new();
        walk::each_subschema(at, schema, &mut |p, node, _| {
            if let Some(Value::Array(list)) = node.get("examples") {
                for (i, value) in list.iter().enumerate() {
                    in_schema.push((p.to_owned(), format!("{}/{i}", join(p, "examples")), value));
                }
            }
            if spec.is_openapi_30() {
                if let Some(value) = node.get("example") {
                    in_schema.push((p.to_owned(), join(p, "example"), value));
                }
            }
        });
        for (schema_at, value_at, value) in in_schema {
            count += 1;
            let example = Example {
                pointer: value_at.clone(),
                object: None,
                value_pointer: value_at,
                value,
            };
            validate(spec, &mut schemas, &schema_at, &example, problems);
        }
    }

    for op in &inventory.operations {
        count += header_examples(spec, op, &explained, problems);
    }
    count
}

fn validate(
    spec: &Spec,
    schemas: &mut SchemaSet,
    schema_at: &str,
    example: &Example<'_>,
    problems: &mut Vec<Problem>,
) {
    let (schema_at, variant) = match tagged_variant(&spec.root, schema_at, example.value) {
        Some((variant_at, tag)) => (variant_at, Some(tag)),
        None => (schema_at.to_owned(), None),
    };
    match schemas.validate(&schema_at, example.value) {
        Ok(violations) => {
            if variant.is_none() && !violations.is_empty() {
                if let Some(message) = unknown_tag(&spec.root, &schema_at, example.value) {
                    problems.push(spec.problem(&example.value_pointer, message));
                    return;
                }
            }
            for v in violations {
                let message = match &variant {
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
        Err(e) => {
            problems.push(spec.problem(schema_at, format!("the schema cannot be compiled: {e}")))
        }
    }
}

/// For a tagged union, the variant the value's tag selects, so that a broken example is
/// reported field by field instead of as "matches none of the variants". The tag is the
/// `discriminator` property (through its mapping or the variant's schema name) or a property
/// that each variant pins with `const`. Returns the variant's pointer and the tag.
fn tagged_variant(root: &Value, schema_at: &str, value: &Value) -> Option<(String, String)> {
    let mut at = schema_at.to_owned();
    let mut found = None;
    // Unions of unions: keep descending while a tag selects a variant.
    for _ in 0..8 {
        let Some((union_at, union)) =
            pointer::resolve(root, &at).and_then(|node| walk::follow(root, node, &at))
        else {
            break;
        };
        let Some(variants) = union
            .get("oneOf")
            .or_else(|| union.get("anyOf"))
            .and_then(Value::as_array)
        else {
            break;
        };
        let key = if union.get("oneOf").is_some() {
            "oneOf"
        } else {
            "anyOf"
        };
        let chosen = variants.iter().enumerate().find_map(|(i, variant)| {
            let variant_at = format!("{}/{i}", join(&union_at, key));
            let (_, target) = walk::follow(root, variant, &variant_at)?;
            selects(union, variant, target, value)
                .then(|| (variant_at, describe_tag(union, target, value)))
        });
        match chosen {
            Some((variant_at, tag)) => {
                at = variant_at;
                found = Some((at.clone(), tag));
            }
            None => break,
        }
    }
    found
}

/// A union with a discriminator whose tag in `value` names none of its variants.
fn unknown_tag(root: &Value, schema_at: &str, value: &Value) -> Option<String> {
    let (_, union) = walk::follow(root, pointer::resolve(root, schema_at)?, schema_at)?;
    let discriminator = union.get("discriminator")?;
    let property = discriminator.get("propertyName")?.as_str()?;
    let tag = value.get(property)?;
    let mut known: Vec<String> = discriminator
        .get("mapping")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    for (i, variant) in union
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some((_, target)) = walk::follow(root, variant, &format!("{schema_at}/oneOf/{i}"))
        else {
            continue;
        };
        let pinned = target.pointer(&format!("/properties/{}/const", pointer::escape(property)));
        let name = variant
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.rsplit('/').next());
        match (pinned, name) {
            (Some(c), _) => known.push(c.as_str().map_or_else(|| c.to_string(), str::to_owned)),
            (None, Some(name)) => known.push(name.to_owned()),
            _ => {}
        }
    }
    known.dedup();
    if known.iter().any(|k| Some(k.as_str()) == tag.as_str()) {
        return None; // a known tag whose variant simply fails: the validator's messages say why
    }
    Some(format!(
        "example does not match its schema: {property} {tag} selects no variant (expected one of {})",
        known.join(", ")
    ))
}

/// Whether `value`'s tag picks this variant of `union`.
fn selects(union: &Value, variant: &Value, target: &Value, value: &Value) -> bool {
    // The discriminator names the variant through its mapping or, implicitly, the schema's name;
    // failing that, a property the variant pins with `const` (which is what validation uses).
    if let Some(discriminator) = union.get("discriminator") {
        let property = discriminator.get("propertyName").and_then(Value::as_str);
        if let Some(tag) = property.and_then(|p| value.get(p)).and_then(Value::as_str) {
            let reference = variant.get("$ref").and_then(Value::as_str);
            let mapped = discriminator
                .get("mapping")
                .and_then(|m| m.get(tag))
                .and_then(Value::as_str);
            if mapped.is_some_and(|m| reference == Some(m))
                || reference.is_some_and(|r| r.rsplit('/').next() == Some(tag))
            {
                return true;
            }
        }
    }
    let Some(properties) = target.get("properties").and_then(Value::as_object) else {
        return false;
    };
    properties
        .iter()
        .any(|(name, p)| p.get("const").is_some_and(|c| value.get(name) == Some(c)))
}

fn describe_tag(union: &Value, target: &Value, value: &Value) -> String {
    let property = union
        .pointer("/discriminator/propertyName")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| {
            target
                .get("properties")
                .and_then(Value::as_object)
                .and_then(|props| {
                    props
                        .iter()
                        .find(|(name, p)| {
                            p.get("const")
                                .is_some_and(|c| value.get(name.as_str()) == Some(c))
                        })
                        .map(|(name, _)| name.clone())
                })
        })
        .unwrap_or_default();
    format!(
        "{property}={}",
        value.get(&property).unwrap_or(&Value::Null)
    )
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
