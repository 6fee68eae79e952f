//! Building, sending and decoding requests: the steps every generated operation shares.

use std::time::Duration;

use reqwest::{RequestBuilder, Url};
use serde::de::DeserializeOwned;

use backon::{ExponentialBuilder, Retryable};

use crate::error::{Error, RawResponse};
use crate::rate::RateLimiter;
use crate::retry::{RetryPolicy, retry_after};

/// Default time to establish a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time for a whole request, answer included.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(60);

/// The HTTP client a generated client uses unless given one: the TLS the crate features chose,
/// with timeouts.
pub fn default_http_client() -> reqwest::Client {
    http_client(CONNECT_TIMEOUT, TOTAL_TIMEOUT)
}

/// An HTTP client with these timeouts.
pub fn http_client(connect: Duration, total: Duration) -> reqwest::Client {
    client_builder()
        .connect_timeout(connect)
        .timeout(total)
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// Where an HTTP client of your own starts (default headers, a proxy, other timeouts) before you
/// give it to a client builder's `http_client`: the default timeouts, and the TLS the crate
/// features chose made ready. `reqwest::Client::builder()` alone panics when it builds under
/// `rustls-ring` with no crypto provider installed.
pub fn client_builder() -> reqwest::ClientBuilder {
    install_tls_provider();
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(TOTAL_TIMEOUT)
}

/// With `rustls-ring`, ring becomes rustls's process-wide crypto provider, unless the application
/// installed one first (then that one is kept). An HTTP client you build yourself and give to a
/// client builder needs this too: call it, or install a provider, before building it.
#[cfg(feature = "rustls-ring")]
pub fn install_tls_provider() {
    // An error only means a provider is already installed, which is what this ensures.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Without `rustls-ring` there is no provider to install: the TLS feature chosen brings its own.
#[cfg(not(feature = "rustls-ring"))]
pub fn install_tls_provider() {}

/// Percent-encodes one path parameter value (everything but RFC 3986 unreserved characters).
pub fn path_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `base` + `path` (already encoded) with `query` appended in order. The result is exactly what
/// is sent, so signatures computed over its path and query match the request.
pub fn url(
    operation: &'static str,
    base: &str,
    path: &str,
    query: &[(&str, String)],
) -> Result<Url, Error> {
    let joined = format!("{}{}", base.trim_end_matches('/'), path);
    let mut url = Url::parse(&joined).map_err(|e| Error::Build {
        operation,
        message: format!("invalid URL {joined:?}: {e}"),
    })?;
    if !query.is_empty() {
        let mut pairs = url.query_pairs_mut();
        for (k, v) in query {
            pairs.append_pair(k, v);
        }
    }
    Ok(url)
}

/// What a request is, for retries and traces.
#[derive(Debug, Clone, Copy)]
pub struct Call {
    /// The vendor module, the spec's file stem.
    pub vendor: &'static str,
    /// The operationId.
    pub operation: &'static str,
    /// Safe to send again (from the spec).
    pub idempotent: bool,
    /// Answers that report the rate limit in their body, retried as `429` is.
    pub rate_limited: Option<crate::envelope::AnswerCode>,
}

/// Sends the request and reads the whole answer, trying again as `policy` allows: `429` for any
/// operation, `502`/`503`/`504`, timeouts and broken connections for idempotent ones (or all,
/// when the policy says so), connections never made for any. The last answer is returned as it
/// is, so that the caller can tell a documented error from an undocumented one. A request whose
/// body cannot be copied (a stream) is sent once.
///
/// With the `tracing` feature, each request is a span `api_request` with `vendor`, `operation`,
/// `status`, `attempts` and `duration_ms`; bodies, headers and credentials are never recorded.
pub async fn send<E>(
    call: &Call,
    request: RequestBuilder,
    policy: &RetryPolicy,
    limiter: Option<&RateLimiter>,
) -> Result<RawResponse, Error<E>> {
    match request.try_clone() {
        Some(template) => {
            let again = || template.try_clone();
            send_rebuilding(call, request, Some(again), policy, limiter).await
        }
        None => send_rebuilding(call, request, None::<fn() -> _>, policy, limiter).await,
    }
}

/// [`send`], with each further attempt's request made by `again` when it is needed, so that the
/// first attempt copies nothing. Without `again` the request is sent once, whatever the answer.
/// Generated clients build it again from the call, signed afresh.
pub(crate) async fn send_rebuilding<E>(
    call: &Call,
    first: RequestBuilder,
    again: Option<impl Fn() -> Option<RequestBuilder>>,
    policy: &RetryPolicy,
    limiter: Option<&RateLimiter>,
) -> Result<RawResponse, Error<E>> {
    #[cfg(feature = "tracing")]
    {
        use tracing::Instrument;
        let span = tracing::info_span!(
            "api_request",
            vendor = call.vendor,
            operation = call.operation,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = std::time::Instant::now();
        let attempts = std::sync::atomic::AtomicU32::new(0);
        let result = send_with_retries(call, first, again, policy, limiter, &attempts)
            .instrument(span.clone())
            .await;
        let status = match &result {
            Ok(response) => Some(response.status),
            Err(e) => e.status(),
        };
        if let Some(status) = status {
            span.record("status", status.as_u16());
        }
        span.record(
            "attempts",
            attempts.load(std::sync::atomic::Ordering::Relaxed),
        );
        span.record(
            "duration_ms",
            u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        );
        result
    }
    #[cfg(not(feature = "tracing"))]
    {
        let attempts = std::sync::atomic::AtomicU32::new(0);
        send_with_retries(call, first, again, policy, limiter, &attempts).await
    }
}

async fn send_with_retries<E>(
    call: &Call,
    first: RequestBuilder,
    again: Option<impl Fn() -> Option<RequestBuilder>>,
    policy: &RetryPolicy,
    limiter: Option<&RateLimiter>,
    attempts: &std::sync::atomic::AtomicU32,
) -> Result<RawResponse, Error<E>> {
    let operation = call.operation;
    let idempotent = call.idempotent;
    let failed = |source: reqwest::Error| {
        let source = source.without_url();
        if source.is_timeout() {
            Error::Timeout { operation, source }
        } else {
            Error::Transport { operation, source }
        }
    };
    let try_once = |request: RequestBuilder| {
        let n = attempts.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        #[cfg(feature = "tracing")]
        tracing::debug!(attempt = n, "sending");
        #[cfg(not(feature = "tracing"))]
        let _ = n;
        once(request, policy, idempotent, limiter, call.rate_limited)
    };
    let finish = |outcome: Result<RawResponse, Attempt>| match outcome {
        Ok(response) | Err(Attempt::Answer { response, .. }) => Ok(response),
        Err(Attempt::Failed { error, .. }) => Err(failed(error)),
        Err(Attempt::Unrepeatable) => Err(unrepeatable(operation)),
    };
    let Some(again) = again else {
        return finish(try_once(first).await);
    };
    let mut unsent = Some(first);
    let backoff = ExponentialBuilder::default()
        .with_jitter()
        .with_min_delay(policy.min_delay)
        .with_max_delay(policy.max_delay)
        .with_max_times(policy.max_attempts.saturating_sub(1) as usize)
        .with_total_delay(Some(policy.max_total_delay));
    let attempt = || {
        let request = unsent.take().or_else(&again);
        async move {
            match request {
                Some(request) => try_once(request).await,
                None => Err(Attempt::Unrepeatable),
            }
        }
    };
    let outcome = attempt
        .retry(backoff)
        .when(Attempt::retry)
        .adjust(|attempt, next| match (next, attempt) {
            (None, _) => None,
            (
                Some(_),
                Attempt::Answer {
                    after: Some(after), ..
                },
            ) => (*after <= policy.max_total_delay).then_some(*after),
            (Some(delay), _) => Some(delay),
        })
        .await;
    finish(outcome)
}

fn unrepeatable<E>(operation: &'static str) -> Error<E> {
    Error::Build {
        operation,
        message: "the request body cannot be sent again".to_owned(),
    }
}

/// One try of a request.
enum Attempt {
    /// An answer that asks to be tried again (429, or 5xx for a safe operation).
    Answer {
        response: RawResponse,
        retry: bool,
        after: Option<std::time::Duration>,
    },
    /// No answer: connection, timeout or body failure.
    Failed { error: reqwest::Error, retry: bool },
    /// The request could not be copied for another try.
    Unrepeatable,
}

impl Attempt {
    fn retry(&self) -> bool {
        match self {
            Attempt::Answer { retry, .. } | Attempt::Failed { retry, .. } => *retry,
            Attempt::Unrepeatable => false,
        }
    }
}

async fn once(
    request: RequestBuilder,
    policy: &RetryPolicy,
    idempotent: bool,
    limiter: Option<&RateLimiter>,
    rate_limited: Option<crate::envelope::AnswerCode>,
) -> Result<RawResponse, Attempt> {
    // Every attempt takes its turn, retries included.
    if let Some(limiter) = limiter {
        limiter.wait().await;
    }
    let response = request.send().await.map_err(|error| Attempt::Failed {
        retry: policy.retries_transport(&error, idempotent),
        error,
    })?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(|error| Attempt::Failed {
        retry: idempotent || policy.retry_non_idempotent,
        error,
    })?;
    let raw = RawResponse::new(status, headers, body);
    // A rate limit reported in the body was refused before acting, like a 429.
    let limited_in_band = rate_limited.is_some_and(|code| code.matches(&raw.body));
    if limited_in_band || policy.retries_status(status, idempotent) {
        let after = retry_after(&raw.headers, std::time::SystemTime::now());
        return Err(Attempt::Answer {
            response: raw,
            retry: true,
            after,
        });
    }
    Ok(raw)
}

/// Decodes a JSON answer; a failure keeps the answer and says where in it decoding failed.
pub fn decode<T: DeserializeOwned, E>(
    operation: &'static str,
    response: RawResponse,
) -> Result<T, Error<E>> {
    match decode_bytes(&response.body) {
        Ok(value) => Ok(value),
        Err((path, message)) => Err(Error::decode(operation, &path, message, response)),
    }
}

/// Decodes JSON bytes, reporting the path of a failure. The path is tracked only on a second
/// pass after a failure: tracking copies every key it passes, which a good answer need not pay.
pub fn decode_bytes<T: DeserializeOwned>(body: &[u8]) -> Result<T, (String, String)> {
    let first = match serde_json::from_slice(body) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => {
            let path = e.path().to_string();
            Err((path, e.into_inner().to_string()))
        }
        // Decoding is deterministic; should the second pass differ, the first error stands.
        Ok(_) => Err((String::new(), first.to_string())),
    }
}

/// An answer whose status the operation does not document.
pub fn unexpected<T, E>(operation: &'static str, response: RawResponse) -> Result<T, Error<E>> {
    Err(Error::UnexpectedStatus {
        operation,
        response: Box::new(response),
    })
}

/// A header value holding a credential: marked sensitive so that HTTP tooling never prints it.
pub fn sensitive(
    operation: &'static str,
    value: &str,
) -> Result<reqwest::header::HeaderValue, Error> {
    let mut header = reqwest::header::HeaderValue::from_str(value).map_err(|_| Error::Build {
        operation,
        message: "a credential contains characters a header cannot carry".to_owned(),
    })?;
    header.set_sensitive(true);
    Ok(header)
}

/// A parameter as text: strings as they are, other values as JSON (numbers, booleans).
pub fn param_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// A documented error answer: its body decoded and wrapped into the operation's error type.
pub fn documented_as<T, D: DeserializeOwned, E>(
    operation: &'static str,
    response: RawResponse,
    wrap: fn(D) -> E,
) -> Result<T, Error<E>> {
    match decode_bytes::<D>(&response.body) {
        Ok(body) => Err(Error::Documented {
            operation,
            body: wrap(body),
            response: Box::new(response),
        }),
        Err((path, message)) => Err(Error::decode(operation, &path, message, response)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_keep_the_encoding_that_is_signed() {
        let u = url(
            "op",
            "https://h.example/v2/",
            &format!("/a/{}", path_segment("x y/한")),
            &[("q", "가 b".into())],
        )
        .unwrap();
        assert_eq!(u.path(), "/v2/a/x%20y%2F%ED%95%9C");
        assert_eq!(u.query(), Some("q=%EA%B0%80+b"));
        assert!(matches!(
            url("op", "not a url", "/a", &[]),
            Err(Error::Build { .. })
        ));
    }

    #[test]
    fn decode_failures_name_the_path() {
        #[derive(serde::Deserialize, Debug)]
        struct Row {
            #[allow(dead_code)]
            n: i64,
        }
        let (path, _) = decode_bytes::<Vec<Row>>(br#"[{"n": 1}, {"n": "x"}]"#).unwrap_err();
        assert_eq!(path, "[1].n");
    }
}
