use super::availability_support::IntOrPercent;
use super::hpa_support::Scale;
use super::prelude::*;
use plimsoll_diagnostics::Severity;
use plimsoll_syntax::yaml::patch;

declare_rule! {
    /// ## What it does
    /// Reports Deployments with more than one pod (two or more replicas, or
    /// a HorizontalPodAutoscaler or KEDA ScaledObject of the run scaling
    /// them) whose rollouts take pods out of service:
    ///
    /// - `strategy.type: Recreate` (warning): every rollout stops all pods
    ///   before it starts new ones;
    /// - a rolling update whose `maxUnavailable` lets pods go before their
    ///   replacements are ready (info), whether written or left at its
    ///   default of 25% (1 for `extensions/v1beta1`). The value is resolved
    ///   as the controller does (percentages rounded down, against the
    ///   autoscaler's `maxReplicas` when there is one), so 25% of 2 or 3
    ///   replicas, which is 0, is not reported.
    ///
    /// Argo Rollouts, StatefulSets and DaemonSets are not checked.
    /// Templated values are skipped.
    ///
    /// Partial objects (kustomize patches, including files named like one
    /// when their kustomization is not in the run, and `apps/v1`
    /// controllers with neither a selector nor an image) are skipped.
    ///
    /// ## Why is this bad?
    /// With `Recreate`, the service is down from the moment the old pods
    /// stop until the new ones are ready, at every release. With
    /// `maxUnavailable` above zero, a rollout runs below the capacity the
    /// replica count was sized for, exactly when caches are cold; a
    /// surge-only rollout (`maxUnavailable: 0` with a `maxSurge`) starts
    /// each new pod before stopping an old one.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   replicas: 4
    ///   strategy:
    ///     rollingUpdate:
    ///       maxUnavailable: 1
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   replicas: 4
    ///   strategy:
    ///     rollingUpdate:
    ///       maxUnavailable: 0
    ///       maxSurge: 1
    /// ```
    ///
    /// ## Fix safety
    /// For rolling updates, the fix sets `maxUnavailable: 0` and, when
    /// `maxSurge` is unset or zero, `maxSurge: 1`, in one edit. It is
    /// unsafe: rollouts then need room in the cluster (or the namespace's
    /// quota) for one extra pod, and take longer. `Recreate` has no fix: it
    /// is sometimes chosen for volumes only one pod may mount.
    ///
    /// ## References
    /// - Practice K06 (rolling updates keep capacity).
    /// - kube-linter no-rolling-update-strategy, kube-score deployment-strategy.
    pub struct RollingUpdateReducesCapacity {
        code: "K8S036",
        name: "rolling-update-reduces-capacity",
        summary: "Deployment rollouts take pods out of service",
        severity: Info,
        category: Reliability,
        practices: ["K06"],
        peers: [KubeLinter "no-rolling-update-strategy", KubeScore "deployment-strategy"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for RollingUpdateReducesCapacity {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        if w.kind != WorkloadKind::Deployment
            || super::availability_support::is_partial(cx.cluster, cx.parsed, o)
        {
            return;
        }
        let Some(spec) = w.controller_spec else {
            return;
        };
        let yaml = cx.yaml;
        let scale = Scale::of(cx, o, w);
        if !(scale.replicas.is_some_and(|r| r >= 2) || scale.autoscaled()) {
            return;
        }
        let strategy = yaml.get(spec, "strategy").filter(|n| yaml.is_mapping(*n));
        let type_node = strategy.and_then(|s| yaml.get(s, "type"));
        match type_node.and_then(|n| yaml.str(n)) {
            Some("Recreate") => {
                let pods = match scale.upper() {
                    Some(n) if !scale.autoscaled() => format!("all {n} pods"),
                    _ => "all its pods".into(),
                };
                let span = strategy
                    .and_then(|s| cx.entry_span(s, "type"))
                    .unwrap_or_else(|| cx.object_span(o));
                out.add(
                    span,
                    format!(
                        "{} uses the `Recreate` strategy: every rollout stops {pods} before starting new ones",
                        o.display()
                    ),
                )
                .severity(Severity::Warning)
                .help("use a `RollingUpdate` with `maxUnavailable: 0` unless the pods cannot run side by side");
                return;
            }
            None | Some("RollingUpdate") => {}
            Some(_) => return,
        }
        let rolling = strategy
            .and_then(|s| yaml.get(s, "rollingUpdate"))
            .filter(|n| yaml.is_mapping(*n));
        let default = if o.group() == "extensions" {
            IntOrPercent::Int(1)
        } else {
            IntOrPercent::Percent(25.0)
        };
        let read = |key: &str| -> Option<(Option<NodeId>, IntOrPercent)> {
            match rolling
                .and_then(|r| yaml.get(r, key))
                .filter(|n| !yaml.is_null(*n))
            {
                Some(n) => IntOrPercent::read(yaml, n).map(|v| (Some(n), v)),
                None => Some((None, default)),
            }
        };
        let (Some((unavailable_node, unavailable)), Some((surge_node, surge))) =
            (read("maxUnavailable"), read("maxSurge"))
        else {
            return;
        };
        let Some(total) = scale.upper() else {
            return;
        };
        let mut down = unavailable.scaled(total, false);
        if down == 0 && surge.scaled(total, true) == 0 {
            // The controller never lets a rollout stall: one pod may go.
            down = 1;
        }
        if down <= 0 {
            return;
        }
        let setting = match unavailable_node {
            Some(_) => format!("`maxUnavailable: {unavailable}`"),
            None => format!("`maxUnavailable` defaults to {unavailable}"),
        };
        let of = if scale.autoscaled() {
            format!("of up to {total}")
        } else {
            format!("of its {total}")
        };
        let span = unavailable_node
            .and_then(|_| rolling.and_then(|r| cx.entry_span(r, "maxUnavailable")))
            .or_else(|| strategy.and_then(|_| cx.entry_span(spec, "strategy")))
            .unwrap_or_else(|| cx.object_span(o));
        let fix = surge_fix(
            cx,
            spec,
            strategy,
            rolling,
            surge_node.is_none() || surge.is_zero(),
        );
        out.add(
            span,
            format!(
                "a rollout of {} may take {down} {of} pods out of service at once ({setting})",
                o.display()
            ),
        )
        .help("set `strategy.rollingUpdate.maxUnavailable: 0` and a `maxSurge` so new pods start before old ones stop")
        .fix_opt(fix);
    }
}

/// One fix: `maxUnavailable: 0`, plus `maxSurge: 1` when `set_surge`.
fn surge_fix(
    cx: &K8sContext<'_>,
    spec: NodeId,
    strategy: Option<NodeId>,
    rolling: Option<NodeId>,
    set_surge: bool,
) -> Option<Fix> {
    let mut leaves = vec![("maxUnavailable".to_string(), Value::raw("0"))];
    if set_surge {
        leaves.push(("maxSurge".to_string(), Value::raw("1")));
    }
    let text = cx.text();
    // A `strategy:` or `rollingUpdate:` that is null or not a mapping is
    // left alone rather than written twice.
    if strategy.is_none() && cx.yaml.get(spec, "strategy").is_some()
        || rolling.is_none() && strategy.is_some_and(|s| cx.yaml.get(s, "rollingUpdate").is_some())
    {
        return None;
    }
    let edits = match (strategy, rolling) {
        (_, Some(r)) => leaves
            .into_iter()
            .map(|(k, v)| cx.set(r, &[k.as_str()], v))
            .collect::<Option<Vec<_>>>()?,
        (Some(s), None) => vec![patch::insert_entry(
            cx.yaml,
            text,
            s,
            "rollingUpdate",
            &Value::Map(leaves),
        )?],
        (None, None) => vec![patch::insert_entry(
            cx.yaml,
            text,
            spec,
            "strategy",
            &Value::Map(vec![("rollingUpdate".to_string(), Value::Map(leaves))]),
        )?],
    };
    let message = if set_surge {
        "Set `maxUnavailable: 0` and `maxSurge: 1`"
    } else {
        "Set `maxUnavailable: 0`"
    };
    Some(Fix::unsafe_(message, edits))
}
