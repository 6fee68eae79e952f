//! From a request to an answer: find the operation, check the request against the spec, and
//! answer with a documented example or with every violation found.

use base64::Engine;
use codegen::model::{
    Body, Operation, Param, ParamIn, QueryStyle, Response, Segment, TextKind, Ty,
};
use percent_encoding::percent_decode_str;
use serde_json::{Value, json};

use crate::auth;
use crate::catalog::{Catalog, Vendor};
use crate::request::{MockRequest, Violation, pairs, read_text};

/// What the mock answers.
#[derive(Debug, Clone)]
pub struct MockAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl MockAnswer {
    fn json(status: u16, body: Value) -> Self {
        MockAnswer {
            status,
            headers: Vec::new(),
            body,
        }
    }

    fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }
}

impl Catalog {
    /// Answers one request. Never panics on what a client sends: every failure is an answer.
    pub fn answer(&self, request: &MockRequest) -> MockAnswer {
        let mut segments = request.path.split('/').filter(|s| !s.is_empty());
        let vendor_name = segments.next().unwrap_or_default();
        let Some(vendor) = self.vendor(vendor_name) else {
            let known: Vec<&str> = self.vendors().map(Vendor::name).collect();
            return MockAnswer::json(
                404,
                json!({"error": format!("no vendor {vendor_name:?} here; paths start with one of: /{}", known.join(", /"))}),
            );
        };
        let rest: Vec<String> = segments
            .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
            .collect();
        vendor.answer(request, &rest)
    }
}

impl Vendor {
    fn answer(&self, request: &MockRequest, rest: &[String]) -> MockAnswer {
        let mut matched: Vec<(&Operation, PathMatch)> = self
            .operations()
            .iter()
            .filter_map(|op| match_path(&op.segments, rest).map(|p| (op, p)))
            .collect();
        if matched.is_empty() {
            let known: Vec<String> = self
                .operations()
                .iter()
                .map(|o| format!("{} /{}{}", o.http_method, self.name(), o.path))
                .collect();
            return MockAnswer::json(
                404,
                json!({"error": format!("no operation of {} at this path", self.name()), "operations": known}),
            );
        }
        // A literal segment is a better match than a template parameter.
        let most_literal = matched
            .iter()
            .map(|(_, p)| p.literal_pieces)
            .max()
            .unwrap_or(0);
        matched.retain(|(_, p)| p.literal_pieces == most_literal);
        let allowed: Vec<String> = matched
            .iter()
            .map(|(op, _)| op.http_method.clone())
            .collect();
        matched.retain(|(op, _)| op.http_method.eq_ignore_ascii_case(&request.method));
        if matched.is_empty() {
            return MockAnswer::json(
                405,
                json!({"error": format!("{} is not documented at this path", request.method), "allowed": allowed}),
            )
            .with_header("allow", allowed.join(", "));
        }
        let mut violations = Vec::new();
        let mut form = None;
        let (op, path_params) = if let Some(rpc) = self
            .api
            .auth
            .rpc
            .as_ref()
            .filter(|_| matched.iter().any(|(o, _)| o.rpc_method.is_some()))
        {
            let fields = match read_form(request) {
                Ok(fields) => fields,
                Err(v) => return violation_answer(self.name(), None, vec![v]),
            };
            let method = fields
                .iter()
                .find(|(k, _)| *k == rpc.method_field)
                .map(|(_, v)| v.clone());
            let chosen = matched
                .into_iter()
                .find(|(o, _)| o.rpc_method.is_some() && o.rpc_method == method);
            let Some(chosen) = chosen else {
                let methods: Vec<&str> = self
                    .operations()
                    .iter()
                    .filter_map(|o| o.rpc_method.as_deref())
                    .collect();
                let reason = match &method {
                    Some(m) => format!(
                        "{m:?} is not a documented method; methods: {}",
                        methods.join(", ")
                    ),
                    None => format!("missing: names the method, one of {}", methods.join(", ")),
                };
                return violation_answer(
                    self.name(),
                    None,
                    vec![Violation::new(
                        format!("/form/{}", rpc.method_field),
                        reason,
                    )],
                );
            };
            form = Some(fields);
            chosen
        } else {
            matched.swap_remove(0)
        };
        check_params(self, op, request, &path_params.params, &mut violations);
        for scheme in &op.security {
            if let Some(scheme) = self.api.scheme(scheme) {
                auth::check_scheme(self, scheme, request, &mut violations);
            }
        }
        match (&form, &self.api.auth.rpc) {
            (Some(fields), Some(rpc)) => self.check_envelope(op, rpc, fields, &mut violations),
            _ => check_body(self, op.body.as_ref(), request, &mut violations),
        }
        if !violations.is_empty() {
            return violation_answer(self.name(), Some(&op.id), violations);
        }
        choose_answer(self.name(), op, request)
    }

