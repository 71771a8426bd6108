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
use plimsoll_diagnostics::{Applicability, Finding, Severity};
use plimsoll_lint::{CheckResult, FixMode};
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub struct RenderOptions {
    pub color: bool,
    pub fix_mode: FixMode,
}

pub fn render(format: OutputFormat, result: &CheckResult, options: &RenderOptions) -> String {
    match format {
        OutputFormat::Full => full::render(result, options),
        OutputFormat::Concise => concise::render(result, options),
        OutputFormat::Json => json::render(result),
        OutputFormat::Sarif => sarif::render(result),
        OutputFormat::Junit => junit::render(result),
        OutputFormat::Github => github::render(result),
        OutputFormat::Gitlab => gitlab::render(result),
    }
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
