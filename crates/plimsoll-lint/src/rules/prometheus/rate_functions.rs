use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `rate`, `irate` and `increase` over a metric whose name says
    /// it is a gauge: names ending in `_bytes`, `_ratio`, `_percent`,
    /// `_celsius`, `_info`, `_timestamp_seconds` or `_time_seconds`, the
    /// `node_memory_` family and `up`, unless they end in a counter suffix
    /// (`_total`, `_count`, `_sum`, `_bucket`). Names of recording rules
    /// (with a `:`) and names chosen at run time are not judged.
    ///
    /// ## Why is this bad?
    /// These functions treat every decrease as a counter reset: on a gauge
    /// that goes down (free memory, queue length) they add the whole new
    /// value, so the result jumps and is meaningless. A gauge's change is
    /// `deriv()` or `delta()`; its level, `avg_over_time()`.
    ///
    /// ## Example
    /// ```yaml
    /// - record: instance:memory_available:rate5m
    ///   expr: rate(node_memory_MemAvailable_bytes[5m])
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - record: instance:memory_available:deriv5m
    ///   expr: deriv(node_memory_MemAvailable_bytes[5m])
    /// ```
    ///
    /// ## References
    /// - Practice O01 (valid, meaningful alert expressions).
    /// - pint `promql/rate` (which asks Prometheus for the metric type;
    ///   this rule reads the name).
    pub struct RateOnGauge {
        code: "PROM008",
        name: "rate-on-gauge",
        summary: "`rate`/`irate`/`increase` over a metric named like a gauge",
        severity: Warning,
        category: Correctness,
        practices: ["O01"],
        peers: [Pint "promql/rate"],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `rate`, `irate`, `increase`, `delta`, `idelta` and `deriv`
    /// over a range shorter than two scrape intervals. The scrape interval
    /// is not in the rule file: the rule assumes Prometheus' default of 1m
    /// (so ranges under 2m are reported) unless `[prometheus]
    /// scrape-interval` says otherwise.
    ///
    /// ## Why is this bad?
    /// These functions need two samples inside the range. With a range of
    /// less than two intervals, most windows hold one sample and the
    /// result is empty: graphs have gaps and alerts never fire, or fire
    /// and resolve at random when a scrape is late.
    ///
    /// ## Example
    /// ```yaml
    /// - record: job:http_requests:rate1m
    ///   expr: sum by (job) (rate(http_requests_total[1m]))
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - record: job:http_requests:rate5m
    ///   expr: sum by (job) (rate(http_requests_total[5m]))
    /// ```
    ///
    /// ## Options
    /// `[prometheus] scrape-interval = "30s"` in `plimsoll.toml`: the
    /// interval the range is compared with.
    ///
    /// ## References
    /// - Practice O01 (valid, meaningful alert expressions).
    /// - pint `promql/rate` (which reads the real scrape interval from
    ///   Prometheus).
    pub struct RangeTooShort {
        code: "PROM009",
        name: "rate-range-too-short",
        summary: "Rate over a range shorter than two scrape intervals",
        severity: Warning,
        category: Correctness,
        practices: ["O01"],
        peers: [Pint "promql/rate"],
        fix: None,
        default: true,
    }
}

const GAUGE_SUFFIXES: [&str; 9] = [
    "_bytes",
    "_ratio",
    "_percent",
    "_percentage",
    "_celsius",
    "_info",
    "_timestamp_seconds",
    "_time_seconds",
    "_temperature",
];

const COUNTER_SUFFIXES: [&str; 5] = ["_total", "_count", "_sum", "_bucket", "_created"];

/// Why a metric name reads as a gauge, if it does.
fn gauge_reason(name: &str) -> Option<&'static str> {
    if name.contains(':') || COUNTER_SUFFIXES.iter().any(|s| name.ends_with(s)) {
        return None;
    }
    if name == "up" {
        return Some("`up` is 0 or 1");
    }
    if name.starts_with("node_memory_") {
        return Some("node_exporter's memory metrics are gauges");
    }
    GAUGE_SUFFIXES
        .iter()
        .any(|s| name.ends_with(s))
        .then_some("its name ends like a gauge's, not `_total`")
}

/// The calls of `functions` in `expr` whose argument is a matrix selector.
fn range_calls<'e>(
    expr: &'e Expr,
    functions: &[&str],
) -> Vec<(&'static str, &'e promql_parser::parser::MatrixSelector)> {
    promql::nodes(expr)
        .into_iter()
        .filter_map(|e| match e {
            Expr::Call(c) if functions.contains(&promql::call_name(c)) => {
                match c.args.args.first().map(|a| promql::unparen(a)) {
                    Some(Expr::MatrixSelector(ms)) => Some((promql::call_name(c), ms)),
                    _ => None,
                }
            }
            _ => None,
        })
        .collect()
}

impl Rule for RateOnGauge {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(ast) = rule.ast() else { return };
        for (func, ms) in range_calls(ast, &["rate", "irate", "increase"]) {
            let Some(name) = promql::metric_name(&ms.vs) else {
                continue;
            };
            let Some(reason) = gauge_reason(name) else {
                continue;
            };
            out.add(
                support::locate_in_expr(cx, rule, &[name]),
                format!(
                    "{}: `{func}()` over `{name}`, which is not a counter ({reason})",
                    rule.describe()
                ),
            )
            .help("use `deriv()` or `delta()` for the change of a gauge, `*_over_time()` for its level");
        }
    }
}

impl Rule for RangeTooShort {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(ast) = rule.ast() else { return };
        let scrape = cx
            .settings
            .prometheus
            .scrape_interval_ms
            .unwrap_or(support::ASSUMED_SCRAPE_INTERVAL_MS);
        let assumed = cx.settings.prometheus.scrape_interval_ms.is_none();
        for (func, ms) in range_calls(
            ast,
            &["rate", "irate", "increase", "delta", "idelta", "deriv"],
        ) {
            let range = u64::try_from(ms.range.as_millis()).unwrap_or(u64::MAX);
            if range >= 2 * scrape {
                continue;
            }
            let written = duration::format_ms(range);
            let name = promql::metric_name(&ms.vs).unwrap_or_default();
            out.add(
                support::locate_in_expr(cx, rule, &[&format!("[{written}]"), name]),
                format!(
                    "{}: `{func}()` over [{written}], less than two scrape intervals of {}{}",
                    rule.describe(),
                    duration::format_ms(scrape),
                    if assumed { " (assumed)" } else { "" }
                ),
            )
            .help(format!(
                "use a range of at least {} (four intervals is safer), or set `[prometheus] scrape-interval`",
                duration::format_ms(2 * scrape)
            ));
        }
    }
}