    fn check_envelope(
        &self,
        op: &Operation,
        rpc: &codegen::model::RpcEnvelope,
        fields: &[(String, String)],
        out: &mut Vec<Violation>,
    ) {
        let form_schema = rpc.form_schema_pointer.as_deref();
        if let Some(schema) = form_schema.and_then(|p| self.compiled(p)) {
            for v in schema.violations(&form_object(fields, &rpc.form_fields)) {
                out.push(Violation::new(
                    format!("/form{}", v.instance_path),
                    v.message,
                ));
            }
        }
        auth::check_rpc(self, rpc, fields, out);
        let payload_at = format!("/form/{}", rpc.payload_field);
        let Some((_, encoded)) = fields.iter().find(|(k, _)| *k == rpc.payload_field) else {
            return;
        };
        let payload = base64::engine::general_purpose::STANDARD
            .decode(encoded.as_bytes())
            .map_err(|e| format!("is not base64: {e}"))
            .and_then(|bytes| {
                serde_json::from_slice::<Value>(&bytes)
                    .map_err(|e| format!("is not the base64 of JSON: {e}"))
            });
        match (
            payload,
            op.body.as_ref().and_then(|b| b.schema_pointer.as_ref()),
        ) {
            (Err(reason), _) => out.push(Violation::new(payload_at, reason)),
            (Ok(value), Some(schema)) => {
                push_schema_violations("/body", self.explain(schema, &value), out)
            }
            (Ok(_), None) => {}
        }
    }
}

/// A path that matched an operation's template: its parameters by name, and how many of its
/// pieces were literal (a literal piece is a better match than a parameter).
struct PathMatch {
    params: Vec<(String, String)>,
    literal_pieces: usize,
}

/// The template's `/`-separated pieces, each matched against one piece of the request's path:
/// literal text must be equal, a `{parameter}` takes the text between the literals around it.
fn match_path(segments: &[Segment], rest: &[String]) -> Option<PathMatch> {
    let pieces = template_pieces(segments);
    if pieces.len() != rest.len() {
        return None;
    }
    let mut found = PathMatch {
        params: Vec::new(),
        literal_pieces: 0,
    };
    for (piece, actual) in pieces.iter().zip(rest) {
        match piece.as_slice() {
            [Segment::Literal(l)] if l == actual => found.literal_pieces += 1,
            [Segment::Literal(_)] => return None,
            parts => match_piece(parts, actual, &mut found.params)?,
        }
    }
    Some(found)
}

/// One piece holding a parameter, with literal text before and after it (`{id}.json`).
fn match_piece(parts: &[Segment], actual: &str, params: &mut Vec<(String, String)>) -> Option<()> {
    let (before, name, after) = match parts {
        [Segment::Param(n)] => ("", n, ""),
        [Segment::Literal(b), Segment::Param(n)] => (b.as_str(), n, ""),
        [Segment::Param(n), Segment::Literal(a)] => ("", n, a.as_str()),
        [Segment::Literal(b), Segment::Param(n), Segment::Literal(a)] => {
            (b.as_str(), n, a.as_str())
        }
        _ => return None,
    };
    let value = actual.strip_prefix(before)?.strip_suffix(after)?;
    params.push((name.clone(), value.to_owned()));
    Some(())
}

