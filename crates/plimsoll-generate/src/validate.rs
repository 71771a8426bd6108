//! Generated files are checked with every default plimsoll rule before they
//! are written (G07): a finding on generated output is a generator bug. The
//! CLI refuses to write on any finding; the generator tests assert none.

use crate::write::GeneratedFile;
use plimsoll_diagnostics::Severity;
use plimsoll_lint::engine::{CheckError, CheckRequest, NoProgress};
use plimsoll_lint::settings::CliOverrides;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error("scratch directory: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Check(#[from] CheckError),
}

/// Writes `files` under `root` (plain writes: `root` is a scratch directory).
pub fn write_into(root: &Path, files: &[GeneratedFile]) -> std::io::Result<()> {
    for f in files {
        let path = root.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &f.contents)?;
    }
    Ok(())
}

/// Every finding on `files`, checked alone in a scratch directory, as
/// `path:line:col: CODE message`.
pub fn findings(files: &[GeneratedFile]) -> Result<Vec<String>, ValidateError> {
    let scratch = tempfile::tempdir()?;
    write_into(scratch.path(), files)?;
    findings_in(scratch.path())
}

/// Every finding under `root` (all severities, default rules, no
/// configuration file), paths relative to `root`.
pub fn findings_in(root: &Path) -> Result<Vec<String>, ValidateError> {
    let request = CheckRequest {
        paths: vec![root.to_path_buf()],
        isolated: true,
        overrides: CliOverrides {
            min_severity: Some(Severity::Info),
            ..CliOverrides::default()
        },
        ..CheckRequest::default()
    };
    let result = plimsoll_lint::engine::check(&request, &NoProgress)?;
    Ok(result
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
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_generated_file_is_reported_with_its_relative_path() {
        let files = [GeneratedFile::new("svc/Dockerfile", "FROM node:latest\n")];
        let found = findings(&files).expect("check runs");
        assert!(
            found
                .iter()
                .any(|f| f.starts_with("svc/Dockerfile:1:") && f.contains("DF009")),
            "{found:?}"
        );
    }
}
