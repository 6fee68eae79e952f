//! The one error type of every generated client.

use std::convert::Infallible;
use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// The documented-error type of an operation that documents no error answer.
pub type NoDocumentedError = Infallible;

/// How much of an unexpected body an error message quotes.
const BODY_START: usize = 300;

/// Standard HTTP headers whose values are never printed; a client also marks the headers of its
/// spec's security schemes sensitive (`HeaderValue::is_sensitive`).
const SENSITIVE_HEADERS: [&str; 4] = [
    "authorization",
    "proxy-authorization",
    "set-cookie",
    "cookie",
];

/// An HTTP answer as it arrived: status, headers and body bytes.
#[derive(Clone)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body, unchanged.
    pub body: Bytes,
    /// Properties whose values are secrets (the spec's passwords, keys and issued tokens): what
    /// this answer prints shows `[redacted]` in their place.
    pub sensitive: &'static [&'static str],
}

impl RawResponse {
    /// An answer whose printed body redacts no property.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        RawResponse {
            status,
            headers,
            body,
            sensitive: &[],
        }
    }

    /// The start of the body as text, for messages, with the values of sensitive properties
    /// redacted.
    pub fn body_start(&self) -> String {
        // Redacting a little more than is shown keeps a value cut at the edge hidden too.
        let whole = String::from_utf8_lossy(&self.body);
        let mut chars = whole.chars();
        let head: String = chars.by_ref().take(BODY_START * 2).collect();
        let cut = chars.next().is_some();
        let text = crate::redact::json_text(&head, self.sensitive);
        let mut start: String = text.chars().take(BODY_START).collect();
        if cut || text.chars().nth(BODY_START).is_some() {
            start.push('…');
        }
        start
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if value.is_sensitive() || SENSITIVE_HEADERS.contains(&name.as_str()) {
                    "[redacted]".to_owned()
                } else {
                    String::from_utf8_lossy(value.as_bytes()).into_owned()
                };
                (name.as_str().to_owned(), shown)
            })
            .collect();
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &headers)
            .field("body_start", &self.body_start())
            .finish()
    }
}

/// One documented constraint a request breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where in the request, e.g. `placeAddresses[0].returnZipCode` (wire names).
    pub path: String,
    /// The constraint, e.g. `must match ^[0-9]{5,6}$`.
    pub rule: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.rule)
        } else {
            write!(f, "{}: {}", self.path, self.rule)
        }
    }
}

/// A request refused before it was sent because it breaks the vendor's documented constraints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    /// The operation (its operationId) or type that was checked.
    pub operation: &'static str,
    /// Every constraint broken, in field order.
    pub violations: Vec<Violation>,
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request for {}: ", self.operation)?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidRequest {}

/// Everything that can go wrong calling a vendor. `E` is the operation's documented error body
/// ([`NoDocumentedError`] when the vendor documents none).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = NoDocumentedError> {
    /// The request breaks a documented constraint; nothing was sent.
    InvalidRequest(InvalidRequest),
    /// The request could not be built (for example a base URL that does not parse).
    Build {
        /// The operation.
        operation: &'static str,
        /// What was wrong.
        message: String,
    },
    /// A credential the operation needs is not set (for example no token before `authenticate`).
    MissingCredential {
        /// The operation.
        operation: &'static str,
        /// The security scheme whose credential is missing.
        scheme: &'static str,
    },
    /// The OAuth 2.0 token endpoint did not issue a token (client credentials flow).
    Token {
        /// The operation that needed the token.
        operation: &'static str,
        /// The security scheme whose token was asked for.
        scheme: &'static str,
        /// What went wrong; never the secret or the answer's body.
        message: String,
    },
    /// No answer came in time (the client's connect or total timeout).
    Timeout {
        /// The operation.
        operation: &'static str,
        /// The cause, without the URL.
        source: reqwest::Error,
    },
    /// The request did not complete: connection, TLS or a broken body.
    Transport {
        /// The operation.
        operation: &'static str,
        /// The cause, without the URL.
        source: reqwest::Error,
    },
    /// A documented error answer, decoded.
    Documented {
        /// The operation.
        operation: &'static str,
        /// The documented error body.
        body: E,
        /// The answer as received.
        response: Box<RawResponse>,
    },
    /// An HTTP status the vendor does not document for this operation.
    UnexpectedStatus {
        /// The operation.
        operation: &'static str,
        /// The answer as received.
        response: Box<RawResponse>,
    },
    /// A documented answer whose body does not decode.
    Decode {
        /// The operation.
        operation: &'static str,
        /// Where decoding failed, e.g. `rows[3].invoices[0].isPrinted`.
        path: String,
        /// What was wrong there.
        message: String,
        /// The answer as received.
        response: Box<RawResponse>,
    },
    /// The vendor's envelope reports a failure inside a successful HTTP answer.
    Vendor {
        /// The operation.
        operation: &'static str,
        /// The vendor's code, as text.
        code: String,
        /// The vendor's message, when it sent one.
        message: Option<String>,
        /// The answer as received.
        response: Box<RawResponse>,
    },
}

impl<E> Error<E> {
    /// A body that does not decode: the path as a reader can follow it, and serde's message
    /// unless the value is a secret.
    pub fn decode(
        operation: &'static str,
        path: &str,
        message: String,
        response: RawResponse,
    ) -> Self {
        Error::Decode {
            operation,
            path: crate::redact::readable_path(path),
            message: crate::redact::decode_message(path, message, response.sensitive),
            response: Box::new(response),
        }
    }

