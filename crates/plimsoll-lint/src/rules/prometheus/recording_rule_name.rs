use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports recording rules whose name does not follow Prometheus'
    /// `level:metric:operations` convention: fewer than three non-empty
    /// parts separated by `:` (`job_http_requests_rate5m`, `job:requests`).
    /// An empty level (`:node_memory:sum`, aggregated over everything) is
    /// accepted. Off by default: many rule sets name recorded series their
    /// own way (`apiserver_request:burnrate1h` in kube-prometheus).
    ///
    /// ## Why is this bad?
    /// The convention tells at a glance that a series is recorded, which
    /// labels it keeps (the level), what it is derived from and what was
    /// done to it, and keeps recorded names from colliding with exported
    /// metrics. Colons are reserved for recording rules for this reason.
    ///
    /// ## Example
    /// ```yaml
    /// - record: http_requests_rate5m
    ///   expr: sum by (job) (rate(http_requests_total[5m]))
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - record: job:http_requests:rate5m
    ///   expr: sum by (job) (rate(http_requests_total[5m]))
    /// ```
    ///
    /// ## References
    /// - Practice O01 (alerting and recording rules that are easy to operate).
    /// - pint `rule/name` (configured with the convention's pattern).
    pub struct RecordingRuleName {
        code: "PROM012",
        name: "recording-rule-name-not-conventional",
        summary: "Recording rule name is not `level:metric:operations`",
        severity: Info,
        category: BestPractice,
        practices: ["O01"],
        peers: [Pint "rule/name"],
        fix: None,
        default: false,
    }
}

impl Rule for RecordingRuleName {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let Some((name, node)) = rule.record.as_ref().filter(|_| rule.is_record()) else {
            return;
        };
        if !support::is_legacy_name(name, true) {
            return;
        }
        let parts: Vec<&str> = name.split(':').collect();
        if parts.len() >= 3 && parts[1..].iter().all(|p| !p.is_empty()) {
            return;
        }
        out.add(
            cx.span(*node),
            format!("recording rule `{name}` does not follow `level:metric:operations`"),
        )
        .help("name it after the labels it keeps, the metric and the operations, e.g. `job:http_requests:rate5m`");
    }
}
