//! What the NetworkPolicy rules share: reading a policy's pod selector and
//! directions, which workloads policies select, and other policy engines
//! whose selectors plimsoll does not evaluate (practice K13).

use super::prelude::*;
use crate::parse::ParsedFile;

/// Whether an object is a Kubernetes NetworkPolicy (not Calico's kind of
/// the same name).
pub(super) fn is_network_policy(o: &Object) -> bool {
    o.kind == "NetworkPolicy" && matches!(o.group(), "networking.k8s.io" | "extensions")
}

/// A label selector field; a null one selects everything (as the API
/// reads it).
pub(super) fn label_selector(yaml: &YamlFile, node: NodeId) -> Selector {
    if yaml.is_null(node) {
        Selector::default()
    } else {
        Selector::from_label_selector(yaml, node)
    }
}

/// Whether a selector has templated keys or values.
pub(super) fn is_templated(s: &Selector) -> bool {
    s.match_labels
        .iter()
        .any(|(k, v)| helpers::is_templated(k) || helpers::is_templated(v))
        || s.expressions.iter().any(|r| {
            helpers::is_templated(&r.key) || r.values.iter().any(|v| helpers::is_templated(v))
        })
}

/// A NetworkPolicy as far as isolation goes.
#[derive(Debug, Clone)]
pub(super) struct Policy {
    pub selector: Selector,
    pub selector_node: Option<NodeId>,
    /// `policyTypes` includes Ingress (explicitly, or by default).
    pub ingress: bool,
    /// `policyTypes` includes Egress (explicitly, or because the policy
    /// has `egress` rules).
    pub egress: bool,
    /// Some ingress rule is `{}`: every source is allowed.
    pub ingress_open: bool,
    pub egress_open: bool,
}

impl Policy {
    pub(super) fn read(yaml: &YamlFile, o: &Object) -> Option<Policy> {
        if !is_network_policy(o) {
            return None;
        }
        let spec = o.spec(yaml)?;
        let selector_node = yaml.get(spec, "podSelector");
        let selector = selector_node.map_or_else(Selector::default, |n| label_selector(yaml, n));
        let types: Option<Vec<&str>> = yaml
            .get(spec, "policyTypes")
            .map(|t| yaml.items(t).iter().filter_map(|&i| yaml.str(i)).collect());
        let has_egress_rules = yaml
            .get(spec, "egress")
            .is_some_and(|e| !yaml.items(e).is_empty());
        let (ingress, egress) = match &types {
            Some(t) => (t.contains(&"Ingress"), t.contains(&"Egress")),
            None => (true, has_egress_rules),
        };
        // A rule with neither peers nor ports allows everything.
        let open = |field: &str, peers: &str| {
            yaml.get(spec, field).is_some_and(|rules| {
                yaml.items(rules).iter().any(|&r| {
                    let set = |k: &str| {
                        yaml.get(r, k)
                            .is_some_and(|n| !yaml.is_null(n) && !yaml.items(n).is_empty())
                    };
                    !set(peers) && !set("ports")
                })
            })
        };
        Some(Policy {
            selector,
            selector_node,
            ingress,
            egress,
            ingress_open: open("ingress", "from"),
            egress_open: open("egress", "to"),
        })
    }
}

/// Kinds of other policy engines that may select any pod of the cluster
/// (Cilium, Calico, Antrea, the AdminNetworkPolicy API).
const CLUSTER_WIDE_POLICIES: [&str; 5] = [
    "CiliumClusterwideNetworkPolicy",
    "GlobalNetworkPolicy",
    "ClusterNetworkPolicy",
    "AdminNetworkPolicy",
    "BaselineAdminNetworkPolicy",
];

/// Whether the run has policies of another engine that may govern the
/// pods of `from`: cluster-wide ones anywhere, or namespaced Calico and
/// Antrea policies related to it (whose selectors are not evaluated).
pub(super) fn other_engine_policies(cluster: &Cluster<'_>, from: (&ParsedFile, &Object)) -> bool {
    CLUSTER_WIDE_POLICIES.iter().any(|k| cluster.has_kind(k))
        || cluster
            .of_kind("NetworkPolicy")
            .any(|r| !is_network_policy(r.object) && cluster.related(from, (r.file, r.object)))
}

/// The selectors of a CiliumNetworkPolicy (`spec.endpointSelector`, and
/// the same in `specs[]`), with Cilium's `k8s:`/`any:` key prefixes removed.
fn cilium_selectors(yaml: &YamlFile, o: &Object) -> Vec<Selector> {
    let mut specs: Vec<NodeId> = o.spec(yaml).into_iter().collect();
    if let Some(list) = yaml.get(o.node, "specs") {
        specs.extend(yaml.items(list));
    }
    specs
        .into_iter()
        .filter_map(|s| yaml.get(s, "endpointSelector"))
        .map(|n| {
            let mut s = label_selector(yaml, n);
            let strip = |k: &str| {
                k.strip_prefix("k8s:")
                    .or_else(|| k.strip_prefix("any:"))
                    .unwrap_or(k)
                    .to_string()
            };
            s.match_labels = s
                .match_labels
                .into_iter()
                .map(|(k, v)| (strip(&k), v))
                .collect();
            for r in &mut s.expressions {
                r.key = strip(&r.key);
            }
            s
        })
        .collect()
}

/// The first policy related to a workload that selects its pods: a
/// Kubernetes NetworkPolicy or a CiliumNetworkPolicy.
pub(super) fn selecting_policy<'a>(
    cluster: &Cluster<'a>,
    from: (&ParsedFile, &Object),
    w: &Workload,
) -> Option<ObjRef<'a>> {
    let related = |r: &ObjRef<'_>| cluster.related(from, (r.file, r.object));
    cluster
        .of_kind("NetworkPolicy")
        .filter(|r| is_network_policy(r.object) && !cluster.is_patch(r.file) && related(r))
        .find(|r| {
            r.file.yaml().is_some_and(|m| {
                Policy::read(&m.yaml, r.object)
                    .is_some_and(|p| p.selector.matches(&w.pod_labels) || is_templated(&p.selector))
            })
        })
        .or_else(|| {
            cluster
                .of_kind("CiliumNetworkPolicy")
                .filter(|r| related(r))
                .find(|r| {
                    r.file.yaml().is_some_and(|m| {
                        cilium_selectors(&m.yaml, r.object)
                            .iter()
                            .any(|s| s.matches(&w.pod_labels))
                    })
                })
        })
}
