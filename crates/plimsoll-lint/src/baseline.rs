//! Baselines: a file of finding fingerprints accepted as they are, so that
//! only new findings fail a build.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BaselineEntry {
    pub code: String,
    pub path: String,
    pub fingerprint: String,
    /// For humans reading the file; not used for matching.
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error("{path}: not a plimsoll baseline: {message}")]
    Parse { path: String, message: String },
    #[error("{path}: unsupported baseline version {version} (this plimsoll writes version 1)")]
    Version { path: String, version: u32 },
}

impl Baseline {
    pub const VERSION: u32 = 1;

    pub fn new(mut findings: Vec<BaselineEntry>) -> Self {
        findings.sort_by(|a, b| {
            (&a.path, &a.code, &a.fingerprint).cmp(&(&b.path, &b.code, &b.fingerprint))
        });
        Baseline {
            version: Self::VERSION,
            findings,
        }
    }

    pub fn read(path: &Path) -> Result<Baseline, BaselineError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| BaselineError::Read {
            path: shown.clone(),
            message: e.to_string(),
        })?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| BaselineError::Parse {
            path: shown.clone(),
            message: e.to_string(),
        })?;
        if baseline.version != Self::VERSION {
            return Err(BaselineError::Version {
                path: shown,
                version: baseline.version,
            });
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// A matcher that consumes entries, so two identical findings need two entries.
    pub fn matcher(&self) -> BaselineMatcher {
        let mut remaining: HashMap<(String, String), usize> = HashMap::new();
        for e in &self.findings {
            *remaining
                .entry((e.code.clone(), e.fingerprint.clone()))
                .or_default() += 1;
        }
        BaselineMatcher { remaining }
    }
}

pub struct BaselineMatcher {
    remaining: HashMap<(String, String), usize>,
}

impl BaselineMatcher {
    /// True (and consumes the entry) when the finding is in the baseline.
    pub fn take(&mut self, code: &str, fingerprint: &str) -> bool {
        match self
            .remaining
            .get_mut(&(code.to_string(), fingerprint.to_string()))
        {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(fp: &str) -> BaselineEntry {
        BaselineEntry {
            code: "DF009".into(),
            path: "Dockerfile".into(),
            fingerprint: fp.into(),
            message: "m".into(),
        }
    }

    #[test]
    fn matcher_consumes_entries() {
        let b = Baseline::new(vec![entry("a"), entry("a"), entry("b")]);
        let mut m = b.matcher();
        assert!(m.take("DF009", "a"));
        assert!(m.take("DF009", "a"));
        assert!(!m.take("DF009", "a"));
        assert!(!m.take("DF008", "b"));
        assert!(m.take("DF009", "b"));
    }

    #[test]
    fn round_trips_and_rejects_other_versions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.json");
        let b = Baseline::new(vec![entry("x")]);
        std::fs::write(&p, b.to_json()).unwrap();
        assert_eq!(Baseline::read(&p).unwrap(), b);
        std::fs::write(&p, "{\"version\": 2, \"findings\": []}").unwrap();
        assert!(matches!(
            Baseline::read(&p),
            Err(BaselineError::Version { version: 2, .. })
        ));
        std::fs::write(&p, "[]").unwrap();
        assert!(matches!(
            Baseline::read(&p),
            Err(BaselineError::Parse { .. })
        ));
    }
}
