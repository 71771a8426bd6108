//! OBS013 and OBS014: how panels and queries name their data source.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a panel or query `datasource` that uses an import
    /// placeholder, `${DS_NAME}`, declared in the dashboard's `__inputs`
    /// (the "export for sharing externally" format) and not defined as a
    /// template variable in `templating.list`.
    ///
    /// ## Why is this bad?
    /// Only Grafana's import dialog replaces `__inputs` placeholders. A
    /// dashboard provisioned from a file or a ConfigMap keeps the literal
    /// `${DS_PROMETHEUS}`, which names no data source: every panel using it
    /// shows "Datasource ${DS_PROMETHEUS} was not found".
    ///
    /// ## Example
    /// ```json
    /// {"__inputs": [{"name": "DS_PROMETHEUS", "type": "datasource"}],
    ///  "panels": [{"id": 1, "datasource": "${DS_PROMETHEUS}"}]}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"panels": [{"id": 1, "datasource": {"type": "prometheus", "uid": "${datasource}"}}],
    ///  "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "prometheus"}]}}
    /// ```
    ///
    /// ## References
    /// - Practice O02 (dashboards as code that load as written).
    /// - No peer.
    pub struct DatasourceImportPlaceholder {
        code: "OBS013",
        name: "datasource-import-placeholder",
        summary: "Dashboard uses an import placeholder that provisioning never fills",
        severity: Warning,
        category: Correctness,
        practices: ["O02"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a panel or query whose `datasource` is a plain string naming
    /// a data source (`"Prometheus"`), rather than a `{"type", "uid"}`
    /// object or a template variable (`$datasource`, `${ds}`). Grafana's
    /// built-in names (`-- Grafana --`, `-- Mixed --`, `-- Dashboard --`)
    /// and import placeholders (OBS013) are not reported.
    ///
    /// ## Why is this bad?
    /// A name ties the dashboard to how one Grafana instance named its data
    /// source: another instance (or a rename) leaves the panels with no
    /// data. References by `uid`, or through a data source variable, stay
    /// valid across environments; Grafana itself has stored references as
    /// objects since schema version 33.
    ///
    /// ## Example
    /// ```json
    /// {"id": 2, "type": "timeseries", "datasource": "Prometheus"}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"id": 2, "type": "timeseries", "datasource": {"type": "prometheus", "uid": "${datasource}"}}
    /// ```
    ///
    /// ## References
    /// - Practice O02 (dashboards as code, portable across instances).
    /// - No peer.
    pub struct DatasourceByName {
        code: "OBS014",
        name: "datasource-by-name",
        summary: "Dashboard refers to a data source by name",
        severity: Info,
        category: BestPractice,
        practices: ["O02"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// Every `datasource` of panels and their targets: (path, value).
fn datasources(d: &serde_json::Map<String, Json>) -> Vec<(Vec<Seg>, &Json)> {
    let mut out = Vec::new();
    for (path, panel) in support::panels(d) {
        if let Some(ds) = panel.get("datasource") {
            let mut p = path.clone();
            p.push(Seg::key("datasource"));
            out.push((p, ds));
        }
        for (i, t) in panel
            .get("targets")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(ds) = t.get("datasource") {
                let mut p = path.clone();
                p.extend([Seg::key("targets"), Seg::Index(i), Seg::key("datasource")]);
                out.push((p, ds));
            }
        }
    }
    out
}

/// The text a `datasource` names: the string, or an object's `uid`.
fn ds_text(ds: &Json) -> Option<&str> {
    match ds {
        Json::String(s) => Some(s),
        Json::Object(o) => o.get("uid").and_then(Json::as_str),
        _ => None,
    }
}

fn inputs(d: &serde_json::Map<String, Json>) -> Vec<&str> {
    d.get("__inputs")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|i| i.get("name").and_then(Json::as_str))
        .collect()
}

impl Rule for DatasourceImportPlaceholder {
    fn check_dashboard(&self, cx: &DashboardContext<'_>, out: &mut Diagnostics<'_>) {
        let Some(d) = cx.value else { return };
        let inputs = inputs(d);
        if inputs.is_empty() {
            return;
        }
        let vars = support::variables(d);
        let mut reported = 0;
        for (path, ds) in datasources(d) {
            let Some(name) = ds_text(ds).and_then(support::variable_ref) else {
                continue;
            };
            if !inputs.contains(&name) || vars.contains(&name) {
                continue;
            }
            reported += 1;
            if reported > support::MAX_REPORTS {
                break;
            }
            out.add(
                cx.at_or_parent(&path),
                format!(
                    "{}: `{}` uses the import placeholder `${{{name}}}`, which provisioning leaves unresolved",
                    cx.describe(),
                    path_text(&path)
                ),
            )
            .help("refer to the data source by `uid`, or through a `datasource` template variable");
        }
    }
}

const BUILTIN: [&str; 4] = ["-- Grafana --", "-- Mixed --", "-- Dashboard --", "default"];

impl Rule for DatasourceByName {
    fn check_dashboard(&self, cx: &DashboardContext<'_>, out: &mut Diagnostics<'_>) {
        let Some(d) = cx.value else { return };
        let mut reported = 0;
        for (path, ds) in datasources(d) {
            let Json::String(name) = ds else { continue };
            let name = name.trim();
            if name.is_empty()
                || BUILTIN.contains(&name)
                || name.contains('$')
                || name.contains("[[")
            {
                continue;
            }
            reported += 1;
            if reported > support::MAX_REPORTS {
                break;
            }
            out.add(
                cx.at_or_parent(&path),
                format!(
                    "{}: `{}` names data source `{name}`: another Grafana (or a rename) leaves it without data",
                    cx.describe(),
                    path_text(&path)
                ),
            )
            .help("use `{\"type\": ..., \"uid\": ...}`, or a data source template variable");
        }
    }
}
