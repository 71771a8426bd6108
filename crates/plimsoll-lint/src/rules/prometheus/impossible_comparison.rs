use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports comparisons (without `bool`) that can never be true for
    /// what they compare: `up` (0 or 1) with a value it cannot reach
    /// (`up == 2`, `up > 1`, `up < 0`), `absent()`/`absent_over_time()`
    /// (1 or nothing) with anything but 1 (`absent(x) == 0`), and
    /// `count()`/`count_over_time()` (at least 1, or nothing) with 0 or
    /// less (`count(x) == 0`, `count(x) < 1`). Other expressions are not
    /// judged.
    ///
    /// ## Why is this bad?
    /// The alert can never fire. `count(x) == 0` is the classic: when
    /// nothing matches, `count` returns no series at all, not a zero, so
    /// the alert stays silent exactly when it should fire.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: NoWorkers
    ///   expr: count(up{job="worker"} == 1) == 0
    ///   for: 5m
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - alert: NoWorkers
    ///   expr: absent(up{job="worker"} == 1)
    ///   for: 5m
    /// ```
    ///
    /// ## References
    /// - Practice O01 (alerts that fire when they should).
    /// - pint `promql/impossible` (queries that can never return a result).
    pub struct ImpossibleComparison {
        code: "PROM016",
        name: "comparison-never-true",
        summary: "Comparison that can never be true, so the alert never fires",
        severity: Warning,
        category: Correctness,
        practices: ["O01"],
        peers: [Pint "promql/impossible"],
        fix: None,
        default: true,
    }
}

/// The values an expression can take: (min, max, integers only, label).
fn range_of(expr: &Expr) -> Option<(f64, f64, &'static str)> {
    match promql::unparen(expr) {
        Expr::VectorSelector(vs)
            if promql::metric_name(vs) == Some("up") && vs.offset.is_none() =>
        {
            Some((0.0, 1.0, "`up` is 0 or 1"))
        }
        Expr::Call(c) if matches!(promql::call_name(c), "absent" | "absent_over_time") => {
            Some((1.0, 1.0, "`absent()` returns 1 or nothing"))
        }
        Expr::Call(c) if promql::call_name(c) == "count_over_time" => Some((
            1.0,
            f64::INFINITY,
            "`count_over_time()` returns at least 1 or nothing",
        )),
        Expr::Aggregate(a) if promql::aggregate_name(a) == "count" => Some((
            1.0,
            f64::INFINITY,
            "`count()` returns at least 1 or nothing",
        )),
        _ => None,
    }
}

fn number(expr: &Expr) -> Option<f64> {
    match promql::unparen(expr) {
        Expr::NumberLiteral(n) => Some(n.val),
        Expr::Unary(u) => number(&u.expr).map(|v| -v),
        _ => None,
    }
}

/// Whether `value op n` can be true for some value in [min, max] (`up`
/// takes only 0 and 1).
fn possible(op: &str, min: f64, max: f64, n: f64, up: bool) -> bool {
    let candidates: Vec<f64> = if up { vec![0.0, 1.0] } else { Vec::new() };
    let test = |v: f64| match op {
        "==" => (v - n).abs() < f64::EPSILON,
        "!=" => (v - n).abs() >= f64::EPSILON,
        ">" => v > n,
        ">=" => v >= n,
        "<" => v < n,
        "<=" => v <= n,
        _ => true,
    };
    if up {
        return candidates.into_iter().any(test);
    }
    match op {
        "==" => n >= min && n <= max,
        "!=" => !((max - min).abs() < f64::EPSILON && (min - n).abs() < f64::EPSILON),
        ">" => max > n,
        ">=" => max >= n,
        "<" => min < n,
        "<=" => min <= n,
        _ => true,
    }
}

fn mirror(op: &str) -> &str {
    match op {
        ">" => "<",
        "<" => ">",
        ">=" => "<=",
        "<=" => ">=",
        other => other,
    }
}

impl Rule for ImpossibleComparison {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(ast) = rule.ast() else { return };
        for e in promql::nodes(ast) {
            let Expr::Binary(b) = e else { continue };
            if b.modifier.as_ref().is_some_and(|m| m.return_bool) {
                continue;
            }
            let op = b.op.to_string();
            if !matches!(op.as_str(), "==" | "!=" | ">" | ">=" | "<" | "<=") {
                continue;
            }
            let (side, n, op) = match (
                range_of(&b.lhs),
                number(&b.rhs),
                range_of(&b.rhs),
                number(&b.lhs),
            ) {
                (Some(r), Some(n), _, _) => (r, n, op.as_str()),
                (_, _, Some(r), Some(n)) => (r, n, mirror(&op)),
                _ => continue,
            };
            let (min, max, why) = side;
            let up = why.starts_with("`up`");
            if possible(op, min, max, n, up) {
                continue;
            }
            out.add(
                support::expr_span(cx, rule),
                format!(
                    "{}: the comparison `{op} {n}` can never be true: {why}",
                    rule.describe()
                ),
            )
            .help("compare with a value the expression can take; to alert on missing series use `absent()`");
        }
    }
}
