//! Keeping secrets out of what errors print: the values of sensitive properties in quoted
//! bodies, and decode messages about them; and paths a reader can follow.

/// What replaces a redacted value.
const REDACTED: &str = "[redacted]";

/// `text` with the value after every `"name":` whose name is in `sensitive` replaced, on any
/// JSON-like text: a truncated or otherwise broken body is redacted as well as a whole one.
pub fn json_text(text: &str, sensitive: &[&str]) -> String {
    if sensitive.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        let (before, from_quote) = rest.split_at(start);
        out.push_str(before);
        let Some((name, after_name)) = quoted(from_quote) else {
            out.push_str(from_quote);
            return out;
        };
        out.push_str(&from_quote[..from_quote.len() - after_name.len()]);
        rest = after_name;
        let colon = rest.trim_start();
        if !colon.starts_with(':') || !sensitive.contains(&unescape(name).as_str()) {
            continue;
        }
        let value = colon[1..].trim_start();
        out.push_str(&rest[..rest.len() - value.len()]);
        let after_value = if value.starts_with('"') {
            quoted(value).map_or("", |(_, after)| after)
        } else {
            let end = value
                .find(|c: char| matches!(c, ',' | '}' | ']') || c.is_whitespace())
                .unwrap_or(value.len());
            &value[end..]
        };
        if value.starts_with(['{', '[']) {
            // A structured value is not a credential; leave it to the loop.
            rest = value;
            continue;
        }
        out.push('"');
        out.push_str(REDACTED);
        out.push('"');
        rest = after_value;
    }
    out.push_str(rest);
    out
}

/// The string starting at `text`'s opening quote: its raw contents and what follows the closing
/// quote; `None` when it does not close.
fn quoted(text: &str) -> Option<(&str, &str)> {
    let body = &text[1..];
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some((&body[..i], &body[i + 1..])),
            _ => {}
        }
    }
    None
}

fn unescape(raw: &str) -> String {
    serde_json::from_str(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_owned())
}

/// A decode path as a reader can follow it: segments serde could not name (`?`, inside buffered
/// or untagged values) are left out, so the path names the innermost place known, and the top
/// of the answer is `(top level)`.
pub fn readable_path(path: &str) -> String {
    let known: Vec<&str> = path
        .split('.')
        .filter(|s| !s.is_empty() && *s != "?")
        .collect();
    if known.is_empty() {
        "(top level)".to_owned()
    } else {
        known.join(".")
    }
}

/// A decode message, unless the failing value belongs to a sensitive property: serde's message
/// would quote it.
pub fn decode_message(path: &str, message: String, sensitive: &[&str]) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    let name = last.split('[').next().unwrap_or(last);
    if sensitive.contains(&name) {
        "the value does not have the documented type (not shown: it is a secret)".to_owned()
    } else {
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_values_are_replaced_in_whole_and_broken_json() {
        let keys = ["access_token", "password"];
        assert_eq!(
            json_text(r#"{"access_token": "abc\"d", "n": 1}"#, &keys),
            r#"{"access_token": "[redacted]", "n": 1}"#
        );
        assert_eq!(
            json_text(r#"[{"password":12345,"a":"password"}"#, &keys),
            r#"[{"password":"[redacted]","a":"password"}"#
        );
        assert_eq!(
            json_text(r#"{"access_token": "trunc"#, &keys),
            r#"{"access_token": "[redacted]""#
        );
        assert_eq!(json_text("<html>", &keys), "<html>");
        assert_eq!(json_text(r#"{"a": "b"}"#, &[]), r#"{"a": "b"}"#);
    }

    #[test]
    fn paths_never_show_unknown_segments() {
        assert_eq!(readable_path("?"), "(top level)");
        assert_eq!(readable_path("."), "(top level)");
        assert_eq!(readable_path("data.?"), "data");
        assert_eq!(readable_path("rows[3].isPrinted"), "rows[3].isPrinted");
    }
}
