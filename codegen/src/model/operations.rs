//! Operations: parameters, bodies, documented answers, envelopes and paging, from the spec.

use std::collections::HashSet;

use serde_json::Value;

use super::auth::Auth;
use super::examples;
use super::naming::{field_ident, numbered, type_name};
use super::sample::{Fill, sample};
use super::text;
use super::text_kind::{form_fields, text_kind};
use super::types::{Context, allows_null, constraints, facts};
use super::{
    Body, BodyKind, BodySchema, CodeTest, CodeValue, Direction, Header, Operation, PageNumber,
    Pagination, Param, ParamIn, QueryStyle, Response, ResponseEnvelope, Segment, TokenIn,
    TokenPaging, Ty, TypeKind,
};
use crate::Problem;
use crate::spec::Spec;
use crate::spec::pointer::join;
use crate::spec::template::{self, Piece};
use crate::spec::walk::{self, follow};

pub fn read(
    spec: &Spec,
    inventory: &walk::Inventory<'_>,
    ctx: &mut Context<'_>,
    envelope: Option<&ResponseEnvelope>,
    auth: &Auth,
) -> Result<Vec<Operation>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    // Webhooks are requests the vendor sends; a client has nothing to call for them.
    let outgoing: Vec<&walk::Operation<'_>> = inventory
        .operations
        .iter()
        .filter(|op| !op.incoming)
        .collect();
    let ids = operation_ids(&outgoing);
    for (op, id) in outgoing.into_iter().zip(ids) {
        match operation(spec, ctx, envelope, auth, op, id) {
            Ok(o) => out.push(o),
            Err(p) => problems.extend(p),
        }
    }
    if let Some(p) = pagination_problems(spec, ctx, &out) {
        problems.extend(p);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// What an operation is called: its operationId (derived from method and path when the document
/// gives none) and the Rust names made from it, distinct across the document.
struct OperationId {
    id: String,
    method_name: Option<String>,
    type_name: Option<String>,
}

fn operation_ids(ops: &[&walk::Operation<'_>]) -> Vec<OperationId> {
    let explicit: Vec<String> = ops.iter().map(|op| text(op.node, "operationId")).collect();
    // Sets, not lists: a document of thousands of operations asks once per operation.
    let given: HashSet<&str> = explicit.iter().map(String::as_str).collect();
    let mut derived: HashSet<String> = HashSet::new();
    let mut ids: Vec<String> = Vec::with_capacity(ops.len());
    for (op, id) in ops.iter().zip(&explicit) {
        let id = if id.is_empty() {
            let wanted = derived_id(op.method, op.path);
            let id = numbered(&wanted, "_", |c: &String| {
                given.contains(c.as_str()) || derived.contains(c)
            });
            derived.insert(id.clone());
            id
        } else {
            id.clone()
        };
        ids.push(id);
    }
    let mut methods: HashSet<String> = HashSet::new();
    let mut types: HashSet<String> = HashSet::new();
    ids.into_iter()
        .map(|id| {
            let method_name = field_ident(&id).map(|m| {
                let m = numbered(&m, "_", |c: &String| methods.contains(c));
                methods.insert(m.clone());
                m
            });
            let type_name = type_name(&id).map(|t| {
                let t = numbered(&t, "", |c: &String| types.contains(c));
                types.insert(t.clone());
                t
            });
            OperationId {
                id,
                method_name,
                type_name,
            }
        })
        .collect()
}

/// Names generated code uses itself beside a parameter (a method's body argument and locals, the
/// dynamic dispatcher's arguments), which a parameter must not take.
const METHOD_LOCALS: [&str; 10] = [
    "body",
    "call",
    "response",
    "value",
    "out",
    "item",
    "i",
    "client",
    "params",
    "operation_id",
];

/// A parameter's Rust name: clear of the method's own names (`body` → `body_param`) and of the
/// parameters before it (`x_region`, `x_region_2`).
fn param_ident(wanted: &str, taken: impl Fn(&String) -> bool) -> String {
    let clear = if METHOD_LOCALS.contains(&wanted) {
        format!("{wanted}_param")
    } else {
        wanted.to_owned()
    };
    numbered(&clear, "_", taken)
}

/// `get /shops/{shopId}/items` → `get_shops_shop_id_items` (words of any script kept); the root
/// path is `root`.
fn derived_id(method: &str, path: &str) -> String {
    match field_ident(path) {
        Some(words) => format!("{method}_{}", words.trim_end_matches('_')),
        None => format!("{method}_root"),
    }
}

/// One operation, or everything wrong with it.
fn operation(
    spec: &Spec,
    ctx: &mut Context<'_>,
    envelope: Option<&ResponseEnvelope>,
    auth: &Auth,
    op: &walk::Operation<'_>,
    id: OperationId,
) -> Result<Operation, Vec<Problem>> {
    let OperationId {
        id,
        method_name,
        type_name: type_base,
    } = id;
    let (Some(method_name), Some(type_base)) = (method_name, type_base) else {
        return Err(vec![spec.problem(
            &op.pointer,
            format!("operationId {id:?} gives no Rust method name"),
        )]);
    };
    let mut problems = Vec::new();
    let params = params(spec, ctx, op, &type_base, &mut problems);
    let body = match op.node.get("requestBody") {
        Some(b) => request_body(spec, ctx, &join(&op.pointer, "requestBody"), b, &type_base)
            .unwrap_or_else(|p| {
                problems.push(p);
                None
            }),
        None => None,
    };
    let responses = responses(spec, ctx, op, &type_base);
    let security = security(spec, auth, op, &mut problems);
    let envelope = match (envelope, op.node.get("x-response-envelope")) {
        (Some(base), Some(over)) => {
            let at = join(&op.pointer, "x-response-envelope");
            self::envelope(spec, &at, over, Some(base))
                .map_err(|p| problems.push(p))
                .ok()
        }
        (base, _) => base.cloned(),
    };
    let rpc_method = op
        .node
        .get("x-rpc-method")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if rpc_method.is_some() && auth.rpc.is_none() {
        problems.push(spec.problem(
            join(&op.pointer, "x-rpc-method"),
            "x-rpc-method without an x-rpc-envelope in the document",
        ));
    }
    let path = op.path.split('#').next().unwrap_or_default().to_owned();
    let segments = segments(&path, &params).unwrap_or_else(|name| {
        problems.push(spec.problem(
            &op.pointer,
            format!("path parameter {{{name}}} is not declared"),
        ));
        Vec::new()
    });
    let idempotent = idempotent(spec, op, &mut problems);
    let pagination = op.node.get("x-pagination").and_then(|node| {
        pagination(node)
            .map_err(|reason| {
                problems.push(spec.problem(join(&op.pointer, "x-pagination"), reason))
            })
            .ok()
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Operation {
        idempotent,
        issues_tokens: issued_tokens(auth, &id),
        header_examples: examples::named(
            op.node.get("x-request-header-examples"),
            &join(&op.pointer, "x-request-header-examples"),
        ),
        id,
        method_name,
        type_name: type_base,
        http_method: op.method.to_ascii_uppercase(),
        path,
        segments,
        summary: text(op.node, "summary"),
        docs: text(op.node, "description"),
        pointer: op.pointer.clone(),
        params,
        body,
        responses,
        security,
        accepted_security: accepted_security(spec, op),
        rpc_method,
        envelope,
        pagination,
    })
}

/// The path, query and header parameters (path-level ones included).
fn params(
    spec: &Spec,
    ctx: &mut Context<'_>,
    op: &walk::Operation<'_>,
    type_base: &str,
    problems: &mut Vec<Problem>,
) -> Vec<Param> {
    let root = &spec.root;
    let mut out = Vec::new();
    for (at, p) in op.parameters(root) {
        let wire = text(p, "name");
        let location = match p.get("in").and_then(Value::as_str) {
            Some("path") => ParamIn::Path,
            Some("query") => ParamIn::Query,
            Some("header") => ParamIn::Header,
            Some("cookie") => ParamIn::Cookie,
            other => {
                problems.push(spec.problem(
                    &at,
                    format!(
                        "parameters in {other:?} are not supported (path, query, header, cookie)"
                    ),
                ));
                continue;
            }
        };
        let Some(ident) = field_ident(&wire) else {
            problems.push(spec.problem(&at, format!("parameter {wire:?} gives no Rust name")));
            continue;
        };
        let style = match param_style(p, location) {
            Ok(style) => style,
            Err(message) => {
                problems.push(spec.problem(join(&at, "style"), message));
                continue;
            }
        };
        let ident = param_ident(&ident, |c| out.iter().any(|p: &Param| p.ident == *c));
        let (schema_node, schema_pointer, json_text) = param_schema(p, &at);
        let schema = schema_node.cloned().unwrap_or(Value::Bool(true));
        let hint = format!("{type_base}{}", type_name(&wire).unwrap_or_default());
        let ty = ctx.ty(&schema_pointer, &schema, &hint);
        ctx.used(&ty, Direction::Request);
        let examples = examples::of_node(root, p, &at);
        let sample = match (examples.first(), schema_node) {
            (Some(e), _) => e.value.clone(),
            (None, Some(schema)) => sample(root, schema, Fill::Required),
            (None, None) => Value::Null,
        };
        out.push(Param {
            constraints: ctx.constraints_of(&schema, &ty),
            text: text_kind(root, schema_node, &schema_pointer),
            json_text,
            style,
            wire,
            ident,
            location,
            docs: text(p, "description"),
            ty,
            required: p.get("required") == Some(&Value::Bool(true)),
            pointer: at,
            schema_pointer,
            examples,
            sample,
            default: schema.get("default").cloned(),
            facts: facts(&schema),
        });
    }
    out
}

/// How the parameter is serialised: its `style` and `explode`, with OpenAPI's defaults (`form`
/// for query and cookie, `simple` for path and header; `explode` only for `form`). A style the
/// clients cannot send is refused rather than sent in the default one.
fn param_style(p: &Value, location: ParamIn) -> Result<QueryStyle, String> {
    let style = p.get("style").and_then(Value::as_str);
    let explode = p.get("explode").and_then(Value::as_bool);
    match (location, style) {
        (ParamIn::Query, None | Some("form")) if explode == Some(false) => {
            Ok(QueryStyle::FormJoined)
        }
        (ParamIn::Query, None | Some("form")) => Ok(QueryStyle::Form),
        (ParamIn::Query, Some("spaceDelimited" | "pipeDelimited")) if explode == Some(true) => {
            Ok(QueryStyle::Form)
        }
        (ParamIn::Query, Some("spaceDelimited")) => Ok(QueryStyle::SpaceDelimited),
        (ParamIn::Query, Some("pipeDelimited")) => Ok(QueryStyle::PipeDelimited),
        (ParamIn::Query, Some("deepObject")) => Ok(QueryStyle::DeepObject),
        (ParamIn::Path | ParamIn::Header, None | Some("simple")) => Ok(QueryStyle::Form),
        (ParamIn::Cookie, None | Some("form")) => Ok(QueryStyle::Form),
        (_, Some(other)) => Err(format!(
            "style `{other}` for a {} parameter is not supported (query: form, spaceDelimited, pipeDelimited, deepObject; path and header: simple; cookie: form)",
            location.as_str()
        )),
    }
}

/// A parameter's schema and where it is: its `schema`, or the schema of its `content` media type,
/// in which case the value travels as that media type's text (`true` for JSON).
fn param_schema<'p>(p: &'p Value, at: &str) -> (Option<&'p Value>, String, bool) {
    if let Some(schema) = p.get("schema") {
        return (Some(schema), join(at, "schema"), false);
    }
    match preferred_media(p, &[]) {
        Some((media, node, kind)) => (
            node.get("schema"),
            join(&join(&join(at, "content"), &media), "schema"),
            kind == BodyKind::Json,
        ),
        None => (None, join(at, "schema"), false),
    }
}

/// The documented answers, each with its JSON body's type and examples.
fn responses(
    spec: &Spec,
    ctx: &mut Context<'_>,
    op: &walk::Operation<'_>,
    type_base: &str,
) -> Vec<Response> {
    let root = &spec.root;
    let documented = op.node.get("responses").and_then(Value::as_object);
    // (status as modelled, key in the document, response)
    let mut answers: Vec<(&str, &String, &Value)> = documented
        .into_iter()
        .flatten()
        .map(|(status, r)| (status.as_str(), status, r))
        .collect();
    // With no success documented, `default` describes every answer, successes included.
    if !answers.iter().any(|(status, _, _)| status.starts_with('2')) {
        if let Some((key, r)) = documented.and_then(|d| d.get_key_value("default")) {
            answers.insert(0, ("2XX", key, r));
        }
    }
    let success_count = answers
        .iter()
        .filter(|(status, _, _)| status.starts_with('2'))
        .count();
    let mut out = Vec::new();
    for (status, key, r) in answers {
        let written = join(&join(&op.pointer, "responses"), key);
        let Some((r_at, r)) = follow(root, r, &written) else {
            continue;
        };
        let suffix = if status.starts_with('2') && success_count == 1 {
            "Response".to_owned()
        } else {
            format!("Response{}", type_name(status).unwrap_or_default())
        };
        // An answer is decoded, read as text or kept as bytes; a form or parts come back as text.
        let media = preferred_media(r, &[BodyKind::Form, BodyKind::Multipart])
            .map(|(media, node, kind)| (join(&join(&r_at, "content"), &media), node, kind));
        let kind = media.as_ref().map_or(BodyKind::Json, |(_, _, kind)| *kind);
        let ty = media.as_ref().and_then(|(at, node, kind)| match kind {
            BodyKind::Json => {
                let schema = node.get("schema").cloned().unwrap_or(Value::Bool(true));
                let ty = ctx.ty(
                    &join(at, "schema"),
                    &schema,
                    &format!("{type_base}{suffix}"),
                );
                ctx.used(&ty, Direction::Response);
                Some(ty)
            }
            // A failure's text or bytes are in the error's raw response.
            _ if !status.starts_with('2') => None,
            BodyKind::Text => Some(Ty::String),
            _ => Some(Ty::Bytes),
        });
        let json = media
            .filter(|(_, _, kind)| *kind == BodyKind::Json)
            .map(|(at, node, _)| (at, node));
        let examples = json
            .as_ref()
            .map(|(at, node)| examples::of_node(root, node, at))
            .unwrap_or_default();
        let schema = json
            .as_ref()
            .and_then(|(at, node)| Some((join(at, "schema"), node.get("schema")?)))
            .zip(ty.as_ref())
            .map(|((at, schema), ty)| ctx.body_schema(&at, schema, ty))
            .unwrap_or_default();
        let sample = json
            .and_then(|(_, node)| node.get("schema"))
            .filter(|_| examples.is_empty())
            .map(|schema| sample(root, schema, Fill::Every));
        out.push(Response {
            schema,
            headers: headers(root, r, &r_at),
            variant: status_variant(status),
            status: status.to_owned(),
            docs: text(r, "description"),
            ty,
            kind,
            value: None,
            pointer: r_at,
            examples,
            sample,
        });
    }
    if documented.is_none_or(|d| d.is_empty()) {
        out.push(undocumented_success(&join(&op.pointer, "responses")));
    }
    out
}

/// The answer of an operation that documents none (`responses: {}` occurs in published
/// documents): any success is handed over as its bytes, since nothing says what they are, and
/// every other status stays unexpected.
fn undocumented_success(pointer: &str) -> Response {
    Response {
        schema: BodySchema::default(),
        headers: Vec::new(),
        variant: status_variant("2XX"),
        status: "2XX".to_owned(),
        docs: "The document describes no answer; a success is returned as its bytes.".to_owned(),
        ty: Some(Ty::Bytes),
        kind: BodyKind::Bytes,
        value: None,
        pointer: pointer.to_owned(),
        examples: Vec::new(),
        sample: None,
    }
}

/// A response's documented headers, each followed through `$ref`.
fn headers(root: &Value, response: &Value, at: &str) -> Vec<Header> {
    let Some(headers) = response.get("headers").and_then(Value::as_object) else {
        return Vec::new();
    };
    headers
        .iter()
        .filter_map(|(name, header)| {
            let (_, header) = follow(root, header, &join(&join(at, "headers"), name))?;
            Some(Header {
                name: name.clone(),
                required: header.get("required") == Some(&Value::Bool(true)),
                docs: text(header, "description"),
            })
        })
        .collect()
}

/// Every security requirement alternative, each as the scheme names it combines.
fn accepted_security(spec: &Spec, op: &walk::Operation<'_>) -> Vec<Vec<String>> {
    op.node
        .get("security")
        .or_else(|| spec.root.get("security"))
        .and_then(Value::as_array)
        .map(|alternatives| {
            alternatives
                .iter()
                .filter_map(Value::as_object)
                .map(|r| r.keys().cloned().collect())
                .collect()
        })
        .unwrap_or_default()
}

/// The schemes of the first security requirement, each defined.
fn security(
    spec: &Spec,
    auth: &Auth,
    op: &walk::Operation<'_>,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let security: Vec<String> = op
        .node
        .get("security")
        .or_else(|| spec.root.get("security"))
        .and_then(Value::as_array)
        .and_then(|alternatives| alternatives.first())
        .and_then(Value::as_object)
        .map(|r| r.keys().cloned().collect())
        .unwrap_or_default();
    for name in &security {
        if !auth.schemes.iter().any(|s| s.name() == name) {
            problems.push(spec.problem(
                &op.pointer,
                format!("security scheme {name:?} is not defined"),
            ));
        }
    }
    security
}

/// The schemes whose token the operation `id` issues, with the answer property holding it.
fn issued_tokens(auth: &Auth, id: &str) -> Vec<(String, String)> {
    auth.schemes
        .iter()
        .filter_map(|s| {
            let issued = s.issued_by.as_ref().filter(|t| t.operation == id)?;
            Some((s.name().to_owned(), issued.property.clone()))
        })
        .collect()
}

/// `x-idempotent`, or what the HTTP method implies.
fn idempotent(spec: &Spec, op: &walk::Operation<'_>, problems: &mut Vec<Problem>) -> bool {
    match op.node.get("x-idempotent") {
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            problems.push(spec.problem(
                join(&op.pointer, "x-idempotent"),
                "x-idempotent must be true or false",
            ));
            false
        }
        None => idempotent_method(op.method),
    }
}

/// Whether HTTP calls a method safe to repeat (RFC 9110): the default of `x-idempotent`.
pub fn idempotent_method(method: &str) -> bool {
    ["get", "head", "put", "delete", "options", "trace"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
}

/// A path template's pieces; `Err` names a parameter the operation does not declare.
fn segments(path: &str, params: &[Param]) -> Result<Vec<Segment>, String> {
    template::pieces(path)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => Ok(Segment::Literal(text.to_owned())),
            Piece::Placeholder(name)
                if params
                    .iter()
                    .any(|p| p.location == ParamIn::Path && p.wire == name) =>
            {
                Ok(Segment::Param(name.to_owned()))
            }
            Piece::Placeholder(name) => Err(name.to_owned()),
        })
        .collect()
}

