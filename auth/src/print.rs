//! A scheme as the Rust expression that builds it as a constant: how the generator writes a
//! spec's schemes into a client without knowing their kinds.

use crate::scheme::{HmacSignature, Scheme, SchemeKind, SignedPart};

/// A string literal; `Debug` escapes exactly what a Rust literal needs.
fn literal(text: &str) -> String {
    format!("{text:?}")
}

impl Scheme<'_> {
    /// The constant expression that builds this scheme, naming this crate's items under `path`
    /// (e.g. `runtime::auth`, where the generated crate re-exports them).
    pub fn rust_expr(&self, path: &str) -> String {
        let name = literal(&self.name);
        match &self.kind {
            SchemeKind::Header {
                header,
                prefix,
                credential,
            } if credential == &self.name => format!(
                "{path}::Scheme::header({name}, {}, {})",
                literal(header),
                literal(prefix)
            ),
            SchemeKind::Query { param, credential } if credential == &self.name => {
                format!("{path}::Scheme::query({name}, {})", literal(param))
            }
            SchemeKind::Basic { username, password } => format!(
                "{path}::Scheme::basic({name}, {}, {})",
                literal(username),
                literal(password)
            ),
            SchemeKind::Cookie { cookie, credential } if credential == &self.name => {
                format!("{path}::Scheme::cookie({name}, {})", literal(cookie))
            }
            SchemeKind::Cookie { cookie, credential } => format!(
                "{path}::Scheme {{ name: ::std::borrow::Cow::Borrowed({name}), kind: {path}::SchemeKind::Cookie {{ cookie: ::std::borrow::Cow::Borrowed({}), credential: ::std::borrow::Cow::Borrowed({}) }} }}",
                literal(cookie),
                literal(credential)
            ),
            SchemeKind::Header {
                header,
                prefix,
                credential,
            } => format!(
                "{path}::Scheme {{ name: ::std::borrow::Cow::Borrowed({name}), kind: {path}::SchemeKind::Header {{ header: ::std::borrow::Cow::Borrowed({}), prefix: ::std::borrow::Cow::Borrowed({}), credential: ::std::borrow::Cow::Borrowed({}) }} }}",
                literal(header),
                literal(prefix),
                literal(credential)
            ),
            SchemeKind::Query { param, credential } => format!(
                "{path}::Scheme {{ name: ::std::borrow::Cow::Borrowed({name}), kind: {path}::SchemeKind::Query {{ param: ::std::borrow::Cow::Borrowed({}), credential: ::std::borrow::Cow::Borrowed({}) }} }}",
                literal(param),
                literal(credential)
            ),
            SchemeKind::Hmac(signature) => format!(
                "{path}::Scheme::hmac({name}, {})",
                hmac_expr(signature, path)
            ),
        }
    }
}

fn hmac_expr(signature: &HmacSignature<'_>, path: &str) -> String {
    let message: Vec<String> = signature
        .message
        .iter()
        .map(|part| format!("{path}::SignedPart::{}", part_ident(*part)))
        .collect();
    format!(
        "{path}::HmacSignature::new({}, {}, {}, &[{}], {})",
        literal(&signature.header),
        literal(&signature.key),
        literal(&signature.clock_format),
        message.join(", "),
        literal(&signature.template)
    )
}

fn part_ident(part: SignedPart) -> &'static str {
    match part {
        SignedPart::SignedDate => "SignedDate",
        SignedPart::Method => "Method",
        SignedPart::Path => "Path",
        SignedPart::Query => "Query",
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    #[test]
    fn constructors_print_as_themselves() {
        assert_eq!(
            Scheme::header("key", "X-Key", "Bearer ").rust_expr("a"),
            r#"a::Scheme::header("key", "X-Key", "Bearer ")"#
        );
        assert_eq!(
            Scheme::query("k\"", "q").rust_expr("a"),
            r#"a::Scheme::query("k\"", "q")"#
        );
        let sig = HmacSignature::new("H", "key", "%s", &[SignedPart::Method], "x={signature}");
        assert_eq!(
            Scheme::hmac("s", sig).rust_expr("a"),
            r#"a::Scheme::hmac("s", a::HmacSignature::new("H", "key", "%s", &[a::SignedPart::Method], "x={signature}"))"#
        );
    }

    #[test]
    fn a_credential_named_apart_from_its_scheme_is_spelled_out() {
        let scheme = Scheme {
            name: Cow::Borrowed("s"),
            kind: SchemeKind::Query {
                param: Cow::Borrowed("p"),
                credential: Cow::Borrowed("c"),
            },
        };
        assert_eq!(
            scheme.rust_expr("a"),
            r#"a::Scheme { name: ::std::borrow::Cow::Borrowed("s"), kind: a::SchemeKind::Query { param: ::std::borrow::Cow::Borrowed("p"), credential: ::std::borrow::Cow::Borrowed("c") } }"#
        );
    }
}
