//! Answers wrapped in a vendor envelope (`{code, message, data}`), and values read out of answers.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, RawResponse};
use crate::http::decode_bytes;

/// How one vendor wraps its answers (from the spec's `x-response-envelope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Envelope {
    /// The property holding the vendor's result code.
    pub code_property: &'static str,
    /// The property holding the vendor's message, if any.
    pub message_property: Option<&'static str>,
    /// The property holding the result; `None` when the result is the whole answer.
    pub data_property: Option<&'static str>,
    /// What a successful code satisfies: every test holds.
    pub success: &'static [CodeTest],
}

/// One test a successful envelope code passes (from the spec's `success-code` schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeTest {
    /// One of these values (`enum` or `const`).
    OneOf(&'static [Code]),
    /// An integer at least this.
    AtLeast(i64),
    /// An integer at most this.
    AtMost(i64),
    /// An integer (`type: integer`).
    Integer,
}

/// A documented code value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// A string code.
    Text(&'static str),
    /// An integer code.
    Integer(i64),
}

impl CodeTest {
    /// Whether `code` passes.
    pub fn holds(&self, code: &Value) -> bool {
        match self {
            CodeTest::OneOf(values) => values.iter().any(|v| match v {
                Code::Text(t) => code.as_str() == Some(*t),
                Code::Integer(i) => code.as_i64() == Some(*i),
            }),
            CodeTest::AtLeast(min) => code.as_i64().is_some_and(|c| c >= *min),
            CodeTest::AtMost(max) => code.as_i64().is_some_and(|c| c <= *max),
            CodeTest::Integer => code.is_i64(),
        }
    }
}

impl Envelope {
    /// The same envelope with its result in `data_property` instead (`None`: the whole answer),
    /// for operations that wrap their answers like the rest of the API but put the result
    /// elsewhere.
    pub const fn with_data(self, data_property: Option<&'static str>) -> Self {
        Envelope {
            data_property,
            ..self
        }
    }

    /// Whether `code` means success.
    pub fn is_success(&self, code: &Value) -> bool {
        self.success.iter().all(|t| t.holds(code))
    }
}

/// Checks the envelope's code and decodes its result. An unsuccessful code is
/// [`Error::Vendor`], even inside an HTTP 200.
pub fn unwrap<T: DeserializeOwned, E>(
    operation: &'static str,
    envelope: &Envelope,
    response: RawResponse,
) -> Result<T, Error<E>> {
    let mut value: Value = match decode_bytes(&response.body) {
        Ok(v) => v,
        Err((path, message)) => return Err(Error::decode(operation, &path, message, response)),
    };
    let code = value
        .get(envelope.code_property)
        .cloned()
        .unwrap_or(Value::Null);
    if !envelope.is_success(&code) {
        let message = envelope
            .message_property
            .and_then(|p| value.get(p))
            .and_then(Value::as_str)
            .map(str::to_owned);
        return Err(Error::Vendor {
            operation,
            code: text(&code),
            message,
            response: Box::new(response),
        });
    }
    let (data, prefix) = match envelope.data_property {
        Some(p) => (value.get_mut(p).map(Value::take).unwrap_or(Value::Null), p),
        None => (value, ""),
    };
    serde_path_to_error::deserialize(data).map_err(|e| {
        let inner = e.path().to_string();
        let path = match (prefix.is_empty(), inner.as_str()) {
            (true, _) => inner.clone(),
            (false, ".") => prefix.to_owned(),
            (false, _) => format!("{prefix}.{inner}"),
        };
        Error::decode(operation, &path, e.into_inner().to_string(), response)
    })
}

/// A code as text: strings as they are, anything else as JSON.
pub fn text(code: &Value) -> String {
    match code {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Answers that carry a documented code in a property, whatever their HTTP status: a token the
/// vendor no longer accepts, or a rate limit reported in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerCode {
    /// The property holding the code, at the top of the answer (or of its one element).
    pub property: &'static str,
    /// The codes, as text (`-7`, `e1001`).
    pub values: &'static [&'static str],
}

