//! Reads a spec (YAML 1.2 or JSON, which is YAML too) into JSON, remembering each node's position.

use std::collections::HashMap;
use std::path::Path;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde_json::{Map, Number, Value};

use super::{PositionMap, Positions, Spec, pointer};
use crate::Problem;

/// Deeper nesting than this is refused rather than risking the stack on hostile input.
const MAX_DEPTH: usize = 256;

/// Reads and parses `path`; `display` is how messages name the file.
pub fn load_file(path: &Path, display: &str) -> Result<Spec, Problem> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Problem::new(display, "", format!("cannot read the file: {e}")))?;
    parse(display, &text)
}

/// Parses `text` as one YAML document, or as JSON when `display` ends in `.json`.
pub fn parse(display: &str, text: &str) -> Result<Spec, Problem> {
    if display.ends_with(".json") {
        return parse_json(display, text.into());
    }
    parse_yaml(display, text, "YAML")
}

/// [`parse`] for a caller that keeps the text too: a JSON document's text is kept for its
/// positions, and is then shared instead of copied.
pub fn parse_shared(display: &str, text: std::sync::Arc<str>) -> Result<Spec, Problem> {
    if display.ends_with(".json") {
        return parse_json(display, text);
    }
    parse_yaml(display, &text, "YAML")
}

/// JSON is parsed strictly (YAML would accept trailing commas); the YAML pass only adds positions.
fn parse_json(display: &str, text: std::sync::Arc<str>) -> Result<Spec, Problem> {
    let root: Value = serde_json::from_str(&text).map_err(|e| Problem {
        position: Some((e.line(), e.column())),
        ..Problem::new(display, "", format!("cannot parse JSON: {e}"))
    })?;
    if !root.is_object() {
        return Err(Problem::new(
            display,
            "",
            "the document must be an object (an OpenAPI object)",
        ));
    }
    Ok(Spec {
        file: display.to_owned(),
        root: root.into(),
        positions: Positions::InText {
            text,
            found: std::sync::OnceLock::new(),
        },
    })
}

/// The positions of a JSON document's nodes, read by the YAML parser (JSON is YAML); none when
/// it cannot read them.
pub(super) fn json_positions(display: &str, text: &str) -> PositionMap {
    match parse_yaml(display, text, "JSON").map(|spec| spec.positions) {
        Ok(Positions::Known(map)) => map,
        _ => PositionMap::new(),
    }
}

fn parse_yaml(display: &str, text: &str, kind: &str) -> Result<Spec, Problem> {
    let documents = MarkedYaml::load_from_str(text).map_err(|e| {
        let m = e.marker();
        Problem {
            position: Some((m.line(), m.col() + 1)),
            ..Problem::new(display, "", format!("cannot parse {kind}: {}", e.info()))
        }
    })?;
    let mut documents = documents.into_iter();
    let Some(document) = documents.next() else {
        return Err(Problem::new(display, "", "the file is empty"));
    };
    if let Some(extra) = documents.next() {
        return Err(Problem {
            position: Some(position(&extra)),
            ..Problem::new(
                display,
                "",
                "the file holds more than one YAML document; a spec is one document",
            )
        });
    }
    let mut converter = Converter {
        file: display,
        positions: HashMap::new(),
    };
    converter
        .positions
        .insert(String::new(), position(&document));
    let root = converter.convert(&document, "", 0)?;
    if !root.is_object() {
        return Err(Problem {
            position: Some(position(&document)),
            ..Problem::new(
                display,
                "",
                "the document must be a mapping (an OpenAPI object)",
            )
        });
    }
    Ok(Spec {
        file: display.to_owned(),
        root: root.into(),
        positions: Positions::Known(converter.positions),
    })
}

fn position(node: &MarkedYaml<'_>) -> (usize, usize) {
    (node.span.start.line(), node.span.start.col() + 1)
}

struct Converter<'f> {
    file: &'f str,
    positions: HashMap<String, (usize, usize)>,
}

