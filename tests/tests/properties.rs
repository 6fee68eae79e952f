//! Property tests over every generated type of every spec: arbitrary JSON never makes a decoder
//! panic, and whatever decodes re-encodes to a value that decodes to the same thing.
//!
//! The JSON is arbitrary but spec-flavoured (keys and strings drawn from the spec's property names,
//! enum values and tags, next to random ones), so that decoding succeeds often enough for the
//! round-trip property to bite. The generator is seeded, so a failure reproduces.

use std::path::Path;

use codegen::model::{Api, Ty, TypeKind};
use commerce_apis::dynamic;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value, json};

/// Cases per type; about 70 types in all.
const CASES: u32 = 256;

/// A runner of `cases` cases with a fixed seed, so that a failure reproduces.
fn seeded_runner(cases: u32) -> TestRunner {
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

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
            let mut runner = seeded_runner(CASES);
            let result = runner.run(&strategy, |value| {
                match dynamic::round_trip(&vendor, type_name, value.clone()) {
                    Some(Ok(result)) => {
                        decoded.set(decoded.get() + 1);
                        prop_assert!(
                            result.exact,
                            "{vendor}::{type_name} does not round-trip {value}"
                        );
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

/// A generated crate as this test reads it: where its specs are, and its `dynamic` functions.
struct Generated {
    specs: std::path::PathBuf,
    vendors: Vec<&'static str>,
    /// Compares a struct with its borrowed twin on JSON text (vendor, type, text).
    matches: fn(&str, &str, &str) -> Option<Result<bool, String>>,
    types: fn(&str) -> &'static [&'static str],
}

/// Every borrowed twin (feature `borrowed`) of the specs and of the fixture specs decodes
/// spec-flavoured JSON exactly as its struct does: the same values accepted and refused, the
/// same value once owned, the same JSON encoded. The text has escapes in its strings and
/// numbers where text is documented, so both the borrowed and the copied route are taken.
#[test]
fn borrowed_twins_decode_as_their_structs_do() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let crates = [
        Generated {
            specs: root.join("../specs"),
            vendors: dynamic::vendors(),
            matches: dynamic::borrowed_matches,
            types: dynamic::types,
        },
        Generated {
            specs: root.join("fixture-api/specs"),
            vendors: fixture_apis::dynamic::vendors(),
            matches: fixture_apis::dynamic::borrowed_matches,
            types: fixture_apis::dynamic::types,
        },
    ];
    let mut twins = 0;
    let (decoded, refused) = (std::cell::Cell::new(0_u64), std::cell::Cell::new(0_u64));
    for Generated {
        specs,
        vendors,
        matches,
        types,
    } in crates
    {
        for vendor in vendors {
            let spec = codegen::spec::load_file(&specs.join(format!("{vendor}.yaml")), vendor)
                .expect("loads");
            let api = codegen::model::build(&spec, vendor).expect("models");
            let (keys, mut words) = vocabulary(&api);
            words
                .extend(["say \"hi\"", "two\nlines", "back\\slash", "tab\tend"].map(str::to_owned));
            let strategy = json(keys, words);
            for type_name in types(vendor) {
                if matches(vendor, type_name, "{}").is_none() {
                    continue;
                }
                twins += 1;
                // Half the cases put the value under one of the struct's own members, so that
                // every member meets every kind of value, not only those the whole object allows.
                let members: Vec<String> = match api.type_def(type_name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => s.fields.iter().map(|f| f.wire.clone()).collect(),
                    _ => Vec::new(),
                };
                let mut runner = seeded_runner(CASES);
                let result = runner.run(&(&strategy, any::<usize>()), |(value, pick)| {
                    let text = match members.get(pick % (2 * members.len().max(1))) {
                        Some(member) => json!({ member: value }).to_string(),
                        None => value.to_string(),
                    };
                    match matches(vendor, type_name, &text) {
                        Some(Ok(true)) => decoded.set(decoded.get() + 1),
                        Some(Ok(false)) => refused.set(refused.get() + 1),
                        Some(Err(e)) => prop_assert!(false, "{vendor}::{type_name} on {text}: {e}"),
                        None => prop_assert!(false, "{vendor}::{type_name} lost its twin"),
                    }
                    Ok(())
                });
                if let Err(e) = result {
                    panic!("{e}");
                }
            }
        }
    }
    let (decoded, refused) = (decoded.get(), refused.get());
    println!("borrowed twins: {twins}, {decoded} values decoded alike, {refused} refused alike");
    assert!(twins > 20, "every crate's twins are covered ({twins})");
    assert!(decoded > 1000, "the JSON decodes often enough ({decoded})");
}

/// Whether a value of `ty` can hold a secret anywhere inside.
fn holds_secret(api: &Api, ty: &Ty, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    match ty {
        Ty::Secret => true,
        Ty::Vec(inner) | Ty::Map(inner) => holds_secret(api, inner, depth + 1),
        Ty::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => {
                s.fields.iter().any(|f| holds_secret(api, &f.ty, depth + 1))
            }
            Some(TypeKind::Untagged(variants)) => {
                variants.iter().any(|v| holds_secret(api, &v.ty, depth + 1))
            }
            Some(TypeKind::Tagged { variants, .. }) => variants
                .iter()
                .any(|v| holds_secret(api, &Ty::Named(v.ty.clone()), depth + 1)),
            Some(TypeKind::Alias { ty, .. }) => holds_secret(api, ty, depth + 1),
            Some(TypeKind::Enum(_)) | None => false,
        },
        _ => false,
    }
}

/// A value of `ty` with every member filled and `secret` in every secret-typed place; unions
/// take a variant that holds a secret.
fn planted(api: &Api, ty: &Ty, secret: &str, depth: usize) -> Value {
    match ty {
        Ty::Secret => Value::String(secret.to_owned()),
        Ty::String => Value::String("text".into()),
        Ty::Integer => json!(1),
        Ty::Number => json!(1.5),
        Ty::Boolean => json!(true),
        Ty::Json | Ty::Bytes => Value::Null,
        Ty::Object => json!({}),
        Ty::Map(inner) => json!({"key": planted(api, inner, secret, depth + 1)}),
        Ty::Vec(inner) if depth < 6 => Value::Array(vec![planted(api, inner, secret, depth + 1)]),
        Ty::Vec(_) => json!([]),
        Ty::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) if depth < 6 => Value::Object(
                s.fields
                    .iter()
                    .map(|f| (f.wire.clone(), planted(api, &f.ty, secret, depth + 1)))
                    .collect(),
            ),
            Some(TypeKind::Enum(values)) => {
                Value::String(values.first().map(|v| v.wire.clone()).unwrap_or_default())
            }
            Some(TypeKind::Untagged(variants)) => {
                let chosen = variants
                    .iter()
                    .find(|v| holds_secret(api, &v.ty, 0))
                    .or(variants.first());
                chosen.map_or(Value::Null, |v| planted(api, &v.ty, secret, depth + 1))
            }
            Some(TypeKind::Tagged { tag, variants }) => {
                let chosen = variants
                    .iter()
                    .find(|v| holds_secret(api, &Ty::Named(v.ty.clone()), 0))
                    .or(variants.first());
                let Some(v) = chosen else { return Value::Null };
                let mut value = planted(api, &Ty::Named(v.ty.clone()), secret, depth + 1);
                if let Some(map) = value.as_object_mut() {
                    map.insert(tag.clone(), Value::String(v.tag_value.clone()));
                }
                value
            }
            Some(TypeKind::Alias { ty, .. }) => planted(api, ty, secret, depth + 1),
            _ => json!({}),
        },
    }
}

