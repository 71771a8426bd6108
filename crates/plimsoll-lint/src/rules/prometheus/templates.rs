use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports Go template errors in the labels and annotations of
    /// alerting rules: an action `{{` without its `}}`, a variable that is
    /// not declared (Prometheus declares `$labels`, `$value`,
    /// `$externalLabels` and `$externalURL`), a function outside
    /// Prometheus' template functions and Go's built-ins, and `if`/`range`/
    /// `with` blocks without their `{{ end }}` (or the reverse). Functions
    /// of recent Prometheus versions (`toDuration`, `urlQueryEscape`) are
    /// accepted. Recording rules are not checked: Prometheus does not
    /// expand their labels.
    ///
    /// ## Why is this bad?
    /// Prometheus parses these templates when it loads the file and
    /// rejects the whole file on an error, like an invalid expression.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: InstanceDown
    ///   expr: up == 0
    ///   for: 5m
    ///   annotations:
    ///     summary: "{{ $label.instance }} is down for {{ $value | humanise }}"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - alert: InstanceDown
    ///   expr: up == 0
    ///   for: 5m
    ///   annotations:
    ///     summary: "{{ $labels.instance }} is down"
    /// ```
    ///
    /// ## References
    /// - Practice O01 (valid alert rules).
    /// - pint `alerts/template`; `promtool check rules` (template parsing).
    pub struct InvalidTemplate {
        code: "PROM007",
        name: "invalid-alert-template",
        summary: "Alert label or annotation is not a valid template",
        severity: Error,
        category: Correctness,
        practices: ["O01"],
        peers: [Pint "alerts/template", Promtool "check rules"],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports alert templates that read a label (`{{ $labels.instance }}`,
    /// `{{ index $labels "pod" }}`) the alert's expression cannot return:
    /// the expression aggregates it away (`sum by (job)`, `count` without
    /// `by`), matches with `on (...)` without it, or is `absent(...)`,
    /// which only returns the labels of its equality matchers. Labels the
    /// rule sets itself and expressions whose labels cannot be worked out
    /// are not reported.
    ///
    /// ## Why is this bad?
    /// The label expands to an empty string: the notification says
    /// "instance  is down" and nobody knows where to look.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: HighErrorRate
    ///   expr: sum by (job) (rate(http_errors_total[5m])) > 1
    ///   for: 10m
    ///   annotations:
    ///     summary: "Errors on {{ $labels.instance }}"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - alert: HighErrorRate
    ///   expr: sum by (job, instance) (rate(http_errors_total[5m])) > 1
    ///   for: 10m
    ///   annotations:
    ///     summary: "Errors on {{ $labels.instance }}"
    /// ```
    ///
    /// ## References
    /// - Practice O01 (alert rules with useful annotations).
    /// - pint `alerts/template`.
    pub struct TemplateLabelNotInQuery {
        code: "PROM010",
        name: "template-label-dropped-by-query",
        summary: "Alert template reads a label the expression removes",
        severity: Warning,
        category: Correctness,
        practices: ["O01"],
        peers: [Pint "alerts/template"],
        fix: None,
        default: true,
    }
}

/// The labels and annotations of an alert, each with its scan.
fn scans(cx: &PrometheusContext<'_>, rule: &PromRule) -> Vec<(NodeId, template::Scan)> {
    rule.labels
        .iter()
        .chain(&rule.annotations)
        .filter_map(|e| {
            let text = cx.str(e.value)?;
            Some((e.value, template::scan(text)))
        })
        .collect()
}

impl Rule for InvalidTemplate {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        if !rule.is_alert() {
            return;
        }
        for (node, scan) in scans(cx, rule) {
            for issue in scan.issues {
                out.add(
                    support::value_span(cx, node, issue.range),
                    format!("{}: invalid template: {}", rule.describe(), issue.message),
                )
                .help("Prometheus rejects the file; fix the template");
            }
        }
    }
}

impl Rule for TemplateLabelNotInQuery {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        if !rule.is_alert() {
            return;
        }
        let Some(ast) = rule.ast() else { return };
        let labels = promql::output_labels(ast);
        if matches!(&labels, LabelSet::Any { except } if except.is_empty()) {
            return;
        }
        for (node, scan) in scans(cx, rule) {
            if !scan.issues.is_empty() {
                continue;
            }
            for r in scan.labels {
                if labels.may_have(&r.name) || rule.label(&r.name).is_some() {
                    continue;
                }
                let why = match &labels {
                    LabelSet::Only(v) if v.is_empty() => {
                        "the expression returns no labels".to_string()
                    }
                    LabelSet::Only(v) => format!(
                        "the expression only returns {}",
                        v.iter()
                            .map(|l| format!("`{l}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    LabelSet::Any { .. } => "the expression removes it".to_string(),
                };
                out.add(
                    support::value_span(cx, node, r.range),
                    format!(
                        "{}: the template reads label `{}`, but {why}",
                        rule.describe(),
                        r.name
                    ),
                )
                .help(format!(
                    "keep `{}` in the expression (e.g. in `by (...)`) or drop it from the template",
                    r.name
                ));
            }
        }
    }
}
