//! What every generated client shares: where it sends requests, with which HTTP client, how it
//! retries, how fast it may go and which clock it reads. Each vendor's `Client` holds a
//! [`ClientCore`] beside its credentials, and its `ClientBuilder` is a [`ClientBuilder`].

use std::sync::Arc;
use std::time::Duration;

use crate::clock::{Clock, SystemClock};
use crate::rate::RateLimiter;
use crate::retry::RetryPolicy;

/// The settings a vendor client sends requests with.
#[derive(Debug)]
pub struct ClientCore {
    /// The HTTP client.
    pub http: reqwest::Client,
    /// Where requests go.
    pub base_url: String,
    /// The time source of signatures and timestamps.
    pub clock: Arc<dyn Clock>,
    /// How failed requests are retried.
    pub retry: RetryPolicy,
    /// Client-side rate limiting, when asked for.
    pub rate: Option<RateLimiter>,
}

/// Builds a vendor client: credentials first, every other setting optional.
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder<C, T> {
    credentials: C,
    base_url: String,
    documented_rate: Option<f64>,
    http: Option<reqwest::Client>,
    timeouts: Option<(Duration, Duration)>,
    retry: RetryPolicy,
    rate: Option<f64>,
    clock: Option<Arc<dyn Clock>>,
    make: fn(C, ClientCore) -> T,
}

impl<C, T> ClientBuilder<C, T> {
    /// A builder for a client of `default_base_url`; `documented_rate` is the spec's
    /// `x-rate-limit`; `make` puts the client together.
    pub fn new(
        credentials: C,
        default_base_url: &str,
        documented_rate: Option<f64>,
        make: fn(C, ClientCore) -> T,
    ) -> Self {
        ClientBuilder {
            credentials,
            base_url: default_base_url.to_owned(),
            documented_rate,
            http: None,
            timeouts: None,
            retry: RetryPolicy::default(),
            rate: None,
            clock: None,
            make,
        }
    }

    /// Sends requests to `url` instead of the vendor's default server (a sandbox, a mock, a proxy).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Uses this HTTP client (its timeouts, proxy and TLS settings) instead of the default one.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Connect and total timeouts of the default HTTP client (10 s and 60 s unless set).
    pub fn timeouts(mut self, connect: Duration, total: Duration) -> Self {
        self.timeouts = Some((connect, total));
        self
    }

    /// How failed requests are retried (by default 3 attempts for operations the spec calls
    /// idempotent, and for `429` everywhere; see [`RetryPolicy`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Starts at most `per_second` requests a second (retries included), across every task sharing
    /// the client. Off unless set.
    pub fn rate_limit(mut self, per_second: f64) -> Self {
        self.rate = Some(per_second);
        self
    }

    /// Limits requests to the vendor's documented rate (the spec's `x-rate-limit`); no limit for
    /// a vendor that documents none.
    pub fn documented_rate_limit(mut self) -> Self {
        self.rate = self.documented_rate;
        self
    }

    /// Reads the time for signatures and timestamps from `clock` (fix it in tests). Vendors whose
    /// requests carry neither do not read the time.
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// The client.
    pub fn build(self) -> T {
        let http = self.http.unwrap_or_else(|| match self.timeouts {
            Some((connect, total)) => crate::http::http_client(connect, total),
            None => crate::http::default_http_client(),
        });
        let core = ClientCore {
            http,
            base_url: self.base_url,
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
            retry: self.retry,
            rate: self.rate.map(RateLimiter::new),
        };
        (self.make)(self.credentials, core)
    }
}
