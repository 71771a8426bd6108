use super::prelude::*;
use super::service_account_support::disables_automount;

declare_rule! {
    /// ## What it does
    /// Reports workloads whose pods run as the namespace's `default`
    /// ServiceAccount: `serviceAccountName` (or the deprecated
    /// `serviceAccount`) is unset, empty or `default`. Every workload kind
    /// is checked, Jobs, CronJobs and bare Pods included.
    ///
    /// Also reports, as advice, a ServiceAccount object named `default`
    /// that does not set `automountServiceAccountToken: false`: pods that
    /// fall back to it then get its token.
    ///
    /// Templated names are not judged, nor workloads of files that look like
    /// kustomize patches (partial objects).
    ///
    /// ## Why is this bad?
    /// The `default` ServiceAccount is shared by every pod of the namespace
    /// that names no other. Permissions granted to it for one application
    /// reach all of them, and audit logs cannot tell the applications
    /// apart. A dedicated ServiceAccount per workload keeps RBAC grants and
    /// cloud identities (IRSA, workload identity) scoped to that workload.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - name: web
    ///           image: registry.example.com/web:2.1.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: ServiceAccount
    /// metadata:
    ///   name: web
    /// automountServiceAccountToken: false
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       serviceAccountName: web
    /// ```
    ///
    /// ## References
    /// - Practice K11 (a dedicated ServiceAccount per workload).
    /// - kube-linter default-service-account, checkov CKV_K8S_41 (the
    ///   `default` ServiceAccount object).
    pub struct DefaultServiceAccount {
        code: "K8S052",
        name: "default-service-account",
        summary: "Pods run as the namespace's default ServiceAccount",
        severity: Warning,
        category: Security,
        practices: ["K11"],
        peers: [KubeLinter "default-service-account", Checkov "CKV_K8S_41"],
        fix: None,
        default: true,
    }
}

impl Rule for DefaultServiceAccount {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if let Some(w) = &o.workload {
            if cx.cluster.is_patch(cx.parsed) {
                return;
            }
            let (node, account) = helpers::service_account_name(cx.yaml, w);
            if account != "default" {
                return;
            }
            let span = node.map_or_else(|| cx.pod_spec_span(o, w), |n| cx.span(n));
            let message = if node.is_some() {
                format!(
                    "pods of {} run as the namespace's `default` ServiceAccount",
                    o.display()
                )
            } else {
                format!(
                    "pods of {} name no ServiceAccount and run as the namespace's `default` one",
                    o.display()
                )
            };
            out.add(span, message).help(
                "create a ServiceAccount for this workload and set `serviceAccountName` to it",
            );
            return;
        }
        if o.is("", "ServiceAccount")
            && o.name.as_deref() == Some("default")
            && !disables_automount(ObjRef {
                file: cx.parsed,
                object: o,
            })
        {
            out.add(
                cx.object_span(o),
                "the `default` ServiceAccount does not set `automountServiceAccountToken: false`; pods that name no ServiceAccount get its token",
            )
            .severity(plimsoll_diagnostics::Severity::Info)
            .help("set `automountServiceAccountToken: false` on the `default` ServiceAccount");
        }
    }
}
