use super::helpers::{Port, PortRef, container_ports, port_ref};
use super::prelude::*;

/// What a probe checks, normalised: defaults filled in, named ports
/// resolved to the container's numbers, header order ignored.
#[derive(Debug, PartialEq, Eq)]
enum Handler {
    Http {
        scheme: String,
        host: String,
        port: Option<PortRef>,
        path: String,
        headers: Vec<(String, String)>,
    },
    Tcp {
        host: String,
        port: Option<PortRef>,
    },
    Grpc {
        port: Option<PortRef>,
        service: String,
    },
    Exec {
        command: Vec<String>,
    },
}

impl Handler {
    fn describe(&self) -> String {
        let port = |p: &Option<PortRef>| p.as_ref().map_or("?".into(), ToString::to_string);
        match self {
            Handler::Http { path, port: p, .. } => format!("HTTP GET {path} on port {}", port(p)),
            Handler::Tcp { port: p, .. } => format!("TCP connect to port {}", port(p)),
            Handler::Grpc { port: p, .. } => format!("gRPC health check on port {}", port(p)),
            Handler::Exec { command } => format!("command `{}`", command.join(" ")),
        }
    }
}

fn text(yaml: &YamlFile, map: NodeId, key: &str) -> String {
    yaml.get(map, key)
        .and_then(|n| yaml.str(n))
        .unwrap_or("")
        .to_string()
}

/// A port reference with a named port replaced by its number.
fn resolved_port(yaml: &YamlFile, map: NodeId, ports: &[Port]) -> Option<PortRef> {
    let port = port_ref(yaml, yaml.get(map, "port")?)?;
    Some(match &port {
        PortRef::Name(name) => ports
            .iter()
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .and_then(|p| p.number)
            .map_or(port.clone(), PortRef::Number),
        PortRef::Number(_) => port,
    })
}

fn handler(yaml: &YamlFile, probe: NodeId, ports: &[Port]) -> Option<Handler> {
    if let Some(h) = yaml.get(probe, "httpGet").filter(|n| yaml.is_mapping(*n)) {
        let path = text(yaml, h, "path");
        let scheme = text(yaml, h, "scheme").to_ascii_uppercase();
        let mut headers: Vec<(String, String)> = yaml
            .get(h, "httpHeaders")
            .map(|list| {
                yaml.items(list)
                    .iter()
                    .map(|&i| {
                        (
                            text(yaml, i, "name").to_ascii_lowercase(),
                            text(yaml, i, "value"),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        headers.sort();
        return Some(Handler::Http {
            scheme: if scheme.is_empty() {
                "HTTP".into()
            } else {
                scheme
            },
            host: text(yaml, h, "host"),
            port: resolved_port(yaml, h, ports),
            path: if path.is_empty() { "/".into() } else { path },
            headers,
        });
    }
    if let Some(h) = yaml.get(probe, "tcpSocket").filter(|n| yaml.is_mapping(*n)) {
        return Some(Handler::Tcp {
            host: text(yaml, h, "host"),
            port: resolved_port(yaml, h, ports),
        });
    }
    if let Some(h) = yaml.get(probe, "grpc").filter(|n| yaml.is_mapping(*n)) {
        return Some(Handler::Grpc {
            port: resolved_port(yaml, h, ports),
            service: text(yaml, h, "service"),
        });
    }
    if let Some(h) = yaml.get(probe, "exec").filter(|n| yaml.is_mapping(*n)) {
        let command: Vec<String> = yaml
            .get(h, "command")
            .map(|list| {
                yaml.items(list)
                    .iter()
                    .filter_map(|&i| yaml.str(i).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        return (!command.is_empty()).then_some(Handler::Exec { command });
    }
    None
}

declare_rule! {
    /// ## What it does
    /// Reports a container (main or sidecar) whose liveness and readiness
    /// probes run the same check: the same handler with the same target,
    /// compared by meaning rather than text (a named port equals the number
    /// it names, an empty HTTP path equals `/`, the default scheme is
    /// `HTTP`, header order does not matter). Timing fields such as
    /// `periodSeconds` and `failureThreshold` are not compared: a liveness
    /// probe that calls the readiness check, only more patiently, has the
    /// same problem.
    ///
    /// ## Why is this bad?
    /// Readiness should fail when the pod cannot serve, which often depends
    /// on a database or a downstream service; liveness should fail only when
    /// the process itself is broken. With one check for both, a dependency
    /// outage makes every replica fail liveness and restart at the same
    /// time, turning a degraded service into a crash loop, and the restarts
    /// cannot fix the dependency.
    ///
    /// ## Example
    /// ```yaml
    /// readinessProbe:
    ///   httpGet: {path: /health, port: http}
    /// livenessProbe:
    ///   httpGet: {path: /health, port: 8080}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// readinessProbe:
    ///   httpGet: {path: /ready, port: http}
    /// livenessProbe:
    ///   httpGet: {path: /livez, port: http}
    /// ```
    ///
    /// Or drop the liveness probe when the process exits on fatal errors.
    ///
    /// ## References
    /// - Practice K02 (liveness checks the process, readiness its dependencies).
    /// - kube-score pod-probes-identical.
    pub struct IdenticalLivenessReadinessProbes {
        code: "K8S011",
        name: "identical-liveness-readiness-probes",
        summary: "Liveness and readiness probes run the same check",
        severity: Warning,
        category: Reliability,
        practices: ["K02"],
        peers: [KubeScore "pod-probes-identical"],
        fix: None,
        default: true,
    }
}

impl Rule for IdenticalLivenessReadinessProbes {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        if !c.role.is_long_running() {
            return;
        }
        let yaml = cx.yaml;
        let probe = |key: &str| c.get(yaml, key).filter(|n| yaml.is_mapping(*n));
        let (Some(liveness), Some(readiness)) = (probe("livenessProbe"), probe("readinessProbe"))
        else {
            return;
        };
        let ports = container_ports(yaml, c);
        let (Some(l), Some(r)) = (
            handler(yaml, liveness, &ports),
            handler(yaml, readiness, &ports),
        ) else {
            return;
        };
        if l != r {
            return;
        }
        let key_span = |key: &str| {
            yaml.key_node(c.node, key)
                .map_or_else(|| cx.container_span(c), |k| yaml.node(k).span)
        };
        out.add(
            key_span("livenessProbe"),
            format!(
                "the liveness and readiness probes of {} of {} run the same check ({})",
                c.display(),
                o.display(),
                l.describe()
            ),
        )
        .related(key_span("readinessProbe"), "the readiness probe")
        .help("give liveness a check of the process alone (or drop it), and keep dependency checks in readiness");
    }
}
