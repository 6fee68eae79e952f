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
#[inline]
pub fn field<'a>(path: &'a Path<'a>, name: &'a str) -> Path<'a> {
    Path::Field(path, name)
}

/// `path[i]`.
#[inline]
pub fn index<'a>(path: &'a Path<'a>, i: usize) -> Path<'a> {
    Path::Index(path, i)
}

/// Records a violation: the one place a path is written out. Cold, so the checks around it stay
/// small enough to inline.
#[cold]
#[inline(never)]
fn push<P: Display + ?Sized>(out: &mut Vec<Violation>, path: &P, rule: String) {
    out.push(Violation {
        path: path.to_string(),
        rule,
    });
}

/// Length in characters (not bytes: Korean and Chinese text counts per character). Inlined: the
/// byte count usually settles both bounds (a UTF-8 character takes one to four bytes), and only
/// then are characters counted, out of line.
#[inline]
pub fn length<P: Display + ?Sized>(
    path: &P,
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
    out: &mut Vec<Violation>,
) {
    let bytes = value.len() as u64;
    if min.is_none_or(|m| bytes.div_ceil(4) >= m) && max.is_none_or(|m| bytes <= m) {
        return;
    }
    // A short value (a country code, say) is counted here: each byte that does not continue a
    // character starts one.
    if bytes <= 16 {
        let n = value.bytes().filter(|b| (*b as i8) >= -0x40).count() as u64;
        if min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m) {
            return;
        }
    }
    counted_length(path, value, min, max, out);
}

#[inline(never)]
fn counted_length<P: Display + ?Sized>(
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
        if distance_to_integer(value / m) > 1e-9 {
            push(
                out,
                path,
                format!("must be a multiple of {} (is {shown})", Shown(m)),
            );
        }
    }
}

/// Checks an integer against a [`Range`]. Inlined, so with the generated code's constant bounds
/// the test of an integral `multipleOf` is an integer remainder by a constant (a multiplication),
/// not a floating-point division; what it reports is what [`number`] reports.
#[inline]
pub fn integer<P: Display + ?Sized>(path: &P, value: i64, range: &Range, out: &mut Vec<Violation>) {
    let as_f64 = value as f64;
    let within = range.minimum.is_none_or(|m| as_f64 >= m)
        && range.maximum.is_none_or(|m| as_f64 <= m)
        && range.exclusive_minimum.is_none_or(|m| as_f64 > m)
        && range.exclusive_maximum.is_none_or(|m| as_f64 < m)
        && range.multiple_of.is_none_or(|m| match exact_integer(m) {
            Some(0) => true,
            Some(m) => value % m == 0,
            None => m <= 0.0 || distance_to_integer(as_f64 / m) <= 1e-9,
        });
    if !within {
        number(path, as_f64, range, out);
    }
}

/// `m` as an `i64` when it is a positive whole number that converts exactly.
#[inline]
fn exact_integer(m: f64) -> Option<i64> {
    (m > 0.0 && m < 9_007_199_254_740_992.0 && m.fract() == 0.0).then_some(m as i64)
}

