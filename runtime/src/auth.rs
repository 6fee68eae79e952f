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
}

impl Api {
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
        };
        assert!(API.is_sensitive_header("x-key"));
        assert!(!API.is_sensitive_header("key"));
        assert_eq!(API.scheme("q").map(|s| &*s.name), Some("q"));
    }
}
