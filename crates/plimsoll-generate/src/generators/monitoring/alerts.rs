//! The alerts of a service (O01, K16): which ones apply, their PromQL, and
//! the PrometheusRule that holds them, one rule group per environment.
//!
//! HTTP alerts (error ratio, p99 latency, target down) read the service's
//! own metrics, named after the instrumentation library its
//! language/framework conventionally uses ([`http_metrics`]); a service with
//! no metrics endpoint gets none of them (there is nothing to read, and an
//! alert on a series that never exists never fires). The Kubernetes alerts
//! (unavailable, crash looping, memory near the limit, volume filling) read
//! kube-state-metrics, cAdvisor and kubelet series, which exist for every pod.

use super::text::{
    YAML_HEADER, anchor, browse_url, camel, comment_lines, promql_str, quoted, regex_escape, scalar,
};
use crate::model::{Framework, Language, Project, Service, ServiceKind};
use crate::options::{Options, paths};
use std::fmt::Write as _;

/// One alert of the standard set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertKind {
    /// More than 5% of requests answered with a 5xx status.
    HighErrorRate,
    /// p99 latency above one second.
    HighLatency,
    /// Prometheus cannot scrape any pod of the service.
    TargetDown,
    /// The Deployment has no available replica.
    Unavailable,
    /// A container is in CrashLoopBackOff.
    CrashLooping,
    /// A container's working set is above 90% of its memory limit.
    MemoryNearLimit,
    /// A PersistentVolumeClaim of the service is filling up.
    VolumeFilling,
}

impl AlertKind {
    /// The alert name without the service prefix.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::HighErrorRate => "HighErrorRate",
            Self::HighLatency => "HighLatency",
            Self::TargetDown => "TargetDown",
            Self::Unavailable => "Unavailable",
            Self::CrashLooping => "CrashLooping",
            Self::MemoryNearLimit => "MemoryNearLimit",
            Self::VolumeFilling => "VolumeFilling",
        }
    }

    /// Severity in production; other environments get one level lower, so
    /// only production pages (Alertmanager routes `critical` to the pager).
    fn severity(self, production: bool) -> &'static str {
        let critical = matches!(
            self,
            Self::HighErrorRate | Self::TargetDown | Self::Unavailable
        );
        match (critical, production) {
            (true, true) => "critical",
            (true, false) | (false, true) => "warning",
            (false, false) => "info",
        }
    }

    /// How long the condition must hold before the alert fires: long enough
    /// to ride out a rollout or a single slow scrape.
    fn hold(self) -> &'static str {
        match self {
            Self::HighErrorRate => "10m",
            Self::HighLatency | Self::CrashLooping | Self::MemoryNearLimit => "15m",
            Self::TargetDown | Self::Unavailable => "5m",
            Self::VolumeFilling => "1h",
        }
    }
}

/// The series a service's HTTP alerts and panels read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpMetrics {
    /// Which library or exporter names the series this way.
    pub source: &'static str,
    /// A counter of requests (or the `_count` of a histogram).
    pub requests: &'static str,
    /// The label holding the HTTP status.
    pub status_label: &'static str,
    /// The request-duration histogram's `_bucket` series.
    pub duration_bucket: &'static str,
    /// The label holding the namespace of the service's pods.
    pub namespace_label: &'static str,
    /// The label and value identifying the service.
    pub service_label: &'static str,
    /// What the user may have to switch on for the series to exist.
    pub note: &'static str,
}

impl HttpMetrics {
    /// The label matchers selecting the service in `namespace` (a literal,
    /// or a Grafana variable such as `$namespace`).
    pub fn selector(&self, service: &Service, namespace: &str) -> String {
        format!(
            "{}={}, {}={}",
            self.service_label,
            promql_str(&service.name),
            self.namespace_label,
            promql_str(namespace)
        )
    }
}

