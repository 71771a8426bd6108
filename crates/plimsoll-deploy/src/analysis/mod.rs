//! Metric analysis: is the new version healthy, measured in Prometheus?
//!
//! At each step of a rollout the runner calls [`Analyzer::measure`] with the
//! candidate track (the new version's pods) and, for canaries, the baseline
//! track (the stable version's pods). Every configured metric is queried for
//! both and judged ([`stats`] documents the rules):
//!
//! * **error rate** — at most `max-ratio ×` the baseline's (default 2×, with
//!   an absolute floor, default 1 %) and/or an absolute `max`; an excess must
//!   be statistically significant to fail, and a track with fewer than
//!   `min-requests` requests is Inconclusive;
//! * **latency** — a `histogram_quantile` (default p99) under an absolute
//!   bound (default 500ms) and/or a ratio to the baseline;
//! * **custom queries** — one number per track against `max`/`min`/`max-ratio`.
//!
//! No data (an empty vector, NaN) is Inconclusive, never Pass: the caller
//! pauses. The overall verdict is the worst metric's (Fail > Inconclusive >
//! Pass). Prometheus being unreachable, slow or refusing a query is an
//! [`AnalysisError`], not a verdict: the caller keeps traffic on stable.
//!
//! Rolling and blue-green steps have no baseline; relative bounds then fall
//! back to the metric's absolute bound, or are Inconclusive without one.

mod config;
mod prometheus;
pub mod render;
pub mod stats;

use serde::Serialize;

pub use config::{AnalysisConfig, ConfigIssue, MetricConfig, MetricKind};
use prometheus::{Prometheus, Sample};
use render::Templates;
use stats::{Counts, ErrorRateRule, Judgement, ValueRule};

use crate::duration::Span;

/// One track (set of pods) to measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Subject {
    pub namespace: String,
    /// The workload's name (for `{{workload}}` in custom queries).
    pub workload: String,
    /// An anchored regular expression matching the track's pod names
    /// (PromQL `=~` anchors it), e.g. `web-7d9f8c6b5-[a-z0-9]{5}`.
    pub pods: String,
}

/// The outcome of a metric or of a whole measurement.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Inconclusive,
    Fail,
}

impl Verdict {
    /// The worse of two verdicts: Fail > Inconclusive > Pass.
    #[must_use]
    pub fn worst(self, other: Self) -> Self {
        self.max(other)
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Pass => "pass",
            Self::Inconclusive => "inconclusive",
            Self::Fail => "fail",
        })
    }
}

/// One metric's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricOutcome {
    pub name: String,
    /// The query as rendered for the candidate (for an error rate,
    /// `(errors) / (requests)`, which Prometheus can run as it is).
    pub query: String,
    /// The candidate's value (error rate as a fraction, latency in seconds);
    /// `None` when there was no data. (JSON has no infinity: a `+Inf`
    /// quantile serializes as `null`; `reason` spells it out.)
    pub candidate: Option<f64>,
    pub baseline: Option<f64>,
    /// The bound the candidate was held to, when one applied.
    pub limit: Option<f64>,
    pub verdict: Verdict,
    pub reason: String,
}

/// Every metric of one measurement; `verdict` is the worst of theirs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    pub verdict: Verdict,
    pub metrics: Vec<MetricOutcome>,
}

/// Why a measurement could not be made. The caller keeps traffic on stable.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error("invalid analysis configuration: {}", join(issues))]
    Config { issues: Vec<ConfigIssue> },
    #[error(
        "analysis: environment variable `{var}` (bearer-token-env) is not set or not valid UTF-8"
    )]
    MissingToken { var: String },
    #[error("analysis: cannot set up TLS for {url}: {cause}")]
    Tls { url: String, cause: String },
    #[error("analysis backend unreachable: Prometheus at {url}: {cause}")]
    Unreachable { url: String, cause: String },
    #[error("analysis backend unreachable: Prometheus at {url} did not answer within {timeout}")]
    Timeout { url: String, timeout: Span },
    #[error("analysis backend error: Prometheus at {url} answered HTTP {status}: {body}")]
    Http {
        url: String,
        status: u16,
        body: String,
    },
    #[error("analysis: metric `{metric}`: {message}")]
    Query { metric: String, message: String },
}

