//! Suppression comments:
//!
//! - `# plimsoll: ignore[DF009, latest-base-image] reason` on the line of a
//!   finding, or alone on the line above the statement it covers;
//! - `# plimsoll: ignore-file[DF009] reason` anywhere: the whole file;
//! - `# hadolint ignore=DL3007,DL3008` above an instruction and
//!   `# hadolint global ignore=DL3007`, for rules mapped to those codes;
//! - the BuildKit directive `# check=skip=JSONArgsRecommended,...` (the
//!   whole file) and the same comment above an instruction (that
//!   instruction), for rules mapped to those check names.
//!
//! In compose files, also dclint's directives, for rules mapped to dclint
//! rules: `# dclint disable-file` or `# dclint disable [rules]` on the first
//! line (the whole file) and `# dclint disable-line [rules]` at the end of a
//! line (that line) or alone on a line (the node on the next line). Without
//! a rule list they cover every rule mapped to a dclint rule.
//!
//! In every file, gitleaks' `gitleaks:allow` on a line covers the secret
//! rules (SEC) on that line.
//!
//! In GitHub Actions workflows and action metadata, also zizmor's
//! `# zizmor: ignore[audit1,audit2]` comments, for rules mapped to those
//! audits: inside a step they cover the step, elsewhere their line and the
//! block under it.
//!
//! In Prometheus rule files and `PrometheusRule` objects, also pint's
//! comments, for rules mapped to pint checks: `# pint disable <check>`
//! inside a rule or alone above it (that rule), `# pint file/disable
//! <check>` (the whole file), `# pint ignore/file` (the whole file),
//! `# pint ignore/line`, `# pint ignore/next-line` and `# pint
//! ignore/begin` ... `# pint ignore/end` (those lines, every rule mapped
//! to a pint check). Check parameters (`promql/series(foo)`) are ignored.
//!
//! In Kubernetes YAML, also annotations on an object (covering the object)
//! or on a pod template (covering the template):
//!
//! - `plimsoll.dev/ignore: "K8S012,K8S020"`;
//! - checkov's `checkov.io/skip1: CKV_K8S_20=reason`, kube-linter's
//!   `ignore-check.kube-linter.io/<check>: reason`, kube-score's
//!   `kube-score/ignore: check-a,check-b` and Polaris'
//!   `polaris.fairwinds.com/<check>-exempt: "true"`, for mapped rules.
//!
//! A YAML comment alone on its line covers the node that starts on the next
//! line, with everything nested under it.
//!
//! In Terraform and Terragrunt files (HCL), plimsoll comments may also
//! start with `//`; alone above a block or attribute they cover all of it.
//! Peer directives there: checkov's `#checkov:skip=CKV_AWS_20:reason`
//! inside a block (covering the top-level block) and Trivy's
//! `#trivy:ignore:AVD-AWS-0086` at the end of a line (that line) or alone
//! above a block or attribute (all of it), for rules mapped to those ids.
//!
//! Only plimsoll comments and annotations are reported when unused (PL002):
//! the others also configure other tools.

use crate::kind::FileKind;
use crate::parse::ParsedFile;
use crate::registry::{RULES, rule_index};
use crate::rules::general::UnusedSuppression;
use crate::selector::Selector;
use plimsoll_diagnostics::{Edit, Finding, Fix, PeerTool, Span};
use plimsoll_syntax::yaml::{NodeId, ScalarStyle, YamlFile, patch};
use regex::Regex;
use std::sync::LazyLock;

static PLIMSOLL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"#\s*plimsoll:\s*(ignore-file|ignore)\[([^\]]*)\]([^\n]*)").expect("valid regex")
});
/// BuildKit's per-instruction form: `# check=skip=Rule1,Rule2 reason` above an instruction.
static BUILDKIT_SKIP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*#\s*check\s*=\s*skip\s*=\s*([A-Za-z,]+)").expect("valid regex")
});
static HADOLINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*#\s*hadolint\s+(global\s+)?ignore=([A-Za-z0-9_, ]+)").expect("valid regex")
});

/// dclint's directives: `# dclint disable-file`, `# dclint disable [rules]`
/// (first line only) and `# dclint disable-line [rules]`.
static DCLINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"#\s*dclint\s+(disable-file|disable-line|disable)\b([A-Za-z0-9_, -]*)")
        .expect("valid regex")
});

/// zizmor's comment: `# zizmor: ignore[audit1,audit2]` at the end of a
/// comment (exact spelling, one space after `#` and after the colon).
static ZIZMOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"# zizmor: ignore\[([a-z0-9-]+(?:, *[a-z0-9-]+)*)\](?: [^\n]*)?$")
        .expect("valid regex")
});

