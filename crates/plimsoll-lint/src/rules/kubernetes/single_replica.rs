use super::availability_support::{services_selecting, span_in};
use super::hpa_support::autoscalers_targeting;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Deployment, StatefulSet or Argo Rollout that runs a single
    /// replica (`replicas: 1`, or unset, which defaults to 1) while a
    /// Service of the run routes to its pods, and that no
    /// HorizontalPodAutoscaler or KEDA ScaledObject of the run scales.
    /// Workloads scaled to `0`, templated replica counts, and workloads no
    /// Service in the run selects are not reported; Services named
    /// `*-metrics` or whose ports are all named for metrics only serve
    /// scrapers and do not count. An autoscaler counts when it is related to
    /// the workload or in a nested directory (`app/` and `app/hpa/`).
    ///
    /// Partial objects (kustomize patches, including files named like one
    /// when their kustomization is not in the run, and `apps/v1`
    /// controllers with neither a selector nor an image) are skipped.
    ///
    /// ## Why is this bad?
    /// Every rollout, node drain, eviction or crash of that one pod is an
    /// outage of the Service, and a PodDisruptionBudget cannot protect a
    /// single pod without blocking node maintenance. Two replicas (spread
    /// over nodes) keep it answering.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   replicas: 1
    /// ---
    /// kind: Service
    /// spec:
    ///   selector: {app: api}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   replicas: 2
    /// ```
    ///
    /// Or let a HorizontalPodAutoscaler with `minReplicas: 2` scale it.
    ///
    /// ## References
    /// - Practices K09 (disruption budgets need more than one replica) and
    ///   K10 (autoscaling with at least two replicas).
    /// - kube-score deployment-replicas, Polaris deploymentMissingReplicas.
    pub struct SingleReplicaWorkload {
        code: "K8S038",
        name: "single-replica-workload",
        summary: "Service-backed workload runs a single replica",
        severity: Warning,
        category: Reliability,
        practices: ["K09", "K10"],
        peers: [KubeScore "deployment-replicas", Polaris "deploymentMissingReplicas"],
        fix: None,
        default: true,
    }
}

impl Rule for SingleReplicaWorkload {
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
        ) || w.effective_replicas() != Some(1)
            || super::availability_support::is_partial(cx.cluster, cx.parsed, o)
        {
            return;
        }
        let services = services_selecting(cx.cluster, cx.parsed, o, w);
        let Some(service) = services.first() else {
            return;
        };
        if !autoscalers_targeting(cx.cluster, cx.parsed, o).is_empty() {
            return;
        }
        let span = w
            .controller_spec
            .and_then(|s| cx.entry_span(s, "replicas"))
            .unwrap_or_else(|| cx.object_span(o));
        let how = if w.replicas_node.is_some() {
            "a single replica"
        } else {
            "a single replica (`replicas` is unset)"
        };
        out.add(
            span,
            format!(
                "{} runs {how} behind {}: every rollout, drain or crash interrupts it",
                o.display(),
                service.obj.object.display()
            ),
        )
        .related_in(
            &service.obj.file.source,
            span_in(&service.obj, service.selector),
            format!("{} selects its pods", service.obj.object.display()),
        )
        .help("run at least 2 replicas, or scale it with a HorizontalPodAutoscaler whose `minReplicas` is 2 or more");
    }
}
