//! What received types accept beyond their schema, because vendors really send it: an empty
//! list where an object is documented (PHP encodes an empty map as `[]`), a number where a
//! string is documented and a numeric string where a number is. Generated received types decode
//! through [`object`] and their own [`Fields`], which read each member through [`Members`]
//! (scalars with the tolerant decoders here); sent types never do.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapDeserializer;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor};

/// A received struct's decoding from its members, generated per struct: known keys go straight
/// to their fields, unknown ones into `additional`, and nothing is buffered. [`object`] calls it.
pub trait Fields<'de>: Sized {
    /// Decodes the struct from the members of an object.
    fn from_fields<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// A struct from an object, or from an empty list as if it were an empty object.
pub fn object<'de, D: Deserializer<'de>, T: Fields<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_any(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Fields<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_fields(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_type(Unexpected::Seq, &self));
        }
        T::from_fields(MapDeserializer::<_, A::Error>::new(std::iter::empty::<(
            &str,
            (),
        )>()))
    }
}

/// A member's key: borrowed from the input when it has no escapes, so matching a known key
/// allocates nothing.
pub struct Key<'de>(Cow<'de, str>);

impl<'de> Key<'de> {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key, owned, for `additional`.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }

    /// The key, borrowed from the input where it could be.
    pub fn into_cow(self) -> Cow<'de, str> {
        self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The members of an object as a generated [`Fields`] reads them: each known key's value into
/// its field's slot (a member seen twice is an error, as serde's derive makes it), unknown ones
/// kept or skipped.
pub struct Members<A>(A);

impl<'de, A: MapAccess<'de>> Members<A> {
    /// Reads the members of `map`.
    pub fn new(map: A) -> Self {
        Members(map)
    }

    /// The next member's key.
    pub fn next_key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        self.0.next_key()
    }

    /// The member's value as the field's own type.
    pub fn value<T: Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        vacant(slot, name)?;
        *slot = Some(self.0.next_value()?);
        Ok(())
    }

    /// The member's value through `visitor`, looked at once (`deserialize_any`).
    fn through<V: Visitor<'de>>(
        &mut self,
        slot: &mut Option<V::Value>,
        name: &'static str,
        visitor: V,
    ) -> Result<(), A::Error> {
        vacant(slot, name)?;
        *slot = Some(self.0.next_value_seed(Any(visitor))?);
        Ok(())
    }

    /// An optional struct's value: `null` is `None`, an object (or `[]`) the struct. One look at
    /// the value, where `Option`'s own decoding looks for `null` first and the struct looks again.
    pub fn opt_object<T: Fields<'de>>(
        &mut self,
        slot: &mut Option<Option<T>>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        self.through(slot, name, Optional(ObjectVisitor(PhantomData)))
    }

    /// An unknown member, kept as received.
    pub fn keep(&mut self, key: Key<'de>, unknown: &mut crate::Additional) -> Result<(), A::Error> {
        unknown.insert(key.into_string(), self.0.next_value()?);
        Ok(())
    }

    /// An unknown member, kept as its JSON text (a borrowed twin's `additional`).
    #[cfg(feature = "borrowed")]
    pub fn keep_raw(
        &mut self,
        key: Key<'de>,
        unknown: &mut crate::borrowed::RawMembers<'de>,
    ) -> Result<(), A::Error> {
        unknown.push(key.into_cow(), self.0.next_value()?);
        Ok(())
    }

    /// Text borrowed from the input where it has no escapes, tolerant as [`string`] is.
    #[cfg(feature = "borrowed")]
    pub fn text(
        &mut self,
        slot: &mut Option<Cow<'de, str>>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        self.through(slot, name, BorrowedText(TextVisitor))
    }

    /// [`text`](Self::text) for an optional field: `null` is `None`.
    #[cfg(feature = "borrowed")]
    pub fn opt_text(
        &mut self,
        slot: &mut Option<Option<Cow<'de, str>>>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        self.through(slot, name, Optional(BorrowedText(TextVisitor)))
    }

    /// An unknown member of a struct that keeps none.
    pub fn skip(&mut self) -> Result<(), A::Error> {
        self.0.next_value::<IgnoredAny>().map(drop)
    }
}

/// A member the struct cannot do without.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// A member seen before is an error, as serde's derive makes it.
fn vacant<T, E: de::Error>(slot: &Option<T>, name: &'static str) -> Result<(), E> {
    match slot {
        Some(_) => Err(E::duplicate_field(name)),
        None => Ok(()),
    }
}