/// pint's comments: `# pint disable promql/rate`, `# pint file/disable
/// ...`, `# pint ignore/line` and the other `ignore/` forms.
static PINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"#\s*pint\s+(disable|file/disable|ignore/file|ignore/line|ignore/next-line|ignore/begin|ignore/end)\b[ \t]*([A-Za-z0-9_/-]*)",
    )
    .expect("valid regex")
});

/// checkov's skip comment in Terraform: `#checkov:skip=CKV_AWS_20:reason`.
static CHECKOV_SKIP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#\s*checkov:skip=\s*([A-Za-z0-9_]+)").expect("valid regex"));
/// Trivy's ignore comment: `#trivy:ignore:AVD-AWS-0086` (options after
/// another colon or in brackets are ignored).
static TRIVY_IGNORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:#|//)\s*trivy:ignore:([A-Za-z0-9_-]+)").expect("valid regex"));
/// A plimsoll comment written with `//` (HCL only).
static PLIMSOLL_SLASHES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"//\s*plimsoll:\s*(ignore-file|ignore)\[([^\]]*)\]([^\n]*)").expect("valid regex")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Plimsoll,
    /// checkov's `#checkov:skip=` in Terraform.
    Checkov,
    /// Trivy's `#trivy:ignore:` in Terraform.
    Trivy,
    Hadolint,
    Dclint,
    Zizmor,
    /// gitleaks' `gitleaks:allow` (secret rules on the line).
    Gitleaks,
    Pint,
    Buildkit,
    /// A `plimsoll.dev/ignore` annotation.
    Annotation,
    /// A peer tool's annotation (checkov, kube-linter, kube-score, Polaris).
    PeerAnnotation,
}

#[derive(Debug, Clone)]
pub enum Target {
    Selector(Selector),
    Peer(PeerTool, String),
    /// Every rule mapped to one of the tool's rules.
    AnyPeer(PeerTool),
    /// A plimsoll code that names no rule.
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Code {
    pub text: String,
    /// Span of the code in the comment, for removing it.
    pub span: Span,
    pub target: Target,
    pub used: bool,
}

#[derive(Debug, Clone)]
pub struct Suppression {
    pub origin: Origin,
    /// 1-based inclusive line range; `None` for the whole file.
    pub lines: Option<(usize, usize)>,
    /// The comment, from `#` to the end of the pragma.
    pub span: Span,
    /// Whether the comment is alone on its line.
    pub own_line: bool,
    pub codes: Vec<Code>,
    /// For an annotation: the annotations mapping holding it.
    pub annotations: Option<NodeId>,
}

impl Suppression {
    fn matches(&self, finding: &Finding) -> Option<usize> {
        if let Some((first, last)) = self.lines {
            let line = finding.location.start.line;
            if line < first || line > last {
                return None;
            }
        }
        let index = rule_index(finding.rule.code)?;
        self.codes.iter().position(|c| match &c.target {
            Target::Selector(s) => s.covers(index, finding.rule),
            Target::Peer(tool, id) => finding
                .rule
                .peers
                .iter()
                .any(|p| p.tool == *tool && p.id.eq_ignore_ascii_case(id)),
            Target::AnyPeer(tool) => finding.rule.peers.iter().any(|p| p.tool == *tool),
            Target::Unknown => false,
        })
    }
}

/// Reads every suppression of a file.
pub fn collect(file: &ParsedFile) -> Vec<Suppression> {
    let text = file.source.text();
    let mut out = Vec::new();
    collect_annotations(file, &mut out);
    if text.contains("# zizmor: ignore[") {
        collect_zizmor(file, &mut out);
    }
    if text.contains("gitleaks:allow") {
        collect_gitleaks(file, &mut out);
    }
    if text.contains("pint ") {
        collect_pint(file, &mut out);
    }
    if file.hcl().is_some()
        && (text.contains("checkov:") || text.contains("trivy:") || text.contains("//"))
    {
        collect_hcl(file, &mut out);
    }
    // Cheap exit: most files have no pragma at all.
    if !text.contains("plimsoll:") && !text.contains("hadolint") && !text.contains("check") {
        if text.contains("dclint") {
            collect_dclint(file, &mut out);
        }
        return out;
    }
    collect_dclint(file, &mut out);
    for line in 1..=file.source.line_count() {
        let span = file.source.line_span(line);
        let content = span.slice(text);
        if !content.contains('#') {
            continue;
        }
        let own_line = content.trim_start().starts_with('#');
        if let Some(caps) = PLIMSOLL.captures(content) {
            let whole = caps.get(0).expect("match");
            let kind = caps.get(1).expect("group").as_str();
            let list = caps.get(2).expect("group");
            let codes = split_codes(list.as_str(), span.start + list.start())
                .into_iter()
                .map(|(text, span)| Code {
                    target: Selector::parse(&text).map_or(Target::Unknown, Target::Selector),
                    text,
                    span,
                    used: false,
                })
                .collect();
            // Only the comment text counts: `RUN x  # plimsoll: ...` keeps `RUN x`.
            let comment_start = span.start + whole.start();
            out.push(Suppression {
                origin: Origin::Plimsoll,
                lines: (kind == "ignore").then(|| covered_lines(file, line, own_line)),
                span: Span::new(comment_start, span.start + whole.end()),
                own_line: own_line && content.trim_start().starts_with(whole.as_str().trim_end()),
                codes,
                annotations: None,
            });
        } else if own_line && !is_directive_line(file, span) && BUILDKIT_SKIP.is_match(content) {
            let caps = BUILDKIT_SKIP.captures(content).expect("matched");
            let list = caps.get(1).expect("group");
            let codes = split_codes(list.as_str(), span.start + list.start())
                .into_iter()
                .map(|(text, span)| Code {
                    target: Target::Peer(PeerTool::Buildkit, text.clone()),
                    text,
                    span,
                    used: false,
                })
                .collect();
            out.push(Suppression {
                origin: Origin::Buildkit,
                lines: Some(covered_lines(file, line, true)),
                span,
                own_line: true,
                codes,
                annotations: None,
            });
        } else if own_line && let Some(caps) = HADOLINT.captures(content) {
            let global = caps.get(1).is_some();
            let list = caps.get(2).expect("group");
            let codes = split_codes(list.as_str(), span.start + list.start())
                .into_iter()
                .map(|(text, span)| Code {
                    target: Target::Peer(PeerTool::Hadolint, text.clone()),
                    text,
                    span,
                    used: false,
                })
                .collect();
            out.push(Suppression {
                origin: Origin::Hadolint,
                lines: (!global).then(|| covered_lines(file, line, true)),
                span,
                own_line: true,
                codes,
                annotations: None,
            });
        }
    }
    if let Some(df) = file.dockerfile() {
        for d in df.directives.iter().filter(|d| d.name == "check") {
            for part in d.value.split(';') {
                let Some(list) = part.trim().strip_prefix("skip=") else {
                    continue;
                };
                let codes = list
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty() && !c.eq_ignore_ascii_case("all"))
                    .map(|c| Code {
                        text: c.to_string(),
                        span: d.value_span,
                        target: Target::Peer(PeerTool::Buildkit, c.to_string()),
                        used: false,
                    })
                    .collect();
                out.push(Suppression {
                    origin: Origin::Buildkit,
                    lines: None,
                    span: d.span,
                    own_line: true,
                    codes,
                    annotations: None,
                });
            }
        }
    }
    out
}

