//! Project detection and generation of delivery artifacts.
//!
//! `detect` reads a project into one [`model::Project`]; every generator in
//! `generators` turns that model (plus the user's [`options::Options`]) into
//! files; `validate` checks them with plimsoll's own rules; `write` puts them on disk without ever losing a user's change.

pub mod detect;
pub mod generators;
pub mod model;
pub mod options;
pub mod samples;
pub mod validate;
pub mod write;

pub use detect::{DetectError, detect};
pub use generators::generate;
pub use model::Project;
pub use options::{ArtifactKind, CiPlatform, Cloud, Options};
pub use write::GeneratedFile;
