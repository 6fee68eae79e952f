//! Property tests over every generated type of every spec: arbitrary JSON never makes a decoder
//! panic, and whatever decodes re-encodes to a value that decodes to the same thing.
//!
//! The JSON is arbitrary but spec-flavoured (keys and strings drawn from the spec's property names,
//! enum values and tags, next to random ones), so that decoding succeeds often enough for the
//! round-trip property to bite. The generator is seeded, so a failure reproduces.

use std::path::Path;

use codegen::model::{Api, TypeKind};
use commerce_apis::dynamic;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

/// Cases per type; about 70 types in all.
const CASES: u32 = 256;

/// Property names, enum values and tags of a spec's types.
fn vocabulary(api: &Api) -> (Vec<String>, Vec<String>) {
    let (mut keys, mut words) = (Vec::new(), Vec::new());
    for def in &api.types {
        match &def.kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    keys.push(f.wire.clone());
                    words.extend(f.constraints.one_of.iter().cloned());
                }
            }
            TypeKind::Enum(values) => words.extend(values.iter().map(|v| v.wire.clone())),
            TypeKind::Tagged { tag, variants } => {
                keys.push(tag.clone());
                words.extend(variants.iter().map(|v| v.tag_value.clone()));
            }
            TypeKind::Untagged(_) | TypeKind::Alias { .. } => {}
        }
    }
    keys.sort();
    keys.dedup();
    words.sort();
    words.dedup();
    (keys, words)
}

fn json(keys: Vec<String>, words: Vec<String>) -> impl Strategy<Value = Value> {
    let text = prop_oneof![
        proptest::sample::select(words).prop_map(Value::String),
        "[a-zA-Z0-9가-힣 _-]{0,8}".prop_map(Value::String),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1.0e6..1.0e6_f64).prop_map(Value::from),
        text,
    ];
    let key = prop_oneof![proptest::sample::select(keys), "[a-z]{1,6}"];
    leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..10)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

#[test]
fn decoders_never_panic_and_whatever_decodes_round_trips() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut vendors: Vec<String> = std::fs::read_dir(&dir)
        .expect("specs/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .collect();
    vendors.sort();
    let mut types = 0;
    let decoded = std::cell::Cell::new(0_u64);
    for vendor in vendors {
        let spec =
            codegen::spec::load_file(&dir.join(format!("{vendor}.yaml")), &vendor).expect("loads");
        let api = codegen::model::build(&spec, &vendor).expect("models");
        let (keys, words) = vocabulary(&api);
        let strategy = json(keys, words);
        for type_name in dynamic::types(&vendor) {
            types += 1;
            let mut runner = TestRunner::new_with_rng(
                Config {
                    cases: CASES,
                    failure_persistence: None,
                    ..Config::default()
                },
                TestRng::deterministic_rng(RngAlgorithm::ChaCha),
            );
            let result = runner.run(&strategy, |value| {
                match dynamic::round_trip(&vendor, type_name, value.clone()) {
                    Some(Ok(exact)) => {
                        decoded.set(decoded.get() + 1);
                        prop_assert!(exact, "{vendor}::{type_name} does not round-trip {value}");
                    }
                    Some(Err(_)) => {}
                    None => prop_assert!(false, "{vendor}::{type_name} is not a type"),
                }
                Ok(())
            });
            if let Err(e) = result {
                panic!("{e}");
            }
        }
    }
    let decoded = decoded.get();
    println!(
        "properties: {types} types, {CASES} cases each, {decoded} decoded values round-tripped"
    );
    assert!(types > 50, "every vendor type is covered");
    assert!(
        decoded > 1000,
        "the JSON is spec-flavoured enough to decode often"
    );
}
