//! OAuth 2.0 client credentials (RFC 6749 §4.4): a client that holds a client id and secret
//! fetches its access token from the spec's `tokenUrl` before the first call that needs it, keeps
//! it until shortly before it expires, and fetches a new one then. A token the caller sets in the
//! credentials is used as it is and never fetched.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde::Deserialize;

use crate::auth::CredentialSource;
use crate::client::ClientCore;
use crate::{Error, Secret};

/// Where a scheme's token comes from: the spec's `flows.clientCredentials`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenEndpoint {
    /// The security scheme (and the name of its token credential).
    pub scheme: &'static str,
    /// The `tokenUrl`.
    pub url: &'static str,
    /// The scopes to ask for, space-separated; empty asks for the server's default.
    pub scopes: &'static str,
    /// The credential holding the client id.
    pub client_id: &'static str,
    /// The credential holding the client secret.
    pub client_secret: &'static str,
}

/// A token is renewed this long before the server says it expires, so a request in flight
/// never carries one that lapses on the way.
const RENEW_BEFORE_EXPIRY: Duration = Duration::from_secs(30);

/// The tokens a client has fetched, by scheme, and where it fetches them when the caller moved
/// a token URL.
#[derive(Debug, Default)]
pub(crate) struct TokenCache {
    tokens: Mutex<HashMap<&'static str, Cached>>,
    urls: Vec<(&'static str, String)>,
}

#[derive(Debug, Clone)]
struct Cached {
    token: Secret,
    /// `None`: the server gave no lifetime, so the token is kept until the client is dropped.
    renew_at: Option<SystemTime>,
}

/// The token endpoint's answer (RFC 6749 §5.1); other members are ignored.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: Option<u64>,
}

impl TokenCache {
    pub(crate) fn new(urls: Vec<(&'static str, String)>) -> Self {
        TokenCache {
            tokens: Mutex::default(),
            urls,
        }
    }

    /// The token URL of `endpoint`: the caller's, else the spec's, a relative one resolved
    /// against the client's base URL (OpenAPI reads it relative to the server).
    fn url(&self, endpoint: &TokenEndpoint, base_url: &str) -> Result<reqwest::Url, String> {
        let given = self
            .urls
            .iter()
            .find(|(scheme, _)| *scheme == endpoint.scheme)
            .map_or(endpoint.url, |(_, url)| url.as_str());
        match reqwest::Url::parse(given) {
            Ok(url) => Ok(url),
            Err(_) => reqwest::Url::parse(&format!("{}/", base_url.trim_end_matches('/')))
                .and_then(|base| base.join(given.trim_start_matches('/')))
                .map_err(|e| format!("token URL {given:?} does not parse: {e}")),
        }
    }

    fn valid(&self, scheme: &str, now: SystemTime) -> Option<Secret> {
        let tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        let cached = tokens.get(scheme)?;
        match cached.renew_at {
            Some(at) if now >= at => None,
            _ => Some(cached.token.clone()),
        }
    }

    fn keep(&self, scheme: &'static str, token: Secret, renew_at: Option<SystemTime>) {
        self.tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(scheme, Cached { token, renew_at });
    }
}

impl<C: CredentialSource> ClientCore<C> {
    /// The token to send for `endpoint`'s scheme: `None` when the caller set one in the
    /// credentials, else the cached token while valid, else one fetched now with the client id
    /// and secret.
    pub(crate) async fn token(
        &self,
        endpoint: &TokenEndpoint,
        operation: &'static str,
    ) -> Result<Option<Secret>, Error> {
        let now = self.clock.now();
        // The lock is released before the token request is awaited.
        let (id, secret) = {
            let credentials = self.read_credentials();
            if credentials.credential(endpoint.scheme).is_some() {
                return Ok(None);
            }
            if let Some(token) = self.tokens.valid(endpoint.scheme, now) {
                return Ok(Some(token));
            }
            let owned = |name| credentials.credential(name).map(Cow::into_owned);
            match (owned(endpoint.client_id), owned(endpoint.client_secret)) {
                (Some(id), Some(secret)) => (id, secret),
                _ => {
                    return Err(Error::MissingCredential {
                        operation,
                        scheme: endpoint.scheme,
                    });
                }
            }
        };
        let fetched = match self.tokens.url(endpoint, &self.base_url) {
            Ok(url) => fetch(&self.http, url, endpoint.scopes, &id, &secret).await,
            Err(message) => Err(message),
        };
        let answer = fetched.map_err(|message| Error::Token {
            operation,
            scheme: endpoint.scheme,
            message,
        })?;
        let token = Secret::new(answer.access_token);
        let renew_at = answer
            .expires_in
            .map(|seconds| now + Duration::from_secs(seconds).saturating_sub(RENEW_BEFORE_EXPIRY));
        self.tokens.keep(endpoint.scheme, token.clone(), renew_at);
        Ok(Some(token))
    }
}

/// Posts the client-credentials grant, the client authenticated with HTTP basic (RFC 6749
/// §2.3.1). The error text never contains the secret or the answer's body, which may hold a token.
async fn fetch(
    http: &reqwest::Client,
    url: reqwest::Url,
    scopes: &str,
    id: &str,
    secret: &str,
) -> Result<TokenAnswer, String> {
    let body = grant(scopes);
    let response = http
        .post(url)
        .basic_auth(id, Some(secret))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("the token endpoint did not answer: {}", e.without_url()))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("the token endpoint answered HTTP {status}"));
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|e| format!("the token answer broke off: {}", e.without_url()))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "the token answer is not a token (line {}, column {}: {:?})",
            e.line(),
            e.column(),
            e.classify()
        )
    })
}

/// The form of the client-credentials grant. Built apart from the request so that the
/// serializer, which is not `Send`, is never held across an await.
fn grant(scopes: &str) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("grant_type", "client_credentials");
    if !scopes.is_empty() {
        form.append_pair("scope", scopes);
    }
    form.finish()
}

/// The caller's credentials, with fetched tokens standing in for the token credentials the
/// caller left unset.
pub(crate) struct WithTokens<'a, C> {
    pub(crate) credentials: &'a C,
    pub(crate) tokens: &'a [(&'static str, Secret)],
}

impl<C: CredentialSource> CredentialSource for WithTokens<'_, C> {
    fn credential(&self, name: &str) -> Option<Cow<'_, str>> {
        self.credentials.credential(name).or_else(|| {
            self.tokens
                .iter()
                .find(|(scheme, _)| *scheme == name)
                .map(|(_, token)| Cow::Borrowed(token.expose()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_token_is_valid_until_its_renewal_time_and_one_without_lifetime_stays() {
        let cache = TokenCache::default();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        cache.keep(
            "oauth",
            Secret::new("t1"),
            Some(now + Duration::from_secs(60)),
        );
        assert_eq!(
            cache.valid("oauth", now).map(|s| s.expose().to_owned()),
            Some("t1".into())
        );
        assert!(
            cache
                .valid("oauth", now + Duration::from_secs(60))
                .is_none()
        );
        assert!(cache.valid("other", now).is_none());
        cache.keep("forever", Secret::new("t2"), None);
        assert!(
            cache
                .valid("forever", now + Duration::from_secs(1 << 30))
                .is_some()
        );
    }
}
