//! `[deploy.<env>]` in `plimsoll.toml`, or the same tables in
//! `plimsoll.deploy.yaml` (a mapping of environment name to settings).
//!
//! Parsing is strict: an unknown key, a wrong type or a value out of range is
//! an error that names the key (`deploy.production.steps[2]`), never a
//! silently ignored setting.

use crate::analysis::AnalysisConfig;
use crate::duration::Span;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Configuration files read, in order; the first that has a deploy section wins.
pub const DEPLOY_FILES: [&str; 3] = ["plimsoll.deploy.yaml", "plimsoll.toml", ".plimsoll.toml"];

/// One environment's deploy settings.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EnvConfig {
    /// kubeconfig context to use; the deploy refuses to run in any other
    /// (default: the current context).
    pub context: Option<String>,
    /// Namespace of the target.
    pub namespace: String,
    /// Target Deployment (exactly one of `deployment`, `statefulset`, `helm-release`).
    pub deployment: Option<String>,
    /// Target StatefulSet (rolling strategy only).
    pub statefulset: Option<String>,
    /// Target Helm release: its Deployment is found by the
    /// `app.kubernetes.io/instance=<release>` label.
    pub helm_release: Option<String>,
    /// Container whose image changes (default: the only container, or the one
    /// named like the workload).
    pub container: Option<String>,
    /// Image repository; `--image TAG` completes it (`--image` may also be a
    /// full reference).
    pub image: Option<String>,
    /// rolling | blue-green | canary
    #[serde(default)]
    pub strategy: StrategyKind,
    /// Canary traffic ladder in percent, each entry a weight or
    /// `{ weight = 25, pause = "5m" }` (default 5, 25, 50, 100).
    #[serde(default)]
    pub steps: Vec<StepConfig>,
    /// Pause after each canary step's gates pass (default 1m); `"manual"`
    /// waits for `plimsoll promote`.
    #[serde(default)]
    pub pause: Option<PauseConfig>,
    /// What a failed gate does: roll back (default) or pause for a human.
    #[serde(default)]
    pub on_failure: OnFailure,
    /// Watch period after the cutover before the old version is scaled down (R05).
    #[serde(default = "defaults::monitoring_window")]
    pub monitoring_window: Span,
    /// Extra wait after the monitoring window before scaling the old version down.
    #[serde(default = "defaults::scale_down_delay")]
    pub scale_down_delay: Span,
    /// Longest wait for a workload to become ready at any step.
    #[serde(default = "defaults::progress_timeout")]
    pub progress_timeout: Span,
    /// Longest a whole deploy may take, pauses included (default 1h).
    #[serde(default = "defaults::deploy_timeout")]
    pub timeout: Span,
    /// Traffic routing.
    #[serde(default)]
    pub traffic: TrafficConfig,
    /// Health checks besides readiness.
    #[serde(default)]
    pub health: HealthConfig,
    /// Metric analysis against Prometheus; without it, gates are readiness
    /// and smoke checks only.
    pub analysis: Option<AnalysisConfig>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StrategyKind {
    #[default]
    Rolling,
    BlueGreen,
    Canary,
}

impl fmt::Display for StrategyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StrategyKind::Rolling => "rolling",
            StrategyKind::BlueGreen => "blue-green",
            StrategyKind::Canary => "canary",
        })
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OnFailure {
    #[default]
    Rollback,
    Pause,
}

/// A canary step: a bare weight or a table with its own pause.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum StepConfig {
    Weight(u32),
    Detailed {
        weight: u32,
        pause: Option<PauseConfig>,
    },
}

impl StepConfig {
    pub fn weight(&self) -> u32 {
        match self {
            StepConfig::Weight(w) | StepConfig::Detailed { weight: w, .. } => *w,
        }
    }

    pub fn pause(&self) -> Option<PauseConfig> {
        match self {
            StepConfig::Weight(_) => None,
            StepConfig::Detailed { pause, .. } => *pause,
        }
    }
}

/// A timed pause, or `manual` (until `plimsoll promote`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum PauseConfig {
    For(Span),
    #[schemars(with = "String")]
    Manual,
}

