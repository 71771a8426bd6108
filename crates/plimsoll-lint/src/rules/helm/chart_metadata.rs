//! Chart.yaml metadata: apiVersion, version, appVersion, kubeVersion, name.

use super::prelude::*;
use super::support::{chart_root, charts, field, first_line};

declare_rule! {
    /// ## What it does
    /// Reports a `Chart.yaml` whose `apiVersion` is missing or is not `v2`.
    /// Charts nested under another chart's `charts/` (vendored subcharts)
    /// are not checked.
    ///
    /// ## Why is this bad?
    /// Without `apiVersion` Helm refuses the chart. `v1` is the Helm 2
    /// format: dependencies live in `requirements.yaml`, and `type`
    /// (library charts) is not available.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// name: web
    /// version: 1.2.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v2
    /// name: web
    /// version: 1.2.0
    /// ```
    ///
    /// ## References
    /// - Practice H05 (chart metadata: `apiVersion: v2`).
    /// - helm-lint reports a missing apiVersion (chart.metadata).
    pub struct ChartApiVersionNotV2 {
        code: "HELM002",
        name: "chart-api-version-not-v2",
        summary: "Chart.yaml `apiVersion` is missing or not `v2`",
        severity: Warning,
        category: BestPractice,
        practices: ["H05"],
        peers: [HelmLint "chart.metadata"],
        fix: None,
        default: true,
    }
}

