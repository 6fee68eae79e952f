//! Received structs decode through their generated `Fields`, not serde's derive: these pin the
//! rules the derive used to apply, from text and from a `serde_json::Value` alike, and for the
//! borrowed twins (feature `borrowed`) what they borrow.

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

/// Whether `part` is a slice of `whole` (borrowed from it, not copied).
fn inside(whole: &str, part: &str) -> bool {
    whole.as_bytes().as_ptr_range().contains(&part.as_ptr())
}

/// The borrowed twin (feature `borrowed`) points into the input wherever it can: plain text,
/// unknown members' keys and values, free-form objects. What it cannot point to (an escaped
/// string, a number sent for text) it holds owned, and it turns into the owned struct intact.
#[test]
fn the_borrowed_twin_points_into_the_input() {
    use commerce_apis::poomgo::{borrowed, types};
    use std::borrow::Cow;

    let text = r#"{"total": "1", "rows": [{"id": 7, "channelName": "스마트스토어",
        "dealName": "say \"hi\"", "price": 51800, "originalData": {"memo": "문 앞"},
        "receiverData": {"name": "김철수", "extra": [1, 2]}, "note": {"x": "y"}}]}"#;
    let page: borrowed::OrderPage = serde_json::from_str(text).expect("decodes");
    let row = &page.rows.as_ref().expect("rows")[0];
    let channel = row.channel_name.as_ref().expect("channel");
    assert!(matches!(channel, Cow::Borrowed(s) if inside(text, s) && *s == "스마트스토어"));
    assert!(matches!(&row.deal_name, Some(Cow::Owned(s)) if s == "say \"hi\""));
    assert!(matches!(&row.price, Some(Cow::Owned(s)) if s == "51800"));
    let original = row.original_data.expect("original");
    assert!(inside(text, original.get()));
    assert_eq!(original.get(), r#"{"memo": "문 앞"}"#);
    let receiver = row.receiver_data.as_ref().expect("receiver");
    assert!(matches!(&receiver.name, Some(Cow::Borrowed(s)) if inside(text, s)));
    let (key, value) = receiver.additional.iter().next().expect("kept");
    assert!(inside(text, key) && inside(text, value.get()));
    assert_eq!(
        row.additional.get("note").map(|v| v.get()),
        Some(r#"{"x": "y"}"#)
    );

    let owned: types::OrderPage = serde_json::from_str(text).expect("decodes");
    assert_eq!(page.clone().into_owned().expect("turns owned"), owned);
    assert_eq!(
        serde_json::to_value(&page).expect("encodes"),
        serde_json::to_value(&owned).expect("encodes")
    );
}

/// The twin refuses what the struct refuses, with the same words.
#[test]
fn the_borrowed_twin_refuses_by_name() {
    use fixture_apis::zoo::borrowed;

    for text in [
        r#"{"capacity": 1}"#,
        r#"{"start": "a", "capacity": 1, "start": "b"}"#,
        r#"{"start": "a", "capacity": "twelve"}"#,
        "[]",
    ] {
        let twin = serde_json::from_str::<borrowed::Slot>(text)
            .unwrap_err()
            .to_string();
        let owned = serde_json::from_str::<Slot>(text).unwrap_err().to_string();
        assert_eq!(twin, owned, "{text}");
    }
    let escaped: borrowed::Slot =
        serde_json::from_str(r#"{"st\u0061rt": "a", "capacity": 2, "\u00e9t\u00e9": 1}"#)
            .expect("decodes");
    assert_eq!(escaped.start, "a");
    assert_eq!(escaped.additional.get("été").map(|v| v.get()), Some("1"));
}
