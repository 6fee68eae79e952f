//! A request as the mock sees it, independent of the HTTP server, and the violations it may carry.

use serde_json::{Value, json};

use codegen::model::{ScalarKind, TextKind};

/// One HTTP request.
#[derive(Debug, Clone, Default)]
pub struct MockRequest {
    pub method: String,
    /// The path as sent, percent-encoded.
    pub path: String,
    /// The query as sent, without `?`.
    pub query: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl MockRequest {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a cookie, by name, from the `Cookie` headers.
    pub fn cookies_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers_named("cookie")
            .flat_map(|all| all.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .filter(move |(k, _)| *k == name)
            .map(|(_, v)| v)
    }

    /// Every value of a header, by case-insensitive name.
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The media type of the body, without parameters, lowercased.
    pub fn media_type(&self) -> Option<String> {
        self.header("content-type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
    }
}

/// One way a request breaks its spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where: `/path/<name>`, `/query/<name>`, `/header/<name>`, `/form/<field>` or `/body/...`
    /// followed by the JSON pointer inside the value.
    pub pointer: String,
    pub reason: String,
    /// A missing or wrong credential or signature (answered with 401).
    pub auth: bool,
}

impl Violation {
    pub(crate) fn new(pointer: impl Into<String>, reason: impl Into<String>) -> Self {
        Violation {
            pointer: pointer.into(),
            reason: reason.into(),
            auth: false,
        }
    }

    pub(crate) fn auth(pointer: impl Into<String>, reason: impl Into<String>) -> Self {
        Violation {
            auth: true,
            ..Violation::new(pointer, reason)
        }
    }

    pub(crate) fn to_json(&self) -> Value {
        json!({"pointer": self.pointer, "reason": self.reason})
    }
}

/// A value that arrived as text, read as the JSON its schema expects. Text that does not parse
/// stays text, so the schema check names the wrong type.
pub(crate) fn read_text(values: &[&str], kind: TextKind) -> Value {
    match kind {
        TextKind::List(item) => {
            let items: Vec<&str> = if values.len() == 1 {
                values[0].split(',').collect()
            } else {
                values.to_vec()
            };
            Value::Array(items.into_iter().map(|v| read_scalar(v, item)).collect())
        }
        TextKind::Text => read_scalar(values[0], ScalarKind::Text),
        TextKind::Integer => read_scalar(values[0], ScalarKind::Integer),
        TextKind::Number => read_scalar(values[0], ScalarKind::Number),
        TextKind::Boolean => read_scalar(values[0], ScalarKind::Boolean),
    }
}

fn read_scalar(text: &str, kind: ScalarKind) -> Value {
    let parsed = match kind {
        ScalarKind::Text => None,
        ScalarKind::Integer => text.parse::<i64>().ok().map(Value::from),
        ScalarKind::Number => text.parse::<f64>().ok().map(Value::from),
        ScalarKind::Boolean => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
    };
    parsed.unwrap_or_else(|| Value::String(text.to_owned()))
}

/// The pairs of a URL-encoded query or form; `Err` names what does not decode.
pub(crate) fn pairs(text: &str) -> Result<Vec<(String, String)>, String> {
    serde_urlencoded::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_read_as_its_schema_type_and_kept_as_text_when_it_does_not_parse() {
        assert_eq!(read_text(&["42"], TextKind::Integer), json!(42));
        assert_eq!(read_text(&["4x"], TextKind::Integer), json!("4x"));
        assert_eq!(read_text(&["1.5"], TextKind::Number), json!(1.5));
        assert_eq!(read_text(&["true"], TextKind::Boolean), json!(true));
        assert_eq!(
            read_text(&["1,2"], TextKind::List(ScalarKind::Integer)),
            json!([1, 2])
        );
        assert_eq!(
            read_text(&["a", "b"], TextKind::List(ScalarKind::Text)),
            json!(["a", "b"])
        );
    }
}
