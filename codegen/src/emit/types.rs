//! Types: structs, enums and unions with serde, docs, validation and builders.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs;
use super::schema;
use super::text::{Source, Tt, arm, close, comma_separated, open, put, string_literal};
use super::validate;
use crate::model::{Api, Constraints, Direction, Field, Ty, TypeDef, TypeKind};

pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of `ty`, as written inside the vendor's `types` module.
pub fn rust_type(ty: &Ty) -> TokenStream {
    tokens(&crate::rust::type_name(ty))
}

/// Tokens of a type the shared printer wrote.
pub fn tokens(text: &str) -> TokenStream {
    text.parse().unwrap_or_else(|e| {
        let message = format!("the generator printed an invalid type {text:?}: {e}");
        quote!(compile_error!(#message))
    })
}

/// What the types module starts with; each type follows as [`type_def`].
pub fn head(api: &Api) -> TokenStream {
    let header = docs::inner(&format!(
        "Request and response types of the {} API, one per schema the operations use.\n\n\
         Types that are sent validate the vendor's documented constraints (`Validate`, builders); \
         types that are received accept what the vendor plausibly sends: unknown enum values are kept \
         in an `Unknown` variant, unknown fields in `additional`, unexpected union shapes in `Other`.",
        api.title
    ));
    // Every type encodes; all but received structs (which write out their decoding) name
    // `Deserialize`. A module without types imports nothing.
    let names_deserialize = api.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(_) => !def.direction.receives(),
        TypeKind::Alias { .. } => false,
        _ => true,
    });
    let serde = match (api.types.is_empty(), names_deserialize) {
        (true, _) => None,
        (false, true) => Some(quote!(
            use serde::{Deserialize, Serialize};
        )),
        (false, false) => Some(quote!(
            use serde::Serialize;
        )),
    };
    quote! {
        #header
        #serde
    }
}

