//! `[deploy.<env>.analysis]`: where Prometheus is, which metrics to query and
//! their bounds, with validation that names the offending key.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::render::{self, PLACEHOLDERS};
use super::stats::{show_number, show_seconds};
use crate::duration::Span;

/// `[deploy.<env>.analysis]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AnalysisConfig {
    /// Base URL of the Prometheus HTTP API, e.g. `http://prometheus.monitoring:9090`
    /// (a path prefix such as `/prometheus` is kept).
    pub prometheus: String,
    /// Time between measurements within a step.
    #[serde(default = "default_interval")]
    pub interval: Span,
    /// Rate window substituted for `{{window}}` in queries.
    #[serde(default = "default_window")]
    pub window: Span,
    /// A track with fewer requests than this in the window is Inconclusive.
    #[serde(default = "default_min_requests")]
    pub min_requests: u64,
    /// Name of an environment variable holding a bearer token for Prometheus
    /// (the token itself never goes in the file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bearer_token_env: Option<String>,
    /// Timeout of each HTTP request to Prometheus.
    #[serde(default = "default_timeout")]
    pub timeout: Span,
    /// Confidence an error-rate excess must reach before it fails (0.5 < c < 1).
    #[serde(default = "default_confidence")]
    pub confidence: f64,
    /// Error-rate limit used when `max-ratio × baseline` is lower, so a clean
    /// baseline does not fail a canary on a single error (a fraction, 0.01 = 1 %).
    #[serde(default = "default_error_rate_floor")]
    pub error_rate_floor: f64,
    /// Counter of HTTP requests used by the built-in error-rate queries.
    #[serde(default = "default_requests_metric")]
    pub requests_metric: String,
    /// Label of `requests-metric` holding the HTTP status (`code` or `status`).
    #[serde(default = "default_status_label")]
    pub status_label: String,
    /// Regular expression on `status-label` that marks a failed request.
    #[serde(default = "default_error_status")]
    pub error_status: String,
    /// Histogram (base name, without `_bucket`) used by the built-in latency queries.
    #[serde(default = "default_latency_metric")]
    pub latency_metric: String,
    /// Label holding the Kubernetes namespace.
    #[serde(default = "default_namespace_label")]
    pub namespace_label: String,
    /// Label holding the pod name.
    #[serde(default = "default_pod_label")]
    pub pod_label: String,
    /// The metrics. Empty or absent: error rate at most 2× the baseline and
    /// p99 latency at most 500ms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<MetricConfig>,
}

/// What a metric measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MetricKind {
    /// `query` returns one number per track, compared with `max`/`min`/`max-ratio`.
    #[default]
    Query,
    /// Failed requests over all requests, judged with a significance test.
    /// Built-in queries from `requests-metric`/`status-label`/`error-status`,
    /// or `errors-query` and `requests-query`.
    ErrorRate,
    /// A quantile of the latency histogram (`quantile`, default 0.99), in seconds.
    /// Built-in query from `latency-metric`, or `query`.
    Latency,
}

/// One metric: a PromQL template and its bounds, absolute (`max`/`min`) or
/// relative to the baseline (`max-ratio`). Templates may use `{{namespace}}`,
/// `{{workload}}`, `{{pods}}` (an anchored regex of the track's pod names,
/// for `pod=~"{{pods}}"`) and `{{window}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MetricConfig {
    pub name: String,
    #[serde(default)]
    pub kind: MetricKind,
    /// `query`: the PromQL (required); `latency`: replaces the built-in quantile query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// `error-rate`: failed requests over `{{window}}` (one number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors_query: Option<String>,
    /// `error-rate` and `latency`: all requests over `{{window}}` (one number),
    /// compared with `min-requests`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests_query: Option<String>,
    /// `latency`: the quantile, 0 < q < 1 (default 0.99).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantile: Option<f64>,
    /// Upper bound (seconds for latency, a fraction for error rate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Lower bound (not for error rate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Upper bound relative to the baseline track: candidate ≤ max-ratio × baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_ratio: Option<f64>,
}

