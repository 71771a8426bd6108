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
