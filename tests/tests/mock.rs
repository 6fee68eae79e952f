//! The generated clients against the spec-driven mock (`commerce_apis_mock`), on 127.0.0.1.
//!
//! Data-driven like `examples.rs`: every operation of every spec is called through
//! `commerce_apis::dynamic::call` with the mock's test credentials. The mock must accept every
//! request the clients build from the documented request examples (parameters, credentials,
//! signatures, bodies), and serve every documented answer example when `Prefer: example=<name>`
//! asks for it. Then the generated clients' own signatures are checked by the mock refusing them
//! under a wrong secret.

use commerce_apis::dynamic::{self, CallError, Options, Outcome};
use commerce_apis::runtime::reqwest;
use commerce_apis_mock::{MockServer, Vendor};
use serde_json::{Map, Value, json};

/// The documents of `vendors` (all of them when empty), as the generated modules carry them.
async fn mock_of(vendors: &[&str]) -> MockServer {
    let documents: Vec<(&str, &str)> = dynamic::vendors()
        .into_iter()
        .filter(|v| vendors.is_empty() || vendors.contains(v))
        .map(|v| (v, dynamic::spec(v).expect("built")))
        .collect();
    MockServer::start_texts(&documents)
        .await
        .expect("mock starts")
}

/// The mock's test credentials for a vendor, with a token for every token it issues.
fn credentials(vendor: &Vendor) -> Map<String, Value> {
    let mut out = Map::new();
    for (name, value) in vendor.credentials() {
        let value = match value.parse::<i64>() {
            Ok(n) => json!(n),
            Err(_) => json!(value),
        };
        out.insert(name.clone(), value);
    }
    for (token, _) in vendor.tokens() {
        out.insert(token.to_owned(), json!("a-token-from-the-mock"));
    }
    out
}

fn prefer(example: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "prefer",
        reqwest::header::HeaderValue::from_str(&format!("example={example}")).expect("header"),
    );
    commerce_apis::runtime::http::client_builder()
        .default_headers(headers)
        .build()
        .expect("client")
}

async fn call(
    mock: &MockServer,
    vendor: &Vendor,
    creds: &Map<String, Value>,
    operation: &str,
    body: Option<&Value>,
    options: &Options,
) -> Result<Outcome, CallError> {
    let base_url = mock.base_url(vendor.name()).expect("served");
    dynamic::call(
        vendor.name(),
        &base_url,
        creds,
        options,
        operation,
        &vendor.parameter_samples(operation),
        body,
    )
    .await
}

#[tokio::test]
async fn the_mock_accepts_every_documented_request_and_serves_every_documented_answer() {
    let mock = mock_of(&[]).await;
    let mut failures = Vec::new();
    let (mut requests, mut answers) = (0, 0);
    for vendor in mock.catalog().vendors() {
        let creds = credentials(vendor);
        for operation in vendor.operation_ids() {
            let where_ = format!("{}.{operation}", vendor.name());
            // Every documented request, or one built from the schema when none is documented.
            let mut bodies: Vec<(String, Option<Value>)> = vendor
                .request_examples(operation)
                .into_iter()
                .map(|(n, v)| (n.to_owned(), Some(v.clone())))
                .collect();
            if bodies.is_empty() {
                bodies.push((
                    "built from the schema".into(),
                    vendor.request_sample(operation),
                ));
            }
            for (name, body) in &bodies {
                requests += 1;
                let before = mock.journal().len();
                let result = call(
                    &mock,
                    vendor,
                    &creds,
                    operation,
                    body.as_ref(),
                    &Options::default(),
                )
                .await;
                let exchange = mock.journal().into_iter().nth(before);
                let accepted = exchange
                    .as_ref()
                    .is_some_and(|e| e.status < 400 && e.operation.as_deref() == Some(operation));
                if !accepted {
                    failures.push(format!(
                        "{where_}: request {name:?} was refused: {:?} / {result:?}",
                        exchange.map(|e| e.body)
                    ));
                }
            }
            // Every documented answer, chosen with `Prefer: example=<name>`.
            let body = vendor.request_sample(operation);
            for (status, name, value) in vendor.answer_examples(operation) {
                answers += 1;
                let before = mock.journal().len();
                let options = Options::default().http_client(prefer(name));
                let result = call(&mock, vendor, &creds, operation, body.as_ref(), &options).await;
                let Some(exchange) = mock.journal().into_iter().nth(before) else {
                    failures.push(format!(
                        "{where_}: answer {name:?}: nothing reached the mock"
                    ));
                    continue;
                };
                if exchange.example.as_deref() != Some(name)
                    || exchange.status.to_string() != status
                    || &exchange.body != value
                {
                    failures.push(format!(
                        "{where_}: answer {name:?} ({status}): served {} {:?}",
                        exchange.status, exchange.example
                    ));
                }
                // A success example decodes, or is an in-band failure the client reports as the
                // vendor's (Imweb's negative `code` inside a 200).
                let decoded = match &result {
                    Ok(_) => true,
                    Err(CallError::Failed(m)) => m.contains("the vendor reports failure"),
                    Err(_) => false,
                };
                if status.starts_with('2') && !decoded {
                    failures.push(format!(
                        "{where_}: answer {name:?} did not decode: {result:?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        requests >= 19 && answers >= 9,
        "{requests} requests, {answers} answers"
    );
    println!("mock: {requests} requests accepted, {answers} documented answers served");
}

/// The clients' signatures are what the mock recomputes; a wrong secret is refused with 401 and
/// the place of the signature.
#[tokio::test]
async fn a_signature_under_the_wrong_secret_is_refused() {
    let mock = mock_of(&["biaoju", "coupang"]).await;
    for (vendor_name, secret, at) in [
        ("coupang", "secret-key", "/header/Authorization"),
        ("biaoju", "apiKey", "/form/sign"),
    ] {
        let vendor = mock.catalog().vendor(vendor_name).expect("served");
        let mut creds = credentials(vendor);
        let operation = vendor.operation_ids().next().expect("an operation");
        let body = vendor.request_sample(operation);
        call(
            &mock,
            vendor,
            &creds,
            operation,
            body.as_ref(),
            &Options::default(),
        )
        .await
        .unwrap_or_else(|e| panic!("{vendor_name}: the right secret is accepted: {e}"));
        creds.insert(secret.into(), json!("not-the-test-secret"));
        let result = call(
            &mock,
            vendor,
            &creds,
            operation,
            body.as_ref(),
            &Options::default(),
        )
        .await;
        assert!(result.is_err(), "{vendor_name}: {result:?}");
        let exchange = mock.journal().pop().expect("an exchange");
        assert_eq!(exchange.status, 401, "{vendor_name}: {:?}", exchange.body);
        let violations = exchange.body["violations"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(violations.len(), 1, "{vendor_name}: {violations:?}");
        assert_eq!(violations[0]["pointer"], json!(at), "{vendor_name}");
    }
}
