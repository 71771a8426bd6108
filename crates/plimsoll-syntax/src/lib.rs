//! Parsers that keep byte spans for everything they read.
//!
//! - [`SourceFile`]: a file's text with a line index, turning byte offsets
//!   into 1-based line/column [`Location`](plimsoll_diagnostics::Location)s.
//! - [`dockerfile`]: the whole Dockerfile frontend syntax, hand-written and
//!   error-recovering.
//! - [`shell`]: `RUN` scripts split into simple commands over brush-parser,
//!   with a word-splitting fallback.
//! - [`dockerignore`]: `.dockerignore` patterns with Docker's matching rules.

pub mod dockerfile;
pub mod dockerignore;
pub mod expr;
pub mod hcl;
pub mod shell;
mod source;
mod source_map;
pub mod yaml;

pub use source::SourceFile;
pub use source_map::SourceMap;
