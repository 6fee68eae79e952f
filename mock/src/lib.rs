//! A mock of every vendor API, built from the specs when it starts: a spec change needs no code
//! change here.
//!
//! Each operation answers with its documented example: the one a `Prefer: example=<name>` header
//! names, the first of the status a `Prefer: code=<status>` names, or by default the first example
//! of the first success answer. A documented answer without an example is built from its schema.
//!
//! Every request is checked first: path, query and header parameters, the credentials each
//! security scheme needs (they must be the test credentials [`Vendor::credentials`] lists),
//! signatures recomputed with the runtime's signing code, and the body against its schema. A
//! request that breaks the spec is answered `400` (`401` when a credential or signature is
//! missing or wrong) with every violation:
//!
//! ```json
//! {"error": "the request does not match the spec", "vendor": "shop",
//!  "operation": "updatePlace",
//!  "violations": [{"pointer": "/body/items/0/carrier", "reason": "\"XYZ\" is not one of ..."}]}
//! ```
//!
//! Pointers start with where the value was: `/path/<name>`, `/query/<name>`, `/header/<name>`,
//! `/form/<field>` (a signed form envelope) or `/body` (the JSON body, or the payload inside an
//! envelope), followed by the JSON pointer inside the value.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod answer;
mod auth;
mod catalog;
mod request;
mod server;

pub use answer::MockAnswer;
pub use catalog::{Catalog, LoadError, Vendor};
pub use request::{MockRequest, Violation};
pub use server::{Exchange, MockServer, StartError};
