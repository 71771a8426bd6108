//! `plimsoll detect`: reads a project into the app model.
//!
//! The walk is bounded (depth, file count, bytes read per file) and skips
//! dependency and build directories, so detection is fast on any checkout and
//! never reads a vendored tree. Manifests that do not parse become notes, not
//! errors: detection always produces a model, and every value it could not
//! read from the project is marked as a guess with the reason (X01–X04 rely
//! on one model; `--explain` shows where each value came from).
//!
//! Ordered [`Provider`]s (one module per language) each look at a directory
//! and return a candidate with evidence and a confidence; the best deployable
//! candidate wins the directory and the runner-up is recorded on the service.
//!
//! Service naming: a single-service project names its service by role —
//! `web` for sites and full-stack frameworks (Next.js, Vite, Remix, React
//! Router, Django, Rails, Laravel), `worker` for workers, `api` otherwise.
//! Monorepo members are named after their directory (`apps/web` → `web`),
//! made DNS-safe and unique.

mod discover;
mod dotnet;
mod git;
mod go;
mod java;
mod node;
mod php;
mod provider;
mod python;
pub mod report;
mod ruby;
mod rust;
mod tree;

use crate::model::Project;
use std::path::Path;

pub use tree::Limits;

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
    detect_with_limits(root, &Limits::default())
}

/// [`detect`] with explicit walk bounds.
pub fn detect_with_limits(root: &Path, limits: &Limits) -> Result<Project, DetectError> {
    let tree = tree::Tree::walk(root, limits)?;
    Ok(discover::project(&tree))
}
