use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an Argo Rollout that refers to an AnalysisTemplate (or, with
    /// `clusterScope: true`, a ClusterAnalysisTemplate) the run does not
    /// define, when the run defines templates of that kind in the same
    /// namespace or directory (cluster templates: anywhere). Templated
    /// names are not judged.
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
            if candidates.is_empty()
                || candidates
                    .iter()
                    .any(|r| r.object.name.as_deref() == Some(name))
            {
                continue;
            }
            out.add(
                cx.span(node),
                format!(
                    "{} refers to {kind} `{name}`, which the run does not define",
                    o.display()
                ),
            )
            .help(format!("name one of the run's {kind}s, or add `{name}`"));
        }
    }
}
