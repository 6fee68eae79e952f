//! The crate generated from the fixture specs, used like a user would: a spec unlike any vendor's
//! works end to end without a generator change.

use fixture_apis::runtime::Error;
use fixture_apis::{shapes, zoo};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn zoo_client(server: &MockServer) -> zoo::Client {
    zoo::Client::builder(zoo::Credentials::new("bearer-token"))
        .base_url(server.uri())
        .build()
}

#[tokio::test]
async fn path_query_and_header_parameters_and_a_top_level_array() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/docks/12/slots"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"start": "2026-01-05T08:00:00Z", "capacity": 2, "status": "open"},
            {"start": "2026-01-05T09:00:00Z", "capacity": 0, "status": "closed-for-lunch"}
        ])))
        .mount(&server)
        .await;
    let slots = zoo_client(&server)
        .list_slots(12, "2026-01-05", Some(5), Some("trace-1"))
        .await
        .expect("ok");
    assert_eq!(slots.len(), 2);
    assert_eq!(
        slots[1].status,
        Some(zoo::types::SlotStatus::Unknown("closed-for-lunch".into()))
    );
    let request = &server.received_requests().await.unwrap_or_default()[0];
    assert_eq!(request.url.query(), Some("date=2026-01-05&limit=5"));
    assert_eq!(
        request
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("trace-1")
    );
    assert_eq!(
        request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer bearer-token")
    );

    let err = zoo_client(&server)
        .list_slots(1000, "2026-01-05", Some(0), None)
        .await
        .expect_err("out of range");
    assert_eq!(
        err.to_string(),
        "invalid request for listSlots: dockId: must be at most 999 (is 1000); limit: must be at least 1 (is 0)"
    );
}

#[tokio::test]
async fn nested_tagged_unions_round_trip_and_unknown_tags_are_kept() {
    let server = MockServer::start().await;
    let booking = json!({
        "reference": "ABC-0001", "dockId": 12,
        "cargo": {"kind": "container", "size": "40ft", "reefer": true, "temperature": -18.5, "seal": {"type": "bolt", "number": "B-77"}},
        "notes": null, "trucks": ["KR-1234"]
    });
    Mock::given(method("POST"))
        .and(path("/bookings"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "b-1", "gate": null})))
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/bookings/ABC-0002"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "reference": "ABC-0002", "dockId": 3, "cargo": {"kind": "drone", "rotors": 8}, "notes": "x", "trucks": ["KR-9"]
        })))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let typed: zoo::types::Booking = serde_json::from_value(booking.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&typed).expect("encodes"), booking);
    let confirmation = zoo_client(&server)
        .create_booking(&typed)
        .await
        .expect("books");
    assert_eq!(confirmation.gate, None);
    let sent: serde_json::Value =
        serde_json::from_slice(&server.received_requests().await.unwrap_or_default()[0].body)
            .expect("json");
    assert_eq!(sent, booking);

    let stored = zoo_client(&server)
        .get_booking("ABC-0002")
        .await
        .expect("decodes an unknown cargo kind");
    assert_eq!(
        stored.cargo,
        zoo::types::Cargo::Unknown(json!({"kind": "drone", "rotors": 8}))
    );
    zoo_client(&server)
        .cancel_booking("ABC-0002")
        .await
        .expect("204 is success with no body");

    // A reefer without a temperature breaks the spec's if/then; the client says so before sending.
    let mut cold = typed.clone();
    if let zoo::types::Cargo::Container(c) = &mut cold.cargo {
        c.temperature = None;
    }
    let err = zoo_client(&server)
        .create_booking(&cold)
        .await
        .expect_err("refused");
    assert_eq!(
        err.to_string(),
        "invalid request for createBooking: cargo.temperature: is required when reefer is true"
    );
}

