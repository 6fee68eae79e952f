//! What changed between two versions of a spec, for users of the generated crate: each change
//! classified by whether it breaks them, and the generated Rust API items it adds, removes or
//! changes. Works on the model (`model::build`), so no code is compiled.
//!
//! Classification follows the direction data travels. Narrowing what a client may send, or
//! widening what it must accept, breaks clients; our response types are tolerant, so some answer
//! changes that break other clients do not break ours, and the report says why.

mod compare;
mod render;

use serde::Serialize;

use crate::model::{self, Api};
use crate::spec::Spec;
use crate::{Problem, lint};

pub use render::{Format, render};

/// How a change affects users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Breaking,
    PossiblyBreaking,
    NonBreaking,
    /// Descriptions, examples and errata: nothing changes on the wire or in the Rust API.
    Documentation,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Breaking => "breaking",
            Level::PossiblyBreaking => "possibly breaking",
            Level::NonBreaking => "non-breaking",
            Level::Documentation => "documentation",
        }
    }
}

/// One change to the API.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub level: Level,
    /// The operations it concerns (those whose requests or answers hold the changed type).
    pub operations: Vec<String>,
    /// Where: `operation createOrder`, `OrderRequest.quantity`, `security scheme apiKey`, ...
    pub subject: String,
    /// What: `maximum 100 → 50`.
    pub change: String,
    /// Why it has this level, when that is not obvious.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// One item of the generated Rust API that is added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RustChange {
    /// `Client::create_order`, `types::OrderRequest::note`, `types::Channel::App`.
    pub item: String,
    /// `added`, `removed`, or `a → b`.
    pub change: String,
}

/// Whether the spec exists on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpecStatus {
    Added,
    Removed,
    Changed,
    Unchanged,
}

/// Every change to one vendor's spec.
#[derive(Debug, Clone, Serialize)]
pub struct VendorDiff {
    pub vendor: String,
    pub status: SpecStatus,
    pub changes: Vec<Change>,
    pub rust: Vec<RustChange>,
}

/// The whole comparison, vendors in name order.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// What the old side is (a git ref, a file).
    pub base: String,
    /// What the new side is.
    pub head: String,
    pub vendors: Vec<VendorDiff>,
}

impl Report {
    /// How many changes have `level`.
    pub fn count(&self, level: Level) -> usize {
        self.vendors
            .iter()
            .flat_map(|v| &v.changes)
            .filter(|c| c.level == level)
            .count()
    }

    /// Whether any change is at `level` or worse.
    pub fn has_at_least(&self, level: Level) -> bool {
        self.vendors
            .iter()
            .flat_map(|v| &v.changes)
            .any(|c| c.level <= level)
    }
}

/// A spec ready to compare: linted and modelled.
pub struct Side {
    pub spec: Spec,
    pub api: Api,
}

/// Loads one side from its text; `Err` holds the problems of a spec that does not lint or model.
pub fn side(display: &str, name: &str, text: &str) -> Result<Side, Vec<Problem>> {
    let spec = crate::spec::parse(display, text).map_err(|p| vec![p])?;
    let report = lint::lint(&spec);
    if !report.problems.is_empty() {
        return Err(report.problems);
    }
    let api = model::build(&spec, name)?;
    Ok(Side { spec, api })
}

/// Compares one vendor's spec before and after; either side may be missing.
pub fn compare(vendor: &str, old: Option<&Side>, new: Option<&Side>) -> VendorDiff {
    let (status, changes, rust) = match (old, new) {
        (None, None) => (SpecStatus::Unchanged, Vec::new(), Vec::new()),
        (None, Some(new)) => (
            SpecStatus::Added,
            vec![Change {
                level: Level::NonBreaking,
                operations: new.api.operations.iter().map(|o| o.id.clone()).collect(),
                subject: format!("spec {vendor}"),
                change: "added".into(),
                why: Some(format!("a new module and Cargo feature `{vendor}`")),
            }],
            vec![RustChange {
                item: format!("mod {vendor}"),
                change: "added".into(),
            }],
        ),
        (Some(old), None) => (
            SpecStatus::Removed,
            vec![Change {
                level: Level::Breaking,
                operations: old.api.operations.iter().map(|o| o.id.clone()).collect(),
                subject: format!("spec {vendor}"),
                change: "removed".into(),
                why: Some(format!("the module and Cargo feature `{vendor}` disappear")),
            }],
            vec![RustChange {
                item: format!("mod {vendor}"),
                change: "removed".into(),
            }],
        ),
        (Some(old), Some(new)) => {
            let (mut changes, mut rust) = compare::apis(old, new);
            changes.sort_by(|a, b| {
                (a.level, &a.subject, &a.change).cmp(&(b.level, &b.subject, &b.change))
            });
            rust.sort();
            rust.dedup();
            let status = if changes.is_empty() && rust.is_empty() {
                SpecStatus::Unchanged
            } else {
                SpecStatus::Changed
            };
            (status, changes, rust)
        }
    };
    VendorDiff {
        vendor: vendor.to_owned(),
        status,
        changes,
        rust,
    }
}
