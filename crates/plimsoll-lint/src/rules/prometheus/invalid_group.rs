use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports rule groups Prometheus refuses to load: a missing or empty
    /// `name`, a name used by an earlier group of the file (or of the same
    /// `PrometheusRule` object), an `interval` or `query_offset` that is
    /// not a duration, a `limit` that is not a number, `rules` that is
    /// not a list, and keys that are not group fields (`query_offset` and
    /// `labels` are accepted: recent Prometheus versions know them; so are
    /// the group settings of Thanos, Cortex and Mimir rulers, which read
    /// the same files, such as `partial_response_strategy`). A
    /// negative `limit` is not reported: Prometheus reads it as no limit.
    /// A rule file whose `groups` is not a list is reported too.
    ///
    /// ## Why is this bad?
    /// Prometheus rejects the whole rule file for any of these, so none
    /// of its rules run.
    ///
    /// ## Example
    /// ```yaml
    /// groups:
    ///   - name: api
    ///     interval: 30 s
    ///     limit: ten
    ///     rules: []
    ///   - name: api
    ///     rules: []
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// groups:
    ///   - name: api
    ///     interval: 30s
    ///     rules: []
    ///   - name: api-slow
    ///     rules: []
    /// ```
    ///
    /// ## References
    /// - Practice O01 (valid alert rules).
    /// - `promtool check rules` (group validation); pint `yaml/parse`.
    pub struct InvalidGroup {
        code: "PROM017",
        name: "invalid-rule-group",
        summary: "Rule group Prometheus refuses to load",
        severity: Error,
        category: Correctness,
        practices: ["O01"],
        peers: [Promtool "check rules", Pint "yaml/parse"],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidGroup {
    fn check_prometheus(&self, cx: &PrometheusContext<'_>, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        for source in &cx.prom.sources {
            if !yaml.is_sequence(source.groups) && !yaml.is_null(source.groups) {
                out.add(
                    cx.span(source.groups),
                    "`groups` is not a list of rule groups",
                )
                .help("write `groups:` as a list of `{name, rules}` mappings");
            }
        }
        let mut seen: Vec<(usize, &str, NodeId)> = Vec::new();
        for group in &cx.prom.groups {
            let head = cx.span(group.node);
            match (&group.name, group.name_node) {
                (Some(name), Some(node)) if !name.is_empty() => {
                    if let Some((_, _, first)) = seen
                        .iter()
                        .find(|(s, n, _)| *s == group.source && n == name)
                    {
                        out.add(
                            cx.span(node),
                            format!("group name `{name}` is used by an earlier group"),
                        )
                        .related(cx.span(*first), "first used here")
                        .help("give each group of a file its own name");
                    } else {
                        seen.push((group.source, name, node));
                    }
                }
                _ => {
                    out.add(
                        group.name_node.map_or(head, |n| cx.span(n)),
                        "rule group has no name",
                    )
                    .help("add `name:` to the group");
                }
            }
            for key in ["interval", "query_offset"] {
                let Some(v) = yaml.get(group.node, key) else {
                    continue;
                };
                if yaml.is_null(v) {
                    continue;
                }
                if cx.str(v).and_then(duration::parse_ms).is_none() {
                    out.add(
                        cx.span(v),
                        format!(
                            "{}: `{key}: {}` is not a Prometheus duration",
                            group.describe(),
                            cx.str(v).unwrap_or("...")
                        ),
                    )
                    .help("write a duration such as `30s` or `1m`");
                }
            }
            if let Some(limit) = group.limit
                && !yaml.is_null(limit)
                && yaml.int(limit).is_none()
                && cx.str(limit).and_then(|t| t.parse::<f64>().ok()).is_none()
            {
                out.add(
                    cx.span(limit),
                    format!("{}: `limit` is not a number", group.describe()),
                )
                .help("set `limit` to the most alerts or series the group may produce, 0 for no limit");
            }
            if let Some(rules) = group.rules_node
                && !yaml.is_sequence(rules)
                && !yaml.is_null(rules)
            {
                out.add(
                    cx.span(rules),
                    format!("{}: `rules` is not a list", group.describe()),
                )
                .help("write `rules:` as a list of rules");
            }
            for (key, _) in yaml.entries(group.node) {
                let Some(name) = yaml.str(key) else { continue };
                if !crate::prometheus::GROUP_KEYS.contains(&name) {
                    out.add(
                        cx.span(key),
                        format!("{}: `{name}` is not a group field", group.describe()),
                    )
                    .help("group fields are name, interval, query_offset, limit, labels, rules");
                }
            }
        }
    }
}
