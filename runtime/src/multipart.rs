//! `multipart/form-data` bodies: the parts a caller builds, encoded to bytes so a request can be
//! sent again on retry (reqwest's own multipart form is a one-shot stream).

use std::fmt;

/// The parts of a `multipart/form-data` request body, in the order they are added.
///
/// ```
/// # use commerce_apis_runtime::Multipart;
/// let parts = Multipart::new()
///     .text("title", "spring catalogue")
///     .file("file", "catalogue.csv", "text/csv", b"sku,price\nA1,1000\n".to_vec());
/// assert_eq!(parts.len(), 2);
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone, PartialEq, Eq)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

impl Multipart {
    /// No parts yet.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// A text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: None,
            data: value.into().into_bytes(),
        });
        self
    }

    /// A file: its field name, the file name sent, its media type and its contents.
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Vec<u8>>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            data: data.into(),
        });
        self
    }

    /// A field holding `value` as JSON (`application/json`).
    pub fn json<T: serde::Serialize + ?Sized>(
        mut self,
        name: impl Into<String>,
        value: &T,
    ) -> Result<Self, serde_json::Error> {
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: Some("application/json".into()),
            data: serde_json::to_vec(value)?,
        });
        Ok(self)
    }

    /// How many parts there are.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether there are no parts.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The `Content-Type` (with its boundary) and the encoded body.
    pub fn encode(&self) -> (String, Vec<u8>) {
        let boundary = self.boundary();
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("form-data; name=\"{}\"", quoted(&part.name));
            if let Some(filename) = &part.filename {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(filename)));
            }
            body.extend_from_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
            if let Some(content_type) = &part.content_type {
                let content_type = quoted(content_type);
                body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }

    /// A boundary that occurs in no part.
    fn boundary(&self) -> String {
        (0u64..)
            .map(|n| format!("commerce-apis-part-{n:016x}"))
            .find(|b| !self.parts.iter().any(|p| contains(&p.data, b.as_bytes())))
            .unwrap_or_default()
    }
}

/// Part names sizes only: file contents can be large or private.
impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(
                self.parts
                    .iter()
                    .map(|p| format!("{} ({} bytes)", p.name, p.data.len())),
            )
            .finish()
    }
}

/// A header parameter value with quotes and line breaks escaped as browsers do.
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_by_a_boundary_none_of_them_contains() {
        let clash = "--commerce-apis-part-0000000000000000".to_owned();
        let parts = Multipart::new().text("note", clash).file(
            "file",
            "a\"b.txt",
            "text/plain",
            b"hello".to_vec(),
        );
        let (content_type, body) = parts.encode();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        assert_eq!(boundary, "commerce-apis-part-0000000000000001");
        let text = String::from_utf8(body).unwrap();
        assert_eq!(
            text,
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n--commerce-apis-part-0000000000000000\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22b.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n\
                 --{boundary}--\r\n"
            )
        );
        assert_eq!(
            format!("{parts:?}"),
            "[\"note (37 bytes)\", \"file (5 bytes)\"]"
        );
    }
}
