//! Every example in a spec is the vendor page's, word for word, unless the spec says otherwise;
//! and every JSON example on a page is kept in its spec.
//!
//! A spec names its page in `info.x-source.page`. An example is either
//! - taken from the page: its value equals a JSON value written on the page;
//! - corrected: its `x-page-text` occurs verbatim on the page (lint checks that an errata entry
//!   says why it was corrected);
//! - ours: marked `x-source: constructed`;
//! - from another page of the vendor's: marked with that page's URL, which an operation of the
//!   same spec records as its `x-source-url` (such pages are not stored here, so the value is the
//!   page's by review, and a corrected one still needs its errata entry, which lint checks).

use std::path::{Path, PathBuf};

use codegen::spec::{self, walk};
use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

struct PageExample<'a> {
    pointer: String,
    object: Option<&'a Value>,
    value: &'a Value,
}

/// The JSON objects and arrays written on a page, outermost only, with their text.
fn json_on_page(page: &str) -> Vec<(&str, Value)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < page.len() {
        let rest = &page[i..];
        if rest.starts_with('{') || rest.starts_with('[') {
            let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
            if let Some(Ok(value)) = stream.next() {
                let end = stream.byte_offset();
                // Tables write `object[]` and `invoices[0]`: JSON, but not examples.
                let example = match &value {
                    Value::Object(_) => true,
                    Value::Array(items) => items.iter().any(|v| v.is_object() || v.is_array()),
                    _ => false,
                };
                if example {
                    found.push((&rest[..end], value));
                    i += end;
                    continue;
                }
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    found
}

fn examples_of<'a>(inventory: &walk::Inventory<'a>) -> Vec<PageExample<'a>> {
    let mut out: Vec<PageExample<'_>> = inventory
        .example_sites
        .iter()
        .flat_map(|site| &site.examples)
        .map(|e| PageExample {
            pointer: e.pointer.clone(),
            object: e.object,
            value: e.value,
        })
        .collect();
    for op in &inventory.operations {
        if let Some(map) = op
            .node
            .get("x-request-header-examples")
            .and_then(Value::as_object)
        {
            for (name, object) in map {
                if let Some(value) = object.get("value") {
                    out.push(PageExample {
                        pointer: format!("{}/x-request-header-examples/{name}", op.pointer),
                        object: Some(object),
                        value,
                    });
                }
            }
        }
    }
    out
}

#[test]
fn examples_are_the_pages_own_and_every_page_example_is_kept() {
    let specs_dir = workspace().join("specs");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&specs_dir)
        .expect("specs/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    entries.sort();
    assert!(
        !entries.is_empty(),
        "no specs found in {}",
        specs_dir.display()
    );

    for path in entries {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let spec = spec::load_file(&path, &name).unwrap_or_else(|p| panic!("{p}"));
        let Some(page_path) = spec
            .root
            .pointer("/info/x-source/page")
            .and_then(Value::as_str)
        else {
            failures.push(format!(
                "{name}: info.x-source.page does not name the vendor page"
            ));
            continue;
        };
        let page = std::fs::read_to_string(workspace().join(page_path))
            .unwrap_or_else(|e| panic!("{name}: cannot read {page_path}: {e}"));
        let on_page = json_on_page(&page);
        let inventory = walk::inventory(&spec.root);
        let examples = examples_of(&inventory);
        let source_urls: Vec<&str> = inventory
            .operations
            .iter()
            .filter_map(|op| op.node.get("x-source-url").and_then(Value::as_str))
            .collect();

        for ex in &examples {
            checked += 1;
            let source = ex
                .object
                .and_then(|o| o.get("x-source"))
                .and_then(Value::as_str);
            let page_text = ex
                .object
                .and_then(|o| o.get("x-page-text"))
                .and_then(Value::as_str);
            let ok = match (source, page_text) {
                (Some("constructed"), _) => true,
                (Some(url), _) if url.starts_with("https://") => source_urls.contains(&url),
                (_, Some(text)) => page.contains(text),
                _ if ex.value.is_object() || ex.value.is_array() => {
                    on_page.iter().any(|(_, v)| v == ex.value)
                }
                _ => {
                    let text = ex
                        .value
                        .as_str()
                        .map_or_else(|| ex.value.to_string(), str::to_owned);
                    page.contains(&text)
                }
            };
            if !ok {
                failures.push(format!(
                    "{name}: {}: not on {page_path} verbatim; keep the page's text in `x-page-text`, name the operation's `x-source-url` page in `x-source`, or mark it `x-source: constructed`",
                    ex.pointer
                ));
            }
        }

        for (text, value) in &on_page {
            let kept = examples.iter().any(|ex| {
                ex.value == value
                    || ex
                        .object
                        .and_then(|o| o.get("x-page-text"))
                        .and_then(Value::as_str)
                        .is_some_and(|t| t.contains(text))
            });
            if !kept {
                let start: String = text.chars().take(60).collect();
                failures.push(format!(
                    "{name}: the page's example {start:?}... is in no example of the spec"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 0);
}

#[test]
fn json_blocks_are_found_outermost_only() {
    let page = "text {\"a\": [1, {\"b\": 2}]} object[] x[0] [1,] and [{\"c\": 3}] {% tag %}";
    let found: Vec<Value> = json_on_page(page).into_iter().map(|(_, v)| v).collect();
    assert_eq!(
        found,
        vec![
            serde_json::json!({"a": [1, {"b": 2}]}),
            serde_json::json!([{"c": 3}])
        ]
    );
}
