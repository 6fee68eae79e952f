//! Checking requests against the vendor's documented constraints before they are sent.
//!
//! Generated request types implement [`Validate`] by calling these helpers field by field; paths
//! use wire names (`placeAddresses[0].returnZipCode`) because that is what the vendor's page says.

use std::fmt::{self, Display};

use crate::error::Violation;

/// A value that can check itself against its documented constraints.
pub trait Validate {
    /// Adds every broken constraint under `path` to `out`.
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>);

    /// Every broken constraint, or `Ok` when there is none.
    fn validate(&self) -> Result<(), Vec<Violation>> {
        let mut out = Vec::new();
        self.validate_at(&Path::ROOT, &mut out);
        if out.is_empty() { Ok(()) } else { Err(out) }
    }
}

/// Where a value sits in a request (`placeAddresses[0].returnZipCode`, wire names), built as the
/// check descends and written out only when a violation is recorded: a valid request allocates
/// nothing for its paths.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// A path given whole, such as a parameter's name; empty at the top of a body.
    Start(&'a str),
    /// A member of the value at the parent path.
    Field(&'a Path<'a>, &'a str),
    /// An item of the list at the parent path.
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// The top of a body.
    pub const ROOT: Path<'static> = Path::Start("");

    fn is_root(&self) -> bool {
        matches!(self, Path::Start(""))
    }
}

impl Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Start(start) => f.write_str(start),
            Path::Field(parent, name) if parent.is_root() => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>) {
        if let Some(v) = self {
            v.validate_at(path, out);
        }
    }
}

/// A list body is borrowed as a slice (`&[T]`), so slices check their items as lists do.
impl<T: Validate> Validate for [T] {
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>) {
        for (i, v) in self.iter().enumerate() {
            v.validate_at(&index(path, i), out);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>) {
        self.as_slice().validate_at(path, out);
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out);
    }
}

/// Values with no constraints of their own.
macro_rules! unconstrained {
    ($($t:ty),*) => {$(
        impl Validate for $t {
            fn validate_at(&self, _: &Path<'_>, _: &mut Vec<Violation>) {}
        }
    )*};
}
unconstrained!(
    String,
    crate::Secret,
    bool,
    i32,
    i64,
    u32,
    u64,
    f32,
    f64,
    serde_json::Value
);

impl<K, V> Validate for serde_json::Map<K, V> {
    fn validate_at(&self, _: &Path<'_>, _: &mut Vec<Violation>) {}
}

/// `path.name`, or `name` at the top.
pub fn field<'a>(path: &'a Path<'a>, name: &'a str) -> Path<'a> {
    Path::Field(path, name)
}

/// `path[i]`.
pub fn index<'a>(path: &'a Path<'a>, i: usize) -> Path<'a> {
    Path::Index(path, i)
}

/// Records a violation: the one place a path is written out.
fn push<P: Display + ?Sized>(out: &mut Vec<Violation>, path: &P, rule: String) {
    out.push(Violation {
        path: path.to_string(),
        rule,
    });
}

/// Length in characters (not bytes: Korean and Chinese text counts per character).
pub fn length<P: Display + ?Sized>(
    path: &P,
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
    out: &mut Vec<Violation>,
) {
    let n = value.chars().count() as u64;
    if let Some(min) = min.filter(|m| n < *m) {
        push(
            out,
            path,
            format!("must be at least {min} characters long (is {n})"),
        );
    }
    if let Some(max) = max.filter(|m| n > *m) {
        push(
            out,
            path,
            format!("must be at most {max} characters long (is {n})"),
        );
    }
}

/// Number of items in a list.
pub fn items<P: Display + ?Sized>(
    path: &P,
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
    out: &mut Vec<Violation>,
) {
    let n = len as u64;
    if let Some(min) = min.filter(|m| n < *m) {
        push(
            out,
            path,
            format!("must have at least {min} item(s) (has {n})"),
        );
    }
    if let Some(max) = max.filter(|m| n > *m) {
        push(
            out,
            path,
            format!("must have at most {max} item(s) (has {n})"),
        );
    }
}

/// The numeric constraints of one schema.
#[derive(Debug, Clone, Copy, Default)]
pub struct Range {
    /// `minimum`
    pub minimum: Option<f64>,
    /// `maximum`
    pub maximum: Option<f64>,
    /// `exclusiveMinimum`
    pub exclusive_minimum: Option<f64>,
    /// `exclusiveMaximum`
    pub exclusive_maximum: Option<f64>,
    /// `multipleOf`
    pub multiple_of: Option<f64>,
}

impl Range {
    /// No bound at all; generated code names only the bounds a schema sets, then `..Range::NONE`.
    pub const NONE: Range = Range {
        minimum: None,
        maximum: None,
        exclusive_minimum: None,
        exclusive_maximum: None,
        multiple_of: None,
    };
}

