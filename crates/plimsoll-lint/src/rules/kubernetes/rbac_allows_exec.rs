use super::prelude::*;
use super::rbac_support::{Target, list, role_rules};

const EXEC: [Target<'static>; 3] = [
    Target {
        group: "",
        resource: "pods/exec",
    },
    Target {
        group: "",
        resource: "pods/attach",
    },
    Target {
        group: "",
        resource: "pods/portforward",
    },
];

declare_rule! {
    /// ## What it does
    /// Reports a rule of a Role or ClusterRole that grants `create`, `get`
    /// or `*` on `pods/exec`, `pods/attach` or `pods/portforward` (or on
    /// `*/exec`, `*/attach`, `*/portforward`) in the core API group (`""`
    /// or `*`). `get` counts because the WebSocket form of `kubectl exec`
    /// is authorized as `get`. Rules granting every resource (`*`) are left
    /// to K8S065; `pods/*` is not reported either, since the RBAC authorizer
    /// expands only `*` and `*/subresource` and `pods/*` grants nothing.
    ///
    /// ## Why is this bad?
    /// Exec and attach run commands inside any container the role reaches,
    /// with that container's ServiceAccount token, mounted Secrets and
    /// network position; port-forward reaches ports no Service exposes. An
    /// account holding these permissions is as powerful as every workload
    /// of the namespace (or the cluster) combined.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["pods", "pods/exec"]
    ///     verbs: ["get", "create"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["pods"]
    ///     verbs: ["get"]
    /// ```
    /// Grant exec only to people, through a separate, audited role.
    ///
    /// ## References
    /// - Practice K14 (no exec/attach grants).
    /// - Polaris clusterrolePodExecAttach and rolePodExecAttach; checkov
    ///   CKV2_K8S_2 (which also requires a ServiceAccount or Node subject
    ///   bound to the role, and looks at `create` only).
    pub struct RbacAllowsExec {
        code: "K8S067",
        name: "rbac-allows-exec",
        summary: "Role allows exec, attach or port-forward into pods",
        severity: Warning,
        category: Security,
        practices: ["K14"],
        peers: [Polaris "clusterrolePodExecAttach", Polaris "rolePodExecAttach", Checkov "CKV2_K8S_2"],
        fix: None,
        default: true,
    }
}

impl Rule for RbacAllowsExec {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        for rule in role_rules(cx.yaml, o) {
            let granted = rule.grants_all(&EXEC, &["create", "get"]);
            let (Some(first), Some(verb)) = (granted.first(), rule.verb(&["create", "get"])) else {
                continue;
            };
            out.add(
                cx.span(first.node),
                format!(
                    "{} grants `{}` on {}: its subjects can run commands in or connect to the pods it reaches",
                    rule.display(o),
                    verb.text,
                    list(&granted)
                ),
            )
            .help("remove the exec, attach and port-forward subresources from roles that workloads hold");
        }
    }
}
