//! `lint`: everything that must hold of a spec before code is generated from it.
//!
//! Each check is a module that adds located [`Problem`]s; none stops the others, so one run shows
//! every problem in a file.

mod docs;
pub mod errata;
mod examples;
mod refs;
mod structure;
pub(crate) mod unions;

use std::path::Path;

use crate::Problem;
use crate::spec::{self, Spec, walk};

/// What linting one spec found and how much it looked at.
#[derive(Debug, Default)]
pub struct Report {
    pub problems: Vec<Problem>,
    pub operations: usize,
    pub schemas: usize,
    pub examples: usize,
}

/// Loads and lints one file; a file that does not load is one problem.
pub fn lint_file(path: &Path, display: &str) -> Report {
    match spec::load_file(path, display) {
        Ok(spec) => lint(&spec),
        Err(problem) => Report {
            problems: vec![problem],
            ..Report::default()
        },
    }
}

/// Runs every check on a loaded spec. Problems come sorted by position, then pointer.
pub fn lint(spec: &Spec) -> Report {
    let mut problems = Vec::new();
    if !structure::version(spec, &mut problems) {
        // Without a known version nothing else can be read reliably.
        return Report {
            problems,
            ..Report::default()
        };
    }
    let inventory = walk::inventory(&spec.root);
    refs::check(spec, &mut problems);
    structure::check(spec, &inventory, &mut problems);
    docs::check(spec, &inventory, &mut problems);
    errata::check(spec, &mut problems);
    let examples = examples::check(spec, &inventory, &mut problems);

    problems.sort_by(|a, b| {
        (
            a.position.unwrap_or((usize::MAX, 0)),
            &a.pointer,
            &a.message,
        )
            .cmp(&(
                b.position.unwrap_or((usize::MAX, 0)),
                &b.pointer,
                &b.message,
            ))
    });
    problems.dedup();
    let schemas = spec
        .root
        .pointer("/components/schemas")
        .and_then(|s| s.as_object())
        .map_or(0, |s| s.len());
    Report {
        problems,
        operations: inventory.operations.len(),
        schemas,
        examples,
    }
}
