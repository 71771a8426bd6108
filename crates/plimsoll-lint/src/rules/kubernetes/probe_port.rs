use super::helpers::{PortRef, container_ports, port_matches, port_ref};
use super::prelude::*;
use plimsoll_diagnostics::Severity;

fn probe_label(field: &str) -> &'static str {
    match field {
        "startupProbe" => "startup probe",
        "readinessProbe" => "readiness probe",
        _ => "liveness probe",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a probe (`httpGet`, `tcpSocket` or `grpc`) of a main or
    /// sidecar container whose `port` the container does not declare:
    ///
    /// - a port **name** missing from the container's own `ports` is an
    ///   error: the kubelet resolves names in the container's list only, so
    ///   the probe can never succeed. A quoted number (`port: "8080"`) is a
    ///   name for Kubernetes, and reported the same way;
    /// - a port **number** that the container does not list while it lists
    ///   others is a warning, since the process may listen on a port it does
    ///   not declare. A number another container of the pod declares, a
    ///   container that declares no ports, probes with an explicit `host`,
    ///   and templated values are not reported.
    ///
    /// ## Why is this bad?
    /// A readiness probe on the wrong port keeps the pod out of its Services
    /// forever and stalls rollouts; a liveness or startup probe on it
    /// restarts the container in a loop. The mismatch usually follows a port
    /// renamed or renumbered on one side only.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - name: web
    ///     containerPort: 8080
    /// readinessProbe:
    ///   httpGet: {path: /ready, port: http}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// ports:
    ///   - name: web
    ///     containerPort: 8080
    /// readinessProbe:
    ///   httpGet: {path: /ready, port: web}
    /// ```
    ///
    /// ## References
    /// - Practices K02 (probes) and K18 (wiring between ports and their users).
    /// - kube-linter liveness-port, readiness-port and startup-port.
    pub struct ProbePortNotExposed {
        code: "K8S012",
        name: "probe-port-not-exposed",
        summary: "Probe targets a port the container does not declare",
        severity: Error,
        category: Correctness,
        practices: ["K02", "K18"],
        peers: [KubeLinter "liveness-port", KubeLinter "readiness-port", KubeLinter "startup-port"],
        fix: None,
        default: true,
    }
}

impl Rule for ProbePortNotExposed {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        if !c.role.is_long_running() {
            return;
        }
        let yaml = cx.yaml;
        let ports = container_ports(yaml, c);
        for (field, probe) in helpers::probes(yaml, c) {
            let Some(handler) = ["httpGet", "tcpSocket", "grpc"]
                .iter()
                .find_map(|h| yaml.get(probe, h).filter(|n| yaml.is_mapping(*n)))
            else {
                continue;
            };
            // A probe of another host checks that host's port.
            if yaml
                .get(handler, "host")
                .and_then(|h| yaml.str(h))
                .is_some_and(|h| !h.is_empty())
            {
                continue;
            }
            let Some(node) = yaml.get(handler, "port") else {
                continue;
            };
            let Some(port) = port_ref(yaml, node) else {
                continue;
            };
            if port_matches(&port, &ports) {
                continue;
            }
            let declared = ports
                .iter()
                .map(|p| match (&p.name, p.number) {
                    (Some(name), Some(n)) => format!("{name} ({n})"),
                    (None, Some(n)) => n.to_string(),
                    (Some(name), None) => name.clone(),
                    (None, None) => "?".into(),
                })
                .collect::<Vec<_>>()
                .join(", ");
            let what = format!(
                "the {} of {} of {}",
                probe_label(field),
                c.display(),
                o.display()
            );
            match &port {
                PortRef::Name(name) if helpers::is_templated(name) => {}
                PortRef::Name(name) => {
                    let message = if name.parse::<u16>().is_ok() {
                        format!(
                            "{what} targets port `\"{name}\"`, a quoted number that Kubernetes reads as a port name, and no port has that name"
                        )
                    } else if ports.is_empty() {
                        format!("{what} targets port `{name}`, but the container declares no ports")
                    } else {
                        format!(
                            "{what} targets port `{name}`, but the container has no port named `{name}` (it declares {declared})"
                        )
                    };
                    out.add(cx.span(node), message)
                        .help(if name.parse::<u16>().is_ok() {
                            "write the port number without quotes"
                        } else {
                            "name a port the container declares in `ports`, or use its number"
                        });
                }
                PortRef::Number(n) => {
                    let elsewhere = w
                        .regular_containers()
                        .flat_map(|other| container_ports(yaml, other))
                        .any(|p| p.number == Some(*n));
                    if ports.is_empty() || elsewhere {
                        continue;
                    }
                    out.add(
                        cx.span(node),
                        format!(
                            "{what} targets port {n}, but the container declares only {declared}"
                        ),
                    )
                    .severity(Severity::Warning)
                    .help("probe a port the container declares, or add this one to `ports`");
                }
            }
        }
    }
}
