use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an ArgoCD Application (or ApplicationSet template) in the
    /// `default` project, or with no `spec.project` at all (not for an
    /// ApplicationSet whose `templatePatch` or generator templates may set
    /// it).
    ///
    /// ## Why is this bad?
    /// The `default` AppProject allows any source repository, any
    /// destination cluster and namespace, and every cluster-scoped kind. An
    /// Application in it is bounded by nothing: a wrong path or a
    /// compromised repository can deploy anywhere ArgoCD can reach.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   project: default
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   project: payments   # an AppProject limiting repos and destinations
    /// ```
    ///
    /// ## References
    /// - Practice O03 (non-default project).
    /// - No peer.
    /// - [Argo CD: projects](https://argo-cd.readthedocs.io/en/stable/user-guide/projects/)
    pub struct DefaultProject {
        code: "ARGO005",
        name: "application-in-default-project",
        summary: "ArgoCD Application uses the unrestricted `default` project",
        severity: Warning,
        category: Security,
        practices: ["O03"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for DefaultProject {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some((spec, label)) = support::app_spec(yaml, o) else {
            return;
        };
        let project = yaml.get(spec, "project").and_then(|n| yaml.str(n));
        match project {
            Some("default") => {
                let span = cx
                    .entry_span(spec, "project")
                    .unwrap_or_else(|| cx.span(spec));
                out.add(
                    span,
                    format!("{label} is in the `default` project, which allows any repository, cluster and namespace"),
                )
                .help("create an AppProject that lists the allowed repositories and destinations, and use it");
            }
            None if yaml.get(spec, "project").is_none()
                && !support::appset_may_override(yaml, o) =>
            {
                out.add(
                    cx.object_span(o),
                    format!("{label} names no `spec.project`"),
                )
                .help("set `spec.project` to an AppProject that lists the allowed repositories and destinations");
            }
            _ => {}
        }
    }
}
