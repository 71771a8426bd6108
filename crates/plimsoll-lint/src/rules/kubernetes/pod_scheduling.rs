//! K8S108 and K8S109: opt-in checks on ports below 1024 and priority
//! classes.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports container ports below 1024. Off by default.
    ///
    /// ## Why is this bad?
    /// Binding a port below 1024 traditionally needs root or
    /// `CAP_NET_BIND_SERVICE`, which pushes images toward running as root.
    /// Current container runtimes lower `net.ipv4.ip_unprivileged_port_start`
    /// to 0 inside containers, so this is a portability concern rather than
    /// a failure: on runtimes that do not, a non-root process cannot bind.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - containerPort: 80
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// ports:
    ///   - containerPort: 8080
    /// ```
    ///
    /// and map port 80 in the Service (`port: 80`, `targetPort: 8080`).
    ///
    /// ## References
    /// - Practice K03 (non-root containers).
    /// - kube-linter privileged-ports.
    pub struct PrivilegedPort {
        code: "K8S108",
        name: "privileged-port",
        summary: "Container listens on a port below 1024",
        severity: Info,
        category: Security,
        practices: ["K03"],
        peers: [KubeLinter "privileged-ports"],
        fix: None,
        default: false,
    }
}

impl Rule for PrivilegedPort {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        for port in helpers::container_ports(cx.yaml, c) {
            let Some(n) = port.number.filter(|n| (1..1024).contains(n)) else {
                continue;
            };
            let span = cx
                .yaml
                .get(port.node, "containerPort")
                .map_or_else(|| cx.span(port.node), |p| cx.span(p));
            out.add(
                span,
                format!(
                    "{} of {} listens on port {n}, below 1024",
                    c.display(),
                    o.display()
                ),
            )
            .help("listen on a port of 1024 or above and map the low port in the Service");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports long-running workloads without `priorityClassName`. Off by
    /// default: priority classes are a cluster policy.
    ///
    /// ## Why is this bad?
    /// When nodes run out of resources, the scheduler preempts and the
    /// kubelet evicts lower-priority pods first. Without a class every pod
    /// has priority 0, so a batch job can displace the checkout service.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   template:
    ///     spec:
    ///       containers: [...]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   template:
    ///     spec:
    ///       priorityClassName: business-critical
    ///       containers: [...]
    /// ```
    ///
    /// ## References
    /// - Practice K09 (workloads survive disruption).
    /// - kube-linter priority-class-name, Polaris priorityClassNotSet.
    pub struct MissingPriorityClass {
        code: "K8S109",
        name: "missing-priority-class",
        summary: "Workload has no priority class",
        severity: Info,
        category: Reliability,
        practices: ["K09"],
        peers: [KubeLinter "priority-class-name", Polaris "priorityClassNotSet"],
        fix: None,
        default: false,
    }
}

impl Rule for MissingPriorityClass {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        if !w.kind.is_long_running() || helpers::is_fragment(cx, o) {
            return;
        }
        if cx.yaml.get(w.spec, "priorityClassName").is_none() {
            out.add(
                cx.pod_spec_span(o, w),
                format!("{} sets no `priorityClassName`", o.display()),
            )
            .help("set `priorityClassName` to one of the cluster's PriorityClasses");
        }
    }
}
