//! The `Deserialize` of a received struct, written out rather than derived: serde's derive
//! buffers every member of an object that has a `#[serde(flatten)]` field, and received structs
//! keep unknown members in a flattened `additional`. Here each known key goes straight to its
//! field and only unknown members are collected, with the derive's rules kept: a member seen twice
//! is an error, a missing required one too, `null` is `None`, defaults fill what is absent.
//! A borrowed twin (`borrowed.rs`) decodes through the same generator, with its own readers.

use super::text::{Source, arm, close, open, put, string_literal};
use super::types::default_fn;
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
pub(super) fn reader(api: &Api, field: &Field) -> String {
    match tolerant_kind(api, field) {
        Some(kind) if field.always_present() => kind.to_owned(),
        Some(kind) => format!("opt_{kind}"),
        None if !field.always_present() && !field.boxed && is_received_struct(api, &field.ty) => {
            "opt_object".to_owned()
        }
        None => "value".to_owned(),
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
fn slots(fields: &[Field]) -> Vec<String> {
    let base: Vec<&str> = fields
        .iter()
        .map(|f| f.ident.trim_start_matches("r#").trim_end_matches('_'))
        .collect();
    base.iter()
        .enumerate()
        .map(|(i, name)| {
            if base.iter().filter(|other| *other == name).count() > 1 {
                format!("{name}_slot{i}")
            } else {
                format!("{name}_slot")
            }
        })
        .collect()
}

/// What an absent member becomes, as serde's derive decides it from the field's attributes.
fn when_absent(owner: &str, field: &Field, slot: &str) -> String {
    if field.defaulted {
        format!("{slot}.unwrap_or_else({})", default_fn(owner, field))
    } else if !field.always_present() {
        format!("{slot}.unwrap_or_default()")
    } else {
        let wire = string_literal(&field.wire);
        format!("crate::runtime::tolerant::required({slot}, {wire})?")
    }
}

/// The decoding of a received struct, after its declaration.
pub fn received_struct(src: &mut Source, api: &Api, def: &TypeDef, s: &Struct, keep_unknown: bool) {
    let readers: Vec<String> = s.fields.iter().map(|f| reader(api, f)).collect();
    let unknown = if keep_unknown {
        Unknown::Keep
    } else {
        Unknown::Skip
    };
    decoder(
        src, &def.name, &s.fields, &readers, unknown, "<'de>", &def.name,
    );
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
    src: &mut Source,
    owner: &str,
    fields: &[Field],
    readers: &[String],
    unknown: Unknown,
    generics: &str,
    self_ty: &str,
) {
    let names = slots(fields);
    open!(
        src,
        "impl{generics} serde::Deserialize<'de> for {self_ty} {{"
    );
    open!(src, "fn deserialize<D: serde::Deserializer<'de>>(");
    put!(src, "deserializer: D,");
    close!(src, ") -> Result<Self, D::Error> {{");
    src.indent_more();
    put!(src, "crate::runtime::tolerant::object(deserializer)");
    close!(src, "}}");
    close!(src, "}}");
    open!(
        src,
        "impl{generics} crate::runtime::tolerant::Fields<'de> for {self_ty} {{"
    );
    open!(
        src,
        "fn from_fields<A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {{"
    );
    put!(
        src,
        "let mut map = crate::runtime::tolerant::Members::new(map);"
    );
    for slot in &names {
        put!(src, "let mut {slot} = None;");
    }
    let other = match unknown {
        Unknown::Skip => "map.skip()?",
        Unknown::Keep => {
            put!(src, "let mut unknown = crate::runtime::Additional::new();");
            "map.keep(key, &mut unknown)?"
        }
        Unknown::KeepRaw => {
            put!(src, "let mut unknown = crate::runtime::RawMembers::new();");
            "map.keep_raw(key, &mut unknown)?"
        }
    };
    open!(src, "while let Some(key) = map.next_key()? {{");
    if fields.is_empty() {
        // Rare, and laid out differently: left to prettyplease.
        src.unsure();
        put!(src, "{other};");
    } else {
        open!(src, "match key.as_str() {{");
        for ((f, slot), reader) in fields.iter().zip(&names).zip(readers) {
            let wire = string_literal(&f.wire);
            arm!(src, "{wire} => map.{reader}(&mut {slot}, {wire})?,");
        }
        arm!(src, "_ => {other},");
        close!(src, "}}");
    }
    close!(src, "}}");
    let mut values: Vec<String> = fields
        .iter()
        .zip(&names)
        .map(|(f, slot)| format!("{}: {}", f.ident, when_absent(owner, f, slot)))
        .collect();
    if !matches!(unknown, Unknown::Skip) {
        values.push("additional: unknown".to_owned());
    }
    src.struct_literal("Ok(", "Self", &values, ")");
    close!(src, "}}");
    close!(src, "}}");
}