/// The template's segments split at `/`, each piece its literal text and parameters.
fn template_pieces(segments: &[Segment]) -> Vec<Vec<Segment>> {
    let mut pieces = Vec::new();
    let mut current = Vec::new();
    for segment in segments {
        let Segment::Literal(text) = segment else {
            current.push(segment.clone());
            continue;
        };
        for (i, part) in text.split('/').enumerate() {
            if i > 0 {
                pieces.push(std::mem::take(&mut current));
            }
            if !part.is_empty() {
                current.push(Segment::Literal(part.to_owned()));
            }
        }
    }
    pieces.push(current);
    pieces.retain(|p| !p.is_empty());
    pieces
}

fn read_form(request: &MockRequest) -> Result<Vec<(String, String)>, Violation> {
    if request.media_type().as_deref() != Some("application/x-www-form-urlencoded") {
        return Err(Violation::new(
            "/header/content-type",
            "must be application/x-www-form-urlencoded: every call is a signed form",
        ));
    }
    let text = std::str::from_utf8(&request.body)
        .map_err(|e| Violation::new("/form", format!("is not UTF-8: {e}")))?;
    pairs(text).map_err(|e| Violation::new("/form", format!("does not decode: {e}")))
}

/// The values sent for a query parameter, read as its style writes them: joined lists split
/// again, a `deepObject`'s `name[member]` pairs counted as present.
fn query_values<'q>(param: &Param, query: &'q [(String, String)]) -> Vec<&'q str> {
    if param.style == QueryStyle::DeepObject {
        let prefix = format!("{}[", param.wire);
        return query
            .iter()
            .filter(|(n, _)| n.starts_with(&prefix))
            .map(|(_, v)| v.as_str())
            .collect();
    }
    let list = matches!(param.ty, Ty::Vec(_));
    let separator = match param.style {
        QueryStyle::FormJoined if list => Some(','),
        QueryStyle::SpaceDelimited if list => Some(' '),
        QueryStyle::PipeDelimited if list => Some('|'),
        _ => None,
    };
    let named = query
        .iter()
        .filter(|(n, _)| *n == param.wire)
        .map(|(_, v)| v.as_str());
    match separator {
        Some(separator) => named.flat_map(|v| v.split(separator)).collect(),
        None => named.collect(),
    }
}

fn check_params(
    vendor: &Vendor,
    op: &Operation,
    request: &MockRequest,
    path: &[(String, String)],
    out: &mut Vec<Violation>,
) {
    let query = match request.query.as_deref().map(pairs) {
        Some(Ok(q)) => q,
        Some(Err(e)) => {
            out.push(Violation::new("/query", format!("does not decode: {e}")));
            Vec::new()
        }
        None => Vec::new(),
    };
    for param in &op.params {
        let (place, values): (&str, Vec<&str>) = match param.location {
            ParamIn::Path => (
                "path",
                path.iter()
                    .filter(|(n, _)| *n == param.wire)
                    .map(|(_, v)| v.as_str())
                    .collect(),
            ),
            ParamIn::Query => ("query", query_values(param, &query)),
            ParamIn::Header => ("header", request.headers_named(&param.wire).collect()),
            ParamIn::Cookie => ("cookie", request.cookies_named(&param.wire).collect()),
        };
        let at = format!("/{place}/{}", param.wire);
        if values.is_empty() {
            if param.required {
                out.push(Violation::new(at, "missing: a required parameter"));
            }
            continue;
        }
        if param.style == QueryStyle::DeepObject {
            continue; // members travel as `name[member]`; their presence is what is checked
        }
        let value = read_text(&values, param.text);
        if let Some(schema) = vendor.compiled(&param.schema_pointer) {
            push_schema_violations(&at, schema.violations(&value), out);
        }
    }
}

