use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an ArgoCD Application (or ApplicationSet template) whose
    /// `destination` sets both `server` and `name`.
    ///
    /// ## Why is this bad?
    /// `server` (the API URL) and `name` (the cluster's registered name)
    /// are two ways to say the same thing, and ArgoCD refuses an
    /// Application that sets both: it is reported as invalid and never
    /// syncs.
    ///
    /// ## Example
    /// ```yaml
    /// destination:
    ///   server: https://kubernetes.default.svc
    ///   name: in-cluster
    ///   namespace: shop
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// destination:
    ///   name: in-cluster
    ///   namespace: shop
    /// ```
    ///
    /// ## References
    /// - Practice O03 (a valid ArgoCD Application).
    /// - No peer.
    /// - [Argo CD: Application specification](https://argo-cd.readthedocs.io/en/stable/user-guide/application-specification/)
    pub struct DestinationServerAndName {
        code: "ARGO006",
        name: "destination-server-and-name",
        summary: "ArgoCD destination sets both `server` and `name`",
        severity: Error,
        category: Correctness,
        practices: ["O03"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for DestinationServerAndName {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some((spec, label)) = support::app_spec(yaml, o) else {
            return;
        };
        let Some(dest) = yaml.get(spec, "destination") else {
            return;
        };
        let set = |k: &str| {
            yaml.get(dest, k)
                .and_then(|n| yaml.str(n))
                .is_some_and(|s| !s.is_empty())
        };
        if set("server") && set("name") {
            let span = cx.entry_span(dest, "name").unwrap_or_else(|| cx.span(dest));
            out.add(
                span,
                format!("{label} sets both `destination.server` and `destination.name`: ArgoCD rejects the Application"),
            )
            .help("keep one of `server` and `name`");
        }
    }
}
