//! K8S001–K8S004: CPU and memory requests and limits on every container.
//! One shared check; each rule reports one of the four settings.

use super::prelude::*;
use crate::k8s::quantity;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Requests,
    Limits,
}

impl Kind {
    fn field(self) -> &'static str {
        match self {
            Kind::Requests => "requests",
            Kind::Limits => "limits",
        }
    }
}

/// Whether `resources.<kind>.<resource>` is set to a non-zero quantity
/// (or to something templated that cannot be judged).
fn is_set(yaml: &YamlFile, c: &Container, kind: Kind, resource: &str) -> bool {
    let Some(node) = c.path(yaml, &["resources", kind.field(), resource]) else {
        return false;
    };
    match yaml.str(node) {
        Some(text) if helpers::is_templated(text) => true,
        // Unparseable quantities are K8S006's concern, not a missing value.
        Some(text) => quantity::parse(text).is_none_or(|q| q > 0.0),
        None => false,
    }
}

/// Whether a LimitRange related to the object gives
/// containers a default for `resource` (`default` sets limits, and with
/// `defaultRequest` requests).
fn limit_range_default(cx: &K8sContext<'_>, object: &Object, kind: Kind, resource: &str) -> bool {
    cx.cluster.of_kind("LimitRange").any(|r| {
        let Some(yaml) = r.file.yaml().map(|m| &m.yaml) else {
            return false;
        };
        if !cx.cluster.related((cx.parsed, object), (r.file, r.object)) {
            return false;
        }
        let Some(limits) = r.object.spec(yaml).and_then(|s| yaml.get(s, "limits")) else {
            return false;
        };
        yaml.items(limits).iter().any(|&item| {
            let is_container =
                yaml.get(item, "type").and_then(|t| yaml.str(t)) == Some("Container");
            let fields: &[&str] = match kind {
                Kind::Limits => &["default"],
                Kind::Requests => &["defaultRequest", "default"],
            };
            is_container
                && fields
                    .iter()
                    .any(|f| yaml.path(item, &[f, resource]).is_some())
        })
    })
}

fn check(
    cx: &K8sContext<'_>,
    object: &Object,
    workload: &Workload,
    c: &Container,
    out: &mut Diagnostics<'_>,
    kind: Kind,
    resource: &str,
) {
    if c.role == ContainerRole::Ephemeral {
        return;
    }
    let yaml = cx.yaml;
    if is_set(yaml, c, kind, resource) {
        return;
    }
    // An unset request defaults to the limit.
    if kind == Kind::Requests && is_set(yaml, c, Kind::Limits, resource) {
        return;
    }
    if limit_range_default(cx, object, kind, resource) {
        return;
    }
    let resources = c.get(yaml, "resources");
    let span = resources
        .and_then(|r| cx.entry_span(r, kind.field()))
        .or_else(|| cx.entry_span(c.node, "resources"))
        .unwrap_or_else(|| cx.container_span(c));
    let what = match (kind, resource) {
        (Kind::Requests, "cpu") => "CPU request",
        (Kind::Limits, "cpu") => "CPU limit",
        (Kind::Requests, _) => "memory request",
        (Kind::Limits, _) => "memory limit",
    };
    let _ = workload;
    out.add(
        span,
        format!("{} of {} has no {what}", c.display(), object.display()),
    )
    .help(match (kind, resource) {
        (Kind::Requests, "cpu") => "set `resources.requests.cpu` (e.g. `100m`) so the scheduler reserves CPU for it",
        (Kind::Limits, "cpu") => "set `resources.limits.cpu` so one container cannot starve its neighbours",
        (Kind::Requests, _) => "set `resources.requests.memory` (e.g. `128Mi`) so the scheduler reserves memory for it",
        (Kind::Limits, _) => "set `resources.limits.memory` so a leak ends in a restart of this container, not node pressure",
    });
}

declare_rule! {
    /// ## What it does
    /// Reports containers (init and sidecar containers included) without a
    /// CPU request. A request that is unset but has a CPU limit is not
    /// reported: Kubernetes sets it to the limit. Neither is one a LimitRange
    /// of the same namespace in the run defaults.
    ///
    /// ## Why is this bad?
    /// Without a request the scheduler reserves no CPU for the container: it
    /// lands on crowded nodes, is throttled first under contention, and the
    /// pod gets the `BestEffort` QoS class, the first evicted. A
    /// HorizontalPodAutoscaler on CPU utilisation cannot compute anything.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: registry.example.com/api:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: registry.example.com/api:1.4.2
    ///     resources:
    ///       requests: {cpu: 100m, memory: 128Mi}
    ///       limits: {cpu: "1", memory: 256Mi}
    /// ```
    ///
    /// ## References
    /// - Practice K01 (requests and limits on every container).
    /// - checkov CKV_K8S_10, kube-linter unset-cpu-requirements, kube-score
    ///   container-resources, Polaris cpuRequestsMissing.
    pub struct MissingCpuRequest {
        code: "K8S001",
        name: "missing-cpu-request",
        summary: "Container has no CPU request",
        severity: Warning,
        category: Reliability,
        practices: ["K01"],
        peers: [Checkov "CKV_K8S_10", KubeLinter "unset-cpu-requirements", KubeScore "container-resources", Polaris "cpuRequestsMissing"],
        fix: None,
        default: true,
    }
}

