use super::prelude::*;
use super::rbac_support::{Item, role_rules};

declare_rule! {
    /// ## What it does
    /// Reports a rule of a Role or ClusterRole that uses a wildcard: `*` in
    /// `verbs` or `apiGroups`, or `*` or `*/subresource` in `resources`
    /// (RBAC expands no other pattern: `pods/*` grants nothing). Every rule of the role is checked, not only the first.
    /// A rule whose verbs, resources and API groups are all `*` grants full
    /// administrator rights (over the namespace for a Role, over the cluster
    /// for a ClusterRole) and is an error; any other wildcard is a warning.
    /// One finding is reported per rule, at its first wildcard. Templated
    /// items (`{{ ... }}`) are not judged, and `nonResourceURLs: ["*"]` is
    /// not reported.
    ///
    /// ## Why is this bad?
    /// A wildcard grants every verb, resource or group that exists, including
    /// those added later by new Kubernetes versions and CustomResourceDefinitions:
    /// `*` verbs include `escalate`, `bind` and `impersonate`, and `*`
    /// resources include Secrets. A compromised workload holding such a role
    /// owns whatever the role reaches.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata:
    ///   name: deployer
    /// rules:
    ///   - apiGroups: ["apps"]
    ///     resources: ["deployments"]
    ///     verbs: ["*"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["apps"]
    ///     resources: ["deployments"]
    ///     verbs: ["get", "list", "watch", "update", "patch"]
    /// ```
    ///
    /// ## References
    /// - Practice K14 (RBAC least privilege).
    /// - kube-linter wildcard-in-rules; checkov CKV_K8S_49, which only looks
    ///   at the first rule of each role (`rules[0]`), so wildcards in later
    ///   rules are reported here and not there. A full wildcard also grants
    ///   what checkov CKV_K8S_155, CKV_K8S_156, CKV_K8S_157 and CKV_K8S_158
    ///   look for (webhook configurations, certificate approval, binding and
    ///   escalating roles); plimsoll reports such a rule once, here, and
    ///   K8S069 reports explicit grants.
    /// - [Kubernetes: RBAC good practices](https://kubernetes.io/docs/concepts/security/rbac-good-practices/)
    pub struct RbacWildcard {
        code: "K8S065",
        name: "rbac-wildcard",
        summary: "Role grants verbs, resources or API groups by wildcard",
        severity: Warning,
        category: Security,
        practices: ["K14"],
        peers: [Checkov "CKV_K8S_49", KubeLinter "wildcard-in-rules", Checkov "CKV_K8S_155", Checkov "CKV_K8S_156", Checkov "CKV_K8S_157", Checkov "CKV_K8S_158"],
        fix: None,
        default: true,
    }
}

impl Rule for RbacWildcard {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        for rule in role_rules(cx.yaml, o) {
            let verbs: Vec<&Item> = rule.verbs.iter().filter(|i| i.text == "*").collect();
            let groups: Vec<&Item> = rule.api_groups.iter().filter(|i| i.text == "*").collect();
            let resources: Vec<&Item> = rule
                .resources
                .iter()
                .filter(|i| i.text == "*" || i.text.starts_with("*/"))
                .collect();
            let Some(first) = verbs
                .iter()
                .chain(&groups)
                .chain(&resources)
                .min_by_key(|i| cx.yaml.node(i.node).span.start)
            else {
                continue;
            };
            let full = !verbs.is_empty()
                && !groups.is_empty()
                && rule.resources.iter().any(|r| r.text == "*");
            if full {
                out.add(
                    cx.span(first.node),
                    format!(
                        "{} grants every verb on every resource of every API group: full {} rights",
                        rule.display(o),
                        if o.kind == "ClusterRole" {
                            "cluster administrator"
                        } else {
                            "namespace administrator"
                        }
                    ),
                )
                .severity(plimsoll_diagnostics::Severity::Error)
                .help("list the API groups, resources and verbs the subject really needs");
                continue;
            }
            let mut parts = Vec::new();
            if !verbs.is_empty() {
                parts.push("every verb".to_string());
            }
            for r in &resources {
                parts.push(if r.text == "*" {
                    "every resource".to_string()
                } else {
                    format!(
                        "the `{}` subresource of every resource",
                        r.text.strip_prefix("*/").unwrap_or(&r.text)
                    )
                });
            }
            if !groups.is_empty() {
                parts.push("every API group".to_string());
            }
            out.add(
                cx.span(first.node),
                format!(
                    "{} uses a wildcard: it grants {}",
                    rule.display(o),
                    parts.join(", ")
                ),
            )
            .help("replace `*` with the explicit verbs, resources and API groups needed");
        }
    }
}
