//! ARGO002, ARGO003 and ARGO004: what an automated sync policy leaves out.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an ArgoCD Application (or ApplicationSet template) with
    /// `syncPolicy.automated` that does not set `prune: true`.
    ///
    /// ## Why is this bad?
    /// Without pruning, a resource deleted from Git stays in the cluster:
    /// the Application shows OutOfSync forever and the live state drifts
    /// from the repository, which is no longer the whole truth.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   syncPolicy:
    ///     automated: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   syncPolicy:
    ///     automated:
    ///       prune: true
    ///       selfHeal: true
    /// ```
    ///
    /// ## Fix safety
    /// The fix sets `prune: true`; it is unsafe: the next sync deletes the
    /// resources that are no longer in Git.
    ///
    /// ## References
    /// - Practice O03 (automated sync with prune and selfHeal).
    /// - No peer.
    /// - [Argo CD: automated sync policy](https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/)
    pub struct AutomatedSyncWithoutPrune {
        code: "ARGO002",
        name: "automated-sync-without-prune",
        summary: "Automated ArgoCD sync does not prune resources deleted from Git",
        severity: Info,
        category: BestPractice,
        practices: ["O03"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an ArgoCD Application (or ApplicationSet template) with
    /// `syncPolicy.automated` that does not set `selfHeal: true`.
    ///
    /// ## Why is this bad?
    /// Automated sync only reacts to new commits: a change made in the
    /// cluster by hand (`kubectl edit`, a controller) stays until the next
    /// commit, so the cluster silently differs from Git.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   syncPolicy:
    ///     automated:
    ///       prune: true
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   syncPolicy:
    ///     automated:
    ///       prune: true
    ///       selfHeal: true
    /// ```
    ///
    /// ## Fix safety
    /// The fix sets `selfHeal: true`; it is unsafe: ArgoCD then reverts
    /// changes made in the cluster.
    ///
    /// ## References
    /// - Practice O03 (automated sync with prune and selfHeal).
    /// - No peer.
    /// - [Argo CD: automatic self-healing](https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/#automatic-self-healing)
    pub struct AutomatedSyncWithoutSelfHeal {
        code: "ARGO003",
        name: "automated-sync-without-self-heal",
        summary: "Automated ArgoCD sync does not revert drift made in the cluster",
        severity: Warning,
        category: Reliability,
        practices: ["O03"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an ArgoCD Application (or ApplicationSet template) with an
    /// automated sync policy but no `syncPolicy.retry`. Applications
    /// without automated sync are not reported.
    ///
    /// ## Why is this bad?
    /// A failed automated sync (a webhook not ready yet, a CRD applied in
    /// the same sync, an API hiccup) is not retried for the same revision:
    /// the Application stays failed until someone syncs by hand or pushes
    /// again. A retry with backoff rides out transient failures.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   syncPolicy:
    ///     automated:
    ///       prune: true
    ///       selfHeal: true
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   syncPolicy:
    ///     automated:
    ///       prune: true
    ///       selfHeal: true
    ///     retry:
    ///       limit: 5
    ///       backoff:
    ///         duration: 10s
    ///         factor: 2
    ///         maxDuration: 5m
    /// ```
    ///
    /// ## References
    /// - Practice O03 (retry with backoff).
    /// - No peer.
    /// - [Argo CD: sync options, retry](https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/)
    pub struct AutomatedSyncWithoutRetry {
        code: "ARGO004",
        name: "automated-sync-without-retry",
        summary: "Automated ArgoCD sync has no retry policy",
        severity: Info,
        category: Reliability,
        practices: ["O03"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// The sync policy and its `automated` value, for Applications with
/// automated sync.
fn automated(cx: &K8sContext<'_>, o: &Object) -> Option<(NodeId, NodeId, String)> {
    let yaml = cx.yaml;
    let (spec, label) = support::app_spec(yaml, o)?;
    let policy = yaml.get(spec, "syncPolicy")?;
    let auto = yaml.get(policy, "automated")?;
    // `automated: null` is the same as no automation in the API.
    if yaml.is_null(auto) && !yaml.is_mapping(auto) {
        return None;
    }
    // ArgoCD 3 can switch it off with `enabled: false`.
    if yaml
        .get(auto, "enabled")
        .and_then(|n| yaml.bool(n))
        .is_some_and(|b| !b)
    {
        return None;
    }
    Some((policy, auto, label))
}

fn flag(cx: &K8sContext<'_>, o: &Object, key: &str, out: &mut Diagnostics<'_>, why: &str) {
    let yaml = cx.yaml;
    let Some((policy, auto, label)) = automated(cx, o) else {
        return;
    };
    let value = yaml.get(auto, key);
    if value.and_then(|n| yaml.bool(n)) == Some(true)
        || value.and_then(|n| yaml.str(n)).is_some_and(is_templated)
    {
        return;
    }
    let span = cx
        .entry_span(auto, key)
        .or_else(|| cx.entry_span(policy, "automated"))
        .unwrap_or_else(|| cx.span(auto));
    let fix = yaml.is_mapping(auto).then(|| {
        cx.set(auto, &[key], Value::raw("true"))
            .map(|e| Fix::unsafe_(format!("Set `{key}: true`"), vec![e]))
    });
    out.add(
        span,
        format!("{label} syncs automatically without `{key}: true`: {why}"),
    )
    .help(format!("set `syncPolicy.automated.{key}: true`"))
    .fix_opt(fix.flatten());
}

impl Rule for AutomatedSyncWithoutPrune {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        flag(
            cx,
            o,
            "prune",
            out,
            "resources removed from Git stay in the cluster",
        );
    }
}

impl Rule for AutomatedSyncWithoutSelfHeal {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        flag(
            cx,
            o,
            "selfHeal",
            out,
            "changes made in the cluster are not reverted",
        );
    }
}

impl Rule for AutomatedSyncWithoutRetry {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let Some((policy, _, label)) = automated(cx, o) else {
            return;
        };
        if cx.yaml.get(policy, "retry").is_some() {
            return;
        }
        let span = cx
            .entry_span(policy, "automated")
            .unwrap_or_else(|| cx.span(policy));
        out.add(
            span,
            format!(
                "{label} syncs automatically with no `syncPolicy.retry`: a failed sync stays failed"
            ),
        )
        .help("add `syncPolicy.retry` with a `limit` and a `backoff`");
    }
}
