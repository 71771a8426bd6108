use super::availability_support::{IntOrPercent, is_pdb, pdb_selector, replicas_span_in};
use super::hpa_support::autoscalers_targeting;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a PodDisruptionBudget that never allows a voluntary
    /// eviction:
    ///
    /// - `maxUnavailable: 0` or `"0%"`;
    /// - `minAvailable: "100%"`;
    /// - a `minAvailable` (a number, or a percentage rounded up as the
    ///   disruption controller does) at least as large as the number of
    ///   pods it selects: the replicas of the Deployments, StatefulSets,
    ///   ReplicaSets and Rollouts of the run whose pods its selector
    ///   matches, summed, with the `minReplicas` of a HorizontalPodAutoscaler
    ///   (or KEDA ScaledObject) standing in for the replicas of the workload
    ///   it scales. When the selector also matches pods of other kinds, or a
    ///   count is templated, the comparison is skipped.
    ///
    /// ## Why is this bad?
    /// `kubectl drain`, cluster upgrades and the cluster autoscaler evict
    /// pods through the eviction API, which refuses every eviction the
    /// budget does not allow. A budget that allows none makes node drains
    /// hang until someone deletes the budget or the pods by hand, which
    /// defeats its purpose.
    ///
    /// ## Example
    /// ```yaml
    /// kind: PodDisruptionBudget
    /// spec:
    ///   minAvailable: 2
    ///   selector: {matchLabels: {app: api}}
    /// ---
    /// kind: Deployment
    /// spec:
    ///   replicas: 2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: PodDisruptionBudget
    /// spec:
    ///   maxUnavailable: 1
    ///   selector: {matchLabels: {app: api}}
    /// ```
    ///
    /// ## References
    /// - Practice K09 (a budget that does not forbid all disruption).
    /// - kube-linter pdb-min-available and pdb-max-unavailable, Polaris
    ///   pdbDisruptionsIsZero.
    pub struct PdbBlocksEviction {
        code: "K8S042",
        name: "pdb-blocks-eviction",
        summary: "PodDisruptionBudget allows no pod to be evicted",
        severity: Warning,
        category: Reliability,
        practices: ["K09"],
        peers: [KubeLinter "pdb-min-available", KubeLinter "pdb-max-unavailable", Polaris "pdbDisruptionsIsZero"],
        fix: None,
        default: true,
    }
}

impl Rule for PdbBlocksEviction {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if !is_pdb(o) {
            return;
        }
        let yaml = cx.yaml;
        let Some(spec) = o.spec(yaml) else {
            return;
        };
        let field = |key: &str| {
            yaml.get(spec, key)
                .filter(|n| !yaml.is_null(*n))
                .and_then(|n| IntOrPercent::read(yaml, n).map(|v| (n, v)))
        };
        let help = "allow at least one disruption, e.g. `maxUnavailable: 1`";
        if let Some((node, v)) = field("maxUnavailable") {
            if v.is_zero() {
                out.add(
                    cx.entry_span(spec, "maxUnavailable")
                        .unwrap_or_else(|| cx.span(node)),
                    format!(
                        "{} allows no disruption (`maxUnavailable: {v}`): node drains wait on its pods for ever",
                        o.display()
                    ),
                )
                .help(help);
            }
            return;
        }
        let Some((node, min)) = field("minAvailable") else {
            return;
        };
        let span = cx
            .entry_span(spec, "minAvailable")
            .unwrap_or_else(|| cx.span(node));
        if min == IntOrPercent::Percent(100.0) {
            out.add(
                span,
                format!(
                    "{} requires every pod to stay available (`minAvailable: 100%`): node drains wait on its pods for ever",
                    o.display()
                ),
            )
            .help(help);
            return;
        }
        let Some(selector) = pdb_selector(yaml, o).for_matching() else {
            return;
        };
        let selected: Vec<ObjRef<'_>> = cx
            .cluster
            .pods_matching((cx.parsed, o), &selector)
            .collect();
        let mut total = 0;
        let mut autoscaled = false;
        for r in &selected {
            let Some(w) = &r.object.workload else { return };
            if !w.kind.has_replicas() {
                return;
            }
            let autoscalers = autoscalers_targeting(cx.cluster, r.file, r.object);
            let count = if autoscalers.is_empty() {
                w.effective_replicas()
            } else {
                autoscaled = true;
                autoscalers.iter().filter_map(|a| a.min).max()
            };
            let Some(count) = count else { return };
            total += count;
        }
        let Some(first) = selected.first() else {
            return;
        };
        if total <= 0 || min.scaled(total, true) < total {
            return;
        }
        let whose = if selected.len() == 1 {
            first.object.display()
        } else {
            selected
                .iter()
                .map(|r| r.object.display())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut finding = out.add(
            span,
            format!(
                "{} requires `minAvailable: {min}` of the {total} pod{} of {whose}{}: no pod can be evicted, so node drains hang",
                o.display(),
                if total == 1 { "" } else { "s" },
                if autoscaled {
                    " at its autoscaler's minimum"
                } else {
                    ""
                }
            ),
        );
        for r in &selected {
            finding = finding.related_in(
                &r.file.source,
                replicas_span_in(r),
                format!("{} runs these pods", r.object.display()),
            );
        }
        finding.help("lower `minAvailable` below the replica count, or use `maxUnavailable: 1`");
    }
}
