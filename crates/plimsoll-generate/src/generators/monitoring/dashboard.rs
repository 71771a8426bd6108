//! The Grafana dashboard of a service (O02): a ConfigMap labelled
//! `grafana_dashboard: "1"` for Grafana's dashboard sidecar, holding JSON
//! with the four golden signals (traffic, errors, latency, saturation).
//! The data source is a template variable, never a name, so the dashboard
//! works in any Grafana whatever its Prometheus data source is called.

use super::alerts::{HttpMetrics, http_metrics, ingress_metrics};
use super::text::{YAML_HEADER, bounded, indent, promql_str, scalar};
use crate::model::{Project, Service, ServiceKind};
use crate::options::Options;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// The panels' data source: the `datasource` template variable.
fn datasource() -> Value {
    json!({"type": "prometheus", "uid": "${datasource}"})
}

fn target(ref_id: &str, expr: &str, legend: &str) -> Value {
    json!({
        "datasource": datasource(),
        "expr": expr,
        "legendFormat": legend,
        "refId": ref_id,
    })
}

struct Layout {
    next_id: u64,
    x: u64,
    y: u64,
}

impl Layout {
    /// A panel half the dashboard wide, placed left to right, top to bottom.
    fn panel(
        &mut self,
        kind: &str,
        title: &str,
        description: &str,
        unit: &str,
        height: u64,
        targets: &[Value],
    ) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let grid = json!({"h": height, "w": 12, "x": self.x, "y": self.y});
        if self.x == 0 {
            self.x = 12;
        } else {
            self.x = 0;
            self.y += height;
        }
        json!({
            "id": id,
            "type": kind,
            "title": title,
            "description": description,
            "datasource": datasource(),
            "gridPos": grid,
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": true}},
            "targets": targets,
        })
    }
}

/// The dashboard's uid: unique per project and service, at most Grafana's
/// 40 characters.
pub fn uid(project: &Project, service: &Service) -> String {
    bounded(&format!("{}-{}", project.name, service.name), 40)
}

