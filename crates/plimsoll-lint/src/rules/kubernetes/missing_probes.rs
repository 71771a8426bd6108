//! K8S008 and K8S009: readiness and liveness probes on the main
//! containers of workloads that keep running.

use super::prelude::*;

/// Workloads whose pods are meant to keep running: controllers of
/// long-running pods, and bare Pods that restart always (not run-to-
/// completion Pods, nor Helm test and hook Pods).
fn keeps_running(cx: &K8sContext<'_>, o: &Object, w: &Workload) -> bool {
    match w.kind {
        k if k.is_long_running() => true,
        WorkloadKind::Pod => {
            let restart = w
                .pod_field(cx.yaml, "restartPolicy")
                .and_then(|n| cx.yaml.str(n));
            matches!(restart, None | Some("Always")) && o.annotation("helm.sh/hook").is_none()
        }
        _ => false,
    }
}

fn check(
    cx: &K8sContext<'_>,
    o: &Object,
    w: &Workload,
    c: &Container,
    out: &mut Diagnostics<'_>,
    field: &str,
) {
    if c.role != ContainerRole::Main
        || !keeps_running(cx, o, w)
        || super::availability_support::is_partial(cx.cluster, cx.parsed, o)
    {
        return;
    }
    if c.get(cx.yaml, field).is_some_and(|n| !cx.yaml.is_null(n)) {
        return;
    }
    let (what, help) = if field == "readinessProbe" {
        (
            "readiness",
            "add a `readinessProbe` that succeeds only when the container can serve",
        )
    } else {
        (
            "liveness",
            "add a `livenessProbe` that checks the process itself (not its dependencies)",
        )
    };
    out.add(
        cx.container_span(c),
        format!("{} of {} has no {what} probe", c.display(), o.display()),
    )
    .help(help);
}

declare_rule! {
    /// ## What it does
    /// Reports main containers without a `readinessProbe` in workloads that
    /// keep running: Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Argo Rollouts and bare Pods whose
    /// `restartPolicy` is `Always` (the default). Jobs, CronJobs, Pods that
    /// run to completion or are Helm hooks, init, sidecar and ephemeral
    /// containers are not checked.
    ///
    /// Partial objects (kustomize patches, including files named like one
    /// when their kustomization is not in the run, and `apps/v1`
    /// controllers with neither a selector nor an image) are skipped.
    ///
    /// ## Why is this bad?
    /// Without a readiness probe a container counts as ready as soon as it
    /// starts: Services send it traffic before it listens, and a rolling
    /// update moves on to the next pod even when the new version never
    /// becomes able to serve, replacing every healthy pod with a broken one.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: registry.example.com/api:1.4.2
    ///     ports: [{name: http, containerPort: 8080}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: registry.example.com/api:1.4.2
    ///     ports: [{name: http, containerPort: 8080}]
    ///     readinessProbe:
    ///       httpGet: {path: /ready, port: http}
    /// ```
    ///
    /// ## References
    /// - Practice K02 (startup, readiness and liveness probes).
    /// - checkov CKV_K8S_9, kube-linter no-readiness-probe, kube-score
    ///   pod-probes, Polaris readinessProbeMissing.
    pub struct MissingReadinessProbe {
        code: "K8S008",
        name: "missing-readiness-probe",
        summary: "Container of a long-running workload has no readiness probe",
        severity: Warning,
        category: Reliability,
        practices: ["K02"],
        peers: [Checkov "CKV_K8S_9", KubeLinter "no-readiness-probe", KubeScore "pod-probes", Polaris "readinessProbeMissing"],
        fix: None,
        default: true,
    }
}

impl Rule for MissingReadinessProbe {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        check(cx, o, w, c, out, "readinessProbe");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports main containers without a `livenessProbe` in workloads that
    /// keep running (the same workloads and containers as K8S008:
    /// Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Argo Rollouts and always-restarting bare
    /// Pods; not Jobs, CronJobs, init, sidecar or ephemeral containers).
    ///
    /// Partial objects (kustomize patches, including files named like one
    /// when their kustomization is not in the run, and `apps/v1`
    /// controllers with neither a selector nor an image) are skipped.
    ///
    /// ## Why is this bad?
    /// A process that deadlocks or stops making progress without exiting is
    /// never restarted: the pod stays `Running`, and, if it still passes its
    /// readiness probe, keeps receiving traffic it cannot serve. A liveness
    /// probe should check the process alone (a cheap endpoint or a TCP
    /// connect), never its dependencies, or an outage of a database
    /// restarts every replica at once.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: registry.example.com/api:1.4.2
    ///     readinessProbe:
    ///       httpGet: {path: /ready, port: 8080}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: registry.example.com/api:1.4.2
    ///     readinessProbe:
    ///       httpGet: {path: /ready, port: 8080}
    ///     livenessProbe:
    ///       httpGet: {path: /livez, port: 8080}
    ///       failureThreshold: 5
    /// ```
    ///
    /// ## References
    /// - Practice K02 (startup, readiness and liveness probes).
    /// - checkov CKV_K8S_8, kube-linter no-liveness-probe, kube-score
    ///   pod-probes, Polaris livenessProbeMissing.
    pub struct MissingLivenessProbe {
        code: "K8S009",
        name: "missing-liveness-probe",
        summary: "Container of a long-running workload has no liveness probe",
        severity: Warning,
        category: Reliability,
        practices: ["K02"],
        peers: [Checkov "CKV_K8S_8", KubeLinter "no-liveness-probe", KubeScore "pod-probes", Polaris "livenessProbeMissing"],
        fix: None,
        default: true,
    }
}

impl Rule for MissingLivenessProbe {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        check(cx, o, w, c, out, "livenessProbe");
    }
}
