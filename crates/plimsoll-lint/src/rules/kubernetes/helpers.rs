//! Knowledge shared by the Kubernetes rules: effective security settings,
//! container ports, probes, images, references to other objects.

use crate::k8s::{Container, Object, Workload};
use crate::rule::K8sContext;
use plimsoll_syntax::yaml::{NodeId, YamlFile};

/// A value and the node it came from.
#[derive(Debug, Clone, Copy)]
pub struct Sourced<T> {
    pub value: T,
    pub node: NodeId,
}

/// The pod's `securityContext` mapping.
pub fn pod_security_context(yaml: &YamlFile, w: &Workload) -> Option<NodeId> {
    yaml.get(w.spec, "securityContext")
        .filter(|n| yaml.is_mapping(*n))
}

/// The container's `securityContext` mapping.
pub fn container_security_context(yaml: &YamlFile, c: &Container) -> Option<NodeId> {
    yaml.get(c.node, "securityContext")
        .filter(|n| yaml.is_mapping(*n))
}

/// A boolean of the container's security context (no pod-level fallback).
pub fn container_bool(yaml: &YamlFile, c: &Container, key: &str) -> Option<Sourced<bool>> {
    let n = container_security_context(yaml, c).and_then(|sc| yaml.get(sc, key))?;
    Some(Sourced {
        value: k8s_bool(yaml, n)?,
        node: n,
    })
}

/// A boolean as Kubernetes reads it (YAML 1.1: `yes`/`on` too).
pub fn k8s_bool(yaml: &YamlFile, node: NodeId) -> Option<bool> {
    match plimsoll_syntax::yaml::go_yaml_v2_type(yaml.str(node)?) {
        plimsoll_syntax::yaml::GoYamlType::Bool(b) if is_plain(yaml, node) => Some(b),
        _ => None,
    }
}

/// An integer as Kubernetes reads it.
pub fn k8s_int(yaml: &YamlFile, node: NodeId) -> Option<i64> {
    match plimsoll_syntax::yaml::go_yaml_v2_type(yaml.str(node)?) {
        plimsoll_syntax::yaml::GoYamlType::Int(i) if is_plain(yaml, node) => Some(i),
        _ => None,
    }
}

fn is_plain(yaml: &YamlFile, node: NodeId) -> bool {
    matches!(
        yaml.kind(node),
        plimsoll_syntax::yaml::NodeKind::Scalar {
            style: plimsoll_syntax::yaml::ScalarStyle::Plain,
            ..
        }
    )
}

/// A pod-spec boolean field set to true (`hostNetwork: true`).
pub fn pod_flag(yaml: &YamlFile, w: &Workload, key: &str) -> Option<NodeId> {
    yaml.get(w.spec, key)
        .filter(|n| k8s_bool(yaml, *n) == Some(true))
}

/// Strings of a sequence field (`capabilities.drop`).
pub fn string_items(yaml: &YamlFile, node: Option<NodeId>) -> Vec<(String, NodeId)> {
    node.map(|n| {
        yaml.items(n)
            .iter()
            .filter_map(|&i| yaml.str(i).map(|s| (s.to_string(), i)))
            .collect()
    })
    .unwrap_or_default()
}

/// A declared container port.
#[derive(Debug, Clone)]
pub struct Port {
    pub name: Option<String>,
    pub number: Option<i64>,
    pub protocol: String,
    pub node: NodeId,
}

/// The `ports` a container declares.
pub fn container_ports(yaml: &YamlFile, c: &Container) -> Vec<Port> {
    let Some(list) = yaml.get(c.node, "ports") else {
        return Vec::new();
    };
    yaml.items(list)
        .iter()
        .map(|&p| Port {
            name: yaml
                .get(p, "name")
                .and_then(|n| yaml.str(n))
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            number: yaml.get(p, "containerPort").and_then(|n| k8s_int(yaml, n)),
            protocol: yaml
                .get(p, "protocol")
                .and_then(|n| yaml.str(n))
                .unwrap_or("TCP")
                .to_string(),
            node: p,
        })
        .collect()
}

/// A port reference: a number or a named port (`targetPort`, probe `port`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortRef {
    Number(i64),
    Name(String),
}

impl std::fmt::Display for PortRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PortRef::Number(n) => write!(f, "{n}"),
            PortRef::Name(n) => write!(f, "`{n}`"),
        }
    }
}

pub fn port_ref(yaml: &YamlFile, node: NodeId) -> Option<PortRef> {
    if let Some(n) = k8s_int(yaml, node) {
        return Some(PortRef::Number(n));
    }
    // A quoted number stays a string for the API: a (badly) named port.
    let s = yaml.str(node)?;
    (!s.is_empty()).then(|| PortRef::Name(s.to_string()))
}