/// The dashboard JSON.
pub fn dashboard_json(project: &Project, options: &Options, service: &Service) -> Value {
    let name = promql_str(&service.name);
    let ns = "$namespace";
    let mut layout = Layout {
        next_id: 1,
        x: 0,
        y: 0,
    };
    let mut panels = Vec::new();

    let http: Option<(HttpMetrics, String)> = match http_metrics(service) {
        Some(m) => Some((
            m,
            format!("From the service's own metrics ({}).", m.source),
        )),
        None if service.kind != ServiceKind::Worker => Some((
            ingress_metrics(),
            "From ingress-nginx's metrics: the service exposes no metrics endpoint of its own. Adapt the query if another ingress controller routes to it.".to_owned(),
        )),
        None => None,
    };
    if let Some((m, from)) = &http {
        let sel = m.selector(service, ns);
        let status = m.status_label;
        panels.push(layout.panel(
            "timeseries",
            "Traffic: requests per second",
            &format!("Requests per second by status. {from}"),
            "reqps",
            8,
            &[target(
                "A",
                &format!(
                    "sum by ({status}) (rate({}{{{sel}}}[$__rate_interval]))",
                    m.requests
                ),
                &format!("{{{{{status}}}}}"),
            )],
        ));
        panels.push(layout.panel(
            "timeseries",
            "Errors: 5xx ratio",
            &format!("Share of requests answered with a 5xx status; the alert fires above 5%. {from}"),
            "percentunit",
            8,
            &[target(
                "A",
                &format!(
                    "sum(rate({req}{{{sel}, {status}=~\"5..\"}}[$__rate_interval]))\n/\nsum(rate({req}{{{sel}}}[$__rate_interval]))",
                    req = m.requests
                ),
                "5xx ratio",
            )],
        ));
        let quantile = |ref_id: &str, q: &str, legend: &str| {
            target(
                ref_id,
                &format!(
                    "histogram_quantile({q}, sum by (le) (rate({}{{{sel}}}[$__rate_interval])))",
                    m.duration_bucket
                ),
                legend,
            )
        };
        panels.push(layout.panel(
            "timeseries",
            "Latency: p50 / p95 / p99",
            &format!(
                "Request duration percentiles; the alert fires when p99 stays above 1s. {from}"
            ),
            "s",
            8,
            &[
                quantile("A", "0.5", "p50"),
                quantile("B", "0.95", "p95"),
                quantile("C", "0.99", "p99"),
            ],
        ));
    }
    panels.push(layout.panel(
        "timeseries",
        "Saturation: CPU vs limit",
        "CPU used by each pod's container, against its limit (cores).",
        "short",
        8,
        &[
            target(
                "A",
                &format!("sum by (pod) (rate(container_cpu_usage_seconds_total{{namespace=\"{ns}\", container={name}}}[$__rate_interval]))"),
                "{{pod}}",
            ),
            target(
                "B",
                &format!("max(kube_pod_container_resource_limits{{namespace=\"{ns}\", container={name}, resource=\"cpu\"}})"),
                "limit",
            ),
        ],
    ));
    panels.push(layout.panel(
        "timeseries",
        "Saturation: memory vs limit",
        "Working set of each pod's container, against its limit: at the limit the container is OOM-killed.",
        "bytes",
        8,
        &[
            target(
                "A",
                &format!("max by (pod) (container_memory_working_set_bytes{{namespace=\"{ns}\", container={name}}})"),
                "{{pod}}",
            ),
            target(
                "B",
                &format!("max(kube_pod_container_resource_limits{{namespace=\"{ns}\", container={name}, resource=\"memory\"}})"),
                "limit",
            ),
        ],
    ));
    panels.push(layout.panel(
        "stat",
        "Available replicas",
        "Replicas of the Deployment that pass their readiness probe.",
        "short",
        4,
        &[target(
            "A",
            &format!("sum(kube_deployment_status_replicas_available{{namespace=\"{ns}\", deployment={name}}})"),
            "available",
        )],
    ));
    panels.push(layout.panel(
        "stat",
        "Container restarts (1h)",
        "Restarts of the service's containers over the last hour: crashes, OOM kills, failed liveness probes.",
        "short",
        4,
        &[target(
            "A",
            &format!("sum(increase(kube_pod_container_status_restarts_total{{namespace=\"{ns}\", container={name}}}[1h]))"),
            "restarts",
        )],
    ));

    let namespaces: Vec<String> = options
        .environments
        .iter()
        .map(|env| Options::namespace(project, env))
        .collect();
    let production = Options::namespace(project, options.production());
    let ns_options: Vec<Value> = namespaces
        .iter()
        .map(|n| json!({"selected": *n == production, "text": n, "value": n}))
        .collect();
    json!({
        "uid": uid(project, service),
        "title": format!("{} / {}", project.name, service.name),
        "description": format!("Golden signals of {} (generated by plimsoll init).", service.name),
        "tags": [project.name, service.name],
        "editable": true,
        "graphTooltip": 1,
        "schemaVersion": 39,
        "refresh": "1m",
        "time": {"from": "now-6h", "to": "now"},
        "timezone": "browser",
        "templating": {"list": [
            {
                "name": "datasource",
                "label": "Data source",
                "type": "datasource",
                "query": "prometheus",
                "current": {},
                "hide": 0,
                "refresh": 1,
                "regex": "",
                "options": [],
            },
            {
                "name": "namespace",
                "label": "Environment",
                "type": "custom",
                "query": namespaces.join(","),
                "current": {"selected": true, "text": production, "value": production},
                "options": ns_options,
                "hide": 0,
                "multi": false,
                "includeAll": false,
            },
        ]},
        "panels": panels,
    })
}

/// The ConfigMap holding the dashboard.
pub fn configmap(project: &Project, options: &Options, service: &Service) -> String {
    let json = serde_json::to_string_pretty(&dashboard_json(project, options, service))
        .unwrap_or_else(|_| "{}".to_owned());
    let mut out = String::from(YAML_HEADER);
    out.push_str(
        "#\n# Grafana dashboard of the service (practice O02): traffic, errors,\n\
         # latency and saturation. Grafana's dashboard sidecar (Grafana chart,\n\
         # kube-prometheus-stack) loads ConfigMaps labelled grafana_dashboard: \"1\";\n\
         # it must watch this namespace (sidecar.dashboards.searchNamespace: ALL),\n\
         # or move the ConfigMap to Grafana's namespace. The data source is the\n\
         # dashboard's `datasource` variable, so no data source name is assumed.\n",
    );
    let _ = write!(
        out,
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {}\n  namespace: {}\n  labels:\n    app.kubernetes.io/name: {}\n    app.kubernetes.io/part-of: {}\n    grafana_dashboard: \"1\"\n  annotations:\n    # Folder for the sidecar's folderAnnotation setting.\n    grafana_folder: {}\ndata:\n  {}: |\n{}",
        scalar(&format!("{}-dashboard", service.name)),
        scalar(&Options::namespace(project, options.production())),
        scalar(&service.name),
        scalar(&project.name),
        scalar(&project.name),
        scalar(&format!("{}.json", service.name)),
        indent(&json, 4),
    );
    out
}