impl<'de> Deserialize<'de> for PauseConfig {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text == "manual" {
            return Ok(PauseConfig::Manual);
        }
        crate::duration::parse(&text)
            .map(PauseConfig::For)
            .map_err(|e| serde::de::Error::custom(format!("{e}, or \"manual\"")))
    }
}

/// How traffic reaches the new version.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TrafficConfig {
    /// replicas (default: canary share by replica count, no mesh) | nginx |
    /// gateway | istio.
    #[serde(default)]
    pub router: Router,
    /// The Service in front of the workload (blue-green switches its selector;
    /// canaries get `<service>-canary`). Default: the workload's name.
    pub service: Option<String>,
    /// NGINX: the Ingress to copy as `<ingress>-canary` with canary annotations.
    pub ingress: Option<String>,
    /// Gateway API: the HTTPRoute whose backendRefs get weights.
    pub http_route: Option<String>,
    /// Istio: the VirtualService whose route gets weights.
    pub virtual_service: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Router {
    #[default]
    Replicas,
    Nginx,
    Gateway,
    Istio,
}

impl fmt::Display for Router {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Router::Replicas => "replicas",
            Router::Nginx => "nginx",
            Router::Gateway => "gateway",
            Router::Istio => "istio",
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HealthConfig {
    /// HTTP checks run after the new version is ready and after each traffic step.
    #[serde(default)]
    pub smoke: Vec<SmokeCheck>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SmokeCheck {
    /// URL to GET (http or https).
    pub url: String,
    /// Expected status code (default 200).
    #[serde(default = "defaults::expect_status")]
    pub expect_status: u16,
    /// Per-request timeout (default 5s).
    #[serde(default = "defaults::smoke_timeout")]
    pub timeout: Span,
    /// Attempts before the check fails (default 3, 2 s apart).
    #[serde(default = "defaults::smoke_attempts")]
    pub attempts: u32,
}

mod defaults {
    use crate::duration::Span;
    pub fn monitoring_window() -> Span {
        Span::secs(300)
    }
    pub fn scale_down_delay() -> Span {
        Span::secs(30)
    }
    pub fn progress_timeout() -> Span {
        Span::secs(600)
    }
    pub fn deploy_timeout() -> Span {
        Span::secs(3600)
    }
    pub fn expect_status() -> u16 {
        200
    }
    pub fn smoke_timeout() -> Span {
        Span::secs(5)
    }
    pub fn smoke_attempts() -> u32 {
        3
    }
}

/// The default canary ladder (R01).
pub const DEFAULT_STEPS: [u32; 4] = [5, 25, 50, 100];
/// The default pause after a canary step.
pub const DEFAULT_PAUSE: Span = Span::secs(60);

/// Which object the deploy changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "name")]
pub enum TargetRef {
    Deployment(String),
    StatefulSet(String),
    HelmRelease(String),
}

impl EnvConfig {
    pub fn target(&self) -> Option<TargetRef> {
        if let Some(name) = &self.deployment {
            Some(TargetRef::Deployment(name.clone()))
        } else if let Some(name) = &self.statefulset {
            Some(TargetRef::StatefulSet(name.clone()))
        } else {
            self.helm_release.clone().map(TargetRef::HelmRelease)
        }
    }

    /// The canary ladder with each step's pause resolved.
    pub fn ladder(&self) -> Vec<(u32, PauseConfig)> {
        let default_pause = self.pause.unwrap_or(PauseConfig::For(DEFAULT_PAUSE));
        if self.steps.is_empty() {
            return DEFAULT_STEPS.iter().map(|&w| (w, default_pause)).collect();
        }
        self.steps
            .iter()
            .map(|s| (s.weight(), s.pause().unwrap_or(default_pause)))
            .collect()
    }

    /// Checks that serde cannot express; each problem names its key.
    fn validate(&self, prefix: &str) -> Vec<ConfigIssue> {
        let mut issues = Vec::new();
        let mut issue = |key: &str, message: String| {
            issues.push(ConfigIssue {
                key: format!("{prefix}.{key}"),
                message,
            });
        };
        let targets = [
            self.deployment.is_some(),
            self.statefulset.is_some(),
            self.helm_release.is_some(),
        ]
        .iter()
        .filter(|set| **set)
        .count();
        if targets != 1 {
            issue(
                "deployment",
                "set exactly one of `deployment`, `statefulset` or `helm-release`".into(),
            );
        }
        for (key, value) in [
            ("namespace", Some(&self.namespace)),
            ("deployment", self.deployment.as_ref()),
            ("statefulset", self.statefulset.as_ref()),
            ("helm-release", self.helm_release.as_ref()),
            ("traffic.service", self.traffic.service.as_ref()),
        ] {
            if let Some(name) = value
                && !is_dns_label(name)
            {
                issue(
                    key,
                    format!(
                        "`{name}` is not a valid Kubernetes name (lowercase letters, digits and `-`, at most 63)"
                    ),
                );
            }
        }
        if self.statefulset.is_some() && self.strategy != StrategyKind::Rolling {
            issue(
                "strategy",
                format!(
                    "a StatefulSet can only be deployed with `rolling` (got `{}`): its pods have stable identities that cannot be duplicated as a second colour or a canary",
                    self.strategy
                ),
            );
        }
        if self.strategy != StrategyKind::Canary {
            if !self.steps.is_empty() {
                issue(
                    "steps",
                    format!(
                        "`steps` apply to the canary strategy only (strategy is `{}`)",
                        self.strategy
                    ),
                );
            }
            if self.traffic.router != Router::Replicas {
                issue(
                    "traffic.router",
                    format!(
                        "routers apply to the canary strategy only (strategy is `{}`)",
                        self.strategy
                    ),
                );
            }
        }
        let mut previous = 0;
        for (i, step) in self.steps.iter().enumerate() {
            let weight = step.weight();
            if weight == 0 || weight > 100 {
                issue(
                    &format!("steps[{i}]"),
                    format!("weight {weight} is not between 1 and 100"),
                );
            } else if weight <= previous {
                issue(
                    &format!("steps[{i}]"),
                    format!("weights must increase (step {i} is {weight}, after {previous})"),
                );
            }
            previous = previous.max(weight);
        }
        if !self.steps.is_empty() && previous != 100 {
            issue(
                "steps",
                format!(
                    "the last step must send 100% of traffic to the new version (it is {previous})"
                ),
            );
        }
        let needs = |router: Router,
                     key: &str,
                     value: &Option<String>,
                     issue: &mut dyn FnMut(&str, String)| {
            if self.traffic.router == router && value.is_none() {
                issue(
                    &format!("traffic.{key}"),
                    format!("the `{router}` router needs `traffic.{key}`"),
                );
            }
        };
        needs(Router::Nginx, "ingress", &self.traffic.ingress, &mut issue);
        needs(
            Router::Gateway,
            "http-route",
            &self.traffic.http_route,
            &mut issue,
        );
        needs(
            Router::Istio,
            "virtual-service",
            &self.traffic.virtual_service,
            &mut issue,
        );
        if self.progress_timeout.as_duration().is_zero() {
            issue("progress-timeout", "must be longer than 0s".into());
        }
        for (i, smoke) in self.health.smoke.iter().enumerate() {
            if !(smoke.url.starts_with("http://") || smoke.url.starts_with("https://")) {
                issue(
                    &format!("health.smoke[{i}].url"),
                    format!("`{}` is not an http:// or https:// URL", smoke.url),
                );
            }
            if !(100..=599).contains(&smoke.expect_status) {
                issue(
                    &format!("health.smoke[{i}].expect-status"),
                    format!("{} is not an HTTP status code", smoke.expect_status),
                );
            }
            if smoke.attempts == 0 {
                issue(
                    &format!("health.smoke[{i}].attempts"),
                    "must be at least 1".into(),
                );
            }
        }
        if let Some(analysis) = &self.analysis
            && let Err(problems) = analysis.validate()
        {
            for problem in problems {
                issue(&format!("analysis.{}", problem.key), problem.message);
            }
        }
        issues
    }
}

fn is_dns_label(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

/// One invalid setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    pub key: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "no deploy configuration found: add a `[deploy.<env>]` table to plimsoll.toml or a plimsoll.deploy.yaml (searched from {0} upward)"
    )]
    NotFound(PathBuf),
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: no environment `{env}` under `deploy` (known: {known})")]
    UnknownEnv {
        path: PathBuf,
        env: String,
        known: String,
    },
    #[error("{path}: invalid deploy configuration:\n{}", .issues.iter().map(|i| format!("  {}: {}", i.key, i.message)).collect::<Vec<_>>().join("\n"))]
    Invalid {
        path: PathBuf,
        issues: Vec<ConfigIssue>,
    },
}

