//! Documented patterns the generator turns into byte steps decide every string exactly as the
//! regex engine does: strings drawn from each pattern (which should match) and strings drawn from
//! its alphabet with a few strangers (which mostly should not) are checked both ways.

use codegen::model::{PatternStep, simple_pattern};
use commerce_apis::runtime::validate::{Pattern, PatternStep as Step};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Patterns from the specs and fixtures, and shapes chosen to sit at the edge of what a greedy
/// walk decides: optional runs before a run of another set, optional groups before free text,
/// unbounded runs, literals.
const SIMPLE: &[&str] = &[
    r"^[0-9-]{9,13}$",
    r"^([0-9-]{9,13})?$",
    r"^[0-9]{5,6}$",
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$",
    r"^[A-Z]{2}[0-9]{9}$",
    r"^[A-Z]{3}-[0-9]{4}$",
    r"^[0-9a-f]{32}$",
    r"^[0-9]+$",
    r"^[0-9]{4}$",
    r"^\d+(\.\d{1,2})?$",
    r"^[\w\-./:]+$",
    r"^a*b$",
    r"^[a-c]{0,3}x?[d-f]{2}$",
    r"^(X[0-9]{2})?[a-z]+$",
    r"^(?:ab)?c$",
    r"^[0-9]{3}-?[0-9]{4}$",
    r"^A?B?C?$",
    r"^\w+@\w+\.[a-z]{2,3}$",
    r"^(?i)kr[0-9]*$",
    r"^$",
];

fn leaked(steps: &[PatternStep]) -> &'static [Step] {
    let steps: Vec<Step> = steps
        .iter()
        .map(|step| match step {
            PatternStep::Run { set, min, max } => Step::Run {
                set: *set,
                min: *min,
                max: max.unwrap_or(u32::MAX),
            },
            PatternStep::Optional { first, steps } => Step::Optional {
                first: *first,
                steps: leaked(steps),
            },
        })
        .collect();
    Vec::leak(steps)
}

fn alphabet(pattern: &str) -> Vec<char> {
    let mut chars: Vec<char> = pattern.chars().filter(|c| c.is_ascii_graphic()).collect();
    chars.extend("0123456789aZz-._ 가é\n".chars());
    chars.sort_unstable();
    chars.dedup();
    chars
}

#[test]
fn byte_steps_agree_with_the_regex_engine() {
    let config = Config {
        cases: 2000,
        failure_persistence: None,
        ..Config::default()
    };
    for pattern in SIMPLE {
        let steps = simple_pattern(pattern).unwrap_or_else(|| panic!("{pattern} is simple"));
        let walk = Pattern::Steps(leaked(&steps));
        let regex = regex_lite::Regex::new(pattern).expect("compiles");
        let body = pattern.trim_start_matches('^').trim_end_matches('$');
        // ASCII classes, as the steps and `regex-lite` read `\d` and `\w`.
        let drawn = proptest::string::string_regex(&format!("(?-u){body}"))
            .expect("a generator for the pattern");
        let letters = alphabet(pattern);
        let stray = proptest::collection::vec(proptest::sample::select(letters), 0..20)
            .prop_map(|chars| chars.into_iter().collect::<String>());
        let strings = prop_oneof![drawn, stray];
        let mut runner = TestRunner::new_with_rng(
            config.clone(),
            TestRng::deterministic_rng(RngAlgorithm::ChaCha),
        );
        let (matched, refused) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
        runner
            .run(&strings, |s| {
                let expected = regex.is_match(&s);
                prop_assert_eq!(walk.is_match(&s), expected, "{} on {:?}", pattern, s);
                let side = if expected { &matched } else { &refused };
                side.set(side.get() + 1);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
        let (matched, refused) = (matched.get(), refused.get());
        assert!(
            *pattern == "^$" || (matched > 100 && refused > 100),
            "{pattern}: {matched} matched, {refused} refused; the strings do not test both sides"
        );
    }
}

#[test]
fn what_a_greedy_walk_could_decide_wrongly_keeps_the_regex_engine() {
    for pattern in [
        r"^[0-9]{1,3}[0-9]$",
        r"^a{0,2}b?a$",
        r"^[a-c]{0,3}d?[d-f]{2}$",
        r"^(ab)?a$",
        r"^\p{Lu}{3}$",
        r"^(?!test).*$",
        r"[0-9]+",
        r"^(ab|cd)$",
    ] {
        assert_eq!(simple_pattern(pattern), None, "{pattern}");
    }
}
