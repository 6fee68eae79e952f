//! The server's half of a scheme: whether a received request carries the expected credential,
//! with signatures recomputed by the same code that signs.

use std::borrow::Cow;

use crate::hmac::hmac_sha256_hex;
use crate::scheme::{
    CredentialSource, HmacSignature, Scheme, SchemeKind, SignedRequest, TemplatePart,
};

/// Why a received request does not satisfy a scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Where the credential should be: `/header/{name}` or `/query/{name}`.
    pub at: String,
    /// What is wrong, naming the scheme or credential.
    pub reason: String,
}

/// What the checks of one scheme collect.
struct Check<'e, E: ?Sized> {
    expected: &'e E,
    refusals: Vec<Refusal>,
}

impl<E: CredentialSource + ?Sized> Check<'_, E> {
    fn refuse(&mut self, at: &str, reason: String) {
        self.refusals.push(Refusal {
            at: at.to_owned(),
            reason,
        });
    }

    /// A credential with a known value must have it; one without (an issued token) must not be
    /// empty.
    fn credential(&mut self, name: &str, sent: &str, at: &str) {
        match self.expected.credential(name) {
            Some(expected) if sent != expected => self.refuse(
                at,
                format!("is not the expected `{name}` credential ({expected:?})"),
            ),
            None if sent.trim().is_empty() => {
                self.refuse(at, format!("the `{name}` credential is empty"))
            }
            _ => {}
        }
    }
}

impl Scheme<'_> {
    /// What is wrong with how `request` carries this scheme's credential; empty when nothing is.
    /// `header` reads a received header by case-insensitive name; `expected` gives the
    /// credentials the request must carry (`None` for tokens, which need only be non-empty).
    pub fn verify<'r, E: CredentialSource + ?Sized>(
        &self,
        request: &SignedRequest<'r>,
        header: impl Fn(&str) -> Option<&'r str>,
        expected: &E,
    ) -> Vec<Refusal> {
        let mut check = Check {
            expected,
            refusals: Vec::new(),
        };
        match &self.kind {
            SchemeKind::Header {
                header: name,
                prefix,
                credential,
            } => {
                let at = format!("/header/{name}");
                match header(name).map(|value| value.strip_prefix(&**prefix)) {
                    None => check.refuse(&at, format!("missing: the `{}` credential", self.name)),
                    Some(None) => check.refuse(
                        &at,
                        format!("must start with {prefix:?} (the `{}` scheme)", self.name),
                    ),
                    Some(Some(value)) => check.credential(credential, value, &at),
                }
            }
            SchemeKind::Basic { username, password } => {
                let at = "/header/Authorization";
                let sent = header("Authorization").map(|v| v.strip_prefix("Basic "));
                match sent {
                    None => check.refuse(at, format!("missing: the `{}` credentials", self.name)),
                    Some(None) => check.refuse(
                        at,
                        format!("must start with \"Basic \" (the `{}` scheme)", self.name),
                    ),
                    Some(Some(encoded)) => {
                        let expected = format!(
                            "{}:{}",
                            expected.credential(username).unwrap_or_default(),
                            expected.credential(password).unwrap_or_default()
                        );
                        if encoded != crate::apply::base64(expected.as_bytes()) {
                            check.refuse(
                                at,
                                format!(
                                    "is not base64 of the expected `{username}:{password}` credentials"
                                ),
                            );
                        }
                    }
                }
            }
            SchemeKind::Cookie { cookie, credential } => {
                let at = format!("/cookie/{cookie}");
                let sent = header("Cookie").and_then(|all| {
                    all.split(';')
                        .filter_map(|pair| pair.trim().split_once('='))
                        .find(|(k, _)| k == cookie)
                        .map(|(_, v)| v)
                });
                match sent {
                    Some(value) => check.credential(credential, value, &at),
                    None => check.refuse(&at, format!("missing: the `{}` credential", self.name)),
                }
            }
            SchemeKind::Query { param, credential } => {
                let at = format!("/query/{param}");
                let sent = form_urlencoded::parse(request.query.as_bytes())
                    .find(|(k, _)| k == param)
                    .map(|(_, v)| v);
                match sent {
                    Some(value) => check.credential(credential, &value, &at),
                    None => check.refuse(&at, format!("missing: the `{}` credential", self.name)),
                }
            }
            SchemeKind::Hmac(signature) => {
                verify_signature(signature, request, header(&signature.header), &mut check)
            }
        }
        check.refusals
    }
}

