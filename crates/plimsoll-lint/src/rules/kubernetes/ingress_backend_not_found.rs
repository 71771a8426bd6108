use super::helpers::PortRef;
use super::ingress_support::{backends, is_ingress};
use super::prelude::*;

/// The ports a Service exposes, `(name, port)`; `None` when they cannot be
/// judged (missing, or templated).
fn service_ports(yaml: &YamlFile, svc: &Object) -> Option<Vec<(Option<String>, Option<i64>)>> {
    let ports = svc.spec(yaml).and_then(|s| yaml.get(s, "ports"))?;
    let mut out = Vec::new();
    for &p in yaml.items(ports) {
        let name = yaml.get(p, "name").and_then(|n| yaml.str(n));
        let number_node = yaml.get(p, "port");
        let number = number_node.and_then(|n| helpers::k8s_int(yaml, n));
        let templated = name.is_some_and(helpers::is_templated)
            || (number.is_none()
                && number_node
                    .and_then(|n| yaml.str(n))
                    .is_some_and(helpers::is_templated));
        if templated {
            return None;
        }
        out.push((name.filter(|n| !n.is_empty()).map(str::to_string), number));
    }
    (!out.is_empty()).then_some(out)
}

declare_rule! {
    /// ## What it does
    /// Reports an Ingress backend that routes to a Service that does not
    /// exist or to a port that Service does not expose. Both API shapes are
    /// read: `service.name` with `service.port.number` or
    /// `service.port.name` (`networking.k8s.io/v1`), and `serviceName` with
    /// `servicePort` (`v1beta1`), for `defaultBackend` (`backend`) and every
    /// path. A missing Service is reported only when the run holds other
    /// Services of the Ingress's namespace (otherwise it may be deployed by
    /// other means); a port is checked against the Service's `port` numbers
    /// and port names. Templated values and `resource` backends are not
    /// judged.
    ///
    /// ## Why is this bad?
    /// The controller has nowhere to send the traffic: clients get 503 (or
    /// 404) for that host and path, usually after a Service or its port was
    /// renamed on one side only.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata: {name: web}
    /// spec:
    ///   ports:
    ///     - name: http
    ///       port: 80
    /// ---
    /// kind: Ingress
    /// spec:
    ///   defaultBackend:
    ///     service:
    ///       name: web
    ///       port:
    ///         number: 8080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   defaultBackend:
    ///     service:
    ///       name: web
    ///       port:
    ///         name: http
    /// ```
    ///
    /// ## References
    /// - Practice K18 (Ingress routes to an existing Service port).
    /// - kube-linter dangling-ingress, kube-score ingress-targets-service.
    pub struct IngressBackendNotFound {
        code: "K8S082",
        name: "ingress-backend-not-found",
        summary: "Ingress routes to a Service or port that does not exist",
        severity: Error,
        category: Correctness,
        practices: ["K18"],
        peers: [KubeLinter "dangling-ingress", KubeScore "ingress-targets-service"],
        fix: None,
        default: true,
    }
}

impl Rule for IngressBackendNotFound {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if !is_ingress(o) {
            return;
        }
        let from = (cx.parsed, o);
        for b in backends(cx.yaml, o) {
            let Some(svc) = cx.cluster.find("Service", from, &b.service) else {
                if cx.cluster.has_related("Service", from) && !cx.cluster.is_patch(cx.parsed) {
                    out.add(
                        cx.span(b.service_node),
                        format!(
                            "{} routes to Service `{}`, which is not in the run (other Services of its namespace are)",
                            o.display(),
                            b.service
                        ),
                    )
                    .help("correct the Service name, or add the Service");
                }
                continue;
            };
            let (Some(port), Some(port_node)) = (&b.port, b.port_node) else {
                continue;
            };
            let Some(svc_yaml) = svc.file.yaml().map(|m| &m.yaml) else {
                continue;
            };
            let Some(ports) = service_ports(svc_yaml, svc.object) else {
                continue;
            };
            let found = ports.iter().any(|(name, number)| match port {
                PortRef::Number(n) => *number == Some(*n),
                PortRef::Name(s) => name.as_deref() == Some(s.as_str()),
            });
            if found {
                continue;
            }
            let listed = ports
                .iter()
                .map(|(name, number)| match (name, number) {
                    (Some(name), Some(n)) => format!("{name} ({n})"),
                    (None, Some(n)) => n.to_string(),
                    (Some(name), None) => name.clone(),
                    (None, None) => "?".into(),
                })
                .collect::<Vec<_>>()
                .join(", ");
            let what = match port {
                PortRef::Number(n) => format!("port {n}"),
                PortRef::Name(s) => format!("a port named `{s}`"),
            };
            let svc_span = svc
                .object
                .metadata
                .and_then(|m| svc_yaml.get(m, "name"))
                .map_or_else(Span::default, |n| svc_yaml.node(n).span);
            out.add(
                cx.span(port_node),
                format!(
                    "{} routes to {what} of Service `{}`, which exposes no such port",
                    o.display(),
                    b.service
                ),
            )
            .related_in(
                &svc.file.source,
                svc_span,
                format!("Service `{}` exposes: {listed}", b.service),
            )
            .help("use a `port` number or port name the Service declares");
        }
    }
}
