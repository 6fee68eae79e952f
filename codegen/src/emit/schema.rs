//! JSON Schema of the generated types, behind the generated crate's `schemars` feature: derives
//! with the spec's own descriptions and constraints as schemars attributes, and hand-written
//! impls where the type decodes itself (open enums, unions that keep unknown tags).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::text::{Tt, attr_tokens, comma_separated, string_literal};
use super::types::ident;
use crate::model::{Constraints, EnumValue, Field, TaggedVariant, TypeDef};

/// The derive on a type, with its spec description (no rustdoc markup, no generator notes).
pub fn derive(def: &TypeDef) -> TokenStream {
    attr_tokens("cfg_attr", &derive_args(def, None))
}

/// The arguments of `#[cfg_attr(..)]` deriving `JsonSchema` for `def`. A struct's `fields` name
/// its required properties, which are the spec's: a required field that may be null, or has a
/// documented default, is still required on the wire, where schemars would count it optional
/// from its `Option` type or serde default.
pub fn derive_args(def: &TypeDef, fields: Option<&[Field]>) -> Vec<Tt> {
    let mut schemars = vec![
        Tt::pair("crate", Tt::string("crate::runtime::schemars")).to_vec(),
        Tt::pair("title", Tt::string(&def.name)).to_vec(),
        Tt::pair("description", Tt::string(def.docs.trim())).to_vec(),
    ];
    let required: Vec<[Tt; 1]> = fields
        .unwrap_or_default()
        .iter()
        .filter(|f| f.required)
        .map(|f| [Tt::string(&f.wire)])
        .collect();
    if !required.is_empty() {
        schemars.push(extend("required", Tt::Bracket(comma_separated(required))));
    }
    comma_separated([
        Tt::pair("feature", Tt::string("schemars")).to_vec(),
        Tt::call(
            "derive",
            vec![Tt::word("crate::runtime::schemars::JsonSchema")],
        )
        .to_vec(),
        Tt::call("schemars", comma_separated(schemars)).to_vec(),
    ])
}

/// The arguments of a field's `#[cfg_attr(..)]`: its description, whether the spec requires
/// it, and its constraints.
pub fn field_args(field: &Field) -> Vec<Tt> {
    described(field.docs.trim(), constraint_attrs(&field.constraints))
}

/// A variant's description and constraints. schemars takes validation attributes on fields
/// only, so a variant's constraints are written as the keywords themselves.
pub fn variant(docs: &str, constraints: &Constraints) -> TokenStream {
    attr_tokens("cfg_attr", &variant_args(docs, constraints))
}

/// The arguments of a variant's `#[cfg_attr(..)]`.
pub fn variant_args(docs: &str, constraints: &Constraints) -> Vec<Tt> {
    described(docs.trim(), keyword_attrs(constraints))
}

/// `feature = "schemars", schemars(title = "", description = .., rules..)`.
fn described(description: &str, rules: Vec<Vec<Tt>>) -> Vec<Tt> {
    let mut schemars = vec![
        Tt::pair("title", Tt::string("")).to_vec(),
        Tt::pair("description", Tt::string(description)).to_vec(),
    ];
    schemars.extend(rules);
    comma_separated([
        Tt::pair("feature", Tt::string("schemars")).to_vec(),
        Tt::call("schemars", comma_separated(schemars)).to_vec(),
    ])
}

/// `extend(key = value)`.
fn extend(key: &str, value: Tt) -> Vec<Tt> {
    Tt::call("extend", Tt::pair(string_literal(key), value).to_vec()).to_vec()
}

/// Every constraint as `extend("keyword" = value)`.
fn keyword_attrs(c: &Constraints) -> Vec<Vec<Tt>> {
    let counts = [
        ("minLength", c.min_length),
        ("maxLength", c.max_length),
        ("minItems", c.min_items),
        ("maxItems", c.max_items),
    ];
    let mut attrs: Vec<Vec<Tt>> = counts
        .into_iter()
        .filter_map(|(key, value)| Some(extend(key, count(value?))))
        .collect();
    for (key, value) in [("minimum", c.minimum), ("maximum", c.maximum)] {
        if let Some(value) = value {
            attrs.push(extend(key, number(value)));
        }
    }
    if let Some(pattern) = &c.pattern {
        attrs.push(extend("pattern", Tt::string(pattern)));
    }
    attrs.extend(extended_keywords(c));
    attrs
}

/// The spec's constraints as schemars attributes: `length`, `range` and `regex` where schemars
/// has them, `extend` for the keywords it does not (exclusive bounds, `multipleOf`, a forbidden
/// range, allowed values), and `inner` for each item of a list.
fn constraint_attrs(c: &Constraints) -> Vec<Vec<Tt>> {
    let mut attrs = scalar_attrs(c);
    if let Some(length) = bounds("length", c.min_items, c.max_items) {
        attrs.push(length);
    }
    if let Some(items) = &c.items {
        // schemars checks each item only with its validation attributes.
        let inner = scalar_attrs(&Constraints {
            exclusive_minimum: None,
            exclusive_maximum: None,
            multiple_of: None,
            not_between: None,
            one_of: Vec::new(),
            ..(**items).clone()
        });
        if !inner.is_empty() {
            attrs.push(Tt::call("inner", comma_separated(inner)).to_vec());
        }
    }
    attrs
}

