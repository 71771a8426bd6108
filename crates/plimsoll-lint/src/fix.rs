//! Applying fixes: choose one fix per finding, drop overlapping ones, apply
//! the rest at once, and write files atomically.

use plimsoll_diagnostics::{Applicability, Finding, Fix};
use std::io::Write;
use std::path::Path;

/// Applies the first fix at or above `threshold` of each finding. Fixes that
/// overlap an earlier one are left for the next round. Returns the new text
/// and how many fixes were applied, or `None` when nothing applied.
pub fn apply_fixes<'a>(
    text: &str,
    findings: impl IntoIterator<Item = &'a Finding>,
    threshold: Applicability,
) -> Option<(String, usize)> {
    let mut fixes: Vec<&Fix> = findings
        .into_iter()
        .filter_map(|f| f.fixes.iter().find(|fix| fix.applicability >= threshold))
        .filter(|fix| !fix.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.span().map(|s| (s.start, s.end)));
    fixes.dedup_by(|a, b| a.edits == b.edits);

    let mut edits = Vec::new();
    let mut applied = 0;
    let mut last: Option<plimsoll_diagnostics::Span> = None;
    for fix in fixes {
        let span = fix.span()?;
        // A fix may start where the previous one ended, not inside it. Two
        // insertions at the same point conflict too: their order decides the
        // result (two rules adding `securityContext:` to one YAML mapping
        // would write the key twice), so the second waits for the next
        // round, which sees the first one's text.
        let conflicts = last.is_some_and(|l| {
            span.start < l.end || (span.start == l.end && l.is_empty() && span.is_empty())
        });
        if conflicts {
            continue;
        }
        if fix.apply(text).is_none() {
            continue;
        }
        edits.extend(fix.edits.iter().cloned());
        last = Some(span);
        applied += 1;
    }
    if applied == 0 {
        return None;
    }
    let combined = Fix::safe("combined", edits);
    combined.apply(text).map(|t| (t, applied))
}

/// Writes `text` to `path` through a temporary file in the same directory,
/// keeping the original's permissions, so a reader never sees half a file.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::general::UnusedSuppression;
    use plimsoll_diagnostics::{Edit, LineCol, Location, Severity, Span};
    use std::sync::Arc;

    fn finding(fixes: Vec<Fix>) -> Finding {
        Finding {
            rule: &UnusedSuppression::META,
            severity: Severity::Warning,
            message: String::new(),
            location: Location {
                path: Arc::new("x".into()),
                span: Span::default(),
                start: LineCol::default(),
                end: LineCol::default(),
            },
            related: vec![],
            help: None,
            fixes,
            sensitive: None,
        }
    }

    #[test]
    fn applies_non_overlapping_fixes_and_respects_the_threshold() {
        let text = "apt install x";
        let f1 = finding(vec![Fix::safe(
            "a",
            vec![Edit::replace(Span::new(0, 3), "apt-get")],
        )]);
        let f2 = finding(vec![Fix::unsafe_("b", vec![Edit::insert(13, " y")])]);
        let f3 = finding(vec![Fix::safe(
            "c",
            vec![Edit::replace(Span::new(1, 2), "Q")],
        )]);
        let (out, n) = apply_fixes(text, [&f1, &f2, &f3], Applicability::Safe).unwrap();
        assert_eq!((out.as_str(), n), ("apt-get install x", 1));
        let (out, n) = apply_fixes(text, [&f1, &f2], Applicability::Unsafe).unwrap();
        assert_eq!((out.as_str(), n), ("apt-get install x y", 2));
        assert!(apply_fixes(text, [&f2], Applicability::Safe).is_none());
    }

    #[test]
    fn insertions_at_one_point_wait_for_the_next_round() {
        let text = "a: 1\n";
        let f1 = finding(vec![Fix::unsafe_("x", vec![Edit::insert(4, "\nb: 2")])]);
        let f2 = finding(vec![Fix::unsafe_("y", vec![Edit::insert(4, "\nb: 3")])]);
        let (out, n) = apply_fixes(text, [&f1, &f2], Applicability::Unsafe).unwrap();
        assert_eq!(n, 1);
        assert_eq!(out.matches("b:").count(), 1);
    }

    #[test]
    fn identical_fixes_from_two_findings_apply_once() {
        let fix = Fix::safe("a", vec![Edit::insert(3, "-get")]);
        let f1 = finding(vec![fix.clone()]);
        let f2 = finding(vec![fix]);
        let (out, n) = apply_fixes("apt x", [&f1, &f2], Applicability::Safe).unwrap();
        assert_eq!((out.as_str(), n), ("apt-get x", 1));
    }

    #[test]
    fn atomic_write_replaces_content_and_keeps_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("Dockerfile");
        std::fs::write(&p, "old").unwrap();
        write_atomic(&p, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
