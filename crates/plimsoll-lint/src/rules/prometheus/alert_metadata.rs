use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports alerting rules without a `severity` label (in `labels:`).
    /// A templated or empty value counts as present.
    ///
    /// ## Why is this bad?
    /// Alertmanager routes on labels: without `severity` an alert cannot
    /// be told apart from the others, so it either pages for nothing or
    /// lands in a catch-all receiver nobody reads.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: DiskFull
    ///   expr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.05
    ///   for: 10m
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - alert: DiskFull
    ///   expr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.05
    ///   for: 10m
    ///   labels:
    ///     severity: critical
    /// ```
    ///
    /// ## References
    /// - Practice O01 (alert rules carry a `severity` label).
    /// - pint `rule/label` (configured to require `severity`).
    pub struct AlertWithoutSeverity {
        code: "PROM004",
        name: "alert-without-severity",
        summary: "Alert has no `severity` label",
        severity: Warning,
        category: BestPractice,
        practices: ["O01"],
        peers: [Pint "rule/label"],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports alerting rules without a `summary` annotation. Alerts with
    /// a `description` or `message` annotation are not reported (older
    /// mixins use them in its place).
    ///
    /// ## Why is this bad?
    /// The summary is the line a notification shows: without it the
    /// person paged sees the alert's name and labels and has to open the
    /// rule to learn what is wrong.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: DiskFull
    ///   expr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.05
    ///   for: 10m
    ///   labels: {severity: critical}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - alert: DiskFull
    ///   expr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.05
    ///   for: 10m
    ///   labels: {severity: critical}
    ///   annotations:
    ///     summary: "Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} is almost full"
    /// ```
    ///
    /// ## References
    /// - Practice O01 (alert rules carry `summary` and `runbook` annotations).
    /// - pint `alerts/annotation` (configured to require `summary`).
    pub struct AlertWithoutSummary {
        code: "PROM005",
        name: "alert-without-summary",
        summary: "Alert has no `summary` annotation",
        severity: Info,
        category: BestPractice,
        practices: ["O01"],
        peers: [Pint "alerts/annotation"],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports alerting rules without a `runbook_url` (or `runbook`)
    /// annotation.
    ///
    /// ## Why is this bad?
    /// An alert says something is wrong; the runbook says what to do. At
    /// three in the morning the person paged should not have to guess the
    /// first steps, the dashboards to open, or whom to escalate to.
    ///
    /// ## Example
    /// ```yaml
    /// - alert: DiskFull
    ///   expr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.05
    ///   for: 10m
    ///   labels: {severity: critical}
    ///   annotations:
    ///     summary: Filesystem almost full
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - alert: DiskFull
    ///   expr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.05
    ///   for: 10m
    ///   labels: {severity: critical}
    ///   annotations:
    ///     summary: Filesystem almost full
    ///     runbook_url: https://runbooks.example.com/disk-full
    /// ```
    ///
    /// ## References
    /// - Practice O01 (alert rules carry `summary` and `runbook` annotations).
    /// - pint `alerts/annotation` (configured to require `runbook_url`).
    pub struct AlertWithoutRunbook {
        code: "PROM006",
        name: "alert-without-runbook",
        summary: "Alert has no `runbook_url` annotation",
        severity: Info,
        category: BestPractice,
        practices: ["O01"],
        peers: [Pint "alerts/annotation"],
        fix: None,
        default: true,
    }
}

/// The alert's name and where it is reported, for valid alerting rules.
fn alert(rule: &PromRule) -> Option<(&str, NodeId)> {
    rule.alert
        .as_ref()
        .filter(|_| rule.is_alert())
        .map(|(n, node)| (n.as_str(), *node))
}

impl Rule for AlertWithoutSeverity {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let Some((name, node)) = alert(rule) else {
            return;
        };
        if rule.label("severity").is_none() {
            out.add(
                cx.span(node),
                format!("alert `{name}` has no `severity` label"),
            )
            .help("add `labels: {severity: ...}` (e.g. critical, warning, info) for routing");
        }
    }
}

impl Rule for AlertWithoutSummary {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let Some((name, node)) = alert(rule) else {
            return;
        };
        if ["summary", "description", "message"]
            .iter()
            .all(|a| rule.annotation(a).is_none())
        {
            out.add(
                cx.span(node),
                format!("alert `{name}` has no `summary` annotation"),
            )
            .help("add `annotations: {summary: ...}` saying what is wrong and where");
        }
    }
}

impl Rule for AlertWithoutRunbook {
    fn check_prom_rule(
        &self,
        cx: &PrometheusContext<'_>,
        _group: &RuleGroup,
        rule: &PromRule,
        out: &mut Diagnostics<'_>,
    ) {
        let Some((name, node)) = alert(rule) else {
            return;
        };
        if ["runbook_url", "runbook"]
            .iter()
            .all(|a| rule.annotation(a).is_none())
        {
            out.add(
                cx.span(node),
                format!("alert `{name}` has no `runbook_url` annotation"),
            )
            .help("add `annotations: {runbook_url: ...}` linking to what to do");
        }
    }
}
