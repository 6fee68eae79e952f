//! One operation's method: its arguments, the checks of its parameters, and the request it fills
//! in for the runtime to sign and send.

use super::super::docs;
use super::super::text::{Source, close, open, put, string_literal};
use super::super::validate::write_checks;
use super::{call, outcome};
use crate::model::{Api, BodyKind, Operation, Param, ParamIn, QueryStyle, Segment, Ty};
use crate::rust;

/// The operation's method, written inside `impl Client`.
pub fn method(src: &mut Source, api: &Api, op: &Operation) {
    let signature = rust::signature(api, op);
    src.docs(&docs::lines(&method_docs(api, op)));
    // One argument per documented parameter mirrors the vendor's table; clippy's limit (7, with
    // `self`) is about hand-designed APIs.
    if signature.args.len() + 1 > 7 {
        put!(src, "#[allow(clippy::too_many_arguments)]");
    }
    let mut args = vec!["&self".to_owned()];
    args.extend(signature.args.iter().map(|(n, t)| format!("{n}: {t}")));
    let head = format!("pub async fn {}(", signature.name);
    src.fn_open(&head, &args, "Result", &[&signature.ok, &signature.error]);
    start_call(src, op);
    // The runtime repeats by method as the model does by default; only `x-idempotent` is said.
    if op.idempotent != crate::model::idempotent_method(&op.http_method) {
        put!(src, "call.idempotent({});", op.idempotent);
    }
    for p in &op.params {
        param_check(src, api, p);
    }
    same_as_checks(src, api, op);
    path(src, op);
    for p in &op.params {
        param_setter(src, p);
    }
    body(src, op);
    outcome::issued_tokens(src, api, op);
    put!(src, "let response = call.send().await?;");
    outcome::finish(src, api, op);
    close!(src, "}}");
}

/// `let mut call = self.core.call(..);`.
fn start_call(src: &mut Source, op: &Operation) {
    let security: Vec<String> = op.security.iter().map(|s| string_literal(s)).collect();
    let args = [
        string_literal(&op.id),
        string_literal(&op.http_method),
        format!("&[{}]", security.join(", ")),
    ];
    let call = format!(".call({})", args.join(", "));
    src.chain("let mut call = ", "self", &[".core", &call], ";");
}

fn method_docs(api: &Api, op: &Operation) -> String {
    let mut text = docs::join(&op.summary, &op.docs);
    let mut wire = format!("`{} {}` (operation `{}`)", op.http_method, op.path, op.id);
    if let Some(rpc) = &op.rpc_method {
        wire.push_str(&format!(
            ", RPC method `{rpc}`, posted in the signed form envelope"
        ));
    }
    if let Some(name) = super::api::envelope_const(api, op) {
        wire.push_str(&format!(
            "; the answer is unwrapped as `{name}` describes and a failure code is `Error::Vendor`"
        ));
    }
    text = docs::join(&text, &format!("{wire}."));
    text
}

/// The expression a parameter's value is read through: a reference either way.
fn value_of(api: &Api, p: &Param) -> String {
    if rust::param_by_reference(api, p) {
        p.ident.clone()
    } else {
        format!("&{}", p.ident)
    }
}

/// The parameter's documented constraints, checked before the request is made.
fn param_check(src: &mut Source, api: &Api, p: &Param) {
    let start = format!(
        "&crate::runtime::validate::Path::Start({})",
        string_literal(&p.wire)
    );
    // The closure's body: inside `if let` too when the parameter is optional.
    let mut checks = src.block();
    if !p.required {
        checks.indent_more();
    }
    write_checks(&mut checks, api, "value", &p.ty, &p.constraints, &start);
    if checks.is_empty() {
        return;
    }
    let wire = string_literal(&p.wire);
    // A named type checks itself (an `Option` of one too): one line instead of a closure.
    if matches!(api.unalias(&p.ty), Ty::Named(_)) && p.constraints.is_empty() {
        let value = if p.required {
            p.ident.clone()
        } else {
            format!("&{}", p.ident)
        };
        call(src, "validate", &[&wire, &value]);
        return;
    }
    let value = value_of(api, p);
    if p.required {
        open!(src, "call.check(|out| {{");
        put!(src, "let value = {value};");
    } else {
        open!(src, "if let Some(value) = {value} {{");
        open!(src, "call.check(|out| {{");
    }
    src.append(checks);
    close!(src, "}});");
    if !p.required {
        close!(src, "}}");
    }
}

