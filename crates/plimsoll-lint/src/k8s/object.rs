//! Kubernetes objects in a YAML stream: every document (and every item of a
//! `List`) with string `apiVersion` and `kind`, plus kustomization files,
//! which may omit both.

use super::workload::Workload;
use plimsoll_syntax::yaml::{NodeId, NodeKind, YamlFile};
use std::collections::BTreeMap;

/// Labels or annotations: keys to scalar values as written.
pub type Labels = BTreeMap<String, String>;

#[derive(Debug, Clone)]
pub struct Object {
    /// Position among the objects of its file.
    pub index: usize,
    /// Index of the YAML document holding the object.
    pub doc: usize,
    /// The object's mapping.
    pub node: NodeId,
    pub api_version: String,
    pub kind: String,
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub metadata: Option<NodeId>,
    pub labels: Labels,
    pub annotations: Labels,
    /// Set when the object holds a pod template (or is a Pod).
    pub workload: Option<Workload>,
    /// An item of a `kind: List` document rather than a document of its own.
    pub in_list: bool,
}

impl Object {
    /// The API group: `apps` for `apps/v1`, empty for the core group.
    pub fn group(&self) -> &str {
        self.api_version
            .rsplit_once('/')
            .map_or("", |(group, _)| group)
    }

    /// The version: `v1` for `apps/v1`.
    pub fn version(&self) -> &str {
        self.api_version
            .rsplit_once('/')
            .map_or(self.api_version.as_str(), |(_, v)| v)
    }

    /// Whether the object is `kind` in `group` (any version).
    pub fn is(&self, group: &str, kind: &str) -> bool {
        self.kind == kind && self.group() == group
    }

    /// `Deployment/web`, for messages.
    pub fn display(&self) -> String {
        format!(
            "{}/{}",
            self.kind,
            self.name.as_deref().unwrap_or("<unnamed>")
        )
    }

    /// The value of a label of the object.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels.get(key).map(String::as_str)
    }

    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations.get(key).map(String::as_str)
    }

    /// The `spec` mapping.
    pub fn spec(&self, yaml: &YamlFile) -> Option<NodeId> {
        yaml.get(self.node, "spec").filter(|n| yaml.is_mapping(*n))
    }

    /// Whether this is a kustomization file rather than an API object.
    pub fn is_kustomization(&self) -> bool {
        self.kind == "Kustomization" || self.kind == "Component"
    }
}

/// A mapping of scalar keys to scalar values, as written (numbers and
/// booleans keep their text).
pub fn string_map(yaml: &YamlFile, node: Option<NodeId>) -> Labels {
    let mut out = Labels::new();
    let Some(node) = node else {
        return out;
    };
    for (k, v) in yaml.entries(node) {
        if let (Some(k), Some(v)) = (yaml.str(k), yaml.str(v)) {
            out.insert(k.to_string(), v.to_string());
        }
    }
    out
}

/// Every object of a YAML file. `kustomization` says the file is named
/// `kustomization.yaml` (or `.yml`, or `Kustomization`), whose document is
/// a Kustomization even without `apiVersion` and `kind`.
pub fn objects_in(yaml: &YamlFile, kustomization: bool) -> Vec<Object> {
    let mut out = Vec::new();
    for (doc, d) in yaml.documents.iter().enumerate() {
        let Some(root) = d.root else { continue };
        if !yaml.is_mapping(root) {
            continue;
        }
        if kustomization {
            if let Some(mut o) = object_at(yaml, doc, root, false) {
                // `kind: Component` stays; anything else here is a Kustomization.
                if !o.is_kustomization() {
                    o.kind = "Kustomization".into();
                }
                // A kustomization's namespace is a top-level field.
                o.namespace = yaml
                    .get(root, "namespace")
                    .and_then(|n| yaml.str(n))
                    .map(str::to_string);
                out.push(o);
            } else {
                out.push(bare_kustomization(yaml, doc, root));
            }
            continue;
        }
        // A strategic-merge patch (`$patch: delete`...) is a partial object.
        if yaml
            .entries(root)
            .iter()
            .any(|&(k, _)| yaml.str(k).is_some_and(|k| k.starts_with('$')))
        {
            continue;
        }
        let Some(object) = object_at(yaml, doc, root, false) else {
            continue;
        };
        if object.kind.ends_with("List") && object.api_version == "v1" {
            if let Some(items) = yaml.get(root, "items") {
                for &item in yaml.items(items) {
                    if let Some(o) = object_at(yaml, doc, yaml.resolve(item), true) {
                        out.push(o);
                    }
                }
            }
            continue;
        }
        out.push(object);
    }
    for (i, o) in out.iter_mut().enumerate() {
        o.index = i;
    }
    out
}

fn bare_kustomization(yaml: &YamlFile, doc: usize, root: NodeId) -> Object {
    Object {
        index: 0,
        doc,
        node: root,
        api_version: "kustomize.config.k8s.io/v1beta1".into(),
        kind: "Kustomization".into(),
        name: None,
        namespace: yaml
            .get(root, "namespace")
            .and_then(|n| yaml.str(n))
            .map(str::to_string),
        metadata: None,
        labels: Labels::new(),
        annotations: Labels::new(),
        workload: None,
        in_list: false,
    }
}

fn object_at(yaml: &YamlFile, doc: usize, node: NodeId, in_list: bool) -> Option<Object> {
    let scalar = |key: &str| {
        yaml.get(node, key).and_then(|n| match yaml.kind(n) {
            NodeKind::Scalar { value, .. } if !value.is_empty() => Some(value.clone()),
            _ => None,
        })
    };
    let api_version = scalar("apiVersion")?;
    let kind = scalar("kind")?;
    let metadata = yaml.get(node, "metadata").filter(|m| yaml.is_mapping(*m));
    let meta_str = |key: &str| {
        metadata
            .and_then(|m| yaml.get(m, key))
            .and_then(|n| yaml.str(n))
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let mut object = Object {
        index: 0,
        doc,
        node,
        name: meta_str("name").or_else(|| meta_str("generateName")),
        namespace: meta_str("namespace"),
        labels: string_map(yaml, metadata.and_then(|m| yaml.get(m, "labels"))),
        annotations: string_map(yaml, metadata.and_then(|m| yaml.get(m, "annotations"))),
        metadata,
        api_version,
        kind,
        workload: None,
        in_list,
    };
    object.workload = Workload::of(yaml, &object);
    Some(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_objects_in_streams_and_lists() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n  labels: {app: web, tier: 1}\n---\n# just a comment\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: b}\n---\nfoo: bar\n";
        let yaml = YamlFile::parse(text);
        let objects = objects_in(&yaml, false);
        let names: Vec<String> = objects.iter().map(Object::display).collect();
        assert_eq!(names, ["Service/web", "ConfigMap/a", "Deployment/b"]);
        assert_eq!(objects[0].namespace.as_deref(), Some("shop"));
        assert_eq!(objects[0].label("tier"), Some("1"));
        assert!(objects[1].in_list);
        assert_eq!(objects[2].group(), "apps");
        assert_eq!(objects[2].version(), "v1");
        assert_eq!(objects[0].group(), "");
    }

    #[test]
    fn kustomization_needs_no_kind() {
        let yaml = YamlFile::parse("namespace: shop\nresources:\n- deploy.yaml\n");
        let objects = objects_in(&yaml, true);
        assert_eq!(objects.len(), 1);
        assert!(objects[0].is_kustomization());
        assert_eq!(objects[0].namespace.as_deref(), Some("shop"));
        assert!(objects_in(&yaml, false).is_empty());
    }
}