/// One type as formatted source. Structs and closed enums are written as text; the rarer
/// kinds are built as tokens and formatted.
pub fn type_def(api: &Api, def: &TypeDef) -> Result<String, String> {
    let doc_text = docs::join(&def.docs, &direction_note(def.direction));
    let mut src = Source::new();
    src.docs(&docs::lines(&doc_text));
    let tokens = match &def.kind {
        TypeKind::Struct(s) => return structure(src, api, def, s),
        TypeKind::Enum(values) if !open_enum(def) => {
            closed_enum(&mut src, def, values);
            return src.finish();
        }
        TypeKind::Enum(values) => enumeration(def, values),
        TypeKind::Tagged { tag, variants } => tagged(def, tag, variants),
        TypeKind::Untagged(variants) => untagged(api, def, variants),
        TypeKind::Alias { ty, .. } => {
            let (name, ty) = (ident(&def.name), rust_type(ty));
            quote! { pub type #name = #ty; }
        }
    };
    let doc = docs::attrs(&doc_text);
    super::format(quote! { #doc #tokens })
}

/// An enum that keeps values it does not know (received, or extensible).
fn open_enum(def: &TypeDef) -> bool {
    def.direction.receives() || def.extensible
}

fn direction_note(direction: Direction) -> String {
    match direction {
        Direction::Request => "Sent to the vendor.".into(),
        Direction::Response => "Received from the vendor.".into(),
        Direction::Both => "Sent to and received from the vendor.".into(),
    }
}

/// The arguments of a field's `#[serde(..)]`; none when it needs no attribute.
pub(super) fn field_serde(owner: &str, field: &Field, receives: bool) -> Vec<Tt> {
    let mut parts: Vec<Vec<Tt>> = Vec::new();
    if field.ident != field.wire {
        parts.push(Tt::pair("rename", Tt::string(&field.wire)).to_vec());
    }
    if field.defaulted {
        let function = default_fn(owner, field);
        parts.push(Tt::pair("default", Tt::string(&function)).to_vec());
    } else if !field.required {
        parts.push(vec![Tt::word("default")]);
        parts.push(Tt::pair("skip_serializing_if", Tt::string("Option::is_none")).to_vec());
    } else if field.nullable && receives {
        parts.push(vec![Tt::word("default")]);
    }
    comma_separated(parts)
}

/// A field's documentation lines: the spec's text, its default and constraints, its wire name.
pub(super) fn field_docs(field: &Field) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(default) = &field.default {
        notes.push(format!("Default: `{default}`."));
    }
    let c = &field.constraints;
    let mut rules = Vec::new();
    if let Some(v) = c.min_length {
        rules.push(format!("at least {v} characters"));
    }
    if let Some(v) = c.max_length {
        rules.push(format!("at most {v} characters"));
    }
    if let Some(v) = &c.pattern {
        rules.push(format!("matches `{v}`"));
    }
    if let Some(v) = c.minimum {
        rules.push(format!("at least {v}"));
    }
    if let Some(v) = c.maximum {
        rules.push(format!("at most {v}"));
    }
    if let Some(v) = c.exclusive_minimum {
        rules.push(format!("greater than {v}"));
    }
    if let Some(v) = c.exclusive_maximum {
        rules.push(format!("less than {v}"));
    }
    if let Some(v) = c.multiple_of {
        rules.push(format!("a multiple of {v}"));
    }
    if let Some((a, b)) = c.not_between {
        rules.push(format!("not between {a} and {b}"));
    }
    if let Some(v) = c.min_items {
        rules.push(format!("at least {v} item(s)"));
    }
    if let Some(v) = c.max_items {
        rules.push(format!("at most {v} item(s)"));
    }
    if !rules.is_empty() {
        notes.push(format!("Constraints: {}.", rules.join(", ")));
    }
    let mut text = docs::join(&field.docs, &notes.join(" "));
    if text.is_empty() {
        text = format!("The `{}` field.", field.wire);
    }
    docs::lines(&format!("{text}\n\nWire name: `{}`.", field.wire))
}

/// One field of a struct or twin: documentation, attributes, declaration.
pub(super) fn field_decl(
    src: &mut Source,
    field: &Field,
    serde: &[Tt],
    schema: Option<&[Tt]>,
    ty: &str,
) {
    src.docs(&field_docs(field));
    if !serde.is_empty() {
        src.attr("serde", serde);
    }
    if let Some(schema) = schema {
        src.attr("cfg_attr", schema);
    }
    put!(src, "pub {}: {ty},", field.ident);
}

/// The field that keeps unknown members: its documentation and its type.
pub(super) struct Additional<'a> {
    pub doc: &'a str,
    pub ty: &'a str,
}

/// `pub struct name { .. }` with `fields` written by `field`, then `additional`.
pub(super) fn struct_decl<T>(
    src: &mut Source,
    name: &str,
    fields: &[T],
    additional: Option<Additional<'_>>,
    mut field: impl FnMut(&mut Source, &T),
) {
    if fields.is_empty() && additional.is_none() {
        put!(src, "pub struct {name} {{}}");
        return;
    }
    open!(src, "pub struct {name} {{");
    for f in fields {
        field(src, f);
    }
    if let Some(Additional { doc, ty }) = additional {
        src.docs(&[format!(" {doc}")]);
        put!(src, "#[serde(flatten)]");
        put!(src, "pub additional: {ty},");
    }
    close!(src, "}}");
}

/// A struct: its declaration and decoding as text, then its defaults, success test and
/// validation (built as tokens), then its builder as text.
fn structure(
    mut src: Source,
    api: &Api,
    def: &TypeDef,
    s: &crate::model::Struct,
) -> Result<String, String> {
    let receives = def.direction.receives();
    let keep_unknown = receives && !s.closed;
    let deny_unknown = !receives && s.closed;
    let all_optional = s.fields.iter().all(Field::may_be_absent);
    let mut derives = vec!["Debug", "Clone", "PartialEq"];
    if all_optional {
        derives.push("Default");
    }
    derives.push("Serialize");
    // Received structs decode through their own `Fields` (no buffering of members) and the
    // runtime's `object`, which also takes `[]` for an empty object. The field attributes stay:
    // they drive encoding and the JSON Schema derive.
    if !receives {
        derives.push("Deserialize");
    }
    src.attr(
        "derive",
        &comma_separated(derives.iter().map(|d| [Tt::word(*d)])),
    );
    src.attr("cfg_attr", &schema::derive_args(def, Some(&s.fields)));
    if deny_unknown {
        put!(src, "#[serde(deny_unknown_fields)]");
    }
    put!(src, "#[non_exhaustive]");
    let additional = keep_unknown.then_some(Additional {
        doc: "Fields the spec does not describe, kept as received so that re-encoding loses nothing.",
        ty: "crate::runtime::Additional",
    });
    struct_decl(&mut src, &def.name, &s.fields, additional, |src, f| {
        let serde = field_serde(&def.name, f, receives);
        let schema = schema::field_args(f);
        field_decl(src, f, &serde, Some(&schema), &crate::rust::field_type(f));
    });
    if receives {
        super::decode::received_struct(&mut src, api, def, s, keep_unknown);
    }
    let mut out = src.finish()?;
    let tokens = struct_tokens(def, s);
    if !tokens.is_empty() {
        out.push_str(&super::format(tokens)?);
    }
    if def.direction.sends() {
        out.push_str(&validate::structure(api, def, s).finish()?);
        let mut src = Source::new();
        builder(&mut src, def, s, keep_unknown);
        out.push_str(&src.finish()?);
    }
    Ok(out)
}

/// What follows a struct's declaration as tokens: the functions of its documented defaults
/// and its success test.
fn struct_tokens(def: &TypeDef, s: &crate::model::Struct) -> TokenStream {
    let name = ident(&def.name);
    let defaults = s.fields.iter().filter(|f| f.defaulted).map(|f| {
        let function = ident(&default_fn(&def.name, f));
        let ty = rust_type(&f.ty);
        let value = default_value(f);
        quote! {
            fn #function() -> #ty {
                #value
            }
        }
    });
    let outcome = s.outcome.as_ref().and_then(|(property, values)| {
        let field = s.fields.iter().find(|f| &f.wire == property)?;
        let f = ident(&field.ident);
        let expected: Vec<String> = values.iter().map(ToString::to_string).collect();
        let shown: Vec<String> = values.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect();
        let doc = docs::attrs(&format!("Whether this item succeeded: `{property}` is {}.", shown.join(" or ")));
        Some(quote! {
            impl #name {
                #doc
                pub fn is_success(&self) -> bool {
                    [#(#expected),*].contains(&serde_json::to_string(&self.#f).unwrap_or_default().as_str())
                }
            }
            impl crate::runtime::ItemOutcome for #name {
                fn is_success(&self) -> bool {
                    #name::is_success(self)
                }
            }
        })
    });
    quote! {
        #(#defaults)*
        #outcome
    }
}

