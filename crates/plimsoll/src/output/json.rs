//! The JSON report (schema version 1, documented in docs/output-formats.md).

use plimsoll_diagnostics::{Finding, Location, Span};
use plimsoll_lint::CheckResult;
use plimsoll_syntax::SourceFile;
use serde_json::{Value, json};

pub const SCHEMA_VERSION: u32 = 1;

fn position(line: usize, column: usize) -> Value {
    json!({ "line": line, "column": column })
}

fn location(loc: &Location) -> Value {
    json!({
        "start": position(loc.start.line, loc.start.column),
        "end": position(loc.end.line, loc.end.column),
        "byte_range": [loc.span.start, loc.span.end],
    })
}

fn span_location(source: Option<&SourceFile>, span: Span) -> Value {
    match source {
        Some(s) => {
            let (a, b) = (s.line_col(span.start), s.line_col(span.end));
            json!({
                "start": position(a.line, a.column),
                "end": position(b.line, b.column),
                "byte_range": [span.start, span.end],
            })
        }
        None => json!({ "byte_range": [span.start, span.end] }),
    }
}

pub fn finding(f: &Finding, fingerprint: &str, source: Option<&SourceFile>) -> Value {
    json!({
        "code": f.rule.code,
        "name": f.rule.name,
        "severity": f.severity.as_str(),
        "category": f.rule.category.as_str(),
        "message": f.message,
        "path": f.location.display_path(),
        "location": location(&f.location),
        "related": f.related.iter().map(|r| json!({
            "path": r.location.display_path(),
            "location": location(&r.location),
            "message": r.message,
        })).collect::<Vec<_>>(),
        "help": f.help,
        "url": f.docs_url(),
        "fixes": f.fixes.iter().map(|fix| json!({
            "message": fix.message,
            "applicability": fix.applicability.as_str(),
            "edits": fix.edits.iter().map(|e| {
                let mut v = span_location(source, e.span);
                v["replacement"] = json!(e.replacement);
                v
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "fingerprint": fingerprint,
    })
}

pub fn render(result: &CheckResult) -> String {
    let summary = super::Summary::of(&result.findings);
    let doc = json!({
        "version": SCHEMA_VERSION,
        "tool": { "name": "plimsoll", "version": env!("CARGO_PKG_VERSION") },
        "summary": {
            "files": result.files.len(),
            "findings": result.findings.len(),
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "fixable": summary.safe_fixable,
            "unsafe_fixable": summary.unsafe_fixable,
            "baselined": result.baselined,
        },
        "findings": result.findings.iter().zip(&result.fingerprints).map(|(f, fp)| {
            finding(f, fp, result.source(&f.location.path))
        }).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
