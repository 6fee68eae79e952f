//! Types: structs, enums and unions with serde, docs, validation and builders.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use super::schema;
use super::validate;
use crate::model::{Api, Constraints, Direction, Field, Ty, TypeDef, TypeKind};

pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of `ty`, as written inside the vendor's `types` module.
pub fn rust_type(ty: &Ty) -> TokenStream {
    tokens(&crate::rust::type_name(ty))
}

/// The same type named from outside the `types` module (`types::X`).
pub fn qualified(ty: &Ty) -> TokenStream {
    tokens(&crate::rust::qualified(ty))
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

pub fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let doc_text = docs::join(&def.docs, &direction_note(def.direction));
    let doc = docs::attrs(&doc_text);
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => structure(api, def, s),
        TypeKind::Enum(values) => enumeration(def, values),
        TypeKind::Tagged { tag, variants } => tagged(def, tag, variants),
        TypeKind::Untagged(variants) => untagged(api, def, variants),
        TypeKind::Alias { ty, .. } => {
            let ty = rust_type(ty);
            return quote! { #doc pub type #name = #ty; };
        }
    };
    quote! { #doc #body }
}

fn direction_note(direction: Direction) -> String {
    match direction {
        Direction::Request => "Sent to the vendor.".into(),
        Direction::Response => "Received from the vendor.".into(),
        Direction::Both => "Sent to and received from the vendor.".into(),
    }
}

/// Serde attributes of a field.
pub(super) fn field_serde(owner: &str, field: &Field, receives: bool) -> TokenStream {
    let mut parts = Vec::new();
    if field.ident != field.wire {
        let wire = &field.wire;
        parts.push(quote!(rename = #wire));
    }
    if field.defaulted {
        let function = default_fn(owner, field).to_string();
        parts.push(quote!(default = #function));
    } else if !field.required {
        parts.push(quote!(default));
        parts.push(quote!(skip_serializing_if = "Option::is_none"));
    } else if field.nullable && receives {
        parts.push(quote!(default));
    }
    if parts.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}

/// A field's type, as the shared printer spells it: an `Option` unless always there.
pub fn field_type(field: &Field) -> TokenStream {
    tokens(&crate::rust::field_type(field))
}

pub(super) fn field_docs(field: &Field) -> TokenStream {
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
    docs::attrs(&format!("{text}\n\nWire name: `{}`.", field.wire))
}

fn structure(api: &Api, def: &TypeDef, s: &crate::model::Struct) -> TokenStream {
    let name = ident(&def.name);
    let receives = def.direction.receives();
    let keep_unknown = receives && !s.closed;
    let deny_unknown = !receives && s.closed;
    let fields = s.fields.iter().map(|f| {
        let doc = field_docs(f);
        let attrs = field_serde(&def.name, f, receives);
        let schema = schema::field(f);
        let ident = ident(&f.ident);
        let ty = field_type(f);
        quote! { #doc #attrs #schema pub #ident: #ty, }
    });
    let additional = keep_unknown.then(|| {
        quote! {
            /// Fields the spec does not describe, kept as received so that re-encoding loses nothing.
            #[serde(flatten)]
            pub additional: crate::runtime::Additional,
        }
    });
    let deny = deny_unknown.then(|| quote!(#[serde(deny_unknown_fields)]));
    let defaults = s.fields.iter().filter(|f| f.defaulted).map(|f| {
        let function = default_fn(&def.name, f);
        let ty = rust_type(&f.ty);
        let value = default_value(f);
        quote! {
            fn #function() -> #ty {
                #value
            }
        }
    });
    let all_optional = s.fields.iter().all(Field::may_be_absent);
    let default = all_optional.then(|| quote!(Default,));
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
    let extra = if def.direction.sends() {
        let validate = validate::structure(api, def, s);
        let builder = builder(def, s, keep_unknown);
        quote! { #validate #builder }
    } else {
        quote!()
    };
    // Received structs decode through their own `Fields` (no buffering of members) and the
    // runtime's `object`, which also takes `[]` for an empty object. The field attributes stay:
    // they drive encoding and the JSON Schema derive.
    let (derive_decode, received) = if receives {
        (
            quote!(),
            super::decode::received_struct(api, def, s, keep_unknown),
        )
    } else {
        (quote!(Deserialize), quote!())
    };
    let json_schema = schema::derive_struct(def, &s.fields);
    quote! {
        #[derive(Debug, Clone, PartialEq, #default Serialize, #derive_decode)]
        #json_schema
        #deny
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #received
        #(#defaults)*
        #outcome
        #extra
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
pub(super) fn default_fn(owner: &str, field: &Field) -> Ident {
    use heck::ToSnakeCase;
    format_ident!(
        "default_{}_{}",
        owner.to_snake_case(),
        field.ident.trim_end_matches('_')
    )
}

fn builder(def: &TypeDef, s: &crate::model::Struct, keep_unknown: bool) -> TokenStream {
    let name = ident(&def.name);
    let builder = format_ident!("{}Builder", def.name);
    let type_name = &def.name;
    let slots = s.fields.iter().map(|f| {
        let ident = ident(&f.ident);
        let ty = field_type(f);
        let ty = if f.required && !f.nullable {
            quote!(Option<#ty>)
        } else {
            ty
        };
        quote! { #ident: #ty, }
    });
    let setters = s.fields.iter().map(|f| {
        let ident = ident(&f.ident);
        let ty = rust_type(&f.ty);
        let doc = field_docs(f);
        let value = if f.boxed {
            quote!(Box::new(value.into()))
        } else {
            quote!(value.into())
        };
        quote! {
            #doc
            pub fn #ident(mut self, value: impl Into<#ty>) -> Self {
                self.#ident = Some(#value);
                self
            }
        }
    });
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.required && !f.nullable)
        .collect();
    let missing = required.iter().map(|f| {
        let ident = ident(&f.ident);
        let wire = &f.wire;
        quote! {
            if self.#ident.is_none() {
                missing.push(crate::runtime::Violation { path: #wire.to_owned(), rule: "is required".to_owned() });
            }
        }
    });
    let required_idents: Vec<Ident> = required.iter().map(|f| ident(&f.ident)).collect();
    let assign = s.fields.iter().map(|f| {
        let ident = ident(&f.ident);
        if f.required && !f.nullable {
            quote!(#ident,)
        } else {
            quote!(#ident: self.#ident,)
        }
    });
    let additional = keep_unknown.then(|| quote!(additional: crate::runtime::Additional::new(),));
    let unpack = if required_idents.is_empty() {
        quote!()
    } else {
        quote! {
            let mut missing: Vec<crate::runtime::Violation> = Vec::new();
            #(#missing)*
            let (#(Some(#required_idents),)*) = (#(self.#required_idents,)*) else {
                return Err(crate::runtime::InvalidRequest { operation: #type_name, violations: missing });
            };
        }
    };
    let doc = docs::trusted(&format!(
        "Builds a [`{}`], checking the documented constraints in `build`.",
        def.name
    ));
    quote! {
        impl #name {
            /// Starts a builder; `build` reports every missing field and broken constraint at once.
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        #doc
        #[derive(Debug, Clone, Default)]
        #[must_use]
        pub struct #builder {
            #(#slots)*
        }

        impl #builder {
            #(#setters)*

            /// The value, or every missing field and broken constraint.
            pub fn build(self) -> Result<#name, crate::runtime::InvalidRequest> {
                #unpack
                let value = #name { #(#assign)* #additional };
                crate::runtime::Validate::validate(&value).map_err(|violations| crate::runtime::InvalidRequest { operation: #type_name, violations })?;
                Ok(value)
            }
        }
    }
}

fn enumeration(def: &TypeDef, values: &[crate::model::EnumValue]) -> TokenStream {
    let name = ident(&def.name);
    let variants: Vec<Ident> = values.iter().map(|v| ident(&v.ident)).collect();
    let wires: Vec<&String> = values.iter().map(|v| &v.wire).collect();
    let variant_docs: Vec<TokenStream> = values.iter().map(|v| docs::attrs(&v.docs)).collect();
    let open = def.direction.receives() || def.extensible;
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
    if !open {
        let json_schema = schema::derive(def);
        let variant_schemas = values
            .iter()
            .map(|v| schema::variant(&v.docs, &Constraints::default()));
        return quote! {
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
            #json_schema
            pub enum #name {
                #( #variant_docs #variant_schemas #[serde(rename = #wires)] #variants, )*
            }
            impl #name {
                /// The value as sent on the wire.
                pub fn as_str(&self) -> &'static str {
                    match self { #( Self::#variants => #wires, )* }
                }
            }
            #accept_any
            #common
        };
    }
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