/// dclint's comment directives, in compose files.
fn collect_dclint(file: &ParsedFile, out: &mut Vec<Suppression>) {
    if file.kind != FileKind::Compose {
        return;
    }
    let text = file.source.text();
    // dclint reads file-wide directives on the first line that is neither
    // blank nor the `---` document marker.
    let first_line = (1..=file.source.line_count()).find(|&l| {
        let t = file.source.line_text(l).trim();
        !t.is_empty() && t != "---"
    });
    for line in 1..=file.source.line_count() {
        let span = file.source.line_span(line);
        let content = span.slice(text);
        let Some(caps) = DCLINT.captures(content) else {
            continue;
        };
        let kind = caps.get(1).expect("group").as_str();
        let own_line = content.trim_start().starts_with('#');
        let lines = match kind {
            // A trailing directive on `ports:` covers the items under it,
            // where plimsoll reports.
            "disable-line" if !own_line => Some((line, yaml_block_end(file, line))),
            "disable-line" => Some(covered_lines(file, line, true)),
            _ if Some(line) == first_line && own_line => None,
            // dclint ignores file-wide directives below the first line.
            _ => continue,
        };
        let list = caps.get(2).expect("group");
        let mut codes: Vec<Code> = if kind == "disable-file" {
            Vec::new()
        } else {
            split_codes(list.as_str(), span.start + list.start())
                .into_iter()
                .map(|(text, span)| Code {
                    target: Target::Peer(PeerTool::Dclint, text.clone()),
                    text,
                    span,
                    used: false,
                })
                .collect()
        };
        if codes.is_empty() {
            codes.push(Code {
                text: String::new(),
                span,
                target: Target::AnyPeer(PeerTool::Dclint),
                used: false,
            });
        }
        let whole = caps.get(0).expect("match");
        out.push(Suppression {
            origin: Origin::Dclint,
            lines,
            span: Span::new(span.start + whole.start(), span.start + whole.end()),
            own_line,
            codes,
            annotations: None,
        });
    }
}

