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
    walk(template).collect()
}

/// The template's pieces in order, read as they are asked for: a signature header is filled on
/// every request, and a list of its pieces would be an allocation each time.
pub fn walk(template: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = template;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        // The first `{` that a `}` closes: text before it, then the placeholder on the next call.
        let closed = rest
            .find('{')
            .and_then(|start| Some((start, start + rest[start..].find('}')?)));
        let (piece, after) = match closed {
            Some((0, end)) => (Piece::Placeholder(&rest[1..end]), &rest[end + 1..]),
            Some((start, _)) => (Piece::Text(&rest[..start]), &rest[start..]),
            None => (Piece::Text(rest), ""),
        };
        rest = after;
        Some(piece)
    })
}

/// The placeholder names of a template, in order.
pub fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    walk(template).filter_map(|p| match p {
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
        assert_eq!(pieces(""), vec![]);
        assert_eq!(
            pieces("{a}{}"),
            vec![Piece::Placeholder("a"), Piece::Placeholder("")]
        );
        assert_eq!(
            pieces("{a}tail{"),
            vec![Piece::Placeholder("a"), Piece::Text("tail{")]
        );
    }
}
