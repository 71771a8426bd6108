use super::prelude::*;
use super::rbac_support::{Target, role_rules};

const SECRETS: [Target<'static>; 1] = [Target {
    group: "",
    resource: "secrets",
}];

declare_rule! {
    /// ## What it does
    /// Reports a rule of a Role or ClusterRole that grants `get`, `list`,
    /// `watch` or `*` on `secrets` in the core API group (`""` or `*`)
    /// without restricting them with `resourceNames`. Rules granting every
    /// resource (`*`) are left to K8S065.
    ///
    /// ## Why is this bad?
    /// Reading every Secret of a namespace (or, through a ClusterRole, of the
    /// cluster) yields every password, API key and ServiceAccount token
    /// stored there, which are usually worth more than the permissions of
    /// the account that read them. `list` and `watch` return the Secrets'
    /// contents too, not just their names.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["secrets"]
    ///     verbs: ["get", "list", "watch"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["secrets"]
    ///     resourceNames: ["web-tls"]
    ///     verbs: ["get"]
    /// ```
    /// Or mount the Secret into the pod instead of reading it through the API.
    ///
    /// ## References
    /// - Practice K14 (RBAC least privilege).
    /// - kube-linter access-to-secrets (which also counts `create` and
    ///   `delete`); checkov CKV2_K8S_5 (which also requires a ServiceAccount
    ///   or Node subject bound to the role).
    pub struct RbacReadsSecrets {
        code: "K8S068",
        name: "rbac-reads-secrets",
        summary: "Role can read every Secret it reaches",
        severity: Warning,
        category: Security,
        practices: ["K14"],
        peers: [KubeLinter "access-to-secrets", Checkov "CKV2_K8S_5"],
        fix: None,
        default: true,
    }
}

impl Rule for RbacReadsSecrets {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        for rule in role_rules(cx.yaml, o) {
            if !rule.resource_names.is_empty() {
                continue;
            }
            let Some((resource, verb)) = rule.grant(&SECRETS, &["get", "list", "watch"]) else {
                continue;
            };
            let scope = if o.kind == "ClusterRole" {
                "every Secret of the namespaces where it is bound (of all of them through a ClusterRoleBinding)"
            } else {
                "every Secret of its namespace"
            };
            out.add(
                cx.span(resource.node),
                format!(
                    "{} grants `{}` on `secrets` without `resourceNames`: its subjects can read {scope}",
                    rule.display(o),
                    verb.text
                ),
            )
            .help("name the Secrets the subject needs in `resourceNames`, or mount them instead");
        }
    }
}