/// `BadRequest` for 400, `ClientError` for 4XX, and so on.
pub fn status_variant(status: &str) -> String {
    const KNOWN: [(&str, &str); 20] = [
        ("200", "Ok"),
        ("201", "Created"),
        ("202", "Accepted"),
        ("204", "NoContent"),
        ("400", "BadRequest"),
        ("401", "Unauthorized"),
        ("403", "Forbidden"),
        ("404", "NotFound"),
        ("409", "Conflict"),
        ("422", "UnprocessableEntity"),
        ("429", "TooManyRequests"),
        ("500", "InternalServerError"),
        ("502", "BadGateway"),
        ("503", "ServiceUnavailable"),
        ("1XX", "Informational"),
        ("2XX", "Success"),
        ("3XX", "Redirection"),
        ("4XX", "ClientError"),
        ("5XX", "ServerError"),
        ("default", "Other"),
    ];
    KNOWN
        .iter()
        .find(|(s, _)| s.eq_ignore_ascii_case(status))
        .map_or_else(|| format!("Status{status}"), |(_, v)| (*v).to_owned())
}

fn request_body(
    spec: &Spec,
    ctx: &mut Context<'_>,
    at: &str,
    body: &Value,
    type_base: &str,
) -> Result<Option<Body>, Problem> {
    let Some((at, body)) = follow(&spec.root, body, at) else {
        return Ok(None);
    };
    let Some((media, media_type, kind)) = preferred_media(body, &[]) else {
        return Err(spec.problem(
            join(&at, "content"),
            "a request body needs at least one media type under `content`",
        ));
    };
    let root = &spec.root;
    let schema = media_type
        .get("schema")
        .cloned()
        .unwrap_or(Value::Bool(true));
    let media_at = join(&join(&at, "content"), &media);
    let schema_at = join(&media_at, "schema");
    let ty = match kind {
        BodyKind::Json | BodyKind::Form => {
            let ty = ctx.ty(&schema_at, &schema, &format!("{type_base}Request"));
            ctx.used(&ty, Direction::Request);
            ty
        }
        // Parts are built by the caller; text and bytes are sent as given.
        BodyKind::Multipart => Ty::Json,
        BodyKind::Text => Ty::String,
        BodyKind::Bytes => Ty::Bytes,
    };
    let examples = examples::of_node(root, media_type, &media_at);
    let sample = media_type
        .get("schema")
        .filter(|_| examples.is_empty())
        .map(|schema| sample(root, schema, Fill::Required));
    let form_fields = match kind {
        BodyKind::Form => form_fields(root, media_type.get("schema"), &schema_at),
        _ => Vec::new(),
    };
    Ok(Some(Body {
        schema: ctx.body_schema(&schema_at, &schema, &ty),
        kind,
        ty,
        required: body.get("required") == Some(&Value::Bool(true)),
        docs: text(body, "description"),
        schema_pointer: media_type.get("schema").map(|_| schema_at),
        pointer: at,
        media_type: media,
        examples,
        sample,
        form_fields,
    }))
}

