//! SARIF 2.1.0 for GitHub code scanning and other viewers.

use plimsoll_diagnostics::{Category, Finding, RuleMeta, Severity, Span};
use plimsoll_lint::CheckResult;
use plimsoll_syntax::SourceFile;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes a relative path for use as a URI reference.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn region(source: Option<&SourceFile>, span: Span) -> Value {
    let Some(source) = source else {
        return json!({ "startLine": 1 });
    };
    let start = source.line_col(span.start);
    let end = source.line_col(span.end);
    let mut r = json!({
        "startLine": start.line,
        "startColumn": start.column,
        "charOffset": span.start,
        "charLength": span.len(),
    });
    if end.line > start.line || end.column > start.column {
        r["endLine"] = json!(end.line);
        r["endColumn"] = json!(end.column);
    }
    r
}

fn physical(path: &str, source: Option<&SourceFile>, span: Span) -> Value {
    json!({
        "artifactLocation": { "uri": uri(path), "uriBaseId": "%SRCROOT%" },
        "region": region(source, span),
    })
}

fn rule(meta: &RuleMeta) -> Value {
    let docs = plimsoll_lint::rule_docs(meta);
    let mut tags = vec![
        meta.category.as_str().to_string(),
        meta.domain.title().to_ascii_lowercase(),
    ];
    tags.extend(meta.practices.iter().map(|p| format!("practice/{p}")));
    let mut properties = json!({ "tags": tags, "precision": "high" });
    if meta.category == Category::Security {
        properties["security-severity"] = json!(match meta.severity {
            Severity::Error => "8.0",
            Severity::Warning => "5.0",
            Severity::Info => "2.0",
        });
    }
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": { "text": meta.summary },
        "fullDescription": { "text": meta.summary },
        "help": { "text": docs, "markdown": docs },
        "helpUri": meta.docs_url(),
        "defaultConfiguration": { "level": level(meta.severity) },
        "properties": properties,
    })
}

fn result(f: &Finding, rule_index: usize, fingerprint: &str, source: Option<&SourceFile>) -> Value {
    let path = f.location.display_path();
    let mut message = f.message.clone();
    if let Some(help) = &f.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut r = json!({
        "ruleId": f.rule.code,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": message },
        "locations": [{ "physicalLocation": physical(&path, source, f.location.span) }],
        "partialFingerprints": { "plimsoll/v1": fingerprint },
    });
    if !f.related.is_empty() {
        r["relatedLocations"] = json!(f.related.iter().enumerate().map(|(i, rel)| json!({
            "id": i,
            "physicalLocation": physical(&rel.location.display_path(), None::<&SourceFile>.or(
                (rel.location.path == f.location.path).then_some(source).flatten()
            ), rel.location.span),
            "message": { "text": rel.message },
        })).collect::<Vec<_>>());
    }
    if !f.fixes.is_empty() {
        r["fixes"] = json!(f.fixes.iter().map(|fix| json!({
            "description": { "text": format!("{} ({})", fix.message, fix.applicability.as_str()) },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri(&path), "uriBaseId": "%SRCROOT%" },
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": region(source, e.span),
                    "insertedContent": { "text": e.replacement },
                })).collect::<Vec<_>>(),
            }],
        })).collect::<Vec<_>>());
    }
    r
}

pub fn render(check: &CheckResult) -> String {
    // Rules that produced results, in code order, indexed for ruleIndex.
    let mut rules: BTreeMap<&str, &RuleMeta> = BTreeMap::new();
    for f in &check.findings {
        rules.insert(f.rule.code, f.rule);
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, c)| (*c, i)).collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut root = cwd.to_string_lossy().replace('\\', "/");
    if !root.ends_with('/') {
        root.push('/');
    }
    let root_uri = if root.starts_with('/') {
        format!("file://{}", uri(&root))
    } else {
        format!("file:///{}", uri(&root))
    };
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "plimsoll",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/plimsoll-dev/plimsoll",
                "rules": rules.values().map(|m| rule(m)).collect::<Vec<_>>(),
            }},
            "originalUriBaseIds": { "%SRCROOT%": { "uri": root_uri } },
            "columnKind": "unicodeCodePoints",
            "results": check.findings.iter().zip(&check.fingerprints).map(|(f, fp)| {
                result(f, index[f.rule.code], fp, check.source(&f.location.path))
            }).collect::<Vec<_>>(),
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("a dir/Dockerfile"), "a%20dir/Dockerfile");
        assert_eq!(uri("ü"), "%C3%BC");
    }
}
