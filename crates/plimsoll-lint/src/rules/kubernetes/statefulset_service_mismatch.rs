use super::prelude::*;
use super::workload_support::is_partial;
use plimsoll_diagnostics::Severity;

declare_rule! {
    /// ## What it does
    /// Checks the governing Service of each StatefulSet:
    ///
    /// - no `serviceName` (advice): the pods get no stable DNS names;
    /// - a `serviceName` naming a Service that is not in the run, when the
    ///   run holds other Services of its namespace (a warning);
    /// - a Service that is not headless (`clusterIP: None`) or whose
    ///   selector does not select the StatefulSet's pods (a warning).
    ///
    /// Templated names are skipped.
    ///
    /// ## Why is this bad?
    /// A StatefulSet's pods are reachable by name
    /// (`db-0.db.shop.svc.cluster.local`) only through a headless Service
    /// that selects them: clustered databases and brokers find their peers
    /// that way. With a missing, non-headless or non-matching Service those
    /// names do not resolve, and members cannot form a cluster.
    ///
    /// ## Example
    /// ```yaml
    /// kind: StatefulSet
    /// metadata: {name: db}
    /// spec:
    ///   serviceName: db
    /// ---
    /// kind: Service
    /// metadata: {name: db}
    /// spec:
    ///   selector: {app: db}
    ///   ports: [{port: 5432}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Service
    /// metadata: {name: db}
    /// spec:
    ///   clusterIP: None
    ///   selector: {app: db}
    ///   ports: [{port: 5432}]
    /// ```
    ///
    /// ## References
    /// - Practice K20 (StatefulSets with `serviceName`).
    /// - kube-score statefulset-has-servicename.
    pub struct StatefulsetServiceMismatch {
        code: "K8S090",
        name: "statefulset-service-mismatch",
        summary: "StatefulSet has no matching headless Service",
        severity: Warning,
        category: Reliability,
        practices: ["K20"],
        peers: [KubeScore "statefulset-has-servicename"],
        fix: None,
        default: true,
    }
}

impl Rule for StatefulsetServiceMismatch {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        if w.kind != WorkloadKind::StatefulSet || is_partial(cx, o, w) {
            return;
        }
        let Some(spec) = w.controller_spec else {
            return;
        };
        let node = yaml.get(spec, "serviceName");
        let Some((node, name)) =
            node.and_then(|n| yaml.str(n).filter(|s| !s.is_empty()).map(|s| (n, s)))
        else {
            out.add(
                cx.object_span(o),
                format!(
                    "{} sets no `serviceName`: its pods get no stable DNS names",
                    o.display()
                ),
            )
            .severity(Severity::Info)
            .help("create a headless Service selecting the pods and name it in `spec.serviceName`");
            return;
        };
        if helpers::is_templated(name) {
            return;
        }
        let from = (cx.parsed, o);
        let Some(svc) = cx.cluster.find("Service", from, name) else {
            if cx.cluster.has_related("Service", from) {
                out.add(
                    cx.span(node),
                    format!(
                        "{} names the governing Service `{name}`, which is not in the run (other Services of its namespace are)",
                        o.display()
                    ),
                )
                .help("add a headless Service of that name selecting the pods, or correct `serviceName`");
            }
            return;
        };
        let Some(svc_yaml) = svc.file.yaml().map(|m| &m.yaml) else {
            return;
        };
        let svc_spec = svc.object.spec(svc_yaml);
        let svc_span = svc
            .object
            .metadata
            .and_then(|m| svc_yaml.get(m, "name"))
            .map_or_else(Span::default, |n| svc_yaml.node(n).span);
        let cluster_ip = svc_spec
            .and_then(|s| svc_yaml.get(s, "clusterIP"))
            .and_then(|n| svc_yaml.str(n));
        if cluster_ip.is_some_and(helpers::is_templated) {
            return;
        }
        if cluster_ip != Some("None") {
            out.add(
                cx.span(node),
                format!(
                    "{} names Service `{name}`, which is not headless (`clusterIP: None`): the pods get no DNS names of their own",
                    o.display()
                ),
            )
            .related_in(&svc.file.source, svc_span, format!("Service `{name}` is defined here"))
            .help("set `clusterIP: None` on the governing Service (a separate Service can keep load balancing)");
        }
        let selector_node = svc_spec.and_then(|s| svc_yaml.get(s, "selector"));
        let selects = selector_node.is_some_and(|n| {
            let selector = Selector::from_map(svc_yaml, n);
            selector
                .match_labels
                .iter()
                .any(|(k, v)| helpers::is_templated(k) || helpers::is_templated(v))
                || (!selector.match_labels.is_empty()
                    && selector.without_controller_labels().matches(&w.pod_labels))
        });
        if !selects {
            out.add(
                cx.span(node),
                format!(
                    "{} names Service `{name}`, whose selector does not select the StatefulSet's pods",
                    o.display()
                ),
            )
            .related_in(&svc.file.source, svc_span, format!("Service `{name}` is defined here"))
            .help("make the Service's selector a subset of the pod template's labels");
        }
    }
}
