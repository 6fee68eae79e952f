//! What the borrowed twins of received structs hold (feature `borrowed`): JSON kept as the
//! slice of the input it was read from, and [`IntoOwned`], which turns a twin into its owned
//! type.
//!
//! A long answer is mostly text: names, addresses, codes, and free-form objects nobody reads
//! field by field. Decoding it into owned types copies every string and builds a map for every
//! free-form object. A borrowed twin points into the input instead. Strings with escapes are
//! the one exception: they are unescaped into an owned `Cow`. The input must outlive the value,
//! and it must be decoded from a slice (`serde_json::from_str` or `from_slice`), not a reader.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use serde::de::{self, Deserializer, Unexpected};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::Additional;

/// A value turned into its owned counterpart: a borrowed twin into the struct of `types`, text
/// into `String`, kept JSON into `serde_json` values.
pub trait IntoOwned {
    /// The owned counterpart.
    type Owned;

    /// Copies what is borrowed and parses kept JSON. Decoding a twin skips over kept JSON
    /// without parsing it, so this is where a number too large for `f64` inside it is found, or
    /// nesting deeper than `serde_json` allows; decoding the owned type would have refused both.
    fn into_owned(self) -> Result<Self::Owned, serde_json::Error>;
}

impl IntoOwned for Cow<'_, str> {
    type Owned = String;

    fn into_owned(self) -> Result<String, serde_json::Error> {
        Ok(Cow::into_owned(self))
    }
}

impl<T: IntoOwned> IntoOwned for Option<T> {
    type Owned = Option<T::Owned>;

    fn into_owned(self) -> Result<Self::Owned, serde_json::Error> {
        self.map(T::into_owned).transpose()
    }
}

impl<T: IntoOwned> IntoOwned for Box<T> {
    type Owned = Box<T::Owned>;

    fn into_owned(self) -> Result<Self::Owned, serde_json::Error> {
        (*self).into_owned().map(Box::new)
    }
}

impl<T: IntoOwned> IntoOwned for Vec<T> {
    type Owned = Vec<T::Owned>;

    fn into_owned(self) -> Result<Self::Owned, serde_json::Error> {
        self.into_iter().map(T::into_owned).collect()
    }
}

/// Any JSON value, kept as the text it was received as.
///
/// Compares by that text: `{"a":1}` and `{ "a": 1 }` differ.
#[derive(Clone, Copy, Serialize)]
#[serde(transparent)]
pub struct RawJson<'a>(&'a RawValue);

impl<'a> RawJson<'a> {
    /// The value's JSON text, exactly as received.
    pub fn get(&self) -> &'a str {
        self.0.get()
    }

    /// The value as `serde_json`'s raw value.
    pub fn as_raw(&self) -> &'a RawValue {
        self.0
    }

    /// The value decoded into `T`.
    pub fn decode<T: Deserialize<'a>>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.0.get())
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for RawJson<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <&'a RawValue>::deserialize(deserializer).map(RawJson)
    }
}

impl PartialEq for RawJson<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl fmt::Debug for RawJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl IntoOwned for RawJson<'_> {
    type Owned = Value;

    fn into_owned(self) -> Result<Value, serde_json::Error> {
        self.decode()
    }
}

/// A free-form JSON object, kept as the text it was received as. Anything but an object is
/// refused when decoding, as the owned `serde_json::Map` refuses it. It reads as the
/// [`RawJson`] it is (`get`, `as_raw`, `decode`).
#[derive(Clone, Copy, PartialEq, Serialize)]
#[serde(transparent)]
pub struct RawObject<'a>(RawJson<'a>);

impl<'a> Deref for RawObject<'a> {
    type Target = RawJson<'a>;

    fn deref(&self) -> &RawJson<'a> {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for RawObject<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawJson::deserialize(deserializer)?;
        // A raw value's text starts at the value itself, without whitespace.
        if raw.get().starts_with('{') {
            return Ok(RawObject(raw));
        }
        // The error path only: the value is read again to name it as serde names it.
        let value: Value = raw.decode().map_err(de::Error::custom)?;
        let number = |n: &serde_json::Number| match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        };
        let unexpected = match &value {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(n) => number(n),
            Value::String(s) => Unexpected::Str(s),
            Value::Array(_) | Value::Object(_) => Unexpected::Seq,
        };
        Err(de::Error::invalid_type(unexpected, &"a map"))
    }
}

impl fmt::Debug for RawObject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl IntoOwned for RawObject<'_> {
    type Owned = Map<String, Value>;

    fn into_owned(self) -> Result<Map<String, Value>, serde_json::Error> {
        self.decode()
    }
}

/// The members of a received object that its schema does not describe, in the order they
/// arrived, each value kept as its JSON text. The borrowed counterpart of [`Additional`].
///
/// A member that arrives twice is kept twice; [`get`](Self::get) and
/// [`into_owned`](IntoOwned::into_owned) take the later one, as the owned decoding does. An
/// empty list allocates nothing.
#[derive(Clone, Default, PartialEq)]
pub struct RawMembers<'a>(Vec<(Cow<'a, str>, RawJson<'a>)>);

