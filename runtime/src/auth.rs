//! Authentication as data: a generated client names its spec's security schemes with these types
//! and the runtime applies them to every request. The schemes themselves live in
//! `commerce-apis-auth`, which the generator and the mock share, so signing and its verification
//! live in exactly one place.

use std::borrow::Cow;

pub use commerce_apis_auth::{
    ApplyError, CredentialSource, HmacSignature, Scheme, SchemeKind, SignedPart, SignedRequest,
    TemplatePart,
};

/// A field of a `Credentials` type as the text a request carries: plain text, a [`Secret`], a
/// number, or a token that is `None` until an operation issues it.
///
/// [`Secret`]: crate::Secret
pub trait CredentialValue {
    /// The value as text; `None` when it is not set.
    fn credential_text(&self) -> Option<Cow<'_, str>>;
}

impl CredentialValue for String {
    fn credential_text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(self))
    }
}

impl CredentialValue for crate::Secret {
    fn credential_text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(self.expose()))
    }
}

impl CredentialValue for i64 {
    fn credential_text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Owned(self.to_string()))
    }
}

impl<T: CredentialValue> CredentialValue for Option<T> {
    fn credential_text(&self) -> Option<Cow<'_, str>> {
        self.as_ref().and_then(T::credential_text)
    }
}

/// A credential the environment does not give: its variable is unset, not Unicode, or not a
/// number where one is needed. The message names the variable, never its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvError {
    /// The environment variable.
    pub variable: &'static str,
    /// What is wrong with it.
    pub problem: &'static str,
}

impl std::fmt::Display for EnvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "environment variable {}: {}",
            self.variable, self.problem
        )
    }
}

impl std::error::Error for EnvError {}

/// A credential read from the environment variable `variable`.
#[doc(hidden)]
pub trait FromEnvText: Sized {
    /// The value of the variable's text, or what is wrong with it.
    fn from_env_text(text: String) -> Result<Self, &'static str>;
}

impl FromEnvText for String {
    fn from_env_text(text: String) -> Result<Self, &'static str> {
        Ok(text)
    }
}

impl FromEnvText for crate::Secret {
    fn from_env_text(text: String) -> Result<Self, &'static str> {
        Ok(crate::Secret::new(text))
    }
}

impl FromEnvText for i64 {
    fn from_env_text(text: String) -> Result<Self, &'static str> {
        text.trim().parse().map_err(|_| "is not a whole number")
    }
}

/// The credential in `variable`, which must be set.
#[doc(hidden)]
pub fn from_env<T: FromEnvText>(variable: &'static str) -> Result<T, EnvError> {
    optional_from_env(variable)?.ok_or(EnvError {
        variable,
        problem: "is not set",
    })
}

/// The credential in `variable`, when it is set.
#[doc(hidden)]
pub fn optional_from_env<T: FromEnvText>(variable: &'static str) -> Result<Option<T>, EnvError> {
    match std::env::var(variable) {
        Ok(text) => T::from_env_text(text)
            .map(Some)
            .map_err(|problem| EnvError { variable, problem }),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(EnvError {
            variable,
            problem: "is not valid Unicode",
        }),
    }
}

/// How one vendor's API is reached: the constants of its spec a client needs at run time.
#[derive(Debug, Clone, Copy)]
pub struct Api {
    /// The module name, the spec's file stem (in traces).
    pub vendor: &'static str,
    /// The spec's first server.
    pub default_base_url: &'static str,
    /// The spec's `x-rate-limit`, in requests a second.
    pub documented_rate: Option<f64>,
    /// Every security scheme of the spec.
    pub schemes: &'static [Scheme<'static>],
    /// The signed form envelope every RPC call is posted in (`x-rpc-envelope`; signed with
    /// feature `form-envelope`).
    pub form_envelope: Option<FormEnvelope<'static>>,
    /// The schemes whose token the client fetches itself (OAuth 2.0 client credentials).
    pub token_endpoints: &'static [crate::oauth2::TokenEndpoint],
    /// Properties whose values are secrets; quoted answer bodies redact them.
    pub sensitive_properties: &'static [&'static str],
    /// Answers saying a scheme's issued token is no longer accepted (`x-token-from`'s
    /// `expired`): the client renews the token once and repeats the call.
    pub expired_tokens: &'static [ExpiredToken],
    /// Answers reporting the rate limit in their body (`x-rate-limit`'s `in-band`): retried as
    /// HTTP 429 is.
    pub rate_limited: Option<crate::envelope::AnswerCode>,
}

/// The answers that say the token of `scheme` has expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiredToken {
    /// The security scheme whose token it is.
    pub scheme: &'static str,
    /// The answers that say so.
    pub when: crate::envelope::AnswerCode,
}

impl ExpiredToken {
    /// The token of `scheme` has expired when an answer's `property` is one of `values`.
    pub const fn new(
        scheme: &'static str,
        property: &'static str,
        values: &'static [&'static str],
    ) -> Self {
        ExpiredToken {
            scheme,
            when: crate::envelope::AnswerCode::new(property, values),
        }
    }
}

impl Api {
    /// An API with no name, server, schemes or documented behaviour: what a generated constant
    /// leaves out, it takes from here (`..Api::DEFAULTS`).
    pub const DEFAULTS: Api = Api {
        vendor: "",
        default_base_url: "",
        documented_rate: None,
        schemes: &[],
        form_envelope: None,
        token_endpoints: &[],
        sensitive_properties: &[],
        expired_tokens: &[],
        rate_limited: None,
    };

    /// The scheme called `name`.
    pub fn scheme(&self, name: &str) -> Option<&'static Scheme<'static>> {
        self.schemes.iter().find(|s| s.name == name)
    }

    /// Where the token of scheme `name` is fetched, when the client fetches it.
    pub fn token_endpoint(&self, name: &str) -> Option<&'static crate::oauth2::TokenEndpoint> {
        self.token_endpoints.iter().find(|e| e.scheme == name)
    }

    /// Headers that carry credentials: never printed, marked sensitive for HTTP tooling.
    pub fn is_sensitive_header(&self, name: &str) -> bool {
        self.schemes
            .iter()
            .filter_map(Scheme::header_name)
            .any(|h| h.eq_ignore_ascii_case(name))
    }
}

/// The form every RPC call is posted in: which field holds what, and which credentials sign it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormEnvelope<'a> {
    /// The field naming the RPC method.
    pub method_field: &'a str,
    /// The field holding the account credential.
    pub account_field: &'a str,
    /// The credential sent as the account.
    pub account_credential: &'a str,
    /// The field holding the Unix time in seconds.
    pub timestamp_field: &'a str,
    /// The field holding the base64 JSON payload.
    pub payload_field: &'a str,
    /// The field holding the signature.
    pub signature_field: &'a str,
    /// The credential appended to the signed text (never sent).
    pub secret_credential: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_headers_are_the_schemes_headers_in_any_case() {
        const API: Api = Api {
            vendor: "v",
            default_base_url: "http://127.0.0.1",
            documented_rate: None,
            schemes: &[
                Scheme::header("key", "X-Key", ""),
                Scheme::query("q", "key"),
            ],
            form_envelope: None,
            token_endpoints: &[],
            sensitive_properties: &[],
            expired_tokens: &[],
            rate_limited: None,
        };
        assert!(API.is_sensitive_header("x-key"));
        assert!(!API.is_sensitive_header("key"));
        assert_eq!(API.scheme("q").map(|s| &*s.name), Some("q"));
    }
}