/// Whether a port reference resolves among a container's ports.
pub fn port_matches(port: &PortRef, ports: &[Port]) -> bool {
    ports.iter().any(|p| match port {
        PortRef::Number(n) => p.number == Some(*n),
        PortRef::Name(name) => p.name.as_deref() == Some(name.as_str()),
    })
}

/// The probes of a container that are set: `(field, node)`.
pub fn probes(yaml: &YamlFile, c: &Container) -> Vec<(&'static str, NodeId)> {
    ["startupProbe", "readinessProbe", "livenessProbe"]
        .into_iter()
        .filter_map(|f| {
            yaml.get(c.node, f)
                .filter(|n| yaml.is_mapping(*n))
                .map(|n| (f, n))
        })
        .collect()
}

/// Whether a string holds template syntax another tool substitutes before
/// Kubernetes sees it (`${VAR}`, `{{ .Values.x }}`, `$(VAR)`): such values
/// are not judged.
pub fn is_templated(text: &str) -> bool {
    text.contains("${") || text.contains("{{") || text.contains("$(")
}

/// The name of the ServiceAccount a pod runs as (`default` when unset).
pub fn service_account_name<'y>(yaml: &'y YamlFile, w: &Workload) -> (Option<NodeId>, &'y str) {
    for key in ["serviceAccountName", "serviceAccount"] {
        if let Some(n) = yaml.get(w.spec, key)
            && let Some(s) = yaml.str(n).filter(|s| !s.is_empty())
        {
            return (Some(n), s);
        }
    }
    (None, "default")
}

/// Object kinds that are not namespaced.
pub fn is_cluster_scoped(object: &Object) -> bool {
    matches!(
        object.kind.as_str(),
        "Namespace"
            | "Node"
            | "PersistentVolume"
            | "ClusterRole"
            | "ClusterRoleBinding"
            | "CustomResourceDefinition"
            | "StorageClass"
            | "PriorityClass"
            | "IngressClass"
            | "RuntimeClass"
            | "MutatingWebhookConfiguration"
            | "ValidatingWebhookConfiguration"
            | "ValidatingAdmissionPolicy"
            | "ValidatingAdmissionPolicyBinding"
            | "MutatingAdmissionPolicy"
            | "MutatingAdmissionPolicyBinding"
            | "APIService"
            | "CSIDriver"
            | "CSINode"
            | "VolumeAttachment"
            | "PodSecurityPolicy"
            | "ClusterIssuer"
            | "ClusterSecretStore"
            | "ClusterExternalSecret"
            | "ClusterGenerator"
            | "ClusterAnalysisTemplate"
            | "ClusterWorkflowTemplate"
            | "ClusterPolicy"
            | "FlowSchema"
            | "PriorityLevelConfiguration"
            | "CertificateSigningRequest"
            | "DeviceClass"
            | "ClusterTrustBundle"
            | "Kustomization"
            | "Component"
            | "List"
    ) || object.group().ends_with("cluster.x-k8s.io") && object.kind.starts_with("Cluster")
}

/// An edit replacing a scalar's value with `text`, keeping its quoting
/// style (plain scalars are quoted only when plain text would change meaning).
pub fn replace_scalar(cx: &K8sContext<'_>, node: NodeId, text: &str) -> plimsoll_diagnostics::Edit {
    use plimsoll_syntax::yaml::{NodeKind, ScalarStyle, patch::Value};
    let n = cx.yaml.node(node);
    let written = match &n.kind {
        NodeKind::Scalar {
            style: ScalarStyle::SingleQuoted,
            ..
        } => format!("'{}'", text.replace('\'', "''")),
        NodeKind::Scalar {
            style: ScalarStyle::DoubleQuoted,
            ..
        } => format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
        _ => match Value::string(text) {
            Value::Raw(raw) => raw,
            _ => text.to_string(),
        },
    };
    plimsoll_diagnostics::Edit::replace(n.span, written)
}

/// Whether an object is a fragment rather than a whole object: its file is
/// a kustomize patch (`Cluster::is_patch`: listed as one, or named like one
/// when no kustomization includes it), or it is an `apps` controller
/// without the `spec.selector` the API requires and no kustomization of the
/// run writes one. Rules about something *missing* stay quiet on
/// fragments; K8S097 reports the missing selector itself.
pub fn is_fragment(cx: &K8sContext<'_>, o: &Object) -> bool {
    if cx.cluster.is_patch(cx.parsed) {
        return true;
    }
    let Some(w) = &o.workload else { return false };
    o.group() == "apps"
        && matches!(
            w.kind,
            crate::k8s::WorkloadKind::Deployment
                | crate::k8s::WorkloadKind::StatefulSet
                | crate::k8s::WorkloadKind::DaemonSet
                | crate::k8s::WorkloadKind::ReplicaSet
        )
        && w.selector_node.is_none()
        && !cx.cluster.selectors_injected(cx.parsed)
}
