//! JSON Schema of the generated types, behind the generated crate's `schemars` feature: derives
//! with the spec's own descriptions and constraints as schemars attributes, and hand-written
//! impls where the type decodes itself (open enums, unions that keep unknown tags).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::types::ident;
use crate::model::{Constraints, EnumValue, Field, TaggedVariant, TypeDef};

/// The derive on a type, with its spec description (no rustdoc markup, no generator notes).
pub fn derive(def: &TypeDef) -> TokenStream {
    derive_with(def, quote!())
}

/// The derive on a struct, whose required properties are the spec's: a required field that may
/// be null, or has a documented default, is still required on the wire, where schemars would
/// count it optional from its `Option` type or serde default.
pub fn derive_struct(def: &TypeDef, fields: &[Field]) -> TokenStream {
    let required: Vec<&String> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| &f.wire)
        .collect();
    if required.is_empty() {
        return derive(def);
    }
    derive_with(def, quote!(, extend("required" = [#(#required),*])))
}

fn derive_with(def: &TypeDef, more: TokenStream) -> TokenStream {
    let title = &def.name;
    let description = def.docs.trim();
    quote! {
        #[cfg_attr(
            feature = "schemars",
            derive(crate::runtime::schemars::JsonSchema),
            schemars(crate = "crate::runtime::schemars", title = #title, description = #description #more)
        )]
    }
}

/// A field's description, whether the spec requires it, and its constraints.
pub fn field(field: &Field) -> TokenStream {
    let description = field.docs.trim();
    let rules = constraint_attrs(&field.constraints);
    quote! {
        #[cfg_attr(feature = "schemars", schemars(title = "", description = #description #(, #rules)*))]
    }
}

/// A variant's description and constraints. schemars takes validation attributes on fields
/// only, so a variant's constraints are written as the keywords themselves.
pub fn variant(docs: &str, constraints: &Constraints) -> TokenStream {
    let description = docs.trim();
    let keywords = keyword_attrs(constraints);
    quote! {
        #[cfg_attr(feature = "schemars", schemars(title = "", description = #description #(, #keywords)*))]
    }
}

/// Every constraint as `extend("keyword" = value)`.
fn keyword_attrs(c: &Constraints) -> Vec<TokenStream> {
    let counts = [
        ("minLength", c.min_length),
        ("maxLength", c.max_length),
        ("minItems", c.min_items),
        ("maxItems", c.max_items),
    ];
    let mut attrs: Vec<TokenStream> = counts
        .into_iter()
        .filter_map(|(key, value)| {
            let value = Literal::u64_unsuffixed(value?);
            Some(quote!(extend(#key = #value)))
        })
        .collect();
    for (key, value) in [("minimum", c.minimum), ("maximum", c.maximum)] {
        if let Some(value) = value {
            let value = number(value);
            attrs.push(quote!(extend(#key = #value)));
        }
    }
    if let Some(pattern) = &c.pattern {
        attrs.push(quote!(extend("pattern" = #pattern)));
    }
    attrs.extend(extended_keywords(c));
    attrs
}

/// The spec's constraints as schemars attributes: `length`, `range` and `regex` where schemars
/// has them, `extend` for the keywords it does not (exclusive bounds, `multipleOf`, a forbidden
/// range, allowed values), and `inner` for each item of a list.
fn constraint_attrs(c: &Constraints) -> Vec<TokenStream> {
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
            attrs.push(quote!(inner(#(#inner),*)));
        }
    }
    attrs
}

fn scalar_attrs(c: &Constraints) -> Vec<TokenStream> {
    let mut attrs = Vec::new();
    if let Some(length) = bounds("length", c.min_length, c.max_length) {
        attrs.push(length);
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        let min = c.minimum.map(|v| {
            let v = number(v);
            quote!(min = #v)
        });
        let max = c.maximum.map(|v| {
            let v = number(v);
            quote!(max = #v)
        });
        let parts = min.into_iter().chain(max);
        attrs.push(quote!(range(#(#parts),*)));
    }
    if let Some(pattern) = &c.pattern {
        attrs.push(quote!(regex(pattern = #pattern)));
    }
    attrs.extend(extended_keywords(c));
    attrs
}

/// The keywords schemars has no attribute for.
fn extended_keywords(c: &Constraints) -> Vec<TokenStream> {
    let mut attrs = Vec::new();
    for (key, value) in [
        ("exclusiveMinimum", c.exclusive_minimum),
        ("exclusiveMaximum", c.exclusive_maximum),
        ("multipleOf", c.multiple_of),
    ] {
        if let Some(value) = value {
            let value = number(value);
            attrs.push(quote!(extend(#key = #value)));
        }
    }
    if let Some((low, high)) = c.not_between {
        let (low, high) = (number(low), number(high));
        attrs.push(quote!(extend("not" = { "exclusiveMinimum": #low, "exclusiveMaximum": #high })));
    }
    if !c.one_of.is_empty() {
        let values = &c.one_of;
        attrs.push(quote!(extend("enum" = [#(#values),*])));
    }
    attrs
}

fn bounds(name: &str, min: Option<u64>, max: Option<u64>) -> Option<TokenStream> {
    if min.is_none() && max.is_none() {
        return None;
    }
    let name = ident(name);
    let min = min.map(|v| {
        let v = Literal::u64_unsuffixed(v);
        quote!(min = #v)
    });
    let max = max.map(|v| {
        let v = Literal::u64_unsuffixed(v);
        quote!(max = #v)
    });
    let parts = min.into_iter().chain(max);
    Some(quote!(#name(#(#parts),*)))
}

/// A number as the spec wrote it: `5`, not `5.0`, when it is whole.
fn number(value: f64) -> Literal {
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        // Exact: a whole number below 2^53 converts without loss.
        Literal::i64_unsuffixed(value as i64)
    } else {
        Literal::f64_unsuffixed(value)
    }
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
