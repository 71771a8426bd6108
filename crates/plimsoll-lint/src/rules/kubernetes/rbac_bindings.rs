//! K8S066, K8S071 and K8S072: what RoleBindings and ClusterRoleBindings
//! grant, to whom, and whether the role they name exists.

use super::prelude::*;
use super::rbac_support::{Subject, is_builtin_cluster_role, role_ref, subjects};

/// Users and groups of the control plane itself (`system:masters`,
/// `system:kube-controller-manager`), which legitimately hold
/// `cluster-admin`. Every ServiceAccount (`system:serviceaccount:*`,
/// `system:serviceaccounts*`) and the catch-all groups are not among them.
fn is_control_plane_identity(s: &Subject) -> bool {
    matches!(s.kind.as_str(), "User" | "Group")
        && s.name.starts_with("system:")
        && !s.name.starts_with("system:serviceaccount")
        && !matches!(
            s.name.as_str(),
            "system:anonymous" | "system:unauthenticated" | "system:authenticated"
        )
}

declare_rule! {
    /// ## What it does
    /// Reports a ClusterRoleBinding or RoleBinding whose `roleRef` is the
    /// ClusterRole `cluster-admin` and whose subjects include anything but
    /// the control plane's own `system:` users and groups (such as
    /// `system:masters`). ServiceAccounts, the groups
    /// `system:serviceaccounts`, `system:authenticated` and
    /// `system:unauthenticated`, and the user `system:anonymous` are
    /// reported. A RoleBinding to `cluster-admin` is reported too: it gives
    /// full control of its namespace, Secrets and RBAC included.
    ///
    /// ## Why is this bad?
    /// `cluster-admin` allows every action on every resource. An application
    /// or CI account holding it turns any compromise of that account into a
    /// compromise of the whole cluster (or namespace): read every Secret,
    /// run privileged pods on any node, rewrite RBAC.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRoleBinding
    /// metadata:
    ///   name: ci
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: cluster-admin
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: deployer
    ///     namespace: ci
    /// ```
    ///
    /// ## Use instead
    /// Bind a ClusterRole (or a Role, per namespace) that lists only the
    /// resources and verbs the subject uses, e.g. the built-in `edit` role in
    /// the namespaces it deploys to.
    ///
    /// ## References
    /// - Practice K14 (no cluster-admin for application accounts).
    /// - kube-linter cluster-admin-role-binding; Polaris
    ///   clusterrolebindingClusterAdmin and rolebindingClusterAdminClusterRole.
    /// - [Kubernetes: RBAC good practices](https://kubernetes.io/docs/concepts/security/rbac-good-practices/)
    pub struct ClusterAdminBinding {
        code: "K8S066",
        name: "cluster-admin-binding",
        summary: "Binding grants `cluster-admin` to an account other than the control plane's",
        severity: Error,
        category: Security,
        practices: ["K14"],
        peers: [KubeLinter "cluster-admin-role-binding", Polaris "clusterrolebindingClusterAdmin", Polaris "rolebindingClusterAdminClusterRole"],
        fix: None,
        default: true,
    }
}