/// The HTTP metrics of a web service that exposes a metrics endpoint, named
/// as its language's usual instrumentation names them; `None` for services
/// without metrics and for workers (no HTTP API to measure).
pub fn http_metrics(service: &Service) -> Option<HttpMetrics> {
    if service.kind == ServiceKind::Worker || service.metrics_path().is_none() {
        return None;
    }
    let app = |source, requests, status_label, duration_bucket, note| HttpMetrics {
        source,
        requests,
        status_label,
        duration_bucket,
        namespace_label: "namespace",
        service_label: "job",
        note,
    };
    Some(match (service.language.value, service.framework()) {
        (_, Some(Framework::SpringBoot)) | (Language::Java, _) => app(
            "Micrometer (Spring Boot actuator)",
            "http_server_requests_seconds_count",
            "status",
            "http_server_requests_seconds_bucket",
            "p99 needs histogram buckets: set management.metrics.distribution.percentiles-histogram.http.server.requests=true",
        ),
        (_, Some(Framework::FastApi)) => app(
            "prometheus-fastapi-instrumentator",
            "http_requests_total",
            "status",
            "http_request_duration_seconds_bucket",
            "the instrumentator groups statuses as 2xx/4xx/5xx by default, which the 5.. pattern matches",
        ),
        (_, Some(Framework::Django)) => app(
            "django-prometheus",
            "django_http_responses_total_by_status_total",
            "status",
            "django_http_requests_latency_seconds_by_view_method_bucket",
            "add django_prometheus's middlewares first and last in MIDDLEWARE",
        ),
        (_, Some(Framework::Flask)) => app(
            "prometheus-flask-exporter",
            "flask_http_request_duration_seconds_count",
            "status",
            "flask_http_request_duration_seconds_bucket",
            "",
        ),
        (_, Some(Framework::Axum)) => app(
            "axum-prometheus",
            "axum_http_requests_total",
            "status",
            "axum_http_requests_duration_seconds_bucket",
            "",
        ),
        (Language::Node, _) => app(
            "prom-client with express-prom-bundle or fastify-metrics",
            "http_request_duration_seconds_count",
            "status_code",
            "http_request_duration_seconds_bucket",
            "prom-client alone exports process metrics only: the HTTP histogram comes from the middleware",
        ),
        (Language::Ruby, _) => app(
            "prometheus-client's Rack collector",
            "http_server_requests_total",
            "code",
            "http_server_request_duration_seconds_bucket",
            "",
        ),
        (Language::DotNet, _) => app(
            "prometheus-net (UseHttpMetrics)",
            "http_requests_received_total",
            "code",
            "http_request_duration_seconds_bucket",
            "",
        ),
        _ => app(
            "client_golang promhttp conventions",
            "http_requests_total",
            "code",
            "http_request_duration_seconds_bucket",
            "wrap handlers with promhttp.InstrumentHandlerCounter and InstrumentHandlerDuration (or your library's equivalent)",
        ),
    })
}

/// The HTTP series from ingress-nginx, for web services without metrics of
/// their own (the dashboard's traffic, errors and latency panels).
pub fn ingress_metrics() -> HttpMetrics {
    HttpMetrics {
        source: "ingress-nginx controller",
        requests: "nginx_ingress_controller_requests",
        status_label: "status",
        duration_bucket: "nginx_ingress_controller_request_duration_seconds_bucket",
        // Scraped through a ServiceMonitor, the controller's own namespace
        // label renames the Ingress's one to exported_namespace.
        namespace_label: "exported_namespace",
        service_label: "ingress",
        note: "",
    }
}

/// The alerts of a service, in a stable order.
pub fn alert_kinds(service: &Service) -> Vec<AlertKind> {
    let mut kinds = Vec::new();
    if http_metrics(service).is_some() {
        kinds.extend([AlertKind::HighErrorRate, AlertKind::HighLatency]);
    }
    if service.metrics_path().is_some() {
        kinds.push(AlertKind::TargetDown);
    }
    kinds.extend([
        AlertKind::Unavailable,
        AlertKind::CrashLooping,
        AlertKind::MemoryNearLimit,
        AlertKind::VolumeFilling,
    ]);
    kinds
}

/// `ApiHighErrorRate`.
pub fn alert_name(service: &Service, kind: AlertKind) -> String {
    format!("{}{}", camel(&service.name), kind.suffix())
}

/// The link an alert's `runbook_url` carries: its section of the runbook.
pub fn runbook_url(
    project: &Project,
    options: &Options,
    service: &Service,
    kind: AlertKind,
) -> String {
    format!(
        "{}#{}",
        browse_url(project, options, &paths::runbook(service)),
        anchor(&alert_name(service, kind))
    )
}

