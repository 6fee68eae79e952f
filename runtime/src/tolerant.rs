//! What received types accept beyond their schema, because vendors really send it: an empty
//! list where an object is documented (PHP encodes an empty map as `[]`), a number where a
//! string is documented and a numeric string where a number is. Generated received types use
//! these through `#[serde(deserialize_with)]` and [`object`]; sent types never do.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapDeserializer;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor};

/// A received struct's own derived decoding (its `#[serde(remote = "Self")]` function), which
/// [`object`] wraps.
pub trait Derived<'de>: Sized {
    /// Decodes the struct from an object, as serde's derive does.
    fn derived<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// A struct from an object, or from an empty list as if it were an empty object.
pub fn object<'de, D: Deserializer<'de>, T: Derived<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_any(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Derived<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::derived(de::value::MapAccessDeserializer::new(map))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_type(Unexpected::Seq, &self));
        }
        let empty = MapDeserializer::<_, A::Error>::new(std::iter::empty::<(&str, ())>());
        T::derived(empty)
    }
}

/// Text that may arrive as a JSON number: the number's digits, as the server wrote them for
/// integers.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(TextVisitor)
}

/// [`string`] for an optional field: `null` is `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_option(Optional(TextVisitor))
}

/// An integer that may arrive as a string of digits.
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_any(IntegerVisitor)
}

/// [`integer`] for an optional field: `null` is `None`.
pub fn opt_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    deserializer.deserialize_option(Optional(IntegerVisitor))
}

/// A number that may arrive as a numeric string.
pub fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    deserializer.deserialize_any(NumberVisitor)
}

/// [`number`] for an optional field: `null` is `None`.
pub fn opt_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    deserializer.deserialize_option(Optional(NumberVisitor))
}

#[derive(Clone, Copy)]
struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string()))
    }
}

#[derive(Clone, Copy)]
struct IntegerVisitor;

impl Visitor<'_> for IntegerVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, or a string of one")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.parse()
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }
}

#[derive(Clone, Copy)]
struct NumberVisitor;

impl Visitor<'_> for NumberVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a string of one")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        // Only what JSON itself could have written: no `NaN`, `inf` or padding.
        match v
            .parse::<serde_json::Number>()
            .ok()
            .and_then(|n| n.as_f64())
        {
            Some(n) if n.is_finite() => Ok(n),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
}

/// `null` as `None`, anything else through the inner visitor.
struct Optional<V>(V);

impl<'de, V: Visitor<'de> + Copy> Visitor<'de> for Optional<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(" or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self.0).map(Some)
    }
}

/// The `Serialize` and `Deserialize` of a received struct whose derives are
/// `#[serde(remote = "Self")]`: encoding as derived, decoding through [`object`] so that an
/// empty list decodes as an empty object.
#[macro_export]
macro_rules! received_struct {
    ($name:ident) => {
        impl<'de> $crate::tolerant::Derived<'de> for $name {
            fn derived<D: $crate::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $name::deserialize(d)
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::tolerant::object(d)
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $name::serialize(self, s)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(remote = "Self")]
    struct Page {
        #[serde(
            default,
            deserialize_with = "opt_string",
            skip_serializing_if = "Option::is_none"
        )]
        price: Option<String>,
        #[serde(
            default,
            deserialize_with = "opt_integer",
            skip_serializing_if = "Option::is_none"
        )]
        count: Option<i64>,
        #[serde(flatten)]
        additional: serde_json::Map<String, serde_json::Value>,
    }

    impl<'de> Derived<'de> for Page {
        fn derived<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Page::deserialize(d)
        }
    }

    impl<'de> Deserialize<'de> for Page {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            object(d)
        }
    }

    impl Serialize for Page {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            Page::serialize(self, s)
        }
    }

    #[test]
    fn vendors_shapes_decode() {
        let page: Page =
            serde_json::from_str(r#"{"price": 25000, "count": "12", "x": 1}"#).unwrap();
        assert_eq!(page.price.as_deref(), Some("25000"));
        assert_eq!(page.count, Some(12));
        assert_eq!(
            serde_json::to_string(&page).unwrap(),
            r#"{"price":"25000","count":12,"x":1}"#
        );
        let empty: Page = serde_json::from_str("[]").unwrap();
        assert_eq!(empty.price, None);
        let from_value: Page = serde_json::from_value(serde_json::json!([])).unwrap();
        assert_eq!(from_value.count, None);
        assert!(serde_json::from_str::<Page>("[1]").is_err());
        assert!(serde_json::from_str::<Page>(r#"{"count": "1.5"}"#).is_err());
        let null: Page = serde_json::from_str(r#"{"price": null}"#).unwrap();
        assert_eq!(null.price, None);
        assert!(number::<serde_json::Value>(serde_json::json!("NaN")).is_err());
        assert_eq!(number(serde_json::json!("19900.5")).ok(), Some(19900.5));
    }
}