/// A visitor as a seed: the value is handed to it through `deserialize_any`.
struct Any<V>(V);

impl<'de, V: Visitor<'de>> de::DeserializeSeed<'de> for Any<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        deserializer.deserialize_any(self.0)
    }
}

/// The tolerant decoders as members of [`Members`]: each reads as the function of its name.
macro_rules! decoders {
    ($($method:ident($ty:ty) = $visitor:expr;)*) => {
        impl<'de, A: MapAccess<'de>> Members<A> {$(
            #[doc = concat!("The member's value as [`", stringify!($method), "`] reads it.")]
            pub fn $method(&mut self, slot: &mut Option<$ty>, name: &'static str) -> Result<(), A::Error> {
                self.through(slot, name, $visitor)
            }
        )*}
    };
}

decoders! {
    string(String) = TextVisitor;
    opt_string(Option<String>) = Optional(TextVisitor);
    integer(i64) = IntegerVisitor;
    opt_integer(Option<i64>) = Optional(IntegerVisitor);
    number(f64) = NumberVisitor;
    opt_number(Option<f64>) = Optional(NumberVisitor);
}

/// Text that may arrive as a JSON number: the number's digits, as the server wrote them for
/// integers.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(TextVisitor)
}

/// [`string`] for an optional field: `null` is `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_any(Optional(TextVisitor))
}

/// An integer that may arrive as a string of digits.
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_any(IntegerVisitor)
}

/// [`integer`] for an optional field: `null` is `None`.
pub fn opt_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    deserializer.deserialize_any(Optional(IntegerVisitor))
}

/// A number that may arrive as a numeric string.
pub fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    deserializer.deserialize_any(NumberVisitor)
}

/// [`number`] for an optional field: `null` is `None`.
pub fn opt_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    deserializer.deserialize_any(Optional(NumberVisitor))
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

/// [`TextVisitor`] that keeps a string without escapes as a slice of the input; anything else
/// (a string whose escapes had to be resolved, a number's digits) is owned, as [`TextVisitor`]
/// makes it.
#[cfg(feature = "borrowed")]
struct BorrowedText(TextVisitor);

#[cfg(feature = "borrowed")]
impl<'de> Visitor<'de> for BorrowedText {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.0.visit_str(v).map(Cow::Owned)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        self.0.visit_string(v).map(Cow::Owned)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.visit_i64(v).map(Cow::Owned)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.visit_u64(v).map(Cow::Owned)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.visit_f64(v).map(Cow::Owned)
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

/// `null` as `None`, anything else through the inner visitor. Read with `deserialize_any`, so the
/// value is looked at once (`deserialize_option` peeks for `null`, then the inner visitor peeks
/// again); what JSON can hold is handed on as it is, so errors read as the inner visitor's.
struct Optional<V>(V);

macro_rules! hand_on {
    ($($method:ident($ty:ty)),*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.0.$method(v).map(Some)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Optional<V> {
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

    hand_on!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String)
    );

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(seq).map(Some)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(map).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    /// What the generator writes for a received struct with two tolerant fields.
    #[derive(Debug, PartialEq, Serialize)]
    struct Page {
        #[serde(skip_serializing_if = "Option::is_none")]
        price: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        count: Option<i64>,
        #[serde(flatten)]
        additional: crate::Additional,
    }

    impl<'de> Fields<'de> for Page {
        fn from_fields<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
            let mut map = Members::new(map);
            let (mut price, mut count) = (None, None);
            let mut additional = crate::Additional::new();
            while let Some(key) = map.next_key()? {
                match key.as_str() {
                    "price" => map.opt_string(&mut price, "price")?,
                    "count" => map.opt_integer(&mut count, "count")?,
                    _ => map.keep(key, &mut additional)?,
                }
            }
            Ok(Page {
                price: price.unwrap_or_default(),
                count: count.unwrap_or_default(),
                additional,
            })
        }
    }

    impl<'de> Deserialize<'de> for Page {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            object(d)
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
        let duplicate = serde_json::from_str::<Page>(r#"{"count": 1, "count": 2}"#);
        assert!(
            duplicate
                .unwrap_err()
                .to_string()
                .contains("duplicate field `count`")
        );
        let escaped: Page = serde_json::from_str(r#"{"pri\u0063e": "1", "\u00e9": 2}"#).unwrap();
        assert_eq!(escaped.price.as_deref(), Some("1"));
        assert_eq!(escaped.additional["é"], 2);
        assert_eq!(number(serde_json::json!("19900.5")).ok(), Some(19900.5));
    }
}