/// gitleaks' `gitleaks:allow` anywhere on a line (usually a trailing
/// comment): every secret rule (SEC) on that line, as gitleaks skips every
/// secret of the line.
fn collect_gitleaks(file: &ParsedFile, out: &mut Vec<Suppression>) {
    let Ok(selector) = Selector::parse("SEC") else {
        return;
    };
    let text = file.source.text();
    for line in 1..=file.source.line_count() {
        let span = file.source.line_span(line);
        let content = span.slice(text);
        let Some(at) = content.find("gitleaks:allow") else {
            continue;
        };
        let start = span.start + at;
        out.push(Suppression {
            origin: Origin::Gitleaks,
            lines: Some((line, line)),
            span: Span::new(start, start + "gitleaks:allow".len()),
            own_line: false,
            codes: vec![Code {
                text: "gitleaks:allow".to_string(),
                span: Span::new(start, start + "gitleaks:allow".len()),
                target: Target::Selector(selector.clone()),
                used: false,
            }],
            annotations: None,
        });
    }
}

/// zizmor's `# zizmor: ignore[audits]` comments, in workflows and action
/// metadata, for rules mapped to those audits. zizmor ignores a finding when
/// the comment is on any line of its locations, which include the whole
/// step for step findings: a comment inside a step covers the step; one
/// elsewhere covers its line and the block under it (alone on its line:
/// the next node).
fn collect_zizmor(file: &ParsedFile, out: &mut Vec<Suppression>) {
    if !matches!(file.kind, FileKind::GithubWorkflow | FileKind::GithubAction) {
        return;
    }
    let Some(model) = file.yaml() else { return };
    let yaml = &model.yaml;
    let steps: Vec<NodeId> = match (&model.workflow, &model.action) {
        (Some(w), _) => w
            .jobs
            .iter()
            .flat_map(|j| j.steps.iter().map(|s| s.node))
            .collect(),
        (None, Some(a)) => a.steps.iter().map(|s| s.node).collect(),
        (None, None) => Vec::new(),
    };
    let step_lines: Vec<(usize, usize)> = steps
        .iter()
        .map(|&n| {
            let span = yaml.node(n).span;
            (
                file.source.line_of(span.start),
                file.source
                    .line_of(span.end.saturating_sub(1).max(span.start)),
            )
        })
        .collect();
    let text = file.source.text();
    for comment in &yaml.comments {
        let content = comment.span.slice(text);
        let Some(caps) = ZIZMOR.captures(content) else {
            continue;
        };
        let line = file.source.line_of(comment.span.start);
        let own_line = file.source.line_text(line).trim_start().starts_with('#');
        let lines = step_lines
            .iter()
            .find(|(first, last)| *first <= line && line <= *last)
            .copied()
            .unwrap_or_else(|| {
                if own_line {
                    covered_lines(file, line, true)
                } else {
                    (line, yaml_block_end(file, line))
                }
            });
        let list = caps.get(1).expect("group");
        let codes = split_codes(list.as_str(), comment.span.start + list.start())
            .into_iter()
            .map(|(text, span)| Code {
                target: Target::Peer(PeerTool::Zizmor, text.clone()),
                text,
                span,
                used: false,
            })
            .collect();
        let whole = caps.get(0).expect("match");
        out.push(Suppression {
            origin: Origin::Zizmor,
            lines: Some(lines),
            span: Span::new(
                comment.span.start + whole.start(),
                comment.span.start + whole.end(),
            ),
            own_line,
            codes,
            annotations: None,
        });
    }
}

