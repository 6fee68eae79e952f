//! Tracing, in its own test binary: `tracing` caches whether a call site is enabled for the whole
//! process, so a test that installs a subscriber must not share the process with tests that ran
//! the same call sites without one.

use std::sync::Arc;
use std::time::Duration;

use commerce_apis::playauto;
use commerce_apis::runtime::RetryPolicy;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        min_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_total_delay: Duration::from_secs(3),
        retry_non_idempotent: false,
    }
}

/// Collects what a `tracing` subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_request_is_a_span_with_vendor_operation_status_and_attempts_but_no_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"carrier_code": "4", "carrier_name": "비밀 아닌 이름"}])),
        )
        .mount(&server)
        .await;
    let client =
        playauto::Client::builder(playauto::Credentials::new("api-key-that-must-not-leak"))
            .base_url(server.uri())
            .retry(policy())
            .build();
    client.set_token("token-that-must-not-leak");
    tokio::time::timeout(Duration::from_secs(20), client.list_carriers())
        .await
        .expect("in time")
        .expect("second attempt succeeds");

    let text = String::from_utf8_lossy(
        &captured
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    )
    .into_owned();
    let close = text
        .lines()
        .find(|l| l.contains("api_request") && l.contains("close"))
        .unwrap_or_else(|| panic!("no span closed:\n{text}"));
    for field in [
        "vendor=\"playauto\"",
        "operation=\"listCarriers\"",
        "status=200",
        "attempts=2",
        "duration_ms=",
    ] {
        assert!(close.contains(field), "{field} missing in: {close}");
    }
    for secret in [
        "api-key-that-must-not-leak",
        "token-that-must-not-leak",
        "비밀 아닌 이름",
    ] {
        assert!(
            !text.contains(secret),
            "{secret} leaked into traces:\n{text}"
        );
    }
}
