//! Every example in every spec, checked against the generated crate on a local server.
//!
//! Data-driven: the examples are found in the specs (request bodies, answers per status,
//! parameters, header examples), matched to their operation, and run through
//! `commerce_apis::dynamic::call`, so an example added to a spec is tested by the next run with no
//! new test code. An example that cannot be matched to an operation fails the run by name.
//!
//! - Request examples become the typed request; the request the client sends is checked (method,
//!   path with parameters, query, auth headers, body equal in meaning, a form envelope decoded) and
//!   snapshotted with test credentials and a fixed clock.
//! - Answer examples are served; the typed result is snapshotted and must re-encode to JSON equal
//!   in meaning to the example, unless an `x-errata` entry on the example explains the difference.
//! - Tolerance: each answer is served again with unknown fields everywhere, unknown enum values,
//!   the other documented form of every two-form value and `null` for nullable lists; it must decode
//!   and re-encode without loss.
//!
//! "Equal in meaning": JSON values where a `null` member and an absent member are the same, and
//! numbers are compared by value (`1` = `1.0`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use base64::Engine;
use codegen::spec::pointer::{self, join};
use codegen::spec::walk::{self, follow};
use codegen::spec::{self as specs, Spec};
use commerce_apis::dynamic::{self, Outcome};
use commerce_apis::runtime::FixedClock;
use serde_json::{Map, Value, json};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// 2024-01-01T00:00:00Z: signatures and timestamps in snapshots stay the same.
const FIXED: u64 = 1_704_067_200;

struct Op {
    id: String,
    method: String,
    /// The path template as sent (an RPC `#method` fragment removed).
    path: String,
    pointer: String,
    body_pointer: Option<String>,
    responses: Vec<(String, String)>,
    params: Vec<(String, String, Value)>,
}

/// An example and where it belongs.
#[derive(Debug, Clone)]
enum Case {
    Request {
        op: usize,
        pointer: String,
        value: Value,
    },
    Response {
        op: usize,
        status: String,
        pointer: String,
        value: Value,
    },
    Parameter {
        op: usize,
        name: String,
        pointer: String,
        value: Value,
    },
    Headers {
        op: usize,
        pointer: String,
        value: Value,
    },
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn operations(spec: &Spec) -> Vec<Op> {
    let root = &spec.root;
    walk::inventory(root)
        .operations
        .iter()
        .map(|op| {
            let body_pointer = op
                .node
                .get("requestBody")
                .and_then(|b| follow(root, b, &join(&op.pointer, "requestBody")))
                .map(|(p, _)| p);
            let responses = op
                .node
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter_map(|(status, r)| {
                    let written = join(&join(&op.pointer, "responses"), status);
                    follow(root, r, &written).map(|(p, _)| (status.clone(), p))
                })
                .collect();
            let params = op
                .parameters(root)
                .into_iter()
                .map(|(p, node)| {
                    (
                        p,
                        node.get("name")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                        node.clone(),
                    )
                })
                .collect();
            Op {
                id: op
                    .node
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                method: op.method.to_ascii_uppercase(),
                path: op.path.split('#').next().unwrap_or_default().to_owned(),
                pointer: op.pointer.clone(),
                body_pointer,
                responses,
                params,
            }
        })
        .collect()
}

/// Every example of the spec, matched to the first operation that uses it.
fn cases(spec: &Spec, ops: &[Op]) -> (Vec<Case>, Vec<String>) {
    let root = &spec.root;
    let mut cases = Vec::new();
    let mut unmatched = Vec::new();
    for site in walk::inventory(root).example_sites {
        // A media type sits at `<owner>/content/<type>`; a parameter is its own owner.
        let owner = match site.pointer.rfind("/content/") {
            Some(i) => site.pointer[..i].to_owned(),
            None => site.pointer.clone(),
        };
        for ex in site.examples {
            let value = ex.value.clone();
            let pointer = ex.pointer.clone();
            let found = ops.iter().enumerate().find_map(|(i, op)| {
                if op.body_pointer.as_deref() == Some(owner.as_str()) {
                    return Some(Case::Request {
                        op: i,
                        pointer: pointer.clone(),
                        value: value.clone(),
                    });
                }
                if let Some((status, _)) = op.responses.iter().find(|(_, p)| *p == owner) {
                    return Some(Case::Response {
                        op: i,
                        status: status.clone(),
                        pointer: pointer.clone(),
                        value: value.clone(),
                    });
                }
                op.params
                    .iter()
                    .find(|(p, _, _)| *p == owner)
                    .map(|(_, name, _)| Case::Parameter {
                        op: i,
                        name: name.clone(),
                        pointer: pointer.clone(),
                        value: value.clone(),
                    })
            });
            match found {
                Some(case) => cases.push(case),
                None => unmatched.push(pointer),
            }
        }
    }
    for (i, op) in ops.iter().enumerate() {
        let node = pointer::resolve(root, &op.pointer);
        for (name, ex) in node
            .and_then(|n| n.get("x-request-header-examples"))
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(value) = ex.get("value") {
                let at = join(&join(&op.pointer, "x-request-header-examples"), name);
                cases.push(Case::Headers {
                    op: i,
                    pointer: at,
                    value: value.clone(),
                });
            }
        }
    }
    (cases, unmatched)
}