/// The PromQL of an alert for the service in `namespace`.
pub fn expr(service: &Service, kind: AlertKind, namespace: &str) -> String {
    let ns = promql_str(namespace);
    let name = promql_str(&service.name);
    match kind {
        AlertKind::HighErrorRate | AlertKind::HighLatency | AlertKind::TargetDown => {
            let m = http_metrics(service).unwrap_or_else(ingress_metrics);
            let sel = m.selector(service, namespace);
            match kind {
                AlertKind::HighErrorRate => format!(
                    "sum by (namespace) (rate({req}{{{sel}, {status}=~\"5..\"}}[5m]))\n  /\nsum by (namespace) (rate({req}{{{sel}}}[5m]))\n  > 0.05",
                    req = m.requests,
                    status = m.status_label,
                ),
                AlertKind::HighLatency => format!(
                    "histogram_quantile(0.99,\n  sum by (namespace, le) (rate({}{{{sel}}}[5m]))\n) > 1",
                    m.duration_bucket
                ),
                _ => format!(
                    "max by (namespace, job) (up{{job={name}, namespace={ns}}}) == 0\n  or\nabsent(up{{job={name}, namespace={ns}}})"
                ),
            }
        }
        AlertKind::Unavailable => format!(
            "kube_deployment_status_replicas_available{{namespace={ns}, deployment={name}}} == 0\n  and\nkube_deployment_spec_replicas{{namespace={ns}, deployment={name}}} > 0"
        ),
        AlertKind::CrashLooping => format!(
            "max_over_time(kube_pod_container_status_waiting_reason{{namespace={ns}, container={name}, reason=\"CrashLoopBackOff\"}}[5m]) >= 1"
        ),
        AlertKind::MemoryNearLimit => format!(
            "max by (namespace, pod) (container_memory_working_set_bytes{{namespace={ns}, container={name}}})\n  /\nmax by (namespace, pod) (kube_pod_container_resource_limits{{namespace={ns}, container={name}, resource=\"memory\"}})\n  > 0.9"
        ),
        AlertKind::VolumeFilling => {
            let pvc = promql_str(&format!("(.+-)?{}(-.+)?", regex_escape(&service.name)));
            let sel = format!("namespace={ns}, persistentvolumeclaim=~{pvc}");
            format!(
                "(\n  kubelet_volume_stats_available_bytes{{{sel}}}\n    /\n  kubelet_volume_stats_capacity_bytes{{{sel}}}\n) < 0.15\n  and\npredict_linear(kubelet_volume_stats_available_bytes{{{sel}}}[6h], 4 * 24 * 3600) < 0"
            )
        }
    }
}

/// Summary and description annotations (Prometheus templates).
fn texts(service: &Service, kind: AlertKind) -> (String, String) {
    let s = &service.name;
    match kind {
        AlertKind::HighErrorRate => (
            format!("{s}: more than 5% of requests fail in {{{{ $labels.namespace }}}}"),
            format!(
                "{{{{ $value | humanizePercentage }}}} of the requests {s} answered in {{{{ $labels.namespace }}}} over the last 5 minutes had a 5xx status (threshold 5%)."
            ),
        ),
        AlertKind::HighLatency => (
            format!("{s}: p99 latency above 1s in {{{{ $labels.namespace }}}}"),
            format!(
                "The 99th percentile of {s}'s request duration in {{{{ $labels.namespace }}}} is {{{{ $value | humanizeDuration }}}} (threshold 1s)."
            ),
        ),
        AlertKind::TargetDown => (
            format!("{s}: Prometheus cannot scrape any pod in {{{{ $labels.namespace }}}}"),
            format!(
                "No {s} target in {{{{ $labels.namespace }}}} has answered a scrape for 5 minutes, or none is discovered: the service is down or its ServiceMonitor selects nothing, and its HTTP alerts are blind."
            ),
        ),
        AlertKind::Unavailable => (
            format!("{s}: no available replica in {{{{ $labels.namespace }}}}"),
            format!(
                "Deployment {s} in {{{{ $labels.namespace }}}} wants replicas but none has been available for 5 minutes: the service is down."
            ),
        ),
        AlertKind::CrashLooping => (
            format!("{s}: pod {{{{ $labels.pod }}}} is crash looping"),
            format!(
                "Container {s} of pod {{{{ $labels.pod }}}} in {{{{ $labels.namespace }}}} has been in CrashLoopBackOff for 15 minutes."
            ),
        ),
        AlertKind::MemoryNearLimit => (
            format!("{s}: pod {{{{ $labels.pod }}}} uses over 90% of its memory limit"),
            format!(
                "Pod {{{{ $labels.pod }}}} of {s} in {{{{ $labels.namespace }}}} has used {{{{ $value | humanizePercentage }}}} of its memory limit for 15 minutes; at the limit it is OOM-killed."
            ),
        ),
        AlertKind::VolumeFilling => (
            format!("{s}: volume {{{{ $labels.persistentvolumeclaim }}}} is filling up"),
            format!(
                "PersistentVolumeClaim {{{{ $labels.persistentvolumeclaim }}}} of {s} in {{{{ $labels.namespace }}}} has less than 15% free space and is predicted to be full within 4 days."
            ),
        ),
    }
}

