//! A report as Markdown for a pull-request comment, as plain text, as JSON, or as GitHub
//! workflow annotations.

use std::fmt::Write;

use super::{Change, Impact, Level, Report, RustChange, SpecStatus, VendorDiff};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
    Json,
    /// `::error file=…,line=…::` lines, which GitHub Actions shows on the pull request's diff.
    Github,
}

pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Markdown => markdown(report),
        Format::Text => text(report),
        Format::Json => serde_json::to_string_pretty(report).unwrap_or_default() + "\n",
        Format::Github => github(report),
    }
}

const LEVELS: [Level; 4] = [
    Level::Breaking,
    Level::PossiblyBreaking,
    Level::NonBreaking,
    Level::Documentation,
];

/// Both verdicts in one line: the worst of each and how many changes have each level.
fn summary(report: &Report) -> String {
    let counts: Vec<String> = LEVELS
        .iter()
        .map(|l| format!("{} {}", report.count(*l), l.label()))
        .collect();
    let wire = report.worst_level().map_or("unchanged", Level::label);
    let rust = report.worst_rust();
    let items = |impact: Impact| {
        report
            .vendors
            .iter()
            .flat_map(|v| &v.rust)
            .filter(|r| r.impact == impact)
            .count()
    };
    format!(
        "Spec changes {} → {}: wire {wire} ({}); Rust API {} ({} major, {} minor item changes)",
        report.base,
        report.head,
        counts.join(", "),
        rust.label(),
        items(Impact::Major),
        items(Impact::Minor),
    )
}

/// Markdown table cells: no pipes or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn ops(change: &Change) -> String {
    if change.operations.is_empty() {
        "-".to_owned()
    } else {
        change
            .operations
            .iter()
            .map(|o| format!("`{o}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The change, why it has its level, and whether our client copes.
fn what(change: &Change) -> String {
    let mut out = change.change.clone();
    if let Some(why) = &change.why {
        let _ = write!(out, " ({why})");
    }
    if let Some(tolerated) = &change.tolerated {
        let _ = write!(out, "; the generated client copes: {tolerated}");
    }
    out
}

fn signature(text: &Option<String>) -> String {
    text.as_deref()
        .map_or("-".to_owned(), |s| format!("`{}`", cell(s)))
}

fn markdown(report: &Report) -> String {
    let mut out = format!("**{}**\n", summary(report));
    let breaking: Vec<(&str, &Change)> = report
        .vendors
        .iter()
        .flat_map(|v| v.changes.iter().map(move |c| (v.vendor.as_str(), c)))
        .filter(|(_, c)| c.level == Level::Breaking)
        .collect();
    if !breaking.is_empty() {
        out.push_str("\n### Breaking on the wire\n\n");
        for (vendor, c) in breaking {
            let _ = writeln!(
                out,
                "- **{vendor}** {}: {} — {} · Rust: {}",
                ops(c),
                c.subject,
                what(c),
                c.rust.label()
            );
        }
    }
    for vendor in report
        .vendors
        .iter()
        .filter(|v| v.status != SpecStatus::Unchanged)
    {
        vendor_markdown(vendor, &mut out);
    }
    out
}

fn vendor_markdown(vendor: &VendorDiff, out: &mut String) {
    let status = match vendor.status {
        SpecStatus::Added => " (new spec)",
        SpecStatus::Removed => " (spec removed)",
        _ => "",
    };
    let _ = writeln!(out, "\n### {}{status}\n", vendor.vendor);
    let api: Vec<&Change> = vendor
        .changes
        .iter()
        .filter(|c| c.level != Level::Documentation)
        .collect();
    if !api.is_empty() {
        out.push_str("| wire | Rust | operations | where | change |\n|---|---|---|---|---|\n");
        for c in api {
            let _ = writeln!(
                out,
                "| {} | {} | {} | `{}` | {} |",
                c.level.label(),
                c.rust.label(),
                ops(c),
                cell(&c.subject),
                cell(&what(c))
            );
        }
    }
    if !vendor.rust.is_empty() {
        out.push_str(
            "\nGenerated Rust API:\n\n| item | semver | before | after |\n|---|---|---|---|\n",
        );
        let mut items: Vec<&RustChange> = vendor.rust.iter().collect();
        items.sort_by_key(|r| r.impact);
        for r in items {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                cell(&r.item),
                r.impact.label(),
                signature(&r.old),
                signature(&r.new)
            );
        }
    }
    let docs: Vec<&Change> = vendor
        .changes
        .iter()
        .filter(|c| c.level == Level::Documentation)
        .collect();
    if !docs.is_empty() {
        out.push_str("\nDocumentation (descriptions, examples, errata):\n\n");
        for c in docs {
            let _ = writeln!(out, "- `{}`: {}", c.subject, c.change);
        }
    }
}

fn text(report: &Report) -> String {
    let mut out = format!("{}\n", summary(report));
    for level in LEVELS {
        for vendor in &report.vendors {
            for c in vendor.changes.iter().filter(|c| c.level == level) {
                let _ = writeln!(
                    out,
                    "{:<17} rust {:<5} {} {} [{}]: {}",
                    level.label(),
                    c.rust.label(),
                    vendor.vendor,
                    c.subject,
                    c.operations.join(", "),
                    what(c)
                );
            }
        }
    }
    for vendor in &report.vendors {
        for r in &vendor.rust {
            let _ = writeln!(
                out,
                "rust {:<5} {} {}: {} → {}",
                r.impact.label(),
                vendor.vendor,
                r.item,
                r.old.as_deref().unwrap_or("(none)"),
                r.new.as_deref().unwrap_or("(none)")
            );
        }
    }
    out
}

/// Workflow commands: an error per wire-breaking change, a warning per possibly breaking one,
/// at the spec's line.
fn github(report: &Report) -> String {
    let mut out = String::new();
    for vendor in &report.vendors {
        for c in &vendor.changes {
            let command = match c.level {
                Level::Breaking => "error",
                Level::PossiblyBreaking => "warning",
                _ => continue,
            };
            let line = c.line.map(|l| format!(",line={l}")).unwrap_or_default();
            let message = format!("{}: {} (Rust API: {})", c.subject, what(c), c.rust.label());
            let _ = writeln!(
                out,
                "::{command} file={}{line},title={} {}::{}",
                escape_property(&vendor.file),
                c.level.label(),
                escape_property(&vendor.vendor),
                escape_data(&message)
            );
        }
    }
    out
}

/// GitHub's escaping of a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// ... and of a property value, which also may not hold `:` or `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