/// How far `q` lies from the nearest integer. Through an integer conversion rather than
/// `f64::round`, which is a library call on baseline x86-64; beyond 2^52 every `f64` is an integer.
fn distance_to_integer(q: f64) -> f64 {
    if q.abs() >= 4_503_599_627_370_496.0 || q.is_nan() {
        return 0.0;
    }
    let nearest = (q + 0.5_f64.copysign(q)) as i64 as f64;
    (q - nearest).abs()
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
///
/// Both are compared as text, a string by its contents and anything else by its JSON, without
/// allocating when both encode in a few dozen bytes (an id does).
pub fn same_as<F: serde::Serialize + ?Sized, V: serde::Serialize + ?Sized>(
    path: &(impl Display + ?Sized),
    field: &F,
    parameter: &str,
    value: &V,
    out: &mut Vec<Violation>,
) {
    let same = match (ShortJson::of(field), ShortJson::of(value)) {
        (Some(field), _) if field.as_bytes() == b"null" => return,
        (Some(field), Some(value)) => field.same_text(&value),
        _ => None,
    };
    if !same.unwrap_or_else(|| same_text_by_value(field, value)) {
        mismatched_parameter(path, parameter, out);
    }
}

/// [`same_as`] for values too long (or too odd) to compare on the stack.
fn same_text_by_value<F: serde::Serialize + ?Sized, V: serde::Serialize + ?Sized>(
    field: &F,
    value: &V,
) -> bool {
    use crate::envelope::text;
    let Ok(field) = serde_json::to_value(field) else {
        return true;
    };
    if field.is_null() {
        return true;
    }
    let value = serde_json::to_value(value)
        .map(|v| text(&v))
        .unwrap_or_default();
    text(&field) == value
}

#[cold]
#[inline(never)]
fn mismatched_parameter<P: Display + ?Sized>(path: &P, parameter: &str, out: &mut Vec<Violation>) {
    push(
        out,
        path,
        format!("must equal the request's `{parameter}` parameter"),
    );
}

/// A value's JSON when it fits in a small buffer on the stack.
struct ShortJson(Bounded<64>);

impl ShortJson {
    fn of<T: serde::Serialize + ?Sized>(value: &T) -> Option<ShortJson> {
        let mut buffer = Bounded {
            bytes: [0; 64],
            len: 0,
            limit: 64,
        };
        serde_json::to_writer(&mut buffer, value).ok()?;
        Some(ShortJson(buffer))
    }

    fn as_bytes(&self) -> &[u8] {
        &self.0.bytes[..self.0.len]
    }

    /// A string's contents as escaped in the JSON, and whether it is a string.
    fn text(&self) -> (&[u8], bool) {
        match self.as_bytes() {
            [b'"', inner @ .., b'"'] => (inner, true),
            other => (other, false),
        }
    }

    /// Whether the two read as the same text; `None` when only unescaping could tell (a string
    /// with escapes against something that is not a string).
    fn same_text(&self, other: &ShortJson) -> Option<bool> {
        let ((a, a_string), (b, b_string)) = (self.text(), other.text());
        if a_string != b_string && (a.contains(&b'\\') || b.contains(&b'\\')) {
            return None;
        }
        Some(a == b)
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

/// Whether `value` encodes as one of the JSON texts `json`: the test of a conditional rule
/// (`x-rules`). The encoding goes to a buffer on the stack, so a valid request allocates nothing;
/// one longer than every candidate stops early and matches none.
pub fn encodes_as<T: serde::Serialize + ?Sized>(value: &T, json: &[&str]) -> bool {
    const ON_STACK: usize = 64;
    let longest = json.iter().map(|j| j.len()).max().unwrap_or(0);
    if longest > ON_STACK {
        return serde_json::to_string(value).is_ok_and(|text| json.contains(&text.as_str()));
    }
    let mut buffer = Bounded {
        bytes: [0; ON_STACK],
        len: 0,
        limit: longest,
    };
    serde_json::to_writer(&mut buffer, value).is_ok()
        && json
            .iter()
            .any(|j| j.as_bytes() == &buffer.bytes[..buffer.len])
}

/// A writer that refuses more than `limit` bytes.
struct Bounded<const N: usize> {
    bytes: [u8; N],
    len: usize,
    limit: usize,
}

impl<const N: usize> std::io::Write for Bounded<N> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let end = self.len + data.len();
        if end > self.limit {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        self.bytes[self.len..end].copy_from_slice(data);
        self.len = end;
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A documented `pattern` as the generated code checks it.
#[derive(Clone, Copy)]
pub enum Pattern<'a> {
    /// A simple pattern, walked byte by byte.
    Steps(&'a [PatternStep]),
    /// Any other pattern, through the regex engine.
    #[cfg(feature = "pattern")]
    Regex(&'a regex_lite::Regex),
}

impl Pattern<'_> {
    /// Whether the whole of `value` matches.
    #[inline]
    pub fn is_match(&self, value: &str) -> bool {
        match self {
            Pattern::Steps(steps) => {
                PatternStep::walk(steps, value.as_bytes(), 0) == Some(value.len())
            }
            #[cfg(feature = "pattern")]
            Pattern::Regex(regex) => regex.is_match(value),
        }
    }
}

/// One step of a pattern the generator proved a greedy walk decides exactly (anchored, ASCII
/// classes, counts, optional groups that never compete with what follows them): no engine, no
/// allocation. Sets are bit masks over ASCII, so a non-ASCII byte matches no step.
#[derive(Debug, Clone, Copy)]
pub enum PatternStep {
    /// `min..=max` bytes of `set`.
    Run {
        /// Bit `b` is set when byte `b` may occur.
        set: u128,
        /// The fewest bytes.
        min: u32,
        /// The most bytes (`u32::MAX` for no bound).
        max: u32,
    },
    /// `(...)?`, entered when the next byte is in `first`.
    Optional {
        /// Every byte the group can start with.
        first: u128,
        /// The group.
        steps: &'static [PatternStep],
    },
}

impl PatternStep {
    /// A run of bytes from `ranges`, inclusive pairs (`b"09AZ"` is `[0-9A-Z]`); `max` `None` is
    /// unbounded.
    pub const fn run(ranges: &[u8], min: u32, max: Option<u32>) -> PatternStep {
        let max = match max {
            Some(max) => max,
            None => u32::MAX,
        };
        PatternStep::Run {
            set: byte_set(ranges),
            min,
            max,
        }
    }

    /// An optional group; `first` lists the bytes it can start with, as ranges.
    pub const fn optional(first: &[u8], steps: &'static [PatternStep]) -> PatternStep {
        PatternStep::Optional {
            first: byte_set(first),
            steps,
        }
    }

    /// Where the steps end when walked from `at`, or `None` when they do not match there.
    /// Inlined, so the generated code's constant steps unroll into byte tests; an optional group
    /// is walked out of line.
    #[inline]
    fn walk(steps: &[PatternStep], bytes: &[u8], mut at: usize) -> Option<usize> {
        for step in steps {
            match *step {
                PatternStep::Run { set, min, max } => {
                    let rest = &bytes[at..];
                    let limit = rest.len().min(max as usize);
                    let taken = rest[..limit]
                        .iter()
                        .position(|b| !in_set(set, *b))
                        .unwrap_or(limit);
                    if taken < min as usize {
                        return None;
                    }
                    at += taken;
                }
                PatternStep::Optional { first, steps } => {
                    if bytes.get(at).is_some_and(|b| in_set(first, *b)) {
                        at = PatternStep::walk_group(steps, bytes, at)?;
                    }
                }
            }
        }
        Some(at)
    }

    #[inline(never)]
    fn walk_group(steps: &[PatternStep], bytes: &[u8], at: usize) -> Option<usize> {
        PatternStep::walk(steps, bytes, at)
    }
}

const fn byte_set(ranges: &[u8]) -> u128 {
    let mut set = 0u128;
    let mut i = 0;
    while i + 1 < ranges.len() {
        let mut byte = ranges[i];
        while byte <= ranges[i + 1] && byte < 128 {
            set |= 1u128 << byte;
            byte += 1;
        }
        i += 2;
    }
    set
}

/// Whether `byte` is in an ASCII bit set: a non-ASCII byte never is. A shift and a mask, no
/// branch on the byte.
#[inline]
fn in_set(set: u128, byte: u8) -> bool {
    (set >> (byte & 127)) & u128::from(byte < 128) & 1 == 1
}

/// Checks `value` against a pattern; `source` is the pattern as the spec writes it.
#[inline]
pub fn pattern<P: Display + ?Sized>(
    path: &P,
    value: &str,
    pattern: &Pattern<'_>,
    source: &str,
    out: &mut Vec<Violation>,
) {
    if !pattern.is_match(value) {
        mismatch(path, value, source, out);
    }
}

#[cold]
#[inline(never)]
fn mismatch<P: Display + ?Sized>(path: &P, value: &str, source: &str, out: &mut Vec<Violation>) {
    push(out, path, format!("must match {source} (is {value:?})"));
}

/// Checks a secret against a pattern; the violation names the pattern, never the value.
pub fn secret_pattern<P: Display + ?Sized>(
    path: &P,
    exposed: &str,
    pattern: &Pattern<'_>,
    source: &str,
    out: &mut Vec<Violation>,
) {
    if !pattern.is_match(exposed) {
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
    fn rule_tests_compare_encodings() {
        assert!(encodes_as(&Some(false), &["false"]));
        assert!(!encodes_as(&Some(true), &["false"]));
        assert!(!encodes_as(&None::<bool>, &["false"]));
        assert!(encodes_as(&None::<bool>, &["null"]));
        assert!(encodes_as(&Some("EPOST"), &["\"CJGLS\"", "\"EPOST\""]));
        assert!(!encodes_as(&Some("EPOST-EXPRESS"), &["\"EPOST\""]));
        assert!(!encodes_as(&"x".repeat(500), &["\"x\""]));
        let long = format!("\"{}\"", "y".repeat(100));
        assert!(encodes_as(&"y".repeat(100), &[long.as_str()]));
    }

    #[test]
    fn byte_steps_walk_runs_and_optional_groups() {
        // ^[0-9-]{9,13}$
        const PHONE: &[PatternStep] = &[PatternStep::run(b"--09", 9, Some(13))];
        // ^\d+(\.\d{1,2})?$
        const AMOUNT: &[PatternStep] = &[
            PatternStep::run(b"09", 1, None),
            PatternStep::optional(
                b"..",
                &[
                    PatternStep::run(b"..", 1, Some(1)),
                    PatternStep::run(b"09", 1, Some(2)),
                ],
            ),
        ];
        let phone = Pattern::Steps(PHONE);
        assert!(phone.is_match("02-1234-5678"));
        assert!(!phone.is_match("02-1234"));
        assert!(!phone.is_match("02-1234-5678-9012"));
        assert!(!phone.is_match("02 1234 5678"));
        assert!(!phone.is_match("０２-1234-5678"));
        let amount = Pattern::Steps(AMOUNT);
        for ok in ["0", "12", "12.5", "12.50"] {
            assert!(amount.is_match(ok), "{ok}");
        }
        for bad in ["", ".5", "12.", "12.505", "12,5", "1.2.3"] {
            assert!(!amount.is_match(bad), "{bad}");
        }
    }

    #[test]
    fn lengths_count_characters_whichever_way_they_are_settled() {
        // Short and long values, one- to four-byte characters, bounds on every side of the count:
        // the byte shortcut, the short inline count and the long count must all agree with
        // counting characters.
        let pieces = ["a", "가", "é", "😀", "中文", "KR"];
        for length_in_pieces in 0..14 {
            for first in 0..pieces.len() {
                let value: String = (0..length_in_pieces)
                    .map(|i| pieces[(first + i) % pieces.len()])
                    .collect();
                let n = value.chars().count() as u64;
                for min in [
                    None,
                    Some(0),
                    Some(n.saturating_sub(1)),
                    Some(n),
                    Some(n + 1),
                ] {
                    for max in [None, Some(n.saturating_sub(1)), Some(n), Some(n + 1)] {
                        let mut out = Vec::new();
                        length("v", &value, min, max, &mut out);
                        let expected = usize::from(min.is_some_and(|m| n < m))
                            + usize::from(max.is_some_and(|m| n > m));
                        assert_eq!(out.len(), expected, "{value:?} {min:?} {max:?}: {out:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_field_repeating_a_parameter_is_compared_as_text() {
        let differs = |field: &serde_json::Value, value: &serde_json::Value| {
            let mut out = Vec::new();
            same_as("vendorId", field, "vendorId", value, &mut out);
            !out.is_empty()
        };
        use serde_json::json;
        let long = "x".repeat(100);
        let same = [
            (json!("A00012345"), json!("A00012345")),
            (json!("123"), json!(123)),
            (json!(123), json!("123")),
            (json!(null), json!("anything")),
            (
                json!("따옴표 \"와\" 역슬래시 \\"),
                json!("따옴표 \"와\" 역슬래시 \\"),
            ),
            (json!(long), json!(long)),
            (json!("[1,2]"), json!([1, 2])),
            (json!("{\"a\":1}"), json!({"a": 1})),
        ];
        for (field, value) in &same {
            assert!(!differs(field, value), "{field} against {value}");
        }
        let different = [
            (json!("A00012345"), json!("A00012346")),
            (json!("123"), json!(124)),
            (json!(true), json!("false")),
            (json!("a\"b"), json!("a\\\"b")),
            (json!(long), json!(format!("{long}y"))),
        ];
        for (field, value) in &different {
            assert!(differs(field, value), "{field} against {value}");
        }
    }

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
