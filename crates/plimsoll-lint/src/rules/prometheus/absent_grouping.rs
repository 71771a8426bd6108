use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `absent()` and `absent_over_time()` around an aggregation
    /// with `by`/`without` (`absent(sum by (job) (up))`). Other arguments,
    /// such as `absent(up{job="x"} == 1)`, are not reported.
    ///
    /// ## Why is this bad?
    /// `absent()` returns one series without labels when its argument is
    /// empty, whatever that argument was: the grouping is lost, so the
    /// alert cannot say which job is missing, and it fires only when every
    /// group is gone, not when one is. Labels are kept only from the
    /// equality matchers of a plain selector.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: ExporterMissing
    ///   expr: absent(sum by (job) (up{job="node"}))
    ///   for: 5m
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - alert: ExporterMissing
    ///   expr: absent(up{job="node"})
    ///   for: 5m
    /// ```
    ///
    /// ## References
    /// - Practice O01 (alerts that fire when they should).
    /// - No pint check matches exactly; pint's `alerts/template` reports the
    ///   related template labels that `absent()` cannot return (PROM010 here).
    pub struct AbsentOfAggregation {
        code: "PROM015",
        name: "absent-loses-grouping",
        summary: "`absent()` around a grouped aggregation",
        severity: Warning,
        category: Correctness,
        practices: ["O01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for AbsentOfAggregation {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(ast) = rule.ast() else { return };
        for e in promql::nodes(ast) {
            let Expr::Call(c) = e else { continue };
            let func = promql::call_name(c);
            if !matches!(func, "absent" | "absent_over_time") {
                continue;
            }
            let Some(arg) = c.args.args.first().map(|a| promql::unparen(a)) else {
                continue;
            };
            let inner = match arg {
                Expr::Subquery(s) => promql::unparen(&s.expr),
                other => other,
            };
            let what = match inner {
                Expr::Aggregate(a) if a.modifier.is_some() => {
                    format!("a `{}` with `by`/`without`", promql::aggregate_name(a))
                }
                _ => continue,
            };
            out.add(
                support::locate_in_expr(cx, rule, &[&format!("{func}(")]),
                format!(
                    "{}: `{func}()` of {what} returns one series without labels: the grouping is lost",
                    rule.describe()
                ),
            )
            .help("apply `absent()` to a plain selector with the labels to keep as `=` matchers");
        }
    }
}
