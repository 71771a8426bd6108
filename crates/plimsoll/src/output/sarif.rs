//! SARIF 2.1.0 for GitHub code scanning and other viewers, serialised from
//! borrowed, typed structs.

use plimsoll_diagnostics::{Category, Finding, RuleMeta, Severity, Span};
use plimsoll_lint::CheckResult;
use plimsoll_syntax::SourceFile;
use serde::Serialize;
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'static str,
    name: &'static str,
    short_description: Text<&'static str>,
    full_description: Text<&'static str>,
    help: Help,
    help_uri: String,
    default_configuration: DefaultConfiguration,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct DefaultConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    tags: Vec<std::borrow::Cow<'a, str>>,
    precision: &'static str,
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    char_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    char_length: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<String>,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text<String>,
    locations: [SarifLocation; 1],
    partial_fingerprints: BTreeMap<&'static str, &'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

fn region(source: Option<&SourceFile>, span: Span) -> Region {
    let Some(source) = source else {
        return Region {
            start_line: 1,
            start_column: None,
            end_line: None,
            end_column: None,
            char_offset: None,
            char_length: None,
        };
    };
    let start = source.line_col(span.start);
    let end = source.line_col(span.end);
    // An empty region has no end: some consumers reject end == start.
    let has_end = end.line > start.line || end.column > start.column;
    Region {
        start_line: start.line,
        start_column: Some(start.column),
        end_line: has_end.then_some(end.line),
        end_column: has_end.then_some(end.column),
        char_offset: Some(span.start),
        char_length: Some(span.len()),
    }
}

fn artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation {
        uri: uri(path),
        uri_base_id: Some("%SRCROOT%"),
    }
}

fn physical(path: &str, source: Option<&SourceFile>, span: Span) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: artifact(path),
        region: region(source, span),
    }
}

fn rule(meta: &RuleMeta) -> Rule<'_> {
    let docs = plimsoll_lint::rule_docs(meta);
    let mut tags: Vec<std::borrow::Cow<'_, str>> = vec![
        meta.category.as_str().into(),
        meta.domain.title().to_ascii_lowercase().into(),
    ];
    tags.extend(
        meta.practices
            .iter()
            .map(|p| format!("practice/{p}").into()),
    );
    Rule {
        id: meta.code,
        name: meta.name,
        short_description: Text { text: meta.summary },
        full_description: Text { text: meta.summary },
        help: Help {
            text: docs.clone(),
            markdown: docs,
        },
        help_uri: meta.docs_url(),
        default_configuration: DefaultConfiguration {
            level: level(meta.severity),
        },
        properties: RuleProperties {
            tags,
            precision: "high",
            security_severity: (meta.category == Category::Security).then_some(
                match meta.severity {
                    Severity::Error => "8.0",
                    Severity::Warning => "5.0",
                    Severity::Info => "2.0",
                },
            ),
        },
    }
}

fn result<'a>(
    f: &'a Finding,
    rule_index: usize,
    fingerprint: &'a str,
    source: Option<&SourceFile>,
) -> SarifResult<'a> {
    let path = f.location.display_path();
    let mut message = f.message.clone();
    if let Some(help) = &f.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    SarifResult {
        rule_id: f.rule.code,
        rule_index,
        level: level(f.severity),
        message: Text { text: message },
        locations: [SarifLocation {
            physical_location: physical(&path, source, f.location.span),
        }],
        partial_fingerprints: BTreeMap::from([("plimsoll/v1", fingerprint)]),
        related_locations: f
            .related
            .iter()
            .enumerate()
            .map(|(id, rel)| RelatedLocation {
                id,
                physical_location: physical(
                    &rel.location.display_path(),
                    source.filter(|_| rel.location.path == f.location.path),
                    rel.location.span,
                ),
                message: Text { text: &rel.message },
            })
            .collect(),
        fixes: f
            .fixes
            .iter()
            .map(|fix| SarifFix {
                description: Text {
                    text: format!("{} ({})", fix.message, fix.applicability.as_str()),
                },
                artifact_changes: [ArtifactChange {
                    artifact_location: artifact(&path),
                    replacements: fix
                        .edits
                        .iter()
                        .map(|e| Replacement {
                            deleted_region: region(source, e.span),
                            inserted_content: Text {
                                text: &e.replacement,
                            },
                        })
                        .collect(),
                }],
            })
            .collect(),
    }
}

pub fn render(check: &CheckResult) -> String {
    // Rules that produced results, in code order, indexed for ruleIndex.
    let mut metas: BTreeMap<&str, &RuleMeta> = BTreeMap::new();
    for f in &check.findings {
        metas.insert(f.rule.code, f.rule);
    }
    let index: BTreeMap<&str, usize> = metas.keys().enumerate().map(|(i, c)| (*c, i)).collect();
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
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "plimsoll",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: "https://github.com/plimsoll-dev/plimsoll",
                    rules: metas.values().map(|m| rule(m)).collect(),
                },
            },
            original_uri_base_ids: BTreeMap::from([(
                "%SRCROOT%",
                ArtifactLocation {
                    uri: root_uri,
                    uri_base_id: None,
                },
            )]),
            column_kind: "unicodeCodePoints",
            results: check
                .findings
                .iter()
                .zip(&check.fingerprints)
                .map(|(f, fp)| result(f, index[f.rule.code], fp, check.source(&f.location.path)))
                .collect(),
        }],
    };
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
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
