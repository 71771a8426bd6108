use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports workloads (Deployments, StatefulSets, DaemonSets, Jobs,
    /// CronJobs, Pods...), their pod templates, and Services that lack a
    /// label the configuration requires; by default
    /// `app.kubernetes.io/name`. One finding per object and per pod
    /// template lists every missing label. Labels that a kustomization
    /// including the file adds (`commonLabels`, or `labels` with
    /// `includeTemplates` for pod templates) count as present. Objects
    /// whose labels are templated, and files that look like kustomize
    /// patches (partial objects), are not judged.
    ///
    /// ## Why is this bad?
    /// The recommended `app.kubernetes.io/*` labels are what dashboards,
    /// cost reports, `kubectl` queries and policies group objects by. When
    /// a pod template lacks them, its pods, their metrics and their logs
    /// cannot be traced back to the application.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   labels: {app: web}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   labels:
    ///     app.kubernetes.io/name: web
    /// ```
    ///
    /// ## Options
    /// `[kubernetes] required-labels`: the label keys to require (default
    /// `["app.kubernetes.io/name"]`). An empty list disables the rule.
    ///
    /// ## References
    /// - Practice K17 (recommended labels).
    pub struct MissingRecommendedLabels {
        code: "K8S077",
        name: "missing-recommended-labels",
        summary: "Workload, pod template or Service lacks a required label",
        severity: Info,
        category: BestPractice,
        practices: ["K17"],
        peers: [],
        fix: None,
        default: true,
    }
}

fn missing<'r>(
    cx: &K8sContext<'_>,
    required: &'r [String],
    labels: &crate::k8s::Labels,
    template: bool,
) -> Vec<&'r str> {
    required
        .iter()
        .filter(|k| {
            !labels.contains_key(k.as_str())
                && !cx.cluster.kustomize_adds_label(cx.parsed, k, template)
        })
        .map(String::as_str)
        .collect()
}

fn listed(keys: &[&str]) -> String {
    let names: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    if names.len() == 1 {
        format!("label {}", names[0])
    } else {
        format!("labels {}", names.join(", "))
    }
}

/// Whether a `labels` field exists but is not a mapping (a template).
fn unreadable(yaml: &YamlFile, metadata: Option<NodeId>) -> bool {
    metadata
        .and_then(|m| yaml.get(m, "labels"))
        .is_some_and(|l| !yaml.is_mapping(l) && !yaml.is_null(l))
}

impl Rule for MissingRecommendedLabels {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let required = &cx.settings.kubernetes.required_labels;
        if required.is_empty()
            || !(o.workload.is_some() || o.is("", "Service"))
            || cx.cluster.is_patch(cx.parsed)
        {
            return;
        }
        let yaml = cx.yaml;
        if !unreadable(yaml, o.metadata) {
            let keys = missing(cx, required, &o.labels, false);
            if !keys.is_empty() {
                let span = o
                    .metadata
                    .and_then(|m| cx.entry_span(m, "labels"))
                    .unwrap_or_else(|| cx.object_span(o));
                out.add(span, format!("{} has no {}", o.display(), listed(&keys)))
                    .help(
                        "add the recommended `app.kubernetes.io/*` labels to the object's metadata",
                    );
            }
        }
        let Some(w) = &o.workload else { return };
        let Some(template) = w.template else { return };
        if unreadable(yaml, w.template_metadata) {
            return;
        }
        let keys = missing(cx, required, &w.pod_labels, true);
        if keys.is_empty() {
            return;
        }
        let span = w
            .template_metadata
            .and_then(|m| cx.entry_span(m, "labels"))
            .or_else(|| cx.entry_span(template, "metadata"))
            .unwrap_or_else(|| cx.pod_spec_span(o, w));
        out.add(
            span,
            format!(
                "the pod template of {} has no {}",
                o.display(),
                listed(&keys)
            ),
        )
        .help("add the labels to `template.metadata.labels` so the pods carry them too");
    }
}