fn verify_signature<E: CredentialSource + ?Sized>(
    signature: &HmacSignature<'_>,
    request: &SignedRequest<'_>,
    sent: Option<&str>,
    check: &mut Check<'_, E>,
) {
    let at = format!("/header/{}", signature.header);
    let Some(value) = sent else {
        check.refuse(&at, "missing: the request signature".to_owned());
        return;
    };
    let Some(parts) = signature.read(value) else {
        check.refuse(
            &at,
            format!("does not have the documented form {:?}", signature.template),
        );
        return;
    };
    let part = |wanted: TemplatePart<'_>| {
        parts
            .iter()
            .find(|(p, _)| *p == wanted)
            .map(|(_, v)| *v)
            .unwrap_or_default()
    };
    for (piece, sent) in &parts {
        if let TemplatePart::Credential(name) = piece {
            check.credential(name, sent, &at);
        }
    }
    let signed_date = part(TemplatePart::SignedDate);
    if chrono::NaiveDateTime::parse_from_str(signed_date, &signature.clock_format).is_err() {
        check.refuse(
            &at,
            format!(
                "signed-date {signed_date:?} is not a UTC time in the format {:?}",
                signature.clock_format
            ),
        );
    }
    let message = signature.message(signed_date, request);
    let key = check
        .expected
        .credential(&signature.key)
        .unwrap_or(Cow::Borrowed(""));
    if part(TemplatePart::Signature) != hmac_sha256_hex(key.as_bytes(), message.as_bytes()) {
        let names: Vec<&str> = signature.message.iter().map(|p| p.name()).collect();
        check.refuse(
            &at,
            format!(
                "the signature is not HMAC-SHA256 of {message:?} ({}) under the expected `{}`",
                names.join(" + "),
                signature.key
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::scheme::SignedPart;

    struct Creds(&'static [(&'static str, &'static str)]);

    impl CredentialSource for Creds {
        fn credential(&self, name: &str) -> Option<Cow<'_, str>> {
            let found = self.0.iter().find(|(n, _)| *n == name);
            found.map(|(_, v)| Cow::Borrowed(*v))
        }
    }

    const KEYS: Creds = Creds(&[("key", "k1"), ("access", "ak"), ("secret", "s")]);

    fn request(query: &str) -> SignedRequest<'_> {
        SignedRequest {
            method: "PUT",
            path: "/a",
            query,
        }
    }

    fn reasons(refusals: Vec<Refusal>) -> Vec<String> {
        refusals
            .into_iter()
            .map(|r| format!("{}: {}", r.at, r.reason))
            .collect()
    }

    #[test]
    fn a_header_credential_must_be_present_prefixed_and_expected() {
        let scheme = Scheme::header("key", "Authorization", "Bearer ");
        let check =
            |sent: Option<&'static str>| reasons(scheme.verify(&request(""), |_| sent, &KEYS));
        assert!(check(Some("Bearer k1")).is_empty());
        assert_eq!(
            check(None),
            ["/header/Authorization: missing: the `key` credential"]
        );
        assert_eq!(
            check(Some("k1")),
            ["/header/Authorization: must start with \"Bearer \" (the `key` scheme)"]
        );
        assert_eq!(
            check(Some("Bearer k2")),
            ["/header/Authorization: is not the expected `key` credential (\"k1\")"]
        );
        let token = Scheme::header("token", "X-Token", "");
        assert!(
            token
                .verify(&request(""), |_| Some("any"), &KEYS)
                .is_empty()
        );
        assert_eq!(
            reasons(token.verify(&request(""), |_| Some(" "), &KEYS)),
            ["/header/X-Token: the `token` credential is empty"]
        );
    }

    #[test]
    fn basic_and_cookie_credentials_are_checked() {
        let basic = Scheme::basic("b", "key", "secret");
        let good = format!("Basic {}", crate::apply::base64(b"k1:s"));
        assert!(
            basic
                .verify(&request(""), |_| Some(&good), &KEYS)
                .is_empty()
        );
        let bad = format!("Basic {}", crate::apply::base64(b"k1:x"));
        assert_eq!(
            reasons(basic.verify(&request(""), |_| Some(&bad), &KEYS)),
            ["/header/Authorization: is not base64 of the expected `key:secret` credentials"]
        );
        let cookie = Scheme::cookie("key", "sid");
        assert!(
            cookie
                .verify(&request(""), |_| Some("a=1; sid=k1"), &KEYS)
                .is_empty()
        );
        assert_eq!(
            reasons(cookie.verify(&request(""), |_| Some("a=1"), &KEYS)),
            ["/cookie/sid: missing: the `key` credential"]
        );
    }

    #[test]
    fn a_query_credential_is_read_decoded() {
        let scheme = Scheme::query("key", "api key");
        assert!(
            scheme
                .verify(&request("a=1&api+key=k1"), |_| None, &KEYS)
                .is_empty()
        );
        assert_eq!(
            reasons(scheme.verify(&request("a=1"), |_| None, &KEYS)),
            ["/query/api key: missing: the `key` credential"]
        );
    }

    #[test]
    fn a_signature_made_by_the_signer_verifies_and_a_tampered_one_does_not() {
        let scheme = Scheme::hmac(
            "sig",
            HmacSignature::new(
                "Authorization",
                "secret",
                "%y%m%dT%H%M%SZ",
                &[SignedPart::SignedDate, SignedPart::Method, SignedPart::Path],
                "HMAC access={access}, date={signed-date}, signature={signature}",
            ),
        );
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_704_067_200);
        let (_, value) = scheme
            .header_credential(&request(""), now, &KEYS)
            .unwrap()
            .unwrap();
        assert!(
            scheme
                .verify(&request(""), |_| Some(&value), &KEYS)
                .is_empty()
        );
        let tampered = value.replace("date=24", "date=25");
        let refusals = reasons(scheme.verify(&request(""), |_| Some(&tampered), &KEYS));
        assert_eq!(refusals.len(), 1, "{refusals:?}");
        assert!(refusals[0].contains("is not HMAC-SHA256 of \"250101T000000ZPUT/a\""));
        let no_form = reasons(scheme.verify(&request(""), |_| Some("Bearer x"), &KEYS));
        assert_eq!(no_form.len(), 1);
        assert!(no_form[0].contains("does not have the documented form"));
    }
}
