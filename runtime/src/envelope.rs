//! Answers wrapped in a vendor envelope (`{code, message, data}`), and values read out of answers.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, RawResponse};
use crate::http::decode_bytes;

/// How one vendor wraps its answers (from the spec's `x-response-envelope`).
#[derive(Debug, Clone, Copy)]
pub struct Envelope {
    /// The property holding the vendor's result code.
    pub code_property: &'static str,
    /// The property holding the vendor's message, if any.
    pub message_property: Option<&'static str>,
    /// The property holding the result; `None` when the result is the whole answer.
    pub data_property: Option<&'static str>,
    /// Whether a code means success.
    pub is_success: fn(&Value) -> bool,
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
        Err((path, message)) => {
            return Err(Error::Decode {
                operation,
                path,
                message,
                response: Box::new(response),
            });
        }
    };
    let code = value
        .get(envelope.code_property)
        .cloned()
        .unwrap_or(Value::Null);
    if !(envelope.is_success)(&code) {
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
        Error::Decode {
            operation,
            path,
            message: e.into_inner().to_string(),
            response: Box::new(response),
        }
    })
}

/// A code as text: strings as they are, anything else as JSON.
pub fn text(code: &Value) -> String {
    match code {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A string property of an answer, looking inside a one-element array too (some vendors wrap
/// the answer in one).
pub fn find_string(answer: &Value, property: &str) -> Option<String> {
    match answer {
        Value::Object(map) => map.get(property).and_then(Value::as_str).map(str::to_owned),
        Value::Array(items) => items.first().and_then(|v| find_string(v, property)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;

    fn raw(body: &'static str) -> RawResponse {
        RawResponse {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from(body),
        }
    }

    const NEGATIVE_CODES_FAIL: Envelope = Envelope {
        code_property: "code",
        message_property: Some("msg"),
        data_property: Some("data"),
        is_success: |c| c.as_i64().is_some_and(|c| c >= 0),
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
