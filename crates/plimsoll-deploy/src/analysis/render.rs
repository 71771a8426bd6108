//! PromQL templates: the built-in queries and placeholder substitution.

use super::Subject;
use super::config::{AnalysisConfig, DEFAULT_QUANTILE, MetricConfig, MetricKind};
use crate::duration::Span;

/// The placeholders a template may use.
pub const PLACEHOLDERS: [&str; 4] = ["namespace", "workload", "pods", "window"];

/// The queries one metric runs per track (still templates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Templates {
    /// One number.
    Value { query: String },
    /// One number, plus the request count checked against `min-requests`.
    Latency { query: String, requests: String },
    /// Failed and all requests over the window.
    ErrorRate { errors: String, requests: String },
}

/// Escapes text for a double-quoted PromQL string literal.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            other => out.push(other),
        }
    }
    out
}

fn selector(config: &AnalysisConfig, metric: &str, extra: &str) -> String {
    format!(
        "{metric}{{{}=\"{{{{namespace}}}}\",{}=~\"{{{{pods}}}}\"{extra}}}",
        config.namespace_label, config.pod_label
    )
}

/// The templates a metric runs: its own, or the built-in ones.
pub fn templates(config: &AnalysisConfig, metric: &MetricConfig) -> Templates {
    let latency_count = || {
        format!(
            "sum(increase({}[{{{{window}}}}]))",
            selector(config, &format!("{}_count", config.latency_metric), "")
        )
    };
    match metric.kind {
        MetricKind::Query => Templates::Value {
            query: metric.query.clone().unwrap_or_default(),
        },
        MetricKind::Latency => {
            let q = metric.quantile.unwrap_or(DEFAULT_QUANTILE);
            let query = metric.query.clone().unwrap_or_else(|| {
                format!(
                    "histogram_quantile({q}, sum by (le) (rate({}[{{{{window}}}}])))",
                    selector(config, &format!("{}_bucket", config.latency_metric), "")
                )
            });
            let requests = metric.requests_query.clone().unwrap_or_else(latency_count);
            Templates::Latency { query, requests }
        }
        MetricKind::ErrorRate => {
            if let (Some(errors), Some(requests)) = (&metric.errors_query, &metric.requests_query) {
                return Templates::ErrorRate {
                    errors: errors.clone(),
                    requests: requests.clone(),
                };
            }
            let requests = format!(
                "sum(increase({}[{{{{window}}}}]))",
                selector(config, &config.requests_metric, "")
            );
            // `or vector(0)`: no error series yet means no errors, not no data
            // (no data is decided by the request count).
            let errors = format!(
                "sum(increase({}[{{{{window}}}}])) or vector(0)",
                selector(
                    config,
                    &config.requests_metric,
                    &format!(
                        ",{}=~\"{}\"",
                        config.status_label,
                        escape(&config.error_status)
                    )
                )
            );
            Templates::ErrorRate { errors, requests }
        }
    }
}

/// Finds the `{{name}}` placeholders of a template; an unknown one or an
/// unclosed `{{` is an error.
pub fn check(template: &str) -> Result<(), String> {
    render_with(template, |_| String::new()).map(drop)
}

/// Substitutes the placeholders for one track.
pub fn render(template: &str, subject: &Subject, window: Span) -> Result<String, String> {
    render_with(template, |name| match name {
        "namespace" => escape(&subject.namespace),
        "workload" => escape(&subject.workload),
        "pods" => escape(&subject.pods),
        _ => window.to_string(),
    })
}

fn render_with(template: &str, value: impl Fn(&str) -> String) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err(format!(
                "unclosed `{{{{` (placeholders: {})",
                super::config::placeholder_list()
            ));
        };
        let name = after[..end].trim();
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "unknown placeholder `{{{{{name}}}}}` (placeholders: {})",
                super::config::placeholder_list()
            ));
        }
        out.push_str(&value(name));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject() -> Subject {
        Subject {
            namespace: "shop".into(),
            workload: "web".into(),
            pods: r"web-canary-[a-z0-9]+(-\d+)?".into(),
        }
    }

    #[test]
    fn placeholders_are_substituted_and_escaped() {
        let out = render(
            r#"sum(rate(x{namespace="{{namespace}}",app="{{ workload }}",pod=~"{{pods}}"}[{{window}}]))"#,
            &subject(),
            Span::secs(90),
        )
        .unwrap();
        assert_eq!(
            out,
            r#"sum(rate(x{namespace="shop",app="web",pod=~"web-canary-[a-z0-9]+(-\\d+)?"}[1m30s]))"#
        );
    }

    #[test]
    fn unknown_or_unclosed_placeholders_are_errors() {
        assert!(
            check("x{{pod}}")
                .unwrap_err()
                .contains("unknown placeholder `{{pod}}`")
        );
        assert!(check("x{{pods").unwrap_err().contains("unclosed"));
        assert_eq!(check("rate(x[{{window}}])"), Ok(()));
        assert_eq!(check("no placeholders {}"), Ok(()));
    }

    #[test]
    fn built_in_queries() {
        let mut config = AnalysisConfig::new("http://p:9090");
        config.status_label = "status".into();
        let metrics = config.effective_metrics();
        let Templates::ErrorRate { errors, requests } = templates(&config, &metrics[0]) else {
            panic!("error-rate templates expected");
        };
        let s = subject();
        let w = Span::secs(120);
        assert_eq!(
            render(&requests, &s, w).unwrap(),
            r#"sum(increase(http_requests_total{namespace="shop",pod=~"web-canary-[a-z0-9]+(-\\d+)?"}[2m]))"#
        );
        assert_eq!(
            render(&errors, &s, w).unwrap(),
            r#"sum(increase(http_requests_total{namespace="shop",pod=~"web-canary-[a-z0-9]+(-\\d+)?",status=~"5.."}[2m])) or vector(0)"#
        );
        let Templates::Latency { query, requests } = templates(&config, &metrics[1]) else {
            panic!("latency templates expected");
        };
        assert_eq!(
            render(&query, &s, w).unwrap(),
            r#"histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="shop",pod=~"web-canary-[a-z0-9]+(-\\d+)?"}[2m])))"#
        );
        assert_eq!(
            render(&requests, &s, w).unwrap(),
            r#"sum(increase(http_request_duration_seconds_count{namespace="shop",pod=~"web-canary-[a-z0-9]+(-\\d+)?"}[2m]))"#
        );
    }
}
