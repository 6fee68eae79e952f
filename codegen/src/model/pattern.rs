//! Documented `pattern`s as the generated code can check them. Documents write ECMA-262 regular
//! expressions; the generated code checks them with `regex-lite`, whose syntax differs in a few
//! places, so a pattern is carried over where it means the same and left unchecked where the
//! engine cannot run it (look-around, back-references, Unicode classes).
//!
//! Most documented patterns are a short anchored run of ASCII classes (`^[0-9-]{9,13}$`,
//! `^[A-Z]{2}[0-9]{9}$`). Those are also compiled to [`PatternStep`]s, which the runtime checks
//! byte by byte without a regex engine: no compilation at first use, no allocation, and a crate
//! whose patterns are all simple links no regex engine at all.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The pattern in the syntax `regex-lite` compiles, or `None` when it cannot be checked there.
pub fn checkable(ecma: &str) -> Option<String> {
    if regex_lite::Regex::new(ecma).is_ok() {
        return Some(ecma.to_owned());
    }
    let translated = literal_class_dashes(ecma);
    regex_lite::Regex::new(&translated)
        .is_ok()
        .then_some(translated)
}

/// ECMA-262 reads a `-` next to a class escape inside `[...]` (`[\w-./:]`) as a literal dash;
/// `regex-lite` refuses the range, so the dash is escaped.
fn literal_class_dashes(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 4);
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                out.push(c);
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '-' if in_class => {
                let after_escape = i >= 2 && chars[i - 2] == '\\' && is_class_escape(chars[i - 1]);
                let before_escape = chars.get(i + 1) == Some(&'\\')
                    && chars.get(i + 2).is_some_and(|c| is_class_escape(*c));
                if after_escape || before_escape {
                    out.push_str("\\-");
                    i += 1;
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

fn is_class_escape(c: char) -> bool {
    matches!(c, 'w' | 'W' | 'd' | 'D' | 's' | 'S')
}

/// One step of a simple pattern, checked greedily: a run of bytes from an ASCII set, or an optional
/// group entered when the next byte can start it. [`simple`] only returns steps for which greedy
/// matching decides exactly what the regular expression does.
#[derive(Debug, Clone, PartialEq)]
pub enum PatternStep {
    /// `min..=max` bytes (no upper bound when `max` is `None`), each in `set` (bit `b` is byte `b`).
    Run {
        set: u128,
        min: u32,
        max: Option<u32>,
    },
    /// `(...)?`: `first` is every byte the group can start with.
    Optional {
        first: u128,
        steps: Vec<PatternStep>,
    },
}

/// The pattern (in the syntax `regex-lite` compiles, as the model keeps it) as byte steps, when it
/// is anchored at both ends, made of ASCII classes, counts and optional groups, and unambiguous
/// enough that a greedy walk never has to take a byte back.
pub fn simple(pattern: &str) -> Option<Vec<PatternStep>> {
    // Unicode off: `\d` and `\w` are ASCII, as `regex-lite` reads them; a class that reaches past
    // ASCII (`[^a]`, `.`) is then refused below rather than counted in bytes.
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()?;
    let HirKind::Concat(items) = hir.kind() else {
        return None;
    };
    let [start, middle @ .., end] = items.as_slice() else {
        return None;
    };
    if start.kind() != &HirKind::Look(Look::Start) || end.kind() != &HirKind::Look(Look::End) {
        return None;
    }
    let mut steps = Vec::new();
    for item in middle {
        push_steps(item, &mut steps)?;
    }
    greedy_is_exact(&steps, 0).then_some(steps)
}

fn push_steps(hir: &Hir, out: &mut Vec<PatternStep>) -> Option<()> {
    match hir.kind() {
        HirKind::Empty => {}
        HirKind::Literal(literal) => {
            for byte in literal.0.iter() {
                out.push(PatternStep::Run {
                    set: ascii_bit(*byte)?,
                    min: 1,
                    max: Some(1),
                });
            }
        }
        HirKind::Class(class) => out.push(PatternStep::Run {
            set: ascii_set(class)?,
            min: 1,
            max: Some(1),
        }),
        HirKind::Capture(capture) => push_steps(&capture.sub, out)?,
        HirKind::Concat(items) => {
            for item in items {
                push_steps(item, out)?;
            }
        }
        HirKind::Repetition(rep) => {
            if let Some(set) = byte_set(&rep.sub) {
                out.push(PatternStep::Run {
                    set,
                    min: rep.min,
                    max: rep.max,
                });
            } else if rep.min == 0 && rep.max == Some(1) {
                let mut steps = Vec::new();
                push_steps(&rep.sub, &mut steps)?;
                let first = first_set(&steps)?;
                out.push(PatternStep::Optional { first, steps });
            } else {
                return None;
            }
        }
        HirKind::Look(_) | HirKind::Alternation(_) => return None,
    }
    Some(())
}

/// The set of a single-byte expression (a one-byte literal or a class), possibly captured.
fn byte_set(hir: &Hir) -> Option<u128> {
    match hir.kind() {
        HirKind::Literal(literal) if literal.0.len() == 1 => ascii_bit(literal.0[0]),
        HirKind::Class(class) => ascii_set(class),
        HirKind::Capture(capture) => byte_set(&capture.sub),
        _ => None,
    }
}

fn ascii_bit(byte: u8) -> Option<u128> {
    byte.is_ascii().then(|| 1u128 << byte)
}

fn ascii_set(class: &Class) -> Option<u128> {
    let ranges: Vec<(u32, u32)> = match class {
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .map(|r| (r.start().into(), r.end().into()))
            .collect(),
        Class::Unicode(c) => c
            .ranges()
            .iter()
            .map(|r| (r.start().into(), r.end().into()))
            .collect(),
    };
    let mut set = 0u128;
    for (start, end) in ranges {
        if end >= 128 {
            return None;
        }
        for byte in start..=end {
            set |= 1u128 << byte;
        }
    }
    Some(set)
}

/// Every byte `steps` can start with; `None` when `steps` can match nothing at all (a group that
/// may be empty is left to the regex engine).
fn first_set(steps: &[PatternStep]) -> Option<u128> {
    let mut first = 0;
    for step in steps {
        match step {
            PatternStep::Run { set, min, .. } => {
                first |= set;
                if *min > 0 {
                    return Some(first);
                }
            }
            PatternStep::Optional { first: f, .. } => first |= f,
        }
    }
    None
}

/// Whether the greedy walk decides exactly: wherever a step may stop early or be skipped, no
/// byte it would take can also start what follows (`follow`, walking backwards).
fn greedy_is_exact(steps: &[PatternStep], mut follow: u128) -> bool {
    for step in steps.iter().rev() {
        match step {
            PatternStep::Run { set, min, max } => {
                if Some(*min) != *max && set & follow != 0 {
                    return false;
                }
                follow = if *min == 0 { follow | set } else { *set };
            }
            PatternStep::Optional { first, steps } => {
                if first & follow != 0 || !greedy_is_exact(steps, follow) {
                    return false;
                }
                follow |= first;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(set: &str, min: u32, max: Option<u32>) -> PatternStep {
        PatternStep::Run {
            set: set.bytes().fold(0, |s, b| s | 1u128 << b),
            min,
            max,
        }
    }

    #[test]
    fn anchored_ascii_runs_become_steps() {
        assert_eq!(
            simple(r"^[0-9-]{9,13}$"),
            Some(vec![run("0123456789-", 9, Some(13))])
        );
        assert_eq!(
            simple(r"^[A-Z]{2}\d{9}$"),
            Some(vec![
                run("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 2, Some(2)),
                run("0123456789", 9, Some(9))
            ])
        );
        assert_eq!(
            simple(r"^ab+$"),
            Some(vec![run("a", 1, Some(1)), run("b", 1, None)])
        );
        let digits = "0123456789";
        assert_eq!(
            simple(r"^\d+(\.\d{1,2})?$"),
            Some(vec![
                run(digits, 1, None),
                PatternStep::Optional {
                    first: 1u128 << b'.',
                    steps: vec![run(".", 1, Some(1)), run(digits, 1, Some(2))]
                }
            ])
        );
    }

    #[test]
    fn what_a_greedy_walk_could_get_wrong_stays_a_regex() {
        // The first run would take the digit the second one needs.
        assert_eq!(simple(r"^[0-9]{1,3}[0-9]$"), None);
        assert_eq!(simple(r"^a{0,2}b?a$"), None);
        // An optional group that could also be skipped for what follows it.
        assert_eq!(simple(r"^(ab)?a$"), None);
        // Unanchored, alternatives, non-ASCII, any-character.
        assert_eq!(simple(r"[0-9]+"), None);
        assert_eq!(simple(r"^(ab|cd)$"), None);
        assert_eq!(simple(r"^[가-힣]+$"), None);
        assert_eq!(simple(r"^[^a]+$"), None);
        assert_eq!(simple(r"^.{2}$"), None);
        assert_eq!(simple(r"^(a?)?$"), None);
    }

    #[test]
    fn ecma_dashes_beside_class_escapes_become_literal() {
        assert_eq!(checkable(r"[\w-./:]").as_deref(), Some(r"[\w\-./:]"));
        assert_eq!(checkable(r"^[\w-./:]+$").as_deref(), Some(r"^[\w\-./:]+$"));
        assert_eq!(checkable(r"[a-\d]").as_deref(), Some(r"[a\-\d]"));
        assert_eq!(
            checkable(r"^[0-9-]{9,13}$").as_deref(),
            Some(r"^[0-9-]{9,13}$")
        );
    }

    #[test]
    fn what_the_engine_cannot_run_is_left_unchecked() {
        assert_eq!(checkable(r"^(?!test).*$"), None);
        assert_eq!(checkable(r"^(a)\1$"), None);
    }
}
