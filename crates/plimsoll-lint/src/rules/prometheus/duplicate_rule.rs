use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an alerting rule with the same name and the same labels as
    /// an earlier one of its group, and a recording rule with the same
    /// name and labels as an earlier one of the file (or of the same
    /// `PrometheusRule` object), whatever the group, when the two certainly
    /// write the same series: the same expression (spacing aside), or two
    /// expressions that both return a single series without labels.
    /// Recording rules that share a name but select different series
    /// (`code=~"2.."` and `code=~"5.."` kept by `sum by (code)`) are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// Two recording rules writing the same series collide: Prometheus
    /// logs "duplicate sample" errors and keeps whichever wrote first.
    /// Two alerts with the same name and labels are indistinguishable in
    /// Alertmanager: one silences or resolves the other. Usually one is a
    /// copy that should have been edited.
    ///
    /// ## Example
    /// ```yaml
    /// - record: http_requests:rate5m
    ///   expr: sum(rate(http_requests_total[5m]))
    /// - record: http_requests:rate5m
    ///   expr: sum(rate(http_requests_total{code!~"5.."}[5m]))
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - record: http_requests:rate5m
    ///   expr: sum(rate(http_requests_total[5m]))
    /// - record: http_requests_non5xx:rate5m
    ///   expr: sum(rate(http_requests_total{code!~"5.."}[5m]))
    /// ```
    ///
    /// ## References
    /// - Practice O01 (valid alert rules).
    /// - pint `rule/duplicate`; `promtool check rules` (duplicate-rules lint).
    pub struct DuplicateRule {
        code: "PROM011",
        name: "duplicate-rule",
        summary: "Rule with the same name and labels as another",
        severity: Warning,
        category: Correctness,
        practices: ["O01"],
        peers: [Pint "rule/duplicate", Promtool "duplicate-rules"],
        fix: None,
        default: true,
    }
}

/// The rule's labels as sorted name/value pairs (`None` when a value is
/// not a string).
fn label_key(cx: &PrometheusContext<'_>, rule: &PromRule) -> Option<LabelKey> {
    let mut v: Vec<(String, String)> = rule
        .labels
        .iter()
        .map(|e| Some((e.name.clone(), cx.str(e.value)?.to_string())))
        .collect::<Option<_>>()?;
    v.sort();
    v.dedup_by(|a, b| a.0 == b.0);
    Some(v)
}

/// Sorted label name/value pairs.
type LabelKey = Vec<(String, String)>;

/// Whether two recording rules with the same name and labels certainly
/// write the same series.
fn same_series(a: &PromRule, b: &PromRule) -> bool {
    let norm = |r: &PromRule| {
        r.expr_text
            .as_deref()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    if norm(a).is_some() && norm(a) == norm(b) {
        return true;
    }
    let bare = |r: &PromRule| {
        r.ast()
            .is_some_and(|e| promql::output_labels(e) == LabelSet::Only(Vec::new()))
    };
    bare(a) && bare(b)
}

impl Rule for DuplicateRule {
    fn check_prometheus(&self, cx: &PrometheusContext<'_>, out: &mut Diagnostics<'_>) {
        // Recording rules: per source, across groups.
        let mut records: Vec<(usize, &str, LabelKey, &PromRule)> = Vec::new();
        for group in &cx.prom.groups {
            let mut alerts: Vec<(&str, LabelKey, NodeId)> = Vec::new();
            for rule in &group.rules {
                let Some(labels) = label_key(cx, rule) else {
                    continue;
                };
                if let (Some((name, node)), true) = (&rule.alert, rule.is_alert()) {
                    if let Some((_, _, first)) =
                        alerts.iter().find(|(n, l, _)| n == name && *l == labels)
                    {
                        out.add(
                            cx.span(*node),
                            format!(
                                "alert `{name}` duplicates an earlier alert of {} with the same labels",
                                group.describe()
                            ),
                        )
                        .related(cx.span(*first), "first defined here")
                        .help("remove the copy or tell the alerts apart with a label");
                    } else {
                        alerts.push((name, labels, *node));
                    }
                } else if let (Some((name, node)), true) = (&rule.record, rule.is_record()) {
                    if let Some((_, _, _, first)) = records.iter().find(|(s, n, l, r)| {
                        *s == group.source && n == name && *l == labels && same_series(r, rule)
                    }) {
                        out.add(
                            cx.span(*node),
                            format!(
                                "recording rule `{name}` writes the same series as an earlier rule"
                            ),
                        )
                        .related(cx.span(first.name_node()), "first defined here")
                        .help("rename one of the recording rules or remove the copy");
                    } else {
                        records.push((group.source, name, labels, rule));
                    }
                }
            }
        }
    }
}
