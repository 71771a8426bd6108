//! Prometheus alerting and recording rules: a typed view of rule groups
//! over their YAML nodes, read from a rule file (`groups:` at the root of
//! the first document, as Prometheus reads it) or from the `spec` of
//! `PrometheusRule` objects (`monitoring.coreos.com/v1`).
//!
//! [`PromFile::read_rule_file`] and [`PromFile::read_objects`] build the
//! model; every rule keeps its nodes (for spans) and parses its `expr`
//! with `promql-parser` once, on first use ([`PromRule::promql`]).
//! [`duration`] is Prometheus' duration grammar, [`promql`] the walks
//! over the expression tree (selectors, output labels, depth guard), and
//! [`template`] a scanner for the Go templates of labels and annotations.

pub mod duration;
pub mod promql;
pub mod template;
#[cfg(test)]
mod tests;

use crate::k8s::Object;
use plimsoll_syntax::yaml::{NodeId, YamlFile};
use std::sync::OnceLock;

/// Keys Prometheus accepts in a rule group.
pub const GROUP_KEYS: [&str; 6] = [
    "name",
    "interval",
    "query_offset",
    "limit",
    "rules",
    "labels",
];

/// Keys Prometheus accepts in a rule.
pub const RULE_KEYS: [&str; 7] = [
    "record",
    "alert",
    "expr",
    "for",
    "keep_firing_for",
    "labels",
    "annotations",
];

/// The rule groups of one file.
#[derive(Debug, Default)]
pub struct PromFile {
    pub sources: Vec<GroupsSource>,
    pub groups: Vec<RuleGroup>,
}

/// Where a list of groups was found: the root of a rule file, or the
/// `spec` of a `PrometheusRule` object.
#[derive(Debug, Clone)]
pub struct GroupsSource {
    /// The mapping holding `groups:`.
    pub node: NodeId,
    /// The `groups:` value.
    pub groups: NodeId,
    /// The object's index among the file's objects, for `PrometheusRule`.
    pub object: Option<usize>,
}

/// One rule group.
#[derive(Debug)]
pub struct RuleGroup {
    /// Index into [`PromFile::sources`].
    pub source: usize,
    /// The group's mapping.
    pub node: NodeId,
    pub name: Option<String>,
    pub name_node: Option<NodeId>,
    pub interval: Option<NodeId>,
    pub limit: Option<NodeId>,
    /// The `rules:` value.
    pub rules_node: Option<NodeId>,
    pub rules: Vec<PromRule>,
}

impl RuleGroup {
    /// The group's name for messages.
    pub fn describe(&self) -> String {
        self.name
            .as_deref()
            .map_or_else(|| "unnamed group".to_string(), |n| format!("group `{n}`"))
    }
}

/// A label or annotation: name and value nodes.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub key: NodeId,
    pub value: NodeId,
}

/// One alerting or recording rule.
#[derive(Debug)]
pub struct PromRule {
    /// The rule's mapping.
    pub node: NodeId,
    /// `alert:` value and node.
    pub alert: Option<(String, NodeId)>,
    /// `record:` value and node.
    pub record: Option<(String, NodeId)>,
    /// The `expr:` node.
    pub expr: Option<NodeId>,
    /// The expression text (a string scalar; numbers and booleans as written).
    pub expr_text: Option<String>,
    pub for_: Option<NodeId>,
    pub keep_firing_for: Option<NodeId>,
    pub labels_node: Option<NodeId>,
    pub labels: Vec<Entry>,
    pub annotations_node: Option<NodeId>,
    pub annotations: Vec<Entry>,
    parsed: OnceLock<promql::Parsed>,
}

impl PromRule {
    pub fn is_alert(&self) -> bool {
        self.alert.is_some() && self.record.is_none()
    }

    pub fn is_record(&self) -> bool {
        self.record.is_some() && self.alert.is_none()
    }

    /// The rule's name (`alert` or `record`).
    pub fn name(&self) -> Option<&str> {
        self.alert
            .as_ref()
            .or(self.record.as_ref())
            .map(|(n, _)| n.as_str())
    }

    /// `alert `X`` / `recording rule `x`` for messages.
    pub fn describe(&self) -> String {
        match (&self.alert, &self.record) {
            (Some((a, _)), None) => format!("alert `{a}`"),
            (None, Some((r, _))) => format!("recording rule `{r}`"),
            (Some((a, _)), Some(_)) => format!("rule `{a}`"),
            (None, None) => "rule".to_string(),
        }
    }

    /// Where the rule is reported: its `alert`/`record` value, else its mapping.
    pub fn name_node(&self) -> NodeId {
        self.alert
            .as_ref()
            .or(self.record.as_ref())
            .map_or(self.node, |(_, n)| *n)
    }

    /// The expression parsed once (`None` without an `expr`).
    pub fn promql(&self) -> Option<&promql::Parsed> {
        let text = self.expr_text.as_deref()?;
        Some(self.parsed.get_or_init(|| promql::parse(text)))
    }

    /// The parsed expression when it is valid.
    pub fn ast(&self) -> Option<&promql_parser::parser::Expr> {
        match self.promql()? {
            promql::Parsed::Ok(expr) => Some(expr),
            _ => None,
        }
    }