/// pint's comments in files with Prometheus rules (see the module docs).
fn collect_pint(file: &ParsedFile, out: &mut Vec<Suppression>) {
    let Some(model) = file.yaml() else { return };
    let Some(prom) = &model.prometheus else {
        return;
    };
    let yaml = &model.yaml;
    let rule_lines: Vec<(usize, usize)> = prom
        .groups
        .iter()
        .flat_map(|g| g.rules.iter())
        .map(|r| {
            let span = yaml.node(r.node).span;
            (
                file.source.line_of(span.start),
                file.source
                    .line_of(span.end.saturating_sub(1).max(span.start)),
            )
        })
        .collect();
    let text = file.source.text();
    let mut begin: Option<usize> = None;
    for comment in &yaml.comments {
        let content = comment.span.slice(text);
        let Some(caps) = PINT.captures(content) else {
            continue;
        };
        let line = file.source.line_of(comment.span.start);
        let own_line = file.source.line_text(line).trim_start().starts_with('#');
        let directive = caps.get(1).expect("group").as_str();
        let check = caps.get(2).expect("group");
        let lines = match directive {
            "ignore/file" | "file/disable" => None,
            "ignore/line" => Some((line, line)),
            "ignore/next-line" => Some((line + 1, line + 1)),
            "ignore/begin" => {
                begin = Some(line);
                continue;
            }
            "ignore/end" => match begin.take() {
                Some(start) => Some((start, line)),
                None => continue,
            },
            _ => Some(
                rule_lines
                    .iter()
                    .find(|(first, last)| *first <= line && line <= *last)
                    .copied()
                    .unwrap_or_else(|| covered_lines(file, line, own_line)),
            ),
        };
        let target = if matches!(directive, "disable" | "file/disable") {
            if check.as_str().is_empty() {
                continue;
            }
            Target::Peer(PeerTool::Pint, check.as_str().to_string())
        } else {
            Target::AnyPeer(PeerTool::Pint)
        };
        let whole = caps.get(0).expect("match");
        out.push(Suppression {
            origin: Origin::Pint,
            lines,
            span: Span::new(
                comment.span.start + whole.start(),
                comment.span.start + whole.end(),
            ),
            own_line,
            codes: vec![Code {
                text: check.as_str().to_string(),
                span: Span::new(
                    comment.span.start + check.start(),
                    comment.span.start + check.end(),
                ),
                target,
                used: false,
            }],
            annotations: None,
        });
    }
    if let Some(start) = begin {
        // `ignore/begin` without `ignore/end`: to the end of the file.
        out.push(Suppression {
            origin: Origin::Pint,
            lines: Some((start, file.source.line_count())),
            span: Span::empty(0),
            own_line: true,
            codes: vec![Code {
                text: String::new(),
                span: Span::empty(0),
                target: Target::AnyPeer(PeerTool::Pint),
                used: false,
            }],
            annotations: None,
        });
    }
}

/// `//` plimsoll comments and checkov/Trivy directives in HCL files.
fn collect_hcl(file: &ParsedFile, out: &mut Vec<Suppression>) {
    let text = file.source.text();
    for line in 1..=file.source.line_count() {
        let span = file.source.line_span(line);
        let content = span.slice(text);
        let own_line = |m: &str| content.trim_start().starts_with(m.trim_end());
        if let Some(caps) = PLIMSOLL_SLASHES.captures(content) {
            let whole = caps.get(0).expect("match");
            let kind = caps.get(1).expect("group").as_str();
            let list = caps.get(2).expect("group");
            let alone = own_line(whole.as_str());
            let codes = split_codes(list.as_str(), span.start + list.start())
                .into_iter()
                .map(|(text, span)| Code {
                    target: Selector::parse(&text).map_or(Target::Unknown, Target::Selector),
                    text,
                    span,
                    used: false,
                })
                .collect();
            out.push(Suppression {
                origin: Origin::Plimsoll,
                lines: (kind == "ignore").then(|| covered_lines(file, line, alone)),
                span: Span::new(span.start + whole.start(), span.start + whole.end()),
                own_line: alone,
                codes,
                annotations: None,
            });
        }
        for caps in CHECKOV_SKIP.captures_iter(content) {
            let id = caps.get(1).expect("group");
            let Some(lines) = enclosing_hcl_block(file, span.start) else {
                continue;
            };
            let whole = caps.get(0).expect("match");
            out.push(Suppression {
                origin: Origin::Checkov,
                lines: Some(lines),
                span: Span::new(span.start + whole.start(), span.start + whole.end()),
                own_line: own_line(whole.as_str()),
                codes: vec![Code {
                    text: id.as_str().to_string(),
                    span: Span::new(span.start + id.start(), span.start + id.end()),
                    target: Target::Peer(PeerTool::Checkov, id.as_str().to_string()),
                    used: false,
                }],
                annotations: None,
            });
        }
        let alone = content.trim_start().starts_with('#') || content.trim_start().starts_with("//");
        for caps in TRIVY_IGNORE.captures_iter(content) {
            let id = caps.get(1).expect("group");
            let whole = caps.get(0).expect("match");
            out.push(Suppression {
                origin: Origin::Trivy,
                lines: Some(covered_lines(file, line, alone)),
                span: Span::new(span.start + whole.start(), span.start + whole.end()),
                own_line: alone,
                codes: vec![Code {
                    text: id.as_str().to_string(),
                    span: Span::new(span.start + id.start(), span.start + id.end()),
                    target: Target::Peer(PeerTool::Trivy, id.as_str().to_string()),
                    used: false,
                }],
                annotations: None,
            });
        }
    }
}

/// The lines of the top-level HCL block holding `offset`.
fn enclosing_hcl_block(file: &ParsedFile, offset: usize) -> Option<(usize, usize)> {
    let hcl = file.hcl()?;
    let b = hcl
        .body
        .blocks
        .iter()
        .find(|b| b.span.start <= offset && offset < b.span.end)?;
    Some(lines_of(file, b.span))
}