/// The media type a body is typed from: JSON first, then a form, multipart, text and bytes, in
/// that order; `unusable` kinds are passed over.
fn preferred_media<'a>(
    node: &'a Value,
    unusable: &[BodyKind],
) -> Option<(String, &'a Value, BodyKind)> {
    node.get("content")?
        .as_object()?
        .iter()
        .map(|(media, media_type)| (media.clone(), media_type, BodyKind::of_media(media)))
        .filter(|(_, _, kind)| !unusable.contains(kind))
        .min_by_key(|(_, _, kind)| *kind)
}

/// Reads an `x-response-envelope`; an operation's envelope overrides the document's field by field.
pub fn envelope(
    spec: &Spec,
    at: &str,
    node: &Value,
    base: Option<&ResponseEnvelope>,
) -> Result<ResponseEnvelope, Problem> {
    let field = |k: &str, inherited: Option<&Option<String>>| -> Option<String> {
        match node.get(k) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Null) => None,
            _ => inherited.cloned().flatten(),
        }
    };
    let code_property = field(
        "code-property",
        base.map(|b| Some(b.code_property.clone())).as_ref(),
    )
    .ok_or_else(|| spec.problem(at, "x-response-envelope needs `code-property`"))?;
    let success_code = node
        .get("success-code")
        .cloned()
        .or_else(|| base.map(|b| b.success_code.clone()))
        .ok_or_else(|| {
            spec.problem(
                at,
                "x-response-envelope needs `success-code` (a schema the code matches on success)",
            )
        })?;
    let success = success_tests(&success_code).map_err(|message| {
        spec.problem(
            join(at, "success-code"),
            format!("x-response-envelope: {message}"),
        )
    })?;
    let codes = match node.get("codes").and_then(Value::as_array) {
        Some(list) => list
            .iter()
            .map(|c| {
                let code = c
                    .get("code")
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .unwrap_or_default();
                (code, text(c, "description"))
            })
            .collect(),
        None => base.map(|b| b.codes.clone()).unwrap_or_default(),
    };
    Ok(ResponseEnvelope {
        code_property,
        message_property: field(
            "message-property",
            base.map(|b| b.message_property.clone()).as_ref(),
        ),
        data_property: field(
            "data-property",
            base.map(|b| b.data_property.clone()).as_ref(),
        ),
        success_code,
        success,
        codes,
    })
}