fn check_body(
    vendor: &Vendor,
    body: Option<&Body>,
    request: &MockRequest,
    out: &mut Vec<Violation>,
) {
    let Some(body) = body else {
        return;
    };
    if request.body.is_empty() {
        if body.required {
            out.push(Violation::new(
                "/body",
                format!("missing: a {} body is required", body.media_type),
            ));
        }
        return;
    }
    if request.media_type().as_deref() != Some(body.media_type.as_str()) {
        out.push(Violation::new(
            "/header/content-type",
            format!("must be {} for this operation's body", body.media_type),
        ));
        return;
    }
    let value = if body.media_type.ends_with("json") {
        match serde_json::from_slice::<Value>(&request.body) {
            Ok(v) => v,
            Err(e) => {
                out.push(Violation::new("/body", format!("is not JSON: {e}")));
                return;
            }
        }
    } else if body.media_type == "application/x-www-form-urlencoded" {
        let fields = match std::str::from_utf8(&request.body)
            .map_err(|e| e.to_string())
            .and_then(pairs)
        {
            Ok(f) => f,
            Err(e) => {
                out.push(Violation::new(
                    "/body",
                    format!("does not decode as a form: {e}"),
                ));
                return;
            }
        };
        form_object(&fields, &body.form_fields)
    } else {
        return;
    };
    if let Some(schema) = &body.schema_pointer {
        push_schema_violations("/body", vendor.explain(schema, &value), out);
    }
}

/// Form fields as a JSON object, each read as the type its schema gives it.
fn form_object(fields: &[(String, String)], kinds: &[(String, TextKind)]) -> Value {
    let mut object = serde_json::Map::new();
    for (name, value) in fields {
        let kind = kinds
            .iter()
            .find(|(k, _)| k == name)
            .map_or(TextKind::Text, |(_, k)| *k);
        object.insert(name.clone(), read_text(&[value], kind));
    }
    Value::Object(object)
}

fn push_schema_violations(
    prefix: &str,
    found: Vec<codegen::schema::Violation>,
    out: &mut Vec<Violation>,
) {
    out.extend(found.into_iter().map(|v| {
        let reason = match v.variant {
            Some(tag) => format!("{} (the {tag} variant)", v.message),
            None => v.message,
        };
        Violation::new(format!("{prefix}{}", v.instance_path), reason)
    }));
}

fn violation_answer(
    vendor: &str,
    operation: Option<&str>,
    violations: Vec<Violation>,
) -> MockAnswer {
    let status = if violations.iter().any(|v| v.auth) {
        401
    } else {
        400
    };
    let mut body = serde_json::Map::new();
    body.insert("error".into(), json!("the request does not match the spec"));
    body.insert("vendor".into(), json!(vendor));
    if let Some(op) = operation {
        body.insert("operation".into(), json!(op));
    }
    body.insert(
        "violations".into(),
        violations.iter().map(Violation::to_json).collect(),
    );
    MockAnswer::json(status, Value::Object(body))
}

/// `Prefer: example=<name>` and `Prefer: code=<status>` (RFC 7240 preferences, as Prism reads them).
fn preferences(request: &MockRequest) -> (Option<String>, Option<String>) {
    let (mut example, mut code) = (None, None);
    for header in request.headers_named("prefer") {
        for token in header.split([',', ';']) {
            let Some((key, value)) = token.split_once('=') else {
                continue;
            };
            let value = value.trim().trim_matches('"').to_owned();
            match key.trim().to_ascii_lowercase().as_str() {
                "example" => example = Some(value),
                "code" => code = Some(value),
                _ => {}
            }
        }
    }
    (example, code)
}

