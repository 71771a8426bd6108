use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports regular expression matchers (`=~`, `!~`) that start with
    /// `^` or end with an unescaped `$`.
    ///
    /// ## Why is this bad?
    /// PromQL anchors every label regex at both ends already
    /// (`{job=~"api"}` matches `api`, not `api-2`). The anchors change
    /// nothing, and they suggest that unanchored patterns match
    /// substrings, which they do not: `=~"api"` does not match `my-api`.
    ///
    /// ## Example
    /// ```yaml
    /// - record: job:up:sum
    ///   expr: sum by (job) (up{job=~"^(api|web)$"})
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - record: job:up:sum
    ///   expr: sum by (job) (up{job=~"api|web"})
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the anchors are removed only where the pattern is written
    /// verbatim, and PromQL adds the same anchors itself.
    ///
    /// ## References
    /// - Practice O01 (clear, valid PromQL).
    /// - pint `promql/regexp`.
    pub struct RedundantRegexAnchors {
        code: "PROM013",
        name: "redundant-regex-anchors",
        summary: "Label regex with `^`/`$` anchors PromQL already adds",
        severity: Info,
        category: BestPractice,
        practices: ["O01"],
        peers: [Pint "promql/regexp"],
        fix: Sometimes,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports regular expression matchers whose pattern has no regex
    /// syntax at all (`{job=~"api"}`, `{env!~"prod"}`). Patterns with any
    /// of `.+*?()[]{}|^$\` are not reported.
    ///
    /// ## Why is this bad?
    /// Such a regex matches exactly the same values as `=`/`!=` (PromQL
    /// anchors regexes), but costs a regex evaluation per series and
    /// reads as if it matched substrings.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: ApiDown
    ///   expr: up{job=~"api"} == 0
    ///   for: 5m
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - alert: ApiDown
    ///   expr: up{job="api"} == 0
    ///   for: 5m
    /// ```
    ///
    /// ## Fix safety
    /// Safe: a pattern without regex syntax matches only itself.
    ///
    /// ## References
    /// - Practice O01 (clear, valid PromQL).
    /// - pint `promql/regexp`.
    pub struct RegexWithoutRegex {
        code: "PROM014",
        name: "regex-matcher-without-regex",
        summary: "Regex matcher whose pattern is a plain string",
        severity: Info,
        category: Efficiency,
        practices: ["O01"],
        peers: [Pint "promql/regexp"],
        fix: Sometimes,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports label matchers whose pattern matches every value:
    /// `label=~".*"` (also written `^.*$` or `(.*)`), which filters
    /// nothing, and `label!~".*"`, which filters everything out, so the
    /// selector never returns a series (reported as a warning).
    ///
    /// ## Why is this bad?
    /// `=~".*"` matches any value, the empty one too, so series without
    /// the label pass as well: the matcher does nothing but cost a regex
    /// per series and suggest a filter that is not there (often a
    /// template default left in place). `!~".*"` is the opposite: no
    /// series passes, and an alert using it can never fire.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: NotificationsFailing
    ///   expr: rate(alertmanager_notifications_failed_total{integration=~".*"}[5m]) > 0
    ///   for: 15m
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - alert: NotificationsFailing
    ///   expr: rate(alertmanager_notifications_failed_total[5m]) > 0
    ///   for: 15m
    /// ```
    ///
    /// ## References
    /// - Practice O01 (clear, valid PromQL).
    /// - pint `promql/regexp` (redundant regexes) and `promql/impossible`
    ///   (selectors that can match nothing).
    pub struct MatchAllRegex {
        code: "PROM018",
        name: "match-all-regex-matcher",
        summary: "Label regex `.*` that matches every value (or, negated, none)",
        severity: Info,
        category: Correctness,
        practices: ["O01"],
        peers: [Pint "promql/regexp", Pint "promql/impossible"],
        fix: None,
        default: true,
    }
}

/// Patterns that match every string (on one line).
fn matches_everything(pattern: &str) -> bool {
    let p = pattern.strip_prefix('^').unwrap_or(pattern);
    let p = p.strip_suffix('$').unwrap_or(p);
    let p = p.strip_prefix("(?s)").unwrap_or(p);
    matches!(p, ".*" | "(.*)" | "(?:.*)" | ".*?" | "(.*?)")
}

impl Rule for MatchAllRegex {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(ast) = rule.ast() else { return };
        for (label, op, pattern) in regex_matchers(ast) {
            if !matches_everything(&pattern) {
                continue;
            }
            let span = support::locate_in_expr(
                cx,
                rule,
                &[
                    &format!("{label}{op}\"{pattern}\""),
                    &format!("{label}{op}`{pattern}`"),
                ],
            );
            if op == "=~" {
                out.add(
                    span,
                    format!(
                        "{}: `{label}=~\"{pattern}\"` matches every value, so it filters nothing",
                        rule.describe()
                    ),
                )
                .help(format!(
                    "remove the `{label}` matcher, or write the filter it was meant to be"
                ));
            } else {
                out.add(
                    span,
                    format!(
                        "{}: `{label}!~\"{pattern}\"` excludes every value, so the selector matches no series",
                        rule.describe()
                    ),
                )
                .help(format!("write the values of `{label}` to exclude"))
                .severity(Severity::Warning);
            }
        }
    }
}

