//! The scheme types. Text is `Cow` so that one type serves both as a `const` in generated code
//! (borrowed) and as the generator's model of a spec (owned).

use std::borrow::Cow;

use crate::template::{self, Piece};

/// Credentials looked up by the spec's credential names.
///
/// Generated `Credentials` types implement this with one `match`; tokens an operation issues are
/// `None` until they are set. The mock implements it with its test credentials.
pub trait CredentialSource {
    /// The credential called `name` in the spec, as text; `None` when it is not set.
    fn credential(&self, name: &str) -> Option<Cow<'_, str>>;
}

/// One security scheme of a spec: how a credential travels with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme<'a> {
    /// The scheme's name in `components/securitySchemes`, used in errors.
    pub name: Cow<'a, str>,
    /// What the scheme puts on the request.
    pub kind: SchemeKind<'a>,
}

/// What a scheme puts on the request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind<'a> {
    /// A credential in a header, after a scheme word when `prefix` is not empty (`Token abc`).
    Header {
        /// The header name.
        header: Cow<'a, str>,
        /// Text written before the credential, e.g. `Bearer `.
        prefix: Cow<'a, str>,
        /// The credential's name.
        credential: Cow<'a, str>,
    },
    /// A credential in a query parameter.
    Query {
        /// The parameter name.
        param: Cow<'a, str>,
        /// The credential's name.
        credential: Cow<'a, str>,
    },
    /// HTTP basic authentication: `Authorization: Basic` and base64 of `username:password`.
    Basic {
        /// The credential holding the user name.
        username: Cow<'a, str>,
        /// The credential holding the password.
        password: Cow<'a, str>,
    },
    /// A credential in a cookie.
    Cookie {
        /// The cookie name.
        cookie: Cow<'a, str>,
        /// The credential's name.
        credential: Cow<'a, str>,
    },
    /// A per-request HMAC signature written into a header (signed with feature `hmac-signature`).
    Hmac(HmacSignature<'a>),
}

/// An HMAC-SHA256 signature scheme, hex-lower output, UTC clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HmacSignature<'a> {
    /// The header the signature is written into.
    pub header: Cow<'a, str>,
    /// The credential that keys the HMAC.
    pub key: Cow<'a, str>,
    /// strftime pattern of the signing time, in UTC.
    pub clock_format: Cow<'a, str>,
    /// The signed message's parts, concatenated in order.
    pub message: Cow<'a, [SignedPart]>,
    /// The header value with `{signed-date}`, `{signature}` and `{credential}` placeholders.
    pub template: Cow<'a, str>,
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

/// One piece of a signature header template, read from [`HmacSignature::template`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplatePart<'a> {
    /// Text written as it is.
    Literal(&'a str),
    /// A credential, by name (any placeholder other than the two below).
    Credential(&'a str),
    /// `{signed-date}`: the signing time.
    SignedDate,
    /// `{signature}`: the hex signature.
    Signature,
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

impl<'a> Scheme<'a> {
    /// A credential named like its scheme, sent in `header` after `prefix`.
    pub const fn header(name: &'a str, header: &'a str, prefix: &'a str) -> Self {
        Scheme {
            name: Cow::Borrowed(name),
            kind: SchemeKind::Header {
                header: Cow::Borrowed(header),
                prefix: Cow::Borrowed(prefix),
                credential: Cow::Borrowed(name),
            },
        }
    }

    /// A credential named like its scheme, sent as the query parameter `param`.
    pub const fn query(name: &'a str, param: &'a str) -> Self {
        Scheme {
            name: Cow::Borrowed(name),
            kind: SchemeKind::Query {
                param: Cow::Borrowed(param),
                credential: Cow::Borrowed(name),
            },
        }
    }

    /// HTTP basic authentication with the credentials `username` and `password`.
    pub const fn basic(name: &'a str, username: &'a str, password: &'a str) -> Self {
        Scheme {
            name: Cow::Borrowed(name),
            kind: SchemeKind::Basic {
                username: Cow::Borrowed(username),
                password: Cow::Borrowed(password),
            },
        }
    }

    /// A credential named like its scheme, sent as the cookie `cookie`.
    pub const fn cookie(name: &'a str, cookie: &'a str) -> Self {
        Scheme {
            name: Cow::Borrowed(name),
            kind: SchemeKind::Cookie {
                cookie: Cow::Borrowed(cookie),
                credential: Cow::Borrowed(name),
            },
        }
    }

    /// A request signature.
    pub const fn hmac(name: &'a str, signature: HmacSignature<'a>) -> Self {
        Scheme {
            name: Cow::Borrowed(name),
            kind: SchemeKind::Hmac(signature),
        }
    }

    /// The header this scheme writes, if any: its value is a secret wherever it appears.
    pub fn header_name(&self) -> Option<&str> {
        match &self.kind {
            SchemeKind::Header { header, .. } => Some(header),
            SchemeKind::Basic { .. } => Some("Authorization"),
            SchemeKind::Cookie { .. } => Some("Cookie"),
            SchemeKind::Query { .. } => None,
            SchemeKind::Hmac(h) => Some(&h.header),
        }
    }

    /// The Cargo feature (of this crate and of the client runtime) that applying the scheme needs.
    pub fn cargo_feature(&self) -> Option<&'static str> {
        match &self.kind {
            SchemeKind::Header { .. }
            | SchemeKind::Query { .. }
            | SchemeKind::Basic { .. }
            | SchemeKind::Cookie { .. } => None,
            SchemeKind::Hmac(_) => Some("hmac-signature"),
        }
    }

    /// How the credential travels, as a sentence fragment for documentation.
    pub fn describe(&self) -> String {
        match &self.kind {
            SchemeKind::Header { header, prefix, .. } => format!("sent as `{header}: {prefix}…`"),
            SchemeKind::Query { param, .. } => format!("sent as query parameter `{param}`"),
            SchemeKind::Basic { .. } => {
                "HTTP basic authentication, sent as `Authorization: Basic …`".to_owned()
            }
            SchemeKind::Cookie { cookie, .. } => format!("sent as cookie `{cookie}`"),
            SchemeKind::Hmac(h) => format!(
                "a signature computed for every request, sent in `{}`",
                h.header
            ),
        }
    }
}

impl<'a> HmacSignature<'a> {
    /// A signature scheme from static parts, for constants.
    pub const fn new(
        header: &'a str,
        key: &'a str,
        clock_format: &'a str,
        message: &'a [SignedPart],
        template: &'a str,
    ) -> Self {
        HmacSignature {
            header: Cow::Borrowed(header),
            key: Cow::Borrowed(key),
            clock_format: Cow::Borrowed(clock_format),
            message: Cow::Borrowed(message),
            template: Cow::Borrowed(template),
        }
    }

    /// The header template's pieces in order.
    pub fn template_parts(&self) -> impl Iterator<Item = TemplatePart<'_>> {
        template::walk(&self.template).map(|piece| match piece {
            Piece::Text(text) => TemplatePart::Literal(text),
            Piece::Placeholder("signed-date") => TemplatePart::SignedDate,
            Piece::Placeholder("signature") => TemplatePart::Signature,
            Piece::Placeholder(name) => TemplatePart::Credential(name),
        })
    }

    /// The message signed for `request` at `signed_date`.
    pub fn message(&self, signed_date: &str, request: &SignedRequest<'_>) -> String {
        self.message
            .iter()
            .map(|part| part.value(signed_date, request))
            .collect()
    }

    /// The placeholder values of a header `value` read against the template, in template order;
    /// `None` when its literal parts do not match.
    pub fn read<'v>(&self, value: &'v str) -> Option<Vec<(TemplatePart<'_>, &'v str)>> {
        let mut found = Vec::new();
        let mut rest = value;
        let mut parts = self.template_parts().peekable();
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
            found.push((part, &rest[..len]));
            rest = &rest[len..];
        }
        rest.is_empty().then_some(found)
    }
}

