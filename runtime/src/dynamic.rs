//! Calling generated operations by operationId with JSON arguments, for tools that work from
//! the spec rather than from Rust: conformance tests, example programs, mock servers.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::clock::FixedClock;
use crate::error::Error;

/// How a dynamic call's client is built beyond its base URL and credentials.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// Fixes the time of signatures and timestamps.
    pub clock: Option<FixedClock>,
    /// The HTTP client to send with (default headers such as a mock's `Prefer`, a proxy, ...).
    pub http: Option<reqwest::Client>,
}

impl Options {
    /// Signs and timestamps at the time `clock` gives.
    pub fn clock(mut self, clock: FixedClock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Sends with `http`.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }
}

/// What a call gave back: the typed value (its `Debug` form) and the same value as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// HTTP status of a documented error answer; `None` for a success.
    pub error_status: Option<u16>,
    /// `{:#?}` of the typed value.
    pub typed: String,
    /// The typed value encoded again as JSON.
    pub json: Value,
}

/// Why a dynamic call could not be made or did not give a documented answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// No operation has this operationId.
    UnknownOperation(String),
    /// An argument is missing or does not decode into its type.
    Argument {
        /// The parameter, body or credential.
        name: String,
        /// What is wrong with it.
        message: String,
    },
    /// The call failed (invalid request, transport, undocumented answer, ...).
    Failed(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::UnknownOperation(id) => write!(f, "no operation {id:?}"),
            CallError::Argument { name, message } => write!(f, "argument {name:?}: {message}"),
            CallError::Failed(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for CallError {}

/// A required argument, decoded from `args[name]`.
pub fn arg<T: DeserializeOwned>(args: &Map<String, Value>, name: &str) -> Result<T, CallError> {
    let value = args.get(name).ok_or_else(|| CallError::Argument {
        name: name.to_owned(),
        message: "is required".to_owned(),
    })?;
    decode(name, value.clone())
}

/// An optional argument.
pub fn arg_opt<T: DeserializeOwned>(
    args: &Map<String, Value>,
    name: &str,
) -> Result<Option<T>, CallError> {
    args.get(name).map(|v| decode(name, v.clone())).transpose()
}

/// The request body.
pub fn body<T: DeserializeOwned>(body: Option<&Value>) -> Result<T, CallError> {
    decode("body", body.cloned().unwrap_or(Value::Null))
}

/// A multipart body from a JSON object: each member a part, text as it is, anything else as JSON.
pub fn multipart(body: Option<&Value>) -> Result<crate::Multipart, CallError> {
    let Some(Value::Object(fields)) = body else {
        return Err(CallError::Argument {
            name: "body".to_owned(),
            message: "a multipart body is given as a JSON object of its parts".to_owned(),
        });
    };
    let mut parts = crate::Multipart::new();
    for (name, value) in fields {
        parts = match value {
            Value::String(text) => parts.text(name, text),
            other => parts.json(name, other).map_err(|e| CallError::Argument {
                name: name.clone(),
                message: e.to_string(),
            })?,
        };
    }
    Ok(parts)
}

fn decode<T: DeserializeOwned>(name: &str, value: Value) -> Result<T, CallError> {
    serde_path_to_error::deserialize(value).map_err(|e| CallError::Argument {
        name: name.to_owned(),
        message: format!("at `{}`: {}", e.path(), e.inner()),
    })
}

/// The outcome of a call: a success, or a documented error answer, as typed value and JSON.
pub fn outcome<T: Debug + Serialize, E>(
    result: Result<T, Error<E>>,
    documented: impl Fn(&E) -> (String, Value),
) -> Result<Outcome, CallError> {
    match result {
        Ok(value) => Ok(Outcome {
            error_status: None,
            typed: format!("{value:#?}"),
            json: serde_json::to_value(&value).map_err(|e| CallError::Failed(e.to_string()))?,
        }),
        Err(Error::Documented { body, response, .. }) => {
            let (typed, json) = documented(&body);
            Ok(Outcome {
                error_status: Some(response.status.as_u16()),
                typed,
                json,
            })
        }
        Err(e) => Err(CallError::Failed(e.to_string())),
    }
}

/// What [`round_trip`] found: whether the value survived exactly, and how the decoded value
/// prints (`{:?}`), for checks on what a type shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The second decoding equals the first.
    pub exact: bool,
    /// The first decoded value's `Debug` text.
    pub debug: String,
}

/// Decodes `value` as `T` and checks it as it would be checked before sending: every violation
/// (none when valid), or `Err` when `value` does not decode at all.
pub fn validate<T>(value: Value) -> Result<Vec<crate::Violation>, String>
where
    T: DeserializeOwned + crate::Validate,
{
    let decoded: T = serde_json::from_value(value).map_err(|e| e.to_string())?;
    let mut violations = Vec::new();
    decoded.validate_at(&crate::validate::Path::ROOT, &mut violations);
    Ok(violations)
}

/// `T`'s JSON Schema as the `schemars` feature derives it, with its definitions.
#[cfg(feature = "schemars")]
pub fn json_schema<T: schemars::JsonSchema>() -> Value {
    schemars::schema_for!(T).to_value()
}

/// Decodes `value` as `T`, encodes it, and decodes that again: `exact` when the second value
/// equals the first, `Err` when `value` does not decode at all.
pub fn round_trip<T>(value: Value) -> Result<Decoded, String>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let first: T = serde_json::from_value(value).map_err(|e| e.to_string())?;
    let debug = format!("{first:?}");
    let encoded = serde_json::to_value(&first).map_err(|e| format!("does not encode: {e}"))?;
    let exact = serde_json::from_value::<T>(encoded).is_ok_and(|second| second == first);
    Ok(Decoded { exact, debug })
}