#[tokio::test]
async fn form_bodies_query_keys_and_bodyless_answers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/things/search"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = shapes::Client::builder(shapes::Credentials::new("query-key"))
        .base_url(server.uri())
        .build();
    let form: shapes::types::SearchThingsRequest =
        serde_json::from_value(json!({"q": "가 b", "page": 2})).expect("decodes");
    client.search_things("acme", &form).await.expect("204");
    let request = &server.received_requests().await.unwrap_or_default()[0];
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "q=%EA%B0%80+b&page=2"
    );
    assert_eq!(request.url.query(), Some("key=query-key"));
    assert_eq!(
        request
            .headers
            .get("x-tenant")
            .and_then(|v| v.to_str().ok()),
        Some("acme")
    );

    let empty: shapes::types::SearchThingsRequest =
        serde_json::from_value(json!({"q": ""})).expect("decodes");
    assert!(matches!(
        client.search_things("acme", &empty).await,
        Err(Error::InvalidRequest(_))
    ));
}

#[test]
fn builders_report_every_missing_field_and_apply_received_defaults() {
    let err = shapes::types::Thing::builder()
        .code("x")
        .build()
        .expect_err("incomplete");
    assert_eq!(
        err.to_string(),
        "invalid request for Thing: name: is required; type: is required"
    );
    let err = shapes::types::Thing::builder()
        .name("n")
        .type_("t")
        .code("toolong")
        .build()
        .expect_err("too long");
    assert_eq!(
        err.to_string(),
        "invalid request for Thing: code: must be at most 5 characters long (is 7)"
    );
    let thing = shapes::types::Thing::builder()
        .name("n")
        .type_("t")
        .tags(Vec::<String>::new())
        .build()
        .expect("valid");
    assert_eq!(
        serde_json::to_string(&thing).expect("encodes"),
        r#"{"name":"n","type":"t","tags":[]}"#
    );

    let stored: shapes::types::Stored =
        serde_json::from_value(json!({"id": 9_007_199_254_740_993_i64})).expect("decodes");
    assert_eq!(
        stored.level, 3,
        "the documented default applies when the field is absent"
    );
    assert_eq!(
        stored.id, 9_007_199_254_740_993,
        "ids beyond 2^53 stay exact"
    );
}

/// The session fixture: a token from a spec-named property renewed on spec-declared codes (a
/// string and a number), an in-band rate limit, secrets that never print, and a body field that
/// must repeat the path's.
#[tokio::test]
async fn sessions_renew_retry_redact_and_check_the_repeated_id() {
    use fixture_apis::runtime::{ResponseExt, RetryPolicy};
    use fixture_apis::sessions;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"sessionId": "s-2"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"sessionId": "s-1", "expiresIn": "60"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(wiremock::matchers::header("x-session", "s-1"))
        .respond_with(ResponseTemplate::new(440).set_body_json(json!({"status": 440})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(wiremock::matchers::header("x-session", "s-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "SLOW_DOWN"})))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(wiremock::matchers::header("x-session", "s-2"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "r-9")
                .set_body_json(json!({"status": "OK", "count": "3", "label": 7, "detail": []})),
        )
        .mount(&server)
        .await;
    let client = sessions::Client::builder(sessions::Credentials::new())
        .base_url(server.uri())
        .retry(RetryPolicy {
            min_delay: std::time::Duration::from_millis(1),
            max_delay: std::time::Duration::from_millis(2),
            ..RetryPolicy::default()
        })
        .build();
    let sign_in = sessions::types::SignIn::builder()
        .user("u")
        .passphrase("open-sesame")
        .pin("1234")
        .build()
        .expect("complete");
    assert!(!format!("{sign_in:?}").contains("open-sesame"));
    let session = client.open_session(&sign_in).await.expect("opens");
    assert!(!format!("{session:?}").contains("s-1"), "{session:?}");
    assert_eq!(session.expires_in, Some(60));

    let note = sessions::types::Note::builder()
        .account_id("a-1")
        .text("hi")
        .build()
        .expect("complete");
    let wrong = client
        .save_note("a-2", &note)
        .await
        .expect_err("ids differ");
    assert!(matches!(&wrong, Error::InvalidRequest(v) if v.violations[0].path == "accountId"));

    let saved = client
        .save_note("a-1", &note)
        .with_response()
        .await
        .expect("renewed, then past the rate limit");
    assert_eq!(saved.header("x-request-id"), Some("r-9"));
    assert_eq!(saved.count, Some(3));
    assert_eq!(saved.label.as_deref(), Some("7"));
    assert!(saved.detail.is_some());
    let puts = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.method.as_str() == "PUT")
        .count();
    assert_eq!(puts, 3, "expired, rate-limited, saved");
}
