//! OBS011 and OBS012: a dashboard's `uid` and `title`.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Grafana dashboard with no `uid` (or an empty one, or
    /// `null`); for a grafana-operator `GrafanaDashboard`, only when its
    /// `spec.uid` is not set either.
    ///
    /// ## Why is this bad?
    /// Without a `uid`, Grafana generates one when it provisions the
    /// dashboard: links and bookmarks to it break when it is provisioned
    /// again in another instance, alerts and other dashboards cannot refer
    /// to it reliably, and re-importing can create duplicates instead of
    /// updating it.
    ///
    /// ## Example
    /// ```json
    /// {"title": "API", "panels": [], "schemaVersion": 39}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"uid": "api-overview", "title": "API", "panels": [], "schemaVersion": 39}
    /// ```
    ///
    /// ## References
    /// - Practice O02 (dashboards as code with `uid` and `title`).
    /// - No peer.
    pub struct DashboardWithoutUid {
        code: "OBS011",
        name: "dashboard-without-uid",
        summary: "Grafana dashboard has no `uid`",
        severity: Warning,
        category: Reliability,
        practices: ["O02"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a Grafana dashboard with no `title`, or an empty one.
    ///
    /// ## Why is this bad?
    /// Grafana requires a title to save a dashboard: provisioning fails
    /// ("Dashboard title cannot be empty") and the dashboard is not
    /// loaded.
    ///
    /// ## Example
    /// ```json
    /// {"uid": "api", "panels": [], "schemaVersion": 39}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"uid": "api", "title": "API overview", "panels": [], "schemaVersion": 39}
    /// ```
    ///
    /// ## References
    /// - Practice O02 (dashboards as code with `uid` and `title`).
    /// - No peer.
    pub struct DashboardWithoutTitle {
        code: "OBS012",
        name: "dashboard-without-title",
        summary: "Grafana dashboard has no `title`",
        severity: Warning,
        category: Correctness,
        practices: ["O02"],
        peers: [],
        fix: None,
        default: true,
    }
}

fn blank(v: Option<&Json>) -> bool {
    match v {
        None | Some(Json::Null) => true,
        Some(Json::String(s)) => s.trim().is_empty(),
        Some(_) => false,
    }
}

impl Rule for DashboardWithoutUid {
    fn check_dashboard(&self, cx: &DashboardContext<'_>, out: &mut Diagnostics<'_>) {
        let Some(d) = cx.value else { return };
        if !blank(d.get("uid")) {
            return;
        }
        // grafana-operator's `spec.uid` overrides the JSON's.
        if let DashboardSource::Object { yaml, object, .. } = &cx.source
            && object.spec(yaml).and_then(|s| yaml.get(s, "uid")).is_some()
        {
            return;
        }
        let span = cx
            .at(&[Seg::key("uid")])
            .unwrap_or_else(|| cx.dashboard_span());
        out.add(
            span,
            format!(
                "{} has no `uid`: Grafana makes one up, so links and references break",
                cx.describe()
            ),
        )
        .help("set a stable, unique `uid` (for example the dashboard's slug)");
    }
}

impl Rule for DashboardWithoutTitle {
    fn check_dashboard(&self, cx: &DashboardContext<'_>, out: &mut Diagnostics<'_>) {
        let Some(d) = cx.value else { return };
        if !blank(d.get("title")) {
            return;
        }
        let span = cx
            .at(&[Seg::key("title")])
            .unwrap_or_else(|| cx.dashboard_span());
        out.add(
            span,
            format!(
                "{} has no `title`: Grafana refuses to provision it",
                cx.describe()
            ),
        )
        .help("set a `title`");
    }
}