/// A problem in the analysis configuration, with the key it concerns
/// (relative to the analysis table, e.g. `metrics[1].max-ratio`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigIssue {
    pub key: String,
    pub message: String,
}

impl fmt::Display for ConfigIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

fn default_interval() -> Span {
    Span::secs(30)
}
fn default_window() -> Span {
    Span::secs(120)
}
fn default_min_requests() -> u64 {
    50
}
fn default_timeout() -> Span {
    Span::secs(10)
}
fn default_confidence() -> f64 {
    0.95
}
fn default_error_rate_floor() -> f64 {
    0.01
}
fn default_requests_metric() -> String {
    "http_requests_total".into()
}
fn default_status_label() -> String {
    "code".into()
}
fn default_error_status() -> String {
    "5..".into()
}
fn default_latency_metric() -> String {
    "http_request_duration_seconds".into()
}
fn default_namespace_label() -> String {
    "namespace".into()
}
fn default_pod_label() -> String {
    "pod".into()
}

/// The default error-rate ratio and latency bound.
pub const DEFAULT_MAX_RATIO: f64 = 2.0;
/// The default error-rate ceiling, with or without a baseline.
pub const DEFAULT_ERROR_RATE_MAX: f64 = 0.05;
pub const DEFAULT_LATENCY_MAX: f64 = 0.5;
pub const DEFAULT_QUANTILE: f64 = 0.99;

impl AnalysisConfig {
    /// A configuration with every default and the given Prometheus URL.
    pub fn new(prometheus: impl Into<String>) -> Self {
        Self {
            prometheus: prometheus.into(),
            interval: default_interval(),
            window: default_window(),
            min_requests: default_min_requests(),
            bearer_token_env: None,
            timeout: default_timeout(),
            confidence: default_confidence(),
            error_rate_floor: default_error_rate_floor(),
            requests_metric: default_requests_metric(),
            status_label: default_status_label(),
            error_status: default_error_status(),
            latency_metric: default_latency_metric(),
            namespace_label: default_namespace_label(),
            pod_label: default_pod_label(),
            metrics: Vec::new(),
        }
    }

    /// The metrics in effect: the configured ones, or the defaults.
    pub fn effective_metrics(&self) -> Vec<MetricConfig> {
        if !self.metrics.is_empty() {
            return self.metrics.clone();
        }
        vec![
            MetricConfig {
                name: "error-rate".into(),
                kind: MetricKind::ErrorRate,
                query: None,
                errors_query: None,
                requests_query: None,
                quantile: None,
                // An absolute ceiling too, so steps without a baseline
                // (rolling, blue-green, the promoted stable) are judged.
                max: Some(DEFAULT_ERROR_RATE_MAX),
                min: None,
                max_ratio: Some(DEFAULT_MAX_RATIO),
            },
            MetricConfig {
                name: "latency-p99".into(),
                kind: MetricKind::Latency,
                query: None,
                errors_query: None,
                requests_query: None,
                quantile: Some(DEFAULT_QUANTILE),
                max: Some(DEFAULT_LATENCY_MAX),
                min: None,
                max_ratio: None,
            },
        ]
    }

