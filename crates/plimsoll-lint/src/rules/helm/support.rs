//! Shared helpers of the Helm rules (no rules here): chart files and
//! overlays for practices H01, H02, H04 and H05.

use crate::helm::ChartDir;
use crate::parse::ParsedFile;
use plimsoll_diagnostics::Span;
use plimsoll_syntax::yaml::{NodeId, YamlFile};

/// The charts of the run (see [`crate::helm::charts`]).
pub fn charts(files: &[ParsedFile]) -> Vec<ChartDir<'_>> {
    crate::helm::charts(files)
}

/// `Chart.yaml`'s YAML and root mapping, when it parses as one.
pub fn chart_root(file: &ParsedFile) -> Option<(&YamlFile, NodeId)> {
    let yaml = &file.yaml()?.yaml;
    let root = yaml.documents.first()?.root?;
    let root = yaml.resolve(root);
    yaml.is_mapping(root).then_some((yaml, root))
}

/// A string field of the root mapping: its value (scalars as written) and span.
pub fn field<'y>(yaml: &'y YamlFile, root: NodeId, key: &str) -> Option<(&'y str, Span)> {
    let node = yaml.get(root, key)?;
    Some((yaml.str(node).unwrap_or(""), yaml.node(node).span))
}

/// Span of the first line of a file (for something missing).
pub fn first_line(file: &ParsedFile) -> Span {
    file.source.line_span(1)
}
