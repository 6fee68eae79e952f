//! Fault injection against local servers (127.0.0.1 only, bounded attempts and time): each fault
//! ends in the expected error or success after the expected number of attempts.
//!
//! | fault | operation | outcome | attempts |
//! |---|---|---|---|
//! | connection refused | GET | `Transport` (connect) | retried, ends |
//! | reset in the middle of the body | GET / POST | `Transport` | 3 / 1 |
//! | headers slower than the timeout | GET | `Timeout` | 3 |
//! | 429 with `Retry-After: 1`, then 200 | POST (not idempotent) | success after ≥ 1 s | 2 |
//! | 503, then 200 | GET / POST | success / `UnexpectedStatus` | 2 / 1 |
//! | 429, then 200, with a clock that moves | POST (signed form) | success, signed afresh | 2 |
//! | HTML 403 page | PUT | `UnexpectedStatus` with the page's start | 1 |
//! | truncated JSON | GET | `Decode` with the body's start | 1 |
//! | 200 with the wrong shape | POST | `Decode` at the field's path | 1 |

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use commerce_apis::runtime::{Error, RetryPolicy};
use commerce_apis::{biaoju, coupang, imweb, playauto, poomgo};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Quick retries, so that the tests stay short.
fn policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        min_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_total_delay: Duration::from_secs(3),
        retry_non_idempotent: false,
    }
}

fn carriers(base: &str) -> playauto::Client {
    let client = playauto::Client::builder(playauto::Credentials::new("k"))
        .base_url(base)
        .retry(policy())
        .build();
    client.set_token("t");
    client
}

fn biaoju(base: &str) -> biaoju::Client {
    biaoju::Client::builder(biaoju::Credentials::new(1, "k"))
        .base_url(base)
        .retry(policy())
        .build()
}

fn update() -> biaoju::types::OrderUpdate {
    serde_json::from_value(json!({"code": "X", "changeStatus": "cancel", "processMessage": "m"}))
        .expect("valid")
}

async fn attempts(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

/// A local server that answers the first request with `failure` and every later one with `answer`.
async fn fails_once_then(failure: ResponseTemplate, answer: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(failure)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .mount(&server)
        .await;
    server
}

/// Bounds every test: a fault that hangs fails instead.
async fn bounded<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), f)
        .await
        .expect("the fault ended in time")
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let err = bounded(carriers(&format!("http://127.0.0.1:{port}")).list_carriers())
        .await
        .expect_err("refused");
    match err {
        Error::Transport { source, .. } => assert!(source.is_connect(), "{source}"),
        other => panic!("expected a connect failure, got {other}"),
    }
}

/// Accepts connections, answers each with headers and half a body, then hangs up.
async fn half_body_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        for _ in 0..10 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            seen.fetch_add(1, Ordering::SeqCst);
            let mut buf = vec![0_u8; 16 * 1024];
            let _ = socket.read(&mut buf).await;
            let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n[{\"carrier_code\": 4, ").await;
            let _ = socket.shutdown().await;
        }
    });
    (url, count)
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_retried_only_when_safe() {
    let (url, count) = half_body_server().await;
    let err = bounded(carriers(&url).list_carriers())
        .await
        .expect_err("broken body");
    assert!(matches!(err, Error::Transport { .. }), "{err}");
    assert_eq!(
        count.load(Ordering::SeqCst),
        3,
        "GET is idempotent: three attempts"
    );

    let (url, count) = half_body_server().await;
    let err = bounded(biaoju(&url).update_order(&update()))
        .await
        .expect_err("broken body");
    assert!(matches!(err, Error::Transport { .. }), "{err}");
    assert_eq!(
        count.load(Ordering::SeqCst),
        1,
        "a POST that may have acted is not repeated"
    );
}

#[tokio::test]
async fn slow_headers_past_the_timeout_are_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([]))
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let client = playauto::Client::builder(playauto::Credentials::new("k"))
        .base_url(server.uri())
        .timeouts(Duration::from_secs(1), Duration::from_millis(200))
        .retry(policy())
        .build();
    client.set_token("t");
    let started = Instant::now();
    let err = bounded(client.list_carriers()).await.expect_err("too slow");
    assert!(matches!(err, Error::Timeout { .. }), "{err}");
    assert_eq!(attempts(&server).await, 3);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "three 200 ms timeouts, not the 2 s answer"
    );
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after_then_succeeds_even_for_a_post() {
    let server = fails_once_then(
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        json!({"ErrorCode": "9999", "Data": {"code": "X"}}),
    )
    .await;
    let started = Instant::now();
    let data = bounded(biaoju(&server.uri()).update_order(&update()))
        .await
        .expect("second attempt succeeds");
    assert_eq!(data.expect("Data is there").code, "X");
    assert_eq!(attempts(&server).await, 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured"
    );
}