    /// Every problem at once, each naming its key.
    pub fn validate(&self) -> Result<(), Vec<ConfigIssue>> {
        let mut issues = Vec::new();
        let mut issue = |key: String, message: String| issues.push(ConfigIssue { key, message });

        if let Err(message) = check_base_url(&self.prometheus) {
            issue("prometheus".into(), message);
        }
        for (key, span) in [
            ("interval", self.interval),
            ("window", self.window),
            ("timeout", self.timeout),
        ] {
            if span.as_duration().is_zero() {
                issue(key.into(), "must be longer than 0s".into());
            }
        }
        let window = self.window.as_duration();
        if !window.is_zero() && (window.subsec_millis() != 0 || window.as_secs() == 0) {
            // A rate over less than a second, or over `1s500ms`, is a typo.
            issue(
                "window".into(),
                "must be a whole number of seconds (e.g. 2m, 90s)".into(),
            );
        }
        if let Some(var) = &self.bearer_token_env
            && !is_env_name(var)
        {
            issue(
                "bearer-token-env".into(),
                format!("`{var}` is not an environment variable name (letters, digits, `_`)"),
            );
        }
        if !(self.confidence > 0.5 && self.confidence < 1.0) {
            issue(
                "confidence".into(),
                format!(
                    "must be between 0.5 and 1 (exclusive), got {}",
                    self.confidence
                ),
            );
        }
        if !(self.error_rate_floor >= 0.0 && self.error_rate_floor < 1.0) {
            issue(
                "error-rate-floor".into(),
                format!(
                    "must be a fraction in [0, 1), got {}",
                    self.error_rate_floor
                ),
            );
        }
        for (key, value) in [
            ("requests-metric", &self.requests_metric),
            ("latency-metric", &self.latency_metric),
        ] {
            if !is_metric_name(value) {
                issue(
                    key.into(),
                    format!("`{value}` is not a Prometheus metric name"),
                );
            }
        }
        for (key, value) in [
            ("status-label", &self.status_label),
            ("namespace-label", &self.namespace_label),
            ("pod-label", &self.pod_label),
        ] {
            if !is_label_name(value) {
                issue(
                    key.into(),
                    format!("`{value}` is not a Prometheus label name"),
                );
            }
        }
        if self.error_status.is_empty() {
            issue(
                "error-status".into(),
                "must be a regular expression such as `5..`".into(),
            );
        }

        let mut seen = Vec::new();
        for (i, metric) in self.metrics.iter().enumerate() {
            let at = |field: &str| format!("metrics[{i}].{field}");
            if metric.name.trim().is_empty() {
                issue(at("name"), "must not be empty".into());
            } else if seen.contains(&metric.name.as_str()) {
                issue(
                    at("name"),
                    format!("`{}` is used by another metric", metric.name),
                );
            } else {
                seen.push(metric.name.as_str());
            }
            let kind = kebab(metric.kind);
            let mut not_for = |field: &str, present: bool| {
                if present {
                    issue(at(field), format!("not used by kind = \"{kind}\""));
                }
            };
            match metric.kind {
                MetricKind::Query => {
                    not_for("errors-query", metric.errors_query.is_some());
                    not_for("requests-query", metric.requests_query.is_some());
                    not_for("quantile", metric.quantile.is_some());
                }
                MetricKind::ErrorRate => {
                    not_for("query", metric.query.is_some());
                    not_for("quantile", metric.quantile.is_some());
                    not_for("min", metric.min.is_some());
                }
                MetricKind::Latency => {
                    not_for("errors-query", metric.errors_query.is_some());
                }
            }
            if metric.kind == MetricKind::Query && metric.query.is_none() {
                issue(at("query"), "required for kind = \"query\"".into());
            }
            if metric.kind == MetricKind::ErrorRate
                && metric.errors_query.is_some() != metric.requests_query.is_some()
            {
                let missing = if metric.errors_query.is_some() {
                    "requests-query"
                } else {
                    "errors-query"
                };
                issue(
                    at(missing),
                    "errors-query and requests-query go together".into(),
                );
            }
            for (field, template) in [
                ("query", &metric.query),
                ("errors-query", &metric.errors_query),
                ("requests-query", &metric.requests_query),
            ] {
                if let Some(template) = template {
                    if template.trim().is_empty() {
                        issue(at(field), "must not be empty".into());
                    } else if let Err(message) = render::check(template) {
                        issue(at(field), message);
                    }
                }
            }
            if let Some(q) = metric.quantile
                && !(q > 0.0 && q < 1.0)
            {
                issue(at("quantile"), format!("must be between 0 and 1, got {q}"));
            }
            if metric.max.is_none() && metric.min.is_none() && metric.max_ratio.is_none() {
                issue(
                    at("max"),
                    "the metric has no bound: set max, min or max-ratio".into(),
                );
            }
            for (field, value) in [("max", metric.max), ("min", metric.min)] {
                if let Some(value) = value
                    && !value.is_finite()
                {
                    issue(at(field), format!("must be a finite number, got {value}"));
                }
            }
            if metric.kind == MetricKind::ErrorRate
                && let Some(max) = metric.max
                && !(0.0..1.0).contains(&max)
            {
                issue(
                    at("max"),
                    format!("an error rate is a fraction (0.05 = 5 %), got {max}"),
                );
            }
            if let Some(ratio) = metric.max_ratio
                && !(ratio.is_finite() && ratio > 0.0)
            {
                issue(
                    at("max-ratio"),
                    format!("must be a positive number, got {ratio}"),
                );
            }
            if let (Some(min), Some(max)) = (metric.min, metric.max)
                && min > max
            {
                issue(at("min"), format!("min {min} is above max {max}"));
            }
        }
        if issues.is_empty() {
            Ok(())
        } else {
            Err(issues)
        }
    }

