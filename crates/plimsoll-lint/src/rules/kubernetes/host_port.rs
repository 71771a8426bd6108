use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports container ports with a non-zero `hostPort`, in main, init and
    /// sidecar containers. `hostPort: 0` (the same as none; checkov reports
    /// it) and templated values are not reported. In a pod with
    /// `hostNetwork: true` (K8S022) every port is the node's anyway; an
    /// explicit `hostPort` there is still reported, as the port it claims.
    ///
    /// ## Why is this bad?
    /// A host port binds the container to that port on the node's address:
    /// it bypasses the Service layer and, with most CNI plugins,
    /// NetworkPolicies; it exposes the pod wherever the node is reachable;
    /// and only one pod per node can hold the port, so replicas stay
    /// Pending and rolling updates stall.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - containerPort: 8080
    ///     hostPort: 8080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// ports:
    ///   - containerPort: 8080
    /// ```
    /// Expose it through a Service (`NodePort` or `LoadBalancer` for outside
    /// traffic).
    ///
    /// ## References
    /// - Practice K15 (no host ports).
    /// - checkov CKV_K8S_26, Polaris hostPortSet.
    pub struct HostPort {
        code: "K8S025",
        name: "host-port",
        summary: "Container binds a port on the node",
        severity: Warning,
        category: Security,
        practices: ["K15"],
        peers: [Checkov "CKV_K8S_26", Polaris "hostPortSet"],
        fix: None,
        default: true,
    }
}

impl Rule for HostPort {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        let host_network = helpers::pod_flag(yaml, w, "hostNetwork").is_some();
        for c in w.regular_containers() {
            for port in helpers::container_ports(yaml, c) {
                let Some(node) = yaml.get(port.node, "hostPort") else {
                    continue;
                };
                let Some(host_port) = helpers::k8s_int(yaml, node).filter(|p| *p != 0) else {
                    continue;
                };
                let span = cx
                    .entry_span(port.node, "hostPort")
                    .unwrap_or_else(|| cx.span(node));
                out.add(
                    span,
                    format!(
                        "{} of {} binds port {host_port} on the node (`hostPort`)",
                        c.display(),
                        o.display()
                    ),
                )
                .help(if host_network {
                    "with `hostNetwork: true` the pod owns every node port: drop both and expose the port through a Service"
                } else {
                    "remove `hostPort` and expose the port through a Service"
                });
            }
        }
    }
}
