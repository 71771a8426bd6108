use super::ConfigError;
use plimsoll_diagnostics::Severity;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// The contents of `plimsoll.toml`. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "plimsoll configuration")]
pub struct Options {
    /// Rules to run, replacing the default set: `ALL`, codes (`DF009`),
    /// code prefixes (`DF`) or rule names (`latest-base-image`).
    #[schemars(with = "Option<Vec<String>>")]
    pub select: Option<Vec<Spanned<String>>>,
    /// Rules to run in addition to the selected ones.
    #[schemars(with = "Option<Vec<String>>")]
    pub extend_select: Option<Vec<Spanned<String>>>,
    /// Rules never to run.
    #[schemars(with = "Option<Vec<String>>")]
    pub ignore: Option<Vec<Spanned<String>>>,
    /// Hide findings below this severity.
    pub min_severity: Option<Severity>,
    /// Paths to skip, as gitignore-style globs relative to this file.
    pub exclude: Option<Vec<String>>,
    /// Files larger than this many bytes are reported, not parsed (default 10 MiB).
    pub max_file_size: Option<u64>,
    /// Severity per rule selector, e.g. `DF009 = "error"`.
    #[schemars(with = "Option<BTreeMap<String, Severity>>")]
    pub severity: Option<BTreeMap<Spanned<String>, Severity>>,
    /// Rules to ignore in files matching a glob, e.g. `"test/**" = ["DF005"]`.
    #[schemars(with = "Option<BTreeMap<String, Vec<String>>>")]
    pub per_file_ignores: Option<BTreeMap<String, Vec<Spanned<String>>>>,
    /// Options of the Dockerfile rules.
    pub dockerfile: Option<DockerfileOptions>,
    /// Options of the Kubernetes rules.
    pub kubernetes: Option<KubernetesOptions>,
    /// Options of the GitHub Actions rules.
    pub github: Option<GithubOptions>,
    /// Options of the Prometheus rules.
    pub prometheus: Option<PrometheusOptions>,
    /// `plimsoll deploy` environments (`[deploy.<env>]`), read and validated
    /// by `plimsoll deploy`; see docs/deploy.md.
    #[schemars(with = "Option<BTreeMap<String, serde_json::Value>>")]
    pub deploy: Option<BTreeMap<String, toml::Value>>,
}

/// `[prometheus]` options.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PrometheusOptions {
    /// The scrape interval of the targets rules read, as a Prometheus
    /// duration (`"30s"`): PROM009 `rate-range-too-short` reports ranges
    /// under two intervals. Default: Prometheus' own default, `"1m"`.
    #[schemars(with = "Option<String>")]
    pub scrape_interval: Option<Spanned<String>>,
}

/// `[github]` options.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GithubOptions {
    /// Owners whose actions and reusable workflows may be pinned by tag
    /// rather than by commit SHA (GHA005 `unpinned-uses`). Default:
    /// `["actions", "github"]`; `[]` requires a SHA everywhere.
    pub trusted_owners: Option<Vec<String>>,
}

/// `[kubernetes]` options.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KubernetesOptions {
    /// The Kubernetes version manifests are deployed to, e.g. `"1.31"`:
    /// deprecated and removed API versions are judged against it and
    /// objects are validated with its schema (1.30 to 1.37 are embedded;
    /// others use the nearest). Default: the newest embedded version.
    #[schemars(with = "Option<String>")]
    pub version: Option<Spanned<String>>,
    /// Labels every workload and its pod template must carry (K8S077
    /// `missing-recommended-labels`). Default: `app.kubernetes.io/name`.
    pub required_labels: Option<Vec<String>>,
    /// Registries container images may come from (K8S034; missing: any). A
    /// registry matches itself and its sub-paths; `docker.io` covers
    /// unqualified images such as `nginx`.
    pub trusted_registries: Option<Vec<String>>,
}

/// `[dockerfile]` options.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DockerfileOptions {
    /// Registries base images may come from (DF011). Empty means any.
    /// `docker.io` covers unqualified images such as `nginx`.
    pub trusted_registries: Option<Vec<String>>,
    /// Labels every final image must carry (DF044).
    pub required_labels: Option<Vec<String>>,
    /// Expected format of label values (DF046), e.g.
    /// `"org.opencontainers.image.created" = "rfc3339"`.
    pub label_schema: Option<BTreeMap<String, LabelType>>,
    /// Report labels not listed in `label-schema` (DF047).
    pub strict_labels: Option<bool>,
}

/// Formats a label value can be required to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LabelType {
    Text,
    Url,
    Email,
    Rfc3339,
    Semver,
    Spdx,
    Hash,
}

impl LabelType {
    /// What a value of this type is, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            LabelType::Text => "text",
            LabelType::Url => "a URL",
            LabelType::Email => "an e-mail address",
            LabelType::Rfc3339 => "an RFC 3339 timestamp",
            LabelType::Semver => "a semantic version",
            LabelType::Spdx => "an SPDX license expression",
            LabelType::Hash => "a full git commit hash",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LabelType::Text => "text",
            LabelType::Url => "url",
            LabelType::Email => "email",
            LabelType::Rfc3339 => "rfc3339",
            LabelType::Semver => "semver",
            LabelType::Spdx => "spdx",
            LabelType::Hash => "hash",
        }
    }
}

impl Options {
    /// Parses TOML, turning serde errors into errors with line and column.
    pub fn from_toml(path: &Path, text: &str) -> Result<Options, ConfigError> {
        toml::from_str::<Options>(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            ConfigError::at(path, text, span, e.message().trim().to_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        Options::from_toml(Path::new("plimsoll.toml"), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn unknown_keys_name_file_line_and_key() {
        let e = err("select = [\"DF\"]\n\n[dockerfile]\ntrusted-registry = []\n");
        assert!(
            e.starts_with("plimsoll.toml:4:1: unknown field `trusted-registry`"),
            "{e}"
        );
    }

    #[test]
    fn bad_values_are_errors() {
        let e = err("min-severity = \"fatal\"\n");
        assert!(e.starts_with("plimsoll.toml:1:16:"), "{e}");
        assert!(e.contains("fatal"), "{e}");
        let e = err("[dockerfile.label-schema]\nversion = \"number\"\n");
        assert!(e.starts_with("plimsoll.toml:2:11:"), "{e}");
    }

    #[test]
    fn full_configuration_parses() {
        let o = Options::from_toml(
            Path::new("p.toml"),
            r#"
select = ["DF"]
extend-select = ["DF070"]
ignore = ["latest-base-image"]
min-severity = "warning"
exclude = ["vendor/**"]
max-file-size = 1000
[severity]
DF009 = "error"
[per-file-ignores]
"test/**" = ["DF005"]
[dockerfile]
trusted-registries = ["docker.io", "ghcr.io"]
required-labels = ["org.opencontainers.image.source"]
strict-labels = true
[dockerfile.label-schema]
"org.opencontainers.image.created" = "rfc3339"
"#,
        )
        .unwrap();
        assert_eq!(o.select.unwrap()[0].get_ref(), "DF");
        assert_eq!(o.min_severity, Some(Severity::Warning));
        assert_eq!(
            o.dockerfile.unwrap().label_schema.unwrap()["org.opencontainers.image.created"],
            LabelType::Rfc3339
        );
    }
}
