//! The diff rules: each case edits one thing in `diff/base.yaml`, compares the two specs, checks
//! the worst wire level and the worst Rust impact found, and snapshots the report as text. Each
//! case's Rust verdict is then checked against the generated code itself: both sides are
//! emitted, their public APIs read with syn and compared by semver's rules. A combined case is
//! snapshotted as the Markdown a pull request shows, one as JSON, one as GitHub annotations.

#[path = "diff/public_api.rs"]
mod public_api;

use commerce_apis_codegen::diff::{self, Format, Impact, Level, Report, Side};
use commerce_apis_codegen::lint::Rules;
use serde_json::{Value, json};

const BASE: &str = include_str!("diff/base.yaml");

fn side(root: &Value) -> Side {
    let text = serde_json::to_string(root).expect("json");
    diff::side("edited.json", "orders", &text, Rules::House)
        .unwrap_or_else(|p| panic!("the edited spec must lint: {p:#?}"))
}

fn base() -> Value {
    let side =
        diff::side("base.yaml", "orders", BASE, Rules::House).unwrap_or_else(|p| panic!("{p:#?}"));
    Value::clone(&side.spec.root)
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

/// Replaces every `$ref` to schema `from` with one to `to`.
fn retarget(node: &mut Value, from: &str, to: &str) {
    match node {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == "$ref" && value == &json!(format!("#/components/schemas/{from}")) {
                    *value = json!(format!("#/components/schemas/{to}"));
                } else {
                    retarget(value, from, to);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| retarget(v, from, to)),
        _ => {}
    }
}

/// (rule, the worst wire level, the worst Rust impact, the edit).
fn cases() -> Vec<(&'static str, Level, Impact, Edit)> {
    vec![
        ("operation_removed", Level::Breaking, Impact::Major, |r| {
            remove(r, "/paths/~1orders~1{id}")
        }),
        ("operation_added", Level::NonBreaking, Impact::Minor, |r| {
            set(
                r,
                "/paths/~1orders~1{id}/delete",
                json!({"operationId": "cancelOrder", "summary": "Cancel", "description": "Cancels an order.", "parameters": [{"name": "id", "in": "path", "required": true, "description": "The order id.", "schema": {"type": "string", "description": "An order id."}}], "responses": {"204": {"description": "Cancelled."}}}),
            )
        }),
        (
            "operation_method_changed",
            Level::Breaking,
            Impact::None,
            |r| {
                let op = at(r, ANSWER).clone();
                remove(r, ANSWER);
                set(r, "/paths/~1orders~1{id}/post", op);
            },
        ),
        (
            "required_parameter_added",
            Level::Breaking,
            Impact::Major,
            |r| {
                set(
                    r,
                    &format!("{ANSWER}/parameters/-"),
                    json!({"name": "since", "in": "query", "required": true, "description": "From.", "schema": {"type": "string", "description": "A day."}}),
                )
            },
        ),
        (
            "optional_parameter_added",
            Level::NonBreaking,
            Impact::Major,
            |r| {
                set(
                    r,
                    &format!("{ANSWER}/parameters/-"),
                    json!({"name": "lang", "in": "query", "description": "Language.", "schema": {"type": "string", "description": "A code."}}),
                )
            },
        ),
        (
            "parameter_removed",
            Level::PossiblyBreaking,
            Impact::Major,
            |r| {
                at(r, &format!("{ANSWER}/parameters"))
                    .as_array_mut()
                    .expect("list")
                    .remove(1);
            },
        ),
        (
            "parameter_becomes_required",
            Level::Breaking,
            Impact::Major,
            |r| set(r, &format!("{ANSWER}/parameters/2/required"), json!(true)),
        ),
        (
            "parameter_maximum_tightened",
            Level::Breaking,
            Impact::None,
            |r| {
                set(
                    r,
                    &format!("{ANSWER}/parameters/2/schema/maximum"),
                    json!(50),
                )
            },
        ),
        (
            "parameter_maximum_loosened",
            Level::NonBreaking,
            Impact::None,
            |r| {
                set(
                    r,
                    &format!("{ANSWER}/parameters/2/schema/maximum"),
                    json!(500),
                )
            },
        ),
        (
            "parameter_format_added",
            Level::Breaking,
            Impact::None,
            |r| {
                set(
                    r,
                    &format!("{ANSWER}/parameters/2/schema/format"),
                    json!("int32"),
                )
            },
        ),
        (
            "parameter_default_changed",
            Level::Breaking,
            Impact::None,
            |r| {
                set(
                    r,
                    &format!("{ANSWER}/parameters/2/schema/default"),
                    json!(20),
                )
            },
        ),
        (
            "parameter_pattern_matches_everything",
            Level::NonBreaking,
            Impact::None,
            |r| {
                set(
                    r,
                    &format!("{ANSWER}/parameters/0/schema/pattern"),
                    json!(""),
                )
            },
        ),
        (
            "required_request_field_added",
            Level::Breaking,
            Impact::Minor,
            |r| {
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
            },
        ),
        (
            "required_request_field_with_default_added",
            Level::Breaking,
            Impact::Minor,
            |r| {
                set(
                    r,
                    &format!("{REQUEST}/properties/currency"),
                    json!({"type": "string", "description": "ISO 4217.", "default": "KRW"}),
                );
                set(r, &format!("{REQUEST}/required/-"), json!("currency"));
                set(
                    r,
                    "/paths/~1orders/post/requestBody/content/application~1json/examples/simple/value/currency",
                    json!("KRW"),
                );
            },
        ),
        (
            "optional_request_field_added",
            Level::NonBreaking,
            Impact::Minor,
            |r| {
                set(
                    r,
                    &format!("{REQUEST}/properties/giftWrap"),
                    json!({"type": "boolean", "description": "Wrap it."}),
                )
            },
        ),
        (
            "request_field_removed",
            Level::PossiblyBreaking,
            Impact::Major,
            |r| remove(r, &format!("{REQUEST}/properties/note")),
        ),
        (
            "request_field_renamed",
            Level::Breaking,
            Impact::Major,
            |r| {
                let note = at(r, &format!("{REQUEST}/properties/note")).clone();
                remove(r, &format!("{REQUEST}/properties/note"));
                set(r, &format!("{REQUEST}/properties/comment"), note);
            },
        ),
        (
            "request_field_becomes_optional",
            Level::NonBreaking,
            Impact::Major,
            |r| set(r, &format!("{REQUEST}/required"), json!(["sku"])),
        ),
        (
            "request_field_type_changed",
            Level::Breaking,
            Impact::Major,
            |r| {
                set(
                    r,
                    &format!("{REQUEST}/properties/note/type"),
                    json!("integer"),
                )
            },
        ),
        ("request_format_added", Level::Breaking, Impact::None, |r| {
            set(
                r,
                &format!("{REQUEST}/properties/note/format"),
                json!("email"),
            )
        }),
        (
            "request_enum_value_removed",
            Level::Breaking,
            Impact::Major,
            |r| set(r, "/components/schemas/Channel/enum", json!(["web"])),
        ),
        (
            "request_enum_value_added",
            Level::NonBreaking,
            Impact::Major,
            |r| {
                set(
                    r,
                    "/components/schemas/Channel/enum",
                    json!(["web", "app", "phone"]),
                )
            },
        ),
        (
            "request_integer_enum_value_removed",
            Level::Breaking,
            Impact::None,
            |r| {
                set(
                    r,
                    &format!("{REQUEST}/properties/priority/enum"),
                    json!([1, 2]),
                )
            },
        ),
        (
            "extensible_enum_value_removed",
            Level::Breaking,
            Impact::Major,
            |r| {
                set(
                    r,
                    "/components/schemas/Carrier/x-extensible-enum",
                    json!(["cj"]),
                )
            },
        ),
        (
            "request_constraint_tightened",
            Level::Breaking,
            Impact::None,
            |r| set(r, &format!("{REQUEST}/properties/sku/maxLength"), json!(10)),
        ),
        (
            "request_pattern_added",
            Level::Breaking,
            Impact::None,
            |r| {
                set(
                    r,
                    &format!("{REQUEST}/properties/sku/pattern"),
                    json!("^[A-Z]{2}-[0-9]+$"),
                )
            },
        ),
        (
            "request_default_changed",
            Level::Breaking,
            Impact::None,
            |r| {
                set(
                    r,
                    &format!("{REQUEST}/properties/note/default"),
                    json!("none"),
                )
            },
        ),
        (
            "object_without_properties_restricted",
            Level::Breaking,
            Impact::None,
            |r| {
                set(
                    r,
                    &format!("{REQUEST}/properties/metadata/minProperties"),
                    json!(1),
                );
                set(
                    r,
                    &format!("{REQUEST}/properties/metadata/if"),
                    json!({"required": ["gift"]}),
                );
                set(
                    r,
                    &format!("{REQUEST}/properties/metadata/then"),
                    json!({"required": ["message"]}),
                );
            },
        ),
        ("array_body_min_items", Level::Breaking, Impact::None, |r| {
            set(
                r,
                "/paths/~1orders~1batch/post/requestBody/content/application~1json/schema/minItems",
                json!(1),
            )
        }),
        (
            "request_body_becomes_array",
            Level::Breaking,
            Impact::Major,
            |r| {
                set(r, &format!("{REQUEST}/type"), json!("array"));
                set(
                    r,
                    &format!("{REQUEST}/items"),
                    json!({"type": "string", "description": "A product."}),
                );
                set(
                    r,
                    "/paths/~1orders/post/requestBody/content/application~1json/examples/simple/value",
                    json!(["AB-1"]),
                );
            },
        ),
        (
            "request_body_accepts_null",
            Level::NonBreaking,
            Impact::None,
            |r| {
                set(
                    r,
                    "/paths/~1orders/post/requestBody/content/application~1json/schema",
                    json!({"oneOf": [{"$ref": "#/components/schemas/OrderRequest"}, {"type": "null", "description": "Nothing."}]}),
                )
            },
        ),
        (
            "response_body_may_be_null",
            Level::Breaking,
            Impact::None,
            |r| {
                set(
                    r,
                    &format!("{ANSWER}/responses/200/content/application~1json/schema"),
                    json!({"oneOf": [{"$ref": "#/components/schemas/OrderAnswer"}, {"type": "null", "description": "Nothing."}]}),
                )
            },
        ),
        (
            "discriminator_added",
            Level::NonBreaking,
            Impact::Major,
            |r| {
                set(
                    r,
                    "/components/schemas/Payment/discriminator",
                    json!({"propertyName": "kind", "mapping": {"card": "#/components/schemas/Card", "transfer": "#/components/schemas/Transfer"}}),
                )
            },
        ),
        // A union listing no variants (invalid JSON Schema, found in published documents).
        ("empty_one_of", Level::Breaking, Impact::Major, |r| {
            set(r, "/components/schemas/Payment/oneOf", json!([]))
        }),
        ("schema_renamed", Level::NonBreaking, Impact::Major, |r| {
            let address = at(r, "/components/schemas/Address").clone();
            remove(r, "/components/schemas/Address");
            set(r, "/components/schemas/DeliveryAddress", address);
            retarget(r, "Address", "DeliveryAddress");
        }),
        (
            "response_field_removed",
            Level::PossiblyBreaking,
            Impact::Major,
            |r| remove(r, &format!("{RESPONSE}/properties/tags")),
        ),
        (
            "response_field_added",
            Level::NonBreaking,
            Impact::Minor,
            |r| {
                set(
                    r,
                    &format!("{RESPONSE}/properties/createdAt"),
                    json!({"type": "string", "format": "date-time", "description": "When."}),
                )
            },
        ),
        (
            "response_field_becomes_optional",
            Level::Breaking,
            Impact::Major,
            |r| set(r, &format!("{RESPONSE}/required"), json!(["id"])),
        ),
        (
            "response_field_becomes_nullable",
            Level::Breaking,
            Impact::Major,
            |r| {
                set(
                    r,
                    &format!("{RESPONSE}/properties/id/type"),
                    json!(["string", "null"]),
                )
            },
        ),
        (
            "optional_response_field_becomes_nullable",
            Level::Breaking,
            Impact::None,
            |r| {
                set(
                    r,
                    &format!("{RESPONSE}/properties/total/type"),
                    json!(["number", "null"]),
                )
            },
        ),
        (
            "response_enum_value_added",
            Level::Breaking,
            Impact::Minor,
            |r| {
                set(
                    r,
                    "/components/schemas/OrderState/enum",
                    json!(["open", "shipped", "cancelled"]),
                )
            },
        ),
        (
            "response_enum_value_removed",
            Level::NonBreaking,
            Impact::Major,
            |r| set(r, "/components/schemas/OrderState/enum", json!(["open"])),
        ),
        (
            "response_constraint_added",
            Level::NonBreaking,
            Impact::None,
            |r| set(r, &format!("{RESPONSE}/properties/id/maxLength"), json!(12)),
        ),
        (
            "response_object_closed",
            Level::NonBreaking,
            Impact::Major,
            |r| set(r, &format!("{RESPONSE}/additionalProperties"), json!(false)),
        ),
        (
            "response_const_changed",
            Level::Breaking,
            Impact::None,
            |r| {
                set(
                    r,
                    &format!("{RESPONSE}/properties/result/const"),
                    json!("success"),
                )
            },
        ),
        (
            "required_response_header_removed",
            Level::Breaking,
            Impact::None,
            |r| remove(r, &format!("{ANSWER}/responses/200/headers/X-Rate-Limit")),
        ),
        (
            "both_ways_constraint_tightened",
            Level::Breaking,
            Impact::None,
            |r| {
                set(
                    r,
                    "/components/schemas/Address/properties/city/maxLength",
                    json!(20),
                )
            },
        ),
        (
            "security_scheme_changed",
            Level::Breaking,
            Impact::None,
            |r| set(r, "/components/securitySchemes/apiKey/name", json!("x-key")),
        ),
        (
            "security_requirement_removed",
            Level::NonBreaking,
            Impact::None,
            |r| set(r, "/paths/~1orders/post/security", json!([])),
        ),
        (
            "security_requirement_added",
            Level::Breaking,
            Impact::Minor,
            |r| {
                set(
                    r,
                    "/components/securitySchemes/partner",
                    json!({"type": "http", "scheme": "bearer", "description": "A partner token."}),
                );
                set(
                    r,
                    &format!("{ANSWER}/security"),
                    json!([{"apiKey": [], "partner": []}]),
                );
            },
        ),
        (
            "default_server_changed",
            Level::PossiblyBreaking,
            Impact::None,
            |r| set(r, "/servers/0/url", json!("https://api.orders.example/v2")),
        ),
        (
            "error_answer_removed",
            Level::NonBreaking,
            Impact::Major,
            |r| remove(r, "/paths/~1orders/post/responses/409"),
        ),
        (
            "error_answer_added",
            Level::NonBreaking,
            Impact::Major,
            |r| {
                set(
                    r,
                    &format!("{ANSWER}/responses/404"),
                    json!({"description": "No such order.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}),
                )
            },
        ),
        (
            "documentation_only",
            Level::Documentation,
            Impact::None,
            |r| {
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
            },
        ),
    ]
}

#[test]
fn each_rule_classifies_its_change() {
    let base = base();
    let cases = cases();
    assert!(cases.len() >= 50);
    let mut failures = Vec::new();
    for (name, level, rust, edit) in cases {
        let mut edited = base.clone();
        edit(&mut edited);
        let report = report(&base, &edited);
        let found = (report.worst_level(), report.worst_rust());
        if found != (Some(level), rust) {
            failures.push(format!(
                "{name}: expected ({level:?}, {rust:?}), got {found:?}\n{}",
                diff::render(&report, Format::Text)
            ));
        }
        insta::assert_snapshot!(name, diff::render(&report, Format::Text));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The Rust verdict against reality: each case's crate before and after, generated and compared
/// item by item. A disagreement names the items the generated code really changed.
#[test]
fn each_predicted_rust_verdict_is_what_the_generated_code_does() {
    let base = base();
    let before = public_api::of(&side(&base));
    let mut failures = Vec::new();
    for (name, _, _, edit) in cases() {
        let mut edited = base.clone();
        edit(&mut edited);
        let predicted = report(&base, &edited).worst_rust();
        let changes = public_api::compare(&before, &public_api::of(&side(&edited)));
        let real = changes
            .iter()
            .map(|(impact, _)| *impact)
            .min()
            .unwrap_or(Impact::None);
        if predicted != real {
            failures.push(format!(
                "{name}: predicted {predicted:?}, the generated code changed {real:?}:\n  {}",
                changes
                    .iter()
                    .map(|(i, what)| format!("{i:?} {what}"))
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_change_is_no_change() {
    let base = base();
    let report = report(&base, &base);
    assert_eq!(report.worst_level(), None);
    assert!(report.vendors[0].rust.is_empty());
    assert_eq!(report.vendors[0].status, diff::SpecStatus::Unchanged);
}

fn combined() -> Report {
    let base = base();
    let mut edited = base.clone();
    for (name, _, _, edit) in cases() {
        if matches!(
            name,
            "request_enum_value_removed"
                | "response_enum_value_added"
                | "response_field_becomes_optional"
                | "optional_request_field_added"
                | "documentation_only"
                | "operation_added"
                | "required_response_header_removed"
        ) {
            edit(&mut edited);
        }
    }
    report(&base, &edited)
}

/// What a pull request shows: both verdicts, breaking changes first, the Rust items with their
/// signatures before and after, documentation.
#[test]
fn markdown_for_a_pull_request() {
    let mut report = combined();
    let added = side(&base());
    report
        .vendors
        .push(diff::compare("parcels", None, Some(&added)));
    report
        .vendors
        .push(diff::compare("legacy", Some(&added), None));
    insta::assert_snapshot!("markdown", diff::render(&report, Format::Markdown));
    assert!(report.has_at_least(Level::Breaking));
}

/// GitHub annotations: one per breaking or possibly breaking change, on the spec's line.
#[test]
fn github_annotations_point_at_the_spec() {
    let out = diff::render(&combined(), Format::Github);
    insta::assert_snapshot!("github", out);
    assert!(
        out.lines()
            .all(|l| l.starts_with("::error file=edited.json,line=")
                || l.starts_with("::warning file=edited.json,line="))
    );
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
    let changes = json
        .pointer("/vendors/0/changes")
        .and_then(Value::as_array)
        .expect("changes");
    assert!(!changes.is_empty());
    for change in changes {
        assert!(
            change.get("level").is_some_and(Value::is_string),
            "{change}"
        );
        assert!(change.get("rust").is_some_and(Value::is_string), "{change}");
    }
    assert!(report.reaches(diff::Threshold::Level(Level::Breaking)));
    assert!(report.reaches(diff::Threshold::Rust(Impact::Minor)));
    assert!(!report.reaches(diff::Threshold::Rust(Impact::Major)));
}
#[test]
fn a_spec_that_does_not_lint_is_refused_with_its_problems() {
    let problems = diff::side("broken.yaml", "broken", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: {}\n", Rules::House)
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
