//! K8S080 and K8S081: a Service must select pods, and its target ports
//! must be ports those pods declare.

use super::helpers::{PortRef, container_ports, port_matches, port_ref};
use super::prelude::*;

/// The Service's selector, when it is one plimsoll can judge: `None` for
/// Services without a selector (manual endpoints), `ExternalName`, and
/// templated selectors.
fn service_selector(cx: &K8sContext<'_>, o: &Object) -> Option<(Selector, NodeId)> {
    if o.kind != "Service" || !o.group().is_empty() {
        return None;
    }
    let spec = o.spec(cx.yaml)?;
    if cx.yaml.get(spec, "type").and_then(|t| cx.yaml.str(t)) == Some("ExternalName") {
        return None;
    }
    let node = cx.yaml.get(spec, "selector")?;
    let selector = Selector::from_map(cx.yaml, node);
    let templated = selector
        .match_labels
        .iter()
        .any(|(k, v)| helpers::is_templated(k) || helpers::is_templated(v));
    (!selector.match_labels.is_empty() && !templated && !selects_control_plane(&selector))
        .then_some((selector, node))
}

/// Services that select the static pods of the control plane (which no
/// manifest defines): `component: kube-scheduler`, `k8s-app: kube-dns`...
fn selects_control_plane(selector: &Selector) -> bool {
    let label = |k: &str| selector.match_labels.get(k).map(String::as_str);
    matches!(
        label("component"),
        Some("etcd" | "kube-apiserver" | "kube-controller-manager" | "kube-scheduler")
    ) || matches!(
        label("k8s-app"),
        Some("kube-dns" | "kube-proxy" | "kubelet")
    )
}

declare_rule! {
    /// ## What it does
    /// Reports a Service whose `selector` matches the pod labels of no
    /// workload in the run (Deployments, StatefulSets, DaemonSets, Jobs,
    /// Pods, Argo Rollouts... in a compatible namespace). It is quiet when
    /// the run has no workload in that namespace at all, since the pods are
    /// then deployed from elsewhere.
    ///
    /// ## Why is this bad?
    /// A Service that selects nothing has no endpoints: every connection to
    /// it is refused, usually after a label was renamed on one side only.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// spec:
    ///   selector: {app: web}
    /// ---
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     metadata:
    ///       labels: {app: website}
    /// ```
    ///
    /// ## Use instead
    /// Make the Service's selector a subset of the pod template's labels.
    ///
    /// ## References
    /// - Practice K18 (Service selects pods).
    /// - kube-linter dangling-service, kube-score service-targets-pod.
    pub struct ServiceSelectsNoPods {
        code: "K8S080",
        name: "service-selects-no-pods",
        summary: "Service selector matches no pods",
        severity: Error,
        category: Correctness,
        practices: ["K18"],
        peers: [KubeLinter "dangling-service", KubeScore "service-targets-pod"],
        fix: None,
        default: true,
    }
}

