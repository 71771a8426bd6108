use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Grafana dashboard whose JSON does not parse: a `.json`
    /// file that reads as a dashboard, a data value of a ConfigMap labelled
    /// `grafana_dashboard` (named `*.json` or starting with `{`), or a
    /// grafana-operator `GrafanaDashboard`'s `spec.json`. The finding is at
    /// the parser's position, mapped into the YAML scalar for embedded
    /// dashboards.
    ///
    /// ## Why is this bad?
    /// Grafana's provisioning (and the dashboard sidecar) skips a file it
    /// cannot parse, logging an error nobody reads: the dashboard silently
    /// disappears or keeps its previous version.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   "title": "API",
    ///   "panels": [],
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {
    ///   "title": "API",
    ///   "panels": []
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice O02 (dashboards as code with valid JSON).
    /// - No peer.
    pub struct InvalidDashboardJson {
        code: "OBS010",
        name: "invalid-dashboard-json",
        summary: "Grafana dashboard JSON does not parse",
        severity: Error,
        category: Correctness,
        practices: ["O02"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidDashboardJson {
    fn check_dashboard(&self, cx: &DashboardContext<'_>, out: &mut Diagnostics<'_>) {
        let Some(err) = &cx.dashboard.error else {
            return;
        };
        let text = cx.json_text();
        let start = err.offset.min(text.len());
        let end = text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        let span = cx.dashboard.to_file(Span::new(start, end));
        let where_ = match &cx.source {
            DashboardSource::File => "dashboard JSON".to_string(),
            DashboardSource::Object {
                object, embedded, ..
            } => format!(
                "dashboard JSON in `{}` of {}",
                embedded.name,
                object.display()
            ),
        };
        // serde_json's message ends with its own "at line L column C",
        // which is relative to the JSON text: keep only the reason.
        let reason = err
            .message
            .rsplit_once(" at line ")
            .map_or(err.message.as_str(), |(r, _)| r);
        out.add(span, format!("{where_} is invalid: {reason}"))
            .help("fix the JSON syntax; Grafana skips dashboards it cannot parse");
    }
}
