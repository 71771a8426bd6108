//! Resolved settings: configuration and command-line overrides turned into
//! per-rule answers (enabled? severity? ignored for this path?).

use crate::config::{ConfigError, LabelType, LoadedConfig};
use crate::registry::RULES;
use crate::selector::{Selector, apply_layer, resolve_enabled};
use globset::{GlobBuilder, GlobMatcher};
use plimsoll_diagnostics::Severity;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Options given on the command line; they win over the configuration file.
#[derive(Debug, Clone, Default)]
pub struct CliOverrides {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub min_severity: Option<Severity>,
}

#[derive(Debug, Clone, Default)]
pub struct DockerfileSettings {
    pub trusted_registries: Vec<String>,
    pub required_labels: Vec<String>,
    pub label_schema: BTreeMap<String, LabelType>,
    pub strict_labels: bool,
}

#[derive(Debug, Clone)]
pub struct GithubSettings {
    /// Owners (lower-case) whose actions may be pinned by tag.
    pub trusted_owners: Vec<String>,
}

impl Default for GithubSettings {
    fn default() -> Self {
        GithubSettings {
            trusted_owners: vec!["actions".to_string(), "github".to_string()],
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct PrometheusSettings {
    /// `[prometheus] scrape-interval` in milliseconds, when configured.
    pub scrape_interval_ms: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct KubernetesSettings {
    /// The target minor version of Kubernetes 1.x.
    pub minor: u32,
    /// Whether `version` was configured (messages say "the default" otherwise).
    pub version_configured: bool,
    pub required_labels: Vec<String>,
    pub trusted_registries: Vec<String>,
}

impl Default for KubernetesSettings {
    fn default() -> Self {
        KubernetesSettings {
            minor: crate::k8s::schema::NEWEST_MINOR,
            version_configured: false,
            required_labels: vec!["app.kubernetes.io/name".to_string()],
            trusted_registries: Vec::new(),
        }
    }
}

impl KubernetesSettings {
    /// `1.31` for messages.
    pub fn version(&self) -> String {
        format!("1.{}", self.minor)
    }
}

/// The minor version in `1.31`, `v1.31` or `1.31.4`.
pub fn parse_kubernetes_version(text: &str) -> Option<u32> {
    let t = text.trim().trim_start_matches('v');
    let mut parts = t.split('.');
    if parts.next()? != "1" {
        return None;
    }
    let minor: u32 = parts.next()?.parse().ok()?;
    match parts.next() {
        None => Some(minor),
        Some(patch) if patch.parse::<u32>().is_ok() && parts.next().is_none() => Some(minor),
        Some(_) => None,
    }
}

#[derive(Debug)]
pub struct Settings {
    /// Directory globs are relative to (the configuration file's, else the working directory).
    pub root: PathBuf,
    pub config_path: Option<PathBuf>,
    enabled: Vec<bool>,
    severity: Vec<Option<Severity>>,
    pub min_severity: Severity,
    pub exclude: Vec<String>,
    per_file_ignores: Vec<(GlobMatcher, Vec<Selector>)>,
    pub max_file_size: u64,
    pub dockerfile: DockerfileSettings,
    pub kubernetes: KubernetesSettings,
    pub github: GithubSettings,
    pub prometheus: PrometheusSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::resolve(None, &CliOverrides::default(), PathBuf::from("."))
            .expect("defaults are valid")
    }
}

impl Settings {
    /// Settings with every rule enabled (tests and fixtures).
    pub fn all_rules() -> Settings {
        Settings::resolve(
            None,
            &CliOverrides {
                select: Some(vec!["ALL".into()]),
                ..CliOverrides::default()
            },
            PathBuf::from("."),
        )
        .expect("ALL is valid")
    }

    pub fn resolve(
        config: Option<&LoadedConfig>,
        cli: &CliOverrides,
        default_root: PathBuf,
    ) -> Result<Settings, ConfigError> {
        let options = config.map(|c| &c.options);
        let spanned = |list: Option<&Vec<Spanned<String>>>| -> Result<Vec<Selector>, ConfigError> {
            let Some(list) = list else {
                return Ok(Vec::new());
            };
            list.iter()
                .map(|s| {
                    Selector::parse(s.get_ref()).map_err(|m| match config {
                        Some(c) => c.error_at(s.span(), m),
                        None => ConfigError::Cli {
                            option: "selector".into(),
                            message: m,
                        },
                    })
                })
                .collect()
        };
        let cli_list = |option: &str, list: &[String]| -> Result<Vec<Selector>, ConfigError> {
            list.iter()
                .map(|s| {
                    Selector::parse(s).map_err(|message| ConfigError::Cli {
                        option: option.to_string(),
                        message,
                    })
                })
                .collect()
        };

        // Two layers: the configuration file, then the command line. A
        // command-line `--select` starts over; `--extend-select` and
        // `--ignore` adjust the configured set.
        let cli_select = cli
            .select
            .as_ref()
            .map(|l| cli_list("--select", l))
            .transpose()?;
        let cli_extend = cli_list("--extend-select", &cli.extend_select)?;
        let cli_ignore = cli_list("--ignore", &cli.ignore)?;
        let enabled = if let Some(select) = cli_select {
            resolve_enabled(Some(&select), &cli_extend, &cli_ignore)
        } else {
            let select = match options.and_then(|o| o.select.as_ref()) {
                Some(list) => Some(spanned(Some(list))?),
                None => None,
            };
            let extend = spanned(options.and_then(|o| o.extend_select.as_ref()))?;
            let ignore = spanned(options.and_then(|o| o.ignore.as_ref()))?;
            let mut enabled = resolve_enabled(select.as_deref(), &extend, &ignore);
            apply_layer(&mut enabled, &cli_extend, &cli_ignore);
            enabled
        };

        let mut severity = vec![None; RULES.len()];
        if let Some(map) = options.and_then(|o| o.severity.as_ref()) {
            let mut by_specificity: Vec<(Selector, Severity)> = Vec::new();
            for (key, sev) in map {
                let sel = Selector::parse(key.get_ref()).map_err(|m| match config {
                    Some(c) => c.error_at(key.span(), m),
                    None => ConfigError::Cli {
                        option: "severity".into(),
                        message: m,
                    },
                })?;
                by_specificity.push((sel, *sev));
            }
            by_specificity.sort_by_key(|(s, _)| s.specificity());
            for (i, rule) in RULES.iter().enumerate() {
                for (sel, sev) in &by_specificity {
                    if sel.covers(i, rule.meta()) {
                        severity[i] = Some(*sev);
                    }
                }
            }
        }

        let mut per_file_ignores = Vec::new();
        if let Some(map) = options.and_then(|o| o.per_file_ignores.as_ref()) {
            for (pattern, selectors) in map {
                let matcher = path_glob(pattern).map_err(|m| ConfigError::Invalid {
                    path: config
                        .map(|c| c.path.display().to_string())
                        .unwrap_or_default(),
                    line: 0,
                    column: 0,
                    message: format!("per-file-ignores: invalid glob `{pattern}`: {m}"),
                })?;
                per_file_ignores.push((matcher, spanned(Some(selectors))?));
            }
        }

        let df = options
            .and_then(|o| o.dockerfile.clone())
            .unwrap_or_default();
        let k8s = options
            .and_then(|o| o.kubernetes.clone())
            .unwrap_or_default();
        let mut kubernetes = KubernetesSettings::default();
        if let Some(v) = &k8s.version {
            kubernetes.minor = parse_kubernetes_version(v.get_ref()).ok_or_else(|| {
                let message = format!(
                    "kubernetes.version: `{}` is not a Kubernetes version like \"1.31\"",
                    v.get_ref()
                );
                match config {
                    Some(c) => c.error_at(v.span(), message),
                    None => ConfigError::Invalid {
                        path: String::new(),
                        line: 0,
                        column: 0,
                        message,
                    },
                }
            })?;
            kubernetes.version_configured = true;
        }
        if let Some(labels) = k8s.required_labels {
            kubernetes.required_labels = labels;
        }
        kubernetes.trusted_registries = k8s.trusted_registries.unwrap_or_default();
        let mut github = GithubSettings::default();
        if let Some(owners) = options
            .and_then(|o| o.github.as_ref())
            .and_then(|g| g.trusted_owners.clone())
        {
            github.trusted_owners = owners.iter().map(|o| o.to_ascii_lowercase()).collect();
        }
        let mut prometheus = PrometheusSettings::default();
        if let Some(v) = options
            .and_then(|o| o.prometheus.as_ref())
            .and_then(|p| p.scrape_interval.as_ref())
        {
            let ms = crate::prometheus::duration::parse_ms(v.get_ref()).filter(|&ms| ms > 0);
            prometheus.scrape_interval_ms = Some(ms.ok_or_else(|| {
                let message = format!(
                    "prometheus.scrape-interval: `{}` is not a Prometheus duration like \"30s\"",
                    v.get_ref()
                );
                match config {
                    Some(c) => c.error_at(v.span(), message),
                    None => ConfigError::Invalid {
                        path: String::new(),
                        line: 0,
                        column: 0,
                        message,
                    },
                }
            })?);
        }
        Ok(Settings {
            root: config.map_or(default_root, LoadedConfig::root),
            config_path: config.map(|c| c.path.clone()),
            enabled,
            severity,
            min_severity: cli
                .min_severity
                .or(options.and_then(|o| o.min_severity))
                .unwrap_or(Severity::Info),
            exclude: options.and_then(|o| o.exclude.clone()).unwrap_or_default(),
            per_file_ignores,
            max_file_size: options
                .and_then(|o| o.max_file_size)
                .unwrap_or(DEFAULT_MAX_FILE_SIZE),
            dockerfile: DockerfileSettings {
                trusted_registries: df.trusted_registries.unwrap_or_default(),
                required_labels: df.required_labels.unwrap_or_default(),
                label_schema: df.label_schema.unwrap_or_default(),
                strict_labels: df.strict_labels.unwrap_or(false),
            },
            kubernetes,
            github,
            prometheus,
        })
    }

    pub fn is_enabled(&self, rule_index: usize) -> bool {
        self.enabled.get(rule_index).copied().unwrap_or(false)
    }

    pub fn severity_override(&self, rule_index: usize) -> Option<Severity> {
        self.severity.get(rule_index).copied().flatten()
    }

    /// Whether `per-file-ignores` turns the rule off for this file.
    pub fn ignored_for(&self, fs_path: &Path, rule_index: usize) -> bool {
        if self.per_file_ignores.is_empty() {
            return false;
        }
        let abs = crate::paths::normalize(fs_path);
        let root = crate::paths::normalize(&self.root);
        let rel = abs.strip_prefix(&root).unwrap_or(&abs);
        let meta = RULES[rule_index].meta();
        self.per_file_ignores.iter().any(|(glob, selectors)| {
            glob.is_match(rel) && selectors.iter().any(|s| s.covers(rule_index, meta))
        })
    }
}

/// A glob over paths relative to the settings root. A pattern without `/`
/// matches the file name at any depth, like gitignore.
fn path_glob(pattern: &str) -> Result<GlobMatcher, String> {
    let p = pattern.trim_start_matches("./");
    let full = if p.contains('/') {
        p.trim_start_matches('/').to_string()
    } else {
        format!("**/{p}")
    };
    GlobBuilder::new(&full)
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| e.kind().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Options;
    use crate::registry::rule_index;

    fn loaded(text: &str) -> LoadedConfig {
        LoadedConfig {
            path: PathBuf::from("/proj/plimsoll.toml"),
            text: text.to_string(),
            options: Options::from_toml(Path::new("/proj/plimsoll.toml"), text).unwrap(),
        }
    }

    #[test]
    fn unknown_selectors_in_config_point_at_the_value() {
        let c = loaded("ignore = [\"DF009\", \"DF999\"]\n");
        let e = Settings::resolve(Some(&c), &CliOverrides::default(), PathBuf::new()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("/proj/plimsoll.toml:1:20: unknown rule `DF999`"),
            "{e}"
        );
    }

    #[test]
    fn cli_overrides_replace_select_and_extend_ignore() {
        let c = loaded("select = [\"DF009\"]\nignore = [\"DF008\"]\n");
        let s = Settings::resolve(
            Some(&c),
            &CliOverrides {
                select: Some(vec!["DF008".into(), "DF011".into()]),
                ignore: vec!["DF011".into()],
                ..CliOverrides::default()
            },
            PathBuf::new(),
        )
        .unwrap();
        assert!(!s.is_enabled(rule_index("DF009").unwrap()));
        assert!(s.is_enabled(rule_index("DF008").unwrap()));
        assert!(!s.is_enabled(rule_index("DF011").unwrap()));
    }

    #[test]
    fn cli_extend_and_ignore_adjust_the_configured_set() {
        let c = loaded("select = [\"DF009\"]\n");
        let s = Settings::resolve(
            Some(&c),
            &CliOverrides {
                extend_select: vec!["DF008".into()],
                ignore: vec!["DF009".into()],
                ..CliOverrides::default()
            },
            PathBuf::new(),
        )
        .unwrap();
        assert!(!s.is_enabled(rule_index("DF009").unwrap()));
        assert!(s.is_enabled(rule_index("DF008").unwrap()));
        assert!(!s.is_enabled(rule_index("DF004").unwrap()));
    }

    #[test]
    fn severity_overrides_most_specific_wins() {
        let c = loaded("[severity]\nDF = \"info\"\nDF009 = \"error\"\n");
        let s = Settings::resolve(Some(&c), &CliOverrides::default(), PathBuf::new()).unwrap();
        assert_eq!(
            s.severity_override(rule_index("DF009").unwrap()),
            Some(Severity::Error)
        );
        assert_eq!(
            s.severity_override(rule_index("DF008").unwrap()),
            Some(Severity::Info)
        );
    }

    #[test]
    fn per_file_ignores_match_relative_paths_and_bare_names() {
        let c = loaded(
            "[per-file-ignores]\n\"test/**\" = [\"DF009\"]\n\"Dockerfile.dev\" = [\"DF\"]\n",
        );
        let s = Settings::resolve(Some(&c), &CliOverrides::default(), PathBuf::new()).unwrap();
        let df9 = rule_index("DF009").unwrap();
        assert!(s.ignored_for(Path::new("/proj/test/a/Dockerfile"), df9));
        assert!(!s.ignored_for(Path::new("/proj/src/Dockerfile"), df9));
        assert!(s.ignored_for(
            Path::new("/proj/x/Dockerfile.dev"),
            rule_index("DF008").unwrap()
        ));
    }
}
