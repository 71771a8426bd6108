//! RBAC knowledge shared by K8S065–K8S072: the rules of Roles and
//! ClusterRoles and what they grant, as the RBAC authorizer matches them,
//! and the `roleRef` and `subjects` of bindings (practice K14).

use super::prelude::*;

pub(super) const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

/// A string item of a rule list (`verbs`, `resources`...) and its node.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub text: String,
    pub node: NodeId,
}

/// One entry of a Role's or ClusterRole's `rules`.
#[derive(Debug, Clone)]
pub(super) struct PolicyRule {
    /// Position in `rules`, from 0.
    pub index: usize,
    pub api_groups: Vec<Item>,
    pub resources: Vec<Item>,
    pub verbs: Vec<Item>,
    pub resource_names: Vec<Item>,
}

/// Items of a list field; templated items (`{{ ... }}`) are dropped since
/// they cannot be judged.
fn items(yaml: &YamlFile, map: NodeId, key: &str) -> Vec<Item> {
    let Some(list) = yaml.get(map, key) else {
        return Vec::new();
    };
    yaml.items(list)
        .iter()
        .filter_map(|&n| {
            let text = yaml.str(n)?;
            (!helpers::is_templated(text)).then(|| Item {
                text: text.to_string(),
                node: n,
            })
        })
        .collect()
}

/// Whether an object is an RBAC object of `kind`.
pub(super) fn is_rbac(o: &Object, kind: &str) -> bool {
    o.is(RBAC_GROUP, kind)
}

/// Whether an object is a Role or ClusterRole.
pub(super) fn is_role(o: &Object) -> bool {
    is_rbac(o, "Role") || is_rbac(o, "ClusterRole")
}

/// The rules of a Role or ClusterRole (empty for other objects).
pub(super) fn role_rules(yaml: &YamlFile, o: &Object) -> Vec<PolicyRule> {
    if !is_role(o) {
        return Vec::new();
    }
    let Some(rules) = yaml.get(o.node, "rules") else {
        return Vec::new();
    };
    yaml.items(rules)
        .iter()
        .enumerate()
        .filter(|(_, n)| yaml.is_mapping(**n))
        .map(|(index, &node)| PolicyRule {
            index,
            api_groups: items(yaml, node, "apiGroups"),
            resources: items(yaml, node, "resources"),
            verbs: items(yaml, node, "verbs"),
            resource_names: items(yaml, node, "resourceNames"),
        })
        .collect()
}

/// A resource a rule may grant: its API group and its name, with the
/// subresource after a slash (`pods/exec`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Target<'a> {
    pub group: &'a str,
    pub resource: &'a str,
}

impl PolicyRule {
    /// `rule #2 of Role/x`, for messages.
    pub fn display(&self, o: &Object) -> String {
        format!("rule #{} of {}", self.index + 1, o.display())
    }

    pub fn has_group(&self, group: &str) -> bool {
        self.api_groups
            .iter()
            .any(|g| g.text == "*" || g.text == group)
    }

    /// The first verb item granting one of `verbs` (`*` grants them all).
    pub fn verb(&self, verbs: &[&str]) -> Option<&Item> {
        self.verbs
            .iter()
            .find(|v| v.text == "*" || verbs.contains(&v.text.as_str()))
    }

    /// The resource item that grants `target` by name, as the RBAC
    /// authorizer matches it: the exact `resource/subresource`, or
    /// `*/subresource`. A bare `*` is not counted: rules granting
    /// everything are K8S065's.
    pub fn named_resource(&self, target: Target<'_>) -> Option<&Item> {
        if !self.has_group(target.group) {
            return None;
        }
        let sub = target.resource.split_once('/').map(|(_, s)| s);
        self.resources.iter().find(|r| {
            r.text == target.resource || sub.is_some_and(|s| r.text.strip_prefix("*/") == Some(s))
        })
    }