fn scalar_attrs(c: &Constraints) -> Vec<Vec<Tt>> {
    let mut attrs = Vec::new();
    if let Some(length) = bounds("length", c.min_length, c.max_length) {
        attrs.push(length);
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        let min = c.minimum.map(|v| Tt::pair("min", number(v)));
        let max = c.maximum.map(|v| Tt::pair("max", number(v)));
        attrs.push(Tt::call("range", comma_separated(min.into_iter().chain(max))).to_vec());
    }
    if let Some(pattern) = &c.pattern {
        let pattern = Tt::pair("pattern", Tt::string(pattern)).to_vec();
        attrs.push(Tt::call("regex", pattern).to_vec());
    }
    attrs.extend(extended_keywords(c));
    attrs
}

/// The keywords schemars has no attribute for.
fn extended_keywords(c: &Constraints) -> Vec<Vec<Tt>> {
    let mut attrs = Vec::new();
    for (key, value) in [
        ("exclusiveMinimum", c.exclusive_minimum),
        ("exclusiveMaximum", c.exclusive_maximum),
        ("multipleOf", c.multiple_of),
    ] {
        if let Some(value) = value {
            attrs.push(extend(key, number(value)));
        }
    }
    if let Some((low, high)) = c.not_between {
        let (low, high) = (number_literal(low), number_literal(high));
        // A JSON object inside an attribute: prettyplease spaces its `:` its own way, so the
        // piece is left to it.
        let object = format!("{{ \"exclusiveMinimum\": {low}, \"exclusiveMaximum\": {high} }}");
        attrs.push(extend("not", Tt::Unsure(object)));
    }
    if !c.one_of.is_empty() {
        let values = c.one_of.iter().map(|v| [Tt::string(v)]);
        attrs.push(extend("enum", Tt::Bracket(comma_separated(values))));
    }
    attrs
}

fn bounds(name: &str, min: Option<u64>, max: Option<u64>) -> Option<Vec<Tt>> {
    if min.is_none() && max.is_none() {
        return None;
    }
    let min = min.map(|v| Tt::pair("min", count(v)));
    let max = max.map(|v| Tt::pair("max", count(v)));
    Some(Tt::call(name, comma_separated(min.into_iter().chain(max))).to_vec())
}

fn count(value: u64) -> Tt {
    Tt::word(Literal::u64_unsuffixed(value).to_string())
}

fn number(value: f64) -> Tt {
    Tt::word(number_literal(value))
}

/// A number as the spec wrote it: `5`, not `5.0`, when it is whole.
fn number_literal(value: f64) -> String {
    let literal = if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        // Exact: a whole number below 2^53 converts without loss.
        Literal::i64_unsuffixed(value as i64)
    } else {
        Literal::f64_unsuffixed(value)
    };
    literal.to_string()
}

/// An enum that decodes any string: a string schema that lists the documented values, closed
/// when the type refuses other values before sending.
pub fn open_enum(def: &TypeDef, values: &[EnumValue], closed: bool) -> TokenStream {
    let (title, description) = (&def.name, def.docs.trim());
    let wires = values.iter().map(|v| &v.wire);
    hand_written(
        def,
        quote!(_),
        quote!(crate::runtime::schema::string_values(#title, #description, &[#(#wires),*], #closed)),
    )
}

/// A tagged union that reads its tag itself: each documented variant with its tag fixed.
pub fn open_tagged(def: &TypeDef, tag: &str, variants: &[TaggedVariant]) -> TokenStream {
    let (title, description) = (&def.name, def.docs.trim());
    let tys = variants.iter().map(|v| ident(&v.ty));
    let tags = variants.iter().map(|v| &v.tag_value);
    hand_written(
        def,
        quote!(generator),
        quote! {{
            let variants = vec![
                #(crate::runtime::schema::tagged_variant::<#tys>(generator, #tag, #tags)),*
            ];
            crate::runtime::schema::tagged_union(#title, #description, variants)
        }},
    )
}

/// `JsonSchema` for a type that decodes itself: its name, and `body` building its schema with
/// the generator bound to `generator`.
fn hand_written(def: &TypeDef, generator: TokenStream, body: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let title = &def.name;
    quote! {
        #[cfg(feature = "schemars")]
        impl crate::runtime::schemars::JsonSchema for #name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                #title.into()
            }
            fn json_schema(#generator: &mut crate::runtime::schemars::SchemaGenerator) -> crate::runtime::schemars::Schema {
                #body
            }
        }
    }
}