/// Checks a number against a [`Range`].
pub fn number<P: Display + ?Sized>(path: &P, value: f64, range: &Range, out: &mut Vec<Violation>) {
    let shown = Shown(value);
    if let Some(m) = range.minimum.filter(|m| value < *m) {
        push(
            out,
            path,
            format!("must be at least {} (is {shown})", Shown(m)),
        );
    }
    if let Some(m) = range.maximum.filter(|m| value > *m) {
        push(
            out,
            path,
            format!("must be at most {} (is {shown})", Shown(m)),
        );
    }
    if let Some(m) = range.exclusive_minimum.filter(|m| value <= *m) {
        push(
            out,
            path,
            format!("must be greater than {} (is {shown})", Shown(m)),
        );
    }
    if let Some(m) = range.exclusive_maximum.filter(|m| value >= *m) {
        push(
            out,
            path,
            format!("must be less than {} (is {shown})", Shown(m)),
        );
    }
    if let Some(m) = range.multiple_of.filter(|m| *m > 0.0) {
        let q = value / m;
        if (q - q.round()).abs() > 1e-9 {
            push(
                out,
                path,
                format!("must be a multiple of {} (is {shown})", Shown(m)),
            );
        }
    }
}

/// `not: {exclusiveMinimum: low, exclusiveMaximum: high}`: the value must not lie strictly between.
pub fn not_between<P: Display + ?Sized>(
    path: &P,
    value: f64,
    low: f64,
    high: f64,
    out: &mut Vec<Violation>,
) {
    if value > low && value < high {
        push(
            out,
            path,
            format!(
                "must not be between {} and {} (is {})",
                Shown(low),
                Shown(high),
                Shown(value)
            ),
        );
    }
}

/// A value that must equal one of a closed set (used for request-side values of open types).
pub fn one_of<P: Display + ?Sized>(
    path: &P,
    value: &str,
    allowed: &[&str],
    out: &mut Vec<Violation>,
) {
    if !allowed.contains(&value) {
        push(
            out,
            path,
            format!("must be one of {} (is {value:?})", allowed.join(", ")),
        );
    }
}

/// A body field that must repeat a parameter of the request (`x-same-as-parameter`); nothing
/// to check when the field is left out. Neither value is quoted: either may be an account id.
pub fn same_as<F: serde::Serialize + ?Sized, V: serde::Serialize + ?Sized>(
    path: &(impl Display + ?Sized),
    field: &F,
    parameter: &str,
    value: &V,
    out: &mut Vec<Violation>,
) {
    use crate::envelope::text;
    let Ok(field) = serde_json::to_value(field) else {
        return;
    };
    if field.is_null() {
        return;
    }
    let value = serde_json::to_value(value)
        .map(|v| text(&v))
        .unwrap_or_default();
    if text(&field) != value {
        push(
            out,
            path,
            format!("must equal the request's `{parameter}` parameter"),
        );
    }
}

/// A field that a condition makes required.
pub fn required<P: Display + ?Sized>(path: &P, present: bool, why: &str, out: &mut Vec<Violation>) {
    if !present {
        push(out, path, format!("is required {why}"));
    }
}

/// A field that a condition forbids.
pub fn absent<P: Display + ?Sized>(path: &P, present: bool, why: &str, out: &mut Vec<Violation>) {
    if present {
        push(out, path, format!("must be left out {why}"));
    }
}

/// Checks `value` against a compiled pattern; `source` is the pattern as the spec writes it.
#[cfg(feature = "pattern")]
pub fn pattern<P: Display + ?Sized>(
    path: &P,
    value: &str,
    regex: &regex_lite::Regex,
    source: &str,
    out: &mut Vec<Violation>,
) {
    if !regex.is_match(value) {
        push(out, path, format!("must match {source} (is {value:?})"));
    }
}

/// Checks a secret against a compiled pattern; the violation names the pattern, never the value.
#[cfg(feature = "pattern")]
pub fn secret_pattern<P: Display + ?Sized>(
    path: &P,
    value: &crate::Secret,
    regex: &regex_lite::Regex,
    source: &str,
    out: &mut Vec<Violation>,
) {
    if !regex.is_match(value.expose()) {
        push(
            out,
            path,
            format!("must match {source} (the value is a secret)"),
        );
    }
}

/// Numbers as a person writes them: `20000`, not `20000.0`.
struct Shown(f64);

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 {
            write!(f, "{}", self.0 as i64)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_report_wire_paths_and_readable_rules() {
        let mut out = Vec::new();
        length(
            &field(&Path::Start("a"), "name"),
            "가나다",
            Some(1),
            Some(2),
            &mut out,
        );
        items("list", 0, Some(1), None, &mut out);
        let range = Range {
            minimum: Some(0.0),
            maximum: Some(20000.0),
            multiple_of: Some(100.0),
            ..Range::default()
        };
        number(&index(&Path::Start("fees"), 1), 150.0, &range, &mut out);
        number("ok", 20000.0, &range, &mut out);
        not_between("jeju", 500.0, 0.0, 1000.0, &mut out);
        not_between("jeju", 0.0, 0.0, 1000.0, &mut out);
        let shown: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "a.name: must be at most 2 characters long (is 3)",
                "list: must have at least 1 item(s) (has 0)",
                "fees[1]: must be a multiple of 100 (is 150)",
                "jeju: must not be between 0 and 1000 (is 500)",
            ]
        );
    }

    #[test]
    fn paths_are_written_with_wire_names_dots_and_indexes() {
        let places = field(&Path::ROOT, "placeAddresses");
        let first = index(&places, 0);
        assert_eq!(
            field(&first, "returnZipCode").to_string(),
            "placeAddresses[0].returnZipCode"
        );
        assert_eq!(index(&Path::ROOT, 2).to_string(), "[2]");
        assert_eq!(field(&Path::Start("body"), "x").to_string(), "body.x");
    }
}