    /// One deterministic line per metric in effect, for the dry-run plan.
    pub fn describe(&self) -> Vec<String> {
        let window = self.window;
        let min = self.min_requests;
        self.effective_metrics()
            .iter()
            .map(|metric| {
                let mut bounds = Vec::new();
                let show: fn(f64) -> String = match metric.kind {
                    MetricKind::Latency => show_seconds,
                    MetricKind::ErrorRate => show_percent,
                    MetricKind::Query => show_number,
                };
                if let Some(ratio) = metric.max_ratio {
                    if metric.kind == MetricKind::ErrorRate {
                        bounds.push(format!(
                            "≤ {}× baseline (at least {})",
                            show_number(ratio),
                            show_percent(self.error_rate_floor)
                        ));
                    } else {
                        bounds.push(format!("≤ {}× baseline", show_number(ratio)));
                    }
                }
                if let Some(max) = metric.max {
                    bounds.push(format!("≤ {}", show(max)));
                }
                if let Some(lower) = metric.min {
                    bounds.push(format!("≥ {}", show(lower)));
                }
                let bounds = bounds.join(", ");
                let name = &metric.name;
                match metric.kind {
                    MetricKind::ErrorRate => {
                        let what = if metric.errors_query.is_some() {
                            "errors-query / requests-query".to_owned()
                        } else {
                            format!(
                                "{}{{{}=~\"{}\"}} share of {}",
                                self.requests_metric,
                                self.status_label,
                                self.error_status,
                                self.requests_metric
                            )
                        };
                        format!(
                            "{name}: error rate ({what}) over {window} {bounds}; fails only if significant at {}%; under {min} requests: inconclusive",
                            show_number(self.confidence * 100.0)
                        )
                    }
                    MetricKind::Latency => {
                        let q = metric.quantile.unwrap_or(DEFAULT_QUANTILE);
                        let what = if metric.query.is_some() {
                            "custom query".to_owned()
                        } else {
                            self.latency_metric.clone()
                        };
                        format!(
                            "{name}: p{} latency ({what}) over {window} {bounds}; under {min} requests: inconclusive",
                            show_number(q * 100.0)
                        )
                    }
                    MetricKind::Query => format!(
                        "{name}: `{}` {bounds}",
                        metric.query.as_deref().unwrap_or_default()
                    ),
                }
            })
            .collect()
    }
}

fn show_percent(value: f64) -> String {
    format!("{}%", show_number(value * 100.0))
}

fn kebab(kind: MetricKind) -> &'static str {
    match kind {
        MetricKind::Query => "query",
        MetricKind::ErrorRate => "error-rate",
        MetricKind::Latency => "latency",
    }
}

/// `http(s)://host[:port][/prefix]`, nothing after the path.
pub(crate) fn check_base_url(url: &str) -> Result<(), String> {
    let uri: http::Uri = url
        .parse()
        .map_err(|e| format!("`{url}` is not a URL: {e}"))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(other) => {
            return Err(format!(
                "`{url}`: scheme must be http or https, not {other}"
            ));
        }
        None => {
            return Err(format!(
                "`{url}`: needs a scheme, e.g. http://prometheus:9090"
            ));
        }
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(format!("`{url}`: no host"));
    }
    if uri.query().is_some() {
        return Err(format!("`{url}`: give the base URL without a query string"));
    }
    Ok(())
}

fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_label_name(name: &str) -> bool {
    is_env_name(name)
}

fn is_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// The placeholders, for messages.
pub(crate) fn placeholder_list() -> String {
    PLACEHOLDERS
        .iter()
        .map(|p| format!("{{{{{p}}}}}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<AnalysisConfig, toml::de::Error> {
        toml::from_str(text)
    }

    fn keys(config: &AnalysisConfig) -> Vec<String> {
        config
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|i| i.key)
            .collect()
    }

    #[test]
    fn defaults_from_a_minimal_table() {
        let config = parse(r#"prometheus = "http://prometheus.monitoring:9090""#).unwrap();
        assert_eq!(
            config,
            AnalysisConfig::new("http://prometheus.monitoring:9090")
        );
        assert_eq!(config.interval, Span::secs(30));
        assert_eq!(config.window, Span::secs(120));
        assert_eq!(config.timeout, Span::secs(10));
        assert_eq!(config.min_requests, 50);
        assert_eq!(config.validate(), Ok(()));
        let metrics = config.effective_metrics();
        assert_eq!(metrics.len(), 2);
        assert_eq!(metrics[0].max_ratio, Some(2.0));
        assert_eq!(metrics[1].max, Some(0.5));
    }

    #[test]
    fn full_table_round_trips() {
        let text = r#"
prometheus = "https://prom.example.com/prometheus"
interval = "1m"
window = "5m"
min-requests = 200
bearer-token-env = "PROM_TOKEN"
timeout = "5s"
status-label = "status"

[[metrics]]
name = "errors"
kind = "error-rate"
max-ratio = 1.5
max = 0.05

[[metrics]]
name = "saturation"
query = 'max(container_memory_working_set_bytes{namespace="{{namespace}}",pod=~"{{pods}}"})'
max = 1e9
"#;
        let config = parse(text).unwrap();
        assert_eq!(config.validate(), Ok(()));
        assert_eq!(config.metrics[1].kind, MetricKind::Query);
        let again: AnalysisConfig =
            serde_json::from_value(serde_json::to_value(&config).unwrap()).unwrap();
        assert_eq!(again, config);
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = parse("prometheus = \"http://p:9090\"\nmin_requests = 3").unwrap_err();
        assert!(err.to_string().contains("min_requests"), "{err}");
        let err = parse("prometheus = \"http://p:9090\"\n[[metrics]]\nname = \"x\"\nratio = 2")
            .unwrap_err();
        assert!(err.to_string().contains("ratio"), "{err}");
    }

    #[test]
    fn validation_names_the_key() {
        let mut config = AnalysisConfig::new("ftp://prom:9090");
        config.window = Span::default();
        config.bearer_token_env = Some("PROM-TOKEN".into());
        config.confidence = 1.0;
        config.status_label = "status code".into();
        config.metrics = vec![
            MetricConfig {
                name: "errors".into(),
                kind: MetricKind::ErrorRate,
                query: None,
                errors_query: Some("sum(x)".into()),
                requests_query: None,
                quantile: None,
                max: None,
                min: None,
                max_ratio: Some(2.0),
            },
            MetricConfig {
                name: "errors".into(),
                kind: MetricKind::Query,
                query: Some("up{pod=~\"{{pod}}\"}".into()),
                errors_query: None,
                requests_query: None,
                quantile: None,
                max: Some(1.0),
                min: Some(2.0),
                max_ratio: Some(-1.0),
            },
            MetricConfig {
                name: "p95".into(),
                kind: MetricKind::Latency,
                query: None,
                errors_query: None,
                requests_query: None,
                quantile: Some(95.0),
                max: None,
                min: None,
                max_ratio: None,
            },
        ];
        let issues = config.validate().unwrap_err();
        let keys: Vec<&str> = issues.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "prometheus",
                "window",
                "bearer-token-env",
                "confidence",
                "status-label",
                "metrics[0].requests-query",
                "metrics[1].name",
                "metrics[1].query",
                "metrics[1].max-ratio",
                "metrics[1].min",
                "metrics[2].quantile",
                "metrics[2].max",
            ]
        );
        let text: Vec<String> = issues.iter().map(ToString::to_string).collect();
        assert!(text[0].starts_with("prometheus: `ftp://prom:9090`: scheme must be http or https"));
        assert!(text[7].contains("{{pod}}"), "{}", text[7]);
        assert!(text[8].contains("positive"), "{}", text[8]);
    }

    #[test]
    fn schema_uses_the_file_spelling() {
        let schema = serde_json::to_value(schemars::schema_for!(AnalysisConfig)).unwrap();
        let props = &schema["properties"];
        for key in [
            "prometheus",
            "min-requests",
            "bearer-token-env",
            "error-rate-floor",
            "metrics",
        ] {
            assert!(props.get(key).is_some(), "{key} missing from {props}");
        }
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(schema["required"], serde_json::json!(["prometheus"]));
        let text = schema.to_string();
        assert!(
            text.contains("max-ratio") && text.contains("error-rate"),
            "{text}"
        );
    }

    #[test]
    fn sub_second_windows_are_refused() {
        let mut config = AnalysisConfig::new("http://p:9090");
        config.window = crate::duration::parse("500ms").unwrap();
        assert_eq!(keys(&config), ["window"]);
        config.window = crate::duration::parse("1m30s").unwrap();
        assert_eq!(keys(&config), Vec::<String>::new());
    }

    #[test]
    fn base_urls() {
        assert_eq!(check_base_url("http://127.0.0.1:9090"), Ok(()));
        assert_eq!(check_base_url("https://prom.example.com/prefix/"), Ok(()));
        assert!(check_base_url("prom:9090").is_err());
        assert!(check_base_url("http://prom:9090/?x=1").is_err());
        assert!(check_base_url("").is_err());
    }

    #[test]
    fn error_rate_min_and_percent_max_are_refused() {
        let mut config = AnalysisConfig::new("http://p:9090");
        config.metrics = vec![MetricConfig {
            name: "e".into(),
            kind: MetricKind::ErrorRate,
            query: None,
            errors_query: None,
            requests_query: None,
            quantile: None,
            max: Some(5.0),
            min: Some(0.0),
            max_ratio: None,
        }];
        assert_eq!(keys(&config), ["metrics[0].min", "metrics[0].max"]);
    }

    #[test]
    fn describe_is_one_line_per_metric() {
        let config = AnalysisConfig::new("http://p:9090");
        assert_eq!(
            config.describe(),
            [
                "error-rate: error rate (http_requests_total{code=~\"5..\"} share of http_requests_total) over 2m ≤ 2× baseline (at least 1%), ≤ 5%; fails only if significant at 95%; under 50 requests: inconclusive",
                "latency-p99: p99 latency (http_request_duration_seconds) over 2m ≤ 500ms; under 50 requests: inconclusive",
            ]
        );
        let mut custom = config.clone();
        custom.metrics = vec![MetricConfig {
            name: "cpu".into(),
            kind: MetricKind::Query,
            query: Some("sum(rate(cpu{pod=~\"{{pods}}\"}[{{window}}]))".into()),
            errors_query: None,
            requests_query: None,
            quantile: None,
            max: Some(2.5),
            min: None,
            max_ratio: Some(1.2),
        }];
        assert_eq!(
            custom.describe(),
            ["cpu: `sum(rate(cpu{pod=~\"{{pods}}\"}[{{window}}]))` ≤ 1.2× baseline, ≤ 2.5"]
        );
        assert_eq!(custom.describe(), custom.describe());
        custom.metrics = vec![MetricConfig {
            name: "errors".into(),
            kind: MetricKind::ErrorRate,
            query: None,
            errors_query: None,
            requests_query: None,
            quantile: None,
            max: Some(0.05),
            min: None,
            max_ratio: None,
        }];
        assert_eq!(
            custom.describe(),
            [
                "errors: error rate (http_requests_total{code=~\"5..\"} share of http_requests_total) over 2m ≤ 5%; fails only if significant at 95%; under 50 requests: inconclusive"
            ]
        );
    }
}