/// Test credentials for every credential the spec declares: integers 1001, text `test-<name>`.
fn credentials(spec: &Spec, vendor: &str) -> Map<String, Value> {
    let api = codegen::model::build(spec, vendor).unwrap_or_else(|p| panic!("{vendor}: {p:?}"));
    api.auth
        .credentials()
        .into_iter()
        .map(|c| {
            (
                c.wire.clone(),
                if c.integer {
                    json!(1001)
                } else {
                    json!(format!("test-{}", c.wire))
                },
            )
        })
        .collect()
}

/// Parameter values: the parameter's example when it has one, else a value of its type.
fn params(op: &Op, cases: &[Case], me: usize) -> Map<String, Value> {
    let mut out = Map::new();
    for (_, name, node) in &op.params {
        let example = cases.iter().find_map(|c| match c {
            Case::Parameter {
                op, name: n, value, ..
            } if *op == me && n == name => Some(value.clone()),
            _ => None,
        });
        let value =
            example.unwrap_or_else(
                || match node.pointer("/schema/type").and_then(Value::as_str) {
                    Some("integer") | Some("number") => json!(
                        node.pointer("/schema/minimum")
                            .and_then(Value::as_i64)
                            .unwrap_or(1)
                    ),
                    Some("boolean") => json!(true),
                    _ => json!(format!("{name}-1")),
                },
            );
        if node.get("required") == Some(&Value::Bool(true))
            || node.get("in").and_then(Value::as_str) == Some("path")
        {
            out.insert(name.clone(), value);
        }
    }
    out
}

