//! TODO(detect): ordered providers, monorepo discovery, evidence.

pub mod report;

use crate::model::{Existing, Layout, Project, Repository};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum DetectError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Reads the project at `root` into the app model.
pub fn detect(root: &Path) -> Result<Project, DetectError> {
    let name = root
        .canonicalize()
        .ok()
        .and_then(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().to_ascii_lowercase())
        })
        .unwrap_or_else(|| "app".to_owned());
    Ok(Project {
        name,
        layout: Layout::Single,
        services: Vec::new(),
        repository: Repository::default(),
        existing: Existing::default(),
        notes: Vec::new(),
    })
}
