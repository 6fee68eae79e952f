//! What changed between two versions of a spec, with two verdicts per change: `level`, what it
//! does on the wire to clients in general (oasdiff's sense), and `rust`, what it does to the
//! generated crate's public API (semver). Works on the model (`model::build`), so no code is
//! compiled.
//!
//! The wire verdict follows the direction data travels: narrowing what a client may send, or
//! widening what it must accept, breaks clients. Our response types are tolerant, so some answer
//! changes that break clients in general do not break ours; such a change keeps its wire verdict
//! and says in `tolerated` why the generated client copes.

mod compare;
mod render;

use serde::Serialize;

use crate::model::{self, Api};
use crate::spec::Spec;
use crate::{Problem, lint};

pub use render::{Format, render};

/// What a change does on the wire to clients in general (worst first).
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

/// What a change does to the generated crate's public API, in semver terms (worst first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Impact {
    /// Code that compiled against the old crate may not compile: an item removed or changed.
    Major,
    /// Only additions: a new item, field, variant or method.
    Minor,
    /// The public API is the same (behaviour such as validation may differ).
    None,
}

impl Impact {
    pub fn label(self) -> &'static str {
        match self {
            Impact::Major => "major",
            Impact::Minor => "minor",
            Impact::None => "none",
        }
    }
}

/// A verdict `--fail-on` can select: a wire level or a Rust impact, each "or worse".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    Level(Level),
    Rust(Impact),
}

/// One change to the API.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The wire verdict.
    pub level: Level,
    /// The Rust API verdict.
    pub rust: Impact,
    /// The operations it concerns (those whose requests or answers hold the changed type).
    pub operations: Vec<String>,
    /// Where: `operation createOrder`, `OrderRequest.quantity`, `security scheme apiKey`, ...
    pub subject: String,
    /// What: `maximum 100 → 50`.
    pub change: String,
    /// Why it has this level, when that is not obvious.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Why the generated client copes with a change that breaks clients in general.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerated: Option<String>,
    /// The spec's pointer the change is about, when one place holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// The line of the new spec at that pointer (or its nearest ancestor), for annotations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// One item of the generated Rust API that is added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RustChange {
    /// `Client::create_order`, `types::OrderRequest::note`, `types::Channel::App`.
    pub item: String,
    pub impact: Impact,
    /// The item's signature before; `None` when it is added.
    pub old: Option<String>,
    /// The item's signature after; `None` when it is removed.
    pub new: Option<String>,
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
    /// The spec file of the new side (else the old), as messages name it.
    pub file: String,
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
        self.worst_level().is_some_and(|worst| worst <= level)
    }

    /// The worst wire verdict, `None` when nothing changed.
    pub fn worst_level(&self) -> Option<Level> {
        self.vendors
            .iter()
            .filter_map(VendorDiff::worst_level)
            .min()
    }

    /// The worst Rust verdict over every change and Rust item.
    pub fn worst_rust(&self) -> Impact {
        self.vendors
            .iter()
            .map(VendorDiff::worst_rust)
            .min()
            .unwrap_or(Impact::None)
    }

    /// Whether a change reaches `threshold`.
    pub fn reaches(&self, threshold: Threshold) -> bool {
        match threshold {
            Threshold::Level(level) => self.has_at_least(level),
            Threshold::Rust(impact) => self.worst_rust() <= impact,
        }
    }
}

impl VendorDiff {
    pub fn worst_level(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.level).min()
    }

    /// The worst Rust verdict of this vendor's changes and Rust items.
    pub fn worst_rust(&self) -> Impact {
        self.changes
            .iter()
            .map(|c| c.rust)
            .chain(self.rust.iter().map(|r| r.impact))
            .min()
            .unwrap_or(Impact::None)
    }
}

/// A spec ready to compare: linted and modelled.
pub struct Side {
    pub spec: Spec,
    pub api: Api,
}

/// Loads one side from its text, held to `rules` (a vendor's published document only to
/// validity); `Err` holds the problems of a spec that does not lint or model.
pub fn side(
    display: &str,
    name: &str,
    text: &str,
    rules: lint::Rules,
) -> Result<Side, Vec<Problem>> {
    let spec = crate::spec::parse(display, text).map_err(|p| vec![p])?;
    let report = lint::lint_with(&spec, rules);
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
                rust: Impact::Minor,
                operations: new.api.operations.iter().map(|o| o.id.clone()).collect(),
                subject: format!("spec {vendor}"),
                change: "added".into(),
                why: Some(format!("a new module and Cargo feature `{vendor}`")),
                tolerated: None,
                pointer: None,
                line: None,
            }],
            vec![RustChange {
                item: format!("mod {vendor}"),
                impact: Impact::Minor,
                old: None,
                new: Some(format!("pub mod {vendor}")),
            }],
        ),
        (Some(old), None) => (
            SpecStatus::Removed,
            vec![Change {
                level: Level::Breaking,
                rust: Impact::Major,
                operations: old.api.operations.iter().map(|o| o.id.clone()).collect(),
                subject: format!("spec {vendor}"),
                change: "removed".into(),
                why: Some(format!("the module and Cargo feature `{vendor}` disappear")),
                tolerated: None,
                pointer: None,
                line: None,
            }],
            vec![RustChange {
                item: format!("mod {vendor}"),
                impact: Impact::Major,
                old: Some(format!("pub mod {vendor}")),
                new: None,
            }],
        ),
        (Some(old), Some(new)) => {
            let (mut changes, mut rust) = compare::apis(old, new);
            for change in &mut changes {
                change.line = change
                    .pointer
                    .as_deref()
                    .and_then(|p| new.spec.position(p))
                    .map(|(line, _)| line);
            }
            changes.sort_by(|a, b| {
                (a.level, a.rust, &a.subject, &a.change)
                    .cmp(&(b.level, b.rust, &b.subject, &b.change))
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
        file: new.or(old).map(|s| s.spec.file.clone()).unwrap_or_default(),
        status,
        changes,
        rust,
    }
}
