//! The JSON report (schema version 1, documented in docs/output-formats.md).
//! Serialised from borrowed, typed structs: no intermediate JSON tree.

use plimsoll_diagnostics::{Finding, LineCol, Location, Span};
use plimsoll_lint::CheckResult;
use plimsoll_syntax::SourceFile;
use serde::Serialize;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    fixable: usize,
    unsafe_fixable: usize,
    baselined: usize,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

impl From<LineCol> for Position {
    fn from(p: LineCol) -> Self {
        Position {
            line: p.line,
            column: p.column,
        }
    }
}

#[derive(Serialize)]
struct JsonLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<Position>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<Position>,
    byte_range: [usize; 2],
}

impl JsonLocation {
    fn of(loc: &Location) -> Self {
        JsonLocation {
            start: Some(loc.start.into()),
            end: Some(loc.end.into()),
            byte_range: [loc.span.start, loc.span.end],
        }
    }

    fn of_span(source: Option<&SourceFile>, span: Span) -> Self {
        JsonLocation {
            start: source.map(|s| s.line_col(span.start).into()),
            end: source.map(|s| s.line_col(span.end).into()),
            byte_range: [span.start, span.end],
        }
    }
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: String,
    location: JsonLocation,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    #[serde(flatten)]
    location: JsonLocation,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    category: &'static str,
    message: &'a str,
    path: String,
    location: JsonLocation,
    related: Vec<JsonRelated<'a>>,
    help: Option<&'a str>,
    url: String,
    fixes: Vec<JsonFix<'a>>,
    fingerprint: &'a str,
}

fn finding<'a>(
    f: &'a Finding,
    fingerprint: &'a str,
    source: Option<&SourceFile>,
) -> JsonFinding<'a> {
    JsonFinding {
        code: f.rule.code,
        name: f.rule.name,
        severity: f.severity.as_str(),
        category: f.rule.category.as_str(),
        message: &f.message,
        path: f.location.display_path(),
        location: JsonLocation::of(&f.location),
        related: f
            .related
            .iter()
            .map(|r| JsonRelated {
                path: r.location.display_path(),
                location: JsonLocation::of(&r.location),
                message: &r.message,
            })
            .collect(),
        help: f.help.as_deref(),
        url: f.docs_url(),
        fixes: f
            .fixes
            .iter()
            .map(|fix| JsonFix {
                message: &fix.message,
                applicability: fix.applicability.as_str(),
                edits: fix
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        location: JsonLocation::of_span(source, e.span),
                        replacement: &e.replacement,
                    })
                    .collect(),
            })
            .collect(),
        fingerprint,
    }
}

pub fn render(result: &CheckResult) -> String {
    let s = super::Summary::of(&result.findings);
    let doc = Document {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "plimsoll",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: Summary {
            files: result.files.len(),
            findings: result.findings.len(),
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            fixable: s.safe_fixable,
            unsafe_fixable: s.unsafe_fixable,
            baselined: result.baselined,
        },
        findings: result
            .findings
            .iter()
            .zip(&result.fingerprints)
            .map(|(f, fp)| finding(f, fp, result.source(&f.location.path)))
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
