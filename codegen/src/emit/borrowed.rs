//! The `borrowed` module of a vendor (feature `borrowed`): a twin of each received struct that
//! holds text, whose strings and free-form JSON are slices of the input instead of copies.
//!
//! Which structs get a twin is a fixed point over the model: a struct borrows when it keeps
//! unknown members, or holds text, free-form JSON, or (through lists and aliases) a struct that
//! borrows. Everything else (numbers, enums, unions, typed maps, structs without text) is held
//! as the owned type, so a twin never carries a lifetime it does not use.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::decode::{Unknown, decoder, reader};
use super::docs;
use super::types::{default_fn, default_value, field_docs, field_serde, ident, tokens};
use crate::model::{Api, Field, Struct, Ty, TypeDef, TypeKind};

/// How a twin holds one field.
enum Holding {
    /// As the owned type, moved across by `into_owned`.
    Owned,
    /// As this borrowed type (text of a Rust type, with the lifetime `'a`).
    Borrowed(String),
}

/// The received structs that get a twin, by name.
pub fn twins(api: &Api) -> BTreeSet<&str> {
    let received: Vec<(&TypeDef, &Struct)> = api
        .types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(s) if def.direction.receives() => Some((def, s)),
            _ => None,
        })
        .collect();
    let mut twins = BTreeSet::new();
    loop {
        let before = twins.len();
        for (def, s) in &received {
            if !twins.contains(def.name.as_str()) && borrows(api, &twins, s) {
                twins.insert(def.name.as_str());
            }
        }
        if twins.len() == before {
            return twins;
        }
    }
}

fn borrows(api: &Api, twins: &BTreeSet<&str>, s: &Struct) -> bool {
    !s.closed
        || s.fields
            .iter()
            .any(|f| matches!(holding(api, twins, f), Holding::Borrowed(_)))
}

fn holding(api: &Api, twins: &BTreeSet<&str>, field: &Field) -> Holding {
    let ty = api.unalias(&field.ty);
    // A documented default is an owned value; only a text one is as easily borrowed.
    if field.defaulted && *ty != Ty::String {
        return Holding::Owned;
    }
    borrowed_type(api, twins, ty).map_or(Holding::Owned, Holding::Borrowed)
}

fn borrowed_type(api: &Api, twins: &BTreeSet<&str>, ty: &Ty) -> Option<String> {
    match api.unalias(ty) {
        Ty::String => Some("std::borrow::Cow<'a, str>".into()),
        Ty::Json => Some("crate::runtime::RawJson<'a>".into()),
        Ty::Object => Some("crate::runtime::RawObject<'a>".into()),
        Ty::Vec(inner) => borrowed_type(api, twins, inner).map(|t| format!("Vec<{t}>")),
        Ty::Named(name) if twins.contains(name.as_str()) => Some(format!("{name}<'a>")),
        _ => None,
    }
}

/// The field's type in the twin: the borrowed type, or the owned one named from here.
fn field_type(field: &Field, held: &Holding) -> TokenStream {
    let inner = match held {
        Holding::Borrowed(ty) => ty.clone(),
        Holding::Owned => crate::rust::qualified_by(&field.ty, "super::types::"),
    };
    let inner = if field.boxed {
        format!("Box<{inner}>")
    } else {
        inner
    };
    tokens(&if field.always_present() {
        inner
    } else {
        format!("Option<{inner}>")
    })
}

/// The `Members` method that reads the field: borrowed text through `text`, everything else as
/// the owned struct reads it (a twin decodes through `Fields`, as its owned struct does).
fn twin_reader(api: &Api, field: &Field, held: &Holding) -> proc_macro2::Ident {
    let text = matches!(held, Holding::Borrowed(_))
        && !field.boxed
        && *api.unalias(&field.ty) == Ty::String;
    match (text, field.always_present()) {
        (true, true) => format_ident!("text"),
        (true, false) => format_ident!("opt_text"),
        (false, _) => reader(api, field),
    }
}

/// What `borrowed.rs` starts with; each twin follows as [`twin`].
pub fn head(api: &Api, twins: &BTreeSet<&str>) -> TokenStream {
    let header = docs::trusted_inner(&format!(
        "Borrowed twins of the received structs of the {} API (feature `borrowed`).\n\n\
         Each twin has the name and the fields of its struct in [`types`](super::types), but \
         its text and free-form JSON point into the input instead of being copied, and unknown \
         members are kept as their JSON text. Decode one with `serde_json::from_str` or \
         `from_slice` (not from a reader), keep the input alive while the value is, and call \
         `into_owned` for the owned struct. Structs without text have no twin: the twins hold \
         them as they are.",
        api.title
    ));
    let serde = (!twins.is_empty()).then(|| {
        quote!(
            use serde::Serialize;
        )
    });
    quote! {
        #header
        #serde
    }
}

