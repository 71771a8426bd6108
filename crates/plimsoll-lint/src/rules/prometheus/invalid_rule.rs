use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports rules Prometheus refuses to load: neither or both of
    /// `alert` and `record`, a missing or empty `expr`, `for`,
    /// `keep_firing_for` or `annotations` on a recording rule, a duration
    /// Prometheus cannot read (`for: 5 minutes`), a recording rule name
    /// that holds PromQL (`foo{job="x"}`, spaces), a `__name__` or empty
    /// label, and keys that are not rule fields (`annotation:`). Label
    /// and annotation names outside `[a-zA-Z_][a-zA-Z0-9_]*` are reported
    /// as warnings: Prometheus 3 accepts them, earlier versions do not.
    ///
    /// ## Why is this bad?
    /// One invalid rule makes Prometheus reject the whole file: none of
    /// its alerts evaluate until the file is fixed, and nothing but the
    /// log says so. The Prometheus Operator copies `PrometheusRule`
    /// objects into that file, so the damage reaches other teams' rules.
    ///
    /// ## Example
    /// ```yaml
    /// groups:
    ///   - name: api
    ///     rules:
    ///       - record: job:errors:rate5m
    ///         expr: sum by (job) (rate(errors_total[5m]))
    ///         for: 5m
    ///         annotation:
    ///           summary: errors
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// groups:
    ///   - name: api
    ///     rules:
    ///       - record: job:errors:rate5m
    ///         expr: sum by (job) (rate(errors_total[5m]))
    /// ```
    ///
    /// ## References
    /// - Practice O01 (valid alert rules).
    /// - `promtool check rules` (rule format validation); pint `yaml/parse`.
    pub struct InvalidRule {
        code: "PROM002",
        name: "invalid-rule-definition",
        summary: "Rule definition Prometheus refuses to load",
        severity: Error,
        category: Correctness,
        practices: ["O01"],
        peers: [Promtool "check rules", Pint "yaml/parse"],
        fix: None,
        default: true,
    }
}

fn check_duration(
    cx: &PrometheusContext<'_>,
    rule: &PromRule,
    node: Option<NodeId>,
    key: &str,
    out: &mut Diagnostics<'_>,
) {
    let Some(node) = node else { return };
    let Some(text) = cx.str(node) else {
        out.add(
            cx.span(node),
            format!("{}: `{key}` is not a duration", rule.describe()),
        )
        .help("write a duration such as `5m`");
        return;
    };
    if duration::parse_ms(text).is_none() {
        out.add(
            cx.span(node),
            format!(
                "{}: `{key}: {text}` is not a Prometheus duration",
                rule.describe()
            ),
        )
        .help("use units y, w, d, h, m, s, ms in that order without spaces, e.g. `5m` or `1h30m`");
    }
}

fn check_names(
    cx: &PrometheusContext<'_>,
    rule: &PromRule,
    entries: &[Entry],
    what: &str,
    out: &mut Diagnostics<'_>,
) {
    for e in entries {
        let span = cx.span(e.key);
        if e.name.is_empty() || (what == "label" && e.name == "__name__") {
            out.add(
                span,
                format!("{}: invalid {what} name `{}`", rule.describe(), e.name),
            )
            .help(format!("rename the {what}"));
        } else if !support::is_legacy_name(&e.name, false) {
            out.add(
                span,
                format!(
                    "{}: {what} name `{}` is rejected by Prometheus before 3.0",
                    rule.describe(),
                    e.name
                ),
            )
            .help("use letters, digits and underscores (`foo_bar`)")
            .severity(Severity::Warning);
        }
        if what == "label" && !cx.yaml.is_null(e.value) && cx.str(e.value).is_none() {
            out.add(
                cx.span(e.value),
                format!("{}: label `{}` is not a string", rule.describe(), e.name),
            )
            .help("write the label value as a string");
        }
    }
}

impl Rule for InvalidRule {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        let head = cx.span(rule.node);
        match (&rule.alert, &rule.record) {
            (Some(_), Some((_, r))) => {
                out.add(
                    cx.span(*r),
                    format!("{}: both `alert` and `record` are set", rule.describe()),
                )
                .help("split it into an alerting rule and a recording rule");
            }
            (None, None) => {
                out.add(head, "rule has neither `alert` nor `record`")
                    .help("name the rule with `alert:` or `record:`");
            }
            _ => {}
        }
        for (key, value) in yaml.entries(rule.node) {
            let Some(name) = yaml.str(key) else { continue };
            if !crate::prometheus::RULE_KEYS.contains(&name) {
                out.add(
                    cx.span(key),
                    format!("{}: `{name}` is not a rule field", rule.describe()),
                )
                .help("rule fields are alert, record, expr, for, keep_firing_for, labels, annotations");
            }
            if matches!(name, "alert" | "record")
                && (yaml.is_null(value) || yaml.str(value) == Some(""))
            {
                out.add(cx.span(key), format!("rule has an empty `{name}`"))
                    .help("give the rule a name");
            }
        }
        match rule.expr {
            None => {
                out.add(head, format!("{}: no `expr`", rule.describe()))
                    .help("add the PromQL expression the rule evaluates");
            }
            Some(e) if cx.str(e).is_some_and(|t| t.trim().is_empty()) => {
                out.add(cx.span(e), format!("{}: empty `expr`", rule.describe()))
                    .help("add the PromQL expression the rule evaluates");
            }
            Some(e) if cx.str(e).is_none() => {
                out.add(
                    cx.span(e),
                    format!("{}: `expr` is not a string", rule.describe()),
                )
                .help("write the expression as a string");
            }
            _ => {}
        }
        if let (Some((name, node)), None) = (&rule.record, &rule.alert) {
            for key in ["for", "keep_firing_for", "annotations"] {
                if let Some(k) = yaml.key_node(rule.node, key) {
                    out.add(
                        cx.span(k),
                        format!("recording rule `{name}` cannot have `{key}`"),
                    )
                    .help(format!("remove `{key}` or make this an alerting rule"));
                }
            }
            if !name.is_empty()
                && name.chars().any(|c| {
                    matches!(
                        c,
                        '{' | '}' | '(' | ')' | '[' | ']' | '"' | '=' | ' ' | '\t' | '\n'
                    )
                })
            {
                out.add(
                    cx.span(*node),
                    format!("`{name}` is not a valid recording rule name"),
                )
                .help("a recording rule name is a metric name; put selectors in `expr`");
            }
        }
        if rule.is_alert() {
            check_duration(cx, rule, rule.for_, "for", out);
            check_duration(cx, rule, rule.keep_firing_for, "keep_firing_for", out);
        }
        check_names(cx, rule, &rule.labels, "label", out);
        check_names(cx, rule, &rule.annotations, "annotation", out);
    }
}
