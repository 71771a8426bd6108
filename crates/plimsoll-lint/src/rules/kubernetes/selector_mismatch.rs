use super::network_policy_support::is_templated;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a controller whose `spec.selector` does not match the labels
    /// of its own pod template, or whose template has no labels at all.
    /// Checked: Deployments, StatefulSets, DaemonSets, ReplicaSets, Argo
    /// Rollouts and ReplicationControllers (whose selector defaults to the
    /// template labels), and Jobs that set a selector. An empty selector
    /// (`selector: {}`) of an `apps` controller is reported too; one without
    /// any selector is a fragment (a patch) and is not judged, nor are files
    /// that look like kustomize patches. Templated
    /// labels and selectors are not judged, nor missing template labels in
    /// files whose kustomization adds labels to pod templates and selectors
    /// (`commonLabels`).
    ///
    /// ## Why is this bad?
    /// The API server rejects an `apps/v1` controller whose selector does
    /// not select its template (`selector does not match template labels`),
    /// so the manifest never applies. Under older API versions the
    /// controller created pods it then did not count as its own, and kept
    /// creating more.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: website}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    /// ```
    ///
    /// ## References
    /// - Practice K17 (selectors match the pod template).
    /// - kube-linter mismatching-selector, kube-score
    ///   deployment-pod-selector-labels-match-template-metadata-labels and
    ///   statefulset-pod-selector-labels-match-template-metadata-labels.
    pub struct SelectorDoesNotMatchTemplate {
        code: "K8S076",
        name: "selector-does-not-match-template",
        summary: "Controller selector does not match its pod template labels",
        severity: Error,
        category: Correctness,
        practices: ["K17"],
        peers: [KubeLinter "mismatching-selector", KubeScore "deployment-pod-selector-labels-match-template-metadata-labels", KubeScore "statefulset-pod-selector-labels-match-template-metadata-labels"],
        fix: None,
        default: true,
    }
}

fn describe_labels(labels: &crate::k8s::Labels) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Rule for SelectorDoesNotMatchTemplate {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        let selector_required = matches!(
            w.kind,
            WorkloadKind::Deployment
                | WorkloadKind::StatefulSet
                | WorkloadKind::DaemonSet
                | WorkloadKind::ReplicaSet
                | WorkloadKind::Rollout
        );
        let checked = selector_required
            || w.kind == WorkloadKind::ReplicationController
            || (w.kind == WorkloadKind::Job && w.selector.is_some());
        let Some(template) = w.template else { return };
        if !checked || cx.cluster.is_patch(cx.parsed) {
            return;
        }
        let labels_node = w.template_metadata.and_then(|m| yaml.get(m, "labels"));
        // Labels written as a template (`{{ include ... }}`) or an alias
        // cannot be read.
        if labels_node.is_some_and(|n| !yaml.is_mapping(n) && !yaml.is_null(n))
            || w.pod_labels
                .iter()
                .any(|(k, v)| helpers::is_templated(k) || helpers::is_templated(v))
        {
            return;
        }
        let template_span = w
            .template_metadata
            .and_then(|m| cx.entry_span(m, "labels"))
            .or_else(|| cx.entry_span(template, "metadata"))
            .or_else(|| {
                w.controller_spec
                    .and_then(|s| yaml.key_node(s, "template"))
                    .map(|k| yaml.node(k).span)
            })
            .unwrap_or_else(|| cx.object_span(o));
        // Kustomize's `commonLabels` may label the template and the selector.
        let kustomize_labels_templates = cx
            .cluster
            .kustomize_labels(cx.parsed)
            .iter()
            .any(|(_, template)| *template);
        // An `apps` controller without a selector is a fragment (a patch)
        // or invalid for other reasons: nothing to compare.
        if selector_required && w.selector_node.is_none() {
            return;
        }
        if w.pod_labels.is_empty() {
            if kustomize_labels_templates {
                return;
            }
            out.add(
                template_span,
                format!(
                    "the pod template of {} has no labels, so no selector can match its pods",
                    o.display()
                ),
            )
            .help("label the pod template (e.g. `app.kubernetes.io/name`) and select those labels in `spec.selector`");
            return;
        }
        let (Some(selector), Some(node)) = (&w.selector, w.selector_node) else {
            return;
        };
        if is_templated(selector) || selector.unknown {
            return;
        }
        if selector.is_empty() {
            if selector_required && !kustomize_labels_templates {
                out.add(
                    cx.span(node),
                    format!(
                        "{} has an empty selector, which the API server rejects",
                        o.display()
                    ),
                )
                .help("select the pod template's labels in `spec.selector.matchLabels`");
            }
            return;
        }
        if selector.matches(&w.pod_labels) {
            return;
        }
        out.add(
            cx.span(node),
            format!(
                "{} selects pods with {}, but its pod template is labelled {}",
                o.display(),
                selector.describe(),
                describe_labels(&w.pod_labels)
            ),
        )
        .related(template_span, "the pod template's labels")
        .help("make `spec.selector` a subset of the pod template's labels");
    }
}
