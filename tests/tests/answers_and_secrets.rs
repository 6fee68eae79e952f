//! What a user meets on the edges of a call, through the public API against local servers
//! (127.0.0.1 only): secrets kept out of every printout, answers with their status and headers,
//! the shapes vendors really send, requests refused before they go out, shared clients,
//! credentials from the environment, tokens renewed and in-band rate limits retried.

use std::time::Duration;

use commerce_apis::runtime::{Error, ResponseExt, RetryPolicy};
use commerce_apis::{biaoju, coupang, imweb, playauto, poomgo};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Retries quick enough for a test.
fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        min_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}

fn imweb_client(server: &MockServer) -> imweb::Client {
    imweb::Client::builder(imweb::Credentials::new())
        .base_url(server.uri())
        .retry(fast_retries())
        .build()
}

fn imweb_auth() -> imweb::types::AuthRequest {
    serde_json::from_value(json!({"key": "k", "secret": "the-api-secret"})).expect("decodes")
}

async fn requests_to(server: &MockServer, wanted: &str) -> usize {
    let received = server.received_requests().await.expect("recording is on");
    received.iter().filter(|r| r.url.path() == wanted).count()
}

#[test]
fn request_and_answer_types_never_print_their_secrets() {
    let login: playauto::types::PasswordLogin =
        serde_json::from_value(json!({"email": "a@example.com", "password": "hunter2"}))
            .expect("decodes");
    let auth = imweb_auth();
    let token: playauto::types::AuthAnswer =
        serde_json::from_value(json!({"token": "eyJ-issued", "sol_no": 7})).expect("decodes");
    let imweb_token: imweb::types::AuthAnswer =
        serde_json::from_value(json!({"code": 0, "access_token": "imweb-issued"}))
            .expect("decodes");
    for (shown, secret) in [
        (format!("{login:?}"), "hunter2"),
        (format!("{auth:#?}"), "the-api-secret"),
        (format!("{token:?}"), "eyJ-issued"),
        (format!("{imweb_token:?}"), "imweb-issued"),
    ] {
        assert!(!shown.contains(secret), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
    }
    // The wire keeps the value: only printing hides it.
    let sent = serde_json::to_value(&login).expect("encodes");
    assert_eq!(sent["password"], "hunter2");
}

#[tokio::test]
async fn a_token_answer_that_does_not_decode_names_a_real_path_and_hides_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"code": 0, "access_token": "issued-token-value", "msg": {"not": "text"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = imweb_client(&server);
    let error = client
        .authenticate(&imweb_auth())
        .await
        .expect_err("msg is documented as text");
    let Error::Decode { path, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert!(!path.contains('?') && !path.is_empty(), "{path}");
    let mut chain = vec![
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ];
    let mut source = std::error::Error::source(&error);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    for shown in chain {
        assert!(!shown.contains("issued-token-value"), "{shown}");
        assert!(!shown.contains("the-api-secret"), "{shown}");
    }
}

#[tokio::test]
async fn with_response_gives_status_headers_and_the_envelopes_other_members() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-42")
                .set_body_json(json!({
                    "msg": "SUCCESS", "code": 200, "request_count": 17, "version": "latest",
                    "data": {"success": "202012080000001", "failed": []}
                })),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = imweb_client(&server);
    client.set_access_token("t");
    let plain = imweb::types::PlainOrderActionRequest::default();
    // The common call is unchanged: the value itself.
    let value = client
        .confirm_order_deposit("1", &plain)
        .await
        .expect("succeeds");
    assert!(value.is_some());
    let answer = client
        .confirm_order_deposit("1", &plain)
        .with_response()
        .await
        .expect("succeeds");
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(answer.header("x-request-id"), Some("req-42"));
    assert_eq!(answer.member("request_count"), Some(json!(17)));
    assert_eq!(answer.member("version"), Some(json!("latest")));
    assert!(answer.as_ref().is_some_and(|r| r.failed.is_some()));
}

#[tokio::test]
async fn an_empty_list_for_an_object_numbers_for_strings_and_null_data_decode() {
    let server = MockServer::start().await;
    // PHP encodes an empty map as `[]`.
    Mock::given(method("PATCH"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"code": 0, "msg": "", "data": []})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/open-api/oms/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total": 1,
            "rows": [{"orderNo": "1", "price": 25000, "settlementPrice": 19900.5, "receiver": []}]
        })))
        .mount(&server)
        .await;
    let client = imweb_client(&server);
    client.set_access_token("t");
    let result = client
        .confirm_order_deposit("1", &imweb::types::PlainOrderActionRequest::default())
        .await
        .expect("[] is an empty object");
    let result = result.expect("data is there");
    assert!(result.success.is_none() && result.failed.is_none());

    let poomgo = poomgo::Client::builder(poomgo::Credentials::new("k"))
        .base_url(server.uri())
        .build();
    let page = poomgo
        .list_orders(&poomgo::types::OrderQuery::default())
        .await
        .expect("numbers are accepted for amounts");
    let rows = page.rows.expect("rows");
    assert_eq!(rows[0].price.as_deref(), Some("25000"));
    assert_eq!(rows[0].settlement_price.as_deref(), Some("19900.5"));

    // Biaoju's failure envelope carries `"Data": null`: the type decodes it, the client reports
    // the failure code.
    let answer: biaoju::types::OrderUpdateAnswer =
        serde_json::from_value(json!({"ErrorCode": "1001", "Message": "签名错误", "Data": null}))
            .expect("null Data decodes");
    assert!(answer.data.is_none());
}

