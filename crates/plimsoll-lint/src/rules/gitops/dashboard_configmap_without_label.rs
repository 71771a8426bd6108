use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a ConfigMap holding a Grafana dashboard (a `*.json` data
    /// key whose value reads as a dashboard) without the
    /// `grafana_dashboard` label that Grafana's dashboard sidecar (Grafana
    /// Helm chart, kube-prometheus-stack) watches by default. ConfigMaps
    /// with another label or annotation mentioning `dashboard` (a
    /// customised sidecar label or folder annotation) are not reported.
    ///
    /// ## Why is this bad?
    /// The sidecar only loads labelled ConfigMaps: without the label the
    /// dashboard is deployed but never shows up in Grafana, and nothing
    /// reports it.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: api-dashboard
    /// data:
    ///   api.json: |
    ///     {"uid": "api", "title": "API", "panels": []}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   name: api-dashboard
    ///   labels:
    ///     grafana_dashboard: "1"
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `grafana_dashboard: "1"` to the labels; it is unsafe:
    /// the sidecar then loads the dashboard into Grafana.
    ///
    /// ## References
    /// - Practice O02 (ConfigMaps labelled `grafana_dashboard`).
    /// - No peer.
    pub struct DashboardConfigMapWithoutLabel {
        code: "OBS017",
        name: "dashboard-configmap-without-label",
        summary: "ConfigMap holds a Grafana dashboard but lacks the `grafana_dashboard` label",
        severity: Info,
        category: Correctness,
        practices: ["O02"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for DashboardConfigMapWithoutLabel {
    fn check_dashboard(&self, cx: &DashboardContext<'_>, out: &mut Diagnostics<'_>) {
        let DashboardSource::Object {
            yaml,
            object,
            embedded,
        } = &cx.source
        else {
            return;
        };
        if embedded.labelled || object.kind != "ConfigMap" {
            return;
        }
        if object
            .labels
            .keys()
            .chain(object.annotations.keys())
            .any(|k| k.to_ascii_lowercase().contains("dashboard"))
        {
            return;
        }
        // Only the first dashboard of the ConfigMap is reported.
        let first = cx
            .parsed
            .yaml()
            .and_then(|m| m.dashboards.iter().find(|e| e.object == embedded.object))
            .is_some_and(|e| e.key == embedded.key);
        if !first {
            return;
        }
        let fix = object.metadata.and_then(|m| {
            plimsoll_syntax::yaml::patch::set_at(
                yaml,
                cx.file.text(),
                m,
                &["labels", crate::grafana::SIDECAR_LABEL],
                Value::raw("\"1\""),
            )
        });
        let span = object
            .metadata
            .and_then(|m| yaml.get(m, "name"))
            .map_or_else(|| yaml.node(embedded.key).span, |n| yaml.node(n).span);
        out.add(
            span,
            format!(
                "{} holds dashboard `{}` but has no `grafana_dashboard` label: Grafana's sidecar will not load it",
                object.display(),
                embedded.name
            ),
        )
        .help("add the label `grafana_dashboard: \"1\"` (or the label your sidecar watches)")
        .fix_opt(fix.map(|e| Fix::unsafe_("Add the `grafana_dashboard: \"1\"` label", vec![e])));
    }
}
