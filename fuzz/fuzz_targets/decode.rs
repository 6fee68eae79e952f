//! Every generated type against arbitrary bytes: the first byte picks a type, the rest is parsed
//! as JSON and decoded. Nothing may panic, and whatever decodes must round-trip exactly. A
//! received struct's borrowed twin must accept and refuse the same text as the struct and give
//! the same value.

#![no_main]

use commerce_apis::dynamic;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let all: Vec<(&str, &str)> = dynamic::vendors()
        .into_iter()
        .flat_map(|v| dynamic::types(v).iter().map(move |t| (v, *t)))
        .collect();
    let (vendor, type_name) = all[usize::from(selector) % all.len()];
    if let Ok(text) = std::str::from_utf8(rest) {
        if let Some(Err(difference)) = dynamic::borrowed_matches(vendor, type_name, text) {
            panic!("{vendor}::{type_name}'s borrowed twin differs on {text:?}: {difference}");
        }
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(rest) else {
        return;
    };
    if let Some(Ok(decoded)) = dynamic::round_trip(vendor, type_name, value) {
        assert!(decoded.exact, "{vendor}::{type_name} does not round-trip");
    }
});