#[tokio::test]
async fn service_unavailable_is_retried_for_idempotent_operations_only() {
    let server = fails_once_then(
        ResponseTemplate::new(503),
        json!([{"carrier_code": 4, "carrier_name": "CJ대한통운"}]),
    )
    .await;
    let list = bounded(carriers(&server.uri()).list_carriers())
        .await
        .expect("second attempt succeeds");
    assert_eq!(list.len(), 1);
    assert_eq!(attempts(&server).await, 2);

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .mount(&server)
        .await;
    let err = bounded(biaoju(&server.uri()).update_order(&update()))
        .await
        .expect_err("not retried");
    assert!(
        matches!(&err, Error::UnexpectedStatus { response, .. } if response.status.as_u16() == 503),
        "{err}"
    );
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn an_html_error_page_keeps_status_headers_and_body() {
    let server = MockServer::start().await;
    let page =
        "<html><head><title>403 Forbidden</title></head><body>Request blocked.</body></html>";
    Mock::given(any())
        .respond_with(ResponseTemplate::new(403).set_body_raw(page, "text/html"))
        .mount(&server)
        .await;
    let client = coupang::Client::builder(coupang::Credentials::new("a", "s"))
        .base_url(server.uri())
        .retry(policy())
        .build();
    let place: coupang::types::OutboundShippingPlace = serde_json::from_value(json!({
        "vendorId": "A00012345", "userId": "u",
        "placeAddresses": [{"addressType": "JIBUN", "countryCode": "KR", "companyContactNumber": "02-1111-1111",
            "returnZipCode": "05510", "returnAddress": "서울", "returnAddressDetail": "1"}]
    }))
    .expect("valid");
    let err = bounded(client.update_outbound_shipping_place("A00012345", 1, &place))
        .await
        .expect_err("403");
    let response = err.response().expect("kept");
    assert_eq!(response.status.as_u16(), 403);
    assert_eq!(
        response
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/html")
    );
    assert!(
        err.to_string()
            .contains("(undocumented status): <html><head><title>403 Forbidden"),
        "{err}"
    );
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn truncated_json_and_a_wrong_shape_are_decode_errors_with_a_path() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("[{\"carrier_code\": 4, \"carrier_na", "application/json"),
        )
        .mount(&server)
        .await;
    let err = bounded(carriers(&server.uri()).list_carriers())
        .await
        .expect_err("truncated");
    match &err {
        Error::Decode {
            path,
            message,
            response,
            ..
        } => {
            assert!(path.starts_with("[0]"), "{path}: {message}");
            assert!(message.contains("EOF"), "{message}");
            assert!(
                err.to_string()
                    .contains("body starts: [{\"carrier_code\": 4"),
                "{err}"
            );
            assert_eq!(response.status.as_u16(), 200);
        }
        other => panic!("expected a decode error, got {other}"),
    }

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"total": "1", "rows": "not a list"})),
        )
        .mount(&server)
        .await;
    let client = poomgo::Client::builder(poomgo::Credentials::new("k"))
        .base_url(server.uri())
        .retry(policy())
        .build();
    let err = bounded(client.list_orders(&poomgo::types::OrderQuery::default()))
        .await
        .expect_err("wrong shape");
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "rows"),
        "{err}"
    );
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn the_documented_rate_limit_spaces_requests() {
    // Imweb documents about 5 requests a second (x-rate-limit): six calls take at least a second.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"code": 200, "data": {}})))
        .mount(&server)
        .await;
    let client = imweb::Client::builder(imweb::Credentials::new())
        .base_url(server.uri())
        .documented_rate_limit()
        .build();
    client.set_access_token("t");
    let started = Instant::now();
    for _ in 0..6 {
        bounded(
            client.confirm_order_deposit("1", &imweb::types::PlainOrderActionRequest::default()),
        )
        .await
        .expect("ok");
    }
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(attempts(&server).await, 6);
}

/// A clock that moves on a minute each time it is read.
#[derive(Debug)]
struct Ticking(AtomicUsize);

impl commerce_apis::runtime::Clock for Ticking {
    fn now(&self) -> std::time::SystemTime {
        let minutes = self.0.fetch_add(1, Ordering::Relaxed) as u64;
        std::time::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + 60 * minutes)
    }
}

#[tokio::test]
async fn a_retried_request_is_signed_afresh_with_the_same_content() {
    let server = fails_once_then(
        ResponseTemplate::new(429),
        json!({"ErrorCode": "9999", "Data": {"code": "X"}}),
    )
    .await;
    let client = biaoju::Client::builder(biaoju::Credentials::new(1, "k"))
        .base_url(server.uri())
        .retry(policy())
        .clock(Ticking(AtomicUsize::new(0)))
        .build();
    bounded(client.update_order(&update()))
        .await
        .expect("second attempt succeeds");
    let sent = server.received_requests().await.unwrap_or_default();
    assert_eq!(sent.len(), 2);
    let form = |i: usize| -> std::collections::BTreeMap<String, String> {
        serde_urlencoded::from_bytes(&sent[i].body).expect("a form")
    };
    let (first, second) = (form(0), form(1));
    let stamp = |f: &std::collections::BTreeMap<String, String>| -> u64 {
        f["timestamp"].parse().expect("unix seconds")
    };
    assert!(stamp(&second) > stamp(&first), "{first:?} then {second:?}");
    assert_ne!(first["sign"], second["sign"]);
    for field in ["api", "apiAccountId", "encodeParams"] {
        assert_eq!(first[field], second[field], "{field}");
    }
}
