//! A report as Markdown for a pull-request comment, as plain text, or as JSON.

use std::fmt::Write;

use super::{Change, Level, Report, SpecStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
    Json,
}

pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Markdown => markdown(report),
        Format::Text => text(report),
        Format::Json => serde_json::to_string_pretty(report).unwrap_or_default() + "\n",
    }
}

const LEVELS: [Level; 4] = [
    Level::Breaking,
    Level::PossiblyBreaking,
    Level::NonBreaking,
    Level::Documentation,
];

fn summary(report: &Report) -> String {
    let counts: Vec<String> = LEVELS
        .iter()
        .map(|l| format!("{} {}", report.count(*l), l.label()))
        .collect();
    format!(
        "Spec changes {} → {}: {}",
        report.base,
        report.head,
        counts.join(", ")
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

fn what(change: &Change) -> String {
    match &change.why {
        Some(why) => format!("{} ({why})", change.change),
        None => change.change.clone(),
    }
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
        out.push_str("\n### Breaking changes\n\n");
        for (vendor, c) in breaking {
            let _ = writeln!(
                out,
                "- **{vendor}** {}: {} — {}",
                ops(c),
                c.subject,
                what(c)
            );
        }
    }
    for vendor in &report.vendors {
        if vendor.status == SpecStatus::Unchanged {
            continue;
        }
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
            out.push_str("| level | operations | where | change |\n|---|---|---|---|\n");
            for c in api {
                let _ = writeln!(
                    out,
                    "| {} | {} | `{}` | {} |",
                    c.level.label(),
                    ops(c),
                    cell(&c.subject),
                    cell(&what(c))
                );
            }
        }
        if !vendor.rust.is_empty() {
            out.push_str("\nGenerated Rust API:\n\n| item | change |\n|---|---|\n");
            for r in &vendor.rust {
                let _ = writeln!(out, "| `{}` | {} |", cell(&r.item), cell(&r.change));
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
    out
}

fn text(report: &Report) -> String {
    let mut out = format!("{}\n", summary(report));
    for level in LEVELS {
        for vendor in &report.vendors {
            for c in vendor.changes.iter().filter(|c| c.level == level) {
                let _ = writeln!(
                    out,
                    "{:<17} {} {} [{}]: {}",
                    level.label(),
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
                "rust              {} {}: {}",
                vendor.vendor, r.item, r.change
            );
        }
    }
    out
}
