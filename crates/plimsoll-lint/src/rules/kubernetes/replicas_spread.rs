use super::hpa_support::Scale;
use super::prelude::*;

/// How a pod spec spreads its replicas.
enum Spread {
    Spreads,
    /// Pod anti-affinity only against other pods: it does not spread these.
    ForeignAntiAffinity,
    None,
}

fn spread_of(yaml: &YamlFile, w: &Workload) -> Spread {
    let present = |n: NodeId| !(yaml.is_null(n) || yaml.is_sequence(n) && yaml.items(n).is_empty());
    if w.pod_field(yaml, "topologySpreadConstraints")
        .is_some_and(present)
    {
        return Spread::Spreads;
    }
    let Some(affinity) = w.pod_field(yaml, "affinity") else {
        return Spread::None;
    };
    if !yaml.is_mapping(affinity) {
        // A templated affinity cannot be judged.
        return if yaml.str(affinity).is_some_and(helpers::is_templated) {
            Spread::Spreads
        } else {
            Spread::None
        };
    }
    let Some(anti) = yaml
        .get(affinity, "podAntiAffinity")
        .filter(|n| present(*n))
    else {
        return Spread::None;
    };
    if !yaml.is_mapping(anti) {
        return Spread::Spreads;
    }
    let own = |term: NodeId| {
        match yaml
            .get(term, "labelSelector")
            .filter(|n| !yaml.is_null(*n))
        {
            Some(s) if yaml.str(s).is_some_and(helpers::is_templated) => true,
            Some(s) => {
                let selector = Selector::from_label_selector(yaml, s);
                let templated = selector
                    .match_labels
                    .values()
                    .chain(selector.expressions.iter().flat_map(|r| &r.values))
                    .any(|v| helpers::is_templated(v));
                templated || selector.without_controller_labels().matches(&w.pod_labels)
            }
            // `matchLabelKeys` alone, or nothing: not judged here.
            None => yaml.get(term, "matchLabelKeys").is_some(),
        }
    };
    let required = yaml
        .get(anti, "requiredDuringSchedulingIgnoredDuringExecution")
        .map(|l| yaml.items(l).to_vec())
        .unwrap_or_default();
    let preferred: Vec<NodeId> = yaml
        .get(anti, "preferredDuringSchedulingIgnoredDuringExecution")
        .map(|l| {
            yaml.items(l)
                .iter()
                .filter_map(|&i| yaml.get(i, "podAffinityTerm"))
                .collect()
        })
        .unwrap_or_default();
    if required.is_empty() && preferred.is_empty() {
        return Spread::None;
    }
    if required.iter().chain(&preferred).any(|&t| own(t)) {
        Spread::Spreads
    } else {
        Spread::ForeignAntiAffinity
    }
}

declare_rule! {
    /// ## What it does
    /// Reports Deployments, StatefulSets, ReplicaSets,
    /// ReplicationControllers and Argo Rollouts with two or more replicas
    /// (or scaled by a HorizontalPodAutoscaler or KEDA ScaledObject of the
    /// run whose minimum is two or more) whose pod spec has neither
    /// `topologySpreadConstraints` nor a pod anti-affinity term (required or
    /// preferred) that selects the workload's own pods. Anti-affinity that
    /// only keeps the pods away from other applications does not count.
    /// Templated affinities are not judged.
    ///
    /// Partial objects (kustomize patches, including files named like one
    /// when their kustomization is not in the run, and `apps/v1`
    /// controllers with neither a selector nor an image) are skipped.
    ///
    /// ## Why is this bad?
    /// The scheduler places replicas where resources are free, and nothing
    /// stops it from putting all of them on one node or in one zone. The
    /// loss of that node or zone, or a drain of it, then takes every replica
    /// down at once, and the extra replicas bought no availability.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   replicas: 3
    ///   template:
    ///     metadata:
    ///       labels: {app: api}
    ///     spec:
    ///       containers: [{name: api, image: registry.example.com/api:1.4.2}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     spec:
    ///       topologySpreadConstraints:
    ///         - maxSkew: 1
    ///           topologyKey: topology.kubernetes.io/zone
    ///           whenUnsatisfiable: ScheduleAnyway
    ///           labelSelector: {matchLabels: {app: api}}
    /// ```
    ///
    /// ## References
    /// - Practice K08 (replicas spread across zones and nodes).
    /// - kube-linter no-anti-affinity, kube-score
    ///   deployment-has-host-podantiaffinity and
    ///   statefulset-has-host-podantiaffinity, Polaris topologySpreadConstraint.
    pub struct ReplicasNotSpread {
        code: "K8S039",
        name: "replicas-not-spread",
        summary: "Replicated workload does not spread its pods across nodes or zones",
        severity: Warning,
        category: Reliability,
        practices: ["K08"],
        peers: [KubeLinter "no-anti-affinity", KubeScore "deployment-has-host-podantiaffinity", KubeScore "statefulset-has-host-podantiaffinity", Polaris "topologySpreadConstraint"],
        fix: None,
        default: true,
    }
}

impl Rule for ReplicasNotSpread {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        if !w.kind.has_replicas()
            || super::availability_support::is_partial(cx.cluster, cx.parsed, o)
        {
            return;
        }
        let spread = spread_of(cx.yaml, w);
        if matches!(spread, Spread::Spreads) {
            return;
        }
        let scale = Scale::of(cx, o, w);
        if !scale.replicated() {
            return;
        }
        let how = match spread {
            Spread::ForeignAntiAffinity => {
                "its pod anti-affinity does not select its own pods, and it has no topologySpreadConstraints"
            }
            _ => "it has neither topologySpreadConstraints nor pod anti-affinity",
        };
        out.add(
            cx.pod_spec_span(o, w),
            format!(
                "{} runs {}, but {how}: they may all land on one node",
                o.display(),
                scale.describe()
            ),
        )
        .help("add `topologySpreadConstraints` (zone and hostname) or a pod anti-affinity term selecting the workload's own labels");
    }
}
