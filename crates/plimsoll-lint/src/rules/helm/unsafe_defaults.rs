use super::prelude::*;
use super::support::charts;
use plimsoll_syntax::yaml::{NodeId, YamlFile};

declare_rule! {
    /// ## What it does
    /// Reports unsafe defaults in a chart's `values.yaml`: `privileged:
    /// true`, `allowPrivilegeEscalation: true`, `hostNetwork`/`hostPID`/
    /// `hostIPC: true`, and an image `tag: latest` (a `tag` key beside a
    /// `repository` or `image` key). Environment overlays are not judged:
    /// only the defaults every install inherits. Values the chart never
    /// uses are reported too, since the chart cannot know.
    ///
    /// ## Why is this bad?
    /// `values.yaml` is what every install gets unless it overrides it: a
    /// privileged or host-namespace default ships a container breakout to
    /// every environment that forgets to turn it off, and `latest` makes
    /// the default install unreproducible.
    ///
    /// ## Example
    /// ```yaml
    /// image:
    ///   repository: registry.example.com/web
    ///   tag: latest
    /// securityContext:
    ///   privileged: true
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// image:
    ///   repository: registry.example.com/web
    ///   tag: "1.4.2"
    /// securityContext:
    ///   privileged: false
    ///   allowPrivilegeEscalation: false
    /// ```
    ///
    /// ## References
    /// - Practice H02 (`values.yaml` holds safe defaults).
    pub struct UnsafeValuesDefault {
        code: "HELM012",
        name: "unsafe-values-default",
        summary: "values.yaml defaults to privileged, host namespaces or `latest`",
        severity: Warning,
        category: Security,
        practices: ["H02"],
        peers: [],
        fix: None,
        default: true,
    }
}

const TRUE_KEYS: &[&str] = &[
    "privileged",
    "allowPrivilegeEscalation",
    "hostNetwork",
    "hostPID",
    "hostIPC",
];

fn walk(
    y: &YamlFile,
    node: NodeId,
    path: &mut Vec<String>,
    out: &mut Vec<(Span, String)>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    let node = y.resolve(node);
    if y.is_sequence(node) {
        for (i, item) in y.items(node).iter().enumerate() {
            path.push(format!("[{i}]"));
            walk(y, *item, path, out, depth + 1);
            path.pop();
        }
        return;
    }
    if !y.is_mapping(node) {
        return;
    }
    let entries = y.entries(node);
    let image_like = entries
        .iter()
        .any(|(k, _)| matches!(y.str(*k), Some("repository" | "image" | "registry")));
    for (k, v) in entries {
        let Some(key) = y.str(k) else { continue };
        let v = y.resolve(v);
        let dotted = || {
            let mut p = path.join(".").replace(".[", "[");
            if !p.is_empty() {
                p.push('.');
            }
            p.push_str(key);
            p
        };
        if TRUE_KEYS.contains(&key) && y.bool(v) == Some(true) {
            out.push((
                y.node(v).span,
                format!("values.yaml defaults `{}` to true", dotted()),
            ));
        } else if key == "tag" && image_like && y.str(v) == Some("latest") {
            out.push((
                y.node(v).span,
                format!("values.yaml defaults image `{}` to `latest`", dotted()),
            ));
        }
        path.push(key.to_string());
        walk(y, v, path, out, depth + 1);
        path.pop();
    }
}

impl Rule for UnsafeValuesDefault {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        for chart in charts(cx.files) {
            let path = chart.fs_dir.join("values.yaml");
            let Some(file) = cx.files.iter().find(|f| f.fs_path == path) else {
                continue;
            };
            let Some(model) = file.yaml() else { continue };
            let y = &model.yaml;
            let Some(root) = y.documents.first().and_then(|d| d.root) else {
                continue;
            };
            let mut found = Vec::new();
            walk(y, root, &mut Vec::new(), &mut found, 0);
            for (span, message) in found {
                out.add(file, span, message).help(
                    "Default to the safe value and turn it on only in the overlay that needs it",
                );
            }
        }
    }
}
