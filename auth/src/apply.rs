//! The client's half of a scheme: the credential it puts on a request.

use std::borrow::Cow;
use std::fmt;
use std::time::SystemTime;

use crate::scheme::{CredentialSource, Scheme, SchemeKind, SignedRequest};

/// Why a scheme could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApplyError {
    /// A credential the scheme needs is not set (a token not issued yet, say).
    MissingCredential(String),
    /// The scheme needs a Cargo feature this build leaves out.
    FeatureOff(&'static str),
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyError::MissingCredential(name) => write!(f, "credential `{name}` is not set"),
            ApplyError::FeatureOff(feature) => write!(f, "built without the `{feature}` feature"),
        }
    }
}

impl std::error::Error for ApplyError {}

fn lookup<'c, C: CredentialSource + ?Sized>(
    credentials: &'c C,
    name: &str,
) -> Result<Cow<'c, str>, ApplyError> {
    credentials
        .credential(name)
        .ok_or_else(|| ApplyError::MissingCredential(name.to_owned()))
}

/// Standard base64 with padding, as HTTP basic authentication writes it.
pub(crate) fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

impl Scheme<'_> {
    /// The query parameter the scheme adds, with its value; `None` for schemes that write a
    /// header. Add these before computing headers: a signature covers the query as sent.
    pub fn query_credential<'c, C: CredentialSource + ?Sized>(
        &self,
        credentials: &'c C,
    ) -> Result<Option<(&str, Cow<'c, str>)>, ApplyError> {
        match &self.kind {
            SchemeKind::Query { param, credential } => {
                Ok(Some((param, lookup(credentials, credential)?)))
            }
            SchemeKind::Header { .. }
            | SchemeKind::Basic { .. }
            | SchemeKind::Cookie { .. }
            | SchemeKind::Hmac(_) => Ok(None),
        }
    }

    /// The header the scheme adds to `request` (as it will be sent, query credentials included),
    /// with its value; a signature is dated `now`.
    #[cfg_attr(not(feature = "hmac-signature"), allow(unused_variables))]
    pub fn header_credential<C: CredentialSource + ?Sized>(
        &self,
        request: &SignedRequest<'_>,
        now: SystemTime,
        credentials: &C,
    ) -> Result<Option<(&str, String)>, ApplyError> {
        match &self.kind {
            SchemeKind::Header {
                header,
                prefix,
                credential,
            } => {
                let value = lookup(credentials, credential)?;
                Ok(Some((header, format!("{prefix}{value}"))))
            }
            SchemeKind::Basic { username, password } => {
                let pair = format!(
                    "{}:{}",
                    lookup(credentials, username)?,
                    lookup(credentials, password)?
                );
                Ok(Some((
                    "Authorization",
                    format!("Basic {}", base64(pair.as_bytes())),
                )))
            }
            SchemeKind::Cookie { cookie, credential } => {
                let value = lookup(credentials, credential)?;
                Ok(Some(("Cookie", format!("{cookie}={value}"))))
            }
            SchemeKind::Query { .. } => Ok(None),
            #[cfg(feature = "hmac-signature")]
            SchemeKind::Hmac(signature) => {
                let value =
                    signature.header_value(now, request, |name| lookup(credentials, name))?;
                Ok(Some((&signature.header, value)))
            }
            #[cfg(not(feature = "hmac-signature"))]
            SchemeKind::Hmac(_) => Err(ApplyError::FeatureOff("hmac-signature")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Creds;

    impl CredentialSource for Creds {
        fn credential(&self, name: &str) -> Option<Cow<'_, str>> {
            (name == "key").then_some(Cow::Borrowed("k1"))
        }
    }

    const REQUEST: SignedRequest<'static> = SignedRequest {
        method: "GET",
        path: "/",
        query: "",
    };

    #[test]
    fn header_and_query_schemes_carry_their_credential() {
        let now = SystemTime::UNIX_EPOCH;
        let header = Scheme::header("key", "Authorization", "Bearer ");
        assert_eq!(
            header.header_credential(&REQUEST, now, &Creds),
            Ok(Some(("Authorization", "Bearer k1".to_owned())))
        );
        assert_eq!(header.query_credential(&Creds), Ok(None));
        let query = Scheme::query("key", "api_key");
        assert_eq!(
            query.query_credential(&Creds),
            Ok(Some(("api_key", Cow::Borrowed("k1"))))
        );
        assert_eq!(query.header_credential(&REQUEST, now, &Creds), Ok(None));
    }

    #[test]
    fn basic_and_cookie_schemes_write_their_headers() {
        struct Pair;
        impl CredentialSource for Pair {
            fn credential(&self, name: &str) -> Option<Cow<'_, str>> {
                match name {
                    "user" => Some(Cow::Borrowed("Aladdin")),
                    "pass" => Some(Cow::Borrowed("open sesame")),
                    _ => None,
                }
            }
        }
        let now = SystemTime::UNIX_EPOCH;
        // RFC 7617's example.
        assert_eq!(
            Scheme::basic("b", "user", "pass").header_credential(&REQUEST, now, &Pair),
            Ok(Some((
                "Authorization",
                "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".to_owned()
            )))
        );
        assert_eq!(
            Scheme::cookie("key", "sid").header_credential(&REQUEST, now, &Creds),
            Ok(Some(("Cookie", "sid=k1".to_owned())))
        );
    }

    #[test]
    fn a_missing_credential_is_named() {
        let scheme = Scheme::header("token", "X-Token", "");
        let error = scheme
            .header_credential(&REQUEST, SystemTime::UNIX_EPOCH, &Creds)
            .unwrap_err();
        assert_eq!(error, ApplyError::MissingCredential("token".to_owned()));
        assert_eq!(error.to_string(), "credential `token` is not set");
    }
}