/// The PrometheusRule of a service: one rule group per environment, each
/// selecting that environment's namespace.
pub fn prometheus_rule(project: &Project, options: &Options, service: &Service) -> String {
    let production = options.production().to_owned();
    let rule_ns = Options::namespace(project, &production);
    let mut out = String::from(YAML_HEADER);
    out.push_str(
        "#\n# Alerts for one service (practice O01), one group per environment: each\n\
         # group selects that environment's namespace, and only production pages\n\
         # (severity critical; other environments are one level lower). Every alert\n\
         # links to its section of the runbook.\n",
    );
    if let Some(m) = http_metrics(service) {
        out.push_str("#\n");
        out.push_str(&comment_lines(&format!(
            "HTTP alerts read the series {} exports:",
            m.source
        )));
        let _ = write!(
            out,
            "#   requests: {} (status label: {})\n#   latency:  {}\n",
            m.requests, m.status_label, m.duration_bucket
        );
        if !m.note.is_empty() {
            out.push_str(&comment_lines(&format!("Note: {}.", m.note)));
        }
        out.push_str(
            "# The job label is the Service name, as the chart's ServiceMonitor\n# scrapes it.\n",
        );
    } else {
        let why = if service.kind == ServiceKind::Worker {
            "is a worker with no HTTP API"
        } else {
            "exposes no metrics endpoint"
        };
        out.push_str("#\n");
        out.push_str(&comment_lines(&format!(
            "No HTTP alerts ({}): {} {why}, so there is no request series to read.{}",
            if service.metrics_path().is_some() {
                "error rate, latency"
            } else {
                "error rate, latency, target down"
            },
            service.name,
            if service.kind == ServiceKind::Worker {
                ""
            } else {
                " Add Prometheus instrumentation, enable the chart's serviceMonitor, and run init again to get them."
            }
        )));
    }
    out.push_str(
        "#\n# The object lives in the production namespace (kube-prometheus-stack\n\
         # reads rules from every namespace by default); each group still selects\n\
         # its own environment's namespace.\n\
         #\n# The release label matches kube-prometheus-stack's default ruleSelector\n\
         # (its Helm release name): change it if Prometheus was installed under\n\
         # another name or selects rules otherwise.\n",
    );
    let _ = write!(
        out,
        "---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: {}\n  namespace: {}\n  labels:\n    app.kubernetes.io/name: {}\n    app.kubernetes.io/part-of: {}\n    release: kube-prometheus-stack\nspec:\n  groups:\n",
        scalar(&format!("{}-alerts", service.name)),
        scalar(&rule_ns),
        scalar(&service.name),
        scalar(&project.name),
    );
    for env in &options.environments {
        let prod = *env == production;
        let ns = Options::namespace(project, env);
        let _ = write!(
            out,
            "    - name: {}\n      rules:\n",
            scalar(&format!("{}.{env}", service.name))
        );
        for kind in alert_kinds(service) {
            if kind == AlertKind::VolumeFilling {
                out.push_str(
                    "        # Reads the PersistentVolumeClaims named after the service; a stateless\n        # Deployment has none, and the alert then stays silent.\n",
                );
            }
            let (summary, description) = texts(service, kind);
            let _ = write!(
                out,
                "        - alert: {}\n          expr: |-\n{}          for: {}\n          labels:\n            severity: {}\n            service: {}\n            environment: {}\n          annotations:\n            summary: {}\n            description: {}\n            runbook_url: {}\n",
                alert_name(service, kind),
                super::text::indent(&expr(service, kind, &ns), 12),
                kind.hold(),
                kind.severity(prod),
                scalar(&service.name),
                scalar(env),
                quoted(&summary),
                quoted(&description),
                scalar(&runbook_url(project, options, service, kind)),
            );
        }
    }
    out
}