fn choose_answer(vendor: &str, op: &Operation, request: &MockRequest) -> MockAnswer {
    let (example, code) = preferences(request);
    let by_code: Vec<&Response> = match &code {
        Some(code) => {
            let exact: Vec<&Response> = op.responses.iter().filter(|r| &r.status == code).collect();
            if !exact.is_empty() {
                exact
            } else {
                // Header bytes are arbitrary: only a leading digit names a class of statuses.
                let digit = code.chars().next().filter(char::is_ascii_digit);
                let class = digit.map(|d| format!("{d}XX")).unwrap_or_default();
                let ranged: Vec<&Response> = op
                    .responses
                    .iter()
                    .filter(|r| !class.is_empty() && r.status.eq_ignore_ascii_case(&class))
                    .collect();
                if ranged.is_empty() {
                    op.responses
                        .iter()
                        .filter(|r| r.status == "default")
                        .collect()
                } else {
                    ranged
                }
            }
        }
        None => {
            let mut success: Vec<&Response> = op
                .responses
                .iter()
                .filter(|r| r.status.starts_with('2'))
                .collect();
            success.sort_by(|a, b| a.status.cmp(&b.status));
            success
        }
    };
    let status_of = |r: &Response| -> u16 {
        r.status
            .parse()
            .ok()
            .or_else(|| code.as_deref().and_then(|c| c.parse().ok()))
            .unwrap_or(500)
    };
    let served = |r: &Response, name: &str, value: &Value| {
        MockAnswer::json(status_of(r), value.clone())
            .with_header("x-mock-operation", op.id.clone())
            .with_header("x-mock-example", name.to_owned())
    };
    if let Some(wanted) = &example {
        let pool: Vec<&Response> = if code.is_some() {
            by_code.clone()
        } else {
            op.responses.iter().collect()
        };
        for r in &pool {
            if let Some(e) = r.examples.iter().find(|e| &e.name == wanted) {
                return served(r, &e.name, &e.value);
            }
        }
        let names: Vec<String> = pool
            .iter()
            .flat_map(|r| {
                r.examples
                    .iter()
                    .map(move |e| format!("{} ({})", e.name, r.status))
            })
            .collect();
        return violation_answer(
            vendor,
            Some(&op.id),
            vec![Violation::new(
                "/header/prefer",
                format!(
                    "no example named {wanted:?}; this operation has: {}",
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                ),
            )],
        );
    }
    if let Some(r) = by_code.iter().find(|r| !r.examples.is_empty()) {
        let first = &r.examples[0];
        return served(r, &first.name, &first.value);
    }
    match by_code.first() {
        Some(r) => match &r.sample {
            Some(value) => served(r, "constructed from the schema", value),
            None => MockAnswer {
                status: status_of(r),
                headers: vec![("x-mock-operation".into(), op.id.clone())],
                body: Value::Null,
            },
        },
        None => {
            let documented: Vec<&str> = op.responses.iter().map(|r| r.status.as_str()).collect();
            violation_answer(
                vendor,
                Some(&op.id),
                vec![Violation::new(
                    "/header/prefer",
                    format!(
                        "no documented answer with code {}; documented: {}",
                        code.unwrap_or_default(),
                        documented.join(", ")
                    ),
                )],
            )
        }
    }
}

#[cfg(test)]
mod path_tests {
    use super::*;

    fn literal(text: &str) -> Segment {
        Segment::Literal(text.to_owned())
    }

    fn param(name: &str) -> Segment {
        Segment::Param(name.to_owned())
    }

    fn pieces(path: &str) -> Vec<String> {
        path.split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn parameters_match_whole_pieces_or_between_literal_text() {
        let template = [literal("/orders/"), param("id"), literal(".json")];
        let found = match_path(&template, &pieces("/orders/42.json")).expect("matches");
        assert_eq!(found.params, [("id".to_owned(), "42".to_owned())]);
        assert_eq!(found.literal_pieces, 1);
        assert!(match_path(&template, &pieces("/orders/42.xml")).is_none());
        assert!(match_path(&template, &pieces("/orders/42.json/x")).is_none());

        let plain = [literal("/orders/"), param("id"), literal("/items")];
        let found = match_path(&plain, &pieces("/orders/7/items")).expect("matches");
        assert_eq!(found.params, [("id".to_owned(), "7".to_owned())]);
        assert_eq!(found.literal_pieces, 2);
    }
}
