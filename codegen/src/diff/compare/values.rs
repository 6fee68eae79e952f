//! What a changed constraint or fact does to the set of valid values, and what that does on the
//! wire in each direction.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diff::Level;
use crate::model::{Constraints, Direction, Facts};

/// Which way a change moves the set of valid values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Effect {
    /// Fewer values are valid.
    Narrows,
    /// More values are valid.
    Widens,
    /// Some values become valid and others invalid.
    Incomparable,
    /// Cannot be told from the keywords alone (two different patterns).
    Unknown,
}

/// The wire verdict of `effect` on values travelling `direction`: a client must send only what
/// the server accepts and must accept whatever the server sends.
pub(super) fn wire(direction: Direction, effect: Effect) -> Level {
    let request = match effect {
        Effect::Narrows | Effect::Incomparable => Level::Breaking,
        Effect::Widens => Level::NonBreaking,
        Effect::Unknown => Level::PossiblyBreaking,
    };
    let response = match effect {
        Effect::Widens | Effect::Incomparable => Level::Breaking,
        Effect::Narrows => Level::NonBreaking,
        Effect::Unknown => Level::PossiblyBreaking,
    };
    match direction {
        Direction::Request => request,
        Direction::Response => response,
        Direction::Both => request.min(response),
    }
}

/// Each constraint that differs, described, with what it does to the set of valid values.
pub(super) fn constraint_changes(old: &Constraints, new: &Constraints) -> Vec<(String, Effect)> {
    let mut out = Vec::new();
    let show = |v: Option<f64>| v.map_or("none".to_owned(), |v| v.to_string());
    // A lower bound that rises, or an upper bound that falls, accepts less.
    let mut bound = |name: &str, a: Option<f64>, b: Option<f64>, lower: bool| {
        if a == b {
            return;
        }
        let effect = match (a, b) {
            (None, Some(_)) => Effect::Narrows,
            (Some(_), None) => Effect::Widens,
            (Some(a), Some(b)) if (b > a) == lower => Effect::Narrows,
            _ => Effect::Widens,
        };
        out.push((format!("{name} {} → {}", show(a), show(b)), effect));
    };
    let n = |v: Option<u64>| v.map(|v| v as f64);
    bound("minimum", old.minimum, new.minimum, true);
    bound(
        "exclusiveMinimum",
        old.exclusive_minimum,
        new.exclusive_minimum,
        true,
    );
    bound("minLength", n(old.min_length), n(new.min_length), true);
    bound("minItems", n(old.min_items), n(new.min_items), true);
    bound("maximum", old.maximum, new.maximum, false);
    bound(
        "exclusiveMaximum",
        old.exclusive_maximum,
        new.exclusive_maximum,
        false,
    );
    bound("maxLength", n(old.max_length), n(new.max_length), false);
    bound("maxItems", n(old.max_items), n(new.max_items), false);
    if old.multiple_of != new.multiple_of {
        let effect = match (old.multiple_of, new.multiple_of) {
            (None, Some(_)) => Effect::Narrows,
            (Some(_), None) => Effect::Widens,
            // Every multiple of 10 is a multiple of 5: a multiple of the old step narrows.
            (Some(a), Some(b)) if a != 0.0 && (b / a).fract() == 0.0 => Effect::Narrows,
            (Some(a), Some(b)) if b != 0.0 && (a / b).fract() == 0.0 => Effect::Widens,
            _ => Effect::Incomparable,
        };
        out.push((
            format!(
                "multipleOf {} → {}",
                show(old.multiple_of),
                show(new.multiple_of)
            ),
            effect,
        ));
    }
    if old.not_between != new.not_between {
        out.push((
            format!(
                "excluded range {:?} → {:?}",
                old.not_between, new.not_between
            ),
            Effect::Unknown,
        ));
    }
    if old.one_of != new.one_of {
        out.push((
            format!(
                "allowed values [{}] → [{}]",
                old.one_of.join(", "),
                new.one_of.join(", ")
            ),
            list_effect(&old.one_of, &new.one_of),
        ));
    }
    let none = Constraints::default();
    if old.items.is_some() || new.items.is_some() {
        let (a, b) = (
            old.items.as_deref().unwrap_or(&none),
            new.items.as_deref().unwrap_or(&none),
        );
        out.extend(
            constraint_changes(a, b)
                .into_iter()
                .map(|(w, e)| (format!("items: {w}"), e)),
        );
    }
    out
}

