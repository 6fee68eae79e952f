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

/// The wire name's letters and digits, everything else a word break. Letters of any script are
/// kept (`상품코드` stays a readable Rust identifier); only what cannot continue an identifier
/// goes.
fn words(wire: &str) -> String {
    wire.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || (!c.is_ascii() && unicode_ident::is_xid_continue(c)) {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// Whether `name` can start an identifier as it is.
fn starts_well(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c == '_' || unicode_ident::is_xid_start(c))
}

/// An UpperCamelCase type or variant name, or `None` when the wire name has no letters or digits
/// to build one from.
pub fn type_name(wire: &str) -> Option<String> {
    let mut name = words(wire).to_upper_camel_case();
    if name.is_empty() {
        return None;
    }
    if !starts_well(&name) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push('_');
    }
    Some(name)
}

/// A snake_case field or method name; keywords are suffixed with `_` (`type_`), names that start
/// with a digit are prefixed with `n`. `None` when the wire name has no letters or digits.
pub fn field_ident(wire: &str) -> Option<String> {
    let mut name = words(wire).to_snake_case();
    if name.is_empty() {
        return None;
    }
    if !starts_well(&name) {
        name.insert(0, 'n');
    }
    if is_rust_keyword(&name) {
        name.push('_');
    }
    Some(name)
}

/// `wanted`, or `wanted` with the first free number from 2 appended after `separator`
/// (`id_2`, `Money2`); a trailing `_` is not doubled (`type_` → `type_2`).
pub fn numbered(wanted: &str, separator: &str, taken: impl Fn(&String) -> bool) -> String {
    let first = wanted.to_owned();
    if !taken(&first) {
        return first;
    }
    let stem = wanted.trim_end_matches('_');
    (2..)
        .map(|n| format!("{stem}{separator}{n}"))
        .find(|c| !taken(c))
        .unwrap_or(first)
}

/// A variant name for an enum value: its words, else its symbols spelled out (`+1` → `Plus1`,
/// `-1` → `Minus1`, `""` → `Empty`, `*` → `Star`).
pub fn variant_name(wire: &str) -> String {
    const SYMBOLS: [(char, &str); 16] = [
        ('+', "plus"),
        ('-', "minus"),
        ('*', "star"),
        ('/', "slash"),
        ('.', "dot"),
        ('%', "percent"),
        ('<', "lt"),
        ('>', "gt"),
        ('=', "eq"),
        ('!', "not"),
        ('&', "and"),
        ('|', "or"),
        ('#', "hash"),
        ('@', "at"),
        ('$', "dollar"),
        ('?', "question"),
    ];
    if wire.trim().is_empty() {
        return "Empty".into();
    }
    let plain = type_name(wire);
    let signed = wire.starts_with(['+', '-']);
    match plain {
        Some(name) if !signed => name,
        _ => {
            let spelled: String = wire
                .chars()
                .map(|c| match SYMBOLS.iter().find(|(s, _)| *s == c) {
                    Some((_, word)) => format!(" {word} "),
                    None => c.to_string(),
                })
                .collect();
            type_name(&spelled).unwrap_or_else(|| "Value".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_letters_of_any_script_and_spell_out_signs() {
        assert_eq!(field_ident("상품코드").as_deref(), Some("상품코드"));
        assert_eq!(field_ident("订单 ID").as_deref(), Some("订单_id"));
        assert_eq!(type_name("상품 목록").as_deref(), Some("상품목록"));
        assert_eq!(field_ident("2fa").as_deref(), Some("n2fa"));
        assert_eq!(variant_name("+1"), "Plus1");
        assert_eq!(variant_name("-1"), "Minus1");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("*"), "Star");
        assert_eq!(variant_name("in_stock"), "InStock");
        assert_eq!(variant_name("🙂"), "Value");
    }

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
        assert_eq!(field_ident("성공").as_deref(), Some("성공"));
        assert_eq!(
            type_name("INTENT_CHANGED").as_deref(),
            Some("IntentChanged")
        );
        assert_eq!(type_name("kpacket").as_deref(), Some("Kpacket"));
        assert_eq!(type_name("200").as_deref(), Some("V200"));
        assert_eq!(type_name("실패").as_deref(), Some("실패"));
        assert_eq!(type_name("--"), None);
    }
}