/// Every generated type that can hold a secret (found from the model, not listed here) prints
/// without it: passwords, keys and issued tokens, at any depth, in `{:?}` and `{:#?}`.
#[test]
fn no_generated_type_prints_a_secret_it_holds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut checked = Vec::new();
    for vendor in dynamic::vendors() {
        let spec =
            codegen::spec::load_file(&dir.join(format!("{vendor}.yaml")), vendor).expect("loads");
        let api = codegen::model::build(&spec, vendor).expect("models");
        for def in &api.types {
            let ty = Ty::Named(def.name.clone());
            if !holds_secret(&api, &ty, 0) {
                continue;
            }
            let mut runner = seeded_runner(32);
            let decoded = std::cell::Cell::new(0);
            let result = runner.run(&"[A-Za-z0-9._-]{8,40}", |secret| {
                let value = planted(&api, &ty, &secret, 0);
                let Some(Ok(result)) = dynamic::round_trip(vendor, &def.name, value.clone()) else {
                    return Ok(());
                };
                decoded.set(decoded.get() + 1);
                prop_assert!(
                    !result.debug.contains(&secret),
                    "{vendor}::{} prints its secret: {}",
                    def.name,
                    result.debug
                );
                Ok(())
            });
            if let Err(e) = result {
                panic!("{e}");
            }
            assert!(decoded.get() > 0, "{vendor}::{} never decoded", def.name);
            checked.push(format!("{vendor}::{}", def.name));
        }
    }
    println!("secret-holding types checked: {checked:?}");
    assert!(checked.len() >= 6, "{checked:?}");
}

