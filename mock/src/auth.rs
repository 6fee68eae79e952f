//! Authentication checks: the credential each security scheme needs is present and is the test
//! credential, and signatures are recomputed, all by the scheme's own `verify`, which shares its
//! code with the signing client; the signed form envelope is checked with the runtime's signer.

use std::borrow::Cow;

use codegen::model::{RpcEnvelope, Scheme};
use commerce_apis_runtime::Secret;
use commerce_apis_runtime::auth::{CredentialSource, SignedRequest};
use commerce_apis_runtime::form_envelope::md5_signature;

use crate::catalog::Vendor;
use crate::request::{MockRequest, Violation};

/// The mock's test credentials are what a request must carry; tokens are not among them, so any
/// non-empty token passes.
impl CredentialSource for Vendor {
    fn credential(&self, name: &str) -> Option<Cow<'_, str>> {
        Vendor::credential(self, name).map(Cow::Borrowed)
    }
}

pub(crate) fn check_scheme(
    vendor: &Vendor,
    scheme: &Scheme,
    request: &MockRequest,
    out: &mut Vec<Violation>,
) {
    let signed = SignedRequest {
        method: &request.method,
        path: &request.path,
        query: request.query.as_deref().unwrap_or(""),
    };
    let refusals = scheme
        .wire
        .verify(&signed, |name| request.header(name), vendor);
    out.extend(
        refusals
            .into_iter()
            .map(|refusal| Violation::auth(refusal.at, refusal.reason)),
    );
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
