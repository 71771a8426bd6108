//! ARGO009, ARGO010 and ARGO011: AppProjects that allow everything.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an ArgoCD AppProject whose `sourceRepos` contains `*`.
    ///
    /// ## Why is this bad?
    /// A project exists to bound what its Applications may deploy. With
    /// `*`, any repository ArgoCD can reach is a valid source: whoever can
    /// create an Application in the project can deploy arbitrary manifests
    /// with the project's destinations and permissions.
    ///
    /// ## Example
    /// ```yaml
    /// kind: AppProject
    /// spec:
    ///   sourceRepos: ["*"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   sourceRepos:
    ///     - https://github.com/acme/deploy.git
    /// ```
    ///
    /// ## References
    /// - Practices O03 (non-default, restricted project) and K14 (least privilege).
    /// - No peer.
    /// - [Argo CD: projects](https://argo-cd.readthedocs.io/en/stable/user-guide/projects/)
    pub struct ProjectAnySource {
        code: "ARGO009",
        name: "app-project-any-source-repo",
        summary: "AppProject allows any source repository",
        severity: Warning,
        category: Security,
        practices: ["O03", "K14"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an ArgoCD AppProject destination that allows any cluster
    /// (`server: "*"` or `name: "*"`) and any namespace (`namespace: "*"`)
    /// at once.
    ///
    /// ## Why is this bad?
    /// The project's Applications can then deploy into every namespace of
    /// every cluster ArgoCD manages, `kube-system` included: the project
    /// is no boundary at all.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   destinations:
    ///     - server: "*"
    ///       namespace: "*"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   destinations:
    ///     - server: https://kubernetes.default.svc
    ///       namespace: payments
    /// ```
    ///
    /// ## References
    /// - Practices O03 (restricted project) and K14 (least privilege).
    /// - No peer.
    pub struct ProjectAnyDestination {
        code: "ARGO010",
        name: "app-project-any-destination",
        summary: "AppProject allows any namespace of any cluster",
        severity: Warning,
        category: Security,
        practices: ["O03", "K14"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an ArgoCD AppProject whose `clusterResourceWhitelist` has an
    /// entry with `group: "*"` and `kind: "*"`.
    ///
    /// ## Why is this bad?
    /// The project's Applications may then create any cluster-scoped
    /// object: ClusterRoles and ClusterRoleBindings (cluster-admin for
    /// anyone), admission webhooks, CRDs, Namespaces. That is full control
    /// of the cluster from a Git repository.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   clusterResourceWhitelist:
    ///     - group: "*"
    ///       kind: "*"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   clusterResourceWhitelist:
    ///     - group: ""
    ///       kind: Namespace
    /// ```
    ///
    /// ## References
    /// - Practices O03 (restricted project) and K14 (least privilege).
    /// - No peer.
    pub struct ProjectAnyClusterResource {
        code: "ARGO011",
        name: "app-project-any-cluster-resource",
        summary: "AppProject allows every cluster-scoped resource kind",
        severity: Warning,
        category: Security,
        practices: ["O03", "K14"],
        peers: [],
        fix: None,
        default: true,
    }
}

fn project_spec(cx: &K8sContext<'_>, o: &Object) -> Option<NodeId> {
    support::is_argo(o, "AppProject")
        .then(|| o.spec(cx.yaml))
        .flatten()
}

fn is_star(yaml: &YamlFile, node: NodeId, key: &str) -> bool {
    yaml.get(node, key).and_then(|n| yaml.str(n)) == Some("*")
}

impl Rule for ProjectAnySource {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some(spec) = project_spec(cx, o) else {
            return;
        };
        let Some(repos) = yaml.get(spec, "sourceRepos") else {
            return;
        };
        for &item in yaml.items(repos) {
            if yaml.str(item) == Some("*") {
                out.add(
                    cx.span(item),
                    format!("{} allows any source repository", o.display()),
                )
                .help("list the repositories the project's Applications may deploy from");
            }
        }
    }
}

impl Rule for ProjectAnyDestination {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some(spec) = project_spec(cx, o) else {
            return;
        };
        let Some(dests) = yaml.get(spec, "destinations") else {
            return;
        };
        for &d in yaml.items(dests) {
            let d = yaml.resolve(d);
            if (is_star(yaml, d, "server") || is_star(yaml, d, "name"))
                && is_star(yaml, d, "namespace")
            {
                out.add(
                    cx.span(d),
                    format!("{} allows every namespace of every cluster", o.display()),
                )
                .help("list the clusters and namespaces the project's Applications may deploy to");
            }
        }
    }
}

impl Rule for ProjectAnyClusterResource {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some(spec) = project_spec(cx, o) else {
            return;
        };
        let Some(list) = yaml.get(spec, "clusterResourceWhitelist") else {
            return;
        };
        for &entry in yaml.items(list) {
            let entry = yaml.resolve(entry);
            if is_star(yaml, entry, "group") && is_star(yaml, entry, "kind") {
                out.add(
                    cx.span(entry),
                    format!("{} allows every cluster-scoped kind (RBAC, webhooks, CRDs)", o.display()),
                )
                .help("whitelist only the cluster-scoped kinds the project needs (often none, or Namespace)");
            }
        }
    }
}