    pub fn label(&self, name: &str) -> Option<&Entry> {
        self.labels.iter().rev().find(|e| e.name == name)
    }

    pub fn annotation(&self, name: &str) -> Option<&Entry> {
        self.annotations.iter().rev().find(|e| e.name == name)
    }
}

impl PromFile {
    /// A rule file: `groups:` at the root of the first document.
    pub fn read_rule_file(yaml: &YamlFile) -> Option<PromFile> {
        let root = yaml.documents.first()?.root?;
        let groups = yaml.get(root, "groups")?;
        let mut file = PromFile::default();
        file.add_source(
            yaml,
            GroupsSource {
                node: root,
                groups,
                object: None,
            },
        );
        Some(file)
    }

    /// The `PrometheusRule` objects of a Kubernetes file (`None` when there
    /// are none).
    pub fn read_objects(yaml: &YamlFile, objects: &[Object]) -> Option<PromFile> {
        let mut file = PromFile::default();
        for (i, o) in objects.iter().enumerate() {
            if o.kind != "PrometheusRule" || o.group() != "monitoring.coreos.com" {
                continue;
            }
            let Some(spec) = yaml.get(o.node, "spec") else {
                continue;
            };
            let Some(groups) = yaml.get(spec, "groups") else {
                continue;
            };
            file.add_source(
                yaml,
                GroupsSource {
                    node: spec,
                    groups,
                    object: Some(i),
                },
            );
        }
        (!file.sources.is_empty()).then_some(file)
    }

    fn add_source(&mut self, yaml: &YamlFile, source: GroupsSource) {
        let index = self.sources.len();
        for &g in yaml.items(source.groups) {
            if !yaml.is_mapping(g) {
                continue;
            }
            self.groups.push(read_group(yaml, index, g));
        }
        self.sources.push(source);
    }
}

fn read_group(yaml: &YamlFile, source: usize, node: NodeId) -> RuleGroup {
    let name_node = yaml.get(node, "name");
    let rules_node = yaml.get(node, "rules");
    let rules = rules_node
        .map(|r| {
            yaml.items(r)
                .iter()
                .filter(|&&n| yaml.is_mapping(n))
                .map(|&n| read_rule(yaml, n))
                .collect()
        })
        .unwrap_or_default();
    RuleGroup {
        source,
        node,
        name: name_node.and_then(|n| yaml.str(n)).map(str::to_string),
        name_node,
        interval: yaml.get(node, "interval"),
        limit: yaml.get(node, "limit"),
        rules_node,
        rules,
    }
}

fn read_entries(yaml: &YamlFile, node: Option<NodeId>) -> Vec<Entry> {
    let Some(node) = node else {
        return Vec::new();
    };
    yaml.entries(node)
        .into_iter()
        .filter_map(|(k, v)| {
            Some(Entry {
                name: yaml.str(k)?.to_string(),
                key: k,
                value: v,
            })
        })
        .collect()
}

fn read_rule(yaml: &YamlFile, node: NodeId) -> PromRule {
    let named = |key: &str| {
        let n = yaml.get(node, key)?;
        if yaml.is_null(n) {
            return None;
        }
        Some((yaml.str(n)?.to_string(), n))
    };
    let expr = yaml.get(node, "expr").filter(|&n| !yaml.is_null(n));
    let labels_node = yaml.get(node, "labels");
    let annotations_node = yaml.get(node, "annotations");
    PromRule {
        node,
        alert: named("alert"),
        record: named("record"),
        expr,
        expr_text: expr.and_then(|n| yaml.str(n)).map(str::to_string),
        for_: yaml.get(node, "for").filter(|&n| !yaml.is_null(n)),
        keep_firing_for: yaml
            .get(node, "keep_firing_for")
            .filter(|&n| !yaml.is_null(n)),
        labels_node,
        labels: read_entries(yaml, labels_node),
        annotations_node,
        annotations: read_entries(yaml, annotations_node),
        parsed: OnceLock::new(),
    }
}

/// A YAML file that is a Prometheus rule file by content: no Kubernetes
/// `apiVersion`/`kind`, and a top-level `groups:` list whose items are
/// mappings with `name` or `rules` (a `rules` item being a mapping with
/// `alert`, `record` or `expr`), or an empty list.
pub fn looks_like_rule_file(yaml: &YamlFile) -> bool {
    let Some(root) = yaml.documents.first().and_then(|d| d.root) else {
        return false;
    };
    if !yaml.is_mapping(root) || yaml.get(root, "apiVersion").is_some() {
        return false;
    }
    // Other top-level keys than `groups` mean some other format.
    if yaml
        .entries(root)
        .iter()
        .any(|&(k, _)| yaml.str(k) != Some("groups"))
    {
        return false;
    }
    let Some(groups) = yaml.get(root, "groups") else {
        return false;
    };
    if !yaml.is_sequence(groups) {
        return false;
    }
    let items = yaml.items(groups);
    items.iter().all(|&g| yaml.is_mapping(g))
        && items.iter().any(|&g| {
            yaml.get(g, "rules").is_some_and(|r| {
                yaml.items(r).iter().any(|&rule| {
                    ["alert", "record", "expr"]
                        .iter()
                        .any(|k| yaml.get(rule, k).is_some())
                })
            }) || (yaml.get(g, "name").is_some() && yaml.get(g, "rules").is_some())
        })
}