    /// The answer, for the errors that have one.
    pub fn response(&self) -> Option<&RawResponse> {
        match self {
            Error::Documented { response, .. }
            | Error::UnexpectedStatus { response, .. }
            | Error::Decode { response, .. }
            | Error::Vendor { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The HTTP status, for the errors that have an answer.
    pub fn status(&self) -> Option<StatusCode> {
        self.response().map(|r| r.status)
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(e) => write!(f, "{e}"),
            Error::Build { operation, message } => {
                write!(f, "{operation}: cannot build the request: {message}")
            }
            Error::MissingCredential { operation, scheme } => {
                write!(f, "{operation}: credential {scheme:?} is not set")
            }
            Error::Token {
                operation,
                scheme,
                message,
            } => write!(f, "{operation}: no token for {scheme:?}: {message}"),
            Error::Timeout { operation, source } => {
                write!(f, "{operation}: no answer in time: {source}")
            }
            Error::Transport { operation, source } => {
                write!(f, "{operation}: request failed: {source}")
            }
            Error::Documented {
                operation,
                response,
                ..
            } => {
                write!(
                    f,
                    "{operation}: HTTP {} (documented error): {}",
                    response.status,
                    response.body_start()
                )
            }
            Error::UnexpectedStatus {
                operation,
                response,
            } => {
                write!(
                    f,
                    "{operation}: HTTP {} (undocumented status): {}",
                    response.status,
                    response.body_start()
                )
            }
            Error::Decode {
                operation,
                path,
                message,
                response,
            } => write!(
                f,
                "{operation}: cannot decode the HTTP {} answer at `{path}`: {message}; body starts: {}",
                response.status,
                response.body_start()
            ),
            Error::Vendor {
                operation,
                code,
                message,
                ..
            } => match message {
                Some(m) => write!(f, "{operation}: the vendor reports failure {code}: {m}"),
                None => write!(f, "{operation}: the vendor reports failure {code}"),
            },
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } | Error::Timeout { source, .. } => Some(source),
            Error::InvalidRequest(e) => Some(e),
            _ => None,
        }
    }
}

/// An error that happened before any answer could be read: refused, unbuilt, unauthenticated or
/// not delivered. It becomes any operation's [`Error`] through `?`.
#[derive(Debug)]
pub struct SendError(pub Error);

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for SendError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0)
    }
}

impl<E> From<SendError> for Error<E> {
    fn from(e: SendError) -> Self {
        e.0.widen()
    }
}

impl Error {
    /// The same error as one of an operation with documented error bodies (it has none itself).
    pub fn widen<E>(self) -> Error<E> {
        match self {
            Error::InvalidRequest(e) => Error::InvalidRequest(e),
            Error::Build { operation, message } => Error::Build { operation, message },
            Error::MissingCredential { operation, scheme } => {
                Error::MissingCredential { operation, scheme }
            }
            Error::Token {
                operation,
                scheme,
                message,
            } => Error::Token {
                operation,
                scheme,
                message,
            },
            Error::Timeout { operation, source } => Error::Timeout { operation, source },
            Error::Transport { operation, source } => Error::Transport { operation, source },
            Error::Documented { body, .. } => match body {},
            Error::UnexpectedStatus {
                operation,
                response,
            } => Error::UnexpectedStatus {
                operation,
                response,
            },
            Error::Decode {
                operation,
                path,
                message,
                response,
            } => Error::Decode {
                operation,
                path,
                message,
                response,
            },
            Error::Vendor {
                operation,
                code,
                message,
                response,
            } => Error::Vendor {
                operation,
                code,
                message,
                response,
            },
        }
    }
}

impl<E> From<InvalidRequest> for Error<E> {
    fn from(e: InvalidRequest) -> Self {
        Error::InvalidRequest(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn debug_of_an_answer_hides_credential_headers_and_quotes_only_the_body_start() {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static("Token abc"));
        headers.insert("content-type", HeaderValue::from_static("text/html"));
        let raw = RawResponse::new(
            StatusCode::FORBIDDEN,
            headers,
            Bytes::from("x".repeat(1000)),
        );
        let shown = format!("{raw:?}");
        assert!(
            !shown.contains("Token abc") && shown.contains("[redacted]"),
            "{shown}"
        );
        assert!(shown.contains("text/html"));
        assert_eq!(raw.body_start().chars().count(), BODY_START + 1);
        let e: Error = Error::UnexpectedStatus {
            operation: "op",
            response: Box::new(raw),
        };
        assert!(
            e.to_string()
                .starts_with("op: HTTP 403 Forbidden (undocumented status): xxx")
        );
    }

    #[test]
    fn quoted_bodies_redact_sensitive_properties() {
        let mut raw = RawResponse::new(
            StatusCode::OK,
            HeaderMap::new(),
            Bytes::from(r#"{"token": "eyJ-issued", "sol_no": 7}"#),
        );
        raw.sensitive = &["token"];
        let e: Error = Error::UnexpectedStatus {
            operation: "op",
            response: Box::new(raw),
        };
        for shown in [e.to_string(), format!("{e:?}"), format!("{e:#?}")] {
            assert!(
                !shown.contains("eyJ-issued") && shown.contains("sol_no"),
                "{shown}"
            );
        }
    }
}
