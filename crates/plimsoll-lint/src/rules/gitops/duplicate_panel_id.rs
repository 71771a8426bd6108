use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Grafana dashboard panel whose `id` another panel of the
    /// same dashboard already uses (top-level panels, panels of collapsed
    /// rows and legacy `rows[].panels` together).
    ///
    /// ## Why is this bad?
    /// Panel ids key view and edit links (`viewPanel=`), panel embedding,
    /// library-panel links and alert annotations. With duplicates, a link
    /// opens the wrong panel, and Grafana renumbers panels on save, so the
    /// file and the stored dashboard drift apart.
    ///
    /// ## Example
    /// ```json
    /// {"panels": [{"id": 1, "title": "Requests"}, {"id": 1, "title": "Errors"}]}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"panels": [{"id": 1, "title": "Requests"}, {"id": 2, "title": "Errors"}]}
    /// ```
    ///
    /// ## References
    /// - Practice O02 (dashboards as code).
    /// - No peer.
    pub struct DuplicatePanelId {
        code: "OBS015",
        name: "duplicate-panel-id",
        summary: "Two panels of a Grafana dashboard share an `id`",
        severity: Warning,
        category: Correctness,
        practices: ["O02"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for DuplicatePanelId {
    fn check_dashboard(&self, cx: &DashboardContext<'_>, out: &mut Diagnostics<'_>) {
        let Some(d) = cx.value else { return };
        let mut seen: std::collections::HashMap<i64, Vec<Seg>> = std::collections::HashMap::new();
        let mut reported = 0;
        for (path, panel) in support::panels(d) {
            let Some(id) = panel.get("id").and_then(Json::as_i64) else {
                continue;
            };
            if let Some(first) = seen.get(&id) {
                // Each report scans the text: a generated dashboard with
                // thousands of copies gets the first few.
                reported += 1;
                if reported > support::MAX_REPORTS {
                    break;
                }
                let mut id_path = path.clone();
                id_path.push(Seg::key("id"));
                let first_span = cx.at_or_parent(first);
                out.add(
                    cx.at_or_parent(&id_path),
                    format!(
                        "{}: `{}` has id {id}, already used by `{}`",
                        cx.describe(),
                        path_text(&path),
                        path_text(first)
                    ),
                )
                .help("give every panel a unique `id`")
                .related(first_span, "first panel with this id");
            } else {
                seen.insert(id, path);
            }
        }
    }
}
