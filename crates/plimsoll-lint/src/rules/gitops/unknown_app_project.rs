use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an ArgoCD Application (or ApplicationSet template) whose
    /// `spec.project` names an AppProject the run does not define, when
    /// the run defines AppProjects in the same namespace or directory (so
    /// the projects are managed beside the Applications) and either one of
    /// them is in the same file or one has a name at most two edits away (a
    /// likely typo). `default` and templated names are not judged.
    ///
    /// ## Why is this bad?
    /// An Application in a missing project is not reconciled: ArgoCD
    /// reports `InvalidSpecError` ("application references project ...
    /// which does not exist") until the project appears. A typo here
    /// silently stops deployments.
    ///
    /// ## Example
    /// ```yaml
    /// kind: AppProject
    /// metadata:
    ///   name: payments
    /// ---
    /// kind: Application
    /// spec:
    ///   project: payment
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   project: payments
    /// ```
    ///
    /// ## References
    /// - Practice O03 (non-default project).
    /// - No peer.
    pub struct UnknownAppProject {
        code: "ARGO007",
        name: "unknown-app-project",
        summary: "ArgoCD Application names an AppProject the run does not define",
        severity: Warning,
        category: Correctness,
        practices: ["O03"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for UnknownAppProject {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some((spec, label)) = support::app_spec(yaml, o) else {
            return;
        };
        let Some(project) = yaml.get(spec, "project").and_then(|n| yaml.str(n)) else {
            return;
        };
        if project == "default" || project.is_empty() || is_templated(project) {
            return;
        }
        let from = (cx.parsed, o);
        let projects: Vec<ObjRef<'_>> = cx
            .cluster
            .of_kind("AppProject")
            .filter(|r| support::is_argo(r.object, "AppProject"))
            .filter(|r| cx.cluster.related(from, (r.file, r.object)))
            .collect();
        if projects.is_empty()
            || projects
                .iter()
                .any(|r| r.object.name.as_deref() == Some(project))
            || cx.cluster.has_missing_resources(cx.parsed)
        {
            return;
        }
        let candidates: Vec<(&str, bool)> = projects
            .iter()
            .filter_map(|r| {
                let n = r.object.name.as_deref()?;
                Some((n, std::ptr::eq(r.file, cx.parsed)))
            })
            .collect();
        let Some(near) = support::worth_reporting(project, &candidates) else {
            return;
        };
        let span = cx
            .entry_span(spec, "project")
            .unwrap_or_else(|| cx.span(spec));
        out.add(
            span,
            format!("{label} is in project `{project}`, which the run does not define{near}"),
        )
        .help("name one of the AppProjects, or add the missing one");
    }
}
