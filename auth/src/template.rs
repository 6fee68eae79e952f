//! `{name}` templates (OpenAPI paths, signature header templates): one reading for the generator,
//! which splits paths and checks templates, and for the runtime, which fills signature headers.

/// A piece of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text between placeholders (an unclosed `{` stays text).
    Text(&'a str),
    /// The name between `{` and `}`.
    Placeholder(&'a str),
}

/// The template's pieces in order; empty text pieces are left out.
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        out.push(Piece::Placeholder(&rest[start + 1..start + len]));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The placeholder names of a template, in order.
pub fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    pieces(template).into_iter().filter_map(|p| match p {
        Piece::Placeholder(name) => Some(name),
        Piece::Text(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_placeholders_in_order_and_an_unclosed_brace_is_text() {
        assert_eq!(
            pieces("/a/{id}/b{x}"),
            vec![
                Piece::Text("/a/"),
                Piece::Placeholder("id"),
                Piece::Text("/b"),
                Piece::Placeholder("x"),
            ]
        );
        assert_eq!(
            pieces("{a}{b"),
            vec![Piece::Placeholder("a"), Piece::Text("{b")]
        );
        assert_eq!(placeholders("x={k}, y={v}").collect::<Vec<_>>(), ["k", "v"]);
    }
}
