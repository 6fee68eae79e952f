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
use codegen::model::{
    self, Api, DocumentedExample, ExampleOwner, Operation, ParamIn, Segment, Ty, TypeKind,
};
use codegen::spec as specs;
use commerce_apis::dynamic::{self, Outcome};
use commerce_apis::runtime::FixedClock;
use serde_json::{Map, Value, json};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// 2024-01-01T00:00:00Z: signatures and timestamps in snapshots stay the same.
const FIXED: u64 = 1_704_067_200;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The examples that illustrate a part of an operation, and the pointers of those that
/// illustrate nothing an operation uses.
fn cases(api: &Api) -> (Vec<&DocumentedExample>, Vec<String>) {
    let (cases, unmatched): (Vec<&DocumentedExample>, Vec<&DocumentedExample>) = api
        .examples
        .iter()
        .partition(|e| e.owner != ExampleOwner::Elsewhere);
    let unmatched = unmatched
        .into_iter()
        .map(|e| e.example.pointer.clone())
        .collect();
    (cases, unmatched)
}

/// Test credentials for every credential the spec declares: integers 1001, text `test-<name>`.
fn credentials(api: &Api) -> Map<String, Value> {
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
fn params(api: &Api, op: &Operation, cases: &[&DocumentedExample]) -> Map<String, Value> {
    let mut out = Map::new();
    for p in &op.params {
        // By where the example stands, so a parameter shared through `components/parameters`
        // brings its examples to every operation that uses it.
        let own = format!("{}/", p.pointer);
        let example = cases.iter().find_map(|c| match &c.owner {
            ExampleOwner::Parameter { .. } if c.example.pointer.starts_with(&own) => {
                Some(c.example.value.clone())
            }
            _ => None,
        });
        let documented = example.is_some();
        let value = example.unwrap_or_else(|| match api.unalias(&p.ty) {
            Ty::Integer | Ty::Number => json!(p.constraints.minimum.map_or(1, |m| m as i64)),
            Ty::Boolean => json!(true),
            _ => json!(format!("{}-1", p.wire)),
        });
        if p.required || p.location == ParamIn::Path || documented {
            out.insert(p.wire.clone(), value);
        }
    }
    out
}

/// A parameter value as it appears in a path, query or header.
fn text_of(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
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

/// What an answer example should decode to: the envelope's data when the spec wraps answers.
fn unwrapped(op: &Operation, status: &str, value: &Value) -> Value {
    let Some(envelope) = op.envelope.as_ref().filter(|_| status.starts_with('2')) else {
        return value.clone();
    };
    match &envelope.data_property {
        Some(d) => value.get(d).cloned().unwrap_or(Value::Null),
        None => value.clone(),
    }
}

/// The headers (and, for a form envelope, the form field) that carry the operation's credentials.
fn credential_carriers(api: &Api, op: &Operation) -> (Vec<String>, Option<String>) {
    let headers = op
        .security
        .iter()
        .filter_map(|name| Some(api.scheme(name)?.wire.header_name()?.to_ascii_lowercase()))
        .collect();
    let form_field = api.auth.rpc.as_ref().map(|r| r.signature_field.clone());
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
    op: &Operation,
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

/// The type-guided tolerance mutations of an answer: unknown members in every open object,
/// unknown values for enums, the other form of two-form values, `null` for nullable lists.
fn mutate(api: &Api, ty: &Ty, nullable: bool, value: &mut Value, depth: usize) {
    if depth > 64 {
        return;
    }
    match (ty, &mut *value) {
        (Ty::Vec(_), Value::Array(_)) if nullable && depth > 0 => *value = Value::Null,
        (Ty::Vec(item), Value::Array(items)) => {
            for v in items.iter_mut() {
                mutate(api, item, false, v, depth + 1);
            }
        }
        (Ty::Object, Value::Object(map)) => add_unknown_member(map),
        (Ty::Named(name), _) => {
            let Some(kind) = api.type_def(name).map(|t| &t.kind) else {
                return;
            };
            mutate_named(api, kind, nullable, value, depth);
        }
        _ => {}
    }
}

fn mutate_named(api: &Api, kind: &TypeKind, nullable: bool, value: &mut Value, depth: usize) {
    match (kind, &mut *value) {
        (TypeKind::Alias { ty, .. }, _) => mutate(api, ty, nullable, value, depth),
        (TypeKind::Enum(_), Value::String(_)) => *value = json!("A_VALUE_THE_SPEC_DOES_NOT_LIST"),
        (TypeKind::Struct(s), Value::Object(map)) => {
            for (k, v) in map.iter_mut() {
                if let Some(f) = s.fields.iter().find(|f| f.wire == *k) {
                    mutate(api, &f.ty, f.nullable, v, depth + 1);
                }
            }
            if !s.closed {
                add_unknown_member(map);
            }
        }
        (TypeKind::Tagged { tag, variants }, Value::Object(map)) => {
            let chosen = map
                .get(tag)
                .and_then(Value::as_str)
                .and_then(|t| variants.iter().find(|v| v.tag_value == t));
            if let Some(variant) = chosen {
                mutate(api, &Ty::Named(variant.ty.clone()), false, value, depth + 1);
            }
        }
        (TypeKind::Untagged(variants), _) => {
            let forms: Vec<&Ty> = variants.iter().map(|v| api.unalias(&v.ty)).collect();
            match &*value {
                Value::String(s) if forms.contains(&&Ty::Integer) => {
                    if let Ok(n) = s.parse::<i64>() {
                        *value = json!(n);
                        return;
                    }
                }
                Value::Number(n) if forms.contains(&&Ty::String) && n.is_i64() => {
                    *value = json!(n.to_string());
                    return;
                }
                _ => {}
            }
            if let Some(form) = forms.iter().find(|f| fits(api, f, value)) {
                mutate(api, form, false, value, depth + 1);
            }
        }
        _ => {}
    }
}

fn add_unknown_member(map: &mut Map<String, Value>) {
    map.insert(
        "x_member_the_spec_does_not_list".into(),
        json!({"kept": [1, "two", null]}),
    );
}

fn fits(api: &Api, ty: &Ty, value: &Value) -> bool {
    match ty {
        Ty::String | Ty::Secret => value.is_string(),
        Ty::Integer => value.is_i64() || value.is_u64(),
        Ty::Number => value.is_number(),
        Ty::Boolean => value.is_boolean(),
        Ty::Vec(_) => value.is_array(),
        Ty::Object | Ty::Map(_) => value.is_object(),
        Ty::Json | Ty::Bytes => false,
        Ty::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => value.is_string(),
            Some(TypeKind::Alias { ty, .. }) => fits(api, ty, value),
            _ => value.is_object(),
        },
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
        let api = model::build(&spec, &vendor).unwrap_or_else(|p| panic!("{vendor}: {p:?}"));
        let ops = &api.operations;
        let (cases, unmatched) = cases(&api);
        for pointer in unmatched {
            failures.push(format!(
                "{vendor}: example {pointer} belongs to no operation"
            ));
        }
        let creds = credentials(&api);
        let rpc_payload = api.auth.rpc.as_ref().map(|r| r.payload_field.as_str());
        let mut sent: BTreeMap<usize, Request> = BTreeMap::new();

        // Requests: every request example, and one call for each operation with header or parameter examples.
        let mut request_runs: Vec<(usize, Option<String>, Option<Value>)> = cases
            .iter()
            .filter_map(|c| match c.owner {
                ExampleOwner::RequestBody { operation } => Some((
                    operation,
                    Some(c.example.pointer.clone()),
                    Some(c.example.value.clone()),
                )),
                _ => None,
            })
            .collect();
        for c in &cases {
            if let ExampleOwner::Parameter { operation, .. }
            | ExampleOwner::RequestHeaders { operation } = c.owner
            {
                if !request_runs.iter().any(|(o, _, _)| *o == operation) {
                    request_runs.push((operation, None, None));
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
            let params = params(&api, op, &cases);
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
            let expected_path: String = op
                .segments
                .iter()
                .map(|s| match s {
                    Segment::Literal(text) => text.clone(),
                    Segment::Param(name) => params.get(name).map(text_of).unwrap_or_default(),
                })
                .collect();
            let method = if rpc_payload.is_some() {
                "POST".to_owned()
            } else {
                op.http_method.clone()
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
            let (headers, form_field) = credential_carriers(&api, op);
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
            let (pointer, value) = (&c.example.pointer, &c.example.value);
            match &c.owner {
                ExampleOwner::Parameter {
                    operation: op,
                    name,
                } => {
                    checked += 1;
                    let text = text_of(value);
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
                ExampleOwner::RequestHeaders { operation: op } => {
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
            let ExampleOwner::Response {
                operation: i,
                status,
            } = &c.owner
            else {
                continue;
            };
            let (pointer, value) = (&c.example.pointer, &c.example.value);
            checked += 1;
            let op = &ops[*i];
            let body = cases.iter().find_map(|c| match c.owner {
                ExampleOwner::RequestBody { operation } if operation == *i => {
                    Some(c.example.value.clone())
                }
                _ => None,
            });
            let body = body.or_else(|| op.body.as_ref().map(|_| json!({})));
            let params = params(&api, op, &cases);
            let answer_ty = op
                .responses
                .iter()
                .find(|r| r.status == *status)
                .and_then(|r| r.ty.clone())
                .unwrap_or(Ty::Json);
            let mut mutated = value.clone();
            mutate(&api, &answer_ty, false, &mut mutated, 0);
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
                let want = unwrapped(op, status, &served);
                if label == "as written" {
                    let name = format!(
                        "{vendor}__{}__answer_{status}__{}",
                        op.id,
                        pointer.rsplit('/').next().unwrap_or_default()
                    );
                    insta::assert_snapshot!(name, outcome.typed.clone());
                }
                if !same(&outcome.json, &want) {
                    if label == "as written" && api.explains(pointer) {
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
    let yaml = r##"
openapi: 3.1.0
info: {title: T, version: "1", description: d}
paths:
  /x:
    get:
      operationId: getX
      summary: s
      description: d
      responses:
        "200":
          description: d
          content:
            application/json:
              schema:
                type: object
                description: d
                properties:
                  code: {$ref: "#/components/schemas/Code"}
                  status: {$ref: "#/components/schemas/Status"}
                  rows: {type: [array, "null"], description: d, items: {type: string, description: d}}
components:
  schemas:
    Code: {description: d, oneOf: [{type: string, description: d}, {type: integer, description: d}]}
    Status: {type: string, description: d, enum: [ok], x-enum-descriptions: {ok: d}}
"##;
    let spec = specs::parse("inline.yaml", yaml).expect("parses");
    let api = model::build(&spec, "inline").expect("models");
    let ty = api.operations[0].responses[0].ty.clone().expect("typed");
    let mut value = json!({"code": "200", "status": "ok", "rows": ["a"]});
    mutate(&api, &ty, false, &mut value, 0);
    assert_eq!(
        value,
        json!({
            "code": 200, "status": "A_VALUE_THE_SPEC_DOES_NOT_LIST", "rows": null,
            "x_member_the_spec_does_not_list": {"kept": [1, "two", null]}
        })
    );
}
