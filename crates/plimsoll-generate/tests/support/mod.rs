//! Shared by the generator tests: write generated files to a scratch
//! directory and run every default plimsoll rule on them.

#![allow(dead_code)]

use plimsoll_diagnostics::Severity;
use plimsoll_generate::GeneratedFile;
use plimsoll_lint::engine::{CheckRequest, FixMode, NoProgress};
use plimsoll_lint::settings::CliOverrides;
use std::path::Path;

/// Writes `files` under `root`.
pub fn write_all(root: &Path, files: &[GeneratedFile]) {
    for f in files {
        let path = root.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create directories");
        }
        std::fs::write(&path, &f.contents).expect("write generated file");
    }
}

/// Every finding (all severities, default rule set, no configuration) on the
/// files, as `path:line:col: CODE message`.
pub fn findings(files: &[GeneratedFile]) -> Vec<String> {
    let scratch = tempfile::tempdir().expect("tempdir");
    write_all(scratch.path(), files);
    findings_in(scratch.path())
}

/// Every finding under a directory.
pub fn findings_in(root: &Path) -> Vec<String> {
    let request = CheckRequest {
        paths: vec![root.to_path_buf()],
        config: None,
        isolated: true,
        overrides: CliOverrides {
            min_severity: Some(Severity::Info),
            ..CliOverrides::default()
        },
        fix: FixMode::Off,
        write_fixes: false,
        baseline: None,
    };
    let result = plimsoll_lint::engine::check(&request, &NoProgress).expect("check runs");
    result
        .findings
        .iter()
        .map(|f| {
            let path = f
                .location
                .path
                .strip_prefix(root)
                .unwrap_or(&f.location.path);
            format!(
                "{}:{}:{}: {} {}",
                path.display(),
                f.location.start.line,
                f.location.start.column,
                f.rule.code,
                f.message
            )
        })
        .collect()
}

/// Panics with every finding listed when there is any.
pub fn assert_clean(what: &str, files: &[GeneratedFile]) {
    let found = findings(files);
    assert!(
        found.is_empty(),
        "{what}: generated files have {} finding(s):\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The file at `path`, or a panic listing what was generated.
pub fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| {
            let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
            panic!("{path} not generated; got {paths:?}")
        })
}
