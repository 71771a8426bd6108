//! GitLab Code Quality report (a JSON array of issues).

use plimsoll_diagnostics::{Category, Severity};
use plimsoll_lint::CheckResult;

pub fn render(result: &CheckResult) -> String {
    let issues: Vec<serde_json::Value> = result
        .findings
        .iter()
        .zip(&result.fingerprints)
        .map(|(f, fp)| {
            let severity = match (f.severity, f.rule.category) {
                (Severity::Error, Category::Security) => "critical",
                (Severity::Error, _) => "major",
                (Severity::Warning, _) => "minor",
                (Severity::Info, _) => "info",
            };
            serde_json::json!({
                "description": format!("{}: {}", f.rule.code, f.message),
                "check_name": f.rule.code,
                "fingerprint": fp,
                "severity": severity,
                "location": {
                    "path": f.location.display_path(),
                    "lines": { "begin": f.location.start.line, "end": f.location.end.line },
                },
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_default();
    s.push('\n');
    s
}
