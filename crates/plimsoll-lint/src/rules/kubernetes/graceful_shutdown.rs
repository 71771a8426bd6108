use super::availability_support::{services_selecting, span_in};
use super::prelude::*;
use plimsoll_diagnostics::Severity;

declare_rule! {
    /// ## What it does
    /// Reports two ways pods stop abruptly:
    ///
    /// - `terminationGracePeriodSeconds: 0` on any pod (warning): the
    ///   containers are killed without a chance to finish their work;
    /// - main containers without a `lifecycle.preStop` hook in a
    ///   long-running workload (Deployment, StatefulSet, DaemonSet,
    ///   ReplicaSet, ReplicationController, Argo Rollout) that a Service of
    ///   the run selects (info). Workloads no Service in the run routes to
    ///   (Services named `*-metrics` or whose ports are all named for
    ///   metrics only serve scrapers and do not count), Jobs, bare Pods,
    ///   init and sidecar containers are not reported.
    ///
    /// Partial objects (kustomize patches, including files named like one
    /// when their kustomization is not in the run, and `apps/v1`
    /// controllers with neither a selector nor an image) are skipped.
    ///
    /// ## Why is this bad?
    /// When a pod is deleted, the kubelet sends `SIGTERM` while the
    /// endpoint controllers, kube-proxy and ingress controllers are still
    /// removing the pod from their rotation. A process that exits at once
    /// drops the requests that keep arriving for a few seconds; a
    /// `preStop` hook (`sleep: {seconds: 5}` or an `exec` of `sleep`) keeps
    /// it serving until traffic has moved away. A grace period of zero
    /// kills the containers immediately, and for StatefulSets it can break
    /// the one-pod-per-identity guarantee.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   terminationGracePeriodSeconds: 0
    ///   containers:
    ///     - name: api
    ///       image: registry.example.com/api:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   terminationGracePeriodSeconds: 30
    ///   containers:
    ///     - name: api
    ///       image: registry.example.com/api:1.4.2
    ///       lifecycle:
    ///         preStop:
    ///           sleep: {seconds: 5}
    /// ```
    ///
    /// ## References
    /// - Practice K05 (graceful shutdown: grace period and preStop hook).
    pub struct MissingGracefulShutdown {
        code: "K8S035",
        name: "missing-graceful-shutdown",
        summary: "Pod stops without a graceful shutdown",
        severity: Info,
        category: Reliability,
        practices: ["K05"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for MissingGracefulShutdown {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        if let Some(node) = w.pod_field(yaml, "terminationGracePeriodSeconds")
            && helpers::k8s_int(yaml, node) == Some(0)
        {
            let span = cx
                .entry_span(w.spec, "terminationGracePeriodSeconds")
                .unwrap_or_else(|| cx.span(node));
            out.add(
                span,
                format!(
                    "pods of {} are killed without a grace period (`terminationGracePeriodSeconds: 0`)",
                    o.display()
                ),
            )
            .severity(Severity::Warning)
            .help("leave the default of 30 seconds, or set the time the process needs to drain");
        }
        if !w.kind.is_long_running()
            || super::availability_support::is_partial(cx.cluster, cx.parsed, o)
        {
            return;
        }
        let services = services_selecting(cx.cluster, cx.parsed, o, w);
        let Some(service) = services.first() else {
            return;
        };
        for c in w
            .containers
            .iter()
            .filter(|c| c.role == ContainerRole::Main)
        {
            if c.path(yaml, &["lifecycle", "preStop"])
                .is_some_and(|n| !yaml.is_null(n))
            {
                continue;
            }
            out.add(
                cx.container_span(c),
                format!(
                    "{} of {} has no `preStop` hook: it gets SIGTERM while {} may still send it requests",
                    c.display(),
                    o.display(),
                    service.obj.object.display()
                ),
            )
            .related_in(
                &service.obj.file.source,
                span_in(&service.obj, service.selector),
                format!("{} selects these pods", service.obj.object.display()),
            )
            .help("add `lifecycle.preStop` (e.g. `sleep: {seconds: 5}`) so the pod leaves the endpoints before it stops");
        }
    }
}