impl Rule for ChartApiVersionNotV2 {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        for chart in charts(cx.files) {
            let file = chart.chart_yaml;
            let Some((yaml, root)) = chart_root(file) else {
                continue;
            };
            match field(yaml, root, "apiVersion") {
                None => {
                    out.add(file, first_line(file), "Chart.yaml has no `apiVersion`")
                        .help("Add `apiVersion: v2`");
                }
                Some((v, span)) if v != "v2" => {
                    out.add(
                        file,
                        span,
                        format!(
                            "Chart.yaml declares `apiVersion: {v}`, not the Helm 3 format `v2`"
                        ),
                    )
                    .help("Use `apiVersion: v2` and move `requirements.yaml` into `dependencies:`");
                }
                Some(_) => {}
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `Chart.yaml` whose `version` is missing or is not a
    /// semantic version (`1.2.3`, `0.4.0-rc.1`).
    ///
    /// ## Why is this bad?
    /// Helm refuses to package or install a chart without a valid SemVer
    /// `version`, and chart repositories order releases by it.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v2
    /// name: web
    /// version: latest
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v2
    /// name: web
    /// version: 1.2.0
    /// ```
    ///
    /// ## References
    /// - Practice H05 (SemVer `version`).
    /// - helm-lint: chart.metadata (version is not a valid SemVer).
    pub struct InvalidChartVersion {
        code: "HELM003",
        name: "invalid-chart-version",
        summary: "Chart.yaml `version` is missing or not SemVer",
        severity: Error,
        category: Correctness,
        practices: ["H05"],
        peers: [HelmLint "chart.metadata"],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidChartVersion {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        for chart in charts(cx.files) {
            let file = chart.chart_yaml;
            let Some((yaml, root)) = chart_root(file) else {
                continue;
            };
            match field(yaml, root, "version") {
                None => {
                    out.add(file, first_line(file), "Chart.yaml has no `version`")
                        .help("Add a SemVer `version`, e.g. `version: 0.1.0`");
                }
                Some((v, span)) if plimsoll_helm::semver::Version::parse(v).is_err() => {
                    out.add(
                        file,
                        span,
                        format!("chart version `{v}` is not a semantic version"),
                    )
                    .help("Use MAJOR.MINOR.PATCH, e.g. `1.2.0`");
                }
                Some(_) => {}
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `Chart.yaml` without `appVersion`, the version of the
    /// application the chart deploys. Library charts are not reported.
    ///
    /// ## Why is this bad?
    /// `appVersion` is what `helm list` shows and what templates commonly
    /// use as the default image tag (`.Chart.AppVersion`); without it the
    /// deployed application version is only found in values.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v2
    /// name: web
    /// version: 1.2.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v2
    /// name: web
    /// version: 1.2.0
    /// appVersion: "3.4.1"
    /// ```
    ///
    /// ## References
    /// - Practice H05 (`appVersion` set).
    pub struct MissingAppVersion {
        code: "HELM004",
        name: "missing-app-version",
        summary: "Chart.yaml has no `appVersion`",
        severity: Info,
        category: BestPractice,
        practices: ["H05"],
        peers: [],
        fix: None,
        default: true,
    }
}

fn is_library(yaml: &plimsoll_syntax::yaml::YamlFile, root: plimsoll_syntax::yaml::NodeId) -> bool {
    field(yaml, root, "type").is_some_and(|(t, _)| t == "library")
}

impl Rule for MissingAppVersion {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        for chart in charts(cx.files) {
            let file = chart.chart_yaml;
            let Some((yaml, root)) = chart_root(file) else {
                continue;
            };
            if is_library(yaml, root) {
                continue;
            }
            if field(yaml, root, "appVersion").is_none_or(|(v, _)| v.trim().is_empty()) {
                out.add(file, first_line(file), "Chart.yaml has no `appVersion`")
                    .help("Add `appVersion` with the version of the application the chart deploys");
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `Chart.yaml` without a `kubeVersion` constraint, or with
    /// one that is not a valid SemVer constraint (`>=1.25.0-0`).
    ///
    /// ## Why is this bad?
    /// A `kubeVersion` constraint makes `helm install` fail early on a
    /// cluster the chart was never meant for (removed APIs, missing
    /// fields) instead of half-deploying. An invalid constraint makes every
    /// install fail.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v2
    /// name: web
    /// version: 1.2.0
    /// kubeVersion: "1.25+"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v2
    /// name: web
    /// version: 1.2.0
    /// kubeVersion: ">=1.25.0-0"
    /// ```
    ///
    /// ## References
    /// - Practice H05 (`kubeVersion` constraint).
    pub struct MissingKubeVersion {
        code: "HELM005",
        name: "missing-kube-version",
        summary: "Chart.yaml has no valid `kubeVersion` constraint",
        severity: Info,
        category: Reliability,
        practices: ["H05"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for MissingKubeVersion {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        for chart in charts(cx.files) {
            let file = chart.chart_yaml;
            let Some((yaml, root)) = chart_root(file) else {
                continue;
            };
            if is_library(yaml, root) {
                continue;
            }
            match field(yaml, root, "kubeVersion") {
                None => {
                    out.add(file, first_line(file), "Chart.yaml has no `kubeVersion` constraint")
                        .help("Add the Kubernetes versions the chart supports, e.g. `kubeVersion: \">=1.25.0-0\"`");
                }
                Some((v, span)) if plimsoll_helm::semver::Constraint::parse(v).is_err() => {
                    out.add(
                        file,
                        span,
                        format!("`kubeVersion: {v}` is not a valid version constraint: Helm refuses to install the chart"),
                    )
                    .help("Write a SemVer constraint, e.g. `>=1.25.0-0`");
                }
                Some(_) => {}
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `Chart.yaml` whose `name` differs from the name of its
    /// directory.
    ///
    /// ## Why is this bad?
    /// `helm package` names the archive after `name`, dependencies refer to
    /// charts by `name` in `charts/`, and readers look for the chart by its
    /// directory: a mismatch makes the chart found under one name and
    /// published under another.
    ///
    /// ## Example
    /// ```yaml
    /// # charts/web/Chart.yaml
    /// apiVersion: v2
    /// name: frontend
    /// version: 1.2.0
    /// ```
    ///
    /// ## Use instead
    /// Rename the directory or the chart so both read `web`.
    ///
    /// ## References
    /// - Practice H05 (valid chart metadata).
    pub struct ChartNameMismatch {
        code: "HELM006",
        name: "chart-name-mismatch",
        summary: "Chart name differs from its directory name",
        severity: Warning,
        category: BestPractice,
        practices: ["H05"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for ChartNameMismatch {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        for chart in charts(cx.files) {
            let file = chart.chart_yaml;
            let Some((yaml, root)) = chart_root(file) else {
                continue;
            };
            let Some(dir) = chart
                .fs_dir
                .canonicalize()
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            else {
                continue;
            };
            match field(yaml, root, "name") {
                None => {
                    out.add(file, first_line(file), "Chart.yaml has no `name`")
                        .help(format!("Add `name: {dir}`"));
                }
                Some((name, span)) if name != dir => {
                    out.add(
                        file,
                        span,
                        format!("chart `{name}` lives in directory `{dir}`"),
                    )
                    .help("Rename the chart or its directory so they match");
                }
                Some(_) => {}
            }
        }
    }
}
