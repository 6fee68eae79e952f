//! Documented `pattern`s as the generated code can check them. Documents write ECMA-262 regular
//! expressions; the generated code checks them with `regex-lite`, whose syntax differs in a few
//! places, so a pattern is carried over where it means the same and left unchecked where the
//! engine cannot run it (look-around, back-references, Unicode classes).

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

#[cfg(test)]
mod tests {
    use super::*;

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
