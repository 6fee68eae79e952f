//! The `borrowed` module of a vendor (feature `borrowed`): a twin of each received struct that
//! holds text, whose strings and free-form JSON are slices of the input instead of copies.
//!
//! Which structs get a twin is a fixed point over the model: a struct borrows when it keeps
//! unknown members, or holds text, free-form JSON, or (through lists and aliases) a struct that
//! borrows. Everything else (numbers, enums, unions, typed maps, structs without text) is held
//! as the owned type, so a twin never carries a lifetime it does not use.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::decode::{Unknown, decoder, reader};
use super::docs;
use super::text::{Source, close, open, put};
use super::types::{
    Additional, default_fn, default_value, field_decl, field_serde, ident, struct_decl, tokens,
};
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
fn field_type(field: &Field, held: &Holding) -> String {
    let inner = match held {
        Holding::Borrowed(ty) => ty.clone(),
        Holding::Owned => crate::rust::qualified_by(&field.ty, "super::types::"),
    };
    let inner = if field.boxed {
        format!("Box<{inner}>")
    } else {
        inner
    };
    if field.always_present() {
        inner
    } else {
        format!("Option<{inner}>")
    }
}

/// The `Members` method that reads the field: borrowed text through `text`, everything else as
/// the owned struct reads it (a twin decodes through `Fields`, as its owned struct does).
fn twin_reader(api: &Api, field: &Field, held: &Holding) -> String {
    let text = matches!(held, Holding::Borrowed(_))
        && !field.boxed
        && *api.unalias(&field.ty) == Ty::String;
    match (text, field.always_present()) {
        (true, true) => "text".to_owned(),
        (true, false) => "opt_text".to_owned(),
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

/// The twin of `def`, if it has one, as formatted source.
pub fn item(api: &Api, twins: &BTreeSet<&str>, def: &TypeDef) -> Option<Result<String, String>> {
    match &def.kind {
        TypeKind::Struct(s) if twins.contains(def.name.as_str()) => Some(twin(api, twins, def, s)),
        _ => None,
    }
}

/// One twin: the struct and its decoding (text), the functions of its defaults (tokens), and
/// its `into_owned` (text).
pub fn twin(
    api: &Api,
    twins: &BTreeSet<&str>,
    def: &TypeDef,
    s: &Struct,
) -> Result<String, String> {
    let name = &def.name;
    let held: Vec<Holding> = s.fields.iter().map(|f| holding(api, twins, f)).collect();
    let mut src = Source::new();
    src.docs(&docs::plain_lines(&format!(
        "[`types::{name}`](super::types::{name}) borrowing its text from the input; \
         `into_owned` gives that struct."
    )));
    put!(src, "#[derive(Debug, Clone, PartialEq, Serialize)]");
    put!(src, "#[non_exhaustive]");
    let keeps_unknown = !s.closed;
    let additional = keeps_unknown.then_some(Additional {
        doc: "Members the spec does not describe, each kept as its JSON text.",
        ty: "crate::runtime::RawMembers<'a>",
    });
    let fields: Vec<(&Field, &Holding)> = s.fields.iter().zip(&held).collect();
    let self_ty = format!("{name}<'a>");
    struct_decl(&mut src, &self_ty, &fields, additional, |src, (f, held)| {
        let serde = field_serde(name, f, true);
        field_decl(src, f, &serde, None, &field_type(f, held));
    });
    let readers: Vec<String> = fields
        .iter()
        .map(|(f, held)| twin_reader(api, f, held))
        .collect();
    let unknown = if keeps_unknown {
        Unknown::KeepRaw
    } else {
        Unknown::Skip
    };
    decoder(
        &mut src,
        name,
        &s.fields,
        &readers,
        unknown,
        "<'de: 'a, 'a>",
        &self_ty,
    );
    let mut out = src.finish()?;
    let defaults: Vec<TokenStream> = fields
        .iter()
        .filter(|(f, _)| f.defaulted)
        .map(|(f, held)| default(def, f, held))
        .collect();
    if !defaults.is_empty() {
        out.push_str(&super::format(quote!(#(#defaults)*))?);
    }
    let mut src = Source::new();
    let owned = format!("super::types::{name}");
    open!(src, "impl {name}<'_> {{");
    src.docs(&[" The owned struct, with every string copied and kept JSON parsed."]);
    open!(
        src,
        "pub fn into_owned(self) -> Result<{owned}, serde_json::Error> {{"
    );
    put!(src, "crate::runtime::IntoOwned::into_owned(self)");
    close!(src, "}}");
    close!(src, "}}");
    open!(src, "impl crate::runtime::IntoOwned for {name}<'_> {{");
    put!(src, "type Owned = {owned};");
    open!(
        src,
        "fn into_owned(self) -> Result<{owned}, serde_json::Error> {{"
    );
    let mut moves: Vec<String> = fields
        .iter()
        .map(|(f, held)| match held {
            Holding::Borrowed(_) => format!(
                "{0}: crate::runtime::IntoOwned::into_owned(self.{0})?",
                f.ident
            ),
            Holding::Owned => format!("{0}: self.{0}", f.ident),
        })
        .collect();
    if keeps_unknown {
        moves.push("additional: crate::runtime::IntoOwned::into_owned(self.additional)?".into());
    }
    src.struct_literal("Ok(", &owned, &moves, ")");
    close!(src, "}}");
    close!(src, "}}");
    out.push_str(&src.finish()?);
    Ok(out)
}

/// The function that fills a defaulted field of a twin: a borrowed literal for text, the
/// owned default otherwise.
fn default(def: &TypeDef, field: &Field, held: &Holding) -> TokenStream {
    let function = ident(&default_fn(&def.name, field));
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
