//! Authentication as data: a generated client names its spec's security schemes with these types
//! and the runtime applies them to every request. The mock reads the same data to verify what a
//! client sent, so signing lives in exactly one place.

use std::borrow::Cow;

/// A client's credentials, looked up by the spec's credential names.
///
/// Generated `Credentials` types implement this with one `match`; tokens an operation issues are
/// `None` until they are set.
pub trait CredentialSource {
    /// The credential called `name` in the spec, as text; `None` when it is not set.
    fn credential(&self, name: &str) -> Option<Cow<'_, str>>;
}

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

/// One security scheme of a spec: how a credential travels with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme<'a> {
    /// The scheme's name in `components/securitySchemes`, used in errors.
    pub name: &'a str,
    /// What the scheme puts on the request.
    pub kind: SchemeKind<'a>,
}

/// What a scheme puts on the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind<'a> {
    /// A credential in a header, after a scheme word when `prefix` is not empty (`Token abc`).
    Header {
        /// The header name.
        header: &'a str,
        /// Text written before the credential, e.g. `Bearer `.
        prefix: &'a str,
        /// The credential's name.
        credential: &'a str,
    },
    /// A credential in a query parameter.
    Query {
        /// The parameter name.
        param: &'a str,
        /// The credential's name.
        credential: &'a str,
    },
    /// A per-request HMAC signature written into a header (signed with feature `hmac-signature`).
    Hmac(HmacSignature<'a>),
}

impl<'a> Scheme<'a> {
    /// A credential named like its scheme, sent in `header` after `prefix`.
    pub const fn header(name: &'a str, header: &'a str, prefix: &'a str) -> Self {
        Scheme {
            name,
            kind: SchemeKind::Header {
                header,
                prefix,
                credential: name,
            },
        }
    }

    /// A credential named like its scheme, sent as the query parameter `param`.
    pub const fn query(name: &'a str, param: &'a str) -> Self {
        Scheme {
            name,
            kind: SchemeKind::Query {
                param,
                credential: name,
            },
        }
    }

    /// A request signature.
    pub const fn hmac(name: &'a str, signature: HmacSignature<'a>) -> Self {
        Scheme {
            name,
            kind: SchemeKind::Hmac(signature),
        }
    }

    /// The header this scheme writes, if any: its value is a secret wherever it appears.
    pub fn header_name(&self) -> Option<&str> {
        match &self.kind {
            SchemeKind::Header { header, .. } => Some(header),
            SchemeKind::Query { .. } => None,
            SchemeKind::Hmac(h) => Some(h.header),
        }
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
}

impl Api {
    /// The scheme called `name`.
    pub fn scheme(&self, name: &str) -> Option<&Scheme<'static>> {
        self.schemes.iter().find(|s| s.name == name)
    }

    /// Headers that carry credentials: never printed, marked sensitive for HTTP tooling.
    pub fn is_sensitive_header(&self, name: &str) -> bool {
        self.schemes
            .iter()
            .filter_map(Scheme::header_name)
            .any(|h| h.eq_ignore_ascii_case(name))
    }
}

/// One part of the signed message, in the order the spec lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedPart {
    /// The signing time, formatted with the scheme's clock format.
    SignedDate,
    /// The HTTP method, e.g. `PUT`.
    Method,
    /// The URL path exactly as sent (percent-encoded).
    Path,
    /// The query string exactly as sent, without `?` (empty when there is none).
    Query,
}

/// One piece of the header template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplatePart<'a> {
    /// Text written as it is.
    Literal(&'a str),
    /// A non-secret credential, by name.
    Credential(&'a str),
    /// The signing time.
    SignedDate,
    /// The hex signature.
    Signature,
}

/// An HMAC-SHA256 signature scheme, hex-lower output, UTC clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HmacSignature<'a> {
    /// The header the signature is written into.
    pub header: &'a str,
    /// The credential that keys the HMAC.
    pub key: &'a str,
    /// strftime pattern of the signing time, in UTC.
    pub clock_format: &'a str,
    /// The signed message's parts, concatenated in order.
    pub message: &'a [SignedPart],
    /// The header value.
    pub template: &'a [TemplatePart<'a>],
}

/// What a request contributes to its signature.
#[derive(Debug, Clone, Copy)]
pub struct SignedRequest<'r> {
    /// The HTTP method.
    pub method: &'r str,
    /// The path as sent.
    pub path: &'r str,
    /// The query as sent, without `?`.
    pub query: &'r str,
}

impl HmacSignature<'_> {
    /// The message signed for `request` at `signed_date`.
    pub fn message(&self, signed_date: &str, request: &SignedRequest<'_>) -> String {
        self.message
            .iter()
            .map(|part| match part {
                SignedPart::SignedDate => signed_date,
                SignedPart::Method => request.method,
                SignedPart::Path => request.path,
                SignedPart::Query => request.query,
            })
            .collect()
    }

    /// The placeholder values of a header `value` read against the template, in template order;
    /// `None` when its literal parts do not match.
    pub fn read<'v>(&self, value: &'v str) -> Option<Vec<(TemplatePart<'_>, &'v str)>> {
        let mut found = Vec::new();
        let mut rest = value;
        let mut parts = self.template.iter().peekable();
        while let Some(part) = parts.next() {
            if let TemplatePart::Literal(text) = part {
                rest = rest.strip_prefix(text)?;
                continue;
            }
            let len = match parts.peek() {
                Some(TemplatePart::Literal(next)) => rest.find(next)?,
                Some(_) => return None,
                None => rest.len(),
            };
            found.push((*part, &rest[..len]));
            rest = &rest[len..];
        }
        rest.is_empty().then_some(found)
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
                Scheme {
                    name: "key",
                    kind: SchemeKind::Header {
                        header: "X-Key",
                        prefix: "",
                        credential: "key",
                    },
                },
                Scheme {
                    name: "q",
                    kind: SchemeKind::Query {
                        param: "key",
                        credential: "key",
                    },
                },
            ],
            form_envelope: None,
        };
        assert!(API.is_sensitive_header("x-key"));
        assert!(!API.is_sensitive_header("key"));
        assert_eq!(API.scheme("q").map(|s| s.name), Some("q"));
    }
}