fn lines_of(file: &ParsedFile, span: Span) -> (usize, usize) {
    (
        file.source.line_of(span.start),
        file.source
            .line_of(span.end.saturating_sub(1).max(span.start)),
    )
}

/// The lines of the outermost HCL block or attribute starting on `line`.
fn hcl_statement_lines(file: &ParsedFile, line: usize) -> Option<(usize, usize)> {
    let hcl = file.hcl()?;
    let mut body = &hcl.body;
    loop {
        if let Some(a) = body
            .attributes
            .iter()
            .find(|a| file.source.line_of(a.span.start) == line)
        {
            return Some(lines_of(file, a.span));
        }
        if let Some(b) = body
            .blocks
            .iter()
            .find(|b| file.source.line_of(b.span.start) == line)
        {
            return Some(lines_of(file, b.span));
        }
        let start = file.source.line_span(line).start;
        body = &body
            .blocks
            .iter()
            .find(|b| b.span.start <= start && start < b.span.end)?
            .body;
    }
}

/// Suppressions written as annotations on Kubernetes objects and pod templates.
fn collect_annotations(file: &ParsedFile, out: &mut Vec<Suppression>) {
    let Some(model) = file.yaml() else { return };
    let yaml = &model.yaml;
    for object in &model.objects {
        let mut scopes = vec![(object.metadata, object.node)];
        if let Some(w) = &object.workload
            && let Some(template) = w.template
        {
            scopes.push((w.template_metadata, template));
        }
        for (metadata, scope) in scopes {
            let Some(annotations) = metadata.and_then(|m| yaml.get(m, "annotations")) else {
                continue;
            };
            let span = yaml.node(scope).span;
            let lines = (
                file.source.line_of(span.start),
                file.source
                    .line_of(span.end.saturating_sub(1).max(span.start)),
            );
            for (k, v) in yaml.entries(annotations) {
                let (Some(key), Some(value)) = (yaml.str(k), yaml.str(v)) else {
                    continue;
                };
                let entry = Span::new(yaml.node(k).span.start, yaml.node(v).span.end);
                let Some((origin, codes)) = annotation_codes(yaml, key, value, v) else {
                    continue;
                };
                out.push(Suppression {
                    origin,
                    lines: Some(lines),
                    span: entry,
                    own_line: true,
                    codes,
                    annotations: Some(annotations),
                });
            }
        }
    }
}

/// The codes an annotation suppresses, if it is a suppression annotation.
fn annotation_codes(
    yaml: &YamlFile,
    key: &str,
    value: &str,
    value_node: NodeId,
) -> Option<(Origin, Vec<Code>)> {
    let node = yaml.node(value_node);
    let value_span = node.span;
    let peer = |tool: PeerTool, id: &str| Code {
        text: id.to_string(),
        span: value_span,
        target: Target::Peer(tool, id.to_string()),
        used: false,
    };
    if key == "plimsoll.dev/ignore" {
        // Spans of the codes inside the scalar: after an opening quote.
        let single_line = !value.contains('\n');
        let base = match yaml.kind(value_node) {
            plimsoll_syntax::yaml::NodeKind::Scalar {
                style: ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted,
                ..
            } => value_span.start + 1,
            _ => value_span.start,
        };
        let codes = split_codes(value, base)
            .into_iter()
            .map(|(text, span)| Code {
                target: Selector::parse(&text).map_or(Target::Unknown, Target::Selector),
                text,
                span: if single_line { span } else { value_span },
                used: false,
            })
            .collect();
        return Some((Origin::Annotation, codes));
    }
    let codes = if key.starts_with("checkov.io/skip") {
        // `CKV_K8S_20=reason`
        let id = value.split('=').next().unwrap_or(value).trim();
        vec![peer(PeerTool::Checkov, id)]
    } else if let Some(check) = key.strip_prefix("ignore-check.kube-linter.io/") {
        vec![peer(PeerTool::KubeLinter, check)]
    } else if key == "kube-score/ignore" {
        value
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|c| peer(PeerTool::KubeScore, c))
            .collect()
    } else if let Some(check) = key
        .strip_prefix("polaris.fairwinds.com/")
        .and_then(|c| c.strip_suffix("-exempt"))
    {
        if value != "true" {
            return None;
        }
        vec![peer(PeerTool::Polaris, check)]
    } else {
        return None;
    };
    Some((Origin::PeerAnnotation, codes))
}

/// Whether a line is one of the parser directives at the top of a Dockerfile.
fn is_directive_line(file: &ParsedFile, line: Span) -> bool {
    file.dockerfile().is_some_and(|df| {
        df.directives
            .iter()
            .any(|d| d.span.start == line.start || line.contains(d.span))
    })
}

