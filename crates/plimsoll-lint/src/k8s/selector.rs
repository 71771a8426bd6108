//! Label selectors: `matchLabels` and `matchExpressions`, or the plain
//! equality maps of Services and ReplicationControllers.

use super::object::Labels;
use plimsoll_syntax::yaml::{NodeId, YamlFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub key: String,
    pub operator: Operator,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector {
    pub match_labels: Labels,
    pub expressions: Vec<Requirement>,
    /// An operator or shape this model does not understand: the selector
    /// is treated as matching anything, so checks stay quiet.
    pub unknown: bool,
}

impl Selector {
    /// A `LabelSelector` (`matchLabels`/`matchExpressions`).
    pub fn from_label_selector(yaml: &YamlFile, node: NodeId) -> Selector {
        let mut s = Selector {
            match_labels: super::object::string_map(yaml, yaml.get(node, "matchLabels")),
            ..Selector::default()
        };
        if !yaml.is_mapping(node) {
            s.unknown = true;
            return s;
        }
        if let Some(list) = yaml.get(node, "matchExpressions") {
            for &item in yaml.items(list) {
                let key = yaml.get(item, "key").and_then(|n| yaml.str(n));
                let op = yaml.get(item, "operator").and_then(|n| yaml.str(n));
                let operator = match op {
                    Some("In") => Operator::In,
                    Some("NotIn") => Operator::NotIn,
                    Some("Exists") => Operator::Exists,
                    Some("DoesNotExist") => Operator::DoesNotExist,
                    _ => {
                        s.unknown = true;
                        continue;
                    }
                };
                let Some(key) = key else {
                    s.unknown = true;
                    continue;
                };
                let values = yaml
                    .get(item, "values")
                    .map(|v| {
                        yaml.items(v)
                            .iter()
                            .filter_map(|n| yaml.str(*n).map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                s.expressions.push(Requirement {
                    key: key.to_string(),
                    operator,
                    values,
                });
            }
        }
        s
    }

    /// A plain `key: value` map (Service, ReplicationController).
    pub fn from_map(yaml: &YamlFile, node: NodeId) -> Selector {
        Selector {
            match_labels: super::object::string_map(yaml, Some(node)),
            unknown: !yaml.is_mapping(node),
            ..Selector::default()
        }
    }

    /// The selector without requirements on labels that controllers add to
    /// the pods they create, which templates never carry.
    #[must_use]
    pub fn without_controller_labels(&self) -> Selector {
        const CONTROLLER_LABELS: [&str; 11] = [
            "pod-template-hash",
            "controller-revision-hash",
            "statefulset.kubernetes.io/pod-name",
            "apps.kubernetes.io/pod-index",
            "job-name",
            "controller-uid",
            "batch.kubernetes.io/job-name",
            "batch.kubernetes.io/controller-uid",
            "batch.kubernetes.io/job-completion-index",
            "rollouts-pod-template-hash",
            "skaffold.dev/run-id",
        ];
        let mut s = self.clone();
        s.match_labels
            .retain(|k, _| !CONTROLLER_LABELS.contains(&k.as_str()));
        s.expressions
            .retain(|r| !CONTROLLER_LABELS.contains(&r.key.as_str()));
        s
    }

    /// No requirement at all: selects every pod (in a NetworkPolicy or PDB).
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.expressions.is_empty() && !self.unknown
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        if self.unknown {
            return true;
        }
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.expressions.iter().all(|r| {
                let value = labels.get(&r.key);
                match r.operator {
                    Operator::In => value.is_some_and(|v| r.values.contains(v)),
                    Operator::NotIn => value.is_none_or(|v| !r.values.contains(v)),
                    Operator::Exists => value.is_some(),
                    Operator::DoesNotExist => value.is_none(),
                }
            })
    }

    /// `app=web, tier in (a, b)`, for messages.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .match_labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for r in &self.expressions {
            parts.push(match r.operator {
                Operator::In => format!("{} in ({})", r.key, r.values.join(", ")),
                Operator::NotIn => format!("{} notin ({})", r.key, r.values.join(", ")),
                Operator::Exists => r.key.clone(),
                Operator::DoesNotExist => format!("!{}", r.key),
            });
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn match_labels_and_expressions() {
        let yaml = YamlFile::parse(
            "matchLabels: {app: web}\nmatchExpressions:\n- {key: tier, operator: In, values: [a, b]}\n- {key: canary, operator: DoesNotExist}\n",
        );
        let root = yaml.documents[0].root.unwrap();
        let s = Selector::from_label_selector(&yaml, root);
        assert!(s.matches(&labels(&[("app", "web"), ("tier", "a")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("tier", "c")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("tier", "a"), ("canary", "1")])));
        assert!(!s.matches(&labels(&[("tier", "a")])));
        assert_eq!(s.describe(), "app=web, tier in (a, b), !canary");
        let empty = YamlFile::parse("{}\n");
        assert!(Selector::from_label_selector(&empty, empty.documents[0].root.unwrap()).is_empty());
    }
}