/// Every error that quotes an answer (documented, undocumented, undecodable, in-band failure)
/// and its whole source chain print no value of a property the spec marks secret, whatever the
/// body's shape: whole, nested, wrapped in a list or cut off.
#[test]
fn no_error_prints_a_secret_from_the_answer() {
    use commerce_apis::runtime::{Error, RawResponse};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut vendors_with_secrets = 0;
    for vendor in dynamic::vendors() {
        let spec =
            codegen::spec::load_file(&dir.join(format!("{vendor}.yaml")), vendor).expect("loads");
        let api = codegen::model::build(&spec, vendor).expect("models");
        let names: Vec<&'static str> = api
            .sensitive_properties()
            .into_iter()
            .map(|n| &*Box::leak(n.to_owned().into_boxed_str()))
            .collect();
        if names.is_empty() {
            continue;
        }
        vendors_with_secrets += 1;
        let names: &'static [&'static str] = Box::leak(names.into_boxed_slice());
        let mut runner = seeded_runner(64);
        let shapes = 0..4_usize;
        let result = runner.run(
            &("[A-Za-z0-9._-]{8,40}", shapes, 0..200_usize),
            |(secret, shape, cut)| {
                let members: serde_json::Map<String, Value> = names
                    .iter()
                    .map(|n| ((*n).to_owned(), Value::String(secret.clone())))
                    .chain([
                        ("code".to_owned(), json!(-1)),
                        ("ErrorCode".to_owned(), json!("1")),
                    ])
                    .collect();
                let object = Value::Object(members);
                let text = match shape {
                    0 => object.to_string(),
                    1 => json!([object]).to_string(),
                    2 => json!({"data": object, "padding": "x".repeat(cut)}).to_string(),
                    _ => {
                        let whole = object.to_string();
                        let end = whole.len().min(cut + 4);
                        whole[..end].to_owned()
                    }
                };
                let raw = || {
                    let mut raw = RawResponse::new(
                        commerce_apis::runtime::reqwest::StatusCode::BAD_REQUEST,
                        commerce_apis::runtime::reqwest::header::HeaderMap::new(),
                        commerce_apis::runtime::bytes::Bytes::from(text.clone()),
                    );
                    raw.sensitive = names;
                    raw
                };
                let errors: Vec<Error<String>> = vec![
                    Error::UnexpectedStatus {
                        operation: "op",
                        response: Box::new(raw()),
                    },
                    Error::Documented {
                        operation: "op",
                        body: "documented".into(),
                        response: Box::new(raw()),
                    },
                    Error::decode(
                        "op",
                        names[0],
                        format!("invalid type: integer `{secret}`"),
                        raw(),
                    ),
                    Error::Vendor {
                        operation: "op",
                        code: "-1".into(),
                        message: None,
                        response: Box::new(raw()),
                    },
                ];
                for error in &errors {
                    let mut shown = vec![
                        error.to_string(),
                        format!("{error:?}"),
                        format!("{error:#?}"),
                    ];
                    let mut source = std::error::Error::source(error);
                    while let Some(s) = source {
                        shown.push(format!("{s} {s:?}"));
                        source = s.source();
                    }
                    for text in shown {
                        prop_assert!(!text.contains(&secret), "{vendor}: {text}");
                    }
                }
                Ok(())
            },
        );
        if let Err(e) = result {
            panic!("{e}");
        }
    }
    assert!(vendors_with_secrets >= 2);
}
