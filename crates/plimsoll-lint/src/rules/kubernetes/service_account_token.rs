use super::prelude::*;
use super::reference_support::name_span;
use super::service_account_support::{disables_automount, is_bound};

declare_rule! {
    /// ## What it does
    /// Reports workloads (Pods, Deployments, StatefulSets, DaemonSets, Jobs,
    /// CronJobs...) whose pods get a ServiceAccount token mounted: the pod
    /// spec does not set `automountServiceAccountToken: false`, and neither
    /// does the ServiceAccount the pods run as. When that ServiceAccount is
    /// not in the run, its setting is unknown and the token is assumed
    /// mounted, as it is by default.
    ///
    /// Not reported: pods whose ServiceAccount a RoleBinding or
    /// ClusterRoleBinding of the run grants permissions to (they evidently
    /// call the Kubernetes API and need the token), unless the pod spec
    /// sets `automountServiceAccountToken: true` without such a binding.
    /// Templated values are not judged, nor objects of files that look like
    /// kustomize patches (partial objects).
    ///
    /// ## Why is this bad?
    /// Every container of the pod can read the token at
    /// `/var/run/secrets/kubernetes.io/serviceaccount/token` and talk to the
    /// API server with the ServiceAccount's permissions. An application that
    /// never calls the API gains nothing from it, while an attacker who
    /// takes over the container gains a credential to explore the cluster.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       serviceAccountName: web
    ///       containers:
    ///         - name: web
    ///           image: registry.example.com/web:2.1.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     spec:
    ///       serviceAccountName: web
    ///       automountServiceAccountToken: false
    /// ```
    /// Or set `automountServiceAccountToken: false` on the ServiceAccount.
    ///
    /// ## Fix safety
    /// The fix sets `automountServiceAccountToken: false` in the pod spec.
    /// It is unsafe: a program that calls the Kubernetes API (client
    /// libraries, operators, sidecars such as service-mesh proxies that
    /// read the token) loses its credential.
    ///
    /// ## References
    /// - Practice K11 (`automountServiceAccountToken: false` unless needed).
    /// - checkov CKV_K8S_38, Polaris automountServiceAccountToken.
    pub struct ServiceAccountTokenAutomounted {
        code: "K8S051",
        name: "service-account-token-automounted",
        summary: "Pods get a ServiceAccount token they may not need",
        severity: Warning,
        category: Security,
        practices: ["K11"],
        peers: [Checkov "CKV_K8S_38", Polaris "automountServiceAccountToken"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for ServiceAccountTokenAutomounted {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        if cx.cluster.is_patch(cx.parsed) {
            return;
        }
        let yaml = cx.yaml;
        let pod_setting = w.pod_field(yaml, "automountServiceAccountToken");
        let explicit = match pod_setting {
            None => None,
            Some(n) => match helpers::k8s_bool(yaml, n) {
                Some(true) => Some(n),
                // False, or a template or an odd value that is not judged.
                Some(false) | None => return,
            },
        };
        let (_, account) = helpers::service_account_name(yaml, w);
        if helpers::is_templated(account) {
            return;
        }
        let from = (cx.parsed, o);
        if is_bound(cx.cluster, from, account) {
            return;
        }
        let sa = cx.cluster.find("ServiceAccount", from, account);
        if explicit.is_none() && sa.is_some_and(disables_automount) {
            return;
        }
        let (span, message) = match explicit {
            Some(n) => (
                cx.span(n),
                format!(
                    "pods of {} set `automountServiceAccountToken: true` and get a token of ServiceAccount `{account}`",
                    o.display()
                ),
            ),
            None => (
                cx.pod_spec_span(o, w),
                format!(
                    "pods of {} get a token of ServiceAccount `{account}` mounted: the pod spec does not set `automountServiceAccountToken: false`, {}",
                    o.display(),
                    if sa.is_some() {
                        "nor does the ServiceAccount"
                    } else {
                        "and the ServiceAccount is not in the run"
                    }
                ),
            ),
        };
        let fix = cx
            .set(
                w.spec,
                &["automountServiceAccountToken"],
                Value::raw("false"),
            )
            .map(|e| {
                Fix::unsafe_(
                    "Set `automountServiceAccountToken: false` in the pod spec",
                    vec![e],
                )
            });
        let finding = out
            .add(span, message)
            .help(
                "set `automountServiceAccountToken: false` unless the pods call the Kubernetes API",
            )
            .fix_opt(fix);
        if explicit.is_none()
            && let Some((file, span)) = sa.and_then(name_span)
        {
            let _ = finding.related_in(
                file,
                span,
                format!("ServiceAccount `{account}` does not disable automounting"),
            );
        }
    }
}