/// Regex matchers of an expression: label, operator, pattern.
fn regex_matchers(expr: &Expr) -> Vec<(String, &'static str, String)> {
    let mut out = Vec::new();
    for vs in promql::selectors(expr) {
        let all = vs
            .matchers
            .matchers
            .iter()
            .chain(vs.matchers.or_matchers.iter().flatten());
        for m in all {
            let op = match &m.op {
                MatchOp::Re(_) => "=~",
                MatchOp::NotRe(_) => "!~",
                _ => continue,
            };
            if !out
                .iter()
                .any(|(l, o, v): &(String, &str, String)| l == &m.name && *o == op && v == &m.value)
            {
                out.push((m.name.clone(), op, m.value.clone()));
            }
        }
    }
    out
}

/// Where the pattern is written: its quoted form, found once.
fn quoted(cx: &PrometheusContext<'_>, rule: &PromRule, pattern: &str) -> Option<(Span, char)> {
    let node = rule.expr?;
    ['"', '\'', '`'].into_iter().find_map(|q| {
        let needle = format!("{q}{pattern}{q}");
        support::exact_span(cx, node, &needle).map(|s| (s, q))
    })
}

fn ends_with_unescaped_dollar(p: &str) -> bool {
    p.ends_with('$') && !p.ends_with("\\$")
}

impl Rule for RedundantRegexAnchors {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(ast) = rule.ast() else { return };
        for (label, op, pattern) in regex_matchers(ast) {
            if matches_everything(&pattern) {
                continue;
            }
            let start = pattern.starts_with('^');
            let end = ends_with_unescaped_dollar(&pattern);
            if !start && !end {
                continue;
            }
            let inner = &pattern[usize::from(start)..pattern.len() - usize::from(end)];
            let exact = quoted(cx, rule, &pattern);
            let span = exact.map_or_else(
                || support::locate_in_expr(cx, rule, &[&pattern]),
                |(s, _)| s,
            );
            let fix = exact.and_then(|(s, q)| {
                // `^` or `$` alone would leave an empty pattern: keep it.
                (!inner.is_empty()).then(|| {
                    Fix::safe(
                        format!("Remove the anchors from `{pattern}`"),
                        vec![Edit::replace(s, format!("{q}{inner}{q}"))],
                    )
                })
            });
            out.add(
                span,
                format!(
                    "{}: `{label}{op}\"{pattern}\"` has anchors PromQL already adds",
                    rule.describe()
                ),
            )
            .help(format!("write `{label}{op}\"{inner}\"`"))
            .fix_opt(fix);
        }
    }
}

const REGEX_SYNTAX: &[char] = &[
    '.', '+', '*', '?', '(', ')', '[', ']', '{', '}', '|', '^', '$', '\\',
];

impl Rule for RegexWithoutRegex {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(ast) = rule.ast() else { return };
        for (label, op, pattern) in regex_matchers(ast) {
            if pattern.contains(REGEX_SYNTAX) || matches_everything(&pattern) {
                continue;
            }
            let plain = if op == "=~" { "=" } else { "!=" };
            let fix = rule.expr.and_then(|node| {
                ['"', '\'', '`'].into_iter().find_map(|q| {
                    let needle = format!("{label}{op}{q}{pattern}{q}");
                    let s = support::exact_span(cx, node, &needle)?;
                    let op_start = s.start + label.len();
                    Some(Fix::safe(
                        format!("Use `{plain}`"),
                        vec![Edit::replace(Span::new(op_start, op_start + 2), plain)],
                    ))
                })
            });
            out.add(
                support::locate_in_expr(
                    cx,
                    rule,
                    &[&format!("{label}{op}\"{pattern}\""), &pattern],
                ),
                format!(
                    "{}: `{label}{op}\"{pattern}\"` is a regex without regex syntax",
                    rule.describe()
                ),
            )
            .help(format!("write `{label}{plain}\"{pattern}\"`"))
            .fix_opt(fix);
        }
    }
}
