//! Reports: one module per output format, all from a [`CheckResult`].

pub mod concise;
pub mod diff;
pub mod full;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::cli::OutputFormat;
use plimsoll_diagnostics::{Applicability, Finding, Severity, Span};
use plimsoll_lint::{CheckResult, FixMode};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

pub struct RenderOptions {
    pub color: bool,
    pub fix_mode: FixMode,
}

pub fn render(format: OutputFormat, result: &CheckResult, options: &RenderOptions) -> String {
    let out = match format {
        OutputFormat::Full => full::render(result, options),
        OutputFormat::Concise => concise::render(result, options),
        OutputFormat::Json => json::render(result),
        OutputFormat::Sarif => sarif::render(result),
        OutputFormat::Junit => junit::render(result),
        OutputFormat::Github => github::render(result),
        OutputFormat::Gitlab => gitlab::render(result),
    };
    redact(out, result)
}

/// Masks a source excerpt that starts at byte `offset` of `file`: every
/// character of a sensitive span inside it but the secret's first four
/// becomes `*` (as many bytes as the character, so offsets stay valid).
pub fn mask_excerpt<'a>(
    excerpt: &'a str,
    offset: usize,
    file: &str,
    secrets: &[Span],
) -> std::borrow::Cow<'a, str> {
    let end = offset + excerpt.len();
    let hits: Vec<Span> = secrets
        .iter()
        .copied()
        .filter(|s| s.start < end && offset < s.end)
        .collect();
    if hits.is_empty() {
        return std::borrow::Cow::Borrowed(excerpt);
    }
    let mut out = String::with_capacity(excerpt.len());
    for (i, c) in excerpt.char_indices() {
        let at = offset + i;
        let hidden = hits.iter().any(|s| {
            at >= s.start
                && at < s.end
                && file.get(s.start..at).is_some_and(|before| {
                    before.chars().filter(|c| !c.is_whitespace()).count() >= 4
                })
        });
        if hidden && !c.is_whitespace() {
            out.extend(std::iter::repeat_n('*', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Sensitive spans of the findings, by file.
pub fn secrets_by_file(result: &CheckResult) -> HashMap<&std::path::Path, Vec<Span>> {
    let mut by_file: HashMap<&std::path::Path, Vec<Span>> = HashMap::new();
    for f in &result.findings {
        if let Some(s) = f.sensitive {
            by_file
                .entry(f.location.path.as_path())
                .or_default()
                .push(s);
        }
    }
    by_file
}

/// The last line of defence, for every format and `--diff`: any text of
/// a sensitive span still in the report (a message, a fix, a diff hunk)
/// is masked. Multi-line secrets are masked line by line.
pub fn redact(mut out: String, result: &CheckResult) -> String {
    let mut pieces: Vec<String> = Vec::new();
    for f in &result.findings {
        let (Some(s), Some(source)) = (f.sensitive, result.source(&f.location.path)) else {
            continue;
        };
        let secret = s.slice(source.text());
        for piece in secret.split(|c: char| c.is_whitespace() || c == '\\') {
            let piece = piece.trim_matches(|c: char| c == '"' || c == '\'');
            if piece.chars().count() >= 6 {
                pieces.push(piece.to_string());
            }
        }
    }
    pieces.sort_by_key(|p| std::cmp::Reverse(p.len()));
    pieces.dedup();
    for piece in pieces {
        if out.contains(&piece) {
            out = out.replace(&piece, &plimsoll_diagnostics::mask_secret(&piece));
        }
    }
    out
}

/// Counts shown in the closing summary line.
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub safe_fixable: usize,
    pub unsafe_fixable: usize,
    pub files_with_findings: usize,
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Summary {
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        let best_fix = |f: &Finding| f.fixes.iter().map(|x| x.applicability).max();
        let mut paths: Vec<&std::path::Path> =
            findings.iter().map(|f| f.location.path.as_path()).collect();
        paths.dedup();
        Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            safe_fixable: findings
                .iter()
                .filter(|f| best_fix(f) == Some(Applicability::Safe))
                .count(),
            unsafe_fixable: findings
                .iter()
                .filter(|f| best_fix(f) == Some(Applicability::Unsafe))
                .count(),
            files_with_findings: paths.len(),
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The closing line of the human formats.
pub fn summary_line(result: &CheckResult, options: &RenderOptions) -> String {
    let mut out = String::new();
    let files = result.files.len();
    if result.findings.is_empty() {
        let _ = write!(out, "All checks passed ({} checked)", plural(files, "file"));
    } else {
        let s = Summary::of(&result.findings);
        let mut parts = Vec::new();
        if s.errors > 0 {
            parts.push(plural(s.errors, "error"));
        }
        if s.warnings > 0 {
            parts.push(plural(s.warnings, "warning"));
        }
        if s.infos > 0 {
            parts.push(format!("{} info", s.infos));
        }
        let _ = write!(
            out,
            "Found {} ({}) in {} of {} checked",
            plural(result.findings.len(), "finding"),
            parts.join(", "),
            plural(s.files_with_findings, "file"),
            files
        );
        if options.fix_mode == FixMode::Off {
            if s.safe_fixable > 0 {
                let _ = write!(out, "; {} fixable with `--fix`", s.safe_fixable);
            }
            if s.unsafe_fixable > 0 {
                let _ = write!(
                    out,
                    "; {} more with `--fix --unsafe-fixes`",
                    s.unsafe_fixable
                );
            }
        }
    }
    if result.baselined > 0 {
        let _ = write!(out, " ({} hidden by the baseline)", result.baselined);
    }
    if result.below_min_severity > 0 {
        let _ = write!(out, " ({} below min-severity)", result.below_min_severity);
    }
    out.push_str(".\n");
    out
}

/// `--statistics`: findings per rule, most frequent first.
pub fn statistics(result: &CheckResult) -> String {
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for f in &result.findings {
        *counts.entry((f.rule.code, f.rule.name)).or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = String::new();
    for ((code, name), n) in rows {
        let _ = writeln!(out, "{n:>6}  {code:<7} {name}");
    }
    out
}
