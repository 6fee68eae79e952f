//! The diff rules: each case edits one thing in `diff/base.yaml`, compares the two specs, checks
//! the worst level found, and snapshots the report as text. A combined case is snapshotted as the
//! Markdown a pull request shows, and one as JSON.

use codegen::diff::{self, Format, Level, Report, Side};
use serde_json::{Value, json};

const BASE: &str = include_str!("diff/base.yaml");

fn side(root: &Value) -> Side {
    let text = serde_json::to_string(root).expect("json");
    diff::side("edited.json", "orders", &text)
        .unwrap_or_else(|p| panic!("the edited spec must lint: {p:#?}"))
}

fn base() -> Value {
    diff::side("base.yaml", "orders", BASE)
        .unwrap_or_else(|p| panic!("{p:#?}"))
        .spec
        .root
}

fn at<'a>(root: &'a mut Value, pointer: &str) -> &'a mut Value {
    root.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the base"))
}

fn remove(root: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let key = key.replace("~1", "/").replace("~0", "~");
    at(root, parent)
        .as_object_mut()
        .expect("an object")
        .remove(&key)
        .unwrap_or_else(|| panic!("no {pointer}"));
}

fn set(root: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let key = key.replace("~1", "/").replace("~0", "~");
    match at(root, parent) {
        Value::Object(map) => {
            map.insert(key, value);
        }
        Value::Array(items) => items.push(value),
        _ => panic!("{parent} holds no members"),
    }
}

fn report(old: &Value, new: &Value) -> Report {
    Report {
        base: "base".into(),
        head: "edited".into(),
        vendors: vec![diff::compare("orders", Some(&side(old)), Some(&side(new)))],
    }
}

const ANSWER: &str = "/paths/~1orders~1{id}/get";
const REQUEST: &str = "/components/schemas/OrderRequest";
const RESPONSE: &str = "/components/schemas/OrderAnswer";

type Edit = fn(&mut Value);

