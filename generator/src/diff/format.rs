//! A report as text (rustc-like, for a terminal), Markdown (a pull request
//! comment), JSON (for tools; documented in the README) or GitHub workflow
//! annotations. Every format lists the changes in report order, grouped by
//! operation, then by direction.

use super::change::{Change, Direction, SourceLevel, WireLevel};
use super::report::{bump, Report};
use std::fmt::Write;

/// An output format of `apigen diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    Github,
}

impl Format {
    /// `text`, `markdown`, `json` or `github`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "text" => Some(Format::Text),
            "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "github" => Some(Format::Github),
            _ => None,
        }
    }
}

impl Report {
    /// The report in `format`; `version` is the generated crate's current
    /// version, for the suggested bump.
    pub fn render(&self, format: Format, version: Option<&str>) -> String {
        match format {
            Format::Text => text(self, version),
            Format::Markdown => markdown(self, version),
            Format::Json => json(self, version),
            Format::Github => github(self, version),
        }
    }
}

/// The heading of a change's group: its first operation, the client's
/// configuration, or models that no operation uses.
fn group(change: &Change) -> String {
    match change.operations.first() {
        Some(op) => format!("Client::{op}"),
        None if change.item.starts_with("models::") => "models no operation uses".into(),
        None => "the client".into(),
    }
}

fn direction_heading(direction: Direction) -> &'static str {
    match direction {
        Direction::Request => "request",
        Direction::Response => "response",
        Direction::Both => "request and response",
        Direction::None => "method",
    }
}

/// `major, wire breaking`
fn ratings(change: &Change) -> String {
    format!("{}, wire {}", change.source.as_str(), change.wire.as_str())
}

fn text(report: &Report, version: Option<&str>) -> String {
    let mut out = format!("apigen diff {} → {}\n", report.old, report.new);
    let mut heading = (String::new(), None);
    for change in &report.changes {
        let (group, direction) = (group(change), change.direction);
        if heading.0 != group {
            let _ = write!(out, "\n== {group} ==\n");
            heading = (group, None);
        }
        if heading.1 != Some(direction) {
            let title = match (direction, change.operations.is_empty()) {
                (Direction::None, true) if change.item.starts_with("models::") => "types",
                (Direction::None, true) => "configuration",
                _ => direction_heading(direction),
            };
            let _ = writeln!(out, "-- {title} --");
            heading.1 = Some(direction);
        }
        text_change(&mut out, change);
    }
    out.push('\n');
    out.push_str(&summary_line(report, version));
    out.push('\n');
    out
}

fn text_change(out: &mut String, change: &Change) {
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        ratings(change),
        change.kind,
        change.message
    );
    if let Some(location) = &change.location {
        let _ = writeln!(out, "  --> {location}");
    }
    let _ = writeln!(out, "   | {}", change.item);
    if let Some(before) = &change.before {
        let _ = writeln!(out, "   - {before}");
    }
    if let Some(after) = &change.after {
        let _ = writeln!(out, "   + {after}");
    }
    if change.operations.len() > 1 {
        let _ = writeln!(out, "   = also in: {}", change.operations[1..].join(", "));
    }
    let _ = writeln!(out, "   = fingerprint: {}", change.fingerprint());
}

/// `3 changes: 1 major (source), 0 breaking (wire); suggested bump …`,
/// with the accepted changes when there are some.
fn summary_line(report: &Report, version: Option<&str>) -> String {
    let mut line = report.summary(version);
    if report.accepted > 0 {
        let _ = write!(line, " ({} accepted change(s) left out)", report.accepted);
    }
    line
}

fn markdown(report: &Report, version: Option<&str>) -> String {
    let mut out = format!("### apigen diff: `{}` → `{}`\n\n", report.old, report.new);
    let _ = writeln!(out, "**{}**", summary_line(report, version));
    let mut current = String::new();
    for change in &report.changes {
        let group = group(change);
        if group != current {
            let _ = write!(out, "\n#### `{group}`\n\n");
            out.push_str("| source | wire | change | item | before | after | spec |\n");
            out.push_str("|---|---|---|---|---|---|---|\n");
            current = group;
        }
        let code = |text: Option<&String>| text.map_or(String::new(), |t| format!("`{}`", cell(t)));
        let location = change
            .location
            .as_ref()
            .map(|l| format!("`{}`", cell(&l.to_string())));
        let _ = writeln!(
            out,
            "| {} | {} ({}) | `{}`: {} | `{}` | {} | {} | {} |",
            change.source.as_str(),
            change.wire.as_str(),
            direction_heading(change.direction),
            change.kind,
            cell(&change.message),
            cell(&change.item),
            code(change.before.as_ref()),
            code(change.after.as_ref()),
            location.unwrap_or_default(),
        );
    }
    out
}

/// Text fit for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn json(report: &Report, version: Option<&str>) -> String {
    use serde_json::{json, Value};
    let changes: Vec<Value> = report
        .changes
        .iter()
        .map(|change| {
            json!({
                "fingerprint": change.fingerprint(),
                "kind": change.kind,
                "item": change.item,
                "before": change.before,
                "after": change.after,
                "message": change.message,
                "source": change.source.as_str(),
                "wire": change.wire.as_str(),
                "direction": match change.direction {
                    Direction::Request => "request",
                    Direction::Response => "response",
                    Direction::Both => "both",
                    Direction::None => "none",
                },
                "operations": change.operations,
                "location": change.location.as_ref().map(|l| json!({
                    "file": l.file,
                    "line": l.line,
                    "column": l.column,
                    "pointer": l.pointer,
                })),
            })
        })
        .collect();
    let source = report.max_source();
    let suggested = version.zip(source).and_then(|(v, level)| bump(v, level));
    let value = json!({
        "old": report.old,
        "new": report.new,
        "summary": {
            "changes": report.changes.len(),
            "accepted": report.accepted,
            "source": source.map(SourceLevel::as_str),
            "wire": report.max_wire().map(WireLevel::as_str),
            "version": version,
            "suggested_version": suggested,
        },
        "changes": changes,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn github(report: &Report, version: Option<&str>) -> String {
    let mut out = String::new();
    for change in &report.changes {
        let command = match (change.source, change.wire) {
            (SourceLevel::Major, _) | (_, WireLevel::Breaking) => "error",
            (SourceLevel::Minor, _) | (_, WireLevel::Warning) => "warning",
            _ => "notice",
        };
        let mut properties = Vec::new();
        if let Some(location) = &change.location {
            properties.push(format!("file={}", property(&location.file)));
            if let Some(line) = location.line {
                properties.push(format!("line={line}"));
            }
            if let Some(column) = location.column {
                properties.push(format!("col={column}"));
            }
        }
        let title = format!("{} [{}] {}", ratings(change), change.kind, change.item);
        properties.push(format!("title={}", property(&title)));
        let mut message = change.message.clone();
        if change.before.is_some() || change.after.is_some() {
            let show = |text: &Option<String>| text.clone().unwrap_or_else(|| "(none)".into());
            let _ = write!(
                message,
                "\n{} → {}",
                show(&change.before),
                show(&change.after)
            );
        }
        let _ = write!(message, "\nfingerprint {}", change.fingerprint());
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            data(&message)
        );
    }
    let _ = writeln!(
        out,
        "::notice title=apigen diff::{}",
        data(&summary_line(report, version))
    );
    out
}

/// A workflow command's message, escaped as GitHub's runner expects.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: `:` and `,` escaped too.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