impl SignedPart {
    /// Every part, in the order a spec usually lists them.
    pub const ALL: [SignedPart; 4] = [
        SignedPart::SignedDate,
        SignedPart::Method,
        SignedPart::Path,
        SignedPart::Query,
    ];

    /// The spec's name of the part (`x-signature.message`).
    pub fn name(self) -> &'static str {
        match self {
            SignedPart::SignedDate => "signed-date",
            SignedPart::Method => "method",
            SignedPart::Path => "path",
            SignedPart::Query => "query",
        }
    }

    /// What this part of the signed message is for `request` at `signed_date`.
    pub fn value<'r>(self, signed_date: &'r str, request: &SignedRequest<'r>) -> &'r str {
        match self {
            SignedPart::SignedDate => signed_date,
            SignedPart::Method => request.method,
            SignedPart::Path => request.path,
            SignedPart::Query => request.query,
        }
    }

    /// The part the spec names `name`.
    pub fn from_name(name: &str) -> Option<SignedPart> {
        SignedPart::ALL.into_iter().find(|p| p.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::CEA;

    #[test]
    fn a_header_value_reads_back_into_its_placeholders() {
        let value =
            "CEA algorithm=HmacSHA256, access-key=ak, signed-date=240101T000000Z, signature=ff";
        assert_eq!(
            CEA.read(value),
            Some(vec![
                (TemplatePart::Credential("access-key"), "ak"),
                (TemplatePart::SignedDate, "240101T000000Z"),
                (TemplatePart::Signature, "ff"),
            ])
        );
        assert_eq!(CEA.read("Bearer x"), None);
    }

    #[test]
    fn the_message_is_the_listed_parts_in_order() {
        let request = SignedRequest {
            method: "GET",
            path: "/a",
            query: "x=1",
        };
        assert_eq!(CEA.message("D", &request), "DGET/ax=1");
        let parts: Vec<_> = SignedPart::ALL.iter().map(|p| p.name()).collect();
        assert_eq!(parts, ["signed-date", "method", "path", "query"]);
        assert!(
            SignedPart::ALL
                .iter()
                .all(|p| SignedPart::from_name(p.name()) == Some(*p))
        );
    }

    #[test]
    fn only_header_schemes_name_a_sensitive_header() {
        assert_eq!(
            Scheme::header("k", "X-Key", "").header_name(),
            Some("X-Key")
        );
        assert_eq!(Scheme::query("k", "key").header_name(), None);
        assert_eq!(Scheme::cookie("k", "sid").header_name(), Some("Cookie"));
        assert_eq!(
            Scheme::basic("b", "user", "pass").header_name(),
            Some("Authorization")
        );
        assert_eq!(
            Scheme::hmac("s", CEA.clone()).header_name(),
            Some("Authorization")
        );
        assert_eq!(
            Scheme::hmac("s", CEA.clone()).cargo_feature(),
            Some("hmac-signature")
        );
    }
}