/// Every environment of one file.
#[derive(Debug, Clone)]
pub struct DeployConfig {
    pub path: PathBuf,
    pub environments: BTreeMap<String, EnvConfig>,
}

impl DeployConfig {
    /// Finds the deploy configuration from `start` upward.
    pub fn discover(start: &Path) -> Result<Self, ConfigError> {
        let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        let mut dir = Some(start.as_path());
        while let Some(current) = dir {
            for name in DEPLOY_FILES {
                let path = current.join(name);
                if path.is_file()
                    && let Some(config) = Self::load(&path)?
                {
                    return Ok(config);
                }
            }
            dir = current.parent();
        }
        Err(ConfigError::NotFound(start))
    }

    /// Reads one file; `None` when it is a `plimsoll.toml` without `[deploy]`.
    pub fn load(path: &Path) -> Result<Option<Self>, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(path, &text)
    }

    /// Parses configuration text; `path` names the file in messages and its
    /// extension picks YAML or TOML.
    pub fn parse(path: &Path, text: &str) -> Result<Option<Self>, ConfigError> {
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        let parse_error = |message: String| ConfigError::Parse {
            path: path.to_path_buf(),
            message,
        };
        let (raw, prefix) = if is_yaml {
            let value = yaml_to_json(text).map_err(parse_error)?;
            // The file may hold the environments directly or under `deploy:`.
            let value = match value {
                serde_json::Value::Object(mut map)
                    if map.contains_key("deploy") && map.len() == 1 =>
                {
                    map.remove("deploy").unwrap_or_default()
                }
                other => other,
            };
            (value, "deploy")
        } else {
            let table: toml::Table =
                toml::from_str(text).map_err(|e| parse_error(e.to_string()))?;
            let Some(deploy) = table.get("deploy") else {
                return Ok(None);
            };
            let value = serde_json::to_value(deploy).map_err(|e| parse_error(e.to_string()))?;
            (value, "deploy")
        };
        let serde_json::Value::Object(envs) = raw else {
            return Err(parse_error(format!(
                "`{prefix}` must be a table of environments"
            )));
        };
        let mut environments = BTreeMap::new();
        let mut issues = Vec::new();
        for (env, value) in envs {
            let key = format!("{prefix}.{env}");
            match deserialize_env(value) {
                Ok(config) => {
                    issues.extend(config.validate(&key));
                    environments.insert(env, config);
                }
                Err((field, message)) => issues.push(ConfigIssue {
                    key: if field.is_empty() {
                        key
                    } else {
                        format!("{key}.{field}")
                    },
                    message,
                }),
            }
        }
        if !issues.is_empty() {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                issues,
            });
        }
        Ok(Some(DeployConfig {
            path: path.to_path_buf(),
            environments,
        }))
    }

    pub fn env(&self, name: &str) -> Result<&EnvConfig, ConfigError> {
        self.environments
            .get(name)
            .ok_or_else(|| ConfigError::UnknownEnv {
                path: self.path.clone(),
                env: name.to_string(),
                known: self
                    .environments
                    .keys()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

/// Deserialises one environment; an error names the key it is about
/// (`steps[2]`, `traffic.router`, or the unknown key itself).
fn deserialize_env(value: serde_json::Value) -> Result<EnvConfig, (String, String)> {
    serde_path_to_error::deserialize::<_, EnvConfig>(value).map_err(|error| {
        let message = error.inner().to_string();
        let mut key = error.path().to_string();
        if key == "." {
            key.clear();
        }
        // A missing field comes with the path of the table that lacks it.
        if let Some(field) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            key = if key.is_empty() {
                field.to_string()
            } else {
                format!("{key}.{field}")
            };
        }
        (key, message)
    })
}

/// Converts plimsoll-syntax's YAML tree to JSON values (first document).
fn yaml_to_json(text: &str) -> Result<serde_json::Value, String> {
    use plimsoll_syntax::yaml::YamlFile;
    let file = YamlFile::parse(text);
    if let Some(error) = file.errors.first() {
        let line = text[..error.span.start.min(text.len())]
            .matches('\n')
            .count()
            + 1;
        return Err(format!("line {line}: {}", error.message));
    }
    let Some(root) = file.documents.first().and_then(|d| d.root) else {
        return Ok(serde_json::Value::Object(serde_json::Map::new()));
    };
    convert(&file, root, 0)
}

/// One YAML node as JSON (plain scalars typed the YAML 1.2 way).
fn convert(
    file: &plimsoll_syntax::yaml::YamlFile,
    id: plimsoll_syntax::yaml::NodeId,
    depth: usize,
) -> Result<serde_json::Value, String> {
    use plimsoll_syntax::yaml::NodeKind;
    if depth > 64 {
        return Err("nested too deeply".into());
    }
    let id = file.resolve(id);
    Ok(match file.kind(id) {
        NodeKind::Scalar { value, style } => {
            if matches!(style, plimsoll_syntax::yaml::ScalarStyle::Plain) {
                if file.is_null(id) {
                    serde_json::Value::Null
                } else if let Some(b) = file.bool(id) {
                    serde_json::Value::Bool(b)
                } else if let Some(i) = file.int(id) {
                    serde_json::Value::from(i)
                } else if let Ok(f) = value.parse::<f64>() {
                    serde_json::Value::from(f)
                } else {
                    serde_json::Value::String(value.clone())
                }
            } else {
                serde_json::Value::String(value.clone())
            }
        }
        NodeKind::Sequence { items, .. } => serde_json::Value::Array(
            items
                .iter()
                .map(|item| convert(file, *item, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        NodeKind::Mapping { entries, .. } => {
            let mut map = serde_json::Map::new();
            for (key, value) in entries {
                let key = file.str(*key).unwrap_or_default().to_string();
                map.insert(key, convert(file, *value, depth + 1)?);
            }
            serde_json::Value::Object(map)
        }
        NodeKind::Alias { name, .. } => return Err(format!("unknown anchor `{name}`")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_toml(text: &str) -> Result<DeployConfig, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plimsoll.toml");
        std::fs::write(&path, text).unwrap();
        DeployConfig::load(&path).map(|c| c.expect("has a deploy section"))
    }

    fn issues(text: &str) -> Vec<String> {
        match load_toml(text) {
            Err(ConfigError::Invalid { issues, .. }) => issues
                .into_iter()
                .map(|i| format!("{}: {}", i.key, i.message))
                .collect(),
            other => panic!("expected invalid config, got {other:?}"),
        }
    }

    #[test]
    fn reads_a_canary_environment_with_defaults() {
        let config = load_toml(
            r#"
select = ["ALL"]
[deploy.production]
namespace = "shop"
deployment = "web"
image = "ghcr.io/acme/web"
strategy = "canary"
steps = [10, { weight = 50, pause = "manual" }, 100]
[deploy.production.traffic]
router = "nginx"
ingress = "web"
"#,
        )
        .unwrap();
        let env = config.env("production").unwrap();
        assert_eq!(env.strategy, StrategyKind::Canary);
        assert_eq!(env.target(), Some(TargetRef::Deployment("web".into())));
        assert_eq!(
            env.ladder(),
            vec![
                (10, PauseConfig::For(DEFAULT_PAUSE)),
                (50, PauseConfig::Manual),
                (100, PauseConfig::For(DEFAULT_PAUSE))
            ]
        );
        assert_eq!(env.monitoring_window, Span::secs(300));
        let err = config.env("staging").unwrap_err().to_string();
        assert!(
            err.contains("no environment `staging`") && err.contains("known: production"),
            "{err}"
        );
    }

    #[test]
    fn default_ladder_is_5_25_50_100() {
        let config = load_toml(
            "[deploy.dev]\nnamespace = \"a\"\ndeployment = \"b\"\nstrategy = \"canary\"\n",
        )
        .unwrap();
        let weights: Vec<u32> = config
            .env("dev")
            .unwrap()
            .ladder()
            .iter()
            .map(|s| s.0)
            .collect();
        assert_eq!(weights, DEFAULT_STEPS);
    }

    #[test]
    fn errors_name_the_key() {
        let found =
            issues("[deploy.prod]\nnamespace = \"a\"\ndeployment = \"b\"\nstratgy = \"canary\"\n");
        assert!(
            found[0].starts_with("deploy.prod.stratgy: unknown field `stratgy`"),
            "{found:?}"
        );

        let found = issues(
            "[deploy.prod]\nnamespace = \"a\"\ndeployment = \"b\"\nstrategy = \"canary\"\nsteps = [5, 50, 40]\n",
        );
        assert!(
            found
                .iter()
                .any(|i| i.starts_with("deploy.prod.steps[2]: weights must increase")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|i| i.starts_with("deploy.prod.steps: the last step must send 100%")),
            "{found:?}"
        );

        let found = issues(
            "[deploy.prod]\nnamespace = \"a\"\ndeployment = \"b\"\nmonitoring-window = \"5\"\n",
        );
        assert!(
            found[0].starts_with("deploy.prod.monitoring-window:")
                && found[0].contains("missing unit"),
            "{found:?}"
        );

        let found = issues(
            "[deploy.prod]\nnamespace = \"a\"\nstatefulset = \"db\"\nstrategy = \"blue-green\"\n",
        );
        assert!(
            found[0].starts_with("deploy.prod.strategy: a StatefulSet"),
            "{found:?}"
        );

        // Nested values and missing fields name their full key.
        let found = issues(
            "[deploy.prod]\nnamespace = \"a\"\ndeployment = \"b\"\n[deploy.prod.traffic]\nrouter = \"envoy\"\n",
        );
        assert!(
            found[0].starts_with("deploy.prod.traffic.router: unknown variant `envoy`"),
            "{found:?}"
        );
        let found = issues("[deploy.prod]\ndeployment = \"b\"\n");
        assert!(
            found[0].starts_with("deploy.prod.namespace: missing field `namespace`"),
            "{found:?}"
        );
        let found = issues(
            "[deploy.prod]\nnamespace = \"a\"\ndeployment = \"b\"\nstrategy = \"canary\"\nsteps = [5, \"x\", 100]\n",
        );
        assert!(found[0].starts_with("deploy.prod.steps[1]:"), "{found:?}");

        let found = issues("[deploy.prod]\nnamespace = \"a\"\n");
        assert!(
            found[0].starts_with("deploy.prod.deployment: set exactly one"),
            "{found:?}"
        );

        let found = issues(
            "[deploy.prod]\nnamespace = \"a\"\ndeployment = \"b\"\nstrategy = \"canary\"\n[deploy.prod.traffic]\nrouter = \"gateway\"\n",
        );
        assert!(
            found[0].starts_with("deploy.prod.traffic.http-route: the `gateway` router needs"),
            "{found:?}"
        );

        let found = issues(
            "[deploy.prod]\nnamespace = \"Shop\"\ndeployment = \"b\"\n[[deploy.prod.health.smoke]]\nurl = \"example.com\"\n",
        );
        assert!(
            found
                .iter()
                .any(|i| i.starts_with("deploy.prod.namespace: `Shop` is not a valid")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|i| i.starts_with("deploy.prod.health.smoke[0].url")),
            "{found:?}"
        );
    }

    #[test]
    fn a_toml_file_without_deploy_is_skipped_and_yaml_is_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("plimsoll.toml"), "select = [\"ALL\"]\n").unwrap();
        let nested = dir.path().join("svc");
        std::fs::create_dir(&nested).unwrap();
        assert!(matches!(
            DeployConfig::discover(&nested),
            Err(ConfigError::NotFound(_))
        ));
        std::fs::write(
            dir.path().join("plimsoll.deploy.yaml"),
            "staging:\n  namespace: shop\n  deployment: web\n  strategy: blue-green\n  monitoring-window: 2m\n",
        )
        .unwrap();
        let config = DeployConfig::discover(&nested).unwrap();
        assert!(config.path.ends_with("plimsoll.deploy.yaml"));
        let env = config.env("staging").unwrap();
        assert_eq!(env.strategy, StrategyKind::BlueGreen);
        assert_eq!(env.monitoring_window, Span::secs(120));
    }
}
