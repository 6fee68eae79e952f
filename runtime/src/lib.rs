//! Support for the clients generated into `commerce-apis`: the parts that are the same for every
//! vendor and are written by hand, not generated.
//!
//! Generated code calls into this crate; users meet its [`Error`], [`Secret`] and [`Clock`]
//! through the generated clients, which re-export it as `commerce_apis::runtime`.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

mod additional;
pub mod auth;
pub mod call;
pub mod client;
pub mod clock;
mod define;
pub mod envelope;
pub mod error;
pub mod http;
pub mod multipart;
pub mod oauth2;
pub mod outcome;
pub mod rate;
mod redact;
pub mod response;
pub mod retry;
pub mod secret;
pub mod tolerant;
pub mod validate;

#[cfg(feature = "borrowed")]
pub mod borrowed;
#[cfg(feature = "dynamic")]
pub mod dynamic;
#[cfg(feature = "form-envelope")]
pub mod form_envelope;
/// Signing helpers of HMAC signature schemes.
#[cfg(feature = "hmac-signature")]
pub use commerce_apis_auth::hmac as hmac_signature;
#[cfg(feature = "paging")]
pub mod paging;
#[cfg(feature = "schemars")]
pub mod schema;
/// The JSON Schema library the generated types derive `JsonSchema` with (feature `schemars`):
/// `schemars::schema_for!(Type)` gives a type's schema.
#[cfg(feature = "schemars")]
pub use schemars;

pub use additional::Additional;
pub use auth::{Api, CredentialSource};
#[cfg(feature = "borrowed")]
pub use borrowed::{IntoOwned, RawJson, RawMembers, RawObject};
pub use call::{Answer, Call, Operation, QueryStyle, segment};
pub use client::{ClientBuilder, ClientCore};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, InvalidRequest, NoDocumentedError, RawResponse, SendError, Violation};
pub use multipart::Multipart;
pub use outcome::{ItemOutcome, SplitOutcomes};
#[cfg(feature = "paging")]
pub use paging::Rows;
pub use rate::RateLimiter;
pub use response::{Response, ResponseExt, WithResponse};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use validate::Validate;

// What generated code names through this crate, so a user's crate needs no direct dependency.
#[cfg(feature = "pattern")]
#[doc(hidden)]
pub use regex_lite;
#[doc(hidden)]
pub use {bytes, reqwest, serde, serde_json};
