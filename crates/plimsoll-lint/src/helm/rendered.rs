//! Chart rules that judge rendered objects (HELM009-HELM011). They report
//! in rendered coordinates; `check_chart` maps them back like K8S findings.

use crate::parse::ParsedFile;
use crate::rule::Diagnostics;
use crate::rules::helm::{
    ConfigWithoutChecksum, ProductionLatestImage, ProductionMissingResources,
};
use plimsoll_diagnostics::Finding;
use std::collections::HashSet;

/// Is the image reference unpinned: tag `latest` or no tag and no digest?
fn latest_tag(image: &str) -> Option<&'static str> {
    if image.contains('@') || image.contains("{{") {
        return None;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, "latest")) => Some("the tag `latest`"),
        Some(_) => None,
        None => Some("no tag (`latest`)"),
    }
}

/// Findings of HELM009-HELM011 on one render, per rendered file.
pub fn check(parsed: &[&ParsedFile], production: bool) -> Vec<Vec<Finding>> {
    // ConfigMaps and Secrets the chart renders.
    let mut own: HashSet<(&str, &str)> = HashSet::new();
    for f in parsed {
        let Some(m) = f.yaml() else { continue };
        for o in &m.objects {
            if let Some(name) = &o.name
                && matches!(o.kind.as_str(), "ConfigMap" | "Secret")
            {
                own.insert((o.kind.as_str(), name.as_str()));
            }
        }
    }
    parsed
        .iter()
        .map(|f| {
            let mut out = Vec::new();
            let Some(m) = f.yaml() else { return out };
            let y = &m.yaml;
            for o in &m.objects {
                let Some(w) = &o.workload else { continue };
                if production {
                    for c in &w.containers {
                        if let Some(image) = &c.image
                            && let Some(why) = latest_tag(image)
                            && let Some(node) = y.get(c.node, "image")
                        {
                            let mut d = Diagnostics::new(&ProductionLatestImage::META, &f.source, &mut out);
                            d.add(
                                y.node(node).span,
                                format!("{} of {} uses image `{image}` with {why} in the production render", c.display(), o.display()),
                            )
                            .help("Pin a version (or digest) in the production values");
                        }
                        let resources = y.get(c.node, "resources").map(|r| y.resolve(r));
                        let set = resources.is_some_and(|r| {
                            ["requests", "limits"].iter().any(|k| {
                                y.get(r, k).is_some_and(|n| !y.entries(y.resolve(n)).is_empty())
                            })
                        });
                        if !set {
                            let node = y.key_node(c.node, "resources").unwrap_or(c.node);
                            let mut d = Diagnostics::new(&ProductionMissingResources::META, &f.source, &mut out);
                            d.add(
                                y.node(node).span,
                                format!("{} of {} has no resource requests or limits in the production render", c.display(), o.display()),
                            )
                            .help("Set `resources.requests` (and a memory limit) in the production values");
                        }
                    }
                }
                // H06: pods that read a ConfigMap/Secret of the chart roll only
                // when their template changes.
                if !matches!(o.kind.as_str(), "Deployment" | "StatefulSet" | "DaemonSet") {
                    continue;
                }
                if w.pod_annotations.keys().any(|k| k.starts_with("checksum/")) {
                    continue;
                }
                let mut used: Vec<String> = Vec::new();
                if let Some(vols) = y.get(w.spec, "volumes") {
                    for v in y.items(y.resolve(vols)) {
                        let v = y.resolve(*v);
                        for (kind, src, key) in [("ConfigMap", "configMap", "name"), ("Secret", "secret", "secretName")] {
                            if let Some(name) = y.path(v, &[src, key]).and_then(|n| y.str(n))
                                && own.contains(&(kind, name))
                            {
                                used.push(format!("{kind}/{name}"));
                            }
                        }
                    }
                }
                for c in &w.containers {
                    if let Some(list) = y.get(c.node, "envFrom") {
                        for e in y.items(y.resolve(list)) {
                            let e = y.resolve(*e);
                            for (kind, src) in [("ConfigMap", "configMapRef"), ("Secret", "secretRef")] {
                                if let Some(name) = y.path(e, &[src, "name"]).and_then(|n| y.str(n))
                                    && own.contains(&(kind, name))
                                {
                                    used.push(format!("{kind}/{name}"));
                                }
                            }
                        }
                    }
                }
                used.sort();
                used.dedup();
                if used.is_empty() {
                    continue;
                }
                let node = w
                    .template
                    .and_then(|t| y.key_node(t, "metadata"))
                    .or(w.template_metadata)
                    .unwrap_or(o.node);
                let mut d = Diagnostics::new(&ConfigWithoutChecksum::META, &f.source, &mut out);
                d.add(
                    y.node(node).span,
                    format!(
                        "{} reads {} rendered by the same chart, but its pod template has no `checksum/` annotation: changing the config does not roll the pods",
                        o.display(),
                        used.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", ")
                    ),
                )
                .help("Add `checksum/config: {{ include (print $.Template.BasePath \"/configmap.yaml\") . | sha256sum }}` to the pod template's annotations");
            }
            out
        })
        .collect()
}
