use super::prelude::*;
use super::rbac_support::{Target, list, role_rules};

const fn t(group: &'static str, resource: &'static str) -> Target<'static> {
    Target { group, resource }
}

const WORKLOADS: [Target<'static>; 11] = [
    t("", "pods"),
    t("apps", "deployments"),
    t("extensions", "deployments"),
    t("apps", "replicasets"),
    t("extensions", "replicasets"),
    t("", "replicationcontrollers"),
    t("apps", "statefulsets"),
    t("apps", "daemonsets"),
    t("extensions", "daemonsets"),
    t("batch", "jobs"),
    t("batch", "cronjobs"),
];

declare_rule! {
    /// ## What it does
    /// Reports a rule of a Role or ClusterRole that grants `create` (or `*`)
    /// on pods or on the controllers that create them: Deployments,
    /// ReplicaSets, ReplicationControllers, StatefulSets, DaemonSets, Jobs
    /// and CronJobs (in their API groups, or `*`). Rules granting every
    /// resource (`*`) are left to K8S065. This rule is off by default:
    /// deployment tools and operators need exactly this permission; turn it
    /// on to review which accounts hold it.
    ///
    /// ## Why is this bad?
    /// Whoever can create a pod in a namespace can run it as any
    /// ServiceAccount of that namespace and mount any of its Secrets,
    /// ConfigMaps and volumes, so the permission is worth as much as the
    /// most privileged account and Secret of the namespace. Where Pod
    /// Security admission does not forbid it, it also yields privileged
    /// containers and host access.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["batch"]
    ///     resources: ["jobs"]
    ///     verbs: ["create", "delete"]
    /// ```
    ///
    /// ## Use instead
    /// Keep workload creation with the deployment pipeline's account, in
    /// namespaces whose other ServiceAccounts hold little, and enforce Pod
    /// Security admission there.
    ///
    /// ## References
    /// - Practice K14 (RBAC least privilege).
    /// - kube-linter access-to-create-pods (which reports the bindings of
    ///   such roles rather than the roles).
    pub struct RbacCanCreateWorkloads {
        code: "K8S070",
        name: "rbac-can-create-workloads",
        summary: "Role can create pods or workload controllers",
        severity: Info,
        category: Security,
        practices: ["K14"],
        peers: [KubeLinter "access-to-create-pods"],
        fix: None,
        default: false,
    }
}

impl Rule for RbacCanCreateWorkloads {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        for rule in role_rules(cx.yaml, o) {
            let granted = rule.grants_all(&WORKLOADS, &["create"]);
            let (Some(first), Some(verb)) = (granted.first(), rule.verb(&["create"])) else {
                continue;
            };
            out.add(
                cx.span(first.node),
                format!(
                    "{} grants `{}` on {}: its subjects can run pods as any ServiceAccount of the namespace",
                    rule.display(o),
                    verb.text,
                    list(&granted)
                ),
            )
            .help("make sure only deployment accounts hold this, in namespaces with little else to steal");
        }
    }
}
