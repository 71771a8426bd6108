use super::prelude::*;
use plimsoll_diagnostics::Severity;

declare_rule! {
    /// ## What it does
    /// Checks each entry of a pod's `topologySpreadConstraints` (every
    /// workload kind). Errors, which the API server rejects:
    ///
    /// - `maxSkew` missing or below 1;
    /// - `topologyKey` missing or empty;
    /// - `whenUnsatisfiable` missing or other than `DoNotSchedule` or
    ///   `ScheduleAnyway`;
    /// - `minDomains` below 1, or set with `whenUnsatisfiable: ScheduleAnyway`;
    /// - `nodeAffinityPolicy` or `nodeTaintsPolicy` other than `Honor` or
    ///   `Ignore`;
    /// - `matchLabelKeys` without a `labelSelector`.
    ///
    /// Warnings, for constraints that are accepted but spread nothing: a
    /// missing `labelSelector` (the constraint counts no pods), or one that
    /// does not match the pod's own labels (labels controllers add, such as
    /// `pod-template-hash`, are assumed present). Templated values are
    /// skipped.
    ///
    /// ## Why is this bad?
    /// An invalid constraint makes the whole pod, or the Deployment's
    /// ReplicaSet, fail to create. A constraint whose selector misses the
    /// pods it is written for balances some other set of pods, and the
    /// replicas can still share one node or zone.
    ///
    /// ## Example
    /// ```yaml
    /// template:
    ///   metadata:
    ///     labels: {app: api}
    ///   spec:
    ///     topologySpreadConstraints:
    ///       - maxSkew: 0
    ///         topologyKey: topology.kubernetes.io/zone
    ///         whenUnsatisfiable: DoNotSchedule
    ///         labelSelector: {matchLabels: {app: web}}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///       - maxSkew: 1
    ///         topologyKey: topology.kubernetes.io/zone
    ///         whenUnsatisfiable: DoNotSchedule
    ///         labelSelector: {matchLabels: {app: api}}
    /// ```
    ///
    /// ## References
    /// - Practice K08 (replicas spread across zones and nodes).
    /// - kube-score pod-topology-spread-constraints.
    pub struct InvalidTopologySpread {
        code: "K8S040",
        name: "invalid-topology-spread",
        summary: "Topology spread constraint is invalid or spreads nothing",
        severity: Error,
        category: Correctness,
        practices: ["K08"],
        peers: [KubeScore "pod-topology-spread-constraints"],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidTopologySpread {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        let Some(list) = w
            .pod_field(yaml, "topologySpreadConstraints")
            .filter(|n| yaml.is_sequence(*n))
        else {
            return;
        };
        for (index, &item) in yaml.items(list).iter().enumerate() {
            if !yaml.is_mapping(item) {
                continue;
            }
            check_constraint(cx, o, w, item, index, out);
        }
    }
}

fn check_constraint(
    cx: &K8sContext<'_>,
    o: &Object,
    w: &Workload,
    item: NodeId,
    index: usize,
    out: &mut Diagnostics<'_>,
) {
    let yaml = cx.yaml;
    let what = format!(
        "topology spread constraint #{} of {}",
        index + 1,
        o.display()
    );
    let head = cx.span(item);
    let templated = |n: NodeId| yaml.str(n).is_some_and(helpers::is_templated);
    let mut error = |span: Span, message: String, help: &str| {
        out.add(span, message).help(help.to_string());
    };

    match yaml.get(item, "maxSkew").filter(|n| !yaml.is_null(*n)) {
        None => error(head, format!("{what} has no `maxSkew`"), "set `maxSkew: 1`"),
        Some(n) if templated(n) => {}
        Some(n) => {
            if helpers::k8s_int(yaml, n).is_none_or(|v| v < 1) {
                error(
                    cx.span(n),
                    format!(
                        "{what} has `maxSkew: {}`, but it must be 1 or more",
                        show(yaml, n)
                    ),
                    "set `maxSkew: 1` (the largest allowed difference in pod count between domains)",
                );
            }
        }
    }
    match yaml.get(item, "topologyKey").filter(|n| !yaml.is_null(*n)) {
        Some(n) if templated(n) => {}
        Some(n) if yaml.str(n).is_some_and(|s| !s.is_empty()) => {}
        Some(n) => error(
            cx.span(n),
            format!("{what} has an empty `topologyKey`"),
            "set a node label to spread over, e.g. `topology.kubernetes.io/zone` or `kubernetes.io/hostname`",
        ),
        None => error(
            head,
            format!("{what} has no `topologyKey`"),
            "set a node label to spread over, e.g. `topology.kubernetes.io/zone` or `kubernetes.io/hostname`",
        ),
    }
    let when = yaml
        .get(item, "whenUnsatisfiable")
        .filter(|n| !yaml.is_null(*n));
    let when_value = when.and_then(|n| yaml.str(n));
    match when {
        None => error(
            head,
            format!("{what} has no `whenUnsatisfiable`"),
            "set `whenUnsatisfiable: DoNotSchedule` or `ScheduleAnyway`",
        ),
        Some(n) if templated(n) => {}
        Some(n) => {
            if !matches!(when_value, Some("DoNotSchedule" | "ScheduleAnyway")) {
                error(
                    cx.span(n),
                    format!(
                        "{what} has `whenUnsatisfiable: {}`, which is neither `DoNotSchedule` nor `ScheduleAnyway`",
                        show(yaml, n)
                    ),
                    "set `whenUnsatisfiable: DoNotSchedule` or `ScheduleAnyway`",
                );
            }
        }
    }
    if let Some(n) = yaml
        .get(item, "minDomains")
        .filter(|n| !yaml.is_null(*n) && !templated(*n))
    {
        if helpers::k8s_int(yaml, n).is_none_or(|v| v < 1) {
            error(
                cx.span(n),
                format!(
                    "{what} has `minDomains: {}`, but it must be 1 or more",
                    show(yaml, n)
                ),
                "remove `minDomains` or set it to the number of domains pods must spread over",
            );
        } else if when_value == Some("ScheduleAnyway") {
            error(
                cx.span(n),
                format!("{what} sets `minDomains` with `whenUnsatisfiable: ScheduleAnyway`"),
                "`minDomains` only works with `whenUnsatisfiable: DoNotSchedule`",
            );
        }
    }
    for key in ["nodeAffinityPolicy", "nodeTaintsPolicy"] {
        if let Some(n) = yaml
            .get(item, key)
            .filter(|n| !yaml.is_null(*n) && !templated(*n))
            && !matches!(yaml.str(n), Some("Honor" | "Ignore"))
        {
            error(
                cx.span(n),
                format!(
                    "{what} has `{key}: {}`, which is neither `Honor` nor `Ignore`",
                    show(yaml, n)
                ),
                "use `Honor` or `Ignore`",
            );
        }
    }

    let selector = yaml
        .get(item, "labelSelector")
        .filter(|n| !yaml.is_null(*n));
    let Some(selector_node) = selector else {
        if let Some(keys) = yaml.get(item, "matchLabelKeys") {
            error(
                cx.span(keys),
                format!("{what} sets `matchLabelKeys` without a `labelSelector`"),
                "add a `labelSelector` matching the pod's labels",
            );
        } else {
            out.add(
                head,
                format!("{what} has no `labelSelector`, so it counts no pods and spreads nothing"),
            )
            .severity(Severity::Warning)
            .help("add a `labelSelector` matching the pod's own labels");
        }
        return;
    };
    if templated(selector_node) {
        return;
    }
    let s = Selector::from_label_selector(yaml, selector_node);
    let has_template = s
        .match_labels
        .iter()
        .any(|(k, v)| helpers::is_templated(k) || helpers::is_templated(v))
        || s.expressions.iter().any(|r| {
            helpers::is_templated(&r.key) || r.values.iter().any(|v| helpers::is_templated(v))
        });
    if has_template || s.without_controller_labels().matches(&w.pod_labels) {
        return;
    }
    out.add(
        cx.span(selector_node),
        format!(
            "{what} selects pods with {}, which does not match the pod's own labels, so it does not spread these pods",
            s.describe()
        ),
    )
    .severity(Severity::Warning)
    .help("make the `labelSelector` match the labels of the pod template");
}

/// A value for a message, as written (`…` for a collection).
fn show(yaml: &YamlFile, node: NodeId) -> String {
    yaml.str(node).unwrap_or("…").to_string()
}
