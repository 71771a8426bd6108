use super::availability_support::object_span_in;
use super::hpa_support::{AutoscalerKind, autoscalers_targeting};
use super::prelude::*;
use plimsoll_syntax::yaml::patch;

declare_rule! {
    /// ## What it does
    /// Reports `spec.replicas` on a workload (Deployment, StatefulSet,
    /// ReplicaSet, ReplicationController, Argo Rollout) that a
    /// HorizontalPodAutoscaler or KEDA ScaledObject of the run scales. The
    /// rule is opt-in: whether it matters depends on how manifests are
    /// applied (GitOps tools can be told to ignore the field).
    ///
    /// ## Why is this bad?
    /// The autoscaler owns the replica count. Every `kubectl apply` or
    /// sync of a manifest that sets `replicas` resets it to the written
    /// value, often scaling a busy workload down until the HPA catches up
    /// again, minutes later.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   replicas: 2
    /// ---
    /// kind: HorizontalPodAutoscaler
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
    /// ```
    ///
    /// ## Use instead
    /// Leave `replicas` out of the workload and let the autoscaler's
    /// `minReplicas` set the floor.
    ///
    /// ## Fix safety
    /// The fix deletes the `replicas` entry. It is unsafe: with
    /// `kubectl apply`, the first apply without the field (still recorded
    /// in the last-applied configuration) resets the workload to 1 replica
    /// until the autoscaler scales it back up. Remove it from the
    /// last-applied annotation first, or apply with server-side apply.
    ///
    /// ## References
    /// - Practice K10 (a workload scaled by an HPA does not pin `replicas`).
    /// - kube-score deployment-targeted-by-hpa-does-not-have-replicas-configured.
    pub struct ReplicasSetWithHpa {
        code: "K8S049",
        name: "replicas-set-with-hpa",
        summary: "Workload scaled by an autoscaler also sets replicas",
        severity: Info,
        category: Reliability,
        practices: ["K10"],
        peers: [KubeScore "deployment-targeted-by-hpa-does-not-have-replicas-configured"],
        fix: Sometimes,
        default: false,
    }
}

impl Rule for ReplicasSetWithHpa {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let (Some(spec), Some(_)) = (w.controller_spec, w.replicas_node) else {
            return;
        };
        let autoscalers = autoscalers_targeting(cx.cluster, cx.parsed, o);
        let Some(first) = autoscalers.first() else {
            return;
        };
        let span = cx
            .entry_span(spec, "replicas")
            .unwrap_or_else(|| cx.object_span(o));
        let fix = patch::delete_entry(cx.yaml, cx.text(), spec, "replicas")
            .map(|e| Fix::unsafe_("Delete `replicas`", vec![e]));
        let what = match first.kind {
            AutoscalerKind::Hpa => "the HPA",
            AutoscalerKind::Keda => "KEDA",
        };
        out.add(
            span,
            format!(
                "{} sets `replicas`, but {} scales it: every apply resets the replica count",
                o.display(),
                first.obj.object.display()
            ),
        )
        .related_in(
            &first.obj.file.source,
            object_span_in(&first.obj),
            format!("{} scales this workload", first.obj.object.display()),
        )
        .help(format!(
            "remove `spec.replicas` and let {what} set the count"
        ))
        .fix_opt(fix);
    }
}
