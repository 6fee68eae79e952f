//! JSON pointers (RFC 6901) and the `#fragment` form `$ref` uses.

use serde_json::Value;

/// Escapes one reference token.
pub fn escape(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_escaped(&mut out, token);
    out
}

/// `base` + one token, in one allocation: pointers are built for every node a walk visits.
pub fn join(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + 1 + token.len());
    out.push_str(base);
    out.push('/');
    push_escaped(&mut out, token);
    out
}

/// Appends `token` escaped to `out`.
pub fn push_escaped(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Splits a pointer into unescaped tokens; `None` when it is not a pointer.
pub fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/')
        .map(|t| {
            // "~" must be followed by 0 or 1.
            let mut out = String::with_capacity(t.len());
            let mut chars = t.chars();
            while let Some(c) = chars.next() {
                if c == '~' {
                    match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => return None,
                    }
                } else {
                    out.push(c);
                }
            }
            Some(out)
        })
        .collect()
}

/// The node at `pointer`, if the pointer is well formed and leads somewhere.
pub fn resolve<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut node = root;
    for token in tokens(pointer)? {
        node = match node {
            Value::Object(map) => map.get(&token)?,
            Value::Array(items) => {
                // RFC 6901: no leading zeros, no signs.
                if token.len() > 1 && token.starts_with('0') {
                    return None;
                }
                items.get(token.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(node)
}

/// The pointer inside a local `$ref` (`#/a/b` → `/a/b`), percent-decoded as RFC 6901 §6 asks.
/// `None` for a reference to another document.
pub fn from_local_ref(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    Some(percent_decode(fragment))
}

/// The `#fragment` form of a pointer, with everything outside the URI fragment alphabet encoded.
pub fn to_local_ref(pointer: &str) -> String {
    let mut out = String::from("#");
    for b in pointer.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"/~-._!$&'()*+,;=:@".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_and_resolves_tokens_with_slashes_and_tildes() {
        let doc = json!({"paths": {"/a~b/{id}": {"get": [1, 2]}}});
        let p = join(&join("/paths", "/a~b/{id}"), "get");
        assert_eq!(p, "/paths/~1a~0b~1{id}/get");
        assert_eq!(resolve(&doc, &format!("{p}/1")), Some(&json!(2)));
        assert_eq!(resolve(&doc, &format!("{p}/01")), None);
        assert_eq!(resolve(&doc, "/paths/~2"), None);
        assert_eq!(resolve(&doc, "paths"), None);
    }

    #[test]
    fn local_refs_round_trip_through_percent_encoding() {
        let pointer = "/paths/~1index.php#rpc.method/post/{x} 한";
        let reference = to_local_ref(pointer);
        assert!(!reference[1..].contains('#'));
        assert_eq!(from_local_ref(&reference).as_deref(), Some(pointer));
        assert_eq!(from_local_ref("other.yaml#/a"), None);
        assert_eq!(from_local_ref("#/a%2"), Some("/a%2".to_owned()));
    }
}
