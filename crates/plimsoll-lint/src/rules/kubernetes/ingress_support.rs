//! Ingress knowledge shared by K8S082–K8S085: which objects are Ingresses
//! and where their backends point, in both API shapes (practice K18).

use super::helpers::{PortRef, port_ref};
use super::prelude::*;

/// Whether an object is an Ingress (`networking.k8s.io` or the old
/// `extensions` group).
pub(super) fn is_ingress(o: &Object) -> bool {
    o.kind == "Ingress" && matches!(o.group(), "networking.k8s.io" | "extensions")
}

/// A backend that routes to a Service.
#[derive(Debug, Clone)]
pub(super) struct Backend {
    pub service: String,
    pub service_node: NodeId,
    pub port: Option<PortRef>,
    pub port_node: Option<NodeId>,
}

/// The Service backend of a `backend` mapping: `service.name` and
/// `service.port.number|name` (v1), or `serviceName` and `servicePort`
/// (v1beta1). Templated names are dropped.
fn backend(yaml: &YamlFile, node: NodeId) -> Option<Backend> {
    let (service_node, port_node) = match yaml.get(node, "service") {
        Some(svc) => (
            yaml.get(svc, "name")?,
            yaml.path(svc, &["port", "number"])
                .or_else(|| yaml.path(svc, &["port", "name"])),
        ),
        None => (
            yaml.get(node, "serviceName")?,
            yaml.get(node, "servicePort"),
        ),
    };
    let service = yaml
        .str(service_node)
        .filter(|s| !s.is_empty() && !helpers::is_templated(s))?;
    let port = port_node
        .and_then(|p| port_ref(yaml, p))
        .filter(|p| !matches!(p, PortRef::Name(n) if helpers::is_templated(n)));
    Some(Backend {
        service: service.to_string(),
        service_node,
        port: port.clone(),
        port_node: port.and(port_node),
    })
}

/// Every Service backend of an Ingress: the default backend and those of
/// every path of every rule.
pub(super) fn backends(yaml: &YamlFile, o: &Object) -> Vec<Backend> {
    let Some(spec) = o.spec(yaml) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for key in ["defaultBackend", "backend"] {
        if let Some(b) = yaml.get(spec, key).and_then(|n| backend(yaml, n)) {
            out.push(b);
        }
    }
    if let Some(rules) = yaml.get(spec, "rules") {
        for &rule in yaml.items(rules) {
            let Some(paths) = yaml.path(rule, &["http", "paths"]) else {
                continue;
            };
            for &path in yaml.items(paths) {
                if let Some(b) = yaml.get(path, "backend").and_then(|n| backend(yaml, n)) {
                    out.push(b);
                }
            }
        }
    }
    out
}

/// The `metadata.annotations` mapping.
pub(super) fn annotations_node(yaml: &YamlFile, o: &Object) -> Option<NodeId> {
    o.metadata
        .and_then(|m| yaml.get(m, "annotations"))
        .filter(|a| yaml.is_mapping(*a))
}
