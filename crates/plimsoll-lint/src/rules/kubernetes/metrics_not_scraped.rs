use super::prelude::*;
use super::workload_support::is_partial;

/// Port names that announce a Prometheus endpoint.
fn is_metrics_port(name: &str) -> bool {
    matches!(name, "metrics" | "http-metrics" | "prometheus") || name.ends_with("-metrics")
}

fn scrape_annotation(annotations: &crate::k8s::Labels) -> bool {
    annotations
        .get("prometheus.io/scrape")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// The label selector at `spec.selector` of a monitor (`None` when it has
/// none: such monitors select nothing).
fn monitor_selector(r: &ObjRef<'_>) -> Option<Selector> {
    let yaml = &r.file.yaml()?.yaml;
    let node = r.object.spec(yaml).and_then(|s| yaml.get(s, "selector"))?;
    Some(Selector::from_label_selector(yaml, node))
}

fn is_monitor(o: &Object, kinds: &[&str]) -> bool {
    kinds.contains(&o.kind.as_str())
        && matches!(
            o.group(),
            "monitoring.coreos.com" | "operator.victoriametrics.com"
        )
}

declare_rule! {
    /// ## What it does
    /// Reports a pod template whose main or sidecar container declares a
    /// port named `metrics`, `http-metrics`, `prometheus` or `*-metrics`,
    /// when nothing in the run scrapes it: the pod template has no
    /// `prometheus.io/scrape: "true"` annotation, no Service selecting the
    /// pods has it, no ServiceMonitor (or VictoriaMetrics VMServiceScrape)
    /// selects such a Service, and no PodMonitor (or VMPodScrape) selects
    /// the pods. Monitors count whatever their namespace, since they often
    /// live in the monitoring namespace and select across namespaces.
    ///
    /// ## Why is this bad?
    /// The application exports metrics that nobody collects: dashboards and
    /// alerts stay blind to it, which is found out during the incident they
    /// were meant to catch. A forgotten annotation on the pod template (as
    /// opposed to the Deployment's own metadata, which Prometheus does not
    /// read) is the usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - name: api
    ///           ports:
    ///             - name: metrics
    ///               containerPort: 9090
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     metadata:
    ///       annotations:
    ///         prometheus.io/scrape: "true"
    ///         prometheus.io/port: "9090"
    /// ```
    /// Or a ServiceMonitor or PodMonitor that selects the workload.
    ///
    /// ## References
    /// - Practice K16 (metrics port named and scraped).
    pub struct MetricsNotScraped {
        code: "K8S073",
        name: "metrics-not-scraped",
        summary: "Metrics port that nothing scrapes",
        severity: Info,
        category: BestPractice,
        practices: ["K16"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for MetricsNotScraped {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        if is_partial(cx, o, w) {
            return;
        }
        let Some((c, name_node, name)) = w.long_running_containers().find_map(|c| {
            helpers::container_ports(yaml, c).into_iter().find_map(|p| {
                let name = p.name.filter(|n| is_metrics_port(n))?;
                Some((c, yaml.get(p.node, "name")?, name))
            })
        }) else {
            return;
        };
        if scrape_annotation(&w.pod_annotations) {
            return;
        }
        let from = (cx.parsed, o);
        // Services that select the pods.
        let services: Vec<ObjRef<'_>> = cx
            .cluster
            .of_kind("Service")
            .filter(|r| {
                let Some(svc_yaml) = r.file.yaml().map(|m| &m.yaml) else {
                    return false;
                };
                let Some(node) = r
                    .object
                    .spec(svc_yaml)
                    .and_then(|s| svc_yaml.get(s, "selector"))
                else {
                    return false;
                };
                let selector = Selector::from_map(svc_yaml, node).without_controller_labels();
                !selector.match_labels.is_empty()
                    && selector.matches(&w.pod_labels)
                    && cx.cluster.related(from, (r.file, r.object))
            })
            .collect();
        if services
            .iter()
            .any(|s| scrape_annotation(&s.object.annotations))
        {
            return;
        }
        let monitored = cx.cluster.objects().iter().any(|r| {
            if is_monitor(r.object, &["ServiceMonitor", "VMServiceScrape"]) {
                monitor_selector(r)
                    .is_some_and(|sel| services.iter().any(|s| sel.matches(&s.object.labels)))
            } else if is_monitor(r.object, &["PodMonitor", "VMPodScrape"]) {
                monitor_selector(r).is_some_and(|sel| sel.matches(&w.pod_labels))
            } else {
                false
            }
        });
        if monitored {
            return;
        }
        let hint = if scrape_annotation(&o.annotations) {
            format!(
                " (`prometheus.io/scrape` is on the {}'s metadata, not on the pod template, where Prometheus looks)",
                o.kind
            )
        } else {
            String::new()
        };
        out.add(
            cx.span(name_node),
            format!(
                "port `{name}` of {} of {} exports metrics that nothing in the run scrapes{hint}",
                c.display(),
                o.display()
            ),
        )
        .help("annotate the pod template with `prometheus.io/scrape: \"true\"`, or add a ServiceMonitor or PodMonitor");
    }
}
