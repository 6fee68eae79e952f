//! The crate generated from the fixture specs, used like a user would: a spec unlike any vendor's
//! works end to end without a generator change.

use fixture_apis::runtime::{Error, FixedClock, SplitOutcomes};
use fixture_apis::{feeds, shapes, zoo};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

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

/// 2^53 + 1: the first integer an `f64` cannot hold.
const BEYOND_F64: i64 = 9_007_199_254_740_993;

fn feeds_client(server: &MockServer) -> feeds::Client {
    feeds::Client::builder(feeds::Credentials::new("feed-key", "feed-secret"))
        .base_url(server.uri())
        .clock(FixedClock::at_unix(1_704_067_200))
        .build()
}

/// A page of entries whose ids start at `first`.
fn entries(first: i64, count: i64) -> Value {
    (first..first + count)
        .map(|id| json!({"id": id, "kind": "post"}))
        .collect()
}

#[tokio::test]
async fn feeds_sign_the_query_exactly_as_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"entries": []})))
        .mount(&server)
        .await;
    let kind = feeds::types::Kind::from("poll");
    let page = feeds_client(&server)
        .list_entries("news", Some("배송 중 & 50%"), Some(&kind), None, Some(20))
        .await
        .expect("a kind the list does not name is sent: the list grows");
    assert_eq!(page.entries, Some(vec![]));

    let request = server.received_requests().await.unwrap().remove(0);
    assert_eq!(
        request.url.query(),
        Some("q=%EB%B0%B0%EC%86%A1+%EC%A4%91+%26+50%25&kind=poll&limit=20")
    );
    // Computed outside this code base, over the query as the server receives it:
    //   python3 -c "import hmac, hashlib, urllib.parse
    //   q = urllib.parse.urlencode([('q', '배송 중 & 50%'), ('kind', 'poll'), ('limit', '20')])
    //   print(hmac.new(b'feed-secret', ('GET' + '/channels/news/entries' + q + '20240101000000').encode(),
    //                  hashlib.sha256).hexdigest())"
    assert_eq!(
        request
            .headers
            .get("x-feed-signature")
            .and_then(|v| v.to_str().ok()),
        Some(
            "FEED key=feed-key, at=20240101000000, sig=060946d8f449985c781606b4933fc4cd0ff4ded5f5ebe9fe85ade5e77dc6d31a"
        )
    );
}

#[tokio::test]
async fn feeds_walk_pages_by_a_token_in_the_query() {
    let server = MockServer::start().await;
    // Three pages: the second is empty but not the last; the third ends with an empty cursor.
    Mock::given(method("GET"))
        .respond_with(|request: &Request| {
            let cursor = request
                .url
                .query_pairs()
                .find(|(k, _)| k == "cursor")
                .map(|(_, v)| v.into_owned());
            let page = match cursor.as_deref() {
                None => json!({"entries": entries(BEYOND_F64, 2), "cursor": "p/2 +"}),
                Some("p/2 +") => json!({"entries": [], "cursor": "p3"}),
                Some("p3") => json!({"entries": entries(1, 1), "cursor": ""}),
                Some(other) => panic!("unexpected cursor {other:?}"),
            };
            ResponseTemplate::new(200).set_body_json(page)
        })
        .expect(3)
        .mount(&server)
        .await;
    let client = feeds_client(&server);
    let rows: Vec<feeds::types::Entry> = client
        .list_entries_all("news", Some("한글"), None, Some(2))
        .try_collect()
        .await
        .expect("every page is read");
    let ids: Vec<i64> = rows.iter().map(|e| e.id).collect();
    assert_eq!(
        ids,
        [BEYOND_F64, BEYOND_F64 + 1, 1],
        "ids above 2^53 stay exact"
    );
    let queries: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        queries,
        [
            "q=%ED%95%9C%EA%B8%80&limit=2",
            "q=%ED%95%9C%EA%B8%80&cursor=p%2F2+%2B&limit=2",
            "q=%ED%95%9C%EA%B8%80&cursor=p3&limit=2",
        ],
        "the other arguments are sent again with each token"
    );
}

#[tokio::test]
async fn feeds_walk_pages_by_a_token_in_the_body_and_stop_on_a_repeated_token() {
    let server = MockServer::start().await;
    // A server that keeps answering the same token would loop forever without the guard.
    Mock::given(method("POST"))
        .and(path("/searches"))
        .respond_with(|request: &Request| {
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            let page = match body.get("after").and_then(Value::as_str) {
                None => json!({"hits": entries(10, 1), "nextAfter": "again"}),
                Some(_) => json!({"hits": entries(20, 1), "nextAfter": "again"}),
            };
            ResponseTemplate::new(200).set_body_json(page)
        })
        .expect(2)
        .mount(&server)
        .await;
    let search = feeds::types::Search::builder()
        .words("box")
        .kinds(vec![feeds::types::Kind::Reply])
        .build()
        .unwrap();
    let rows: Vec<feeds::types::Entry> = feeds_client(&server)
        .search_all(&search)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.iter().map(|e| e.id).collect::<Vec<_>>(), [10, 20]);
    let bodies: Vec<Value> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(bodies[0], json!({"words": "box", "kinds": ["reply"]}));
    assert_eq!(
        bodies[1],
        json!({"words": "box", "kinds": ["reply"], "after": "again"})
    );
    assert_eq!(search.after, None, "the caller's body is not changed");
}

#[tokio::test]
async fn feeds_batch_answers_split_into_successes_and_failures() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/entries/archive"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": [
            {"id": BEYOND_F64, "archived": true},
            {"id": 2, "archived": false, "reason": "locked"},
            {"id": 3, "archived": true, "note": "kept"}
        ]})))
        .mount(&server)
        .await;
    let client = feeds_client(&server);
    let request = feeds::types::ArchiveRequest::builder()
        .ids(vec![BEYOND_F64, 2, 3])
        .build()
        .unwrap();
    let answer = client.archive_entries(&request).await.unwrap();
    let (archived, refused) = answer.results.unwrap_or_default().split_outcomes();
    assert_eq!(
        archived.iter().map(|r| r.id).collect::<Vec<_>>(),
        [Some(BEYOND_F64), Some(3)]
    );
    assert_eq!(refused[0].reason.as_deref(), Some("locked"));
    let sent: Value =
        serde_json::from_slice(&server.received_requests().await.unwrap()[0].body).unwrap();
    assert_eq!(
        sent,
        json!({"ids": [BEYOND_F64, 2, 3]}),
        "sent exactly, not through f64"
    );

    let too_many = feeds::types::ArchiveRequest::builder()
        .ids(vec![1, 2, 3, 4])
        .build();
    assert!(too_many.is_err(), "maxItems is checked before sending");
}