#[tokio::test]
async fn a_body_vendor_id_that_differs_from_the_paths_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = coupang::Client::builder(coupang::Credentials::new("a", "s"))
        .base_url(server.uri())
        .build();
    let place: coupang::types::OutboundShippingPlace = serde_json::from_value(json!({
        "vendorId": "A00012345", "userId": "u",
        "placeAddresses": [{"addressType": "ROADNAME", "countryCode": "KR",
            "companyContactNumber": "02-1234-5678", "returnZipCode": "05510",
            "returnAddress": "서울", "returnAddressDetail": "101"}]
    }))
    .expect("decodes");
    let error = client
        .update_outbound_shipping_place("A99999999", 1, &place)
        .await
        .expect_err("refused");
    let Error::InvalidRequest(invalid) = &error else {
        panic!("expected a refusal, got {error:?}");
    };
    assert_eq!(invalid.violations[0].path, "vendorId");
    assert!(error.to_string().contains("vendorId"), "{error}");
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn clones_share_credentials_and_tokens() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(header("access-token", "set-on-a-clone"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"code": 0, "data": {}})))
        .expect(1)
        .mount(&server)
        .await;
    let client = imweb_client(&server);
    let clone = client.clone();
    clone.set_access_token("set-on-a-clone");
    let handle = tokio::spawn(async move {
        client
            .confirm_order_deposit("1", &imweb::types::PlainOrderActionRequest::default())
            .await
    });
    handle
        .await
        .expect("joins")
        .expect("the original sees the clone's token");
}

/// Run by [`credentials_come_from_documented_environment_variables`] in a child process, so
/// that the variables it sets touch no other test.
#[test]
fn child_reads_credentials_from_the_environment() {
    if std::env::var_os("COMMERCE_APIS_ENV_CHILD").is_none() {
        return;
    }
    let coupang = coupang::Credentials::from_env().expect("both keys are set");
    assert_eq!(coupang.access_key, "access-from-env");
    assert_eq!(coupang.secret_key.expose(), "secret-from-env");
    let imweb = imweb::Credentials::from_env().expect("tokens are optional");
    assert_eq!(
        imweb.access_token.map(|t| t.expose().to_owned()),
        Some("tok".into())
    );
    let missing = poomgo::Credentials::from_env().expect_err("POOMGO_API_KEY is not set");
    assert_eq!(missing.variable, "POOMGO_API_KEY");
    assert!(!format!("{coupang:?}").contains("secret-from-env"));
}

#[test]
fn credentials_come_from_documented_environment_variables() {
    let status = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "child_reads_credentials_from_the_environment"])
        .env("COMMERCE_APIS_ENV_CHILD", "1")
        .env("COUPANG_ACCESS_KEY", "access-from-env")
        .env("COUPANG_SECRET_KEY", "secret-from-env")
        .env("IMWEB_ACCESS_TOKEN", "tok")
        .env_remove("POOMGO_API_KEY")
        .status()
        .expect("runs");
    assert!(status.success());
}

