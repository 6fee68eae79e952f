//! Security schemes as data: how a credential travels with a request.
//!
//! One [`Scheme`] value is everything the rest of the workspace knows about a scheme. The
//! generator's model reads a spec's `components/securitySchemes` into it and prints it into the
//! generated client as a constant ([`Scheme::rust_expr`]); the client runtime puts its credential
//! on every request ([`Scheme::query_credential`], [`Scheme::header_credential`]); the mock checks
//! a received request against it (`Scheme::verify`, feature `verify`). A new kind of scheme is a
//! new [`SchemeKind`] variant here, and the compiler then leads to every match that must learn it,
//! all in this crate, plus the model's reading of the spec.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

mod apply;
mod print;
mod scheme;
pub mod template;
#[cfg(feature = "verify")]
mod verify;

#[cfg(feature = "hmac-signature")]
pub mod hmac;

pub use apply::ApplyError;
pub use scheme::{
    CredentialSource, HmacSignature, Scheme, SchemeKind, SignedPart, SignedRequest, TemplatePart,
};
#[cfg(feature = "verify")]
pub use verify::Refusal;

#[cfg(test)]
mod test_fixtures {
    use crate::{HmacSignature, SignedPart};

    /// A signature scheme shaped like the one commerce gateways document (all four parts signed,
    /// a credential, the date and the signature in one header).
    pub(crate) static CEA: HmacSignature<'static> = HmacSignature::new(
        "Authorization",
        "secret-key",
        "%y%m%dT%H%M%SZ",
        &SignedPart::ALL,
        "CEA algorithm=HmacSHA256, access-key={access-key}, signed-date={signed-date}, signature={signature}",
    );
}
