use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an `expr` that is not valid PromQL: syntax errors, unknown
    /// functions, wrong argument types (`rate(x)` without a range), and
    /// the other errors Prometheus' parser raises when it loads the rule.
    /// Expressions nested deeper than 128 brackets or longer than 64 KiB
    /// are not parsed and not reported, nor files where an expression has
    /// a `|` pipe outside strings: they are Loki ruler files (LogQL), which
    /// share Prometheus' rule file format. The finding points at the
    /// unclosed `(`, the unmatched `)` or the unterminated string when
    /// that is the error, else at the whole expression (the parser gives
    /// no positions).
    ///
    /// ## Why is this bad?
    /// Prometheus refuses to load a rule file with one invalid expression:
    /// the whole file (every group in it) is rejected, and a reload keeps
    /// running the old rules, or none after a restart. The operator sees
    /// the problem only in the Prometheus log.
    ///
    /// ## Example
    /// ```yaml
    /// groups:
    ///   - name: api
    ///     rules:
    ///       - record: job:http_requests:rate5m
    ///         expr: sum by (job) (rate(http_requests_total))
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// groups:
    ///   - name: api
    ///     rules:
    ///       - record: job:http_requests:rate5m
    ///         expr: sum by (job) (rate(http_requests_total[5m]))
    /// ```
    ///
    /// ## References
    /// - Practice O01 (alert rules with valid PromQL).
    /// - `promtool check rules` ("could not parse expression"); pint
    ///   `promql/syntax`.
    pub struct InvalidPromql {
        code: "PROM001",
        name: "invalid-promql",
        summary: "Rule expression is not valid PromQL",
        severity: Error,
        category: Correctness,
        practices: ["O01"],
        peers: [Pint "promql/syntax", Promtool "check rules"],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidPromql {
    fn check_prometheus(&self, cx: &PrometheusContext<'_>, out: &mut Diagnostics<'_>) {
        let rules = || {
            cx.prom
                .groups
                .iter()
                .flat_map(|g| g.rules.iter().map(move |r| (g, r)))
        };
        if rules().any(|(_, r)| r.expr_text.as_deref().is_some_and(promql::looks_like_logql)) {
            return;
        }
        for (group, rule) in rules() {
            self.check_prom_rule(cx, group, rule, out);
        }
    }

    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(Parsed::Err(message)) = rule.promql() else {
            return;
        };
        // The parser gives no positions; a few errors have a certain place.
        let span = match (rule.expr, rule.expr_text.as_deref()) {
            (Some(node), Some(text)) => promql::error_offset(text, message).map_or_else(
                || support::expr_span(cx, rule),
                |(start, end)| support::value_span(cx, node, start..end),
            ),
            _ => support::expr_span(cx, rule),
        };
        out.add(
            span,
            format!("{}: invalid PromQL: {message}", rule.describe()),
        )
        .help("fix the expression; `promtool check rules` shows the same error");
    }
}