#[tokio::test]
async fn an_expired_token_is_renewed_once_and_the_call_repeated() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"token": "second"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/auth"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"token": "first"}])))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(header("authorization", "Token first"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(
                json!({"error_code": "e1003", "messages": ["토큰이 만료되었습니다."]}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(header("authorization", "Token second"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"bundle_no": "1", "result": "성공", "message": ""}])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = playauto::Client::builder(playauto::Credentials::new("api-key"))
        .base_url(server.uri())
        .build();
    let key = playauto::types::KeyLogin::builder()
        .authentication_key("auth-key")
        .build()
        .expect("complete");
    client
        .authenticate(&playauto::types::AuthRequest::KeyLogin(key))
        .await
        .expect("first token");
    let invoices: playauto::types::SetInvoiceRequest = serde_json::from_value(
        json!({"orders": [{"bundle_no": "1", "carr_no": "4", "invoice_no": "9"}]}),
    )
    .expect("decodes");
    // PUT is idempotent anyway; the renewal repeats a call the server refused before acting.
    let results = client
        .set_invoice(&invoices)
        .await
        .expect("renewed and repeated");
    assert_eq!(results.len(), 1);
    // The client keeps the login to renew with; printing it shows neither the key nor a token.
    let shown = format!("{client:?}");
    assert!(
        !shown.contains("auth-key") && !shown.contains("second"),
        "{shown}"
    );
    assert!(
        !shown.contains("97, 117, 116, 104"),
        "no body bytes: {shown}"
    );
    assert_eq!(requests_to(&server, "/auth").await, 2);
    assert_eq!(requests_to(&server, "/order/setInvoice").await, 2);
}

#[tokio::test]
async fn a_token_set_by_hand_is_not_renewed_and_the_expiry_reaches_the_caller() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"code": -2, "msg": "토큰 오류"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = imweb_client(&server);
    client.set_access_token("stale");
    let error = client
        .confirm_order_deposit("1", &imweb::types::PlainOrderActionRequest::default())
        .await
        .expect_err("nothing to renew with");
    assert!(
        matches!(&error, Error::Vendor { code, .. } if code == "-2"),
        "{error:?}"
    );
}

#[tokio::test]
async fn imweb_renews_on_code_minus_2_for_a_patch_and_retries_in_band_rate_limits() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 200, "msg": "SUCCESS", "access_token": "fresh"})),
        )
        .expect(2)
        .mount(&server)
        .await;
    // The first PATCH: the token expired. After renewal: one rate-limit answer, then success.
    Mock::given(method("PATCH"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"code": -2, "msg": "토큰 오류"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"code": -7, "msg": "요청 과다"})),
        )
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 200, "msg": "SUCCESS", "data": {"success": 1}})),
        )
        .with_priority(3)
        .mount(&server)
        .await;
    let client = imweb_client(&server);
    client.authenticate(&imweb_auth()).await.expect("token");
    let answer = client
        .send_order(
            "1",
            &serde_json::from_value(json!({"etc": {"parcel_code": "CJ", "invoice_no": "1"}}))
                .expect("decodes"),
        )
        .await
        .expect("renewed, then retried past the rate limit");
    assert!(answer.is_some());
    assert_eq!(requests_to(&server, "/shop/orders/1/send").await, 3);
}

#[tokio::test]
async fn an_in_band_rate_limit_that_persists_ends_as_the_vendors_error() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"code": -7, "msg": "요청 과다"})),
        )
        .expect(3)
        .mount(&server)
        .await;
    let client = imweb_client(&server);
    client.set_access_token("t");
    let error = client
        .confirm_order_deposit("1", &imweb::types::PlainOrderActionRequest::default())
        .await
        .expect_err("still limited after the policy's attempts");
    assert!(
        matches!(&error, Error::Vendor { code, .. } if code == "-7"),
        "{error:?}"
    );
}

/// The shapes above are general rules, not Imweb's or Poomgo's: any received struct takes `[]`.
#[test]
fn every_received_struct_of_every_vendor_accepts_an_empty_list() {
    use commerce_apis::dynamic;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut checked = 0;
    for vendor in dynamic::vendors() {
        let spec =
            codegen::spec::load_file(&dir.join(format!("{vendor}.yaml")), vendor).expect("loads");
        let api = codegen::model::build(&spec, vendor).expect("models");
        for def in &api.types {
            let codegen::model::TypeKind::Struct(s) = &def.kind else {
                continue;
            };
            let required = s.fields.iter().any(|f| f.always_present());
            if !def.direction.receives() || required {
                continue;
            }
            let decoded = dynamic::round_trip(vendor, &def.name, Value::Array(vec![]));
            assert!(
                matches!(decoded, Some(Ok(_))),
                "{vendor}::{}: {decoded:?}",
                def.name
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} received structs checked");
}
