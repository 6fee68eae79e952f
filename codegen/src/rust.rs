//! Rust types and method signatures as the generated crate spells them. One printer serves the
//! emitter (which parses these strings into tokens) and the diff (which shows them to reviewers),
//! so the two cannot disagree.

use std::fmt;

use crate::model::{Api, BodyKind, Field, Operation, Param, Ty};

/// The Rust type of `ty` inside the vendor's `types` module.
pub fn type_name(ty: &Ty) -> String {
    match ty {
        Ty::String => "String".into(),
        Ty::Secret => "crate::runtime::Secret".into(),
        Ty::Integer => "i64".into(),
        Ty::Number => "f64".into(),
        Ty::Boolean => "bool".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::Bytes => "Vec<u8>".into(),
        Ty::Map(inner) => format!("std::collections::BTreeMap<String, {}>", type_name(inner)),
        Ty::Object => "serde_json::Map<String, serde_json::Value>".into(),
        Ty::Vec(inner) => format!("Vec<{}>", type_name(inner)),
        Ty::Named(n) => n.clone(),
    }
}

/// The same type named from the client module (`types::X`).
pub fn qualified(ty: &Ty) -> String {
    qualified_by(ty, "types::")
}

/// The same type with `path` before each name of the `types` module (`super::types::X`).
pub fn qualified_by(ty: &Ty, path: &str) -> String {
    match ty {
        Ty::Named(n) => format!("{path}{n}"),
        Ty::Vec(inner) => format!("Vec<{}>", qualified_by(inner, path)),
        Ty::Map(inner) => format!(
            "std::collections::BTreeMap<String, {}>",
            qualified_by(inner, path)
        ),
        other => type_name(other),
    }
}

/// A struct field's type: an `Option` unless the value is always there.
pub fn field_type(field: &Field) -> String {
    let inner = if field.boxed {
        format!("Box<{}>", type_name(&field.ty))
    } else {
        type_name(&field.ty)
    };
    if field.always_present() {
        inner
    } else {
        format!("Option<{inner}>")
    }
}

/// Whether a parameter is passed by reference (`&str`, `&[T]`, `&T`) rather than by value.
pub fn param_by_reference(api: &Api, p: &Param) -> bool {
    !matches!(api.unalias(&p.ty), Ty::Integer | Ty::Number | Ty::Boolean)
}

/// A method argument's type for a parameter: borrowed where it is not a number or a boolean,
/// `Option` when the parameter is optional.
pub fn param_type(api: &Api, p: &Param) -> String {
    let base = match api.unalias(&p.ty) {
        Ty::String => "&str".to_owned(),
        Ty::Vec(inner) => format!("&[{}]", qualified(inner)),
        ty @ (Ty::Integer | Ty::Number | Ty::Boolean) => type_name(ty),
        other => format!("&{}", qualified(other)),
    };
    if p.required {
        base
    } else {
        format!("Option<{base}>")
    }
}

/// One generated client method's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub name: String,
    /// (name, type), after `&self`.
    pub args: Vec<(String, String)>,
    /// What a success returns.
    pub ok: String,
    /// The error type, `runtime::Error` or `runtime::Error<XError>`.
    pub error: String,
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "async fn {}(&self", self.name)?;
        for (name, ty) in &self.args {
            write!(f, ", {name}: {ty}")?;
        }
        write!(f, ") -> Result<{}, {}>", self.ok, self.error)
    }
}

/// The client method of `op`.
pub fn signature(api: &Api, op: &Operation) -> Signature {
    let mut args: Vec<(String, String)> = op
        .params
        .iter()
        .map(|p| (p.ident.clone(), param_type(api, p)))
        .collect();
    if let Some(body) = &op.body {
        args.push(("body".into(), body_type(body)));
    }
    Signature {
        name: op.method_name.clone(),
        args,
        ok: success_type(op),
        error: match op.error_type() {
            Some(e) => format!("runtime::Error<{e}>"),
            None => "runtime::Error".into(),
        },
    }
}

/// A request body's argument type: borrowed, except multipart parts, which the caller builds and
/// hands over.
fn body_type(body: &crate::model::Body) -> String {
    match (body.kind, &body.ty) {
        (BodyKind::Multipart, _) => "runtime::Multipart".into(),
        (_, Ty::String | Ty::Secret) => "&str".into(),
        (_, Ty::Bytes) => "&[u8]".into(),
        (_, Ty::Vec(inner)) => format!("&[{}]", qualified(inner)),
        (_, other) => format!("&{}", qualified(other)),
    }
}

/// What a successful call returns: the answer's value, the enum of several, or `()`.
pub fn success_type(op: &Operation) -> String {
    if let Some(name) = op.success_enum() {
        return name;
    }
    match op.successes().next().and_then(|r| r.value.as_ref()) {
        Some(v) if v.optional => format!("Option<{}>", qualified(&v.ty)),
        Some(v) => qualified(&v.ty),
        None => "()".into(),
    }
}

/// The type a variant of an outcome enum holds for one answer, if it has a body.
pub fn answer_type(value: Option<&crate::model::Returned>) -> Option<String> {
    value.map(|v| {
        if v.optional {
            format!("Option<{}>", qualified(&v.ty))
        } else {
            qualified(&v.ty)
        }
    })
}
