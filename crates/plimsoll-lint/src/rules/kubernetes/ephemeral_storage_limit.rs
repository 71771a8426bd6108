use super::prelude::*;
use super::requests_support::{Field, is_set, limit_range_default};

declare_rule! {
    /// ## What it does
    /// Reports containers (init and sidecar containers included, ephemeral
    /// containers not) without `resources.limits.ephemeral-storage`, unless
    /// a LimitRange related to the workload in the run (same namespace, or
    /// same directory when the namespace is unknown) sets a default one.
    /// Templated values count as set. The rule is opt-in: many clusters
    /// give pods ample node disk and never limit it.
    ///
    /// Partial objects (kustomize patches, including files named like one
    /// when their kustomization is not in the run, and `apps/v1`
    /// controllers with neither a selector nor an image) are skipped.
    ///
    /// ## Why is this bad?
    /// Container logs, writable layers and `emptyDir` volumes without a
    /// size limit all take node disk. A container that writes without
    /// bound fills the node, which then evicts every pod on it under disk
    /// pressure. With a limit, the kubelet evicts only the offending pod.
    ///
    /// ## Example
    /// ```yaml
    /// resources:
    ///   requests: {cpu: 100m, memory: 128Mi}
    ///   limits: {memory: 256Mi}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// resources:
    ///   requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 1Gi}
    ///   limits: {memory: 256Mi, ephemeral-storage: 2Gi}
    /// ```
    ///
    /// ## References
    /// - Practice K01 (requests and limits on every container).
    /// - kube-score container-ephemeral-storage-request-and-limit.
    pub struct MissingEphemeralStorageLimit {
        code: "K8S007",
        name: "missing-ephemeral-storage-limit",
        summary: "Container has no ephemeral-storage limit",
        severity: Info,
        category: Reliability,
        practices: ["K01"],
        peers: [KubeScore "container-ephemeral-storage-request-and-limit"],
        fix: None,
        default: false,
    }
}

impl Rule for MissingEphemeralStorageLimit {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        if c.role == ContainerRole::Ephemeral
            || super::availability_support::is_partial(cx.cluster, cx.parsed, o)
        {
            return;
        }
        let yaml = cx.yaml;
        if is_set(yaml, c, Field::Limits, "ephemeral-storage")
            || limit_range_default(
                cx.cluster,
                (cx.parsed, o),
                Field::Limits,
                "ephemeral-storage",
            )
        {
            return;
        }
        let resources = c.get(yaml, "resources");
        let span = resources
            .and_then(|r| cx.entry_span(r, "limits"))
            .or_else(|| cx.entry_span(c.node, "resources"))
            .unwrap_or_else(|| cx.container_span(c));
        out.add(
            span,
            format!(
                "{} of {} has no ephemeral-storage limit",
                c.display(),
                o.display()
            ),
        )
        .help("set `resources.limits.ephemeral-storage` (e.g. `2Gi`) so a runaway writer is evicted alone");
    }
}
