//! Typed request/response types and async clients for the vendor APIs described in `specs/`.
//!
//! The vendor modules are written by `cargo xtask codegen` from the specs, one module and one
//! Cargo feature per spec; until the generator lands this crate has no modules.