/// The twin of `def`, if it has one.
pub fn item(api: &Api, twins: &BTreeSet<&str>, def: &TypeDef) -> Option<TokenStream> {
    match &def.kind {
        TypeKind::Struct(s) if twins.contains(def.name.as_str()) => Some(twin(api, twins, def, s)),
        _ => None,
    }
}

/// One twin: the struct, its decoding, its defaults and its `into_owned`.
pub fn twin(api: &Api, twins: &BTreeSet<&str>, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let held: Vec<Holding> = s.fields.iter().map(|f| holding(api, twins, f)).collect();
    let doc = docs::trusted(&format!(
        "[`types::{0}`](super::types::{0}) borrowing its text from the input; \
         `into_owned` gives that struct.",
        def.name
    ));
    let fields = s.fields.iter().zip(&held).map(|(f, held)| {
        let doc = field_docs(f);
        let attrs = field_serde(&def.name, f, true);
        let ident = ident(&f.ident);
        let ty = field_type(f, held);
        quote! { #doc #attrs pub #ident: #ty, }
    });
    let keeps_unknown = !s.closed;
    let additional = keeps_unknown.then(|| {
        quote! {
            /// Members the spec does not describe, each kept as its JSON text.
            #[serde(flatten)]
            pub additional: crate::runtime::RawMembers<'a>,
        }
    });
    let readers: Vec<_> = s
        .fields
        .iter()
        .zip(&held)
        .map(|(f, held)| twin_reader(api, f, held))
        .collect();
    let unknown = if keeps_unknown {
        Unknown::KeepRaw
    } else {
        Unknown::Skip
    };
    let decoding = decoder(
        &def.name,
        &s.fields,
        &readers,
        unknown,
        &quote!(<'de: 'a, 'a>),
        &quote!(#name<'a>),
    );
    let defaults = s
        .fields
        .iter()
        .zip(&held)
        .filter(|(f, _)| f.defaulted)
        .map(|(f, held)| default(def, f, held));
    let owned = quote!(super::types::#name);
    let moves = s.fields.iter().zip(&held).map(|(f, held)| {
        let ident = ident(&f.ident);
        match held {
            Holding::Borrowed(_) => {
                quote!(#ident: crate::runtime::IntoOwned::into_owned(self.#ident)?,)
            }
            Holding::Owned => quote!(#ident: self.#ident,),
        }
    });
    let additional_owned = keeps_unknown
        .then(|| quote!(additional: crate::runtime::IntoOwned::into_owned(self.additional)?,));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[non_exhaustive]
        pub struct #name<'a> {
            #(#fields)*
            #additional
        }
        #decoding
        #(#defaults)*
        impl #name<'_> {
            /// The owned struct, with every string copied and kept JSON parsed.
            pub fn into_owned(self) -> Result<#owned, serde_json::Error> {
                crate::runtime::IntoOwned::into_owned(self)
            }
        }
        impl crate::runtime::IntoOwned for #name<'_> {
            type Owned = #owned;

            fn into_owned(self) -> Result<#owned, serde_json::Error> {
                Ok(#owned { #(#moves)* #additional_owned })
            }
        }
    }
}

/// The function that fills a defaulted field of a twin: a borrowed literal for text, the
/// owned default otherwise.
fn default(def: &TypeDef, field: &Field, held: &Holding) -> TokenStream {
    let function = default_fn(&def.name, field);
    match held {
        // A default that is not text leaves the text empty, as the owned default does.
        Holding::Borrowed(_) => {
            let text = field
                .default
                .as_ref()
                .and_then(|d| d.as_str())
                .unwrap_or("");
            quote! {
                fn #function<'a>() -> std::borrow::Cow<'a, str> {
                    std::borrow::Cow::Borrowed(#text)
                }
            }
        }
        Holding::Owned => {
            let ty = tokens(&crate::rust::qualified_by(&field.ty, "super::types::"));
            let value = default_value(field);
            quote! {
                fn #function() -> #ty {
                    #value
                }
            }
        }
    }
}
