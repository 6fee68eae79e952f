//! RPC calls posted as a signed form (a spec's `x-rpc-envelope`): the JSON payload travels
//! base64-encoded in one field and an MD5 signature over the sorted fields and a secret in another.

use base64::Engine;
use md5::{Digest, Md5};

use crate::auth::FormEnvelope;
use crate::secret::Secret;

impl FormEnvelope<'_> {
    /// The signed fields of one call, in the order they are sent.
    pub fn fields(
        &self,
        rpc_method: &str,
        account: &str,
        unix_seconds: u64,
        payload_json: &[u8],
    ) -> Vec<(&str, String)> {
        vec![
            (self.method_field, rpc_method.to_owned()),
            (self.account_field, account.to_owned()),
            (self.timestamp_field, unix_seconds.to_string()),
            (self.payload_field, base64_json(payload_json)),
        ]
    }

    /// The form body: the fields, then their signature.
    pub fn body(&self, fields: &[(&str, String)], secret: &Secret) -> String {
        form_body(fields, self.signature_field, &md5_signature(fields, secret))
    }
}

/// Base64 (standard alphabet, padded) of the payload's JSON.
pub fn base64_json(json: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(json)
}

/// Lowercase hex MD5 of the fields, without empty values, sorted by key, written `key=value` and
/// joined with `&`, immediately followed by the secret.
pub fn md5_signature(fields: &[(&str, String)], secret: &Secret) -> String {
    let mut sorted: Vec<&(&str, String)> = fields.iter().filter(|(_, v)| !v.is_empty()).collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut message = sorted
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    message.push_str(secret.expose());
    hex::encode(Md5::digest(message.as_bytes()))
}

/// The form body: the fields, then the signature field, URL-encoded.
pub fn form_body(fields: &[(&str, String)], signature_field: &str, signature: &str) -> String {
    let mut all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.push((signature_field, signature));
    serde_urlencoded::to_string(&all).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_sorts_fields_skips_empty_values_and_appends_the_secret() {
        let fields = [
            ("timestamp", "1700000000".to_owned()),
            ("api", "m".to_owned()),
            ("empty", String::new()),
        ];
        // md5("api=m&timestamp=1700000000" + "s3cret"), computed with coreutils md5sum.
        assert_eq!(
            md5_signature(&fields, &Secret::new("s3cret")),
            "acf98bc09c41d731b0d72a7187a45137"
        );
        assert_eq!(base64_json(b"{\"a\":1}"), "eyJhIjoxfQ==");
        assert_eq!(
            form_body(&[("a", "x y".into())], "sign", "ff"),
            "a=x+y&sign=ff"
        );
    }
}