/// (rule, the worst level the report must contain, the edit).
fn cases() -> Vec<(&'static str, Level, Edit)> {
    vec![
        ("operation_removed", Level::Breaking, |r| {
            remove(r, "/paths/~1orders~1{id}")
        }),
        ("operation_added", Level::NonBreaking, |r| {
            set(
                r,
                "/paths/~1orders~1{id}/delete",
                json!({"operationId": "cancelOrder", "summary": "Cancel", "description": "Cancels an order.", "parameters": [{"name": "id", "in": "path", "required": true, "description": "The order id.", "schema": {"type": "string", "description": "An order id."}}], "responses": {"204": {"description": "Cancelled."}}}),
            )
        }),
        ("operation_method_changed", Level::Breaking, |r| {
            let op = at(r, ANSWER).clone();
            remove(r, ANSWER);
            set(r, "/paths/~1orders~1{id}/post", op);
        }),
        ("required_parameter_added", Level::Breaking, |r| {
            set(
                r,
                &format!("{ANSWER}/parameters/-"),
                json!({"name": "since", "in": "query", "required": true, "description": "From.", "schema": {"type": "string", "description": "A day."}}),
            )
        }),
        ("optional_parameter_added", Level::Breaking, |r| {
            set(
                r,
                &format!("{ANSWER}/parameters/-"),
                json!({"name": "lang", "in": "query", "description": "Language.", "schema": {"type": "string", "description": "A code."}}),
            )
        }),
        ("parameter_removed", Level::Breaking, |r| {
            at(r, &format!("{ANSWER}/parameters"))
                .as_array_mut()
                .expect("list")
                .remove(1);
        }),
        ("parameter_becomes_required", Level::Breaking, |r| {
            set(r, &format!("{ANSWER}/parameters/2/required"), json!(true))
        }),
        ("parameter_maximum_tightened", Level::Breaking, |r| {
            set(
                r,
                &format!("{ANSWER}/parameters/2/schema/maximum"),
                json!(50),
            )
        }),
        ("parameter_maximum_loosened", Level::NonBreaking, |r| {
            set(
                r,
                &format!("{ANSWER}/parameters/2/schema/maximum"),
                json!(500),
            )
        }),
        ("required_request_field_added", Level::Breaking, |r| {
            set(
                r,
                &format!("{REQUEST}/properties/currency"),
                json!({"type": "string", "description": "ISO 4217."}),
            );
            set(r, &format!("{REQUEST}/required/-"), json!("currency"));
            set(
                r,
                "/paths/~1orders/post/requestBody/content/application~1json/examples/simple/value/currency",
                json!("KRW"),
            );
        }),
        ("optional_request_field_added", Level::NonBreaking, |r| {
            set(
                r,
                &format!("{REQUEST}/properties/giftWrap"),
                json!({"type": "boolean", "description": "Wrap it."}),
            )
        }),
        ("request_field_removed", Level::Breaking, |r| {
            remove(r, &format!("{REQUEST}/properties/note"))
        }),
        ("request_field_becomes_optional", Level::NonBreaking, |r| {
            set(r, &format!("{REQUEST}/required"), json!(["sku"]))
        }),
        ("request_field_type_changed", Level::Breaking, |r| {
            set(
                r,
                &format!("{REQUEST}/properties/note/type"),
                json!("integer"),
            )
        }),
        ("request_enum_value_removed", Level::Breaking, |r| {
            set(r, "/components/schemas/Channel/enum", json!(["web"]))
        }),
        ("request_enum_value_added", Level::NonBreaking, |r| {
            set(
                r,
                "/components/schemas/Channel/enum",
                json!(["web", "app", "phone"]),
            )
        }),
        ("request_constraint_tightened", Level::Breaking, |r| {
            set(r, &format!("{REQUEST}/properties/sku/maxLength"), json!(10))
        }),
        ("request_pattern_added", Level::PossiblyBreaking, |r| {
            set(
                r,
                &format!("{REQUEST}/properties/sku/pattern"),
                json!("^[A-Z]{2}-[0-9]+$"),
            )
        }),
        ("request_default_changed", Level::PossiblyBreaking, |r| {
            set(
                r,
                &format!("{REQUEST}/properties/note/default"),
                json!("none"),
            )
        }),
        ("response_field_removed", Level::Breaking, |r| {
            remove(r, &format!("{RESPONSE}/properties/tags"))
        }),
        ("response_field_added", Level::NonBreaking, |r| {
            set(
                r,
                &format!("{RESPONSE}/properties/createdAt"),
                json!({"type": "string", "format": "date-time", "description": "When."}),
            )
        }),
        ("response_field_becomes_optional", Level::Breaking, |r| {
            set(r, &format!("{RESPONSE}/required"), json!(["id"]))
        }),
        ("response_field_becomes_nullable", Level::Breaking, |r| {
            set(
                r,
                &format!("{RESPONSE}/properties/id/type"),
                json!(["string", "null"]),
            )
        }),
        (
            "optional_response_field_becomes_nullable",
            Level::NonBreaking,
            |r| {
                set(
                    r,
                    &format!("{RESPONSE}/properties/total/type"),
                    json!(["number", "null"]),
                )
            },
        ),
        ("response_enum_value_added", Level::NonBreaking, |r| {
            set(
                r,
                "/components/schemas/OrderState/enum",
                json!(["open", "shipped", "cancelled"]),
            )
        }),
        (
            "response_enum_value_removed",
            Level::PossiblyBreaking,
            |r| set(r, "/components/schemas/OrderState/enum", json!(["open"])),
        ),
        ("response_constraint_added", Level::NonBreaking, |r| {
            set(r, &format!("{RESPONSE}/properties/id/maxLength"), json!(12))
        }),
        ("both_ways_constraint_tightened", Level::Breaking, |r| {
            set(
                r,
                "/components/schemas/Address/properties/city/maxLength",
                json!(20),
            )
        }),
        ("security_scheme_changed", Level::Breaking, |r| {
            set(r, "/components/securitySchemes/apiKey/name", json!("x-key"))
        }),
        ("default_server_changed", Level::PossiblyBreaking, |r| {
            set(r, "/servers/0/url", json!("https://api.orders.example/v2"))
        }),
        ("error_answer_removed", Level::PossiblyBreaking, |r| {
            remove(r, "/paths/~1orders/post/responses/409")
        }),
        ("error_answer_added", Level::NonBreaking, |r| {
            set(
                r,
                &format!("{ANSWER}/responses/404"),
                json!({"description": "No such order.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}),
            )
        }),
        ("documentation_only", Level::Documentation, |r| {
            set(
                r,
                &format!("{REQUEST}/properties/sku/description"),
                json!("The product's stock-keeping unit."),
            );
            set(
                r,
                &format!(
                    "{ANSWER}/responses/200/content/application~1json/examples/open/value/total"
                ),
                json!(13),
            );
            set(
                r,
                &format!("{REQUEST}/x-errata"),
                json!([{"pointer": REQUEST, "kind": "silent", "page": "Nothing.", "example": "None.", "decision": "Keep.", "why": "Because."}]),
            );
        }),
    ]
}

fn worst(report: &Report) -> Option<Level> {
    report
        .vendors
        .iter()
        .flat_map(|v| &v.changes)
        .map(|c| c.level)
        .min()
}

#[test]
fn each_rule_classifies_its_change() {
    let base = base();
    let cases = cases();
    assert!(cases.len() >= 20);
    let mut failures = Vec::new();
    for (name, expected, edit) in cases {
        let mut edited = base.clone();
        edit(&mut edited);
        let report = report(&base, &edited);
        if worst(&report) != Some(expected) {
            failures.push(format!(
                "{name}: expected {expected:?}, got {:?}\n{}",
                worst(&report),
                diff::render(&report, Format::Text)
            ));
        }
        insta::assert_snapshot!(name, diff::render(&report, Format::Text));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_change_is_no_change() {
    let base = base();
    let report = report(&base, &base);
    assert_eq!(worst(&report), None);
    assert!(report.vendors[0].rust.is_empty());
    assert_eq!(report.vendors[0].status, diff::SpecStatus::Unchanged);
}

/// What a pull request shows: several changes, breaking ones first, Rust impact, documentation.
#[test]
fn markdown_for_a_pull_request() {
    let base = base();
    let mut edited = base.clone();
    for (name, _, edit) in cases() {
        if matches!(
            name,
            "request_enum_value_removed"
                | "response_enum_value_added"
                | "response_field_becomes_optional"
                | "optional_request_field_added"
                | "documentation_only"
                | "operation_added"
        ) {
            edit(&mut edited);
        }
    }
    let mut report = report(&base, &edited);
    let added = side(&base);
    report
        .vendors
        .push(diff::compare("parcels", None, Some(&added)));
    report
        .vendors
        .push(diff::compare("legacy", Some(&added), None));
    insta::assert_snapshot!("markdown", diff::render(&report, Format::Markdown));
    assert!(report.has_at_least(Level::Breaking));
}

#[test]
fn json_for_tools() {
    let base = base();
    let mut edited = base.clone();
    set(
        &mut edited,
        "/components/schemas/OrderState/enum",
        json!(["open", "shipped", "cancelled"]),
    );
    let report = report(&base, &edited);
    let json: Value = serde_json::from_str(&diff::render(&report, Format::Json)).expect("json");
    insta::assert_json_snapshot!("json", json);
    assert!(!report.has_at_least(Level::PossiblyBreaking));
    assert!(report.has_at_least(Level::NonBreaking));
}

#[test]
fn a_spec_that_does_not_lint_is_refused_with_its_problems() {
    let problems = diff::side("broken.yaml", "broken", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: {}\n")
        .err()
        .expect("refused");
    assert!(
        problems
            .iter()
            .any(|p| p.to_string().contains("broken.yaml"))
    );
}

/// A default on an answer field fills it when absent; the wire still does not require it, so
/// the review must not call it "required false → true".
#[test]
fn a_default_on_an_answer_field_does_not_make_it_required() {
    let old = base();
    let mut new = old.clone();
    set(
        &mut new,
        &format!("{RESPONSE}/properties/total/default"),
        json!(0),
    );
    let report = report(&old, &new);
    let changes: Vec<String> = report
        .vendors
        .iter()
        .flat_map(|v| &v.changes)
        .map(|c| format!("{}: {}", c.subject, c.change))
        .collect();
    assert!(
        !changes.iter().any(|c| c.contains("required")),
        "{changes:#?}"
    );
    assert!(
        changes.iter().any(|c| c.starts_with("OrderAnswer.total")),
        "the default itself is reported: {changes:#?}"
    );
}
