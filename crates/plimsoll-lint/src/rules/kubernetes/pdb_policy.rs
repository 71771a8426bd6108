//! K8S044 and K8S045: what a PodDisruptionBudget allows.

use super::availability_support::is_pdb;
use super::prelude::*;
use plimsoll_diagnostics::Severity;

declare_rule! {
    /// ## What it does
    /// Reports a PodDisruptionBudget that sets neither `minAvailable` nor
    /// `maxUnavailable` (warning). A budget that sets both is reported too,
    /// as an error: the API server rejects it.
    ///
    /// Partial objects (kustomize patches, including files named like one
    /// when their kustomization is not in the run, and `apps/v1`
    /// controllers with neither a selector nor an image) are skipped.
    ///
    /// ## Why is this bad?
    /// Without either field the budget requires nothing: every eviction is
    /// allowed, and the object only gives the impression that the workload
    /// is protected during node drains.
    ///
    /// ## Example
    /// ```yaml
    /// kind: PodDisruptionBudget
    /// spec:
    ///   selector: {matchLabels: {app: api}}
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
    /// - Practice K09 (disruption budgets).
    /// - kube-score poddisruptionbudget-has-policy.
    pub struct PdbWithoutPolicy {
        code: "K8S044",
        name: "pdb-without-policy",
        summary: "PodDisruptionBudget sets neither minAvailable nor maxUnavailable",
        severity: Warning,
        category: Correctness,
        practices: ["K09"],
        peers: [KubeScore "poddisruptionbudget-has-policy"],
        fix: None,
        default: true,
    }
}

impl Rule for PdbWithoutPolicy {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if !is_pdb(o) || super::availability_support::is_partial(cx.cluster, cx.parsed, o) {
            return;
        }
        let yaml = cx.yaml;
        let spec = o.spec(yaml);
        // A PDB whose whole spec is templated cannot be judged.
        if spec.is_none()
            && yaml
                .get(o.node, "spec")
                .and_then(|s| yaml.str(s))
                .is_some_and(helpers::is_templated)
        {
            return;
        }
        let set = |key: &str| {
            spec.and_then(|s| yaml.get(s, key))
                .is_some_and(|n| !yaml.is_null(n))
        };
        match (set("minAvailable"), set("maxUnavailable")) {
            (false, false) => {
                out.add(
                    cx.object_span(o),
                    format!(
                        "{} sets neither `minAvailable` nor `maxUnavailable`, so it allows every eviction",
                        o.display()
                    ),
                )
                .help("set `maxUnavailable: 1` (or a `minAvailable` below the replica count)");
            }
            (true, true) => {
                let span = spec
                    .and_then(|s| cx.entry_span(s, "maxUnavailable"))
                    .unwrap_or_else(|| cx.object_span(o));
                out.add(
                    span,
                    format!(
                        "{} sets both `minAvailable` and `maxUnavailable`; the API server accepts only one",
                        o.display()
                    ),
                )
                .severity(Severity::Error)
                .help("keep one of the two fields");
            }
            _ => {}
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `policy/v1` PodDisruptionBudget without
    /// `spec.unhealthyPodEvictionPolicy`. `policy/v1beta1` budgets, which
    /// predate the field, are not reported.
    ///
    /// Partial objects (kustomize patches, including files named like one
    /// when their kustomization is not in the run, and `apps/v1`
    /// controllers with neither a selector nor an image) are skipped.
    ///
    /// ## Why is this bad?
    /// The default, `IfHealthyBudget`, lets a pod that is running but not
    /// ready be evicted only while the budget is otherwise satisfied. When a
    /// bad release leaves pods crash-looping, the budget is never satisfied,
    /// and node drains hang on pods that serve nothing. `AlwaysAllow` lets
    /// those unhealthy pods go, while healthy ones stay protected.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// spec:
    ///   maxUnavailable: 1
    ///   selector: {matchLabels: {app: api}}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// spec:
    ///   maxUnavailable: 1
    ///   unhealthyPodEvictionPolicy: AlwaysAllow
    ///   selector: {matchLabels: {app: api}}
    /// ```
    ///
    /// ## Fix safety
    /// The fix sets `unhealthyPodEvictionPolicy: AlwaysAllow`. It is
    /// unsafe: pods that are running but not yet ready (a slow start, a
    /// warming cache) may then be evicted even when that takes the workload
    /// below its budget. Clusters before 1.27 drop the field (it is beta,
    /// on by default, from 1.27 and GA in 1.31).
    ///
    /// ## References
    /// - Practice K09 (disruption budgets that do not block drains).
    /// - kube-linter pdb-unhealthy-pod-eviction-policy.
    pub struct PdbUnhealthyEvictionPolicyUnset {
        code: "K8S045",
        name: "pdb-unhealthy-eviction-policy-unset",
        summary: "PodDisruptionBudget lets unhealthy pods block drains",
        severity: Info,
        category: Reliability,
        practices: ["K09"],
        peers: [KubeLinter "pdb-unhealthy-pod-eviction-policy"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for PdbUnhealthyEvictionPolicyUnset {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if !is_pdb(o)
            || o.version() != "v1"
            || super::availability_support::is_partial(cx.cluster, cx.parsed, o)
        {
            return;
        }
        let yaml = cx.yaml;
        let Some(spec) = o.spec(yaml) else {
            return;
        };
        if yaml.get(spec, "unhealthyPodEvictionPolicy").is_some() {
            return;
        }
        let fix = cx
            .set(
                spec,
                &["unhealthyPodEvictionPolicy"],
                Value::raw("AlwaysAllow"),
            )
            .map(|e| Fix::unsafe_("Set `unhealthyPodEvictionPolicy: AlwaysAllow`", vec![e]));
        out.add(
            cx.object_span(o),
            format!(
                "{} does not set `unhealthyPodEvictionPolicy`, so crash-looping pods can block node drains",
                o.display()
            ),
        )
        .help("set `spec.unhealthyPodEvictionPolicy: AlwaysAllow`")
        .fix_opt(fix);
    }
}
