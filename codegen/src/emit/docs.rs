//! Spec descriptions as rustdoc text that renders as written and warns about nothing.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `text`, one per line.
pub fn attrs(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// `#[doc]` attributes for text the generator wrote itself (intra-doc links kept).
pub fn trusted(text: &str) -> TokenStream {
    let lines = plain_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc]` attributes for text the generator wrote itself.
pub fn trusted_inner(text: &str) -> TokenStream {
    let lines = plain_lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// Lines of text the generator wrote itself, each prefixed with a space as `///` writes it.
pub fn plain_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                format!(" {}", l.trim())
            }
        })
        .collect()
}

/// `#![doc]` attributes (module documentation) for `text`.
pub fn inner(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// `text` with a blank line and `more` appended, when `more` is not empty.
pub fn join(text: &str, more: &str) -> String {
    match (text.trim().is_empty(), more.trim().is_empty()) {
        (_, true) => text.trim().to_owned(),
        (true, false) => more.trim().to_owned(),
        (false, false) => format!("{}\n\n{}", text.trim(), more.trim()),
    }
}

/// Each line prefixed with a space (as `///` writes it) and made safe for rustdoc:
/// - leading indentation dropped, so no line becomes an indented code block (a doctest);
/// - `<`, `>`, `[`, `]` escaped outside code spans, so no HTML tag or intra-doc link is guessed;
/// - bare URLs wrapped in `<…>`, as rustdoc asks.
pub fn lines(text: &str) -> Vec<String> {
    // Lines that continue a list item are indented under it, so they stay part of it.
    let mut item_indent = 0;
    text.trim()
        .lines()
        .map(|line| {
            let line = line.trim();
            if line.is_empty() {
                item_indent = 0;
                return String::new();
            }
            let indent = match list_marker(line) {
                Some(width) => {
                    item_indent = width;
                    0
                }
                None => item_indent,
            };
            format!(" {}{}", " ".repeat(indent), escape(line))
        })
        .collect()
}

/// The width of a CommonMark list marker starting `line` (`- `, `* `, `+ `, `1. `, `1) `).
fn list_marker(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
}

/// One line of spec text made safe to splice into generator-written documentation.
pub fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest
                .find(|ch: char| ch.is_whitespace() || matches!(ch, ')' | '>' | '"' | '\'' | ','))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        if !in_code && matches!(c, '<' | '>' | '[' | ']' | '*' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_tags_links_urls_and_indentation() {
        let shown =
            lines("  [출고관리] 메뉴 <token> `a<b>`\n\n      indented https://x.example/a.\n a_b*");
        assert_eq!(
            shown,
            [
                " \\[출고관리\\] 메뉴 \\<token\\> `a<b>`",
                "",
                " indented <https://x.example/a>.",
                " a\\_b\\*"
            ]
        );
        let listed = lines("- item\ncontinued\n1) next\nmore\n\nafter");
        assert_eq!(
            listed,
            [
                " - item",
                "   continued",
                " 1) next",
                "    more",
                "",
                " after"
            ]
        );
    }
}
