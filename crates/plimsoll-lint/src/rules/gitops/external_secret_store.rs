//! OBS001 and OBS004: ExternalSecrets and the stores they read from.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an ExternalSecret (or a ClusterExternalSecret's
    /// `externalSecretSpec`) with no `secretStoreRef` while some `data` or
    /// `dataFrom` item names no store (`sourceRef.storeRef`) or generator
    /// (`sourceRef.generatorRef`) of its own.
    ///
    /// ## Why is this bad?
    /// The External Secrets Operator cannot tell where to read the value:
    /// the ExternalSecret stays in `SecretSyncedError` and the Kubernetes
    /// Secret it should create never appears, so the pods that mount it do
    /// not start.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: external-secrets.io/v1beta1
    /// kind: ExternalSecret
    /// metadata:
    ///   name: db
    /// spec:
    ///   refreshInterval: 1h
    ///   data:
    ///     - secretKey: password
    ///       remoteRef: {key: prod/db, property: password}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   refreshInterval: 1h
    ///   secretStoreRef:
    ///     name: aws-secrets
    ///     kind: ClusterSecretStore
    /// ```
    ///
    /// ## References
    /// - Practices O05 (ExternalSecret references a store) and K12 (secrets from a secret manager).
    /// - No peer.
    /// - [External Secrets Operator: ExternalSecret](https://external-secrets.io/latest/api/externalsecret/)
    pub struct ExternalSecretWithoutStore {
        code: "OBS001",
        name: "external-secret-without-store",
        summary: "ExternalSecret names no SecretStore to read from",
        severity: Error,
        category: Correctness,
        practices: ["O05", "K12"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an ExternalSecret store reference (`secretStoreRef`, or a
    /// `sourceRef.storeRef`) naming a SecretStore or ClusterSecretStore the
    /// run does not define, when the run defines stores of that kind (in
    /// the same namespace or directory for SecretStores, anywhere for
    /// ClusterSecretStores) and either one of them is in the same file or
    /// one has a name at most two edits away (a likely typo). When a store
    /// of that name exists with the other kind, that is reported wherever
    /// it is: `kind` defaults to `SecretStore`.
    ///
    /// ## Why is this bad?
    /// The operator looks the store up by kind and name; a missing one
    /// leaves the ExternalSecret in error and the Secret uncreated. Naming
    /// a ClusterSecretStore without `kind: ClusterSecretStore` is a common
    /// slip.
    ///
    /// ## Example
    /// ```yaml
    /// kind: ClusterSecretStore
    /// metadata:
    ///   name: vault
    /// ---
    /// kind: ExternalSecret
    /// spec:
    ///   secretStoreRef:
    ///     name: vault     # kind defaults to SecretStore
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   secretStoreRef:
    ///     name: vault
    ///     kind: ClusterSecretStore
    /// ```
    ///
    /// ## References
    /// - Practice O05 (ExternalSecret references a (Cluster)SecretStore).
    /// - No peer.
    pub struct UnknownSecretStore {
        code: "OBS004",
        name: "unknown-secret-store",
        summary: "ExternalSecret refers to a secret store the run does not define",
        severity: Warning,
        category: Correctness,
        practices: ["O05"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for ExternalSecretWithoutStore {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some((spec, label)) = support::external_secret_spec(yaml, o) else {
            return;
        };
        if yaml.get(spec, "secretStoreRef").is_some() {
            return;
        }
        let items = support::secret_data_items(yaml, spec);
        let unsourced = items.iter().filter(|&&i| {
            !["storeRef", "generatorRef"]
                .iter()
                .any(|k| yaml.path(i, &["sourceRef", k]).is_some())
        });
        if unsourced.count() == 0 {
            return;
        }
        out.add(
            cx.object_span(o),
            format!("{label} has no `secretStoreRef`: the operator cannot tell which store to read"),
        )
        .help("add `secretStoreRef` with the `name` and `kind` of a SecretStore or ClusterSecretStore");
    }
}

fn is_store(r: &ObjRef<'_>, kind: &str) -> bool {
    support::is_eso(r.object, kind)
}

impl Rule for UnknownSecretStore {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some((spec, label)) = support::external_secret_spec(yaml, o) else {
            return;
        };
        if cx.cluster.has_missing_resources(cx.parsed) {
            return;
        }
        let from = (cx.parsed, o);
        // A ClusterExternalSecret creates ExternalSecrets in other namespaces.
        let cluster_wide = support::is_eso(o, "ClusterExternalSecret");
        let stores = |kind: &str| -> Vec<ObjRef<'_>> {
            cx.cluster
                .of_kind(kind)
                .filter(|r| is_store(r, kind))
                .filter(|r| {
                    kind == "ClusterSecretStore"
                        || cluster_wide
                        || cx.cluster.related(from, (r.file, r.object))
                })
                .collect()
        };
        for (_, name_node, kind) in support::store_refs(yaml, spec) {
            let Some(name) = yaml.str(name_node) else {
                continue;
            };
            if name.is_empty() || is_templated(name) || is_templated(kind) {
                continue;
            }
            let (same, other_kind) = match kind {
                "SecretStore" => ("SecretStore", "ClusterSecretStore"),
                "ClusterSecretStore" => ("ClusterSecretStore", "SecretStore"),
                _ => continue,
            };
            let same_stores = stores(same);
            if same_stores
                .iter()
                .any(|r| r.object.name.as_deref() == Some(name))
            {
                continue;
            }
            let other = stores(other_kind)
                .into_iter()
                .any(|r| r.object.name.as_deref() == Some(name));
            if other {
                out.add(
                    cx.span(name_node),
                    format!("{label} reads from {same} `{name}`, but the run defines `{name}` as a {other_kind}"),
                )
                .help(format!("set `kind: {other_kind}` in the store reference"));
            } else {
                let named: Vec<(&str, bool)> = same_stores
                    .iter()
                    .filter_map(|r| {
                        Some((r.object.name.as_deref()?, std::ptr::eq(r.file, cx.parsed)))
                    })
                    .collect();
                let Some(near) = support::worth_reporting(name, &named) else {
                    continue;
                };
                out.add(
                    cx.span(name_node),
                    format!(
                        "{label} reads from {same} `{name}`, which the run does not define{near}"
                    ),
                )
                .help(format!("name one of the run's {same}s, or add `{name}`"));
            }
        }
    }
}
