//! Shared by the generator tests: write generated files to a scratch
//! directory and run every default plimsoll rule on them.

#![allow(dead_code)]

use plimsoll_generate::GeneratedFile;
use plimsoll_generate::validate;
use std::path::Path;

/// Writes `files` under `root`.
pub fn write_all(root: &Path, files: &[GeneratedFile]) {
    validate::write_into(root, files).expect("write generated files");
}

/// Every finding (all severities, default rule set, no configuration) on the
/// files, as `path:line:col: CODE message`.
pub fn findings(files: &[GeneratedFile]) -> Vec<String> {
    validate::findings(files).expect("check runs")
}

/// Every finding under a directory.
pub fn findings_in(root: &Path) -> Vec<String> {
    validate::findings_in(root).expect("check runs")
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
    if let Some(f) = files.iter().find(|f| f.path == path) {
        return f.contents.as_str();
    }
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    panic!("{path} not generated; got {paths:?}")
}