    /// The first resource item (in `targets` order) granted together with
    /// one of `verbs`, and the verb item.
    pub fn grant(&self, targets: &[Target<'_>], verbs: &[&str]) -> Option<(&Item, &Item)> {
        let verb = self.verb(verbs)?;
        targets
            .iter()
            .find_map(|t| self.named_resource(*t))
            .map(|r| (r, verb))
    }

    /// Every resource item granted with one of `verbs`, without repeats.
    pub fn grants_all(&self, targets: &[Target<'_>], verbs: &[&str]) -> Vec<&Item> {
        if self.verb(verbs).is_none() {
            return Vec::new();
        }
        let mut out: Vec<&Item> = Vec::new();
        for t in targets {
            if let Some(r) = self.named_resource(*t)
                && !out.iter().any(|o| o.node == r.node)
            {
                out.push(r);
            }
        }
        out.sort_by_key(|i| i.node);
        out
    }
}

/// `` `a`, `b` ``, at most four items.
pub(super) fn list(items: &[&Item]) -> String {
    let mut parts: Vec<String> = items
        .iter()
        .take(4)
        .map(|i| format!("`{}`", i.text))
        .collect();
    if items.len() > 4 {
        parts.push(format!("and {} more", items.len() - 4));
    }
    parts.join(", ")
}

/// The role a binding refers to.
#[derive(Debug, Clone)]
pub(super) struct RoleRef {
    pub kind: String,
    pub name: String,
    pub kind_node: Option<NodeId>,
    pub name_node: NodeId,
}

/// A subject of a binding.
#[derive(Debug, Clone)]
pub(super) struct Subject {
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub name_node: NodeId,
}

impl Subject {
    /// `ServiceAccount shop/web`, `Group system:masters`.
    pub fn display(&self) -> String {
        match &self.namespace {
            Some(ns) if self.kind == "ServiceAccount" => {
                format!("{} `{ns}/{}`", self.kind, self.name)
            }
            _ => format!("{} `{}`", self.kind, self.name),
        }
    }
}

/// Whether an object is a RoleBinding or ClusterRoleBinding.
pub(super) fn is_binding(o: &Object) -> bool {
    is_rbac(o, "RoleBinding") || is_rbac(o, "ClusterRoleBinding")
}

/// A binding's `roleRef`, unless missing or templated.
pub(super) fn role_ref(yaml: &YamlFile, o: &Object) -> Option<RoleRef> {
    if !is_binding(o) {
        return None;
    }
    let r = yaml.get(o.node, "roleRef")?;
    let name_node = yaml.get(r, "name")?;
    let name = yaml
        .str(name_node)
        .filter(|s| !s.is_empty() && !helpers::is_templated(s))?;
    let kind_node = yaml.get(r, "kind");
    let kind = kind_node.and_then(|k| yaml.str(k)).unwrap_or("");
    if helpers::is_templated(kind) {
        return None;
    }
    Some(RoleRef {
        kind: kind.to_string(),
        name: name.to_string(),
        kind_node,
        name_node,
    })
}

/// A binding's subjects with a literal kind and name.
pub(super) fn subjects(yaml: &YamlFile, o: &Object) -> Vec<Subject> {
    if !is_binding(o) {
        return Vec::new();
    }
    let Some(list) = yaml.get(o.node, "subjects") else {
        return Vec::new();
    };
    yaml.items(list)
        .iter()
        .filter_map(|&s| {
            let text = |k: &str| {
                yaml.get(s, k)
                    .and_then(|n| yaml.str(n))
                    .filter(|v| !v.is_empty() && !helpers::is_templated(v))
            };
            let name_node = yaml.get(s, "name")?;
            Some(Subject {
                kind: text("kind")?.to_string(),
                name: text("name")?.to_string(),
                namespace: text("namespace").map(str::to_string),
                name_node,
            })
        })
        .collect()
}

/// ClusterRoles every cluster has: the user-facing defaults and the
/// `system:` roles of the control plane.
pub(super) fn is_builtin_cluster_role(name: &str) -> bool {
    matches!(name, "cluster-admin" | "admin" | "edit" | "view") || name.starts_with("system:")
}
