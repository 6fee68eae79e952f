//! Each class of bad request gets a 4xx answer that lists every violation with its place and
//! reason. The requests are built by hand (signed with the runtime's helpers where the vendor
//! signs) from the specs' documented examples, then broken one way at a time. The answers are
//! snapshotted; the first line of each test names the class.

use std::sync::OnceLock;

use std::path::PathBuf;

use commerce_apis_mock::{Catalog, MockRequest};
use commerce_apis_runtime::Secret;
use commerce_apis_runtime::form_envelope::{base64_json, form_body, md5_signature};
use commerce_apis_runtime::hmac_signature::hmac_sha256_hex;
use serde_json::{Value, json};

/// This repository's `specs/` folder (these tests are not part of the published crate).
fn workspace_specs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::load(&workspace_specs(), &[]).unwrap_or_else(|e| panic!("{e}")))
}

const COUPANG_PATH: &str =
    "/coupang/v2/providers/openapi/apis/api/v4/vendors/A00012345/outboundShippingCenters/123456";

fn coupang_body() -> Value {
    let vendor = catalog().vendor("coupang").expect("coupang");
    vendor
        .request_sample("updateOutboundShippingPlace")
        .expect("a documented body")
}

/// A Coupang PUT signed with the test credentials, as the vendor documents the signature.
fn coupang(body: &Value, secret: &str) -> MockRequest {
    let signed_date = "240101T000000Z";
    let message = format!("{signed_date}PUT{COUPANG_PATH}");
    let signature = hmac_sha256_hex(secret.as_bytes(), message.as_bytes());
    MockRequest {
        method: "PUT".into(),
        path: COUPANG_PATH.into(),
        query: None,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            (
                "authorization".into(),
                format!(
                    "CEA algorithm=HmacSHA256, access-key=mock-coupang-access-key, signed-date={signed_date}, signature={signature}"
                ),
            ),
        ],
        body: serde_json::to_vec(body).expect("json"),
    }
}

const SECRET: &str = "mock-coupang-secret-key";

fn answer(request: &MockRequest) -> (u16, Value) {
    let answer = catalog().answer(request);
    (answer.status, answer.body)
}

fn pointers(body: &Value) -> Vec<&str> {
    body["violations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["pointer"].as_str())
        .collect()
}

#[test]
fn a_correct_signed_request_is_answered_with_the_documented_example() {
    let answer = catalog().answer(&coupang(&coupang_body(), SECRET));
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(
        answer
            .headers
            .contains(&("x-mock-example".into(), "page".into()))
    );
    assert_eq!(answer.body["code"], json!("200"));
}

#[test]
fn missing_required_field_wrong_type_out_of_range_and_unknown_enum_value_are_all_listed() {
    let mut body = coupang_body();
    body.as_object_mut().expect("object").remove("userId");
    body["usable"] = json!("yes");
    body["remoteInfos"][0]["jeju"] = json!(25000);
    body["placeAddresses"][0]["addressType"] = json!("MOON");
    let (status, answer) = answer(&coupang(&body, SECRET));
    assert_eq!(status, 400);
    assert_eq!(
        pointers(&answer),
        [
            "/body",
            "/body/usable",
            "/body/placeAddresses/0/addressType",
            "/body/remoteInfos/0/jeju",
        ]
    );
    insta::assert_json_snapshot!("body_violations", answer);
}

#[test]
fn a_wrong_signature_is_refused_with_401() {
    let (status, answer) = answer(&coupang(&coupang_body(), "another-secret"));
    assert_eq!(status, 401);
    assert_eq!(pointers(&answer), ["/header/Authorization"]);
    insta::assert_json_snapshot!("bad_hmac_signature", answer);
}

#[test]
fn a_path_parameter_of_the_wrong_type_is_named() {
    let mut request = coupang(&coupang_body(), SECRET);
    request.path = request.path.replace("/123456", "/not-a-number");
    let (status, answer) = answer(&request);
    // The signature covers the path, so it is wrong too; both are listed.
    assert_eq!(status, 401);
    assert_eq!(
        pointers(&answer),
        ["/path/outboundShippingPlaceCode", "/header/Authorization"]
    );
}

#[test]
fn missing_credentials_are_refused_with_401_and_each_is_named() {
    let request = MockRequest {
        method: "PUT".into(),
        path: "/playauto/order/setInvoice".into(),
        headers: vec![("content-type".into(), "application/json".into())],
        body: br#"{"orders": [{"bundle_no": "1", "carr_no": 4, "invoice_no": "1"}]}"#.to_vec(),
        ..MockRequest::default()
    };
    let (status, answer) = answer(&request);
    assert_eq!(status, 401);
    insta::assert_json_snapshot!("missing_credentials", answer);
}

#[test]
fn a_wrong_api_key_and_a_token_without_its_scheme_word_are_refused() {
    let request = MockRequest {
        method: "PUT".into(),
        path: "/playauto/order/setInvoice".into(),
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("x-api-key".into(), "a-real-looking-key".into()),
            ("authorization".into(), "eyJhbGciOiJIUzU".into()),
        ],
        body: br#"{"orders": []}"#.to_vec(),
        ..MockRequest::default()
    };
    let (status, answer) = answer(&request);
    assert_eq!(status, 401);
    assert_eq!(
        pointers(&answer),
        ["/header/x-api-key", "/header/Authorization", "/body/orders"]
    );
}

