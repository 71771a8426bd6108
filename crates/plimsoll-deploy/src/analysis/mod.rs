//! Metric analysis (placeholder until the Prometheus module lands).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AnalysisConfig {
    pub prometheus: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    pub key: String,
    pub message: String,
}

impl AnalysisConfig {
    pub fn validate(&self) -> Result<(), Vec<ConfigIssue>> {
        Ok(())
    }

    pub fn describe(&self) -> Vec<String> {
        vec![format!("prometheus {}", self.prometheus)]
    }
}

/// One track (set of pods) to measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub namespace: String,
    pub workload: String,
    pub pods: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
    Inconclusive,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricOutcome {
    pub name: String,
    pub query: String,
    pub candidate: Option<f64>,
    pub baseline: Option<f64>,
    pub limit: Option<f64>,
    pub verdict: Verdict,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    pub verdict: Verdict,
    pub metrics: Vec<MetricOutcome>,
}

#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error("analysis backend unreachable: Prometheus at {url}: {cause}")]
    Unreachable { url: String, cause: String },
}

#[derive(Debug)]
pub struct Analyzer {
    url: String,
}

impl Analyzer {
    pub fn new(config: &AnalysisConfig) -> Result<Self, AnalysisError> {
        Ok(Self {
            url: config.prometheus.clone(),
        })
    }

    pub async fn measure(
        &self,
        _candidate: &Subject,
        _baseline: Option<&Subject>,
    ) -> Result<Measurement, AnalysisError> {
        Err(AnalysisError::Unreachable {
            url: self.url.clone(),
            cause: "not built yet".into(),
        })
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
