//! Rust names from wire names: types in UpperCamelCase, fields and methods in snake_case.

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: [&str; 51] = [
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

pub fn is_rust_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word) || word == "gen"
}

/// An UpperCamelCase type or variant name, or `None` when the wire name has no ASCII letters
/// or digits to build one from.
pub fn type_name(wire: &str) -> Option<String> {
    let ascii: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = ascii.to_upper_camel_case();
    if name.is_empty() {
        return None;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push('_');
    }
    Some(name)
}

/// A snake_case field or method name; keywords are suffixed with `_` (`type_`), names that start
/// with a digit are prefixed with `n`. `None` when the wire name has nothing ASCII to use.
pub fn field_ident(wire: &str) -> Option<String> {
    let ascii: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = ascii.to_snake_case();
    if name.is_empty() {
        return None;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    if is_rust_keyword(&name) {
        name.push('_');
    }
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            field_ident("changeStatus").as_deref(),
            Some("change_status")
        );
        assert_eq!(field_ident("ErrorCode").as_deref(), Some("error_code"));
        assert_eq!(field_ident("b10_10").as_deref(), Some("b10_10"));
        assert_eq!(field_ident("x-client-key").as_deref(), Some("x_client_key"));
        assert_eq!(field_ident("type").as_deref(), Some("type_"));
        assert_eq!(field_ident("10x10").as_deref(), Some("n10x10"));
        assert_eq!(field_ident("성공"), None);
        assert_eq!(
            type_name("INTENT_CHANGED").as_deref(),
            Some("IntentChanged")
        );
        assert_eq!(type_name("kpacket").as_deref(), Some("Kpacket"));
        assert_eq!(type_name("200").as_deref(), Some("V200"));
        assert_eq!(type_name("실패"), None);
    }
}
