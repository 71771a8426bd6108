//! helm-unittest suites: present (`tests/*_test.yaml`), and naming
//! templates that exist.

use super::prelude::*;
use super::support::{charts, first_line};
use crate::parse::ParsedFile;
use std::path::Path;

/// Is `file` a helm-unittest suite of the chart in `dir` (`tests/*.yaml`
/// with a `tests:` list)?
fn is_suite(file: &ParsedFile, dir: &Path) -> bool {
    let in_tests = file
        .fs_path
        .parent()
        .is_some_and(|p| p == dir.join("tests"));
    in_tests
        && file.yaml().is_some_and(|m| {
            let y = &m.yaml;
            y.documents
                .first()
                .and_then(|d| d.root)
                .and_then(|r| y.get(y.resolve(r), "tests"))
                .is_some()
        })
}

declare_rule! {
    /// ## What it does
    /// Reports a chart with no helm-unittest suite: no `tests/*.yaml` file
    /// holding a `tests:` list beside `Chart.yaml`. Library charts and
    /// charts vendored under another chart's `charts/` are not reported.
    /// Helm's own test hooks (`templates/tests/`) do not count: they run
    /// against a live release.
    ///
    /// ## Why is this bad?
    /// Without unit tests, a change to a helper, a condition or a default
    /// value is only noticed when the chart is installed. Suites render
    /// templates with chosen values and assert on the output in seconds.
    ///
    /// ## Example
    /// ```text
    /// web/
    ///   Chart.yaml
    ///   values.yaml
    ///   templates/deployment.yaml
    /// ```
    ///
    /// ## Use instead
    /// Add `tests/deployment_test.yaml` with a `suite:`, the `templates:`
    /// it renders and `tests:` with `asserts:`; run it with
    /// `helm unittest` or `plimsoll helm test`.
    ///
    /// ## References
    /// - Practice H01 (every chart has helm-unittest suites).
    pub struct ChartWithoutUnittests {
        code: "HELM007",
        name: "chart-without-unittests",
        summary: "Chart has no helm-unittest suites in `tests/`",
        severity: Info,
        category: BestPractice,
        practices: ["H01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for ChartWithoutUnittests {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        for chart in charts(cx.files) {
            let file = chart.chart_yaml;
            let library = super::support::chart_root(file).is_some_and(|(y, r)| {
                super::support::field(y, r, "type").is_some_and(|(t, _)| t == "library")
            });
            if library || cx.files.iter().any(|f| is_suite(f, &chart.fs_dir)) {
                continue;
            }
            out.add(
                file,
                first_line(file),
                "chart has no helm-unittest suite (`tests/*_test.yaml`)",
            )
            .help("Add `tests/<template>_test.yaml` suites that render the templates and assert on them");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a helm-unittest suite that names a template the chart does
    /// not have, in its `templates:` list or a test's `template:`. Names
    /// are looked up relative to the chart (`templates/x.yaml`) and to
    /// `templates/` (`x.yaml`); glob patterns are not checked.
    ///
    /// ## Why is this bad?
    /// helm-unittest fails the suite (or silently renders nothing for that
    /// name), so the assertions meant for the template never run; it
    /// usually means the template was renamed and its tests were left
    /// behind.
    ///
    /// ## Example
    /// ```yaml
    /// suite: deployment
    /// templates:
    ///   - templates/deploy.yaml
    /// tests:
    ///   - it: renders
    ///     asserts:
    ///       - isKind:
    ///           of: Deployment
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// suite: deployment
    /// templates:
    ///   - templates/deployment.yaml
    /// tests:
    ///   - it: renders
    ///     asserts:
    ///       - isKind:
    ///           of: Deployment
    /// ```
    ///
    /// ## References
    /// - Practice H01 (helm-unittest suites that test the chart).
    pub struct UnittestUnknownTemplate {
        code: "HELM008",
        name: "unittest-unknown-template",
        summary: "helm-unittest suite names a template that does not exist",
        severity: Error,
        category: Correctness,
        practices: ["H01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for UnittestUnknownTemplate {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        for chart in charts(cx.files) {
            let dir = &chart.fs_dir;
            for suite in cx.files.iter().filter(|f| is_suite(f, dir)) {
                let Some(model) = suite.yaml() else { continue };
                let y = &model.yaml;
                let Some(root) = y
                    .documents
                    .first()
                    .and_then(|d| d.root)
                    .map(|r| y.resolve(r))
                else {
                    continue;
                };
                let mut names = Vec::new();
                if let Some(list) = y.get(root, "templates") {
                    names.extend(y.items(y.resolve(list)).iter().copied());
                }
                if let Some(tests) = y.get(root, "tests") {
                    for t in y.items(y.resolve(tests)) {
                        let t = y.resolve(*t);
                        if y.is_mapping(t)
                            && let Some(n) = y.get(t, "template")
                        {
                            names.push(n);
                        }
                    }
                }
                for node in names {
                    let Some(name) = y.str(node) else { continue };
                    if name.is_empty() || name.contains(['*', '?', '[', '{']) {
                        continue;
                    }
                    let exists =
                        dir.join(name).is_file() || dir.join("templates").join(name).is_file();
                    if !exists {
                        out.add(
                            suite,
                            y.node(node).span,
                            format!("suite names template `{name}`, which the chart does not have"),
                        )
                        .help("Point the suite at an existing template (paths are relative to the chart or to `templates/`)");
                    }
                }
            }
        }
    }
}
