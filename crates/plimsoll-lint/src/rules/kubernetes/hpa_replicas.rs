//! K8S047 and K8S048: the replica range of a HorizontalPodAutoscaler.

use super::hpa_support::{is_hpa, scale_target, spec_int};
use super::prelude::*;
use plimsoll_diagnostics::Severity;

/// `Deployment/web`, or `its target` when the target is not readable.
fn target_of(yaml: &YamlFile, o: &Object) -> String {
    scale_target(yaml, o).map_or_else(|| "its target".into(), |t| format!("{}/{}", t.kind, t.name))
}

declare_rule! {
    /// ## What it does
    /// Reports a HorizontalPodAutoscaler whose `minReplicas` is below 2,
    /// including an unset one (it defaults to 1). Templated values are
    /// skipped.
    ///
    /// Partial objects (kustomize patches, including files named like one
    /// when their kustomization is not in the run, and `apps/v1`
    /// controllers with neither a selector nor an image) are skipped.
    ///
    /// ## Why is this bad?
    /// At quiet times the HPA scales the workload down to a single pod, and
    /// from then on every rollout, node drain or crash of that pod is an
    /// outage, and a PodDisruptionBudget either blocks drains or protects
    /// nothing. Two pods at the minimum (spread over nodes) keep the service
    /// up for little cost.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
    ///   maxReplicas: 10
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
    ///   minReplicas: 2
    ///   maxReplicas: 10
    /// ```
    ///
    /// ## References
    /// - Practice K10 (autoscaling with a minimum of two replicas).
    /// - kube-score horizontalpodautoscaler-replicas, Polaris hpaMinAvailability.
    pub struct HpaMinReplicasBelowTwo {
        code: "K8S047",
        name: "hpa-min-replicas-below-two",
        summary: "HorizontalPodAutoscaler may scale down to a single pod",
        severity: Warning,
        category: Reliability,
        practices: ["K10"],
        peers: [KubeScore "horizontalpodautoscaler-replicas", Polaris "hpaMinAvailability"],
        fix: None,
        default: true,
    }
}

impl Rule for HpaMinReplicasBelowTwo {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if !is_hpa(o) {
            return;
        }
        let yaml = cx.yaml;
        let Some(spec) = o.spec(yaml) else {
            return;
        };
        let Some(min) = spec_int(yaml, o, "minReplicas", 1) else {
            return;
        };
        if min >= 2 || super::availability_support::is_partial(cx.cluster, cx.parsed, o) {
            return;
        }
        let explicit = yaml
            .get(spec, "minReplicas")
            .is_some_and(|n| !yaml.is_null(n));
        let (span, how) = match cx.entry_span(spec, "minReplicas").filter(|_| explicit) {
            Some(span) => (span, String::new()),
            None => (
                cx.object_span(o),
                " (`minReplicas` defaults to 1)".to_string(),
            ),
        };
        out.add(
            span,
            format!(
                "{} may scale {} down to {min} replica{}{how}",
                o.display(),
                target_of(yaml, o),
                if min == 1 { "" } else { "s" }
            ),
        )
        .help("set `minReplicas: 2` or more");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a HorizontalPodAutoscaler whose `maxReplicas` is below its
    /// `minReplicas` (an unset `minReplicas` is 1), or below 1: the API
    /// server rejects it (error). Equal values are a warning: the HPA never
    /// scales. Templated values are skipped.
    ///
    /// ## Why is this bad?
    /// A rejected HPA is not created, and the workload keeps its fixed
    /// replica count. An HPA whose minimum equals its maximum pins the
    /// replica count while looking like autoscaling; it usually results
    /// from raising the minimum without the maximum.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   minReplicas: 3
    ///   maxReplicas: 3
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   minReplicas: 3
    ///   maxReplicas: 10
    /// ```
    ///
    /// ## References
    /// - Practice K10 (autoscaling).
    /// - Polaris hpaMaxAvailability.
    pub struct HpaMaxNotAboveMin {
        code: "K8S048",
        name: "hpa-max-not-above-min",
        summary: "HorizontalPodAutoscaler maxReplicas is not above minReplicas",
        severity: Error,
        category: Correctness,
        practices: ["K10"],
        peers: [Polaris "hpaMaxAvailability"],
        fix: None,
        default: true,
    }
}

impl Rule for HpaMaxNotAboveMin {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if !is_hpa(o) {
            return;
        }
        let yaml = cx.yaml;
        let Some(spec) = o.spec(yaml) else {
            return;
        };
        let Some(max_node) = yaml.get(spec, "maxReplicas") else {
            return;
        };
        let (Some(max), Some(min)) = (
            helpers::k8s_int(yaml, max_node),
            spec_int(yaml, o, "minReplicas", 1),
        ) else {
            return;
        };
        let span = cx
            .entry_span(spec, "maxReplicas")
            .unwrap_or_else(|| cx.span(max_node));
        let min_span = cx.entry_span(spec, "minReplicas");
        let finding = if max < 1 {
            out.add(
                span,
                format!(
                    "{} has `maxReplicas: {max}`; the API server requires at least 1",
                    o.display()
                ),
            )
            .help("set `maxReplicas` above `minReplicas`")
        } else if max < min {
            out.add(
                span,
                format!(
                    "{} has `maxReplicas: {max}` below `minReplicas: {min}`; the API server rejects it",
                    o.display()
                ),
            )
            .help("set `maxReplicas` above `minReplicas`")
        } else if max == min {
            out.add(
                span,
                format!(
                    "{} has `minReplicas` and `maxReplicas` both {max}, so it never scales",
                    o.display()
                ),
            )
            .severity(Severity::Warning)
            .help("raise `maxReplicas` to the most pods the workload may need, or drop the HPA and set `replicas`")
        } else {
            return;
        };
        if let Some(min_span) = min_span {
            let _ = finding.related(min_span, "the minimum");
        }
    }
}