/// The path as a template (`{}` for each parameter) and the encoded parameters in order.
fn path(src: &mut Source, op: &Operation) {
    let mut template = String::new();
    let mut params = Vec::new();
    for s in &op.segments {
        match s {
            Segment::Literal(text) => template.push_str(text),
            Segment::Param(wire) => {
                template.push_str("{}");
                let p = op.param(ParamIn::Path, wire).map_or("_", |p| &p.ident);
                params.push(format!("&runtime::segment(&{p})"));
            }
        }
    }
    let params = format!("&[{}]", params.join(", "));
    call(src, "path_params", &[&string_literal(&template), &params]);
}

fn param_setter(src: &mut Source, p: &Param) {
    let (wire, value) = (string_literal(&p.wire), format!("&{}", p.ident));
    let (method, style) = match (p.location, p.json_text) {
        (ParamIn::Path, _) => return,
        (ParamIn::Query, false) => match runtime_style(p.style) {
            None => ("query", None),
            Some(style) => (
                "query_styled",
                Some(format!("runtime::QueryStyle::{style}")),
            ),
        },
        (ParamIn::Query, true) => ("query_json", None),
        (ParamIn::Header, false) => ("header", None),
        (ParamIn::Header, true) => ("header_json", None),
        (ParamIn::Cookie, _) => ("cookie", None),
    };
    match style {
        Some(style) => call(src, method, &[&wire, &value, &style]),
        None => call(src, method, &[&wire, &value]),
    }
}

/// The runtime's `QueryStyle` variant for a style other than OpenAPI's default.
fn runtime_style(style: QueryStyle) -> Option<&'static str> {
    match style {
        QueryStyle::Form => None,
        QueryStyle::FormJoined => Some("FormJoined"),
        QueryStyle::SpaceDelimited => Some("SpaceDelimited"),
        QueryStyle::PipeDelimited => Some("PipeDelimited"),
        QueryStyle::DeepObject => Some("DeepObject"),
    }
}

/// Body fields that must repeat a parameter (`x-same-as-parameter`), compared before sending.
fn same_as_checks(src: &mut Source, api: &Api, op: &Operation) {
    let Some(b) = &op.body else {
        return;
    };
    for f in api.fields_of(&b.ty) {
        let Some(wire) = f.same_as.as_deref() else {
            continue;
        };
        let Some(p) = op.params.iter().find(|p| p.wire == wire) else {
            continue;
        };
        let (field, param) = (format!("&body.{}", f.ident), format!("&{}", p.ident));
        let (field_wire, wire) = (string_literal(&f.wire), string_literal(wire));
        call(src, "same_as", &[&field_wire, &field, &wire, &param]);
    }
}

fn body(src: &mut Source, op: &Operation) {
    let Some(b) = &op.body else {
        return;
    };
    let media = string_literal(&b.media_type);
    match (&op.rpc_method, b.kind) {
        (Some(rpc), _) => call(src, "rpc", &[&string_literal(rpc), "body"]),
        (None, BodyKind::Json) => call(src, "json", &["body"]),
        (None, BodyKind::Form) => call(src, "form", &["body"]),
        (None, BodyKind::Multipart) => call(src, "multipart", &["body"]),
        (None, BodyKind::Text) => call(src, "text", &[&media, "body"]),
        (None, BodyKind::Bytes) => call(src, "bytes", &[&media, "body"]),
    }
}