/// The Biaoju form with the test account, signed with `secret`.
fn biaoju(payload: &Value, secret: &str) -> MockRequest {
    let fields = vec![
        ("api", "api.biaoju.order.update".to_owned()),
        ("apiAccountId", "10001".to_owned()),
        ("timestamp", "1704067200".to_owned()),
        (
            "encodeParams",
            base64_json(&serde_json::to_vec(payload).expect("json")),
        ),
    ];
    let sign = md5_signature(&fields, &Secret::new(secret));
    MockRequest {
        method: "POST".into(),
        path: "/biaoju/index.php".into(),
        headers: vec![(
            "content-type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body: form_body(&fields, "sign", &sign).into_bytes(),
        ..MockRequest::default()
    }
}

#[test]
fn a_signed_form_envelope_is_opened_checked_and_its_payload_validated() {
    let vendor = catalog().vendor("biaoju").expect("biaoju");
    let payload = vendor.request_sample("updateOrder").expect("a payload");
    let (status, _) = answer(&biaoju(&payload, "mock-biaoju-apiKey"));
    assert_eq!(status, 200);

    let (status, answer_) = answer(&biaoju(&payload, "wrong"));
    assert_eq!(status, 401);
    assert_eq!(pointers(&answer_), ["/form/sign"]);

    let (status, unknown_tag) = answer(&biaoju(
        &json!({"changeStatus": "lost"}),
        "mock-biaoju-apiKey",
    ));
    assert_eq!(status, 400);
    let (status, broken_variant) = answer(&biaoju(
        &json!({"changeStatus": "sent", "code": 7}),
        "mock-biaoju-apiKey",
    ));
    assert_eq!(status, 400);
    insta::assert_json_snapshot!(
        "envelope_payload_violations",
        json!([unknown_tag, broken_variant])
    );
}

#[test]
fn prefer_chooses_an_answer_by_example_name_or_status_and_an_unknown_name_is_explained() {
    let mut request = coupang(&coupang_body(), SECRET);
    request.headers.push(("prefer".into(), "code=400".into()));
    let answer_ = catalog().answer(&request);
    assert_eq!(answer_.status, 400);
    assert!(
        answer_.headers.contains(&(
            "x-mock-example".into(),
            "constructed from the schema".into()
        )),
        "{:?}",
        answer_.headers
    );

    let mut request = coupang(&coupang_body(), SECRET);
    request
        .headers
        .push(("prefer".into(), "example=nonesuch".into()));
    let (status, body) = answer(&request);
    assert_eq!(status, 400);
    assert_eq!(
        body["violations"][0]["reason"],
        json!("no example named \"nonesuch\"; this operation has: page (200)")
    );
}

#[test]
fn unknown_vendors_paths_and_methods_get_404_and_405_with_what_exists() {
    let get = |path: &str, method: &str| {
        answer(&MockRequest {
            method: method.into(),
            path: path.into(),
            ..MockRequest::default()
        })
    };
    let (status, body) = get("/nope/x", "GET");
    assert_eq!(status, 404);
    assert!(
        body["error"]
            .as_str()
            .unwrap_or_default()
            .contains("/poomgo")
    );
    let (status, body) = get("/poomgo/orders", "POST");
    assert_eq!(status, 404);
    assert_eq!(
        body["operations"],
        json!(["POST /poomgo/open-api/oms/orders"])
    );
    let (status, body) = get("/poomgo/open-api/oms/orders", "DELETE");
    assert_eq!(status, 405);
    assert_eq!(body["allowed"], json!(["POST"]));
}

#[test]
fn a_body_that_is_not_json_is_named_and_nothing_panics_on_garbage() {
    let request = MockRequest {
        method: "POST".into(),
        path: "/poomgo/open-api/oms/orders".into(),
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("authorization".into(), "mock-poomgo-apiKey".into()),
        ],
        body: b"{\"pageSize\": 501,".to_vec(),
        ..MockRequest::default()
    };
    let (status, body) = answer(&request);
    assert_eq!(status, 400);
    assert_eq!(pointers(&body), ["/body"]);
    for garbage in [
        &b"\xff\xfe"[..],
        b"api=%ZZ&sign",
        b"encodeParams=!!!&sign=0",
        b"",
    ] {
        let mut request = biaoju(&json!({}), "x");
        request.body = garbage.to_vec();
        assert!(catalog().answer(&request).status >= 400);
        request.path = "/biaoju/%FF/../index.php".into();
        assert!(catalog().answer(&request).status >= 400);
    }
}

#[test]
fn a_spec_the_linter_refuses_is_refused_with_its_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("broken.yaml"),
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: {}\n",
    )
    .expect("write");
    let error = Catalog::load(dir.path(), &[]).expect_err("refused");
    let text = error.to_string();
    assert!(text.contains("broken.yaml"), "{text}");
    assert!(text.contains("nothing is served"), "{text}");
    let error = Catalog::load(&workspace_specs(), &["nonesuch"]).expect_err("refused");
    assert!(error.to_string().contains("no spec named \"nonesuch\""));
}

#[test]
fn no_header_value_makes_the_mock_panic() {
    // Header bytes reach the mock through a lossy UTF-8 decoding; cover multi-byte characters,
    // replacement characters and empty values in every header the mock reads.
    let values = [
        "code=가",
        "code=\u{fffd}\u{fffd}",
        "code=",
        "code=9",
        "code=４００",
        "example=例, code=漢字",
        "=;=,",
        "\u{0}",
    ];
    for value in values {
        for header in [
            "prefer",
            "content-type",
            "authorization",
            "cookie",
            "x-api-key",
        ] {
            let mut request = coupang(&coupang_body(), SECRET);
            request
                .headers
                .retain(|(n, _)| !n.eq_ignore_ascii_case(header));
            request.headers.push((header.into(), value.into()));
            let status = catalog().answer(&request).status;
            assert!(
                (200..600).contains(&status),
                "{header}: {value:?} gave {status}"
            );
        }
    }
}
