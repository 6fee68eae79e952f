//! Received structs decode through their generated `Fields`, not serde's derive: these pin the
//! rules the derive used to apply, from text and from a `serde_json::Value` alike.

use fixture_apis::zoo::types::{Slot, SlotStatus};
use serde_json::{Value, json};

/// Decodes from text and from a `Value`; both must agree.
fn decode(text: &str) -> Result<Slot, String> {
    let from_text = serde_json::from_str::<Slot>(text).map_err(|e| e.to_string());
    let value: Value = serde_json::from_str(text).expect("test input is JSON");
    let from_value = serde_json::from_value::<Slot>(value).map_err(|e| e.to_string());
    match (&from_text, &from_value) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(_), Err(_)) => {}
        _ => panic!("text and value disagree on {text}: {from_text:?} / {from_value:?}"),
    }
    from_text
}

#[test]
fn known_members_go_to_fields_and_unknown_ones_are_kept_and_re_encoded() {
    let text = r#"{"start": 20240101, "dock": {"n": 3, "door": [1, "b"]}, "capacity": "12",
        "status": "closed-for-lunch", "é": null}"#;
    let slot = decode(text).expect("decodes");
    assert_eq!(slot.start, "20240101");
    assert_eq!(slot.capacity, 12);
    assert_eq!(
        slot.status,
        Some(SlotStatus::Unknown("closed-for-lunch".into()))
    );
    assert_eq!(slot.additional["dock"], json!({"n": 3, "door": [1, "b"]}));
    assert_eq!(slot.additional["é"], Value::Null);
    let again: Value = serde_json::to_value(&slot).expect("encodes");
    assert_eq!(
        again,
        json!({"start": "20240101", "capacity": 12, "status": "closed-for-lunch",
               "dock": {"n": 3, "door": [1, "b"]}, "é": null})
    );
}

#[test]
fn null_and_absence_follow_the_field() {
    let slot = decode(r#"{"start": "09:00", "capacity": 1, "status": null}"#).expect("decodes");
    assert_eq!(slot.status, None);
    let slot = decode(r#"{"start": "09:00", "capacity": 1}"#).expect("decodes");
    assert_eq!(slot.status, None);
    assert!(slot.additional.is_empty());
}

#[test]
fn a_missing_required_member_or_a_repeated_one_is_refused_by_name() {
    let missing = decode(r#"{"capacity": 1}"#).unwrap_err();
    assert!(missing.contains("missing field `start`"), "{missing}");
    // Text only: a `Value` has already kept one of the two.
    let repeated = serde_json::from_str::<Slot>(r#"{"start": "a", "capacity": 1, "start": "b"}"#)
        .unwrap_err()
        .to_string();
    assert!(repeated.contains("duplicate field `start`"), "{repeated}");
    let empty_list = decode("[]").unwrap_err();
    assert!(empty_list.contains("missing field `start`"), "{empty_list}");
    let wrong = decode(r#"{"start": "a", "capacity": "twelve"}"#).unwrap_err();
    assert!(wrong.contains("twelve"), "{wrong}");
    assert!(decode(r#"{"start": "a", "capacity": 1.5}"#).is_err());
    assert!(decode(r#"["a", 1]"#).is_err());
}

#[test]
fn escaped_keys_match_as_their_text() {
    let slot =
        decode(r#"{"st\u0061rt": "a", "capacity": 2, "\u00e9t\u00e9": 1}"#).expect("decodes");
    assert_eq!(slot.start, "a");
    assert_eq!(slot.additional["été"], 1);
}
