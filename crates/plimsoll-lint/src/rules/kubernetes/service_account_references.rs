//! K8S053 and K8S054: the ServiceAccount a pod names must exist, and be
//! named with `serviceAccountName` rather than the deprecated field.

use super::prelude::*;
use plimsoll_diagnostics::Severity;
use plimsoll_syntax::yaml::patch;

declare_rule! {
    /// ## What it does
    /// Reports a `serviceAccountName` (or deprecated `serviceAccount`) that
    /// names a ServiceAccount the run does not define, when the run defines
    /// other ServiceAccounts for the same namespace (or, when the namespace
    /// is not written, in the same directory or kustomization).
    ///
    /// It stays quiet when the run cannot tell: without any such
    /// ServiceAccount (the accounts are managed elsewhere), or when a
    /// kustomization of the file's scope lists resources the run does not
    /// hold (a remote base, a missing file). Not reported either: `default`,
    /// which every namespace has, templated names, and ServiceAccounts
    /// defined in another directory where a namespace is not written (both
    /// may be deployed to the same namespace).
    ///
    /// ## Why is this bad?
    /// Pods that name a missing ServiceAccount are never created: the
    /// controller's attempts fail with `serviceaccount "x" not found`, and
    /// the Deployment or Job stays without pods until the account appears.
    /// It is usually a typo or an account renamed on one side only.
    ///
    /// ## Example
    /// ```yaml
    /// kind: ServiceAccount
    /// metadata:
    ///   name: web
    /// ---
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       serviceAccountName: webapp
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///       serviceAccountName: web
    /// ```
    ///
    /// ## References
    /// - Practices K11 (a dedicated ServiceAccount per workload) and K18
    ///   (references between objects resolve).
    /// - kube-linter non-existent-service-account.
    pub struct ServiceAccountNotFound {
        code: "K8S053",
        name: "service-account-not-found",
        summary: "Pods name a ServiceAccount the run does not define",
        severity: Error,
        category: Correctness,
        practices: ["K11", "K18"],
        peers: [KubeLinter "non-existent-service-account"],
        fix: None,
        default: true,
    }
}

impl Rule for ServiceAccountNotFound {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let (Some(node), account) = helpers::service_account_name(cx.yaml, w) else {
            return;
        };
        if account == "default" || helpers::is_templated(account) {
            return;
        }
        let from = (cx.parsed, o);
        if !cx.cluster.has_related("ServiceAccount", from)
            || cx.cluster.has_missing_resources(cx.parsed)
            || cx.cluster.find("ServiceAccount", from, account).is_some()
        {
            return;
        }
        // Defined in another directory where a namespace is not written: the
        // two may be deployed to the same namespace.
        let namespace = cx.cluster.namespace_of(cx.parsed, o);
        if cx.cluster.of_kind("ServiceAccount").any(|r| {
            r.object.name.as_deref() == Some(account)
                && namespace.compatible(cx.cluster.namespace_of(r.file, r.object))
        }) {
            return;
        }
        out.add(
            cx.span(node),
            format!(
                "pods of {} run as ServiceAccount `{account}`, which no ServiceAccount of the run defines",
                o.display()
            ),
        )
        .help("define the ServiceAccount next to the workload, or fix the name");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports the deprecated pod field `serviceAccount`, an alias of
    /// `serviceAccountName` kept for compatibility. When both fields are
    /// set to different values the finding is an error: the API server
    /// uses `serviceAccountName` and silently drops the other one.
    /// Templated values are compared as written.
    ///
    /// ## Why is this bad?
    /// The field has been deprecated since Kubernetes 1.8. Tools and readers
    /// look at `serviceAccountName`; a manifest that only sets the old
    /// field, or sets both differently, hides which account the pods use.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   serviceAccount: web
    ///   containers: [...]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   serviceAccountName: web
    ///   containers: [...]
    /// ```
    ///
    /// ## Fix safety
    /// The fix is safe: it renames the key to `serviceAccountName` when that
    /// is absent, and deletes `serviceAccount` when `serviceAccountName` has
    /// the same value; the pods run as the same account. Conflicting values
    /// are not fixed.
    ///
    /// ## References
    /// - Practice K11.
    /// - kube-linter deprecated-service-account-field.
    pub struct DeprecatedServiceAccountField {
        code: "K8S054",
        name: "deprecated-service-account-field",
        summary: "Pod spec uses the deprecated `serviceAccount` field",
        severity: Warning,
        category: BestPractice,
        practices: ["K11"],
        peers: [KubeLinter "deprecated-service-account-field"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for DeprecatedServiceAccountField {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        let (Some(old), Some(old_key)) = (
            yaml.get(w.spec, "serviceAccount"),
            yaml.key_node(w.spec, "serviceAccount"),
        ) else {
            return;
        };
        let span = cx
            .entry_span(w.spec, "serviceAccount")
            .unwrap_or_else(|| cx.span(old_key));
        let old_value = yaml.str(old).unwrap_or("");
        let Some(new) = yaml.get(w.spec, "serviceAccountName") else {
            out.add(
                span,
                format!(
                    "pods of {} name their ServiceAccount with the deprecated field `serviceAccount`",
                    o.display()
                ),
            )
            .help("rename the key to `serviceAccountName`")
            .fix(Fix::safe(
                "Rename `serviceAccount` to `serviceAccountName`",
                vec![Edit::replace(yaml.node(old_key).span, "serviceAccountName")],
            ));
            return;
        };
        let new_value = yaml.str(new).unwrap_or("");
        if new_value.is_empty() {
            // An empty `serviceAccountName` is filled from the old field.
            out.add(
                span,
                format!(
                    "pods of {} name their ServiceAccount with the deprecated field `serviceAccount` and leave `serviceAccountName` empty",
                    o.display()
                ),
            )
            .help("set `serviceAccountName` to the account and remove `serviceAccount`");
            return;
        }
        if new_value == old_value || old_value.is_empty() {
            let fix = patch::delete_entry(yaml, cx.text(), w.spec, "serviceAccount")
                .map(|e| Fix::safe("Remove the redundant `serviceAccount` field", vec![e]));
            out.add(
                span,
                format!(
                    "pods of {} repeat `serviceAccountName` in the deprecated field `serviceAccount`",
                    o.display()
                ),
            )
            .help("remove `serviceAccount`")
            .fix_opt(fix);
            return;
        }
        out.add(
            span,
            format!(
                "pods of {} set the deprecated `serviceAccount: {old_value}`, which `serviceAccountName: {new_value}` overrides",
                o.display()
            ),
        )
        .severity(Severity::Error)
        .related(cx.span(new), "the ServiceAccount the pods run as")
        .help("remove `serviceAccount` and keep the intended account in `serviceAccountName`");
    }
}