/// JSON equality where `null` and absent members are the same and numbers compare by value.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().all(|k| {
                same(
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                )
            })
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Whether an `x-errata` entry explains a difference at `pointer` (on it or on an enclosing node).
fn explained(spec: &Spec, pointer: &str) -> bool {
    fn walk(node: &Value, out: &mut Vec<String>) {
        match node {
            Value::Object(m) => {
                for (k, v) in m {
                    if k == "x-errata" {
                        for e in v.as_array().into_iter().flatten() {
                            if let Some(p) = e.get("pointer").and_then(Value::as_str) {
                                out.push(p.to_owned());
                            }
                        }
                    } else {
                        walk(v, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut pointers = Vec::new();
    walk(&spec.root, &mut pointers);
    pointers
        .iter()
        .any(|p| pointer == p || pointer.starts_with(&format!("{p}/")))
}

/// What an answer example should decode to: the envelope's data when the spec wraps answers.
fn unwrapped(spec: &Spec, op: &Op, status: &str, value: &Value) -> Value {
    let envelope = pointer::resolve(&spec.root, &op.pointer)
        .and_then(|n| n.get("x-response-envelope"))
        .or_else(|| spec.root.get("x-response-envelope"));
    let Some(envelope) = envelope.filter(|_| status.starts_with('2')) else {
        return value.clone();
    };
    let data = match pointer::resolve(&spec.root, &op.pointer)
        .and_then(|n| n.pointer("/x-response-envelope/data-property"))
    {
        Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        _ => envelope
            .get("data-property")
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    match data {
        Some(d) => value.get(&d).cloned().unwrap_or(Value::Null),
        None => value.clone(),
    }
}

/// The headers (and, for a form envelope, the form field) that carry the operation's credentials.
fn credential_carriers(spec: &Spec, op: &Op) -> (Vec<String>, Option<String>) {
    let node = pointer::resolve(&spec.root, &op.pointer);
    let requirement = node
        .and_then(|n| n.get("security"))
        .or_else(|| spec.root.get("security"))
        .and_then(Value::as_array)
        .and_then(|alternatives| alternatives.first())
        .and_then(Value::as_object);
    let mut headers = Vec::new();
    for name in requirement.into_iter().flat_map(|r| r.keys()) {
        let scheme = spec
            .root
            .pointer(&format!("/components/securitySchemes/{name}"))
            .cloned()
            .unwrap_or(Value::Null);
        match scheme.get("type").and_then(Value::as_str) {
            Some("apiKey") if scheme.get("in").and_then(Value::as_str) == Some("header") => {
                headers.push(
                    scheme
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_ascii_lowercase(),
                );
            }
            Some("http") => headers.push("authorization".into()),
            _ => {}
        }
    }
    let form_field = spec
        .root
        .pointer("/x-rpc-envelope/fields/signature")
        .and_then(Value::as_str)
        .map(str::to_owned);
    (headers, form_field)
}

fn status_code(status: &str) -> u16 {
    status
        .parse()
        .unwrap_or_else(|_| match status.as_bytes().first() {
            Some(d @ b'1'..=b'5') => u16::from(d - b'0') * 100,
            _ => 500,
        })
}

/// The request as a reviewer reads it: method, path and query, headers, body.
fn shown(request: &Request, rpc_payload_field: Option<&str>) -> String {
    let mut out = format!("{} {}", request.method, request.url.path());
    if let Some(q) = request.url.query() {
        out.push_str(&format!("?{q}"));
    }
    out.push('\n');
    let headers: BTreeMap<String, String> = request
        .headers
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "host" | "content-length"))
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                v.to_str().unwrap_or("<binary>").to_owned(),
            )
        })
        .collect();
    for (k, v) in &headers {
        out.push_str(&format!("{k}: {v}\n"));
    }
    out.push('\n');
    let body = String::from_utf8_lossy(&request.body).into_owned();
    match serde_json::from_str::<Value>(&body) {
        Ok(v) => out.push_str(&serde_json::to_string_pretty(&v).unwrap_or_default()),
        Err(_) => {
            out.push_str(&body);
            if let Some(field) = rpc_payload_field {
                out.push_str(&format!("\n\n{field}, decoded:\n"));
                let payload = decode_envelope(request, field).unwrap_or(Value::Null);
                out.push_str(&serde_json::to_string_pretty(&payload).unwrap_or_default());
            }
        }
    }
    out
}

fn form(request: &Request) -> Vec<(String, String)> {
    let body = String::from_utf8_lossy(&request.body).into_owned();
    commerce_apis::runtime::reqwest::Url::parse(&format!("http://form/?{body}"))
        .map(|u| u.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

fn decode_envelope(request: &Request, field: &str) -> Option<Value> {
    let encoded = form(request).into_iter().find(|(k, _)| k == field)?.1;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

async fn call(
    vendor: &str,
    server: &MockServer,
    creds: &Map<String, Value>,
    op: &Op,
    params: &Map<String, Value>,
    body: Option<&Value>,
) -> Result<Outcome, dynamic::CallError> {
    dynamic::call(
        vendor,
        &server.uri(),
        creds,
        &dynamic::Options::default().clock(FixedClock::at_unix(FIXED)),
        &op.id,
        params,
        body,
    )
    .await
}

/// The schema-guided tolerance mutations of an answer: unknown members in every object,
/// unknown values for string enums, the other form of two-form values, `null` for nullable lists.
fn mutate(root: &Value, schema: &Value, value: &mut Value, depth: usize) {
    if depth > 64 {
        return;
    }
    let schema = resolve(root, schema);
    if let Some(variants) = schema.get("oneOf").and_then(Value::as_array) {
        let forms: Vec<&Value> = variants.iter().map(|v| resolve(root, v)).collect();
        let has = |t: &str| {
            forms
                .iter()
                .any(|f| f.get("type").and_then(Value::as_str) == Some(t))
        };
        match value {
            Value::String(s) if has("integer") && s.parse::<i64>().is_ok() => {
                *value = json!(s.parse::<i64>().unwrap_or_default());
                return;
            }
            Value::Number(n) if has("string") && n.is_i64() => {
                *value = json!(n.to_string());
                return;
            }
            _ => {}
        }
        if let Some(matching) = forms.iter().find(|f| fits(f, value)) {
            mutate(root, matching, value, depth + 1);
        }
        return;
    }
    if let (Some(_), Value::String(_)) = (schema.get("enum").and_then(Value::as_array), &value) {
        *value = json!("A_VALUE_THE_SPEC_DOES_NOT_LIST");
        return;
    }
    match value {
        Value::Object(map) => {
            let props = schema.get("properties").and_then(Value::as_object);
            for (k, v) in map.iter_mut() {
                if let Some(p) = props.and_then(|p| p.get(k)) {
                    mutate(root, p, v, depth + 1);
                }
            }
            if schema.get("additionalProperties") != Some(&Value::Bool(false)) {
                map.insert(
                    "x_member_the_spec_does_not_list".into(),
                    json!({"kept": [1, "two", null]}),
                );
            }
        }
        Value::Array(items) => {
            let nullable = schema
                .get("type")
                .and_then(Value::as_array)
                .is_some_and(|t| t.contains(&json!("null")));
            if nullable && depth > 0 {
                *value = Value::Null;
                return;
            }
            if let Some(item) = schema.get("items") {
                for v in items.iter_mut() {
                    mutate(root, item, v, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    let mut s = schema;
    for _ in 0..16 {
        match s
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(pointer::from_local_ref)
            .and_then(|p| pointer::resolve(root, &p))
        {
            Some(next) => s = next,
            None => break,
        }
    }
    s
}

fn fits(schema: &Value, value: &Value) -> bool {
    match schema.get("type").and_then(Value::as_str) {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        _ => schema.get("properties").is_some() && value.is_object(),
    }
}

#[tokio::test]
async fn every_example_in_every_spec() {
    let mut spec_paths: Vec<PathBuf> = std::fs::read_dir(workspace().join("specs"))
        .expect("specs/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    spec_paths.sort();
    let mut failures: Vec<String> = Vec::new();
    let mut in_specs = 0;
    let mut checked = 0;
    let mut explained_differences = Vec::new();
    let mut mutations = 0;

    for path in spec_paths {
        let vendor = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let spec = specs::load_file(&path, &format!("specs/{vendor}.yaml"))
            .unwrap_or_else(|p| panic!("{p}"));
        in_specs += codegen::lint::lint(&spec).examples;
        let ops = operations(&spec);
        let (cases, unmatched) = cases(&spec, &ops);
        for pointer in unmatched {
            failures.push(format!(
                "{vendor}: example {pointer} belongs to no operation"
            ));
        }
        let creds = credentials(&spec, &vendor);
        let rpc_payload = spec
            .root
            .pointer("/x-rpc-envelope/fields/payload")
            .and_then(Value::as_str);
        let mut sent: BTreeMap<usize, Request> = BTreeMap::new();

        // Requests: every request example, and one call for each operation with header or parameter examples.
        let mut request_runs: Vec<(usize, Option<String>, Option<Value>)> = cases
            .iter()
            .filter_map(|c| match c {
                Case::Request { op, pointer, value } => {
                    Some((*op, Some(pointer.clone()), Some(value.clone())))
                }
                _ => None,
            })
            .collect();
        for c in &cases {
            if let Case::Parameter { op, .. } | Case::Headers { op, .. } = c {
                if !request_runs.iter().any(|(o, _, _)| o == op) {
                    request_runs.push((*op, None, None));
                }
            }
        }
        for (i, example_pointer, body) in request_runs {
            let op = &ops[i];
            let server = MockServer::start().await;
            Mock::given(wiremock::matchers::any())
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
                .mount(&server)
                .await;
            let params = params(op, &cases, i);
            // The call's own outcome does not matter here (the server answers `{}`): the request does.
            if let Err(dynamic::CallError::Argument { name, message }) =
                call(&vendor, &server, &creds, op, &params, body.as_ref()).await
            {
                failures.push(format!("{vendor}: {}: argument {name}: {message}", op.id));
                continue;
            }
            let mut received = server.received_requests().await.unwrap_or_default();
            let Some(request) = received.pop() else {
                failures.push(format!("{vendor}: {}: the client sent nothing", op.id));
                continue;
            };
            // Method and path, parameters filled in.
            let mut expected_path = op.path.clone();
            for (name, value) in &params {
                let text = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned);
                expected_path = expected_path.replace(&format!("{{{name}}}"), &text);
            }
            let method = if rpc_payload.is_some() {
                "POST".to_owned()
            } else {
                op.method.clone()
            };
            if request.method.as_str() != method || request.url.path() != expected_path {
                failures.push(format!(
                    "{vendor}: {}: sent {} {}, expected {method} {expected_path}",
                    op.id,
                    request.method,
                    request.url.path()
                ));
            }
            // Credentials: every header (or form field) the security scheme names is there.
            let (headers, form_field) = credential_carriers(&spec, op);
            for h in headers {
                if !request.headers.contains_key(h.as_str()) {
                    failures.push(format!(
                        "{vendor}: {}: credential header {h} was not sent",
                        op.id
                    ));
                }
            }
            if let Some(field) = form_field {
                if !form(&request)
                    .iter()
                    .any(|(k, v)| *k == field && !v.is_empty())
                {
                    failures.push(format!(
                        "{vendor}: {}: form field {field} (the signature) was not sent",
                        op.id
                    ));
                }
            }
            // Body equal in meaning to the example (inside the form envelope when there is one).
            if let (Some(pointer), Some(example)) = (&example_pointer, &body) {
                checked += 1;
                let sent_body = match rpc_payload {
                    Some(field) => decode_envelope(&request, field).unwrap_or(Value::Null),
                    None => serde_json::from_slice(&request.body).unwrap_or(Value::Null),
                };
                if !same(&sent_body, example) {
                    failures.push(format!("{vendor}: {pointer}: the body sent differs from the example:\n{sent_body}\n{example}"));
                }
                let name = format!(
                    "{vendor}__{}__request__{}",
                    op.id,
                    pointer.rsplit('/').next().unwrap_or_default()
                );
                insta::assert_snapshot!(name, shown(&request, rpc_payload));
            }
            sent.insert(i, request);
        }

        // Parameter and header examples: seen in the request their operation sent.
        for c in &cases {
            match c {
                Case::Parameter {
                    op,
                    name,
                    pointer,
                    value,
                } => {
                    checked += 1;
                    let text = value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_owned);
                    let request = &sent[op];
                    let in_request = request.url.path().split('/').any(|s| s == text)
                        || request
                            .url
                            .query_pairs()
                            .any(|(k, v)| k == name.as_str() && v == text)
                        || request
                            .headers
                            .get(name.as_str())
                            .and_then(|v| v.to_str().ok())
                            == Some(text.as_str());
                    if !in_request {
                        failures.push(format!("{vendor}: parameter example {pointer} ({name} = {text}) is not in the request sent"));
                    }
                }
                Case::Headers { op, pointer, value } => {
                    checked += 1;
                    for header in value.as_object().into_iter().flat_map(|m| m.keys()) {
                        if !sent[op]
                            .headers
                            .contains_key(header.to_ascii_lowercase().as_str())
                        {
                            failures.push(format!(
                                "{vendor}: header example {pointer}: header {header} was not sent"
                            ));
                        }
                    }
                }
                _ => {}
            }
        }

        // Answers: decoded, snapshotted, re-encoded; then the tolerance mutations.
        for c in &cases {
            let Case::Response {
                op: i,
                status,
                pointer,
                value,
            } = c
            else {
                continue;
            };
            checked += 1;
            let op = &ops[*i];
            let body = cases.iter().find_map(|c| match c {
                Case::Request { op, value, .. } if op == i => Some(value.clone()),
                _ => None,
            });
            let body = body.or_else(|| op.body_pointer.as_ref().map(|_| json!({})));
            let params = params(op, &cases, *i);
            let schema = op
                .responses
                .iter()
                .find(|(s, _)| s == status)
                .and_then(|(_, p)| pointer::resolve(&spec.root, p))
                .and_then(|r| r.get("content"))
                .and_then(Value::as_object)
                .and_then(|c| c.values().next())
                .and_then(|m| m.get("schema"))
                .cloned()
                .unwrap_or(Value::Bool(true));
            let mut mutated = value.clone();
            mutate(&spec.root, &schema, &mut mutated, 0);
            assert_ne!(
                &mutated, value,
                "{vendor}: {pointer}: the tolerance mutations changed nothing"
            );
            mutations += 1;
            for (served, label) in [
                (value.clone(), "as written"),
                (mutated, "with tolerance mutations"),
            ] {
                let server = MockServer::start().await;
                Mock::given(wiremock::matchers::any())
                    .respond_with(
                        ResponseTemplate::new(status_code(status)).set_body_json(served.clone()),
                    )
                    .mount(&server)
                    .await;
                let outcome = match call(&vendor, &server, &creds, op, &params, body.as_ref()).await
                {
                    Ok(o) => o,
                    Err(e) => {
                        failures.push(format!("{vendor}: {pointer} ({label}): {e}"));
                        continue;
                    }
                };
                let want = unwrapped(&spec, op, status, &served);
                if label == "as written" {
                    let name = format!(
                        "{vendor}__{}__answer_{status}__{}",
                        op.id,
                        pointer.rsplit('/').next().unwrap_or_default()
                    );
                    insta::assert_snapshot!(name, outcome.typed.clone());
                }
                if !same(&outcome.json, &want) {
                    if label == "as written" && explained(&spec, pointer) {
                        explained_differences.push(format!("{vendor}: {pointer}"));
                    } else {
                        failures.push(format!("{vendor}: {pointer} ({label}): re-encoded answer differs:\n  got  {}\n  want {}", outcome.json, want));
                    }
                }
            }
        }
    }

    println!(
        "conformance: {checked} examples checked of {in_specs} in the specs; {mutations} answers also served with tolerance mutations"
    );
    for e in &explained_differences {
        println!("conformance: difference explained by x-errata: {e}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        checked, in_specs,
        "every example in the specs is checked exactly once"
    );
}

#[test]
fn equal_in_meaning_treats_null_as_absent_and_numbers_by_value() {
    assert!(same(&json!({"a": null, "b": [1.0]}), &json!({"b": [1]})));
    assert!(!same(&json!({"a": 0}), &json!({})));
    assert!(!same(&json!([1, 2]), &json!([2, 1])));
}

#[test]
fn mutations_add_unknown_members_values_and_other_forms() {
    let root = json!({"components": {"schemas": {
        "Code": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "Status": {"type": "string", "enum": ["ok"]}
    }}});
    let schema = json!({"type": "object", "properties": {
        "code": {"$ref": "#/components/schemas/Code"},
        "status": {"$ref": "#/components/schemas/Status"},
        "rows": {"type": ["array", "null"], "items": {"type": "string"}}
    }});
    let mut value = json!({"code": "200", "status": "ok", "rows": ["a"]});
    mutate(&root, &schema, &mut value, 0);
    assert_eq!(
        value,
        json!({
            "code": 200, "status": "A_VALUE_THE_SPEC_DOES_NOT_LIST", "rows": null,
            "x_member_the_spec_does_not_list": {"kept": [1, "two", null]}
        })
    );
}