impl Rule for ServiceSelectsNoPods {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let Some((selector, node)) = service_selector(cx, o) else {
            return;
        };
        let from = (cx.parsed, o);
        if !cx.cluster.has_workloads_near(from)
            || cx.cluster.pods_matching(from, &selector).next().is_some()
            || cx.cluster.operator_may_create(from, &selector).is_some()
        {
            return;
        }
        out.add(
            cx.span(node),
            format!(
                "{} selects pods with {}, but no workload in the run has those labels",
                o.display(),
                selector.describe()
            ),
        )
        .help("align the selector with the labels of the pod template it should route to");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a Service port whose `targetPort` (or `port`, when
    /// `targetPort` is unset) the selected pods do not declare: a named
    /// target port that no container names is an error, since it resolves
    /// to nothing; a number that no container lists among its `ports` is a
    /// warning, since the process may still listen on it undeclared.
    ///
    /// ## Why is this bad?
    /// Traffic is sent to a port nothing listens on, and the Service has no
    /// ready endpoints for it. The mismatch usually follows a change of the
    /// container's port on one side only.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// spec:
    ///   ports:
    ///     - port: 80
    ///       targetPort: http
    /// ---
    /// # the pods declare
    /// ports:
    ///   - name: web
    ///     containerPort: 8080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     - port: 80
    ///       targetPort: web
    /// ```
    ///
    /// ## References
    /// - Practices K18 (Service targets a declared port) and X01 (ports agree across files).
    /// - kube-score service-targets-pod.
    pub struct ServiceTargetPortNotExposed {
        code: "K8S081",
        name: "service-target-port-not-exposed",
        summary: "Service targets a port its pods do not declare",
        severity: Warning,
        category: Correctness,
        practices: ["K18", "X01"],
        peers: [KubeScore "service-targets-pod"],
        fix: None,
        default: true,
    }
}

impl Rule for ServiceTargetPortNotExposed {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let Some((selector, _)) = service_selector(cx, o) else {
            return;
        };
        let pods: Vec<ObjRef<'_>> = cx
            .cluster
            .pods_matching((cx.parsed, o), &selector)
            .collect();
        if pods.is_empty() {
            return;
        }
        let yaml = cx.yaml;
        let Some(ports) = o.spec(yaml).and_then(|s| yaml.get(s, "ports")) else {
            return;
        };
        for &entry in yaml.items(ports) {
            let target_node = yaml
                .get(entry, "targetPort")
                .or_else(|| yaml.get(entry, "port"));
            let Some(target_node) = target_node else {
                continue;
            };
            let Some(target) = port_ref(yaml, target_node) else {
                continue;
            };
            if matches!(&target, PortRef::Name(n) if helpers::is_templated(n)) {
                continue;
            }
            // Every selected workload must expose the port in some container.
            for pod in &pods {
                let Some(pod_yaml) = pod.file.yaml().map(|m| &m.yaml) else {
                    continue;
                };
                let Some(w) = &pod.object.workload else {
                    continue;
                };
                let declared: Vec<_> = w
                    .long_running_containers()
                    .flat_map(|c| container_ports(pod_yaml, c))
                    .collect();
                if port_matches(&target, &declared) {
                    continue;
                }
                // A numeric port on pods that declare no ports at all is common and harmless.
                if matches!(target, PortRef::Number(_)) && declared.is_empty() {
                    continue;
                }
                let message = match &target {
                    PortRef::Name(name) => format!(
                        "{} targets port `{name}`, but {} has no container port named `{name}`",
                        o.display(),
                        pod.object.display()
                    ),
                    PortRef::Number(n) => format!(
                        "{} targets port {n}, but {} declares no container port {n}",
                        o.display(),
                        pod.object.display()
                    ),
                };
                let declared_list = declared
                    .iter()
                    .map(|p| match (&p.name, p.number) {
                        (Some(name), Some(n)) => format!("{name} ({n})"),
                        (None, Some(n)) => n.to_string(),
                        (Some(name), None) => name.clone(),
                        (None, None) => "?".into(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let severity = match target {
                    PortRef::Name(_) => plimsoll_diagnostics::Severity::Error,
                    PortRef::Number(_) => plimsoll_diagnostics::Severity::Warning,
                };
                out.add(cx.span(target_node), message)
                    .severity(severity)
                    .related_in(
                        &pod.file.source,
                        head(pod, w),
                        format!("pods of {} declare: {declared_list}", pod.object.display()),
                    )
                    .help("point `targetPort` at a port the containers declare, by name or number");
                break;
            }
        }
    }
}

/// Where a workload's pod template is, for related locations.
fn head(pod: &ObjRef<'_>, w: &Workload) -> Span {
    let Some(model) = pod.file.yaml() else {
        return Span::empty(0);
    };
    let node = w.template.unwrap_or(pod.object.node);
    crate::rule::head_span(&model.yaml, pod.file.source.text(), node)
}