/// Codes separated by commas or spaces, with their spans.
fn split_codes(list: &str, base: usize) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in list
        .char_indices()
        .chain(std::iter::once((list.len(), ',')))
    {
        if c == ',' || c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((list[s..i].to_string(), Span::new(base + s, base + i)));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

/// The lines a suppression on `line` covers: its own statement, or for a
/// comment alone on its line, the next statement.
fn covered_lines(file: &ParsedFile, line: usize, own_line: bool) -> (usize, usize) {
    let text = file.source.text();
    let mut target = line;
    if own_line {
        target = (line + 1..=file.source.line_count())
            .find(|&l| {
                let t = file.source.line_text(l).trim_start();
                let comment = t.starts_with('#') || (t.starts_with("//") && file.hcl().is_some());
                !t.is_empty() && !comment
            })
            .unwrap_or(line);
    }
    if let Some(df) = file.dockerfile() {
        let offset = file.source.line_span(target).start;
        let line_end = file.source.line_span(target).end;
        if let Some(inst) = df
            .instructions
            .iter()
            .find(|i| i.full_span.start <= line_end && offset <= i.full_span.end)
        {
            return (
                file.source.line_of(inst.full_span.start).min(target),
                file.source.line_of(
                    inst.full_span
                        .end
                        .saturating_sub(1)
                        .max(inst.full_span.start),
                ),
            );
        }
    }
    if own_line && file.yaml().is_some() {
        return (target, yaml_block_end(file, target));
    }
    if own_line && let Some(lines) = hcl_statement_lines(file, target) {
        return lines;
    }
    let _ = text;
    (target, target)
}

/// The last line of the YAML node starting on `line`: the lines after it
/// that are blank, comments, or indented deeper (for a `key:` line, also
/// the `- ` items of a sequence written at the key's own indentation).
fn yaml_block_end(file: &ParsedFile, line: usize) -> usize {
    let indent = |t: &str| t.len() - t.trim_start_matches(' ').len();
    let first = file.source.line_text(line);
    let first_indent = indent(first);
    let code = first.split(" #").next().unwrap_or(first);
    let is_key_line = code.trim_end().ends_with(':') && !first.trim_start().starts_with("- ");
    let mut last = line;
    for l in line + 1..=file.source.line_count() {
        let t = file.source.line_text(l);
        let trimmed = t.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let i = indent(t);
        let nested =
            i > first_indent || (is_key_line && i == first_indent && trimmed.starts_with("- "));
        if !nested || trimmed.starts_with("---") && i == 0 {
            break;
        }
        last = l;
    }
    last
}

/// Drops suppressed findings and marks the suppressions that were used.
pub fn apply(findings: &mut Vec<Finding>, suppressions: &mut [Suppression]) {
    if suppressions.is_empty() {
        return;
    }
    findings.retain(|f| {
        for s in suppressions.iter_mut() {
            if let Some(i) = s.matches(f) {
                s.codes[i].used = true;
                return false;
            }
        }
        true
    });
}

/// PL002 findings for plimsoll suppressions that suppressed nothing.
/// `enabled` says whether a rule index runs for this file.
pub fn unused(
    file: &ParsedFile,
    suppressions: &[Suppression],
    enabled: &dyn Fn(usize) -> bool,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for s in suppressions
        .iter()
        .filter(|s| matches!(s.origin, Origin::Plimsoll | Origin::Annotation))
    {
        let stale: Vec<&Code> = s
            .codes
            .iter()
            .filter(|c| {
                !c.used
                    && match &c.target {
                        Target::Unknown => true,
                        Target::Selector(sel) => RULES.iter().enumerate().any(|(i, r)| {
                            enabled(i)
                                && sel.covers(i, r.meta())
                                && r.meta().code != UnusedSuppression::META.code
                        }),
                        Target::Peer(..) | Target::AnyPeer(_) => false,
                    }
            })
            .collect();
        if stale.is_empty() {
            continue;
        }
        let all_stale = stale.len() == s.codes.len();
        for code in &stale {
            let message = match code.target {
                Target::Unknown => format!(
                    "`{}` is not a plimsoll rule code, prefix or name",
                    code.text
                ),
                _ => format!(
                    "suppression of `{}` is unused: no such finding here",
                    code.text
                ),
            };
            let fix = if all_stale {
                remove_comment(file, s)
            } else {
                remove_code(file, s, code)
            };
            let mut out = Vec::new();
            let mut diag =
                crate::rule::Diagnostics::new(&UnusedSuppression::META, &file.source, &mut out);
            diag.add(code.span, message).fix(fix);
            findings.append(&mut out);
        }
    }
    findings
}

fn remove_comment(file: &ParsedFile, s: &Suppression) -> Fix {
    let text = file.source.text();
    if let (Some(map), Some(model)) = (s.annotations, file.yaml())
        && let Some(edit) = patch::delete_entry(&model.yaml, text, map, "plimsoll.dev/ignore")
    {
        return Fix::safe("Remove the unused suppression annotation", vec![edit]);
    }
    let line = file.source.line_of(s.span.start);
    let line_span = file.source.line_span(line);
    let edit = if s.own_line {
        // Delete the whole line, newline included.
        let end = (line_span.end..=text.len())
            .find(|&i| text[..i].ends_with('\n') || i == text.len())
            .unwrap_or(line_span.end);
        Edit::delete(Span::new(line_span.start, end))
    } else {
        // Trailing comment: delete it and the blanks before it.
        let before = &text[line_span.start..s.span.start];
        let start = line_span.start + before.trim_end().len();
        Edit::delete(Span::new(start, line_span.end))
    };
    Fix::safe("Remove the unused suppression comment", vec![edit])
}

fn remove_code(file: &ParsedFile, s: &Suppression, code: &Code) -> Fix {
    let text = file.source.text();
    // Remove the code and one adjoining separator.
    let after = &text[code.span.end..s.span.end];
    let sep_after = after.len() - after.trim_start_matches([',', ' ']).len();
    let span = if sep_after > 0 && !after.trim_start_matches([',', ' ']).starts_with(']') {
        Span::new(code.span.start, code.span.end + sep_after)
    } else {
        let before = &text[s.span.start..code.span.start];
        let sep_before = before.len() - before.trim_end_matches([',', ' ']).len();
        Span::new(code.span.start - sep_before, code.span.end)
    };
    Fix::safe(
        format!("Remove `{}` from the suppression", code.text),
        vec![Edit::delete(span)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::FileKind;
    use crate::settings::Settings;
    use std::sync::Arc;

    fn file(text: &str) -> ParsedFile {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Dockerfile");
        std::fs::write(&path, text).unwrap();
        ParsedFile::load(
            path,
            "Dockerfile".into(),
            FileKind::Dockerfile,
            Arc::new(Settings::default()),
        )
    }

    #[test]
    fn comment_above_covers_the_whole_next_instruction() {
        let f = file("FROM a\n# plimsoll: ignore[DF009, DF008] reason\n\nRUN a \\\n  b\nRUN c\n");
        let s = collect(&f);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].lines, Some((4, 5)));
        assert_eq!(
            s[0].codes
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>(),
            ["DF009", "DF008"]
        );
        assert!(s[0].own_line);
    }

    #[test]
    fn trailing_comment_covers_its_own_instruction() {
        let f = file("FROM a\nRUN a \\\n  b # plimsoll: ignore[DF007]\n");
        let s = collect(&f);
        assert_eq!(s[0].lines, Some((2, 3)));
        assert!(!s[0].own_line);
    }

    #[test]
    fn file_wide_hadolint_and_buildkit_pragmas() {
        let f = file(
            "# check=skip=JSONArgsRecommended\n# hadolint global ignore=DL3007\n# plimsoll: ignore-file[DF]\nFROM a\n# hadolint ignore=DL3008 DL3009\nRUN x\n# check=skip=LegacyKeyValueFormat\nENV A 1\n",
        );
        let s = collect(&f);
        let origins: Vec<_> = s.iter().map(|s| (s.origin, s.lines)).collect();
        assert_eq!(
            origins,
            [
                (Origin::Hadolint, None),
                (Origin::Plimsoll, None),
                (Origin::Hadolint, Some((6, 6))),
                (Origin::Buildkit, Some((8, 8))),
                (Origin::Buildkit, None),
            ]
        );
        assert_eq!(s[2].codes.len(), 2);
    }

    #[test]
    fn unknown_codes_are_kept_as_unknown() {
        let f = file("FROM a\n# plimsoll: ignore[NOPE]\nRUN x\n");
        let s = collect(&f);
        assert!(matches!(s[0].codes[0].target, Target::Unknown));
        let unused = unused(&f, &s, &|_| true);
        assert_eq!(unused.len(), 1);
        let fixed = unused[0].fixes[0].apply(f.source.text()).unwrap();
        assert_eq!(fixed, "FROM a\nRUN x\n");
    }

    #[test]
    fn removing_one_code_keeps_the_others() {
        let f = file("FROM a\nRUN x # plimsoll: ignore[DF007, DF006]\n");
        let mut s = collect(&f);
        s[0].codes[1].used = true;
        let unused = unused(&f, &s, &|_| true);
        let fixed = unused[0].fixes[0].apply(f.source.text()).unwrap();
        assert_eq!(fixed, "FROM a\nRUN x # plimsoll: ignore[DF006]\n");
    }
}
