//! What every generated client shares: where it sends requests, with which HTTP client, how it
//! retries, how fast it may go, which clock it reads, and its credentials. Each vendor's `Client`
//! is a [`ClientCore`] and its `ClientBuilder` is a [`ClientBuilder`].

use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use crate::auth::Api;
use crate::auth::CredentialSource;
use crate::call::{Call, IssuedToken, Operation, Request};
use crate::clock::{Clock, SystemClock};
use crate::rate::RateLimiter;
use crate::retry::RetryPolicy;

/// The settings and credentials a vendor client sends requests with.
#[derive(Debug)]
pub struct ClientCore<C> {
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
    api: &'static Api,
    credentials: RwLock<C>,
    /// Tokens fetched for OAuth 2.0 client-credentials schemes.
    pub(crate) tokens: crate::oauth2::TokenCache,
    /// The requests that issued tokens (`x-token-from`), by scheme, to renew them with.
    renewals: Mutex<Vec<(IssuedToken<C>, Request)>>,
}

impl<C: CredentialSource> ClientCore<C> {
    /// Sends the request that last issued the token of `scheme` again and keeps the new token;
    /// whether a new token came. Nothing to renew with (the token was set by hand) is `false`.
    pub(crate) async fn renew_token(&self, scheme: &str) -> bool {
        let renewal = {
            let renewals = self.renewals.lock().unwrap_or_else(PoisonError::into_inner);
            renewals
                .iter()
                .find(|(issued, _)| issued.scheme == scheme)
                .cloned()
        };
        let Some((issued, request)) = renewal else {
            return false;
        };
        let mut call = Call::of(self, request);
        call.issues = vec![issued];
        match call.send_once().await {
            Ok(response) => call.keep_issued_tokens(&response),
            Err(_) => false,
        }
    }
}

impl<C> ClientCore<C> {
    /// The vendor's API description (schemes, default server).
    pub fn api(&self) -> &'static Api {
        self.api
    }

    /// A copy of the current credentials.
    pub fn credentials(&self) -> C
    where
        C: Clone,
    {
        self.credentials
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Changes the credentials every later request uses (a token set or renewed).
    pub fn update_credentials(&self, change: impl FnOnce(&mut C)) {
        change(
            &mut self
                .credentials
                .write()
                .unwrap_or_else(PoisonError::into_inner),
        );
    }

    /// Remembers the request that issued the token of `issued.scheme`, to send again when the
    /// vendor says the token expired.
    pub(crate) fn remember_renewal(&self, issued: IssuedToken<C>, request: &Request) {
        let mut renewals = self.renewals.lock().unwrap_or_else(PoisonError::into_inner);
        renewals.retain(|(known, _)| known.scheme != issued.scheme);
        renewals.push((issued, request.clone()));
    }

    pub(crate) fn read_credentials(&self) -> std::sync::RwLockReadGuard<'_, C> {
        self.credentials
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// A request of the operation `id`, sent with `method` under the `security` schemes, to
    /// fill in and send.
    pub fn call(
        &self,
        id: &'static str,
        method: &'static str,
        security: &'static [&'static str],
    ) -> Call<'_, C> {
        Call::new(self, Operation::new(id, method, security))
    }
}

/// Builds a vendor client: credentials first, every other setting optional.
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder<C, T> {
    credentials: C,
    api: &'static Api,
    base_url: String,
    http: Option<reqwest::Client>,
    timeouts: Option<(Duration, Duration)>,
    retry: RetryPolicy,
    rate: Option<f64>,
    clock: Option<Arc<dyn Clock>>,
    token_urls: Vec<(&'static str, String)>,
    make: fn(ClientCore<C>) -> T,
}

impl<C, T> ClientBuilder<C, T> {
    /// A builder for a client of `api` (its default server, documented rate and schemes);
    /// `make` wraps the finished core into the vendor's client.
    pub fn new(credentials: C, api: &'static Api, make: fn(ClientCore<C>) -> T) -> Self {
        ClientBuilder {
            credentials,
            api,
            base_url: api.default_base_url.to_owned(),
            http: None,
            timeouts: None,
            retry: RetryPolicy::default(),
            rate: None,
            clock: None,
            token_urls: Vec::new(),
            make,
        }
    }

    /// Sends requests to `url` instead of the vendor's default server (a sandbox, a mock, a proxy).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Fetches the OAuth 2.0 token of `scheme` from `url` instead of the spec's `tokenUrl` (a
    /// sandbox's token server, a mock).
    pub fn token_url(mut self, scheme: &'static str, url: impl Into<String>) -> Self {
        self.token_urls.push((scheme, url.into()));
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
        self.rate = self.api.documented_rate;
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
            api: self.api,
            credentials: RwLock::new(self.credentials),
            tokens: crate::oauth2::TokenCache::new(self.token_urls),
            renewals: Mutex::new(Vec::new()),
        };
        (self.make)(core)
    }
}
