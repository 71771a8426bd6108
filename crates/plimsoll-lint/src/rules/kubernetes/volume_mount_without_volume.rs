use super::prelude::*;
use super::workload_support::is_partial;

declare_rule! {
    /// ## What it does
    /// Reports a container's `volumeMounts[].name` or `volumeDevices[].name`
    /// that is not the name of one of the pod's `volumes` (or, in a
    /// StatefulSet, of its `volumeClaimTemplates`). All containers
    /// are checked (init and ephemeral ones too). Pods whose `volumes` are
    /// templated, patches (files a kustomization lists as patches, and
    /// `apps` controllers without the `selector` every whole object has)
    /// and pod templates of custom resources (whose operators often add
    /// volumes) are skipped.
    ///
    /// ## Why is this bad?
    /// The API server rejects the pod, or the workload whose template holds
    /// it. The cause is usually a volume renamed on one side only, or a
    /// mount copied from another manifest without its volume.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: web
    ///     volumeMounts:
    ///       - name: config
    ///         mountPath: /etc/web
    /// volumes:
    ///   - name: web-config
    ///     configMap:
    ///       name: web
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     volumeMounts:
    ///       - name: web-config
    ///         mountPath: /etc/web
    /// ```
    ///
    /// ## References
    /// - Practice K18 (references resolve).
    pub struct VolumeMountWithoutVolume {
        code: "K8S089",
        name: "volume-mount-without-volume",
        summary: "Container mounts a volume the pod does not define",
        severity: Error,
        category: Correctness,
        practices: ["K18"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for VolumeMountWithoutVolume {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        if w.kind == WorkloadKind::Custom || is_partial(cx, o, w) {
            return;
        }
        let mut volumes = Vec::new();
        if let Some(list) = w.pod_field(yaml, "volumes") {
            if !yaml.is_sequence(list) && !yaml.is_null(list) {
                return;
            }
            for &v in yaml.items(list) {
                match yaml.get(v, "name").and_then(|n| yaml.str(n)) {
                    Some(name) if !helpers::is_templated(name) => volumes.push(name),
                    _ => return,
                }
            }
        }
        // A StatefulSet's claim templates become volumes of its pods.
        if w.kind == WorkloadKind::StatefulSet
            && let Some(claims) = w
                .controller_spec
                .and_then(|s| yaml.get(s, "volumeClaimTemplates"))
        {
            for &claim in yaml.items(claims) {
                match yaml
                    .path(claim, &["metadata", "name"])
                    .and_then(|n| yaml.str(n))
                {
                    Some(name) if !helpers::is_templated(name) => volumes.push(name),
                    _ => return,
                }
            }
        }
        for c in &w.containers {
            for field in ["volumeMounts", "volumeDevices"] {
                let Some(list) = c.get(yaml, field) else {
                    continue;
                };
                for &m in yaml.items(list) {
                    let Some(node) = yaml.get(m, "name") else {
                        continue;
                    };
                    let Some(name) = yaml
                        .str(node)
                        .filter(|n| !n.is_empty() && !helpers::is_templated(n))
                    else {
                        continue;
                    };
                    if volumes.contains(&name) {
                        continue;
                    }
                    let known = if volumes.is_empty() {
                        "the pod defines no volumes".to_string()
                    } else {
                        format!(
                            "the pod's volumes are {}",
                            volumes
                                .iter()
                                .map(|v| format!("`{v}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    out.add(
                        cx.span(node),
                        format!(
                            "{} of {} uses volume `{name}` in `{field}`, but {known}",
                            c.display(),
                            o.display()
                        ),
                    )
                    .help("add the volume to the pod's `volumes`, or correct the name");
                }
            }
        }
    }
}
