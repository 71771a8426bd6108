//! K8S063 and K8S064: the pod selectors of a NetworkPolicy, and of its
//! peers, should match pods.

use super::network_policy_support::{Policy, is_templated, label_selector};
use super::prelude::*;

/// Whether `selector`, used by `o`, may select pods: it matches a workload
/// whose namespace may be `o`'s, or an operator's custom resource, or the
/// run cannot tell (no workload near `o`, resources the run does not hold).
fn may_match(cx: &K8sContext<'_>, o: &Object, selector: &Selector) -> bool {
    let from = (cx.parsed, o);
    let namespace = cx.cluster.namespace_of(cx.parsed, o);
    let matches_workload = || {
        let selector = selector.without_controller_labels();
        cx.cluster.workloads().any(|r| {
            namespace.compatible(cx.cluster.namespace_of(r.file, r.object))
                && r.object
                    .workload
                    .as_ref()
                    .is_some_and(|w| selector.matches(&w.pod_labels))
        })
    };
    is_templated(selector)
        || !cx.cluster.has_workloads_near(from)
        || cx.cluster.has_missing_resources(cx.parsed)
        || cx.cluster.operator_may_create(from, selector).is_some()
        || matches_workload()
}

declare_rule! {
    /// ## What it does
    /// Reports a NetworkPolicy whose non-empty `podSelector` matches the pod
    /// labels of no workload of the run that may share its namespace (the
    /// same namespace, or a namespace not written on either side). Labels
    /// that controllers add to pods (`pod-template-hash`...) count as
    /// present.
    ///
    /// It is quiet when the run cannot tell: no workload near the policy
    /// (same namespace and directory or kustomization; the pods are then
    /// deployed from elsewhere), or a kustomization of its scope that lists
    /// resources the run does not hold. Also quiet when a custom resource of
    /// the run may create the pods (an operator labelling its pods), and for
    /// templated selectors.
    ///
    /// ## Why is this bad?
    /// A policy that selects nothing protects nothing: the pods it was
    /// written for stay open, usually after a label was renamed on one side
    /// only.
    ///
    /// ## Example
    /// ```yaml
    /// kind: NetworkPolicy
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: api}
    /// ---
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     metadata:
    ///       labels: {app: backend}
    /// ```
    ///
    /// ## Use instead
    /// Make the policy's `podSelector` match the labels of the pod template
    /// it protects.
    ///
    /// ## References
    /// - Practices K13 (every pod selected by some policy) and K18 (a
    ///   NetworkPolicy selects something).
    /// - kube-linter dangling-networkpolicy, kube-score networkpolicy-targets-pod.
    pub struct NetworkPolicySelectsNoPods {
        code: "K8S063",
        name: "network-policy-selects-no-pods",
        summary: "NetworkPolicy pod selector matches no pods",
        severity: Warning,
        category: Correctness,
        practices: ["K13", "K18"],
        peers: [KubeLinter "dangling-networkpolicy", KubeScore "networkpolicy-targets-pod"],
        fix: None,
        default: true,
    }
}

impl Rule for NetworkPolicySelectsNoPods {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let Some(policy) = Policy::read(cx.yaml, o) else {
            return;
        };
        let Some(node) = policy.selector_node else {
            return;
        };
        if policy.selector.is_empty() || may_match(cx, o, &policy.selector) {
            return;
        }
        out.add(
            cx.span(node),
            format!(
                "{} selects pods with {}, but no workload in the run has those labels",
                o.display(),
                policy.selector.describe()
            ),
        )
        .help("align `podSelector` with the labels of the pod template the policy protects");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a peer of a NetworkPolicy rule (`ingress[].from[]`,
    /// `egress[].to[]`) that has a non-empty `podSelector` and no
    /// `namespaceSelector`, when that selector matches the pod labels of no
    /// workload of the run that may share the policy's namespace. It is
    /// quiet in the same cases as K8S063.
    ///
    /// This rule is off by default: peers often name pods of components
    /// deployed from other repositories.
    ///
    /// ## Why is this bad?
    /// The rule allows traffic from or to pods that do not exist, while the
    /// pods that really need it are denied: connections time out after a
    /// label was renamed.
    ///
    /// ## Example
    /// ```yaml
    /// ingress:
    ///   - from:
    ///       - podSelector:
    ///           matchLabels: {app: frontend}
    /// # but the frontend pods are labelled app: web
    /// ```
    ///
    /// ## Use instead
    /// Make the peer's `podSelector` match the labels of the pods that send
    /// (or receive) the traffic, or add a `namespaceSelector` when they
    /// live in another namespace.
    ///
    /// ## References
    /// - Practice K13 (explicit allows).
    /// - kube-linter dangling-networkpolicypeer-podselector.
    pub struct NetworkPolicyPeerSelectsNoPods {
        code: "K8S064",
        name: "network-policy-peer-selects-no-pods",
        summary: "NetworkPolicy peer pod selector matches no pods",
        severity: Info,
        category: Correctness,
        practices: ["K13"],
        peers: [KubeLinter "dangling-networkpolicypeer-podselector"],
        fix: None,
        default: false,
    }
}

impl Rule for NetworkPolicyPeerSelectsNoPods {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        if Policy::read(yaml, o).is_none() {
            return;
        }
        let Some(spec) = o.spec(yaml) else { return };
        for (field, peers) in [("ingress", "from"), ("egress", "to")] {
            let Some(rules) = yaml.get(spec, field) else {
                continue;
            };
            for &rule in yaml.items(rules) {
                let Some(list) = yaml.get(rule, peers) else {
                    continue;
                };
                for &peer in yaml.items(list) {
                    if yaml.get(peer, "namespaceSelector").is_some() {
                        continue;
                    }
                    let Some(node) = yaml.get(peer, "podSelector") else {
                        continue;
                    };
                    let selector = label_selector(yaml, node);
                    if selector.is_empty() || may_match(cx, o, &selector) {
                        continue;
                    }
                    let direction = if field == "ingress" {
                        "accepts traffic from"
                    } else {
                        "allows traffic to"
                    };
                    out.add(
                        cx.span(node),
                        format!(
                            "{} {direction} pods with {}, but no workload in the run has those labels",
                            o.display(),
                            selector.describe()
                        ),
                    )
                    .help("align the peer's `podSelector` with the labels of the pods meant, or add a `namespaceSelector` for pods of another namespace");
                }
            }
        }
    }
}
