use super::prelude::*;
use std::collections::HashMap;

/// Repeated values of `key` among the mappings of a list: `(first, repeat,
/// value)`. Templated and empty values are skipped.
fn repeats<'y>(yaml: &'y YamlFile, items: &[NodeId], key: &str) -> Vec<(NodeId, NodeId, &'y str)> {
    let mut seen: HashMap<&str, NodeId> = HashMap::new();
    let mut out = Vec::new();
    for &item in items {
        let Some(node) = yaml.get(item, key) else {
            continue;
        };
        let Some(value) = yaml
            .str(node)
            .filter(|v| !v.is_empty() && !helpers::is_templated(v))
        else {
            continue;
        };
        match seen.get(value) {
            Some(&first) => out.push((first, node, value)),
            None => {
                seen.insert(value, node);
            }
        }
    }
    out
}

declare_rule! {
    /// ## What it does
    /// Reports names the API server requires to be unique in a pod, when
    /// they repeat:
    ///
    /// - container names, across init, main and ephemeral containers (they
    ///   share one namespace);
    /// - volume names of the pod;
    /// - port names within one container;
    /// - `mountPath`s within one container.
    ///
    /// Templated values are skipped.
    ///
    /// ## Why is this bad?
    /// The API server rejects the pod, or the workload whose template holds
    /// it: the deployment fails. Such repeats usually come from copying a
    /// block, or from a patch that adds an entry that already exists.
    ///
    /// ## Example
    /// ```yaml
    /// initContainers:
    ///   - name: app
    ///     image: busybox:1.36
    /// containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// initContainers:
    ///   - name: migrate
    ///     image: busybox:1.36
    /// containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.0
    /// ```
    ///
    /// ## References
    /// - Practice K18 (manifests the API server accepts).
    /// - kube-score container-ports-check (unique port names).
    pub struct DuplicateNameInPod {
        code: "K8S088",
        name: "duplicate-name-in-pod",
        summary: "Container, volume, port name or mount path repeated in a pod",
        severity: Error,
        category: Correctness,
        practices: ["K18"],
        peers: [KubeScore "container-ports-check"],
        fix: None,
        default: true,
    }
}

impl Rule for DuplicateNameInPod {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        let containers: Vec<NodeId> = w.containers.iter().map(|c| c.node).collect();
        for (first, repeat, name) in repeats(yaml, &containers, "name") {
            out.add(
                cx.span(repeat),
                format!("{} has two containers named `{name}`", o.display()),
            )
            .related(cx.span(first), "first used here")
            .help("give every container, init and ephemeral ones included, its own name");
        }
        if let Some(volumes) = w.pod_field(yaml, "volumes") {
            for (first, repeat, name) in repeats(yaml, yaml.items(volumes), "name") {
                out.add(
                    cx.span(repeat),
                    format!("{} has two volumes named `{name}`", o.display()),
                )
                .related(cx.span(first), "first used here")
                .help("rename or merge the volumes");
            }
        }
        for c in &w.containers {
            if let Some(ports) = c.get(yaml, "ports") {
                for (first, repeat, name) in repeats(yaml, yaml.items(ports), "name") {
                    out.add(
                        cx.span(repeat),
                        format!(
                            "{} of {} has two ports named `{name}`",
                            c.display(),
                            o.display()
                        ),
                    )
                    .related(cx.span(first), "first used here")
                    .help("give each port of the container its own name");
                }
            }
            if let Some(mounts) = c.get(yaml, "volumeMounts") {
                for (first, repeat, path) in repeats(yaml, yaml.items(mounts), "mountPath") {
                    out.add(
                        cx.span(repeat),
                        format!(
                            "{} of {} mounts two volumes at `{path}`",
                            c.display(),
                            o.display()
                        ),
                    )
                    .related(cx.span(first), "first mounted here")
                    .help("mount each volume at its own path (use `subPath` to combine files)");
                }
            }
        }
    }
}
