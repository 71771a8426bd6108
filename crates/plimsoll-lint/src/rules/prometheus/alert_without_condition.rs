use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports alerting rules whose expression has no condition: no
    /// comparison (`>`, `==`...; `bool` comparisons do not filter) and no
    /// `absent()`/`absent_over_time()`, such as `expr: rate(errors_total[5m])`.
    /// Expressions without a selector (always-firing "watchdog" alerts)
    /// and those reading only recorded series (names with `:`, which may
    /// be filtered already) are not reported.
    ///
    /// ## Why is this bad?
    /// An alert fires for every series its expression returns. Without a
    /// condition that is every series that exists, whatever its value:
    /// a zero error rate pages as surely as a high one. The threshold was
    /// usually forgotten.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: HighErrorRate
    ///   expr: sum by (job) (rate(http_errors_total[5m]))
    ///   for: 10m
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - alert: HighErrorRate
    ///   expr: sum by (job) (rate(http_errors_total[5m])) > 1
    ///   for: 10m
    /// ```
    ///
    /// ## References
    /// - Practice O01 (alert rules with valid, meaningful PromQL).
    /// - pint `alerts/comparison`.
    pub struct AlertWithoutCondition {
        code: "PROM019",
        name: "alert-without-condition",
        summary: "Alert expression has no condition, so every series fires",
        severity: Warning,
        category: Correctness,
        practices: ["O01"],
        peers: [Pint "alerts/comparison"],
        fix: None,
        default: true,
    }
}

/// Whether the expression filters its series somewhere.
fn has_condition(expr: &Expr) -> bool {
    promql::nodes(expr).into_iter().any(|e| match e {
        Expr::Binary(b) => {
            let op = b.op.to_string();
            let filters = matches!(op.as_str(), "==" | "!=" | ">" | "<" | ">=" | "<=")
                && !b.modifier.as_ref().is_some_and(|m| m.return_bool);
            // `unless`/`and` filter by another vector's presence.
            filters || matches!(op.to_ascii_lowercase().as_str(), "and" | "unless")
        }
        Expr::Call(c) => matches!(
            promql::call_name(c),
            "absent" | "absent_over_time" | "limitk" | "limit_ratio"
        ),
        // `topk`/`bottomk` pick series.
        Expr::Aggregate(a) => matches!(
            promql::aggregate_name(a).as_str(),
            "topk" | "bottomk" | "limitk" | "limit_ratio"
        ),
        _ => false,
    })
}

impl Rule for AlertWithoutCondition {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let Some((name, _)) = rule.alert.as_ref().filter(|_| rule.is_alert()) else {
            return;
        };
        let Some(ast) = rule.ast() else { return };
        let selectors = promql::selectors(ast);
        if selectors.is_empty()
            || selectors
                .iter()
                .all(|vs| promql::metric_name(vs).is_none_or(|n| n.contains(':') || n == "ALERTS"))
            || has_condition(ast)
        {
            return;
        }
        out.add(
            support::expr_span(cx, rule),
            format!(
                "alert `{name}` has no condition: it fires for every series the expression returns"
            ),
        )
        .help("add the threshold the alert is about, e.g. `... > 0.05`");
    }
}
