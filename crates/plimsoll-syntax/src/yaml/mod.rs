//! YAML with a span for every node, key, comment and document.
//!
//! The tree is built without recursion from granit-parser's event stream, so
//! nesting depth costs no stack. Aliases are kept as references to their
//! anchor (never copied), which makes "billion laughs" inputs harmless; the
//! size they would expand to is measured and reported when it is absurd.
//! Duplicate keys, parse errors (with recovery at the next document) and
//! YAML 1.1 scalars that read differently under YAML 1.2 are all recorded.

mod build;
pub mod patch;
mod route;
mod scalar;
mod shared;

pub use shared::parse_shared;

pub use route::{Route, RouteError, Segment};
pub use scalar::{GoYamlType, go_yaml_v2_type};
pub use scalar::{Yaml11Hazard, yaml11_hazard};

use plimsoll_diagnostics::Span;

/// Index of a node in [`YamlFile::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    Scalar {
        /// The value after escape processing and line folding.
        value: String,
        style: ScalarStyle,
    },
    Sequence {
        items: Vec<NodeId>,
        flow: bool,
    },
    Mapping {
        entries: Vec<(NodeId, NodeId)>,
        flow: bool,
    },
    /// `*name`; `target` is the anchored node, `None` for an unknown anchor.
    Alias {
        name: String,
        target: Option<NodeId>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub kind: NodeKind,
    /// The node's own text: quotes and brackets included, `&anchor` and
    /// `!tag` excluded; a block scalar from its `|`/`>` header.
    pub span: Span,
    pub anchor: Option<String>,
    /// The tag as written (`!!str`, `!Ref`).
    pub tag: Option<String>,
    pub doc: usize,
}

/// One document of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub span: Span,
    pub root: Option<NodeId>,
    /// Started with `---`.
    pub explicit_start: bool,
    /// Whether the document uses aliases (`*name`) at all.
    pub has_aliases: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    /// The text after `#`.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub span: Span,
}

/// A key that appears twice in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    pub first: Span,
    pub duplicate: Span,
}

/// Limits on what a file may make the parser do.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest nesting of collections.
    pub max_depth: usize,
    /// Most nodes a document may expand to through aliases.
    pub max_alias_expansion: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 200,
            max_alias_expansion: 100_000,
        }
    }
}

/// A parsed YAML stream.
#[derive(Debug, Clone, Default)]
pub struct YamlFile {
    pub documents: Vec<Document>,
    pub nodes: Vec<Node>,
    pub comments: Vec<Comment>,
    pub errors: Vec<YamlError>,
    pub duplicate_keys: Vec<DuplicateKey>,
}

/// How many alias hops a lookup follows before giving up (`a: *b`, `b: *c`...).
const MAX_ALIAS_HOPS: usize = 32;

impl YamlFile {
    pub fn parse(text: &str) -> YamlFile {
        Self::parse_with(text, Limits::default())
    }

