//! `plimsoll.toml` / `.plimsoll.toml`: the options users write, their
//! discovery upward from each checked path, and precise errors.

mod options;

pub use options::{DockerfileOptions, LabelType, Options};

use plimsoll_syntax::SourceFile;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE_NAMES: [&str; 2] = ["plimsoll.toml", ".plimsoll.toml"];

/// A configuration problem, always naming the file and, when known, the
/// line, column and key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    /// A bad command-line option value.
    #[error("{option}: {message}")]
    Cli { option: String, message: String },
}

impl ConfigError {
    /// An error at a byte span of a configuration file's text.
    pub fn at(
        path: &Path,
        text: &str,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let file = SourceFile::new(path, text.to_string());
        let pos = file.line_col(span.start);
        ConfigError::Invalid {
            path: path.display().to_string(),
            line: pos.line,
            column: pos.column,
            message: message.into(),
        }
    }
}

/// A configuration file and what it says.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub path: PathBuf,
    pub text: String,
    pub options: Options,
}

impl LoadedConfig {
    pub fn load(path: &Path) -> Result<LoadedConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        let options = Options::from_toml(path, &text)?;
        Ok(LoadedConfig {
            path: path.to_path_buf(),
            text,
            options,
        })
    }

    /// The directory relative to which `exclude` and `per-file-ignores` globs apply.
    pub fn root(&self) -> PathBuf {
        self.path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }

    pub fn error_at(
        &self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> ConfigError {
        ConfigError::at(&self.path, &self.text, span, message)
    }
}

/// The nearest configuration file at or above `start`.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = crate::paths::normalize(start);
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        for name in CONFIG_FILE_NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        dir = d.parent();
    }
    None
}

/// The JSON schema of the configuration file.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Options);
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_walks_upward_and_prefers_the_plain_name() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(dir.path().join(".plimsoll.toml"), "").unwrap();
        assert_eq!(
            discover(&nested).unwrap(),
            std::path::absolute(dir.path().join(".plimsoll.toml")).unwrap()
        );
        std::fs::write(dir.path().join("a/plimsoll.toml"), "").unwrap();
        assert!(discover(&nested).unwrap().ends_with("a/plimsoll.toml"));
    }
}
