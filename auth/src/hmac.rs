//! Request signatures of the HMAC kind (a spec's `x-signature`): a message built from the
//! request, keyed with a secret, written into a header.

use std::borrow::Cow;
use std::time::SystemTime;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::ApplyError;
use crate::scheme::{HmacSignature, SignedRequest, TemplatePart};

impl HmacSignature<'_> {
    /// The header value for `request` signed at `now`; `credential` looks up the key and the
    /// credentials the template names.
    pub fn header_value<'c>(
        &self,
        now: SystemTime,
        request: &SignedRequest<'_>,
        credential: impl Fn(&str) -> Result<Cow<'c, str>, ApplyError>,
    ) -> Result<String, ApplyError> {
        let signed_date = format_utc(now, &self.clock_format);
        let key = credential(&self.key)?;
        // The message is fed to the MAC part by part and the digest hex-encoded on the stack:
        // this runs for every request.
        let mut mac = keyed(key.as_bytes());
        for part in self.message.iter() {
            mac.update(part.value(&signed_date, request).as_bytes());
        }
        let mut hex_digest = [0u8; 64];
        let signature = hex_of(&mac.finalize().into_bytes(), &mut hex_digest);
        // Room for the template, the date, the 64 hex digits and a short credential or two.
        let mut out = String::with_capacity(self.template.len() + signed_date.len() + 64 + 32);
        for part in self.template_parts() {
            match part {
                TemplatePart::Literal(text) => out.push_str(text),
                TemplatePart::Credential(name) => out.push_str(&credential(name)?),
                TemplatePart::SignedDate => out.push_str(&signed_date),
                TemplatePart::Signature => out.push_str(signature),
            }
        }
        Ok(out)
    }
}

fn keyed(key: &[u8]) -> Hmac<Sha256> {
    <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length")
}

/// Lowercase hex of a SHA-256 digest, written into `buffer`.
fn hex_of<'b>(digest: &[u8], buffer: &'b mut [u8; 64]) -> &'b str {
    hex::encode_to_slice(digest, buffer).expect("a SHA-256 digest is 32 bytes");
    std::str::from_utf8(buffer).expect("hex digits are ASCII")
}

/// Lowercase hex HMAC-SHA256 of `message` under `key`.
pub fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    let mut mac = keyed(key);
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// `time` in UTC, formatted with a strftime pattern such as `%y%m%dT%H%M%SZ`.
pub fn format_utc(time: SystemTime, pattern: &str) -> String {
    let since_epoch = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX);
    chrono::DateTime::from_timestamp(secs, since_epoch.subsec_nanos())
        .unwrap_or_default()
        .format(pattern)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::CEA;

    #[test]
    fn rfc4231_case_2_and_date_format() {
        assert_eq!(
            hmac_sha256_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_704_067_200);
        assert_eq!(format_utc(t, "%y%m%dT%H%M%SZ"), "240101T000000Z");
    }

    #[test]
    fn a_signed_header_reads_back_into_its_parts() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_704_067_200);
        let request = SignedRequest {
            method: "GET",
            path: "/a",
            query: "x=1",
        };
        let credential = |name: &str| match name {
            "secret-key" => Ok(Cow::Borrowed("k")),
            "access-key" => Ok(Cow::Borrowed("ak")),
            other => Err(ApplyError::MissingCredential(other.to_owned())),
        };
        let value = CEA.header_value(t, &request, credential).unwrap();
        // printf '240101T000000ZGET/ax=1' | openssl dgst -sha256 -hmac k
        let expected = hmac_sha256_hex(b"k", b"240101T000000ZGET/ax=1");
        assert_eq!(
            value,
            format!(
                "CEA algorithm=HmacSHA256, access-key=ak, signed-date=240101T000000Z, signature={expected}"
            )
        );
        let parts = CEA.read(&value).unwrap();
        assert_eq!(parts[2], (TemplatePart::Signature, expected.as_str()));
        let only_key = |name: &str| match name {
            "secret-key" => Ok(Cow::Borrowed("k")),
            other => Err(ApplyError::MissingCredential(other.to_owned())),
        };
        assert_eq!(
            CEA.header_value(t, &request, only_key),
            Err(ApplyError::MissingCredential("access-key".to_owned()))
        );
    }
}
