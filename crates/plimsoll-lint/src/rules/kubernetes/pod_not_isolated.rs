use super::network_policy_support::{other_engine_policies, selecting_policy};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports workloads whose pods no NetworkPolicy of the run selects. A
    /// policy selects a pod when it is in the pod's namespace (or, when
    /// either namespace is not written, in the same directory or
    /// kustomization) and its `podSelector` matches the pod template's
    /// labels; an empty `podSelector: {}` selects every pod of its
    /// namespace, and `matchExpressions` are evaluated. Cilium's
    /// `CiliumNetworkPolicy` counts too (its `endpointSelector`).
    ///
    /// Not reported: `PodTemplate` objects, files that look like kustomize
    /// patches (partial objects), pods with `hostNetwork: true`
    /// (NetworkPolicies do not apply to them), and any workload when the
    /// run has cluster-wide policies of another engine (Cilium, Calico,
    /// Antrea, AdminNetworkPolicy) or namespaced Calico or Antrea policies
    /// near it, whose selectors are not evaluated; nor when a kustomization
    /// of the file's scope lists resources the run does not hold (a remote
    /// base, a missing file), which may hold the policy.
    ///
    /// ## Why is this bad?
    /// Kubernetes lets every pod talk to every other pod and to the outside
    /// unless a NetworkPolicy selects it. A compromised pod can then reach
    /// databases, the metadata service and other tenants' services at will.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    /// # and no NetworkPolicy selects app=web
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata:
    ///   name: web
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: web}
    ///   policyTypes: [Ingress, Egress]
    ///   ingress:
    ///     - from:
    ///         - podSelector: {matchLabels: {app: frontend}}
    /// ```
    ///
    /// ## References
    /// - Practice K13 (every pod selected by some NetworkPolicy).
    /// - checkov CKV2_K8S_6, kube-linter non-isolated-pod, kube-score
    ///   pod-networkpolicy, Polaris missingNetworkPolicy.
    pub struct PodNotIsolated {
        code: "K8S061",
        name: "pod-not-isolated",
        summary: "No NetworkPolicy selects the workload's pods",
        severity: Warning,
        category: Security,
        practices: ["K13"],
        peers: [Checkov "CKV2_K8S_6", KubeLinter "non-isolated-pod", KubeScore "pod-networkpolicy", Polaris "missingNetworkPolicy"],
        fix: None,
        default: true,
    }
}

impl Rule for PodNotIsolated {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        if w.kind == WorkloadKind::PodTemplate
            || cx.cluster.is_patch(cx.parsed)
            || helpers::pod_flag(cx.yaml, w, "hostNetwork").is_some()
        {
            return;
        }
        let from = (cx.parsed, o);
        if cx.cluster.has_missing_resources(cx.parsed)
            || other_engine_policies(cx.cluster, from)
            || selecting_policy(cx.cluster, from, w).is_some()
        {
            return;
        }
        out.add(
            cx.object_span(o),
            format!(
                "no NetworkPolicy selects the pods of {}: they accept and open connections to anything",
                o.display()
            ),
        )
        .help("add a NetworkPolicy that selects these pods and allows only the traffic they need, or a default-deny policy for the namespace");
    }
}