/// The expression of a field's documented default, of the field's own type.
pub(super) fn default_value(field: &Field) -> TokenStream {
    match field.default.as_ref() {
        Some(serde_json::Value::Bool(b)) => quote!(#b),
        Some(serde_json::Value::Number(n)) if field.ty == Ty::Integer => {
            let n = n.as_i64().unwrap_or_default();
            quote!(#n)
        }
        Some(serde_json::Value::Number(n)) => {
            let n = proc_macro2::Literal::f64_unsuffixed(n.as_f64().unwrap_or_default());
            quote!(#n)
        }
        Some(serde_json::Value::String(text)) => quote!(#text.to_owned()),
        _ => quote!(Default::default()),
    }
}

/// The function serde calls for a field's documented default.
pub(super) fn default_fn(owner: &str, field: &Field) -> String {
    use heck::ToSnakeCase;
    format!(
        "default_{}_{}",
        owner.to_snake_case(),
        field.ident.trim_end_matches('_')
    )
}

/// The builder of a sent struct: a setter per field, and `build`, which reports every missing
/// field and broken constraint at once.
fn builder(src: &mut Source, def: &TypeDef, s: &crate::model::Struct, keep_unknown: bool) {
    let name = &def.name;
    let builder = format!("{name}Builder");
    let operation = string_literal(name);
    open!(src, "impl {name} {{");
    src.docs(&[
        " Starts a builder; `build` reports every missing field and broken constraint at once.",
    ]);
    open!(src, "pub fn builder() -> {builder} {{");
    put!(src, "{builder}::default()");
    close!(src, "}}");
    close!(src, "}}");
    src.docs(&docs::plain_lines(&format!(
        "Builds a [`{name}`], checking the documented constraints in `build`."
    )));
    put!(src, "#[derive(Debug, Clone, Default)]");
    put!(src, "#[must_use]");
    let unset = |f: &&Field| f.required && !f.nullable;
    struct_decl(src, &builder, &s.fields, None, |src, f| {
        let ty = crate::rust::field_type(f);
        if unset(&f) {
            put!(src, "{}: Option<{ty}>,", f.ident);
        } else {
            put!(src, "{}: {ty},", f.ident);
        }
    });
    open!(src, "impl {builder} {{");
    for f in &s.fields {
        src.docs(&field_docs(f));
        let ty = crate::rust::type_name(&f.ty);
        open!(
            src,
            "pub fn {}(mut self, value: impl Into<{ty}>) -> Self {{",
            f.ident
        );
        if f.boxed {
            put!(src, "self.{} = Some(Box::new(value.into()));", f.ident);
        } else {
            put!(src, "self.{} = Some(value.into());", f.ident);
        }
        put!(src, "self");
        close!(src, "}}");
    }
    src.docs(&[" The value, or every missing field and broken constraint."]);
    open!(
        src,
        "pub fn build(self) -> Result<{name}, crate::runtime::InvalidRequest> {{"
    );
    let required: Vec<&Field> = s.fields.iter().filter(unset).collect();
    if !required.is_empty() {
        put!(
            src,
            "let mut missing: Vec<crate::runtime::Violation> = Vec::new();"
        );
        for f in &required {
            open!(src, "if self.{}.is_none() {{", f.ident);
            put!(src, "missing");
            // A struct literal this wide always breaks, and breaks the call before it.
            open!(src, "    .push(crate::runtime::Violation {{");
            put!(src, "    path: {}.to_owned(),", string_literal(&f.wire));
            put!(src, "    rule: \"is required\".to_owned(),");
            close!(src, "    }});");
            close!(src, "}}");
        }
        let pattern: Vec<String> = required
            .iter()
            .map(|f| format!("Some({})", f.ident))
            .collect();
        let values: Vec<String> = required
            .iter()
            .map(|f| format!("self.{}", f.ident))
            .collect();
        let (pattern, values) = if required.len() == 1 {
            (format!("{},", pattern[0]), format!("{},", values[0]))
        } else {
            (pattern.join(", "), values.join(", "))
        };
        open!(src, "let ({pattern}) = ({values}) else {{");
        open!(src, "return Err(crate::runtime::InvalidRequest {{");
        put!(src, "operation: {operation},");
        put!(src, "violations: missing,");
        close!(src, "}});");
        close!(src, "}};");
    }
    let mut assign: Vec<String> = s
        .fields
        .iter()
        .map(|f| {
            if unset(&f) {
                f.ident.clone()
            } else {
                format!("{0}: self.{0}", f.ident)
            }
        })
        .collect();
    if keep_unknown {
        assign.push("additional: crate::runtime::Additional::new()".into());
    }
    src.struct_literal("let value = ", name, &assign, ";");
    put!(src, "crate::runtime::Validate::validate(&value)");
    open!(
        src,
        "    .map_err(|violations| crate::runtime::InvalidRequest {{"
    );
    put!(src, "    operation: {operation},");
    put!(src, "    violations,");
    close!(src, "    }})?;");
    put!(src, "Ok(value)");
    close!(src, "}}");
    close!(src, "}}");
}

/// A closed enum: a variant per documented value, nothing else decodes or may be sent.
fn closed_enum(src: &mut Source, def: &TypeDef, values: &[crate::model::EnumValue]) {
    let name = &def.name;
    put!(
        src,
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]"
    );
    src.attr("cfg_attr", &schema::derive_args(def, None));
    if values.is_empty() {
        src.unsure();
    }
    open!(src, "pub enum {name} {{");
    for v in values {
        src.docs(&docs::lines(&v.docs));
        src.attr(
            "cfg_attr",
            &schema::variant_args(&v.docs, &Constraints::default()),
        );
        src.attr("serde", &Tt::pair("rename", Tt::string(&v.wire)));
        put!(src, "{},", v.ident);
    }
    close!(src, "}}");
    open!(src, "impl {name} {{");
    src.docs(&[" The value as sent on the wire."]);
    open!(src, "pub fn as_str(&self) -> &'static str {{");
    open!(src, "match self {{");
    for v in values {
        arm!(src, "Self::{} => {},", v.ident, string_literal(&v.wire));
    }
    close!(src, "}}");
    close!(src, "}}");
    close!(src, "}}");
    // A value the type can hold is always acceptable.
    validate::write_impl(src, name, src.block().block(), false);
    open!(src, "impl std::fmt::Display for {name} {{");
    open!(
        src,
        "fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{"
    );
    put!(src, "f.write_str(self.as_str())");
    close!(src, "}}");
    close!(src, "}}");
}

/// An open enum: the documented values and `Unknown` for any other, decoded from any string.
fn enumeration(def: &TypeDef, values: &[crate::model::EnumValue]) -> TokenStream {
    let name = ident(&def.name);
    let variants: Vec<Ident> = values.iter().map(|v| ident(&v.ident)).collect();
    let wires: Vec<&String> = values.iter().map(|v| &v.wire).collect();
    let variant_docs: Vec<TokenStream> = values.iter().map(|v| docs::attrs(&v.docs)).collect();
    // Other values are refused before sending unless the list is extensible.
    let refuses_unknown = def.direction.sends() && !def.extensible;
    // A value the type can hold is always acceptable: a closed enum, or an extensible one.
    let accept_any = quote! {
        impl crate::runtime::Validate for #name {
            fn validate_at(&self, _: &crate::runtime::validate::Path<'_>, _: &mut Vec<crate::runtime::Violation>) {}
        }
    };
    let common = quote! {
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
    let json_schema = schema::open_enum(def, values, refuses_unknown);
    let validate = if !def.direction.sends() {
        quote!()
    } else if def.extensible {
        // An extensible list is documentation when sending: any value may go out.
        accept_any
    } else {
        quote! {
            impl crate::runtime::Validate for #name {
                fn validate_at(&self, path: &crate::runtime::validate::Path<'_>, out: &mut Vec<crate::runtime::Violation>) {
                    if let Self::Unknown(value) = self {
                        crate::runtime::validate::one_of(path, value, &[#(#wires),*], out);
                    }
                }
            }
        }
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value this version of the bindings does not know, kept exactly as received.
            Unknown(String),
        }
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(value) => value,
                }
            }
        }
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
        #validate
        #common
        #json_schema
    }
}

// Unions allow `clippy::large_enum_variant`: their variants are wire objects whose sizes the
// vendor decides, and boxing them would make every match clumsier to save memory users rarely miss.
fn tagged(def: &TypeDef, tag: &str, variants: &[crate::model::TaggedVariant]) -> TokenStream {
    let name = ident(&def.name);
    let idents: Vec<Ident> = variants.iter().map(|v| ident(&v.ident)).collect();
    let tys: Vec<Ident> = variants.iter().map(|v| ident(&v.ty)).collect();
    let tags: Vec<&String> = variants.iter().map(|v| &v.tag_value).collect();
    let variant_docs: Vec<TokenStream> = variants
        .iter()
        .map(|v| docs::attrs(&docs::join(&format!("`{tag}: {}`.", v.tag_value), &v.docs)))
        .collect();
    let validate = def.direction.sends().then(|| {
        quote! {
            impl crate::runtime::Validate for #name {
                fn validate_at(&self, path: &crate::runtime::validate::Path<'_>, out: &mut Vec<crate::runtime::Violation>) {
                    match self {
                        #( Self::#idents(inner) => crate::runtime::Validate::validate_at(inner, path, out), )*
                        #[allow(unreachable_patterns)]
                        _ => out.push(crate::runtime::Violation { path: path.to_string(), rule: format!("{} is not a documented {}", #tag, stringify!(#name)) }),
                    }
                }
            }
        }
    });
    if !def.direction.receives() {
        let json_schema = schema::derive(def);
        let variant_schemas = variants
            .iter()
            .map(|v| schema::variant(&v.docs, &Constraints::default()));
        return quote! {
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            #json_schema
            #[serde(tag = #tag)]
            #[allow(clippy::large_enum_variant)]
            pub enum #name {
                #( #variant_docs #variant_schemas #[serde(rename = #tags)] #idents(#tys), )*
            }
            #validate
        };
    }
    let json_schema = schema::open_tagged(def, tag, variants);
    // Received unions keep an unknown tag instead of failing the whole answer.
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variant_docs #idents(#tys), )*
            /// A variant this version of the bindings does not know, kept exactly as received.
            Unknown(serde_json::Value),
        }
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (tag, inner) = match self {
                    #( Self::#idents(inner) => (#tags, serde_json::to_value(inner).map_err(serde::ser::Error::custom)?), )*
                    Self::Unknown(value) => return value.serialize(serializer),
                };
                let mut map = match inner {
                    serde_json::Value::Object(map) => map,
                    _ => serde_json::Map::new(),
                };
                map.insert(#tag.to_owned(), serde_json::Value::String(tag.to_owned()));
                map.serialize(serializer)
            }
        }
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let mut value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#tag).and_then(serde_json::Value::as_str).map(str::to_owned);
                let known = matches!(tag.as_deref(), #( Some(#tags) )|*);
                if !known {
                    return Ok(Self::Unknown(value));
                }
                if let Some(map) = value.as_object_mut() {
                    map.remove(#tag);
                }
                match tag.as_deref() {
                    #( Some(#tags) => serde_json::from_value(value).map(Self::#idents).map_err(serde::de::Error::custom), )*
                    _ => Ok(Self::Unknown(value)),
                }
            }
        }
        #validate
        #json_schema
    }
}

fn untagged(api: &Api, def: &TypeDef, variants: &[crate::model::UntaggedVariant]) -> TokenStream {
    let name = ident(&def.name);
    let idents: Vec<Ident> = variants.iter().map(|v| ident(&v.ident)).collect();
    let tys: Vec<TokenStream> = variants.iter().map(|v| rust_type(&v.ty)).collect();
    let variant_docs: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let text = if v.docs.is_empty() {
                format!("The {} form.", v.ident)
            } else {
                v.docs.clone()
            };
            docs::attrs(&text)
        })
        .collect();
    let receives = def.direction.receives();
    let other = receives.then(|| {
        quote! {
            /// A shape none of the documented forms matches, kept exactly as received.
            Other(serde_json::Value),
        }
    });
    let validate = def
        .direction
        .sends()
        .then(|| validate::untagged(api, def, variants));
    let non_exhaustive = receives.then(|| quote!(#[non_exhaustive]));
    let json_schema = schema::derive(def);
    let variant_schemas = variants
        .iter()
        .map(|v| schema::variant(&v.docs, &v.constraints));
    quote! {
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #json_schema
        #[serde(untagged)]
        #non_exhaustive
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variant_docs #variant_schemas #idents(#tys), )*
            #other
        }
        #validate
    }
}