/// A list of allowed values changing: none means anything is allowed.
fn list_effect<T: PartialEq>(old: &[T], new: &[T]) -> Effect {
    if old.is_empty() {
        return Effect::Narrows;
    }
    if new.is_empty() {
        return Effect::Widens;
    }
    let removed = old.iter().any(|v| !new.contains(v));
    let added = new.iter().any(|v| !old.contains(v));
    match (removed, added) {
        (true, true) => Effect::Incomparable,
        (true, false) => Effect::Narrows,
        _ => Effect::Widens,
    }
}

/// A pattern that every string matches.
fn matches_everything(pattern: &str) -> bool {
    matches!(
        pattern,
        "" | ".*" | "^.*$" | "^.*" | ".*$" | "[\\s\\S]*" | "^[\\s\\S]*$"
    )
}

/// Each fact that differs: format, pattern, non-string values, object keywords.
pub(super) fn fact_changes(old: &Facts, new: &Facts) -> Vec<(String, Effect)> {
    let mut out = Vec::new();
    let text = |v: &Option<String>| v.as_deref().map_or("none".to_owned(), |s| format!("{s:?}"));
    let presence = |a: bool, b: bool| match (a, b) {
        (false, true) => Effect::Narrows,
        (true, false) => Effect::Widens,
        _ => Effect::Incomparable,
    };
    if old.format != new.format {
        out.push((
            format!("format {} → {}", text(&old.format), text(&new.format)),
            presence(old.format.is_some(), new.format.is_some()),
        ));
    }
    if old.pattern != new.pattern {
        let everything = |p: &Option<String>| p.as_deref().is_none_or(matches_everything);
        let effect = match (everything(&old.pattern), everything(&new.pattern)) {
            (true, false) => Effect::Narrows,
            (false, true) => Effect::Widens,
            (true, true) => Effect::Widens,
            (false, false) => Effect::Unknown,
        };
        out.push((
            format!("pattern {} → {}", text(&old.pattern), text(&new.pattern)),
            effect,
        ));
    }
    if old.values != new.values {
        let show = |v: &[Value]| {
            v.iter()
                .map(Value::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push((
            format!(
                "allowed values [{}] → [{}]",
                show(&old.values),
                show(&new.values)
            ),
            list_effect(&old.values, &new.values),
        ));
    }
    let keys: BTreeSet<&String> = old.object.keys().chain(new.object.keys()).collect();
    for key in keys {
        let (a, b) = (old.object.get(key), new.object.get(key));
        if a == b {
            continue;
        }
        let effect = match key.as_str() {
            "required" => {
                let names = |v: Option<&Value>| -> Vec<Value> {
                    v.and_then(Value::as_array).cloned().unwrap_or_default()
                };
                let (a, b) = (names(a), names(b));
                // More required names accept fewer objects.
                let added = b.iter().any(|n| !a.contains(n));
                let removed = a.iter().any(|n| !b.contains(n));
                match (added, removed) {
                    (true, true) => Effect::Incomparable,
                    (true, false) => Effect::Narrows,
                    _ => Effect::Widens,
                }
            }
            "minProperties" | "maxProperties" => {
                let (x, y) = (a.and_then(Value::as_f64), b.and_then(Value::as_f64));
                match (x, y) {
                    (None, Some(_)) => Effect::Narrows,
                    (Some(x), Some(y)) if (y > x) == (key == "minProperties") => Effect::Narrows,
                    _ => Effect::Widens,
                }
            }
            _ => match (a, b) {
                (None, Some(_)) => Effect::Narrows,
                (Some(_), None) => Effect::Widens,
                _ => Effect::Unknown,
            },
        };
        let show = |v: Option<&Value>| v.map_or("none".to_owned(), Value::to_string);
        out.push((format!("{key} {} → {}", show(a), show(b)), effect));
    }
    out
}