/// The tests a success code passes, from its JSON Schema.
fn success_tests(schema: &Value) -> Result<Vec<CodeTest>, String> {
    let mut tests = Vec::new();
    let values: Vec<Value> = match (schema.get("enum"), schema.get("const")) {
        (Some(Value::Array(list)), _) => list.clone(),
        (_, Some(c)) => vec![c.clone()],
        _ => Vec::new(),
    };
    if !values.is_empty() {
        let values = values
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(CodeValue::Text(s.clone())),
                Value::Number(n) if n.is_i64() => {
                    Ok(CodeValue::Integer(n.as_i64().unwrap_or_default()))
                }
                other => Err(format!(
                    "success-code value {other} is not a string or an integer"
                )),
            })
            .collect::<Result<_, _>>()?;
        tests.push(CodeTest::OneOf(values));
    }
    if let Some(min) = schema.get("minimum").and_then(Value::as_i64) {
        tests.push(CodeTest::AtLeast(min));
    }
    if let Some(max) = schema.get("maximum").and_then(Value::as_i64) {
        tests.push(CodeTest::AtMost(max));
    }
    if schema.get("type").and_then(Value::as_str) == Some("integer") {
        tests.push(CodeTest::Integer);
    }
    let unsupported = schema
        .as_object()
        .into_iter()
        .flat_map(|m| m.keys())
        .any(|k| {
            !matches!(
                k.as_str(),
                "enum" | "const" | "minimum" | "maximum" | "type" | "description"
            )
        });
    if unsupported || tests.is_empty() {
        return Err(
            "success-code supports enum, const, type: integer, minimum and maximum".to_owned(),
        );
    }
    Ok(tests)
}

