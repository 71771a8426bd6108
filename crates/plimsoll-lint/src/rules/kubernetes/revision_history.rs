use super::prelude::*;
use plimsoll_diagnostics::Severity;

/// Above this many old revisions, the history is clutter.
const MAX_USEFUL_REVISIONS: i64 = 50;

declare_rule! {
    /// ## What it does
    /// Reports `spec.revisionHistoryLimit` on Deployments, StatefulSets,
    /// DaemonSets and Argo Rollouts when it is `0` (warning: no old revision
    /// is kept) or above 50 (info: old ReplicaSets or ControllerRevisions
    /// pile up). An unset limit (the default of 10) and templated values
    /// are not reported.
    ///
    /// ## Why is this bad?
    /// `kubectl rollout undo` and Argo CD or Flux rollbacks restore an old
    /// revision the controller kept. With a limit of zero there is none: a
    /// bad release can only be undone by a new deployment, under pressure.
    /// A very large history, on the other hand, keeps hundreds of idle
    /// ReplicaSets in etcd and slows every client that lists them.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   revisionHistoryLimit: 0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   revisionHistoryLimit: 5
    /// ```
    ///
    /// ## References
    /// - Practice K07 (revision history kept for rollbacks, but bounded).
    pub struct RevisionHistoryDisabled {
        code: "K8S037",
        name: "revision-history-disabled",
        summary: "Revision history limit makes rollbacks impossible",
        severity: Warning,
        category: Reliability,
        practices: ["K07"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for RevisionHistoryDisabled {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        if !matches!(
            w.kind,
            WorkloadKind::Deployment
                | WorkloadKind::StatefulSet
                | WorkloadKind::DaemonSet
                | WorkloadKind::Rollout
        ) {
            return;
        }
        let Some(spec) = w.controller_spec else {
            return;
        };
        let yaml = cx.yaml;
        let Some(node) = yaml.get(spec, "revisionHistoryLimit") else {
            return;
        };
        let Some(limit) = helpers::k8s_int(yaml, node) else {
            return;
        };
        let span = cx
            .entry_span(spec, "revisionHistoryLimit")
            .unwrap_or_else(|| cx.span(node));
        if limit == 0 {
            out.add(
                span,
                format!(
                    "{} keeps no old revision (`revisionHistoryLimit: 0`), so it cannot be rolled back",
                    o.display()
                ),
            )
            .help("keep a few revisions (e.g. `revisionHistoryLimit: 5`) to roll back to");
        } else if limit > MAX_USEFUL_REVISIONS {
            out.add(
                span,
                format!(
                    "{} keeps {limit} old revisions; more than {MAX_USEFUL_REVISIONS} only clutters the cluster",
                    o.display()
                ),
            )
            .severity(Severity::Info)
            .help("keep the revisions you would roll back to (the default is 10)");
        }
    }
}
