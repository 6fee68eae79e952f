//! The spec side of the pipeline: load an OpenAPI document with source positions, and lint it.
//!
//! Everything here is vendor-neutral: a vendor is only ever a file under `specs/`.

pub mod lint;
pub mod problem;
pub mod spec;

pub use problem::Problem;
pub use spec::Spec;
