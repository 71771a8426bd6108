use super::availability_support::{PdbSelector, is_pdb, pdb_selector};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a PodDisruptionBudget that protects no pods:
    ///
    /// - one without `spec.selector`, which selects nothing in every API
    ///   version;
    /// - a `policy/v1beta1` budget with an empty selector (`selector: {}`),
    ///   which selected nothing there, while in `policy/v1` the same
    ///   selector covers every pod of the namespace;
    /// - one whose selector matches the pods of no workload of the run in
    ///   its namespace (Deployments, StatefulSets, Jobs, Pods...), reported
    ///   only when the run holds workloads near it (same namespace and
    ///   directory or kustomization), and not when a custom resource of the
    ///   run may have an operator create the pods (its labels or name match
    ///   the selector).
    ///
    /// Templated selectors are not judged.
    ///
    /// Partial objects (kustomize patches, including files named like one
    /// when their kustomization is not in the run, and `apps/v1`
    /// controllers with neither a selector nor an image) are skipped.
    ///
    /// ## Why is this bad?
    /// A budget that selects nothing protects nothing: drains evict the pods
    /// it was written for without limit. It usually follows a label renamed
    /// in the pod template only, or a migration from `policy/v1beta1`.
    ///
    /// ## Example
    /// ```yaml
    /// kind: PodDisruptionBudget
    /// spec:
    ///   maxUnavailable: 1
    ///   selector: {matchLabels: {app: api-server}}
    /// ---
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     metadata:
    ///       labels: {app: api}
    /// ```
    ///
    /// ## Use instead
    /// Make the budget's selector match the labels of the pod template.
    ///
    /// ## References
    /// - Practices K09 (disruption budgets) and K18 (PDBs select something).
    pub struct PdbSelectsNoPods {
        code: "K8S043",
        name: "pdb-selects-no-pods",
        summary: "PodDisruptionBudget selects no pods",
        severity: Warning,
        category: Correctness,
        practices: ["K09", "K18"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for PdbSelectsNoPods {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if !is_pdb(o)
            || o.spec(cx.yaml).is_none()
            || super::availability_support::is_partial(cx.cluster, cx.parsed, o)
        {
            return;
        }
        let help = "set `spec.selector.matchLabels` to the labels of the pods to protect";
        match pdb_selector(cx.yaml, o) {
            PdbSelector::Missing => {
                out.add(
                    cx.object_span(o),
                    format!("{} has no selector, so it covers no pods", o.display()),
                )
                .help(help);
            }
            PdbSelector::EmptyV1beta1(node) => {
                out.add(
                    cx.span(node),
                    format!(
                        "{} has an empty selector, which selects no pods in policy/v1beta1 (policy/v1 reads it as every pod of the namespace)",
                        o.display()
                    ),
                )
                .help("move to `policy/v1`, or set `matchLabels` to the labels of the pods to protect");
            }
            PdbSelector::All | PdbSelector::Templated => {}
            PdbSelector::Labels(selector, node) => {
                let from = (cx.parsed, o);
                if !cx.cluster.has_workloads_near(from)
                    || cx.cluster.pods_matching(from, &selector).next().is_some()
                    || cx.cluster.operator_may_create(from, &selector).is_some()
                {
                    return;
                }
                out.add(
                    cx.span(node),
                    format!(
                        "{} selects pods with {}, but no workload in the run has those labels",
                        o.display(),
                        selector.describe()
                    ),
                )
                .help(help);
            }
        }
    }
}
