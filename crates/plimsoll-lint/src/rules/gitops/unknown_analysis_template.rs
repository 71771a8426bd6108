use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an Argo Rollout that refers to an AnalysisTemplate (or, with
    /// `clusterScope: true`, a ClusterAnalysisTemplate) the run does not
    /// define, when the run defines templates of that kind in the same
    /// namespace or directory (cluster templates: anywhere) and either one
    /// of them is in the same file or one has a name at most two edits away
    /// (a likely typo). A template that exists with the other scope
    /// (`clusterScope` missing or wrong) is reported wherever it is.
    /// Templated names are not judged.
    ///
    /// ## Why is this bad?
    /// The AnalysisRun cannot be created: the rollout stops with an error
    /// at the step (or promotion) the analysis gates, and the release is
    /// stuck until the template exists.
    ///
    /// ## Example
    /// ```yaml
    /// kind: AnalysisTemplate
    /// metadata:
    ///   name: error-rate
    /// ---
    /// kind: Rollout
    /// spec:
    ///   strategy:
    ///     canary:
    ///       analysis:
    ///         templates:
    ///           - templateName: error-rates
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///         templates:
    ///           - templateName: error-rate
    /// ```
    ///
    /// ## References
    /// - Practice O04 (canary steps with analysis).
    /// - No peer.
    pub struct UnknownAnalysisTemplate {
        code: "ARGO018",
        name: "unknown-analysis-template",
        summary: "Argo Rollout refers to an AnalysisTemplate the run does not define",
        severity: Warning,
        category: Correctness,
        practices: ["O04"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for UnknownAnalysisTemplate {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        if !support::is_argo(o, "Rollout") || cx.cluster.has_missing_resources(cx.parsed) {
            return;
        }
        let from = (cx.parsed, o);
        for (node, cluster_scope) in support::analysis_template_refs(yaml, o) {
            let Some(name) = yaml.str(node) else { continue };
            if name.is_empty() || is_templated(name) {
                continue;
            }
            let kind = if cluster_scope {
                "ClusterAnalysisTemplate"
            } else {
                "AnalysisTemplate"
            };
            let candidates: Vec<ObjRef<'_>> = cx
                .cluster
                .of_kind(kind)
                .filter(|r| support::is_argo(r.object, kind))
                .filter(|r| cluster_scope || cx.cluster.related(from, (r.file, r.object)))
                .collect();
            if candidates
                .iter()
                .any(|r| r.object.name.as_deref() == Some(name))
            {
                continue;
            }
            // `clusterScope` set the wrong way round.
            let other_kind = if cluster_scope {
                "AnalysisTemplate"
            } else {
                "ClusterAnalysisTemplate"
            };
            let other = cx.cluster.of_kind(other_kind).any(|r| {
                support::is_argo(r.object, other_kind)
                    && r.object.name.as_deref() == Some(name)
                    && (!cluster_scope || cx.cluster.related(from, (r.file, r.object)))
            });
            if other {
                out.add(
                    cx.span(node),
                    format!(
                        "{} refers to {kind} `{name}`, but the run defines `{name}` with kind {other_kind}",
                        o.display()
                    ),
                )
                .help(if cluster_scope {
                    "remove `clusterScope: true`: the template is namespaced"
                } else {
                    "add `clusterScope: true` to refer to a ClusterAnalysisTemplate"
                });
                continue;
            }
            let named: Vec<(&str, bool)> = candidates
                .iter()
                .filter_map(|r| Some((r.object.name.as_deref()?, std::ptr::eq(r.file, cx.parsed))))
                .collect();
            let Some(near) = support::worth_reporting(name, &named) else {
                continue;
            };
            out.add(
                cx.span(node),
                format!(
                    "{} refers to {kind} `{name}`, which the run does not define{}",
                    o.display(),
                    near
                ),
            )
            .help(format!("name one of the run's {kind}s, or add `{name}`"));
        }
    }
}