/// Decodes `text` as the received struct `T` and as its borrowed twin `B` (feature `borrowed`)
/// and compares the two: `Ok(true)` when both decode, the twin turns into the same struct and
/// both encode to the same JSON; `Ok(false)` when both refuse `text`; `Err` with the difference
/// otherwise.
///
/// Kept JSON is skipped over, not parsed, so what only a full parse finds (a number too large
/// for `f64`, nesting beyond `serde_json`'s limit) is found when the twin is turned owned, or
/// not at all for nesting: the owned struct counts depth over the whole document, the twin only
/// inside kept JSON. Such syntax errors are the one difference allowed; a value of the wrong
/// type must be refused by the twin itself.
#[cfg(feature = "borrowed")]
pub fn borrowed_matches<'a, T, B>(text: &'a str) -> Result<bool, String>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
    B: serde::Deserialize<'a> + Serialize + crate::IntoOwned<Owned = T> + Debug,
{
    let (owned, twin) = match (
        serde_json::from_str::<T>(text),
        serde_json::from_str::<B>(text),
    ) {
        (Err(_), Err(_)) => return Ok(false),
        (Ok(_), Err(e)) => return Err(format!("the twin refuses what the struct accepts: {e}")),
        (Err(e), Ok(_)) if e.is_syntax() => return Ok(false),
        (Err(e), Ok(twin)) => {
            return Err(format!(
                "the twin accepts what the struct refuses ({e}): {twin:?}"
            ));
        }
        (Ok(owned), Ok(twin)) => (owned, twin),
    };
    let encoded = |value: Result<Value, serde_json::Error>| {
        value.map_err(|e| format!("does not encode: {e}"))
    };
    let (as_owned, as_twin) = (
        encoded(serde_json::to_value(&owned))?,
        encoded(serde_json::to_value(&twin))?,
    );
    if as_owned != as_twin {
        return Err(format!("encodes as {as_twin}, the struct as {as_owned}"));
    }
    let shown = format!("{twin:?}");
    match twin.into_owned() {
        Ok(turned) if turned == owned => Ok(true),
        Ok(turned) => Err(format!("{shown} turns into {turned:?}, not {owned:?}")),
        Err(e) => Err(format!("{shown} does not turn owned: {e}")),
    }
}
