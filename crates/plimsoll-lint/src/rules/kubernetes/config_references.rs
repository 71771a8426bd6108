//! K8S059 and K8S060: ConfigMaps and Secrets that pods read must exist,
//! with the keys the pods read.

use super::prelude::*;
use super::reference_support::{
    RefKind, Reference, SECRET_EVIDENCE, definitions, known_keys, name_span, named_in_rbac,
    references,
};

/// ConfigMaps the control plane creates in every namespace.
const BUILTIN_CONFIGMAPS: [&str; 1] = ["kube-root-ca.crt"];

fn check(cx: &K8sContext<'_>, o: &Object, w: &Workload, out: &mut Diagnostics<'_>, kind: RefKind) {
    let from = (cx.parsed, o);
    let evidence: &[&str] = match kind {
        RefKind::ConfigMap => &["ConfigMap"],
        RefKind::Secret => &SECRET_EVIDENCE,
    };
    if !evidence.iter().any(|k| cx.cluster.has_related(k, from))
        || cx.cluster.has_missing_resources(cx.parsed)
    {
        return;
    }
    let refs: Vec<Reference> = references(cx.yaml, w)
        .into_iter()
        .filter(|r| r.kind == kind && !r.optional && !helpers::is_templated(&r.name))
        .collect();
    for r in refs {
        if kind == RefKind::ConfigMap && BUILTIN_CONFIGMAPS.contains(&r.name.as_str()) {
            continue;
        }
        if cx.cluster.is_generated(kind.kind(), &r.name) {
            continue;
        }
        let defs = definitions(cx.cluster, from, kind, &r.name, false);
        let what = kind.kind();
        if defs.is_empty() {
            if named_in_rbac(cx.cluster, from, kind, &r.name)
                || !definitions(cx.cluster, from, kind, &r.name, true).is_empty()
            {
                continue;
            }
            let definers = match kind {
                RefKind::ConfigMap => "no ConfigMap or kustomize generator of the run defines",
                RefKind::Secret => {
                    "no Secret, SealedSecret, ExternalSecret or kustomize generator of the run defines"
                }
            };
            let help = if r.context == "`imagePullSecrets`" {
                format!("define the {what} or fix the name")
            } else {
                format!("define the {what}, fix the name, or mark the reference `optional: true`")
            };
            out.add(
                cx.span(r.node),
                format!(
                    "{} of {} references {what} `{}`, which {definers}",
                    r.context,
                    o.display(),
                    r.name
                ),
            )
            .help(help);
            continue;
        }
        // Keys are compared only with definitions beside the workload: a
        // base's reference may be meant for another overlay's variant.
        let dir =
            |f: &crate::parse::ParsedFile| f.fs_path.parent().map(std::path::Path::to_path_buf);
        if defs.iter().any(|d| dir(d.file) != dir(cx.parsed)) {
            continue;
        }
        let Some(keys) = known_keys(cx.cluster, &defs) else {
            continue;
        };
        for (key, node) in &r.keys {
            if keys.contains(key) || helpers::is_templated(key) {
                continue;
            }
            let mut finding = out
                .add(
                    cx.span(*node),
                    format!(
                        "{} of {} reads key `{key}` of {what} `{}`, which has no such key",
                        r.context,
                        o.display(),
                        r.name
                    ),
                )
                .help(format!(
                    "use one of the keys the {what} defines, or mark the reference `optional: true`"
                ));
            if let Some((file, span)) = defs.first().copied().and_then(name_span) {
                let listed = keys
                    .iter()
                    .take(8)
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                finding = finding.related_in(
                    file,
                    span,
                    if listed.is_empty() {
                        format!("{what} `{}` has no keys", r.name)
                    } else {
                        format!("{what} `{}` defines {listed}", r.name)
                    },
                );
            }
            let _ = finding;
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a reference of a pod to a ConfigMap that no ConfigMap of the
    /// run defines: `env[].valueFrom.configMapKeyRef`,
    /// `envFrom[].configMapRef`, `volumes[].configMap` and ConfigMap sources
    /// of projected volumes, in every container. When the ConfigMap is in
    /// the run but lacks a key the pod reads (`configMapKeyRef.key`, a
    /// volume's `items[].key`), that is reported too.
    ///
    /// Only checked when the run defines other ConfigMaps in the same
    /// namespace (or, when the namespace is not written, in the same
    /// directory or kustomization), and no kustomization of the file's scope
    /// lists resources the run does not hold (a remote base, a missing
    /// file); otherwise the ConfigMaps may be managed elsewhere. Not
    /// reported:
    /// - references marked `optional: true`, and templated names;
    /// - names a kustomize `configMapGenerator` creates, and
    ///   `kube-root-ca.crt` (created in every namespace);
    /// - names defined in another directory of the run where a namespace
    ///   is not written (both may be deployed to the same namespace);
    /// - names a Role or ClusterRole of the run lists in `resourceNames`
    ///   (a component creates or updates them at run time).
    ///
    /// Keys are only compared with ConfigMaps in the workload's directory
    /// that no kustomize patch changes and whose data is not templated.
    ///
    /// ## Why is this bad?
    /// A pod that needs a missing ConfigMap or key does not start: it stays
    /// in `CreateContainerConfigError` or `ContainerCreating` until the
    /// ConfigMap appears. It usually follows a rename on one side only.
    ///
    /// ## Example
    /// ```yaml
    /// kind: ConfigMap
    /// metadata:
    ///   name: web-config
    /// ---
    /// # in the pod template
    /// envFrom:
    ///   - configMapRef:
    ///       name: webconfig
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// envFrom:
    ///   - configMapRef:
    ///       name: web-config
    /// ```
    ///
    /// ## References
    /// - Practice K18 (references between objects resolve).
    /// - kube-linter env-value-from.
    pub struct ConfigMapNotFound {
        code: "K8S059",
        name: "configmap-not-found",
        summary: "Pod references a ConfigMap or key the run does not define",
        severity: Error,
        category: Correctness,
        practices: ["K18"],
        peers: [KubeLinter "env-value-from"],
        fix: None,
        default: true,
    }
}

impl Rule for ConfigMapNotFound {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        check(cx, o, w, out, RefKind::ConfigMap);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a reference of a pod to a Secret that nothing in the run
    /// creates: `env[].valueFrom.secretKeyRef`, `envFrom[].secretRef`,
    /// `volumes[].secret.secretName`, Secret sources of projected volumes
    /// and `imagePullSecrets`. A Secret is created by a `Secret` manifest,
    /// a Bitnami `SealedSecret` (its name, or `spec.template.metadata.name`),
    /// an External Secrets `ExternalSecret` (`spec.target.name`, else its
    /// name), a cert-manager `Certificate` (`spec.secretName`), a Secrets
    /// Store CSI `SecretProviderClass` (`secretObjects[].secretName`), a
    /// Vault Secrets Operator secret (`spec.destination.name`), a 1Password
    /// `OnePasswordItem`, or a kustomize `secretGenerator`. When a plain
    /// Secret of the run lacks a key the pod reads, that is reported too.
    ///
    /// Only checked when the run has Secrets, SealedSecrets or
    /// ExternalSecrets in the same namespace (or, when the namespace is not
    /// written, in the same directory or kustomization), and no
    /// kustomization of the file's scope lists resources the run does not
    /// hold. Not reported: references marked `optional: true`, templated
    /// names, names defined in another directory where a namespace is not
    /// written, and names a Role or ClusterRole of the run lists in
    /// `resourceNames` (a component creates them at run time, such as a
    /// generated password). Keys are compared as for K8S059: only with
    /// plain Secrets in the workload's directory.
    ///
    /// ## Why is this bad?
    /// A pod that needs a missing Secret or key does not start
    /// (`CreateContainerConfigError`, or stuck in `ContainerCreating` for a
    /// volume). A missing image pull secret makes pulls from a private
    /// registry fail with `ImagePullBackOff`.
    ///
    /// ## Example
    /// ```yaml
    /// kind: SealedSecret
    /// metadata:
    ///   name: db-credentials
    /// ---
    /// # in the pod template
    /// env:
    ///   - name: DB_PASSWORD
    ///     valueFrom:
    ///       secretKeyRef: {name: db-creds, key: password}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///       secretKeyRef: {name: db-credentials, key: password}
    /// ```
    ///
    /// ## References
    /// - Practices K12 (secrets reach pods by reference) and K18
    ///   (references between objects resolve).
    /// - kube-linter env-value-from.
    pub struct SecretNotFound {
        code: "K8S060",
        name: "secret-not-found",
        summary: "Pod references a Secret or key nothing in the run creates",
        severity: Error,
        category: Correctness,
        practices: ["K12", "K18"],
        peers: [KubeLinter "env-value-from"],
        fix: None,
        default: true,
    }
}

impl Rule for SecretNotFound {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        check(cx, o, w, out, RefKind::Secret);
    }
}