impl Converter<'_> {
    fn fail(&self, node: &MarkedYaml<'_>, pointer: &str, message: String) -> Problem {
        Problem {
            position: Some(position(node)),
            ..Problem::new(self.file, pointer, message)
        }
    }

    fn convert(&mut self, node: &MarkedYaml<'_>, at: &str, depth: usize) -> Result<Value, Problem> {
        if depth > MAX_DEPTH {
            return Err(self.fail(node, at, format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        match &node.data {
            YamlData::Value(scalar) => self.scalar(node, at, scalar),
            YamlData::Representation(text, ..) => Ok(Value::String(text.to_string())),
            YamlData::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let child = format!("{at}/{i}");
                    self.positions.insert(child.clone(), position(item));
                    out.push(self.convert(item, &child, depth + 1)?);
                }
                Ok(Value::Array(out))
            }
            YamlData::Mapping(entries) => {
                let mut out = Map::new();
                for (key, value) in entries {
                    let name = self.key(key, at)?;
                    let child = pointer::join(at, &name);
                    self.positions.insert(child.clone(), position(key));
                    let converted = self.convert(value, &child, depth + 1)?;
                    out.insert(name, converted);
                }
                Ok(Value::Object(out))
            }
            YamlData::Tagged(tag, _) => Err(self.fail(
                node,
                at,
                format!("YAML tags such as `{tag}` are not supported; write the plain value"),
            )),
            YamlData::Alias(_) => Err(self.fail(
                node,
                at,
                "YAML aliases (*name) are not supported; repeat the content or use a `$ref`".into(),
            )),
            YamlData::BadValue => Err(self.fail(node, at, "not a valid YAML value".into())),
        }
    }

    fn scalar(
        &self,
        node: &MarkedYaml<'_>,
        at: &str,
        scalar: &Scalar<'_>,
    ) -> Result<Value, Problem> {
        Ok(match scalar {
            Scalar::Null => Value::Null,
            Scalar::Boolean(b) => Value::Bool(*b),
            Scalar::Integer(i) => Value::Number((*i).into()),
            Scalar::FloatingPoint(f) => match Number::from_f64(f.into_inner()) {
                Some(n) => Value::Number(n),
                None => {
                    return Err(self.fail(
                        node,
                        at,
                        format!("{} has no JSON representation", f.into_inner()),
                    ));
                }
            },
            Scalar::String(s) => Value::String(s.to_string()),
        })
    }

    /// Mapping keys become strings, as in JSON: `200:` and `"200":` are the same response key.
    fn key(&self, key: &MarkedYaml<'_>, at: &str) -> Result<String, Problem> {
        match &key.data {
            YamlData::Value(Scalar::String(s)) => Ok(s.to_string()),
            YamlData::Value(Scalar::Integer(i)) => Ok(i.to_string()),
            YamlData::Value(Scalar::Boolean(b)) => Ok(b.to_string()),
            YamlData::Value(Scalar::FloatingPoint(f)) => Ok(f.into_inner().to_string()),
            YamlData::Value(Scalar::Null) => Ok("null".to_owned()),
            YamlData::Representation(text, ..) => Ok(text.to_string()),
            _ => Err(self.fail(key, at, "mapping keys must be plain scalars".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_key_positions_and_types_scalars_as_yaml_1_2() {
        let spec = parse(
            "t.yaml",
            "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\nx: [yes, 0o17, 1_000, ~]\n",
        )
        .unwrap();
        assert_eq!(spec.position("/paths/~1a/get"), Some((4, 5)));
        assert_eq!(
            spec.position("/paths/~1a/get/responses/200/description"),
            Some((6, 15))
        );
        // YAML 1.2: `yes` and `1_000` are strings, `0o17` is octal.
        assert_eq!(
            spec.root["x"],
            serde_json::json!(["yes", 15, "1_000", null])
        );
    }

    #[test]
    fn a_json_document_finds_its_positions_when_a_message_asks() {
        let text =
            "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"/a\": {\"get\": {}}\n  }\n}\n";
        let spec = parse("t.json", text).unwrap();
        assert!(
            matches!(&spec.positions, Positions::InText { found, .. } if found.get().is_none())
        );
        assert_eq!(spec.position("/paths/~1a/get"), Some((4, 12)));
        assert_eq!(
            spec.problem("/paths/~1a/get/x", "m").position,
            Some((4, 12))
        );
        assert_eq!(spec.clone().position("/openapi"), Some((2, 3)));
    }

    #[test]
    fn reports_parse_errors_and_duplicate_keys_with_positions() {
        let e = parse("t.yaml", "a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.message.starts_with("cannot parse YAML"), "{e}");
        assert!(e.position.is_some());
        let e = parse("t.yaml", "a: 1\na: 2\n").unwrap_err();
        assert_eq!(e.position, Some((2, 1)), "{e}");
        // Aliases are expanded by the parser, within its node budget.
        let ok = parse("t.yaml", "a: &x {k: 1}\nb: *x\n").unwrap();
        assert_eq!(ok.root["b"]["k"], 1);
        let e = parse("t.json", "{\"a\":\n [1,]}").unwrap_err();
        assert!(e.message.starts_with("cannot parse JSON"), "{e}");
        assert_eq!(e.position, Some((2, 5)), "{e}");
        let e = parse("t.yaml", "- 1\n").unwrap_err();
        assert!(e.message.contains("mapping"), "{e}");
        assert!(parse("t.yaml", &"[".repeat(1000)).is_err());
    }
}
