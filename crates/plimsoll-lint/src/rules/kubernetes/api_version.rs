//! K8S094 and K8S095: API versions the target Kubernetes version no longer
//! serves, and those it serves but has deprecated.

use super::prelude::*;
use crate::k8s::api_versions::{self, Deprecation, Migration};
use crate::k8s::schema;

/// The fix moving an object to its replacement API version, when only the
/// version changes: safe for a pure rename, unsafe when a default differs.
fn migration_fix(cx: &K8sContext<'_>, o: &Object, d: &Deprecation) -> Option<Fix> {
    let node = cx.yaml.get(o.node, "apiVersion")?;
    let edit = helpers::replace_scalar(cx, node, d.replacement);
    let message = format!("Change `apiVersion` to `{}`", d.replacement);
    match d.migration {
        Migration::Rename => Some(Fix::safe(message, vec![edit])),
        Migration::RenameWithSemantics => Some(Fix::unsafe_(message, vec![edit])),
        Migration::Fields | Migration::Structural | Migration::None => None,
    }
}

fn target_note(cx: &K8sContext<'_>) -> String {
    let k = &cx.settings.kubernetes;
    if k.version_configured {
        format!("the target is Kubernetes {}", k.version())
    } else {
        format!(
            "the default target is Kubernetes {}; set `[kubernetes] version` to yours",
            k.version()
        )
    }
}

fn help(d: &Deprecation) -> String {
    match (d.replacement, d.migration) {
        ("", _) => d.note.to_string(),
        (r, Migration::Rename) => format!("use `apiVersion: {r}`; nothing else changes"),
        (r, _) => format!("migrate to `{r}`: {}", d.note),
    }
}

declare_rule! {
    /// ## What it does
    /// Reports objects whose `apiVersion` the target Kubernetes version does
    /// not serve: versions removed at or before it (`extensions/v1beta1`
    /// Deployments, `batch/v1beta1` CronJobs, `policy/v1beta1`
    /// PodSecurityPolicies...) and versions of built-in groups that never
    /// existed for the kind (`apps/v2`). The target is `[kubernetes]
    /// version` (default: the newest version plimsoll embeds).
    ///
    /// ## Why is this bad?
    /// The API server rejects the object: `kubectl apply` fails with "no
    /// matches for kind", usually during a cluster upgrade or on a new
    /// cluster, long after the manifest was written.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: batch/v1beta1
    /// kind: CronJob
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: batch/v1
    /// kind: CronJob
    /// ```
    ///
    /// ## Fix safety
    /// When only `apiVersion` changes, the fix is safe. When a default
    /// changes too (an empty PodDisruptionBudget selector selects every pod
    /// in `policy/v1`), it is unsafe. Migrations that move fields
    /// (Ingress, HorizontalPodAutoscaler v2beta1, CustomResourceDefinition)
    /// have no fix; the message says what changes.
    ///
    /// ## Options
    /// `[kubernetes] version = "1.29"` sets the target.
    ///
    /// ## References
    /// - Practice K19 (no deprecated or removed API versions).
    /// - Kubernetes Deprecated API Migration Guide; kube-linter
    ///   no-extensions-v1beta, kube-score stable-version.
    pub struct RemovedApiVersion {
        code: "K8S094",
        name: "removed-api-version",
        summary: "API version is not served by the target Kubernetes version",
        severity: Error,
        category: Correctness,
        practices: ["K19"],
        peers: [KubeLinter "no-extensions-v1beta", KubeScore "stable-version"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for RemovedApiVersion {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let Some(node) = cx.yaml.get(o.node, "apiVersion") else {
            return;
        };
        let minor = cx.settings.kubernetes.minor;
        if let Some(d) = api_versions::lookup(&o.api_version, &o.kind) {
            if minor >= d.removed_in {
                let message = format!(
                    "`{}` {} was removed in Kubernetes 1.{} ({})",
                    o.api_version,
                    o.kind,
                    d.removed_in,
                    target_note(cx)
                );
                out.add(cx.span(node), message)
                    .help(help(d))
                    .fix_opt(migration_fix(cx, o, d));
            }
            return;
        }
        // A built-in kind in a version its group never served.
        let Some(schema) = schema::for_minor(minor) else {
            return;
        };
        let served = schema.versions_of(o.group(), &o.kind);
        if !served.is_empty()
            && !served.iter().any(|v| v == o.version())
            && !helpers::is_templated(&o.api_version)
        {
            let group = o.group();
            let list = served
                .iter()
                .map(|v| {
                    if group.is_empty() {
                        format!("`{v}`")
                    } else {
                        format!("`{group}/{v}`")
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            out.add(
                cx.span(node),
                format!(
                    "Kubernetes 1.{minor} serves {} as {list}, not `{}`",
                    o.kind, o.api_version
                ),
            )
            .help("use one of the served API versions");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports objects whose `apiVersion` the target Kubernetes version
    /// still serves but has deprecated, with the release that removes it.
    ///
    /// ## Why is this bad?
    /// The API server answers with a deprecation warning today and rejects
    /// the object after the removal release. Migrating before the cluster
    /// upgrade is cheap; during it, it is an outage.
    ///
    /// ## Example
    /// ```yaml
    /// # with [kubernetes] version = "1.24"
    /// apiVersion: policy/v1beta1
    /// kind: PodDisruptionBudget
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// ```
    ///
    /// ## Fix safety
    /// As for K8S094: safe for a pure rename, unsafe when a default
    /// changes, none when fields move.
    ///
    /// ## Options
    /// `[kubernetes] version` sets the target.
    ///
    /// ## References
    /// - Practice K19.
    /// - kube-score stable-version; Kubernetes Deprecated API Migration Guide.
    pub struct DeprecatedApiVersion {
        code: "K8S095",
        name: "deprecated-api-version",
        summary: "API version is deprecated in the target Kubernetes version",
        severity: Warning,
        category: Reliability,
        practices: ["K19"],
        peers: [KubeScore "stable-version"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for DeprecatedApiVersion {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let Some(node) = cx.yaml.get(o.node, "apiVersion") else {
            return;
        };
        let minor = cx.settings.kubernetes.minor;
        let Some(d) = api_versions::lookup(&o.api_version, &o.kind) else {
            return;
        };
        if minor < d.deprecated_in || minor >= d.removed_in {
            return;
        }
        let message = format!(
            "`{}` {} is deprecated since Kubernetes 1.{} and removed in 1.{} ({})",
            o.api_version,
            o.kind,
            d.deprecated_in,
            d.removed_in,
            target_note(cx)
        );
        out.add(cx.span(node), message)
            .help(help(d))
            .fix_opt(migration_fix(cx, o, d));
    }
}
