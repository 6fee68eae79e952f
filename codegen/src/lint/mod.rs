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

/// Which rules a document is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rules {
    /// A spec written here from a vendor's pages: validity and the house rules (descriptions and
    /// summaries everywhere, operationIds, examples that validate, `x-errata`) are all errors.
    #[default]
    House,
    /// A vendor's own OpenAPI document, used unchanged (`specs/published/`): validity is an
    /// error, the house rules only warn.
    Published,
}

impl Rules {
    /// The rules a document of a specs folder is held to.
    pub fn of(source: &spec::Source) -> Rules {
        if source.published {
            Rules::Published
        } else {
            Rules::House
        }
    }
}

/// What linting one spec found and how much it looked at.
#[derive(Debug, Default)]
pub struct Report {
    /// What stops generation.
    pub problems: Vec<Problem>,
    /// House rules a published document does not follow; generation goes on.
    pub warnings: Vec<Problem>,
    pub operations: usize,
    pub schemas: usize,
    pub examples: usize,
}

/// Loads and lints one file under the house rules; a file that does not load is one problem.
pub fn lint_file(path: &Path, display: &str) -> Report {
    lint_file_with(path, display, Rules::House)
}

/// Loads and lints one file under `rules`.
pub fn lint_file_with(path: &Path, display: &str, rules: Rules) -> Report {
    match spec::load_file(path, display) {
        Ok(spec) => lint_with(&spec, rules),
        Err(problem) => Report {
            problems: vec![problem],
            ..Report::default()
        },
    }
}

/// Runs every check on a loaded spec under the house rules.
pub fn lint(spec: &Spec) -> Report {
    lint_with(spec, Rules::House)
}

/// Runs every check on a loaded spec. Problems come sorted by position, then pointer.
pub fn lint_with(spec: &Spec, rules: Rules) -> Report {
    let mut problems = Vec::new();
    let mut house = Vec::new();
    if !structure::version(spec, &mut problems) {
        // Without a known version nothing else can be read reliably.
        return Report {
            problems,
            ..Report::default()
        };
    }
    let inventory = walk::inventory(&spec.root);
    refs::check(spec, &mut problems);
    structure::check(spec, &inventory, &mut problems, &mut house);
    docs::check(spec, &inventory, &mut house);
    let errata = errata::occurrences(&spec.root);
    errata::check(spec, &errata, &mut house);
    let explained = errata::explained_pointers(&errata);
    let examples = examples::check(spec, &inventory, &explained, &mut house);
    let mut warnings = match rules {
        Rules::House => {
            problems.append(&mut house);
            Vec::new()
        }
        Rules::Published => house,
    };
    sort(&mut problems);
    sort(&mut warnings);
    let schemas = spec
        .root
        .pointer("/components/schemas")
        .and_then(|s| s.as_object())
        .map_or(0, |s| s.len());
    Report {
        problems,
        warnings,
        operations: inventory.operations.len(),
        schemas,
        examples,
    }
}

/// By position, then pointer; duplicates removed.
fn sort(problems: &mut Vec<Problem>) {
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
}
