use super::availability_support::span_in;
use super::hpa_support::{is_hpa, scale_target};
use super::prelude::*;
use super::requests_support::has_request;

/// A metric that scales on resource utilisation, a percentage of requests.
struct UtilisationMetric {
    resource: String,
    /// For `ContainerResource` metrics: the one container it measures.
    container: Option<String>,
    /// Where the finding goes (`None`: the HPA's name, for the default metric).
    span: Option<Span>,
}

/// The utilisation metrics of an HPA: `targetCPUUtilizationPercentage`
/// (autoscaling/v1), `Resource` and `ContainerResource` metrics with a
/// `Utilization` target (v2, v2beta2) or a `targetAverageUtilization`
/// (v2beta1), and the default of 80% CPU when no metric is set.
fn utilisation_metrics(cx: &K8sContext<'_>, o: &Object, spec: NodeId) -> Vec<UtilisationMetric> {
    let yaml = cx.yaml;
    let cpu_default = || UtilisationMetric {
        resource: "cpu".into(),
        container: None,
        span: None,
    };
    if o.version() == "v1" {
        return vec![
            match cx.entry_span(spec, "targetCPUUtilizationPercentage") {
                Some(span) => UtilisationMetric {
                    resource: "cpu".into(),
                    container: None,
                    span: Some(span),
                },
                None => cpu_default(),
            },
        ];
    }
    let metrics = yaml.get(spec, "metrics").filter(|n| !yaml.is_null(*n));
    let Some(metrics) = metrics else {
        return vec![cpu_default()];
    };
    if !yaml.is_sequence(metrics) {
        return Vec::new();
    }
    if yaml.items(metrics).is_empty() {
        return vec![cpu_default()];
    }
    let mut out = Vec::new();
    for &m in yaml.items(metrics) {
        let source_key = match yaml.get(m, "type").and_then(|t| yaml.str(t)) {
            Some("Resource") => "resource",
            Some("ContainerResource") => "containerResource",
            _ => continue,
        };
        let Some(source) = yaml.get(m, source_key).filter(|n| yaml.is_mapping(*n)) else {
            continue;
        };
        let utilisation = yaml.get(source, "targetAverageUtilization").is_some()
            || yaml
                .path(source, &["target", "type"])
                .and_then(|t| yaml.str(t))
                == Some("Utilization");
        let Some(resource) = yaml
            .get(source, "name")
            .and_then(|n| yaml.str(n))
            .filter(|s| !helpers::is_templated(s))
        else {
            continue;
        };
        if !utilisation {
            continue;
        }
        let container = if source_key == "containerResource" {
            match yaml
                .get(source, "container")
                .and_then(|n| yaml.str(n))
                .filter(|s| !helpers::is_templated(s))
            {
                Some(c) => Some(c.to_string()),
                None => continue,
            }
        } else {
            None
        };
        out.push(UtilisationMetric {
            resource: resource.to_string(),
            container,
            span: cx.entry_span(source, "name"),
        });
    }
    out
}

fn resource_label(name: &str) -> String {
    match name {
        "cpu" => "CPU".into(),
        other => other.to_string(),
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a HorizontalPodAutoscaler that scales on CPU or memory
    /// utilisation while its target workload, found in the run, has
    /// containers without a request for that resource. Utilisation metrics
    /// are `Resource` metrics with a `Utilization` target (or
    /// `targetAverageUtilization` in `autoscaling/v2beta1`),
    /// `targetCPUUtilizationPercentage` in `autoscaling/v1`, and the
    /// default of 80% CPU when no metric is set. A `ContainerResource`
    /// metric checks only the container it names. The main and sidecar
    /// containers are checked; a request counts when written, when
    /// defaulted from the container's limit, or when a LimitRange related
    /// to the workload in the run sets a default. Templated values count as
    /// set.
    ///
    /// Partial objects (kustomize patches, including files named like one
    /// when their kustomization is not in the run, and `apps/v1`
    /// controllers with neither a selector nor an image) are skipped.
    ///
    /// ## Why is this bad?
    /// Utilisation is usage divided by the request. When a container has no
    /// request, the HPA cannot compute it: it reports
    /// `FailedGetResourceMetric` ("missing request for cpu") and does not
    /// scale at all, so the workload stays at its current size under load.
    ///
    /// ## Example
    /// ```yaml
    /// kind: HorizontalPodAutoscaler
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
    ///   metrics:
    ///     - type: Resource
    ///       resource:
    ///         name: cpu
    ///         target: {type: Utilization, averageUtilization: 70}
    /// ---
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - name: api
    ///           image: registry.example.com/api:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///       containers:
    ///         - name: api
    ///           image: registry.example.com/api:1.4.2
    ///           resources:
    ///             requests: {cpu: 250m}
    /// ```
    ///
    /// ## References
    /// - Practices K10 (autoscaling) and K01 (requests on every container).
    pub struct HpaTargetWithoutRequests {
        code: "K8S050",
        name: "hpa-target-without-requests",
        summary: "HPA scales on utilisation of a resource its target does not request",
        severity: Error,
        category: Correctness,
        practices: ["K10", "K01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for HpaTargetWithoutRequests {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if !is_hpa(o) {
            return;
        }
        let Some(spec) = o.spec(cx.yaml) else {
            return;
        };
        let Some(target) = scale_target(cx.yaml, o) else {
            return;
        };
        let Some(r) = cx.cluster.find(target.kind, (cx.parsed, o), target.name) else {
            return;
        };
        let (Some(w), Some(target_yaml)) = (&r.object.workload, r.file.yaml().map(|m| &m.yaml))
        else {
            return;
        };
        if super::availability_support::is_partial(cx.cluster, r.file, r.object) {
            return;
        }
        for metric in utilisation_metrics(cx, o, spec) {
            let missing: Vec<&Container> = w
                .long_running_containers()
                .filter(|c| {
                    metric
                        .container
                        .as_deref()
                        .is_none_or(|name| c.name.as_deref() == Some(name))
                })
                .filter(|c| {
                    !has_request(
                        cx.cluster,
                        (r.file, r.object),
                        target_yaml,
                        c,
                        &metric.resource,
                    )
                })
                .collect();
            if missing.is_empty() {
                continue;
            }
            let label = resource_label(&metric.resource);
            let names: Vec<String> = missing.iter().map(|c| c.display()).collect();
            let containers = match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{} and {last}", rest.join(", "))
                }
                _ => names.join(""),
            };
            let default = if metric.span.is_none() {
                " (the default when no metric is set)"
            } else {
                ""
            };
            let mut finding = out.add(
                metric.span.unwrap_or_else(|| cx.object_span(o)),
                format!(
                    "{} scales {} on {label} utilisation{default}, but its {containers} {} no {label} request, so the HPA cannot compute utilisation",
                    o.display(),
                    r.object.display(),
                    if missing.len() == 1 { "has" } else { "have" }
                ),
            );
            for c in &missing {
                let node = target_yaml.get(c.node, "name").unwrap_or(c.node);
                finding = finding.related_in(
                    &r.file.source,
                    span_in(&r, node),
                    format!("{} has no {label} request", c.display()),
                );
            }
            finding.help(format!(
                "set `resources.requests.{}` on every container of the target",
                metric.resource
            ));
        }
    }
}