    pub fn parse_with(text: &str, limits: Limits) -> YamlFile {
        build::build(text, limits)
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    /// The node an alias points at (following chains), or the node itself.
    pub fn resolve(&self, id: NodeId) -> NodeId {
        let mut current = id;
        for _ in 0..MAX_ALIAS_HOPS {
            match &self.node(current).kind {
                NodeKind::Alias {
                    target: Some(t), ..
                } => current = *t,
                _ => return current,
            }
        }
        current
    }

    /// The resolved node's kind.
    pub fn kind(&self, id: NodeId) -> &NodeKind {
        &self.node(self.resolve(id)).kind
    }

    /// A scalar's value (through aliases).
    pub fn str(&self, id: NodeId) -> Option<&str> {
        match self.kind(id) {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Whether a node is an empty or `null`/`~` plain scalar.
    pub fn is_null(&self, id: NodeId) -> bool {
        match self.kind(id) {
            NodeKind::Scalar {
                value,
                style: ScalarStyle::Plain,
            } => matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"),
            _ => false,
        }
    }

    /// A plain scalar read as a YAML 1.2 core-schema boolean.
    pub fn bool(&self, id: NodeId) -> Option<bool> {
        match self.kind(id) {
            NodeKind::Scalar {
                value,
                style: ScalarStyle::Plain,
            } => match value.as_str() {
                "true" | "True" | "TRUE" => Some(true),
                "false" | "False" | "FALSE" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// A plain scalar read as an integer (decimal, `0x`, `0o`).
    pub fn int(&self, id: NodeId) -> Option<i64> {
        match self.kind(id) {
            NodeKind::Scalar {
                value,
                style: ScalarStyle::Plain,
            } => scalar::parse_int(value),
            _ => None,
        }
    }

    /// Entries of a mapping, with `<<: *merge` keys expanded (merged entries
    /// first, own entries override them). Empty for non-mappings.
    pub fn entries(&self, id: NodeId) -> Vec<(NodeId, NodeId)> {
        let mut out = Vec::new();
        self.collect_entries(self.resolve(id), &mut out, 0);
        out
    }

    fn collect_entries(&self, id: NodeId, out: &mut Vec<(NodeId, NodeId)>, depth: usize) {
        let NodeKind::Mapping { entries, .. } = &self.node(id).kind else {
            return;
        };
        let mut own: Vec<(NodeId, NodeId)> = Vec::with_capacity(entries.len());
        for &(k, v) in entries {
            if depth < MAX_ALIAS_HOPS && self.str(k) == Some("<<") {
                let merged = self.resolve(v);
                match &self.node(merged).kind {
                    NodeKind::Sequence { items, .. } => {
                        for item in items {
                            self.collect_entries(self.resolve(*item), out, depth + 1);
                        }
                    }
                    _ => self.collect_entries(merged, out, depth + 1),
                }
            } else {
                own.push((k, v));
            }
        }
        // Own keys win over merged ones.
        out.retain(|(mk, _)| {
            !own.iter()
                .any(|(ok, _)| self.str(*ok).is_some() && self.str(*ok) == self.str(*mk))
        });
        out.extend(own);
    }

    /// The value of `key` in a mapping (through aliases and merge keys).
    pub fn get(&self, map: NodeId, key: &str) -> Option<NodeId> {
        let map = self.resolve(map);
        let NodeKind::Mapping { entries, .. } = &self.node(map).kind else {
            return None;
        };
        // Fast path: a plain mapping without merge keys.
        if let Some(&(_, v)) = entries
            .iter()
            .rev()
            .find(|(k, _)| self.str(*k) == Some(key))
        {
            return Some(v);
        }
        if entries.iter().any(|(k, _)| self.str(*k) == Some("<<")) {
            return self
                .entries(map)
                .into_iter()
                .rev()
                .find(|(k, _)| self.str(*k) == Some(key))
                .map(|(_, v)| v);
        }
        None
    }

    /// The key node of `key` in a mapping (own entries only).
    pub fn key_node(&self, map: NodeId, key: &str) -> Option<NodeId> {
        match &self.node(self.resolve(map)).kind {
            NodeKind::Mapping { entries, .. } => entries
                .iter()
                .rev()
                .find(|(k, _)| self.str(*k) == Some(key))
                .map(|(k, _)| *k),
            _ => None,
        }
    }

    /// Items of a sequence (through aliases). Empty for non-sequences.
    pub fn items(&self, id: NodeId) -> &[NodeId] {
        match self.kind(id) {
            NodeKind::Sequence { items, .. } => items,
            _ => &[],
        }
    }

    pub fn is_mapping(&self, id: NodeId) -> bool {
        matches!(self.kind(id), NodeKind::Mapping { .. })
    }

    pub fn is_sequence(&self, id: NodeId) -> bool {
        matches!(self.kind(id), NodeKind::Sequence { .. })
    }

    /// `get` along a path of keys.
    pub fn path(&self, from: NodeId, keys: &[&str]) -> Option<NodeId> {
        keys.iter().try_fold(from, |node, key| self.get(node, key))
    }

    /// The number of nodes a document would have with every alias expanded
    /// (saturating), which is what a naive consumer would build.
    pub fn expanded_size(&self, doc: usize) -> u64 {
        build::expanded_size(self, doc)
    }

    /// Whether expanding a document's aliases would exceed `limit` nodes
    /// (a "billion laughs" document). Cheap for documents without aliases.
    pub fn exceeds_alias_limit(&self, doc: usize, limit: u64) -> bool {
        self.documents.get(doc).is_some_and(|d| d.has_aliases) && self.expanded_size(doc) > limit
    }
}

#[cfg(test)]
mod tests;
