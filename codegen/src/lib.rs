//! The spec side of the pipeline: load an OpenAPI document with source positions, and lint it.
//!
//! Everything here is vendor-neutral: a vendor is only ever a file under `specs/`.

pub mod diff;
pub mod emit;
pub mod generate;
pub mod lint;
pub mod model;
pub mod problem;
pub mod rust;
pub mod spec;
pub mod synthetic;

pub use problem::Problem;
pub use spec::Spec;
