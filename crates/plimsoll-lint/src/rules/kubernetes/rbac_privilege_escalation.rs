use super::prelude::*;
use super::rbac_support::{Item, PolicyRule, RBAC_GROUP, Target, list, role_rules};

const fn t(group: &'static str, resource: &'static str) -> Target<'static> {
    Target { group, resource }
}

/// A way a rule lets its subjects gain permissions they do not hold.
struct Grant {
    targets: &'static [Target<'static>],
    verbs: &'static [&'static str],
    why: &'static str,
}

const ROLES: [Target<'static>; 2] = [t(RBAC_GROUP, "roles"), t(RBAC_GROUP, "clusterroles")];
const BINDINGS: [Target<'static>; 2] = [
    t(RBAC_GROUP, "rolebindings"),
    t(RBAC_GROUP, "clusterrolebindings"),
];
const IDENTITIES: [Target<'static>; 6] = [
    t("", "users"),
    t("", "groups"),
    t("", "serviceaccounts"),
    t("authentication.k8s.io", "uids"),
    t("authentication.k8s.io", "userextras/scopes"),
    t("authentication.k8s.io", "userextras/*"),
];
const WEBHOOKS: [Target<'static>; 2] = [
    t(
        "admissionregistration.k8s.io",
        "mutatingwebhookconfigurations",
    ),
    t(
        "admissionregistration.k8s.io",
        "validatingwebhookconfigurations",
    ),
];
const TOKENS: [Target<'static>; 1] = [t("", "serviceaccounts/token")];
const NODE_PROXY: [Target<'static>; 1] = [t("", "nodes/proxy")];
const CSR_APPROVAL: [Target<'static>; 1] = [t(
    "certificates.k8s.io",
    "certificatesigningrequests/approval",
)];
const SIGNERS: [Target<'static>; 1] = [t("certificates.k8s.io", "signers")];

const GRANTS: [Grant; 6] = [
    Grant {
        targets: &ROLES,
        verbs: &["escalate", "bind"],
        why: "its subjects can write or bind roles with permissions they do not hold",
    },
    Grant {
        targets: &BINDINGS,
        verbs: &["bind"],
        why: "it states the intent to hand out roles beyond its own permissions",
    },
    Grant {
        targets: &IDENTITIES,
        verbs: &["impersonate"],
        why: "its subjects can act as other users, groups or ServiceAccounts",
    },
    Grant {
        targets: &WEBHOOKS,
        verbs: &["create", "update", "patch"],
        why: "admission webhooks see and may rewrite every object sent to the API server",
    },
    Grant {
        targets: &TOKENS,
        verbs: &["create"],
        why: "its subjects can mint tokens for the ServiceAccounts it reaches",
    },
    Grant {
        targets: &NODE_PROXY,
        verbs: &[
            "get", "list", "watch", "create", "update", "patch", "delete", "proxy",
        ],
        why: "the kubelet API behind `nodes/proxy` runs commands in any pod of the node",
    },
];

/// Whether a rule may approve certificates for a `kubernetes.io/` signer
/// (client certificates for any user, kubelet serving certificates):
/// `approve` on `signers` with no `resourceNames`, or naming such a signer.
fn approves_builtin_signers(rule: &PolicyRule) -> Option<&Item> {
    let (signers, _) = rule.grant(&SIGNERS, &["approve"])?;
    let builtin = rule.resource_names.is_empty()
        || rule
            .resource_names
            .iter()
            .any(|n| n.text == "*" || n.text.starts_with("kubernetes.io/"));
    builtin.then_some(signers)
}

declare_rule! {
    /// ## What it does
    /// Reports rules of Roles and ClusterRoles that let their subjects gain
    /// permissions they do not hold:
    ///
    /// - `escalate` or `bind` on `roles` or `clusterroles`, and `bind` on
    ///   `rolebindings` or `clusterrolebindings` (checkov's reading: RBAC
    ///   checks `bind` against the referenced role, so this grant states an
    ///   intent rather than a power, but it is almost always a mistake);
    /// - `impersonate` on `users`, `groups`, `serviceaccounts`, `uids` or
    ///   `userextras/*`;
    /// - `create`, `update` or `patch` on mutating or validating webhook
    ///   configurations;
    /// - approving CertificateSigningRequests: `update` or `patch` on
    ///   `certificatesigningrequests/approval` together with `approve` on
    ///   `signers` (anywhere in the same role) for the built-in
    ///   `kubernetes.io/` signers (no `resourceNames`, or one of them);
    /// - `create` on `serviceaccounts/token`;
    /// - any verb on `nodes/proxy`.
    ///
    /// Each item counts whether it is named or matched by `*` in verbs or
    /// API groups, or by `*/subresource`. Rules granting every resource
    /// (`*`) are left to K8S065.
    ///
    /// ## Why is this bad?
    /// RBAC is only as strong as its weakest grant: each of these turns a
    /// limited account into one with more rights, up to cluster-admin. With
    /// `escalate` or `bind` a subject writes or binds any role; with
    /// `impersonate` it acts as anyone; with webhook configurations it
    /// intercepts every object, Secrets included; with CSR approval it
    /// issues itself a client certificate for `system:masters`; with
    /// `serviceaccounts/token` it borrows any ServiceAccount; through
    /// `nodes/proxy` it reaches the kubelet API, which executes commands in
    /// pods (even with `get`, over a WebSocket).
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["rbac.authorization.k8s.io"]
    ///     resources: ["clusterroles"]
    ///     verbs: ["get", "list", "escalate", "bind"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["rbac.authorization.k8s.io"]
    ///     resources: ["clusterroles"]
    ///     verbs: ["get", "list"]
    /// ```
    ///
    /// ## References
    /// - Practice K14 (RBAC least privilege).
    /// - checkov CKV_K8S_155 (webhook configurations), CKV_K8S_156 (CSR
    ///   approval), CKV_K8S_157 (`bind` on bindings), CKV_K8S_158
    ///   (`escalate` on roles), CKV2_K8S_1 (`bind` on bindings, for roles
    ///   bound to ServiceAccounts) and CKV2_K8S_3 (`impersonate`).
    /// - [Kubernetes: RBAC good practices, privilege escalation risks](https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks)
    pub struct RbacPrivilegeEscalation {
        code: "K8S069",
        name: "rbac-privilege-escalation",
        summary: "Role grants a permission that leads to more permissions",
        severity: Error,
        category: Security,
        practices: ["K14"],
        peers: [Checkov "CKV_K8S_155", Checkov "CKV_K8S_156", Checkov "CKV_K8S_157", Checkov "CKV_K8S_158", Checkov "CKV2_K8S_1", Checkov "CKV2_K8S_3"],
        fix: None,
        default: true,
    }
}

impl Rule for RbacPrivilegeEscalation {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let rules = role_rules(cx.yaml, o);
        // CSR approval needs both grants, possibly in different rules.
        let signers = rules.iter().find_map(approves_builtin_signers);
        for rule in &rules {
            for g in &GRANTS {
                let items = rule.grants_all(g.targets, g.verbs);
                let Some(first) = items.first() else {
                    continue;
                };
                out.add(
                    cx.span(first.node),
                    format!(
                        "{} grants {} on {}: {}",
                        rule.display(o),
                        verbs(rule, g.verbs),
                        list(&items),
                        g.why
                    ),
                )
                .help(
                    "remove the permission; grant only the roles, objects or subresources needed",
                );
            }
            if let Some(signers) = signers
                && let Some((approval, _)) = rule.grant(&CSR_APPROVAL, &["update", "patch"])
            {
                out.add(
                    cx.span(approval.node),
                    format!(
                        "{} grants {} on `{}` and the role may `approve` for built-in signers: its subjects can issue client certificates for any user, `system:masters` included",
                        rule.display(o),
                        verbs(rule, &["update", "patch"]),
                        approval.text,
                    ),
                )
                .related(cx.span(signers.node), "`approve` on `signers` is granted here")
                .help("leave certificate approval to the control plane or a dedicated approver");
            }
        }
    }
}

/// The verbs of a rule among `wanted` (`*` included), for messages.
fn verbs(rule: &PolicyRule, wanted: &[&str]) -> String {
    rule.verbs
        .iter()
        .filter(|v| v.text == "*" || wanted.contains(&v.text.as_str()))
        .map(|v| format!("`{}`", v.text))
        .collect::<Vec<_>>()
        .join(", ")
}
