use super::prelude::*;
use crate::compose::ports::{PortMapping, is_unspecified_ip};

declare_rule! {
    /// ## What it does
    /// Reports a fixed host port published twice in the merged view of a
    /// project (base file, overrides, includes): by two services, or by one
    /// service for two container ports, on the same protocol and
    /// overlapping addresses (no address or `0.0.0.0` overlaps every
    /// address). Ranges are expanded. A bare container port (`- 80`) and a
    /// host range serving one container port (`8000-8010:80`) take a free
    /// host port and never conflict; ports read from a variable are not
    /// judged; services whose `profiles` never run together are not
    /// compared. A service with several replicas (`deploy.replicas`,
    /// `scale`) publishing a fixed port is reported too.
    ///
    /// The later mapping (in merge order, then file order) is reported,
    /// pointing at the earlier one.
    ///
    /// ## Why is this bad?
    /// The second container fails to start: "Bind for 0.0.0.0:8080
    /// failed: port is already allocated".
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     ports: ["8080:80"]
    ///   admin:
    ///     ports: ["8080:8000"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   admin:
    ///     ports: ["8081:8000"]
    /// ```
    ///
    /// ## References
    /// - Practice X01 (compose ports agree with each other and with the
    ///   images).
    /// - dclint no-duplicate-exported-ports (which also counts bare
    ///   container ports, wrongly).
    pub struct HostPortConflict {
        code: "DC023",
        name: "host-port-conflict",
        summary: "Host port is published twice",
        severity: Error,
        category: Correctness,
        practices: ["X01"],
        peers: [Dclint "no-duplicate-exported-ports"],
        fix: None,
        default: true,
    }
}

struct Published<'x> {
    member: usize,
    service: &'x Service,
    node: NodeId,
    mapping: &'x PortMapping,
}

fn overlapping_ips(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) if !is_unspecified_ip(a) && !is_unspecified_ip(b) => a == b,
        _ => true,
    }
}

impl Rule for HostPortConflict {
    fn check_compose(&self, cx: &ComposeContext<'_>, out: &mut Diagnostics<'_>) {
        let merged = cx.project.merged(cx.member);
        let mut all: Vec<Published<'_>> = Vec::new();
        for &j in &merged {
            for s in &cx.project.member(j).compose().services {
                for p in &s.ports {
                    if let PortSpec::Mapping(m) = &p.spec {
                        all.push(Published {
                            member: j,
                            service: s,
                            node: p.node,
                            mapping: m,
                        });
                    }
                }
            }
        }
        for (i, later) in all.iter().enumerate() {
            if later.member != cx.member {
                continue;
            }
            let ports = later.mapping.fixed_host_ports();
            if ports.is_empty() {
                continue;
            }
            let earlier = all[..i].iter().find(|e| {
                let same_mapping = e.service.name == later.service.name
                    && e.mapping.target == later.mapping.target
                    && e.mapping.published == later.mapping.published;
                !same_mapping
                    && e.mapping.protocol == later.mapping.protocol
                    && overlapping_ips(
                        e.mapping.host_ip.as_deref(),
                        later.mapping.host_ip.as_deref(),
                    )
                    && (e.service.name == later.service.name
                        || e.service.may_run_with(later.service))
                    && e.mapping
                        .fixed_host_ports()
                        .iter()
                        .any(|p| ports.contains(p))
            });
            if let Some(e) = earlier {
                let port = e
                    .mapping
                    .fixed_host_ports()
                    .into_iter()
                    .find(|p| ports.contains(p))
                    .unwrap_or_default();
                let other = if e.service.name == later.service.name {
                    "itself, for another container port".to_string()
                } else {
                    format!("service `{}`", e.service.name)
                };
                let m = cx.project.member(e.member);
                out.add(
                    cx.span(later.node),
                    format!(
                        "{} publishes host port {port}/{}, which {other} already publishes",
                        later.service.display(),
                        later.mapping.protocol
                    ),
                )
                .help("publish a different host port, or bind the two to different addresses")
                .related_in(
                    m.source(),
                    m.yaml().node(e.node).span,
                    "published here first",
                );
                continue;
            }
            if let Some((_, n)) = later.service.replicas(cx.yaml)
                && n > 1
                && later.mapping.fixed_host_ports().len() == 1
            {
                out.add(
                    cx.span(later.node),
                    format!(
                        "{} runs {n} replicas but publishes the fixed host port {}: only one replica can bind it",
                        later.service.display(),
                        ports[0]
                    ),
                )
                .help("publish only the container port (`- \"80\"`) or a host range, or run one replica");
            }
        }
    }
}