/// Reads `x-pagination`: `style` is `page-number` (the default) or `token`.
fn pagination(node: &Value) -> Result<Pagination, String> {
    let field = |k: &str| {
        node.get(k)
            .and_then(Value::as_str)
            .map(|p| p.trim_start_matches('/').to_owned())
    };
    let items_field = field("items").unwrap_or_default();
    match node.get("style").and_then(Value::as_str) {
        None | Some("page-number") => Ok(Pagination::PageNumber(PageNumber {
            page_field: field("page").unwrap_or_default(),
            size_field: field("page-size").unwrap_or_default(),
            first_page: node.get("first-page").and_then(Value::as_i64).unwrap_or(1),
            items_field,
            total_field: field("total"),
        })),
        Some("token") => {
            let token = match (field("token-parameter"), field("token-field")) {
                (Some(p), None) => TokenIn::Parameter(p),
                (None, Some(f)) => TokenIn::BodyField(f),
                _ => {
                    return Err("a token x-pagination names either `token-parameter` (an operation parameter) or `token-field` (a request body field), not both".into());
                }
            };
            let next_field = field("next").ok_or(
                "a token x-pagination needs `next`, the answer's field with the next page's token",
            )?;
            Ok(Pagination::Token(TokenPaging {
                token,
                next_field,
                items_field,
            }))
        }
        Some(other) => Err(format!(
            "x-pagination style {other:?} is not known; use page-number or token"
        )),
    }
}

