//! When and how a request is tried again: exponential backoff with jitter, `Retry-After`
//! honoured, a maximum number of attempts and a maximum total wait.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// A client's retry policy. Which operations are safe to repeat comes from the spec (the HTTP
/// method, or the operation's `x-idempotent`); `429 Too Many Requests` is retried for every
/// operation because the vendor refused it before acting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// The first backoff delay; later ones double, with jitter.
    pub min_delay: Duration,
    /// The longest backoff delay.
    pub max_delay: Duration,
    /// The most time spent waiting between attempts, `Retry-After` included.
    pub max_total_delay: Duration,
    /// Also retry operations the spec does not call idempotent (on 502/503/504, timeouts and
    /// broken connections). Off by default: a repeated POST may act twice.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            min_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_total_delay: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// One attempt, never retried.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Whether an answer with `status` is worth another attempt.
    pub fn retries_status(&self, status: StatusCode, idempotent: bool) -> bool {
        status == StatusCode::TOO_MANY_REQUESTS
            || ((idempotent || self.retry_non_idempotent) && matches!(status.as_u16(), 502..=504))
    }

    /// Whether a failed attempt (no answer) is worth another one. A connection that was never
    /// made sent nothing, so that is retried for every operation.
    pub fn retries_transport(&self, error: &reqwest::Error, idempotent: bool) -> bool {
        error.is_connect() || idempotent || self.retry_non_idempotent
    }
}

/// The delay an answer asks for in `Retry-After` (seconds, or an HTTP date).
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("7"));
        assert_eq!(
            retry_after(&h, SystemTime::UNIX_EPOCH),
            Some(Duration::from_secs(7))
        );
        h.insert(
            "retry-after",
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        // 784111777 is that instant (RFC 9110's example), from `date -u -d '1994-11-06 08:49:37' +%s`.
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_770);
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(7)));
        h.insert("retry-after", HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h, now), None);
    }

    #[test]
    fn what_is_retried() {
        let p = RetryPolicy::default();
        assert!(p.retries_status(StatusCode::TOO_MANY_REQUESTS, false));
        assert!(p.retries_status(StatusCode::SERVICE_UNAVAILABLE, true));
        assert!(!p.retries_status(StatusCode::SERVICE_UNAVAILABLE, false));
        assert!(!p.retries_status(StatusCode::INTERNAL_SERVER_ERROR, true));
        assert!(!p.retries_status(StatusCode::FORBIDDEN, true));
    }
}
