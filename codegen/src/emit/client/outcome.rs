//! What an operation returns: its documented answers matched by status, the enums that hold
//! several of them, and the token an answer may issue.

use super::super::docs;
use super::super::text::{Source, arm, close, open, put, string_literal};
use crate::model::{Api, BodyKind, Operation, Response};
use crate::rust;

/// The operation's documented-errors enum and, with several successes, the enum of those.
pub fn types(op: &Operation) -> Source {
    let mut src = Source::new();
    if let Some(name) = op.error_type() {
        let doc = format!("The documented error answers of `{}`.", op.method_name);
        outcome_enum(&mut src, &name, &doc, op.failures());
    }
    if let Some(name) = op.success_enum() {
        let doc = format!("The documented successful answers of `{}`.", op.method_name);
        outcome_enum(&mut src, &name, &doc, op.successes());
    }
    src
}

fn outcome_enum<'a>(
    src: &mut Source,
    name: &str,
    doc: &str,
    answers: impl Iterator<Item = &'a Response>,
) {
    src.docs(&docs::lines(doc));
    put!(src, "#[derive(Debug, Clone, PartialEq, serde::Serialize)]");
    put!(src, "#[serde(untagged)]");
    put!(src, "#[non_exhaustive]");
    // An outcome enum exists only for an operation with answers of its kind: never empty.
    open!(src, "pub enum {name} {{");
    for r in answers {
        // The status starts the answer's own first paragraph: one line, not a heading.
        src.docs(&docs::lines(
            format!("HTTP {}. {}", r.status, r.docs).trim_end(),
        ));
        match rust::answer_type(r.value.as_ref()) {
            Some(t) => put!(src, "{}({t}),", r.variant),
            None => put!(src, "{},", r.variant),
        }
    }
    close!(src, "}}");
}

/// The `match` on the answer's status, and keeping the token an answer issues.
pub fn finish(src: &mut Source, api: &Api, op: &Operation) {
    let mut responses: Vec<&Response> = op.responses.iter().collect();
    responses.sort_by_key(|r| specificity(&r.status));
    let several = op.success_enum();
    let error = op.error_type().unwrap_or_default();
    let envelope = super::api::envelope_const(api, op);
    open!(src, "match response.status() {{");
    for r in responses {
        let pattern = status_pattern(&r.status);
        let v = &r.variant;
        let decode = match (&envelope, r.is_success(), r.kind) {
            (_, true, BodyKind::Text) => "response.text()".to_owned(),
            (_, true, BodyKind::Bytes) => "response.bytes()".to_owned(),
            (Some(env), true, _) => format!("response.envelope(&{env})"),
            _ => "response.decode()".to_owned(),
        };
        let result = if r.is_success() {
            match (&several, r.ty.is_some()) {
                (Some(e), true) => format!("{decode}.map({e}::{v})"),
                (Some(e), false) => format!("Ok({e}::{v})"),
                (None, true) => decode,
                (None, false) => "Ok(())".to_owned(),
            }
        } else if r.ty.is_some() {
            format!("response.documented({error}::{v})")
        } else {
            format!("response.documented_empty({error}::{v})")
        };
        arm!(src, "{pattern} => {result},");
    }
    if !op.responses.iter().any(|r| r.status == "default") {
        arm!(src, "_ => response.unexpected(),");
    }
    close!(src, "}}");
}

/// The tokens the answer issues (`x-token-from`): the runtime keeps them, and the request to
/// renew them with.
pub fn issued_tokens(src: &mut Source, api: &Api, op: &Operation) {
    for (scheme, property) in &op.issues_tokens {
        let Some(s) = api.scheme(scheme).filter(|s| s.issued_by.is_some()) else {
            continue;
        };
        let (scheme, property) = (string_literal(scheme), string_literal(property));
        let field = format!("|c| &mut c.{}", s.ident);
        super::call(src, "issues_token", &[&scheme, &property, &field]);
    }
}

/// The `match` pattern of a documented status.
fn status_pattern(status: &str) -> String {
    if let Ok(code) = status.parse::<u16>() {
        return code.to_string();
    }
    match status.as_bytes().first() {
        Some(d @ b'1'..=b'5') if status.len() == 3 => {
            let low = u16::from(d - b'0') * 100;
            format!("{low}..={}", low + 99)
        }
        _ => "_".to_owned(),
    }
}

/// Exact codes first, then ranges, then `default`, so that `match` tries the most specific.
fn specificity(status: &str) -> u8 {
    if status.parse::<u16>().is_ok() {
        0
    } else if status == "default" {
        2
    } else {
        1
    }
}
