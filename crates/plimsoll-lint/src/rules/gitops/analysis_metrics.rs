//! ARGO015, ARGO016 and ARGO017: AnalysisTemplate metrics that cannot fail,
//! fail on the first bad measurement, or are rejected.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a metric of an Argo Rollouts AnalysisTemplate or
    /// ClusterAnalysisTemplate with neither `successCondition` nor
    /// `failureCondition`. Metrics of the `job` provider (judged by the
    /// Job's exit) are not reported.
    ///
    /// ## Why is this bad?
    /// With no condition, every measurement that returns a value counts
    /// as successful: the analysis passes whatever the error rate, and the
    /// rollout it gates is promoted.
    ///
    /// ## Example
    /// ```yaml
    /// metrics:
    ///   - name: error-rate
    ///     interval: 1m
    ///     provider:
    ///       prometheus:
    ///         query: sum(rate(http_requests_total{code=~"5.."}[5m]))
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metrics:
    ///   - name: error-rate
    ///     interval: 1m
    ///     successCondition: result[0] < 0.01
    ///     failureLimit: 3
    ///     provider: ...
    /// ```
    ///
    /// ## References
    /// - Practices O04 (AnalysisTemplates with a success condition) and R03 (rollback when analysis fails).
    /// - No peer.
    /// - [Argo Rollouts: analysis](https://argoproj.github.io/argo-rollouts/features/analysis/)
    pub struct MetricWithoutCondition {
        code: "ARGO015",
        name: "analysis-metric-without-condition",
        summary: "AnalysisTemplate metric has no success or failure condition",
        severity: Warning,
        category: Reliability,
        practices: ["O04", "R03"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a metric of an AnalysisTemplate or ClusterAnalysisTemplate
    /// that takes several measurements (`count` above 1, or an `interval`
    /// without `count`, which measures until the rollout ends) and sets no
    /// `failureLimit`.
    ///
    /// ## Why is this bad?
    /// `failureLimit` defaults to 0: the first failed measurement fails the
    /// analysis and aborts the rollout. One noisy data point (a scrape gap,
    /// a short spike) then rolls back a good release; the limit should be
    /// chosen, not inherited.
    ///
    /// ## Example
    /// ```yaml
    /// metrics:
    ///   - name: error-rate
    ///     interval: 1m
    ///     count: 10
    ///     successCondition: result[0] < 0.01
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   - name: error-rate
    ///     interval: 1m
    ///     count: 10
    ///     successCondition: result[0] < 0.01
    ///     failureLimit: 2
    /// ```
    ///
    /// ## References
    /// - Practice O04 (AnalysisTemplates with a failure limit).
    /// - No peer.
    pub struct MetricWithoutFailureLimit {
        code: "ARGO016",
        name: "analysis-metric-without-failure-limit",
        summary: "Repeated AnalysisTemplate metric sets no `failureLimit`",
        severity: Info,
        category: Reliability,
        practices: ["O04"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an AnalysisTemplate or ClusterAnalysisTemplate metric with
    /// `count` above 1 and no `interval`, or a `failureLimit` above `count`.
    ///
    /// ## Why is this bad?
    /// Argo Rollouts validates both and rejects the template ("interval
    /// must be specified when count > 1", "count must be >= failureLimit"):
    /// every AnalysisRun from it errors, and the rollout it gates is
    /// aborted or stuck.
    ///
    /// ## Example
    /// ```yaml
    /// metrics:
    ///   - name: error-rate
    ///     count: 5
    ///     successCondition: result[0] < 0.01
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   - name: error-rate
    ///     count: 5
    ///     interval: 1m
    ///     successCondition: result[0] < 0.01
    /// ```
    ///
    /// ## References
    /// - Practice O04 (valid AnalysisTemplates).
    /// - No peer.
    pub struct InvalidMetricCount {
        code: "ARGO017",
        name: "analysis-metric-invalid-count",
        summary: "AnalysisTemplate metric repeats without `interval` or has `failureLimit` above `count`",
        severity: Error,
        category: Correctness,
        practices: ["O04"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// The metrics of an (Cluster)AnalysisTemplate: (mapping, display name).
fn metrics<'y>(yaml: &'y YamlFile, o: &Object) -> Vec<(NodeId, &'y str)> {
    if !(support::is_argo(o, "AnalysisTemplate") || support::is_argo(o, "ClusterAnalysisTemplate"))
    {
        return Vec::new();
    }
    let Some(list) = o.spec(yaml).and_then(|s| yaml.get(s, "metrics")) else {
        return Vec::new();
    };
    yaml.items(list)
        .iter()
        .map(|&m| yaml.resolve(m))
        .filter(|&m| yaml.is_mapping(m))
        .map(|m| {
            (
                m,
                yaml.get(m, "name")
                    .and_then(|n| yaml.str(n))
                    .unwrap_or("<unnamed>"),
            )
        })
        .collect()
}

fn metric_span(cx: &K8sContext<'_>, m: NodeId) -> Span {
    cx.entry_span(m, "name").unwrap_or_else(|| cx.span(m))
}

/// An integer field; `None` when absent, templated or not a number.
fn int(yaml: &YamlFile, m: NodeId, key: &str) -> Option<i64> {
    let n = yaml.get(m, key)?;
    yaml.int(n).or_else(|| yaml.str(n)?.trim().parse().ok())
}

impl Rule for MetricWithoutCondition {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        for (m, name) in metrics(yaml, o) {
            if ["successCondition", "failureCondition"]
                .iter()
                .any(|k| yaml.get(m, k).is_some())
                || yaml.path(m, &["provider", "job"]).is_some()
            {
                continue;
            }
            out.add(
                metric_span(cx, m),
                format!(
                    "metric `{name}` of {} has no `successCondition` or `failureCondition`: every measurement passes",
                    o.display()
                ),
            )
            .help("add a `successCondition` (or `failureCondition`) on the query result");
        }
    }
}

impl Rule for MetricWithoutFailureLimit {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        for (m, name) in metrics(yaml, o) {
            if yaml.get(m, "failureLimit").is_some() {
                continue;
            }
            let count = yaml.get(m, "count");
            let repeated = match count {
                Some(_) => int(yaml, m, "count").is_some_and(|c| c > 1),
                None => yaml.get(m, "interval").is_some(),
            };
            if !repeated {
                continue;
            }
            out.add(
                metric_span(cx, m),
                format!(
                    "metric `{name}` of {} measures repeatedly without `failureLimit`: the first failed measurement aborts the rollout",
                    o.display()
                ),
            )
            .help("set `failureLimit` to the number of failed measurements you tolerate");
        }
    }
}

impl Rule for InvalidMetricCount {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        for (m, name) in metrics(yaml, o) {
            let Some(count) = int(yaml, m, "count") else {
                continue;
            };
            let span = cx
                .entry_span(m, "count")
                .unwrap_or_else(|| metric_span(cx, m));
            if count > 1 && yaml.get(m, "interval").is_none() {
                out.add(
                    span,
                    format!(
                        "metric `{name}` of {} takes {count} measurements but has no `interval`: Argo Rollouts rejects it",
                        o.display()
                    ),
                )
                .help("set `interval` (for example `1m`) between measurements");
            }
            if let Some(limit) = int(yaml, m, "failureLimit")
                && count > 0
                && limit > count
            {
                out.add(
                    cx.entry_span(m, "failureLimit").unwrap_or(span),
                    format!(
                        "metric `{name}` of {} has `failureLimit: {limit}` above `count: {count}`: Argo Rollouts rejects it",
                        o.display()
                    ),
                )
                .help("lower `failureLimit` to at most `count`");
            }
        }
    }
}