fn join(issues: &[ConfigIssue]) -> String {
    issues
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Runs measurements against one Prometheus.
#[derive(Debug)]
pub struct Analyzer {
    config: AnalysisConfig,
    metrics: Vec<MetricConfig>,
    prometheus: Prometheus,
}

impl Analyzer {
    /// Validates the configuration, reads the bearer token from its
    /// environment variable and sets up the HTTP client. No request is made.
    pub fn new(config: &AnalysisConfig) -> Result<Self, AnalysisError> {
        config
            .validate()
            .map_err(|issues| AnalysisError::Config { issues })?;
        let bearer = match &config.bearer_token_env {
            Some(var) => match std::env::var(var) {
                Ok(token) if !token.trim().is_empty() => Some(token.trim().to_owned()),
                _ => return Err(AnalysisError::MissingToken { var: var.clone() }),
            },
            None => None,
        };
        let prometheus = Prometheus::new(&config.prometheus, bearer, config.timeout)?;
        Ok(Self {
            config: config.clone(),
            metrics: config.effective_metrics(),
            prometheus,
        })
    }

    /// The query endpoint, e.g. `http://prometheus:9090/api/v1/query`.
    pub fn url(&self) -> &str {
        self.prometheus.url()
    }

    /// Time between measurements within a step.
    pub fn interval(&self) -> Span {
        self.config.interval
    }

    /// One measurement: every metric for `candidate`, and for `baseline` when
    /// given (canary). Rolling and blue-green have no baseline, so relative
    /// metrics then fall back to their absolute bound if any, else they are
    /// Inconclusive with a reason saying so.
    pub async fn measure(
        &self,
        candidate: &Subject,
        baseline: Option<&Subject>,
    ) -> Result<Measurement, AnalysisError> {
        let mut outcomes = Vec::with_capacity(self.metrics.len());
        let mut verdict = Verdict::Pass;
        for metric in &self.metrics {
            let outcome = self.measure_metric(metric, candidate, baseline).await?;
            verdict = verdict.worst(outcome.verdict);
            outcomes.push(outcome);
        }
        Ok(Measurement {
            verdict,
            metrics: outcomes,
        })
    }

    fn render(
        &self,
        metric: &MetricConfig,
        template: &str,
        subject: &Subject,
    ) -> Result<String, AnalysisError> {
        render::render(template, subject, self.config.window).map_err(|message| {
            AnalysisError::Query {
                metric: metric.name.clone(),
                message,
            }
        })
    }

    async fn number(
        &self,
        metric: &MetricConfig,
        template: &str,
        subject: &Subject,
    ) -> Result<Option<f64>, AnalysisError> {
        let promql = self.render(metric, template, subject)?;
        Ok(match self.prometheus.query(&metric.name, &promql).await? {
            Sample::NoData => None,
            Sample::Value(v) => Some(v),
        })
    }

    async fn counts(
        &self,
        metric: &MetricConfig,
        errors: &str,
        requests: &str,
        subject: &Subject,
    ) -> Result<Option<Counts>, AnalysisError> {
        let requests = self.number(metric, requests, subject).await?;
        let errors = self.number(metric, errors, subject).await?;
        Ok(requests.map(|requests| Counts {
            errors: errors.unwrap_or(0.0),
            requests,
        }))
    }

    async fn measure_metric(
        &self,
        metric: &MetricConfig,
        candidate: &Subject,
        baseline: Option<&Subject>,
    ) -> Result<MetricOutcome, AnalysisError> {
        let has_baseline = baseline.is_some();
        let min_requests = to_f64(self.config.min_requests);
        let (query, judgement) = match render::templates(&self.config, metric) {
            Templates::ErrorRate { errors, requests } => {
                let query = format!(
                    "({}) / ({})",
                    self.render(metric, &errors, candidate)?,
                    self.render(metric, &requests, candidate)?
                );
                let cand = self.counts(metric, &errors, &requests, candidate).await?;
                let base = match baseline {
                    Some(b) => self.counts(metric, &errors, &requests, b).await?,
                    None => None,
                };
                let rule = ErrorRateRule {
                    max_ratio: metric.max_ratio,
                    max: metric.max,
                    floor: self.config.error_rate_floor,
                    min_requests,
                    confidence: self.config.confidence,
                };
                (
                    query,
                    stats::judge_error_rate(&rule, cand, base, has_baseline),
                )
            }
            Templates::Latency { query, requests } => {
                let rendered = self.render(metric, &query, candidate)?;
                let rule = value_rule(metric);
                let cand_requests = self.number(metric, &requests, candidate).await?;
                if let Some(short) = too_few("candidate", cand_requests, min_requests) {
                    (rendered, short)
                } else {
                    let cand = self.number(metric, &query, candidate).await?;
                    let mut thin_baseline = None;
                    let base = match baseline {
                        Some(b) => {
                            let n = self.number(metric, &requests, b).await?;
                            if metric.max_ratio.is_some() {
                                thin_baseline = too_few("baseline", n, min_requests);
                            }
                            self.number(metric, &query, b).await?
                        }
                        None => None,
                    };
                    let mut judgement =
                        stats::judge_value(&rule, cand, base, has_baseline, stats::show_seconds);
                    // A thin baseline cannot vouch for the candidate, but an
                    // absolute bound the candidate breaks still fails.
                    if let Some(thin) = thin_baseline
                        && judgement.verdict == Verdict::Pass
                    {
                        judgement = Judgement {
                            candidate: judgement.candidate,
                            baseline: judgement.baseline,
                            limit: judgement.limit,
                            ..thin
                        };
                    }
                    (rendered, judgement)
                }
            }
            Templates::Value { query } => {
                let rendered = self.render(metric, &query, candidate)?;
                let cand = self.number(metric, &query, candidate).await?;
                let base = match baseline {
                    Some(b) => self.number(metric, &query, b).await?,
                    None => None,
                };
                let judgement = stats::judge_value(
                    &value_rule(metric),
                    cand,
                    base,
                    has_baseline,
                    stats::show_number,
                );
                (rendered, judgement)
            }
        };
        Ok(MetricOutcome {
            name: metric.name.clone(),
            query,
            candidate: judgement.candidate,
            baseline: judgement.baseline,
            limit: judgement.limit,
            verdict: judgement.verdict,
            reason: judgement.reason,
        })
    }
}

fn value_rule(metric: &MetricConfig) -> ValueRule {
    ValueRule {
        max: metric.max,
        min: metric.min,
        max_ratio: metric.max_ratio,
    }
}

/// Inconclusive when a track served fewer than `min` requests.
fn too_few(track: &str, requests: Option<f64>, min: f64) -> Option<Judgement> {
    let n = requests.unwrap_or(0.0);
    (n < min).then(|| Judgement {
        verdict: Verdict::Inconclusive,
        candidate: None,
        baseline: None,
        limit: None,
        reason: format!("only {n:.0} requests on the {track} in the window (need {min:.0})"),
    })
}

#[allow(clippy::cast_precision_loss)]
fn to_f64(n: u64) -> f64 {
    // Request thresholds are far below 2^53.
    n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_order_and_serialize() {
        assert_eq!(
            Verdict::Pass.worst(Verdict::Inconclusive),
            Verdict::Inconclusive
        );
        assert_eq!(Verdict::Fail.worst(Verdict::Inconclusive), Verdict::Fail);
        assert_eq!(Verdict::Pass.worst(Verdict::Pass), Verdict::Pass);
        assert_eq!(
            serde_json::to_string(&Verdict::Inconclusive).unwrap(),
            "\"inconclusive\""
        );
    }

    #[test]
    fn new_refuses_invalid_config_and_missing_token() {
        let mut config = AnalysisConfig::new("prometheus:9090");
        let err = Analyzer::new(&config).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid analysis configuration: prometheus: "),
            "{err}"
        );
        config.prometheus = "http://127.0.0.1:9090".into();
        config.bearer_token_env = Some("PLIMSOLL_TEST_TOKEN_THAT_IS_NEVER_SET".into());
        let err = Analyzer::new(&config).unwrap_err();
        assert!(
            matches!(&err, AnalysisError::MissingToken { var } if var == "PLIMSOLL_TEST_TOKEN_THAT_IS_NEVER_SET"),
            "{err}"
        );
        config.bearer_token_env = None;
        let analyzer = Analyzer::new(&config).unwrap();
        assert_eq!(analyzer.url(), "http://127.0.0.1:9090/api/v1/query");
    }

    #[test]
    fn https_client_builds() {
        // Native roots may be missing on a bare machine: then a clear Tls error.
        match Analyzer::new(&AnalysisConfig::new("https://prometheus.example.com")) {
            Ok(analyzer) => assert!(analyzer.url().starts_with("https://")),
            Err(err) => assert!(matches!(err, AnalysisError::Tls { .. }), "{err}"),
        }
    }
}
