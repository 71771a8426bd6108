use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports alerting rules without a `for` duration, or with `for: 0s`.
    /// Alerts whose expression is a constant (`vector(1)`, `1`: the
    /// always-firing "watchdog" alerts) are not reported.
    ///
    /// ## Why is this bad?
    /// Without `for`, an alert fires on the first evaluation where the
    /// expression returns a result: one slow scrape, one restart or one
    /// spike pages someone, and the alert flaps between firing and
    /// resolved. A `for` makes the condition hold for a while first.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: HighErrorRate
    ///   expr: job:errors:ratio5m > 0.05
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - alert: HighErrorRate
    ///   expr: job:errors:ratio5m > 0.05
    ///   for: 10m
    /// ```
    ///
    /// ## References
    /// - Practice O01 (alert rules have a `for` duration).
    /// - pint `rule/for` (configured with a minimum `for`).
    pub struct AlertWithoutFor {
        code: "PROM003",
        name: "alert-without-for",
        summary: "Alert fires on the first evaluation (no `for` duration)",
        severity: Warning,
        category: Reliability,
        practices: ["O01"],
        peers: [Pint "rule/for"],
        fix: None,
        default: true,
    }
}

/// Whether an expression selects no series (a constant alert).
fn is_constant(expr: &Expr) -> bool {
    promql::selectors(expr).is_empty()
}

impl Rule for AlertWithoutFor {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let Some((name, node)) = rule.alert.as_ref().filter(|_| rule.is_alert()) else {
            return;
        };
        if rule.ast().is_none_or(is_constant) {
            return;
        }
        match rule.for_ {
            None => {
                out.add(
                    cx.span(*node),
                    format!(
                        "alert `{name}` has no `for`: it fires on the first evaluation that matches"
                    ),
                )
                .help("add `for:` with how long the condition must hold, e.g. `for: 5m`");
            }
            Some(f) => {
                if cx.str(f).and_then(duration::parse_ms) == Some(0) {
                    out.add(
                        cx.entry_span(rule.node, "for").unwrap_or_else(|| cx.span(f)),
                        format!("alert `{name}` has `for: 0`: it fires on the first evaluation that matches"),
                    )
                    .help("set how long the condition must hold, e.g. `for: 5m`");
                }
            }
        }
    }
}
