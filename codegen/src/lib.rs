//! The spec side of the pipeline: load an OpenAPI document with source positions, and lint it.
//!
//! Everything here is vendor-neutral: a vendor is only ever a file under `specs/`.

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod diff;
#[cfg(feature = "emit")]
pub mod emit;
#[cfg(feature = "emit")]
pub mod generate;
pub mod lint;
pub mod model;
#[cfg(feature = "emit")]
mod parallel;
pub mod problem;
pub mod rust;
pub mod schema;
pub mod spec;
pub mod synthetic;

pub use problem::Problem;
pub use spec::Spec;
