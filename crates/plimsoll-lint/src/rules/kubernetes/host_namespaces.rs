//! K8S022–K8S024: pods that share the node's network, process or IPC
//! namespace.

use super::prelude::*;

/// Reports `key: true` on the pod spec.
fn check(
    cx: &K8sContext<'_>,
    o: &Object,
    w: &Workload,
    out: &mut Diagnostics<'_>,
    key: &str,
    what: &str,
    help: &str,
) {
    let Some(node) = helpers::pod_flag(cx.yaml, w, key) else {
        return;
    };
    let span = cx.entry_span(w.spec, key).unwrap_or_else(|| cx.span(node));
    let written = cx.yaml.str(node).unwrap_or("true");
    out.add(
        span,
        format!(
            "{} shares the node's {what} (`{key}: {written}`)",
            o.display()
        ),
    )
    .help(help.to_string());
}

declare_rule! {
    /// ## What it does
    /// Reports pods and pod templates with `hostNetwork: true` (also
    /// written `yes`/`on`). `false`, a missing field and templated values
    /// are not reported.
    ///
    /// ## Why is this bad?
    /// The pod uses the node's network stack: it sees all the node's
    /// interfaces and traffic, can bind any node port, reaches services that
    /// listen on localhost only (the kubelet's read-only port, cloud
    /// metadata proxies), and bypasses NetworkPolicies. Only node-level
    /// networking agents (CNI plugins, kube-proxy) need it.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   hostNetwork: true
    /// ```
    ///
    /// ## Use instead
    /// Remove `hostNetwork` and expose the port through a Service (a
    /// `NodePort` or `LoadBalancer` when it must be reachable from outside).
    ///
    /// ## References
    /// - Practice K15 (no host namespaces).
    /// - checkov CKV_K8S_19, kube-linter host-network, Polaris hostNetworkSet.
    pub struct HostNetwork {
        code: "K8S022",
        name: "host-network",
        summary: "Pod uses the node's network namespace",
        severity: Error,
        category: Security,
        practices: ["K15"],
        peers: [Checkov "CKV_K8S_19", KubeLinter "host-network", Polaris "hostNetworkSet"],
        fix: None,
        default: true,
    }
}

impl Rule for HostNetwork {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        check(
            cx,
            o,
            w,
            out,
            "hostNetwork",
            "network namespace",
            "remove `hostNetwork: true` and expose ports through a Service",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports pods and pod templates with `hostPID: true` (also written
    /// `yes`/`on`). `false`, a missing field and templated values are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// The pod sees every process of the node: their command lines and
    /// environment (often holding secrets), and, as root or with
    /// `SYS_PTRACE`, can signal or trace them, or enter their namespaces
    /// through `/proc/<pid>/root`: a direct path out of the container.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   hostPID: true
    /// ```
    ///
    /// ## Use instead
    /// Remove `hostPID`. To share processes between the containers of one
    /// pod, use `shareProcessNamespace: true`.
    ///
    /// ## References
    /// - Practice K15 (no host namespaces).
    /// - checkov CKV_K8S_17, kube-linter host-pid, Polaris hostPIDSet.
    pub struct HostPid {
        code: "K8S023",
        name: "host-pid",
        summary: "Pod uses the node's process namespace",
        severity: Error,
        category: Security,
        practices: ["K15"],
        peers: [Checkov "CKV_K8S_17", KubeLinter "host-pid", Polaris "hostPIDSet"],
        fix: None,
        default: true,
    }
}

impl Rule for HostPid {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        check(
            cx,
            o,
            w,
            out,
            "hostPID",
            "process namespace",
            "remove `hostPID: true`; use `shareProcessNamespace` to share processes within the pod",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports pods and pod templates with `hostIPC: true` (also written
    /// `yes`/`on`). `false`, a missing field and templated values are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// The pod shares the node's System V IPC and POSIX shared memory: it
    /// can read and corrupt the shared memory segments and message queues of
    /// every process on the node that uses them, databases included.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   hostIPC: true
    /// ```
    ///
    /// ## Use instead
    /// Remove `hostIPC`. Containers of one pod already share an IPC
    /// namespace; for more shared memory, mount an `emptyDir` with `medium:
    /// Memory` at `/dev/shm`.
    ///
    /// ## References
    /// - Practice K15 (no host namespaces).
    /// - checkov CKV_K8S_18, kube-linter host-ipc, Polaris hostIPCSet.
    pub struct HostIpc {
        code: "K8S024",
        name: "host-ipc",
        summary: "Pod uses the node's IPC namespace",
        severity: Error,
        category: Security,
        practices: ["K15"],
        peers: [Checkov "CKV_K8S_18", KubeLinter "host-ipc", Polaris "hostIPCSet"],
        fix: None,
        default: true,
    }
}

impl Rule for HostIpc {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        check(
            cx,
            o,
            w,
            out,
            "hostIPC",
            "IPC namespace",
            "remove `hostIPC: true`; containers of a pod already share IPC",
        );
    }
}
