//! ARGO012, ARGO013 and ARGO014: Argo Rollouts strategies without gates.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an Argo Rollout with a canary strategy that runs no
    /// analysis: no background `canary.analysis`, no `analysis` step and no
    /// experiment step with analyses. When a step pauses indefinitely
    /// (`pause: {}`, a manual promotion), the finding is advice only.
    ///
    /// ## Why is this bad?
    /// Without analysis nothing measures the canary: traffic moves to the
    /// new version on a timer whether its error rate or latency got worse
    /// or not, and a bad release reaches everyone before anyone looks.
    /// Metric analysis against the stable baseline is what makes a canary
    /// abort on its own.
    ///
    /// ## Example
    /// ```yaml
    /// strategy:
    ///   canary:
    ///     steps:
    ///       - setWeight: 20
    ///       - pause: {duration: 5m}
    ///       - setWeight: 100
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// strategy:
    ///   canary:
    ///     analysis:
    ///       templates:
    ///         - templateName: error-rate
    ///     steps:
    ///       - setWeight: 20
    ///       - pause: {duration: 5m}
    /// ```
    ///
    /// ## References
    /// - Practices O04 (canary steps with analysis), R02 (metric health gates) and R03 (automatic rollback).
    /// - No peer.
    /// - [Argo Rollouts: analysis](https://argoproj.github.io/argo-rollouts/features/analysis/)
    pub struct CanaryWithoutAnalysis {
        code: "ARGO012",
        name: "canary-without-analysis",
        summary: "Argo Rollouts canary runs no metric analysis",
        severity: Warning,
        category: Reliability,
        practices: ["O04", "R02", "R03"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an Argo Rollout canary that has no steps and no background
    /// analysis (it then goes to 100% at once, like a rolling update: advice
    /// only, since that is sometimes the intent), or whose steps shift traffic
    /// (`setWeight`) but never pause or analyse, so every weight is held
    /// only as long as pods take to become ready.
    ///
    /// ## Why is this bad?
    /// A canary is useful because the new version serves a small share of
    /// traffic long enough for problems to show. Without a pause or an
    /// analysis between weights, the steps run back to back and the whole
    /// canary lasts seconds.
    ///
    /// ## Example
    /// ```yaml
    /// strategy:
    ///   canary:
    ///     steps:
    ///       - setWeight: 10
    ///       - setWeight: 50
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// strategy:
    ///   canary:
    ///     steps:
    ///       - setWeight: 10
    ///       - pause: {duration: 10m}
    ///       - setWeight: 50
    ///       - pause: {duration: 10m}
    /// ```
    ///
    /// ## References
    /// - Practices O04 (canary steps) and R01 (canary weights) and R05 (a monitoring window).
    /// - No peer.
    /// - [Argo Rollouts: canary](https://argoproj.github.io/argo-rollouts/features/canary/)
    pub struct CanaryWithoutPause {
        code: "ARGO013",
        name: "canary-without-pause",
        summary: "Argo Rollouts canary shifts traffic without pausing",
        severity: Warning,
        category: Reliability,
        practices: ["O04", "R01", "R05"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an Argo Rollout with a blue-green strategy that promotes
    /// automatically (`autoPromotionEnabled` is not `false`; it defaults to
    /// `true`) and runs neither a `prePromotionAnalysis` nor a
    /// `postPromotionAnalysis`.
    ///
    /// ## Why is this bad?
    /// The active Service switches to the new colour as soon as its pods
    /// are ready: readiness is the only gate, and nothing checks error
    /// rates or latency before (or right after) all traffic moves.
    ///
    /// ## Example
    /// ```yaml
    /// strategy:
    ///   blueGreen:
    ///     activeService: shop-active
    ///     previewService: shop-preview
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// strategy:
    ///   blueGreen:
    ///     activeService: shop-active
    ///     previewService: shop-preview
    ///     prePromotionAnalysis:
    ///       templates:
    ///         - templateName: smoke-tests
    /// ```
    /// or `autoPromotionEnabled: false` for a manual promotion.
    ///
    /// ## References
    /// - Practices O04 (Rollouts with analysis) and R02 (health gates).
    /// - No peer.
    /// - [Argo Rollouts: blue-green](https://argoproj.github.io/argo-rollouts/features/bluegreen/)
    pub struct BlueGreenWithoutAnalysis {
        code: "ARGO014",
        name: "blue-green-auto-promotion-without-analysis",
        summary: "Argo Rollouts blue-green promotes automatically without analysis",
        severity: Warning,
        category: Reliability,
        practices: ["O04", "R02"],
        peers: [],
        fix: None,
        default: true,
    }
}

fn strategy_key_span(cx: &K8sContext<'_>, o: &Object, key: &str) -> Span {
    cx.yaml
        .path(o.node, &["spec", "strategy"])
        .and_then(|s| cx.entry_span(s, key))
        .unwrap_or_else(|| cx.object_span(o))
}

impl Rule for CanaryWithoutAnalysis {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some(canary) = support::rollout_strategy(yaml, o, "canary") else {
            return;
        };
        if yaml.get(canary, "analysis").is_some() {
            return;
        }
        let steps = support::canary_steps(yaml, canary);
        if steps.iter().any(|&s| {
            yaml.get(s, "analysis").is_some()
                || yaml
                    .path(s, &["experiment", "analyses"])
                    .is_some_and(|a| !yaml.items(a).is_empty())
        }) {
            return;
        }
        let manual = steps.iter().any(|&s| {
            yaml.get(s, "pause")
                .is_some_and(|p| yaml.get(p, "duration").is_none())
        });
        out.add(
            strategy_key_span(cx, o, "canary"),
            format!(
                "{} runs a canary with no analysis: nothing measures the new version before it takes all traffic",
                o.display()
            ),
        )
        .help("add `canary.analysis` (background) or `analysis` steps with an AnalysisTemplate on error rate and latency")
        .severity(if manual { Severity::Info } else { Severity::Warning });
    }
}

impl Rule for CanaryWithoutPause {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some(canary) = support::rollout_strategy(yaml, o, "canary") else {
            return;
        };
        let Some(steps_node) = yaml.get(canary, "steps") else {
            // No steps: a plain rolling update, reported only when nothing
            // else gates it.
            if yaml.get(canary, "analysis").is_none() {
                out.add(
                    strategy_key_span(cx, o, "canary"),
                    format!(
                        "{} runs a canary without steps: the new version takes all traffic at once",
                        o.display()
                    ),
                )
                .help("add `steps` that set a small weight and pause (10% → 25% → 50% → 100%)")
                .severity(Severity::Info);
            }
            return;
        };
        let steps = support::canary_steps(yaml, canary);
        let weights = steps
            .iter()
            .filter(|&&s| yaml.get(s, "setWeight").is_some())
            .count();
        let gated = steps.iter().any(|&s| {
            yaml.get(s, "pause").is_some()
                || yaml.get(s, "analysis").is_some()
                || yaml.get(s, "experiment").is_some()
        });
        if weights > 0 && !gated {
            out.add(
                cx.span(steps_node),
                format!(
                    "{}'s canary steps set weights but never pause: each weight lasts only until pods are ready",
                    o.display()
                ),
            )
            .help("add `pause: {duration: ...}` (or an `analysis` step) after each `setWeight`");
        }
    }
}

impl Rule for BlueGreenWithoutAnalysis {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some(bg) = support::rollout_strategy(yaml, o, "blueGreen") else {
            return;
        };
        let auto = yaml.get(bg, "autoPromotionEnabled");
        if auto.and_then(|n| yaml.bool(n)) == Some(false)
            || auto.and_then(|n| yaml.str(n)).is_some_and(is_templated)
        {
            return;
        }
        if yaml.get(bg, "prePromotionAnalysis").is_some()
            || yaml.get(bg, "postPromotionAnalysis").is_some()
        {
            return;
        }
        out.add(
            strategy_key_span(cx, o, "blueGreen"),
            format!(
                "{} promotes blue-green automatically with no analysis: readiness is the only gate before all traffic switches",
                o.display()
            ),
        )
        .help("add `prePromotionAnalysis` with an AnalysisTemplate, or set `autoPromotionEnabled: false`");
    }
}
