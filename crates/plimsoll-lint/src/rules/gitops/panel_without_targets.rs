use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Grafana panel of a type that shows query results (graph,
    /// timeseries, stat, gauge, bar gauge, table, heatmap, pie chart, bar
    /// chart, logs, state timeline, status history, histogram, single stat)
    /// with no `targets`, or an empty list. Library panels
    /// (`libraryPanel`) and other types (text, rows, news, dashboard lists)
    /// are not reported.
    ///
    /// ## Why is this bad?
    /// The panel shows "No data" forever: a leftover from editing, or a
    /// query that was lost when the dashboard was exported.
    ///
    /// ## Example
    /// ```json
    /// {"id": 3, "type": "timeseries", "title": "Latency"}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"id": 3, "type": "timeseries", "title": "Latency",
    ///  "targets": [{"refId": "A", "expr": "histogram_quantile(0.99, ...)"}]}
    /// ```
    ///
    /// ## References
    /// - Practice O02 (dashboards that show the golden signals).
    /// - No peer.
    pub struct PanelWithoutTargets {
        code: "OBS016",
        name: "panel-without-targets",
        summary: "Grafana data panel has no queries",
        severity: Info,
        category: Correctness,
        practices: ["O02"],
        peers: [],
        fix: None,
        default: true,
    }
}

const DATA_PANELS: [&str; 19] = [
    "graph",
    "timeseries",
    "stat",
    "singlestat",
    "gauge",
    "bargauge",
    "table",
    "table-old",
    "heatmap",
    "piechart",
    "grafana-piechart-panel",
    "barchart",
    "logs",
    "state-timeline",
    "status-history",
    "histogram",
    "trend",
    "xychart",
    "candlestick",
];

impl Rule for PanelWithoutTargets {
    fn check_dashboard(&self, cx: &DashboardContext<'_>, out: &mut Diagnostics<'_>) {
        let Some(d) = cx.value else { return };
        let mut reported = 0;
        for (path, panel) in support::panels(d) {
            let Some(kind) = panel.get("type").and_then(Json::as_str) else {
                continue;
            };
            if !DATA_PANELS.contains(&kind) || panel.contains_key("libraryPanel") {
                continue;
            }
            // Panels fed by another panel's results use the dashboard data
            // source and still list a target; a missing list is the problem.
            let empty = match panel.get("targets") {
                None | Some(Json::Null) => true,
                Some(Json::Array(a)) => a.is_empty(),
                Some(_) => false,
            };
            if !empty {
                continue;
            }
            reported += 1;
            if reported > support::MAX_REPORTS {
                break;
            }
            let title = panel
                .get("title")
                .and_then(Json::as_str)
                .filter(|t| !t.is_empty())
                .map_or_else(|| path_text(&path), |t| format!("`{t}`"));
            let mut at = path.clone();
            at.push(Seg::key("type"));
            out.add(
                cx.at_or_parent(&at),
                format!(
                    "{}: {kind} panel {title} has no queries (`targets`)",
                    cx.describe()
                ),
            )
            .help("add the panel's queries, or remove the panel");
        }
    }
}
