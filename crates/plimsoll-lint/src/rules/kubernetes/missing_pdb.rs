use super::availability_support::{is_pdb, pdb_selector};
use super::hpa_support::Scale;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Deployment, StatefulSet or Argo Rollout that runs two or
    /// more replicas (or that a HorizontalPodAutoscaler or KEDA
    /// ScaledObject of the run keeps at two or more) when no
    /// PodDisruptionBudget of the run, in the same namespace (or the same
    /// directory or kustomization when namespaces are not written), selects
    /// its pods. A budget with a templated selector counts as covering; one
    /// without a selector, or with an empty selector in `policy/v1beta1`,
    /// covers nothing.
    ///
    /// Partial objects (kustomize patches, including files named like one
    /// when their kustomization is not in the run, and `apps/v1`
    /// controllers with neither a selector nor an image) are skipped.
    ///
    /// ## Why is this bad?
    /// Node drains (upgrades, autoscaler scale-downs, maintenance) evict
    /// pods through the eviction API, which only holds back when a budget
    /// says so. Without one, a drain may evict every replica at once, and
    /// the redundancy the replicas were meant to give is gone exactly
    /// during routine maintenance.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   replicas: 3
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata: {name: api}
    /// spec:
    ///   maxUnavailable: 1
    ///   selector: {matchLabels: {app: api}}
    /// ```
    ///
    /// ## References
    /// - Practice K09 (a PodDisruptionBudget for every replicated workload).
    /// - kube-score deployment-has-poddisruptionbudget and
    ///   statefulset-has-poddisruptionbudget, Polaris missingPodDisruptionBudget.
    pub struct MissingPodDisruptionBudget {
        code: "K8S041",
        name: "missing-pod-disruption-budget",
        summary: "Replicated workload has no PodDisruptionBudget",
        severity: Warning,
        category: Reliability,
        practices: ["K09"],
        peers: [KubeScore "deployment-has-poddisruptionbudget", KubeScore "statefulset-has-poddisruptionbudget", Polaris "missingPodDisruptionBudget"],
        fix: None,
        default: true,
    }
}

impl Rule for MissingPodDisruptionBudget {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        if !matches!(
            w.kind,
            WorkloadKind::Deployment | WorkloadKind::StatefulSet | WorkloadKind::Rollout
        ) || super::availability_support::is_partial(cx.cluster, cx.parsed, o)
        {
            return;
        }
        let scale = Scale::of(cx, o, w);
        if !scale.replicated() {
            return;
        }
        let covered = cx.cluster.of_kind("PodDisruptionBudget").any(|r| {
            let Some(yaml) = r.file.yaml().map(|m| &m.yaml) else {
                return false;
            };
            is_pdb(r.object)
                && cx.cluster.related((cx.parsed, o), (r.file, r.object))
                && pdb_selector(yaml, r.object).covers(&w.pod_labels)
        });
        if covered {
            return;
        }
        let span = w
            .controller_spec
            .and_then(|s| cx.entry_span(s, "replicas"))
            .unwrap_or_else(|| cx.object_span(o));
        out.add(
            span,
            format!(
                "{} runs {}, but no PodDisruptionBudget covers its pods: a node drain may evict them all at once",
                o.display(),
                scale.describe()
            ),
        )
        .help("add a PodDisruptionBudget (e.g. `maxUnavailable: 1`) whose selector matches the pod labels");
    }
}