/// Paging needs the request side that carries the page (body fields, or the token's parameter);
/// page numbers also need an answer struct with the rows.
fn pagination_problems(spec: &Spec, ctx: &Context<'_>, ops: &[Operation]) -> Option<Vec<Problem>> {
    let mut problems = Vec::new();
    for op in ops {
        let Some(p) = &op.pagination else { continue };
        let at = join(&op.pointer, "x-pagination");
        let body_fields = op.body.as_ref().and_then(|b| ctx.struct_fields(&b.ty));
        let answer = op
            .responses
            .iter()
            .find(|r| r.is_success())
            .and_then(|r| r.ty.as_ref())
            .and_then(|t| ctx.struct_fields(t));
        let has = |fields: &Option<Vec<String>>, name: &str| {
            fields.as_ref().is_some_and(|f| f.iter().any(|w| w == name))
        };
        let mut wanted: Vec<(&String, &Option<Vec<String>>, &str)> = Vec::new();
        match p {
            Pagination::PageNumber(p) => {
                wanted.push((&p.page_field, &body_fields, "request body"));
                wanted.push((&p.size_field, &body_fields, "request body"));
                wanted.push((&p.items_field, &answer, "answer"));
                if let Some(total) = &p.total_field {
                    wanted.push((total, &answer, "answer"));
                }
            }
            Pagination::Token(t) => {
                match &t.token {
                    TokenIn::Parameter(name) => {
                        if !op.params.iter().any(|p| &p.wire == name) {
                            problems.push(spec.problem(&at, format!("x-pagination token-parameter {name:?} is not a parameter of operation {}", op.id)));
                        }
                    }
                    TokenIn::BodyField(name) => wanted.push((name, &body_fields, "request body")),
                }
                // The answer's fields are checked once envelopes are unwrapped (`resolve`).
            }
        }
        for (name, fields, side) in wanted {
            if !has(fields, name) {
                problems.push(spec.problem(
                    &at,
                    format!(
                        "x-pagination names {name:?}, which is not a field of the {side} object"
                    ),
                ));
            }
        }
    }
    (!problems.is_empty()).then_some(problems)
}

