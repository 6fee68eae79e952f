//! The `Deserialize` of a received struct, written out rather than derived: serde's derive
//! buffers every member of an object that has a `#[serde(flatten)]` field, and received structs
//! keep unknown members in a flattened `additional`. Here each known key goes straight to its
//! field and only unknown members are collected, with the derive's rules kept: a member seen twice
//! is an error, a missing required one too, `null` is `None`, defaults fill what is absent.
//! A borrowed twin (`borrowed.rs`) decodes through the same generator, with its own readers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{default_fn, ident};
use crate::model::{Api, Field, Struct, Ty, TypeDef};

/// The runtime's tolerant scalar decoder of a received field (a number where the spec says
/// string, a numeric string where it says number), by its function name without `opt_`.
fn tolerant_kind(api: &Api, field: &Field) -> Option<&'static str> {
    if field.boxed {
        return None;
    }
    match api.unalias(&field.ty) {
        Ty::String => Some("string"),
        Ty::Integer => Some("integer"),
        Ty::Number => Some("number"),
        _ => None,
    }
}

/// The method of `Members` that reads a member's value: a tolerant decoder, or `value` (the
/// field's own type).
pub(super) fn reader(api: &Api, field: &Field) -> proc_macro2::Ident {
    match tolerant_kind(api, field) {
        Some(kind) if field.always_present() => format_ident!("{kind}"),
        Some(kind) => format_ident!("opt_{kind}"),
        None if !field.always_present() && !field.boxed && is_received_struct(api, &field.ty) => {
            format_ident!("opt_object")
        }
        None => format_ident!("value"),
    }
}

/// A struct decoded through its own `Fields`, which an optional field can read in one look.
fn is_received_struct(api: &Api, ty: &Ty) -> bool {
    matches!(ty, Ty::Named(name) if api.type_def(name).is_some_and(|def| {
        def.direction.receives() && matches!(def.kind, crate::model::TypeKind::Struct(_))
    }))
}

/// The local that holds each field's value while members are read: `<field>_slot`, with the
/// field's position added where two names would meet (`type_` and `type`).
fn slots(fields: &[Field]) -> Vec<proc_macro2::Ident> {
    let base: Vec<&str> = fields
        .iter()
        .map(|f| f.ident.trim_start_matches("r#").trim_end_matches('_'))
        .collect();
    base.iter()
        .enumerate()
        .map(|(i, name)| {
            if base.iter().filter(|other| *other == name).count() > 1 {
                format_ident!("{name}_slot{i}")
            } else {
                format_ident!("{name}_slot")
            }
        })
        .collect()
}

/// What an absent member becomes, as serde's derive decides it from the field's attributes.
fn when_absent(owner: &str, field: &Field, slot: &proc_macro2::Ident) -> TokenStream {
    let wire = &field.wire;
    if field.defaulted {
        let function = default_fn(owner, field);
        quote!(#slot.unwrap_or_else(#function))
    } else if !field.always_present() {
        quote!(#slot.unwrap_or_default())
    } else {
        quote!(crate::runtime::tolerant::required(#slot, #wire)?)
    }
}

pub fn received_struct(api: &Api, def: &TypeDef, s: &Struct, keep_unknown: bool) -> TokenStream {
    let name = ident(&def.name);
    let readers: Vec<_> = s.fields.iter().map(|f| reader(api, f)).collect();
    let unknown = if keep_unknown {
        Unknown::Keep
    } else {
        Unknown::Skip
    };
    decoder(
        &def.name,
        &s.fields,
        &readers,
        unknown,
        &quote!(<'de>),
        &quote!(#name),
    )
}

/// What a decoder does with a member its struct does not describe.
#[derive(Clone, Copy)]
pub(super) enum Unknown {
    /// Read past (a closed struct).
    Skip,
    /// Into `additional` as a `serde_json` value.
    Keep,
    /// Into `additional` as the member's JSON text (a borrowed twin).
    KeepRaw,
}

/// `Deserialize` and `Fields` of a struct `owner` whose `fields` are read by `readers` (methods
/// of `Members`), implemented with `generics` (which declare `'de`) for `self_ty`.
pub(super) fn decoder(
    owner: &str,
    fields: &[Field],
    readers: &[proc_macro2::Ident],
    unknown: Unknown,
    generics: &TokenStream,
    self_ty: &TokenStream,
) -> TokenStream {
    let names = slots(fields);
    let slots = names.iter().map(|slot| quote!(let mut #slot = None;));
    let arms = fields
        .iter()
        .zip(&names)
        .zip(readers)
        .map(|((f, slot), reader)| {
            let wire = &f.wire;
            quote!(#wire => map.#reader(&mut #slot, #wire)?,)
        });
    let (unknown, other, keep) = match unknown {
        Unknown::Skip => (quote!(), quote!(map.skip()?), quote!()),
        Unknown::Keep => (
            quote!(let mut unknown = crate::runtime::Additional::new();),
            quote!(map.keep(key, &mut unknown)?),
            quote!(additional: unknown,),
        ),
        Unknown::KeepRaw => (
            quote!(let mut unknown = crate::runtime::RawMembers::new();),
            quote!(map.keep_raw(key, &mut unknown)?),
            quote!(additional: unknown,),
        ),
    };
    let members = if fields.is_empty() {
        quote!(while let Some(key) = map.next_key()? { #other; })
    } else {
        quote! {
            while let Some(key) = map.next_key()? {
                match key.as_str() {
                    #(#arms)*
                    _ => #other,
                }
            }
        }
    };
    let values = fields.iter().zip(&names).map(|(f, slot)| {
        let field = ident(&f.ident);
        let value = when_absent(owner, f, slot);
        quote!(#field: #value,)
    });
    quote! {
        impl #generics serde::Deserialize<'de> for #self_ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::tolerant::object(deserializer)
            }
        }
        impl #generics crate::runtime::tolerant::Fields<'de> for #self_ty {
            fn from_fields<A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
                let mut map = crate::runtime::tolerant::Members::new(map);
                #(#slots)*
                #unknown
                #members
                Ok(Self { #(#values)* #keep })
            }
        }
    }
}
