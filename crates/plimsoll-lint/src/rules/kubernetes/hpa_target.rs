use super::hpa_support::{is_hpa, scale_target};
use super::prelude::*;
use std::fmt::Write as _;

/// Kinds an HPA commonly scales, whose absence from a run with workloads
/// is telling. Other kinds count only when the run has some of them.
const SCALABLE: [&str; 5] = [
    "Deployment",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
    "Rollout",
];

declare_rule! {
    /// ## What it does
    /// Reports a HorizontalPodAutoscaler whose `scaleTargetRef` (kind and
    /// name) names no object of the run in its namespace (or, when
    /// namespaces are not written, its directory or kustomization). It is
    /// quiet when the run holds no workload near the HPA, since the target
    /// is then deployed from elsewhere, when an object of that kind and
    /// name exists elsewhere in the run in a namespace the HPA may share,
    /// and for a target kind other than
    /// Deployment, StatefulSet, ReplicaSet, ReplicationController or Argo
    /// Rollout unless the run has objects of that kind. Templated names
    /// are skipped.
    ///
    /// ## Why is this bad?
    /// An HPA with a missing target does nothing: the workload it was
    /// written for keeps its fixed replica count and does not scale under
    /// load. The mismatch usually follows a rename of the Deployment, or a
    /// `kind` left at `Deployment` for a StatefulSet.
    ///
    /// ## Example
    /// ```yaml
    /// kind: HorizontalPodAutoscaler
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api-server}
    /// ---
    /// kind: Deployment
    /// metadata: {name: api}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
    /// ```
    ///
    /// ## References
    /// - Practices K10 (the HPA's target exists) and K18 (wiring between objects).
    /// - kube-linter dangling-horizontalpodautoscaler, kube-score
    ///   horizontalpodautoscaler-has-target.
    pub struct HpaTargetNotFound {
        code: "K8S046",
        name: "hpa-target-not-found",
        summary: "HorizontalPodAutoscaler targets an object that is not in the run",
        severity: Error,
        category: Correctness,
        practices: ["K10", "K18"],
        peers: [KubeLinter "dangling-horizontalpodautoscaler", KubeScore "horizontalpodautoscaler-has-target"],
        fix: None,
        default: true,
    }
}

impl Rule for HpaTargetNotFound {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if !is_hpa(o) {
            return;
        }
        let Some(target) = scale_target(cx.yaml, o) else {
            return;
        };
        let from = (cx.parsed, o);
        if !cx.cluster.has_workloads_near(from)
            || !(SCALABLE.contains(&target.kind) || cx.cluster.has_related(target.kind, from))
            || cx.cluster.find(target.kind, from, target.name).is_some()
        {
            return;
        }
        // An object of that name elsewhere in the run, in a namespace the
        // HPA may share, is probably the target deployed from a sibling
        // directory.
        let namespace = cx.cluster.namespace_of(cx.parsed, o);
        if cx.cluster.of_kind(target.kind).any(|r| {
            r.object.name.as_deref() == Some(target.name)
                && cx
                    .cluster
                    .namespace_of(r.file, r.object)
                    .compatible(namespace)
        }) {
            return;
        }
        // The same name under another kind is the likely intent.
        let other = SCALABLE
            .iter()
            .filter(|k| **k != target.kind)
            .find_map(|k| cx.cluster.find(k, from, target.name));
        let mut message = format!(
            "{} scales {}/{}, which is not in the run",
            o.display(),
            target.kind,
            target.name
        );
        if let Some(other) = other {
            let _ = write!(message, " (there is a {})", other.object.display());
        }
        out.add(cx.span(target.name_node), message)
            .help("point `scaleTargetRef` at the kind and name of the workload to scale");
    }
}
