use super::prelude::*;

/// Why a name is not an IANA service name (`IANA_SVC_NAME`), which
/// container port names and named target ports must be.
fn iana_problem(name: &str) -> Option<&'static str> {
    if name.len() > 15 {
        Some("is longer than 15 characters")
    } else if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        Some("may only contain lowercase letters, digits and `-`")
    } else if !name.bytes().any(|b| b.is_ascii_lowercase()) {
        Some("must contain at least one letter")
    } else if name.starts_with('-') || name.ends_with('-') {
        Some("must not start or end with `-`")
    } else if name.contains("--") {
        Some("must not contain `--`")
    } else {
        None
    }
}

/// Why a name is not a DNS-1123 label, which Service port names must be.
fn dns_label_problem(name: &str) -> Option<&'static str> {
    if name.len() > 63 {
        Some("is longer than 63 characters")
    } else if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        Some("may only contain lowercase letters, digits and `-`")
    } else if name.starts_with('-') || name.ends_with('-') {
        Some("must start and end with a letter or digit")
    } else {
        None
    }
}

declare_rule! {
    /// ## What it does
    /// Reports port names the API server rejects:
    ///
    /// - a container port `name` that is not an IANA service name: at most
    ///   15 characters, lowercase letters, digits and `-`, at least one
    ///   letter, no `-` at either end and no `--`;
    /// - a Service `targetPort` given as a string that is not such a name
    ///   (a quoted number such as `"8080"` is a string, hence a name);
    /// - a Service port `name` that is not a DNS-1123 label (the API server
    ///   checks Service port names as labels, which may be up to 63
    ///   characters and need no letter, not as IANA service names);
    /// - an unnamed port of a Service that has several ports.
    ///
    /// Templated values are skipped.
    ///
    /// ## Why is this bad?
    /// The API server rejects the object. Named ports are how Services,
    /// probes and NetworkPolicies refer to container ports, so the names are
    /// held to the service-name syntax.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - name: http_metrics
    ///     containerPort: 9090
    /// ---
    /// kind: Service
    /// spec:
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///     - port: 9090
    ///       targetPort: "9090"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// ports:
    ///   - name: http-metrics
    ///     containerPort: 9090
    /// ---
    /// kind: Service
    /// spec:
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///     - name: metrics
    ///       port: 9090
    ///       targetPort: 9090
    /// ```
    ///
    /// ## References
    /// - Practice K18 (manifests the API server accepts).
    /// - kube-linter invalid-target-ports, kube-score container-ports-check
    ///   (which checks the length of container port names).
    pub struct InvalidPortName {
        code: "K8S075",
        name: "invalid-port-name",
        summary: "Port name the API server rejects",
        severity: Error,
        category: Correctness,
        practices: ["K18"],
        peers: [KubeLinter "invalid-target-ports", KubeScore "container-ports-check"],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidPortName {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        if let Some(w) = &o.workload {
            for c in &w.containers {
                for port in helpers::container_ports(yaml, c) {
                    let Some(node) = yaml.get(port.node, "name") else {
                        continue;
                    };
                    let Some(name) = yaml.str(node).filter(|n| !helpers::is_templated(n)) else {
                        continue;
                    };
                    if let Some(problem) = iana_problem(name) {
                        out.add(
                            cx.span(node),
                            format!(
                                "port name `{name}` of {} of {} {problem}",
                                c.display(),
                                o.display()
                            ),
                        )
                        .help("use at most 15 lowercase letters, digits and single dashes, e.g. `http-metrics`");
                    }
                }
            }
        }
        if o.kind != "Service" || !o.group().is_empty() {
            return;
        }
        let Some(ports) = o.spec(yaml).and_then(|s| yaml.get(s, "ports")) else {
            return;
        };
        let items = yaml.items(ports);
        for &p in items {
            match yaml.get(p, "name") {
                Some(node) => {
                    let name = yaml.str(node).unwrap_or("");
                    if helpers::is_templated(name) {
                        continue;
                    }
                    if name.is_empty() {
                        if items.len() > 1 {
                            unnamed(cx, o, p, out);
                        }
                    } else if let Some(problem) = dns_label_problem(name) {
                        out.add(
                            cx.span(node),
                            format!("port name `{name}` of {} {problem}", o.display()),
                        )
                        .help("use lowercase letters, digits and dashes, e.g. `http-metrics`");
                    }
                }
                None if items.len() > 1 && yaml.is_mapping(p) => unnamed(cx, o, p, out),
                None => {}
            }
            if let Some(target) = yaml.get(p, "targetPort")
                && helpers::k8s_int(yaml, target).is_none()
                && let Some(name) = yaml
                    .str(target)
                    .filter(|n| !n.is_empty() && !helpers::is_templated(n))
                && let Some(problem) = iana_problem(name)
            {
                let message = if name.bytes().all(|b| b.is_ascii_digit()) {
                    format!(
                        "`targetPort: \"{name}\"` of {} is a string, so a port name, and a port name {problem}",
                        o.display()
                    )
                } else {
                    format!("target port name `{name}` of {} {problem}", o.display())
                };
                out.add(cx.span(target), message)
                    .help("write the port number unquoted, or use a valid container port name");
            }
        }
    }
}

fn unnamed(cx: &K8sContext<'_>, o: &Object, port: NodeId, out: &mut Diagnostics<'_>) {
    let what = cx
        .yaml
        .get(port, "port")
        .and_then(|n| cx.yaml.str(n))
        .map_or_else(|| "a port".to_string(), |p| format!("port {p}"));
    out.add(
        cx.span(port),
        format!(
            "{what} of {} has no name, but a Service with several ports must name each",
            o.display()
        ),
    )
    .help("add a `name` to every port of the Service");
}

#[cfg(test)]
mod tests {
    use super::{dns_label_problem, iana_problem};

    #[test]
    fn iana_service_names() {
        for ok in [
            "http",
            "http-metrics",
            "h2c",
            "a",
            "web-8080",
            "123456789012345a"[1..].as_ref(),
        ] {
            assert_eq!(iana_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "8080",
            "http_metrics",
            "HTTP",
            "-http",
            "http-",
            "http--x",
            "prometheus-metrics",
        ] {
            assert!(iana_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn dns_labels() {
        assert_eq!(dns_label_problem("prometheus-http-metrics"), None);
        assert_eq!(dns_label_problem("443"), None);
        assert!(dns_label_problem("HTTP").is_some());
        assert!(dns_label_problem("-x").is_some());
        assert!(dns_label_problem(&"a".repeat(64)).is_some());
    }
}