impl Context<'_> {
    /// What a body's top-level schema says beside its type.
    pub fn body_schema(&self, at: &str, schema: &Value, ty: &Ty) -> BodySchema {
        BodySchema {
            nullable: allows_null(at, schema),
            constraints: self.constraints_of(schema, ty),
            facts: facts(schema),
        }
    }

    /// A parameter's or field's constraints: its own keywords, then those of the alias it names.
    pub fn constraints_of(&self, schema: &Value, ty: &Ty) -> Constraints {
        let own = constraints(schema);
        match ty {
            Ty::Named(n) => match self.kind_of(n) {
                Some(TypeKind::Alias { constraints: c, .. }) => own.or(c),
                _ => own,
            },
            _ => own,
        }
    }
}

use super::Constraints;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_operation_ids_come_from_method_and_path() {
        assert_eq!(derived_id("get", "/"), "get_root");
        assert_eq!(
            derived_id("post", "/shops/{shopId}/items"),
            "post_shops_shop_id_items"
        );
        assert_eq!(derived_id("get", "/상품/{id}.json"), "get_상품_id_json");
        assert_eq!(derived_id("delete", "/type"), "delete_type");
    }

    #[test]
    fn parameter_names_stay_clear_of_generated_names_and_each_other() {
        let none = |_: &String| false;
        assert_eq!(param_ident("body", none), "body_param");
        assert_eq!(param_ident("client", none), "client_param");
        let taken = |c: &String| c == "x_region" || c == "type_";
        assert_eq!(param_ident("x_region", taken), "x_region_2");
        assert_eq!(param_ident("type_", taken), "type_2");
    }
}
