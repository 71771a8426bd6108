//! Routes: a document index and a path of keys and indices, resolved to a
//! node, or to the mapping where a missing key would go.

use super::{NodeId, YamlFile};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// `[doc] a.b[1].c`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Route {
    pub doc: usize,
    pub path: Vec<Segment>,
}

/// Why a route did not resolve: the deepest node that exists and the
/// segment missing from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteError {
    /// The node the missing segment would belong to (`None` without a document root).
    pub parent: Option<NodeId>,
    /// Index of the first segment that does not exist.
    pub missing: usize,
}

impl Route {
    pub fn new(doc: usize) -> Route {
        Route {
            doc,
            path: Vec::new(),
        }
    }

    /// Parses `[0] spec.containers[1].image` (the `[n]` document prefix is
    /// optional; keys with dots or brackets can be quoted: `metadata.annotations."a.b/c"`).
    pub fn parse(text: &str) -> Option<Route> {
        let mut rest = text.trim();
        let mut doc = 0;
        if let Some(after) = rest.strip_prefix('[') {
            let close = after.find(']')?;
            doc = after[..close].trim().parse().ok()?;
            rest = after[close + 1..].trim_start();
        }
        let mut path = Vec::new();
        let bytes = rest.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'.' => i += 1,
                b'[' => {
                    let close = rest[i..].find(']')? + i;
                    path.push(Segment::Index(rest[i + 1..close].trim().parse().ok()?));
                    i = close + 1;
                }
                b'"' => {
                    let close = rest[i + 1..].find('"')? + i + 1;
                    path.push(Segment::Key(rest[i + 1..close].to_string()));
                    i = close + 1;
                }
                _ => {
                    let end = rest[i..].find(['.', '[']).map_or(rest.len(), |e| e + i);
                    path.push(Segment::Key(rest[i..end].to_string()));
                    i = end;
                }
            }
        }
        Some(Route { doc, path })
    }

    #[must_use]
    pub fn key(mut self, key: &str) -> Route {
        self.path.push(Segment::Key(key.to_string()));
        self
    }

    #[must_use]
    pub fn index(mut self, i: usize) -> Route {
        self.path.push(Segment::Index(i));
        self
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] ", self.doc)?;
        for (i, seg) in self.path.iter().enumerate() {
            match seg {
                Segment::Key(k) if k.contains(['.', '[', ']']) => {
                    write!(f, "{}\"{k}\"", if i > 0 { "." } else { "" })?;
                }
                Segment::Key(k) => write!(f, "{}{k}", if i > 0 { "." } else { "" })?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

impl YamlFile {
    /// The node at `route`, or where it would be.
    pub fn find(&self, route: &Route) -> Result<NodeId, RouteError> {
        let root = self
            .documents
            .get(route.doc)
            .and_then(|d| d.root)
            .ok_or(RouteError {
                parent: None,
                missing: 0,
            })?;
        let mut node = root;
        for (i, seg) in route.path.iter().enumerate() {
            let next = match seg {
                Segment::Key(k) => self.get(node, k),
                Segment::Index(n) => self.items(node).get(*n).copied(),
            };
            match next {
                Some(n) => node = n,
                None => {
                    return Err(RouteError {
                        parent: Some(node),
                        missing: i,
                    });
                }
            }
        }
        Ok(node)
    }
}