impl AnswerCode {
    /// Answers whose `property` is one of `values`.
    pub const fn new(property: &'static str, values: &'static [&'static str]) -> Self {
        AnswerCode { property, values }
    }

    /// Whether the JSON `body` carries one of the codes. Only the code is decoded: every other
    /// member is skipped without building a value, since every answer of such an API passes here.
    pub fn matches(&self, body: &[u8]) -> bool {
        let mut de = serde_json::Deserializer::from_slice(body);
        let probe = CodeProbe {
            property: self.property,
            depth: 0,
        };
        match serde::Deserializer::deserialize_any(&mut de, probe) {
            Ok(Some(code)) => self.values.contains(&text(&code).as_str()),
            _ => false,
        }
    }
}

/// Finds `property` at the top of an object, or of the object that is a list's only element.
struct CodeProbe<'a> {
    property: &'a str,
    depth: u8,
}

impl<'de> serde::de::Visitor<'de> for CodeProbe<'_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON answer")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if found.is_none() && key == self.property {
                found = Some(map.next_value::<Value>()?);
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let first = match self.depth {
            0 => seq.next_element_seed(CodeProbe {
                property: self.property,
                depth: 1,
            })?,
            _ => None,
        };
        let more = seq.next_element::<serde::de::IgnoredAny>()?.is_some();
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(if more { None } else { first.flatten() })
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for CodeProbe<'_> {
    type Value = Option<Value>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A string property of an answer, the shallowest first: at the top, inside a one-element
/// array (some vendors wrap the answer in one) or inside an envelope's members, down to three
/// levels.
pub fn find_string(answer: &Value, property: &str) -> Option<String> {
    let mut level = vec![answer];
    for _ in 0..4 {
        let mut next = Vec::new();
        for value in level {
            match value {
                Value::Object(map) => {
                    if let Some(found) = map.get(property).and_then(Value::as_str) {
                        return Some(found.to_owned());
                    }
                    next.extend(map.values());
                }
                Value::Array(items) if items.len() == 1 => next.push(&items[0]),
                _ => {}
            }
        }
        level = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_codes_are_read_at_the_top_or_in_a_single_element() {
        let limited = AnswerCode::new("code", &["-7", "e1001"]);
        for body in [
            r#"{"msg": "x", "code": -7, "data": {"rows": [1, 2]}}"#,
            r#"{"code": "e1001"}"#,
            r#"[{"error_code": 1, "code": "e1001"}]"#,
        ] {
            assert!(limited.matches(body.as_bytes()), "{body}");
        }
        for body in [
            r#"{"code": 0, "data": {"code": -7}}"#,
            r#"[{"code": -7}, {"code": -7}]"#,
            r#"[[{"code": -7}]]"#,
            r#"{"code": -7"#,
            "-7",
            "<html>",
            "",
        ] {
            assert!(!limited.matches(body.as_bytes()), "{body}");
        }
    }
    use bytes::Bytes;
    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;

    fn raw(body: &'static str) -> RawResponse {
        RawResponse::new(StatusCode::OK, HeaderMap::new(), Bytes::from(body))
    }

    const NEGATIVE_CODES_FAIL: Envelope = Envelope {
        code_property: "code",
        message_property: Some("msg"),
        data_property: Some("data"),
        success: &[CodeTest::AtLeast(0)],
    };

    #[test]
    fn in_band_failures_are_vendor_errors_and_results_are_unwrapped() {
        let ok: Vec<i64> = unwrap::<_, ()>(
            "op",
            &NEGATIVE_CODES_FAIL,
            raw(r#"{"code":200,"data":[1,2]}"#),
        )
        .unwrap();
        assert_eq!(ok, [1, 2]);
        let e = unwrap::<Vec<i64>, ()>(
            "op",
            &NEGATIVE_CODES_FAIL,
            raw(r#"{"code":-7,"msg":"too many"}"#),
        )
        .unwrap_err();
        assert!(
            matches!(&e, Error::Vendor { code, message: Some(m), .. } if code == "-7" && m == "too many"),
            "{e}"
        );
        let e = unwrap::<Vec<i64>, ()>(
            "op",
            &NEGATIVE_CODES_FAIL,
            raw(r#"{"code":0,"data":[1,"x"]}"#),
        )
        .unwrap_err();
        assert!(
            matches!(&e, Error::Decode { path, .. } if path == "data.[1]" || path == "data[1]"),
            "{e}"
        );
    }

    #[test]
    fn tokens_are_found_in_objects_and_one_element_arrays() {
        let v: Value = serde_json::json!([{"token": "t"}]);
        assert_eq!(find_string(&v, "token").as_deref(), Some("t"));
        assert_eq!(find_string(&serde_json::json!({"token": 1}), "token"), None);
    }
}
