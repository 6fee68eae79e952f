//! Authentication checks: the credential each security scheme needs is present and is the test
//! credential; signatures are recomputed with the runtime's own signing code.

use codegen::model::{self, RpcEnvelope, Scheme, SchemeKind, Signature};
use commerce_apis_runtime::Secret;
use commerce_apis_runtime::auth::{HmacSignature, SignedPart, SignedRequest, TemplatePart};
use commerce_apis_runtime::form_envelope::md5_signature;
use commerce_apis_runtime::hmac_signature::hmac_sha256_hex;

use crate::catalog::Vendor;
use crate::request::{MockRequest, Violation, pairs};

pub(crate) fn check_scheme(
    vendor: &Vendor,
    scheme: &Scheme,
    request: &MockRequest,
    out: &mut Vec<Violation>,
) {
    match &scheme.kind {
        SchemeKind::Header { header, prefix } => {
            let at = format!("/header/{header}");
            if let Some(value) =
                credential_after_prefix(request.header(header), prefix, &scheme.name, &at, out)
            {
                expect_credential(vendor, &scheme.name, value, &at, out);
            }
        }
        SchemeKind::Token {
            header,
            prefix,
            operation,
            ..
        } => {
            let at = format!("/header/{header}");
            if let Some(value) =
                credential_after_prefix(request.header(header), prefix, &scheme.name, &at, out)
            {
                if value.trim().is_empty() {
                    out.push(Violation::auth(
                        at,
                        format!(
                            "the `{}` token is empty; `{operation}` issues one",
                            scheme.name
                        ),
                    ));
                }
            }
        }
        SchemeKind::Query { param } => {
            let at = format!("/query/{param}");
            let value = request
                .query
                .as_deref()
                .and_then(|q| pairs(q).ok())
                .and_then(|p| p.into_iter().find(|(k, _)| k == param).map(|(_, v)| v));
            match value {
                Some(value) => expect_credential(vendor, &scheme.name, &value, &at, out),
                None => out.push(Violation::auth(
                    at,
                    format!("missing: the `{}` credential", scheme.name),
                )),
            }
        }
        SchemeKind::Signature(signature) => check_signature(vendor, signature, request, out),
    }
}

fn credential_after_prefix<'a>(
    value: Option<&'a str>,
    prefix: &str,
    scheme: &str,
    at: &str,
    out: &mut Vec<Violation>,
) -> Option<&'a str> {
    let Some(value) = value else {
        out.push(Violation::auth(
            at,
            format!("missing: the `{scheme}` credential"),
        ));
        return None;
    };
    match value.strip_prefix(prefix) {
        Some(rest) => Some(rest),
        None => {
            out.push(Violation::auth(
                at,
                format!("must start with {prefix:?} (the `{scheme}` scheme)"),
            ));
            None
        }
    }
}

fn expect_credential(vendor: &Vendor, name: &str, value: &str, at: &str, out: &mut Vec<Violation>) {
    if let Some(expected) = vendor.credential(name) {
        if value != expected {
            out.push(Violation::auth(
                at,
                format!(
                    "is not the mock's test credential `{name}` ({expected:?}, printed at start)"
                ),
            ));
        }
    }
}

fn check_signature(
    vendor: &Vendor,
    signature: &Signature,
    request: &MockRequest,
    out: &mut Vec<Violation>,
) {
    let at = format!("/header/{}", signature.header);
    let Some(value) = request.header(&signature.header) else {
        out.push(Violation::auth(at, "missing: the request signature"));
        return;
    };
    let template = runtime_template(signature);
    let message_parts: Vec<SignedPart> =
        signature.message.iter().map(|p| signed_part(*p)).collect();
    let scheme = HmacSignature {
        header: &signature.header,
        key: &signature.key,
        clock_format: &signature.clock_format,
        message: &message_parts,
        template: &template,
    };
    let Some(parts) = scheme.read(value) else {
        out.push(Violation::auth(
            at,
            format!(
                "does not have the documented form {:?}",
                signature.template_text
            ),
        ));
        return;
    };
    let part = |wanted: &TemplatePart<'_>| {
        parts
            .iter()
            .find(|(p, _)| p == wanted)
            .map(|(_, v)| *v)
            .unwrap_or_default()
    };
    for (piece, sent) in &parts {
        if let TemplatePart::Credential(name) = piece {
            expect_credential(vendor, name, sent, &at, out);
        }
    }
    let signed_date = part(&TemplatePart::SignedDate);
    if chrono::NaiveDateTime::parse_from_str(signed_date, &signature.clock_format).is_err() {
        out.push(Violation::auth(
            &at,
            format!(
                "signed-date {signed_date:?} is not a UTC time in the format {:?}",
                signature.clock_format
            ),
        ));
    }
    let signed = SignedRequest {
        method: request.method.as_str(),
        path: request.path.as_str(),
        query: request.query.as_deref().unwrap_or(""),
    };
    let message = scheme.message(signed_date, &signed);
    let key = vendor.credential(&signature.key).unwrap_or_default();
    let expected = hmac_sha256_hex(key.as_bytes(), message.as_bytes());
    if part(&TemplatePart::Signature) != expected {
        let names: Vec<&str> = signature.message.iter().map(|p| p.name()).collect();
        out.push(Violation::auth(
            at,
            format!(
                "the signature is not HMAC-SHA256 of {message:?} ({}) under the test `{}`",
                names.join(" + "),
                signature.key
            ),
        ));
    }
}

/// The model's parsed header template as the runtime reads it.
fn runtime_template(signature: &Signature) -> Vec<TemplatePart<'_>> {
    signature
        .template
        .iter()
        .map(|p| match p {
            model::TemplatePart::Literal(text) => TemplatePart::Literal(text),
            model::TemplatePart::Credential(name) => TemplatePart::Credential(name),
            model::TemplatePart::SignedDate => TemplatePart::SignedDate,
            model::TemplatePart::Signature => TemplatePart::Signature,
        })
        .collect()
}

fn signed_part(part: model::SignedPart) -> SignedPart {
    match part {
        model::SignedPart::SignedDate => SignedPart::SignedDate,
        model::SignedPart::Method => SignedPart::Method,
        model::SignedPart::Path => SignedPart::Path,
        model::SignedPart::Query => SignedPart::Query,
    }
}

/// The checks of a signed form envelope: the account is the test account and the signature is
/// right.
pub(crate) fn check_rpc(
    vendor: &Vendor,
    rpc: &RpcEnvelope,
    fields: &[(String, String)],
    out: &mut Vec<Violation>,
) {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let account_at = format!("/form/{}", rpc.account_field);
    match field(&rpc.account_field) {
        Some(account) => {
            expect_credential(vendor, &rpc.account_credential, account, &account_at, out)
        }
        None => out.push(Violation::auth(account_at, "missing: the account id")),
    }
    let sign_at = format!("/form/{}", rpc.signature_field);
    let Some(sent) = field(&rpc.signature_field) else {
        out.push(Violation::auth(sign_at, "missing: the signature"));
        return;
    };
    let signed: Vec<(&str, String)> = fields
        .iter()
        .filter(|(k, _)| *k != rpc.signature_field)
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    let secret = Secret::new(
        vendor
            .credential(&rpc.secret_credential)
            .unwrap_or_default(),
    );
    if sent != md5_signature(&signed, &secret) {
        out.push(Violation::auth(
            sign_at,
            format!(
                "the signature is not the MD5 of the other fields (sorted, empty ones left out) followed by the test `{}`",
                rpc.secret_credential
            ),
        ));
    }
}
