//! `path:line:col: CODE [severity] message`, one line per finding.

use super::{RenderOptions, summary_line};
use plimsoll_lint::CheckResult;
use std::fmt::Write as _;

pub fn render(result: &CheckResult, options: &RenderOptions) -> String {
    let mut out = String::new();
    for f in &result.findings {
        let fixable = if f.fixes.is_empty() { "" } else { " [*]" };
        let _ = writeln!(
            out,
            "{}:{}:{}: {} [{}] {}{fixable}",
            f.location.display_path(),
            f.location.start.line,
            f.location.start.column,
            f.rule.code,
            f.severity,
            f.message
        );
    }
    out.push_str(&summary_line(result, options));
    out
}
