//! [`Additional`]: the members of a received object that its schema does not describe.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The members of a received object that its schema does not describe, kept as received (in
/// order) so that re-encoding the object loses nothing.
///
/// It reads and writes as a `serde_json::Map` (it dereferences to one). Vendors rarely send
/// undocumented members, so an empty one is a single null pointer and allocates nothing: every
/// received struct stays small, which is most of the cost of decoding a long page.
#[derive(Clone, Default)]
pub struct Additional(Option<Box<Map<String, Value>>>);

/// What an empty [`Additional`] dereferences to.
static EMPTY: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);

impl Additional {
    /// No members.
    pub const fn new() -> Self {
        Additional(None)
    }

    /// Adds a member, returning the value it replaced.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        self.0.get_or_insert_default().insert(key, value)
    }

    /// The members as a map, taken out.
    pub fn into_map(self) -> Map<String, Value> {
        self.0.map(|map| *map).unwrap_or_default()
    }
}

impl Deref for Additional {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        self.0.as_deref().unwrap_or(&EMPTY)
    }
}

impl DerefMut for Additional {
    /// Allocates the map when there is none yet.
    fn deref_mut(&mut self) -> &mut Map<String, Value> {
        self.0.get_or_insert_default()
    }
}

impl PartialEq for Additional {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl fmt::Debug for Additional {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl From<Map<String, Value>> for Additional {
    fn from(map: Map<String, Value>) -> Self {
        Additional((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl From<Additional> for Map<String, Value> {
    fn from(additional: Additional) -> Self {
        additional.into_map()
    }
}

impl FromIterator<(String, Value)> for Additional {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(members: I) -> Self {
        Additional::from(Map::from_iter(members))
    }
}

impl Extend<(String, Value)> for Additional {
    fn extend<I: IntoIterator<Item = (String, Value)>>(&mut self, members: I) {
        let mut members = members.into_iter().peekable();
        if members.peek().is_some() {
            self.0.get_or_insert_default().extend(members);
        }
    }
}

impl<'a> IntoIterator for &'a Additional {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        (**self).iter()
    }
}

impl IntoIterator for Additional {
    type Item = (String, Value);
    type IntoIter = serde_json::map::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.into_map().into_iter()
    }
}

impl Serialize for Additional {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Additional {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Additional::from)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Additional {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Map<String, Value> as schemars::JsonSchema>::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Map<String, Value> as schemars::JsonSchema>::json_schema(generator)
    }

    fn inline_schema() -> bool {
        <Map<String, Value> as schemars::JsonSchema>::inline_schema()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_is_one_pointer_and_reads_as_an_empty_map() {
        assert_eq!(size_of::<Additional>(), size_of::<usize>());
        let empty = Additional::new();
        assert!(empty.is_empty());
        assert_eq!(empty.get("x"), None);
        assert_eq!(empty, Additional::from(Map::new()));
        assert_eq!(format!("{empty:?}"), "{}");
        assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
    }

    #[test]
    fn members_keep_their_order_and_compare_by_content() {
        let mut kept = Additional::default();
        assert_eq!(kept.insert("z".into(), json!(1)), None);
        kept.entry("a").or_insert(json!([2]));
        kept.extend([("m".to_string(), json!(null))]);
        assert_eq!(
            serde_json::to_string(&kept).unwrap(),
            r#"{"z":1,"a":[2],"m":null}"#
        );
        let keys: Vec<&String> = (&kept).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["z", "a", "m"]);
        let decoded: Additional = serde_json::from_str(r#"{"z":1,"a":[2],"m":null}"#).unwrap();
        assert_eq!(decoded, kept);
        let mut emptied = kept.clone();
        emptied.clear();
        assert_eq!(emptied, Additional::new());
        assert_eq!(Map::from(kept).len(), 3);
    }
}