impl Rule for MissingCpuRequest {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        check(cx, o, w, c, out, Kind::Requests, "cpu");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports containers (init and sidecar containers included) without a
    /// CPU limit, unless a LimitRange of the same namespace in the run sets
    /// a default one.
    ///
    /// ## Why is this bad?
    /// A container without a CPU limit can take every idle core of its node,
    /// and its neighbours' latency then depends on its load. With requests
    /// and limits on every container the pod's QoS class and its cost are
    /// predictable. Set the limit well above the request when throttling is
    /// a concern; leaving it out is a decision to document with a
    /// suppression.
    ///
    /// ## Example
    /// ```yaml
    /// resources:
    ///   requests: {cpu: 100m, memory: 128Mi}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// resources:
    ///   requests: {cpu: 100m, memory: 128Mi}
    ///   limits: {cpu: "1", memory: 256Mi}
    /// ```
    ///
    /// ## References
    /// - Practice K01.
    /// - checkov CKV_K8S_11, kube-score container-resources, Polaris cpuLimitsMissing.
    pub struct MissingCpuLimit {
        code: "K8S002",
        name: "missing-cpu-limit",
        summary: "Container has no CPU limit",
        severity: Warning,
        category: Efficiency,
        practices: ["K01"],
        peers: [Checkov "CKV_K8S_11", KubeScore "container-resources", Polaris "cpuLimitsMissing"],
        fix: None,
        default: true,
    }
}

impl Rule for MissingCpuLimit {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        check(cx, o, w, c, out, Kind::Limits, "cpu");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports containers (init and sidecar containers included) without a
    /// memory request. An unset request with a memory limit is not
    /// reported (Kubernetes sets it to the limit), nor one a LimitRange of
    /// the same namespace in the run defaults.
    ///
    /// ## Why is this bad?
    /// The scheduler places pods by their requests. Without one, pods pile
    /// onto nodes that then run out of memory, and the kernel's OOM killer
    /// or the kubelet's eviction picks victims among them.
    ///
    /// ## Example
    /// ```yaml
    /// resources:
    ///   requests: {cpu: 100m}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// resources:
    ///   requests: {cpu: 100m, memory: 128Mi}
    ///   limits: {memory: 256Mi}
    /// ```
    ///
    /// ## References
    /// - Practice K01.
    /// - checkov CKV_K8S_12, kube-score container-resources, Polaris memoryRequestsMissing.
    pub struct MissingMemoryRequest {
        code: "K8S003",
        name: "missing-memory-request",
        summary: "Container has no memory request",
        severity: Warning,
        category: Reliability,
        practices: ["K01"],
        peers: [Checkov "CKV_K8S_12", KubeScore "container-resources", Polaris "memoryRequestsMissing"],
        fix: None,
        default: true,
    }
}

impl Rule for MissingMemoryRequest {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        check(cx, o, w, c, out, Kind::Requests, "memory");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports containers (init and sidecar containers included) without a
    /// memory limit, unless a LimitRange of the same namespace in the run
    /// sets a default one.
    ///
    /// ## Why is this bad?
    /// Memory is not compressible: a container without a limit that leaks
    /// grows until the node is under pressure, and the kubelet then evicts
    /// other pods. With a limit, only the leaking container is restarted.
    ///
    /// ## Example
    /// ```yaml
    /// resources:
    ///   requests: {cpu: 100m, memory: 128Mi}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// resources:
    ///   requests: {cpu: 100m, memory: 128Mi}
    ///   limits: {memory: 256Mi}
    /// ```
    ///
    /// ## References
    /// - Practice K01.
    /// - checkov CKV_K8S_13, kube-linter unset-memory-requirements, kube-score
    ///   container-resources, Polaris memoryLimitsMissing.
    pub struct MissingMemoryLimit {
        code: "K8S004",
        name: "missing-memory-limit",
        summary: "Container has no memory limit",
        severity: Warning,
        category: Reliability,
        practices: ["K01"],
        peers: [Checkov "CKV_K8S_13", KubeLinter "unset-memory-requirements", KubeScore "container-resources", Polaris "memoryLimitsMissing"],
        fix: None,
        default: true,
    }
}

impl Rule for MissingMemoryLimit {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        check(cx, o, w, c, out, Kind::Limits, "memory");
    }
}