impl Rule for ClusterAdminBinding {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let Some(rr) = role_ref(cx.yaml, o) else {
            return;
        };
        if rr.kind != "ClusterRole" || rr.name != "cluster-admin" {
            return;
        }
        let granted: Vec<Subject> = subjects(cx.yaml, o)
            .into_iter()
            .filter(|s| !is_control_plane_identity(s))
            .collect();
        let Some(first) = granted.first() else {
            return;
        };
        let scope = if o.kind == "ClusterRoleBinding" {
            "the whole cluster".to_string()
        } else {
            match cx.cluster.namespace_of(cx.parsed, o) {
                Namespace::Known(ns) => format!("namespace `{ns}`"),
                Namespace::Unknown => "its namespace".to_string(),
            }
        };
        let who = match granted.len() {
            1 => first.display(),
            n => format!("{} and {} more subjects", first.display(), n - 1),
        };
        let mut finding = out
            .add(
                cx.span(rr.name_node),
                format!(
                    "{} grants `cluster-admin` over {scope} to {who}",
                    o.display()
                ),
            )
            .help("bind a role that lists only the resources and verbs the subject needs");
        for s in granted.iter().take(5) {
            finding = finding.related(
                cx.span(s.name_node),
                format!("{} is bound here", s.display()),
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a binding whose `roleRef` names a role that does not exist:
    ///
    /// - a RoleBinding naming a Role that is not in the run, when the run
    ///   holds other Roles of the same namespace (otherwise the Role may be
    ///   deployed by other means and nothing is reported);
    /// - a RoleBinding or ClusterRoleBinding naming a ClusterRole that is
    ///   neither built in (`cluster-admin`, `admin`, `edit`, `view`,
    ///   `system:*`) nor in the run, when the run holds other ClusterRoles
    ///   in the same directory or kustomization;
    /// - a ClusterRoleBinding naming a Role, which the API server rejects.
    ///
    /// Templated names are not judged.
    ///
    /// ## Why is this bad?
    /// A binding to a missing role grants nothing: the subjects get
    /// "forbidden" errors at run time, usually after a role was renamed on
    /// one side only. If a role of that name is created later, possibly by
    /// someone else, the subjects silently receive its permissions.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Role
    /// metadata: {name: pod-reader, namespace: shop}
    /// ---
    /// kind: RoleBinding
    /// metadata: {name: read-pods, namespace: shop}
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: Role
    ///   name: pods-reader
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: Role
    ///   name: pod-reader
    /// ```
    ///
    /// ## References
    /// - Practices K14 (RBAC least privilege) and K18 (references resolve).
    pub struct BindingToMissingRole {
        code: "K8S071",
        name: "binding-to-missing-role",
        summary: "Binding refers to a Role or ClusterRole that does not exist",
        severity: Error,
        category: Correctness,
        practices: ["K14", "K18"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for BindingToMissingRole {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let Some(rr) = role_ref(cx.yaml, o) else {
            return;
        };
        let from = (cx.parsed, o);
        match rr.kind.as_str() {
            "Role" if o.kind == "ClusterRoleBinding" => {
                let span = rr
                    .kind_node
                    .map_or_else(|| cx.span(rr.name_node), |n| cx.span(n));
                out.add(
                    span,
                    format!(
                        "{} refers to Role `{}`, but a ClusterRoleBinding can only refer to a ClusterRole",
                        o.display(),
                        rr.name
                    ),
                )
                .help("use a RoleBinding for a Role, or bind a ClusterRole");
            }
            "Role"
                if cx.cluster.find("Role", from, &rr.name).is_none()
                    && cx.cluster.has_related("Role", from) =>
            {
                out.add(
                        cx.span(rr.name_node),
                        format!(
                            "{} refers to Role `{}`, which is not in the run (other Roles of its namespace are)",
                            o.display(),
                            rr.name
                        ),
                    )
                    .help("correct `roleRef.name`, or add the Role");
            }
            "ClusterRole"
                if !is_builtin_cluster_role(&rr.name)
                    && cx.cluster.find("ClusterRole", from, &rr.name).is_none()
                    && cx.cluster.has_related("ClusterRole", from) =>
            {
                out.add(
                    cx.span(rr.name_node),
                    format!(
                        "{} refers to ClusterRole `{}`, which is neither built in nor in the run",
                        o.display(),
                        rr.name
                    ),
                )
                .help("correct `roleRef.name`, or add the ClusterRole");
            }
            _ => {}
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a RoleBinding or ClusterRoleBinding with the subject
    /// `kind: ServiceAccount, name: default`.
    ///
    /// ## Why is this bad?
    /// Every pod of a namespace that sets no `serviceAccountName` runs as
    /// its `default` ServiceAccount. Granting that account permissions grants
    /// them to all those pods, including ones added later for unrelated
    /// purposes, and hides which workload really needs the access.
    ///
    /// ## Example
    /// ```yaml
    /// kind: RoleBinding
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: default
    ///     namespace: shop
    /// ```
    ///
    /// ## Use instead
    /// Create a dedicated ServiceAccount, bind the role to it, and set
    /// `serviceAccountName` in the pods that need the access.
    ///
    /// ## References
    /// - Practices K11 (dedicated ServiceAccount per workload) and K14 (RBAC
    ///   least privilege).
    /// - checkov CKV_K8S_42.
    pub struct DefaultServiceAccountBound {
        code: "K8S072",
        name: "default-service-account-bound",
        summary: "Binding grants permissions to the `default` ServiceAccount",
        severity: Warning,
        category: Security,
        practices: ["K11", "K14"],
        peers: [Checkov "CKV_K8S_42"],
        fix: None,
        default: true,
    }
}

impl Rule for DefaultServiceAccountBound {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let role = role_ref(cx.yaml, o).map_or_else(
            || "its role".to_string(),
            |r| format!("{} `{}`", r.kind, r.name),
        );
        for s in subjects(cx.yaml, o) {
            if s.kind != "ServiceAccount" || s.name != "default" {
                continue;
            }
            let namespace =
                s.namespace
                    .clone()
                    .or_else(|| match cx.cluster.namespace_of(cx.parsed, o) {
                        Namespace::Known(ns) => Some(ns.to_string()),
                        Namespace::Unknown => None,
                    });
            let whose = namespace.map_or_else(
                || "the `default` ServiceAccount".to_string(),
                |ns| format!("the `default` ServiceAccount of namespace `{ns}`"),
            );
            out.add(
                cx.span(s.name_node),
                format!(
                    "{} grants {role} to {whose}, which every pod without `serviceAccountName` uses",
                    o.display()
                ),
            )
            .help("bind the role to a dedicated ServiceAccount and set it as the pods' `serviceAccountName`");
        }
    }
}