impl<'a> RawMembers<'a> {
    /// No members.
    pub const fn new() -> Self {
        RawMembers(Vec::new())
    }

    /// Adds a member at the end.
    pub fn push(&mut self, name: Cow<'a, str>, value: RawJson<'a>) {
        self.0.push((name, value));
    }

    /// The value of the member `name` (the later one, if it arrived twice).
    pub fn get(&self, name: &str) -> Option<RawJson<'a>> {
        self.0
            .iter()
            .rev()
            .find_map(|(key, value)| (key == name).then_some(*value))
    }

    /// How many members arrived.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none arrived.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The members, in the order they arrived.
    pub fn iter(&self) -> impl Iterator<Item = (&str, RawJson<'a>)> + '_ {
        self.0.iter().map(|(key, value)| (key.as_ref(), *value))
    }
}

impl Serialize for RawMembers<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, value)| (key, value)))
    }
}

impl fmt::Debug for RawMembers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

impl IntoOwned for RawMembers<'_> {
    type Owned = Additional;

    fn into_owned(self) -> Result<Additional, serde_json::Error> {
        let mut owned = Additional::new();
        for (key, value) in self.0 {
            owned.insert(Cow::into_owned(key), value.into_owned()?);
        }
        Ok(owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Deserialize, Serialize, Debug)]
    struct Holder<'a> {
        #[serde(borrow)]
        any: RawJson<'a>,
        #[serde(borrow)]
        object: Option<RawObject<'a>>,
    }

    #[test]
    fn kept_json_borrows_its_text_and_reads_back_as_owned_values() {
        let text = r#"{"any": [1, {"b": "x"}], "object": {"k": "값", "n": 1.5}}"#;
        let holder: Holder = serde_json::from_str(text).unwrap();
        assert_eq!(holder.any.get(), r#"[1, {"b": "x"}]"#);
        let object = holder.object.unwrap();
        assert!(std::ptr::eq(
            object.get().as_ptr(),
            text[text.find("{\"k").unwrap()..].as_ptr()
        ));
        assert_eq!(
            IntoOwned::into_owned(holder.any).unwrap(),
            json!([1, {"b": "x"}])
        );
        assert_eq!(
            Value::Object(IntoOwned::into_owned(object).unwrap()),
            json!({"k": "값", "n": 1.5})
        );
        assert_eq!(
            serde_json::to_string(&holder).unwrap(),
            r#"{"any":[1, {"b": "x"}],"object":{"k": "값", "n": 1.5}}"#
        );
        let null: Holder = serde_json::from_str(r#"{"any": null, "object": null}"#).unwrap();
        assert_eq!(null.any.get(), "null");
        assert!(null.object.is_none());
    }

    #[test]
    fn an_object_is_refused_as_the_owned_map_refuses_it() {
        for value in ["[]", "\"{}\"", "1", "-1", "1.5", "true"] {
            let text = format!(r#"{{"any": 1, "object": {value}}}"#);
            let error = serde_json::from_str::<Holder>(&text)
                .unwrap_err()
                .to_string();
            let owned = serde_json::from_str::<Map<String, Value>>(value).unwrap_err();
            let message = |e: &str| e.split(" at line").next().unwrap_or_default().to_owned();
            assert_eq!(message(&error), message(&owned.to_string()));
        }
    }

    #[test]
    fn into_owned_fails_only_where_the_owned_decoding_would() {
        let raw: RawJson = serde_json::from_str("1e400").unwrap();
        assert!(IntoOwned::into_owned(raw).is_err());
        assert!(serde_json::from_str::<Value>("1e400").is_err());
    }

    #[test]
    fn unknown_members_keep_their_order_and_the_later_of_two() {
        let text = r#"{"z": 1, "a": [2], "z": "again"}"#;
        let mut members = RawMembers::new();
        let all: Map<String, Value> = serde_json::from_str(text).unwrap();
        assert_eq!(all["z"], "again");
        for (key, value) in [("z", "1"), ("a", "[2]"), ("z", "\"again\"")] {
            let raw: RawJson = serde_json::from_str(value).unwrap();
            members.push(Cow::Borrowed(key), raw);
        }
        assert_eq!(members.len(), 3);
        assert_eq!(members.get("z").map(|v| v.get()), Some("\"again\""));
        assert_eq!(
            members.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            ["z", "a", "z"]
        );
        assert_eq!(
            format!("{members:?}"),
            r#"{"z": 1, "a": [2], "z": "again"}"#
        );
        let owned = IntoOwned::into_owned(members).unwrap();
        assert_eq!(owned, Additional::from(all));
        assert_eq!(
            serde_json::to_string(&owned).unwrap(),
            r#"{"z":"again","a":[2]}"#
        );
        assert_eq!(size_of::<RawMembers>(), 3 * size_of::<usize>());
    }

    #[test]
    fn text_and_containers_turn_owned_member_by_member() {
        let text: Vec<Option<Box<Cow<str>>>> = vec![Some(Box::new(Cow::Borrowed("a"))), None];
        assert_eq!(
            IntoOwned::into_owned(text).unwrap(),
            vec![Some(Box::new("a".to_owned())), None]
        );
    }
}
