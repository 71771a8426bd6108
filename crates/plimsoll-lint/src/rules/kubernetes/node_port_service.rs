use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Service of `type: NodePort`. LoadBalancer Services, which
    /// also allocate node ports, are not reported: exposing them is their
    /// purpose and the load balancer is where access is controlled.
    ///
    /// ## Why is this bad?
    /// A NodePort Service opens its port on every node of the cluster, on
    /// every node address, usually outside any load balancer, TLS
    /// termination or firewall rule made for the application. Node ports
    /// come from a small shared range, and clients that use them depend on
    /// node addresses, which change.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// spec:
    ///   type: NodePort
    ///   ports:
    ///     - port: 80
    ///       nodePort: 30080
    /// ```
    ///
    /// ## Use instead
    /// A `ClusterIP` Service behind an Ingress or Gateway, or a
    /// `LoadBalancer` Service when the application must be reached directly.
    ///
    /// ## References
    /// - Practice K15 (no unnecessary exposure).
    /// - kube-score service-type; kube-linter exposed-services (which reports
    ///   LoadBalancer Services too).
    pub struct NodePortService {
        code: "K8S086",
        name: "node-port-service",
        summary: "Service opens a port on every node",
        severity: Info,
        category: Security,
        practices: ["K15"],
        peers: [KubeScore "service-type", KubeLinter "exposed-services"],
        fix: None,
        default: true,
    }
}

impl Rule for NodePortService {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if o.kind != "Service" || !o.group().is_empty() {
            return;
        }
        let Some(spec) = o.spec(cx.yaml) else {
            return;
        };
        if cx.yaml.get(spec, "type").and_then(|t| cx.yaml.str(t)) != Some("NodePort") {
            return;
        }
        let span = cx
            .entry_span(spec, "type")
            .unwrap_or_else(|| cx.object_span(o));
        out.add(
            span,
            format!(
                "{} is a NodePort Service: its port is open on every node",
                o.display()
            ),
        )
        .help("use a ClusterIP Service behind an Ingress or Gateway, or a LoadBalancer Service");
    }
}
