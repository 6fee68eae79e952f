//! Tagged unions in validation messages: a value whose tag selects a variant is checked against
//! that variant, so a broken value is reported field by field instead of as "matches none of the
//! variants", and a tag that selects no variant is named with the tags that exist.

use serde_json::Value;

use crate::spec::pointer::{self, join};
use crate::spec::walk;

/// For a tagged union, the variant the value's tag selects, so that a broken example is
/// reported field by field instead of as "matches none of the variants". The tag is the
/// `discriminator` property (through its mapping or the variant's schema name) or a property
/// that each variant pins with `const`. Returns the variant's pointer and the tag.
pub(crate) fn tagged_variant(
    root: &Value,
    schema_at: &str,
    value: &Value,
) -> Option<(String, String)> {
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
pub(crate) fn unknown_tag(root: &Value, schema_at: &str, value: &Value) -> Option<String> {
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
    let mut seen = std::collections::BTreeSet::new();
    known.retain(|k| seen.insert(k.clone()));
    if known.iter().any(|k| Some(k.as_str()) == tag.as_str()) {
        return None; // a known tag whose variant simply fails: the validator's messages say why
    }
    Some(format!(
        "{property} {tag} selects no variant (expected one of {})",
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
