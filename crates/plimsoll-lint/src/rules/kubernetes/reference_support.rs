//! What the reference rules share: where a pod reads ConfigMaps and
//! Secrets, which objects of the run define them, and where other objects
//! are reported (practices K12 and K18).

use super::prelude::*;
use crate::parse::ParsedFile;
use plimsoll_syntax::SourceFile;
use std::collections::BTreeSet;

/// Where an object of another file is shown: its name, else its first line.
pub(super) fn name_span(r: ObjRef<'_>) -> Option<(&SourceFile, Span)> {
    let yaml = &r.file.yaml()?.yaml;
    let node = r
        .object
        .metadata
        .and_then(|m| yaml.get(m, "name"))
        .unwrap_or(r.object.node);
    Some((
        &r.file.source,
        crate::rule::head_span(yaml, r.file.source.text(), node),
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RefKind {
    ConfigMap,
    Secret,
}

impl RefKind {
    pub(super) fn kind(self) -> &'static str {
        match self {
            RefKind::ConfigMap => "ConfigMap",
            RefKind::Secret => "Secret",
        }
    }
}

/// A reference of a pod to a ConfigMap or Secret.
#[derive(Debug, Clone)]
pub(super) struct Reference {
    pub kind: RefKind,
    pub name: String,
    /// The node holding the name.
    pub node: NodeId,
    /// Keys read from it (`configMapKeyRef.key`, a volume's `items[].key`).
    pub keys: Vec<(String, NodeId)>,
    pub optional: bool,
    /// What refers: "env var `DB_URL` of container `api`".
    pub context: String,
}

/// Every ConfigMap and Secret reference of a pod spec, in file order:
/// `env[].valueFrom`, `envFrom`, volumes (also projected ones) and
/// `imagePullSecrets`.
pub(super) fn references(yaml: &YamlFile, w: &Workload) -> Vec<Reference> {
    let mut out = Vec::new();
    let text = |node: NodeId, key: &str| yaml.get(node, key).and_then(|n| yaml.str(n));
    let optional = |node: NodeId| {
        yaml.get(node, "optional")
            .and_then(|n| helpers::k8s_bool(yaml, n))
            == Some(true)
    };
    let mut push = |kind: RefKind, holder: NodeId, name_key: &str, context: String, keys| {
        let Some(node) = yaml.get(holder, name_key) else {
            return;
        };
        let Some(name) = yaml.str(node).filter(|s| !s.is_empty()) else {
            return;
        };
        out.push(Reference {
            kind,
            name: name.to_string(),
            node,
            keys,
            optional: optional(holder),
            context,
        });
    };
    let item_keys = |source: NodeId| -> Vec<(String, NodeId)> {
        yaml.get(source, "items")
            .map(|items| {
                yaml.items(items)
                    .iter()
                    .filter_map(|&i| {
                        let k = yaml.get(i, "key")?;
                        Some((yaml.str(k)?.to_string(), k))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    for c in &w.containers {
        if let Some(env) = c.get(yaml, "env") {
            for &var in yaml.items(env) {
                let var_name = text(var, "name").unwrap_or("?");
                let context = format!("env var `{var_name}` of {}", c.display());
                for (field, kind) in [
                    ("configMapKeyRef", RefKind::ConfigMap),
                    ("secretKeyRef", RefKind::Secret),
                ] {
                    if let Some(r) = yaml.path(var, &["valueFrom", field]) {
                        let keys = yaml
                            .get(r, "key")
                            .and_then(|k| Some((yaml.str(k)?.to_string(), k)))
                            .into_iter()
                            .collect();
                        push(kind, r, "name", context.clone(), keys);
                    }
                }
            }
        }
        if let Some(env_from) = c.get(yaml, "envFrom") {
            for &source in yaml.items(env_from) {
                for (field, kind) in [
                    ("configMapRef", RefKind::ConfigMap),
                    ("secretRef", RefKind::Secret),
                ] {
                    if let Some(r) = yaml.get(source, field) {
                        push(
                            kind,
                            r,
                            "name",
                            format!("`envFrom` of {}", c.display()),
                            vec![],
                        );
                    }
                }
            }
        }
    }
    if let Some(volumes) = yaml.get(w.spec, "volumes") {
        for &v in yaml.items(volumes) {
            let context = format!("volume `{}`", text(v, "name").unwrap_or("?"));
            if let Some(cm) = yaml.get(v, "configMap") {
                push(
                    RefKind::ConfigMap,
                    cm,
                    "name",
                    context.clone(),
                    item_keys(cm),
                );
            }
            if let Some(secret) = yaml.get(v, "secret") {
                push(
                    RefKind::Secret,
                    secret,
                    "secretName",
                    context.clone(),
                    item_keys(secret),
                );
            }
            if let Some(sources) = yaml.path(v, &["projected", "sources"]) {
                for &s in yaml.items(sources) {
                    if let Some(cm) = yaml.get(s, "configMap") {
                        push(
                            RefKind::ConfigMap,
                            cm,
                            "name",
                            context.clone(),
                            item_keys(cm),
                        );
                    }
                    if let Some(secret) = yaml.get(s, "secret") {
                        push(
                            RefKind::Secret,
                            secret,
                            "name",
                            context.clone(),
                            item_keys(secret),
                        );
                    }
                }
            }
        }
    }
    if let Some(pull) = yaml.get(w.spec, "imagePullSecrets") {
        for &p in yaml.items(pull) {
            push(
                RefKind::Secret,
                p,
                "name",
                "`imagePullSecrets`".into(),
                vec![],
            );
        }
    }
    out
}

/// The name of the Secret an object makes, if it makes one: a Secret, a
/// SealedSecret, an ExternalSecret, a cert-manager Certificate, a Secrets
/// Store CSI SecretProviderClass (possibly several), a Vault Secrets
/// Operator secret or a 1Password item.
pub(super) fn secret_names(yaml: &YamlFile, o: &Object) -> Vec<String> {
    let text = |node: Option<NodeId>| {
        node.and_then(|n| yaml.str(n))
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let spec = o.spec(yaml);
    let at = |keys: &[&str]| text(spec.and_then(|s| yaml.path(s, keys)));
    let own = o.name.clone();
    let name = match (o.group(), o.kind.as_str()) {
        ("bitnami.com", "SealedSecret") => at(&["template", "metadata", "name"]).or(own),
        ("external-secrets.io", "ExternalSecret") => at(&["target", "name"]).or(own),
        ("", "Secret")
        | ("kubernetes-client.io", "ExternalSecret")
        | ("onepassword.com", "OnePasswordItem") => own,
        ("cert-manager.io", "Certificate") => at(&["secretName"]),
        ("secrets.hashicorp.com", kind) if kind.starts_with("Vault") => {
            at(&["destination", "name"])
        }
        ("secrets-store.csi.x-k8s.io", "SecretProviderClass") => {
            return spec
                .and_then(|s| yaml.get(s, "secretObjects"))
                .map(|list| {
                    yaml.items(list)
                        .iter()
                        .filter_map(|&i| text(yaml.get(i, "secretName")))
                        .collect()
                })
                .unwrap_or_default();
        }
        _ => None,
    };
    name.into_iter().collect()
}

/// Kinds whose objects make Secrets (see [`secret_names`]).
pub(super) const SECRET_MAKERS: [&str; 9] = [
    "Secret",
    "SealedSecret",
    "ExternalSecret",
    "OnePasswordItem",
    "Certificate",
    "SecretProviderClass",
    "VaultStaticSecret",
    "VaultDynamicSecret",
    "VaultPKISecret",
];

/// Kinds whose presence says the run manages its Secrets.
pub(super) const SECRET_EVIDENCE: [&str; 3] = ["Secret", "SealedSecret", "ExternalSecret"];

/// The objects related to `from` that define ConfigMap or Secret `name`;
/// with `anywhere`, those of any directory whose namespace may be the same
/// (a namespace that is not written is set at deploy time).
pub(super) fn definitions<'a>(
    cluster: &Cluster<'a>,
    from: (&ParsedFile, &Object),
    kind: RefKind,
    name: &str,
    anywhere: bool,
) -> Vec<ObjRef<'a>> {
    let kinds: &[&str] = match kind {
        RefKind::ConfigMap => &["ConfigMap"],
        RefKind::Secret => &SECRET_MAKERS,
    };
    let mut out = Vec::new();
    for k in kinds {
        for r in cluster.of_kind(k) {
            let Some(yaml) = r.file.yaml().map(|m| &m.yaml) else {
                continue;
            };
            let defines = match kind {
                RefKind::ConfigMap => {
                    r.object.group().is_empty() && r.object.name.as_deref() == Some(name)
                }
                RefKind::Secret => secret_names(yaml, r.object).iter().any(|n| n == name),
            };
            let near = if anywhere {
                cluster
                    .namespace_of(from.0, from.1)
                    .compatible(cluster.namespace_of(r.file, r.object))
            } else {
                cluster.related(from, (r.file, r.object))
            };
            if defines && near {
                out.push(r);
            }
        }
    }
    out
}

/// The keys of ConfigMaps or Secrets (`data`, `binaryData`, `stringData`),
/// when every definition is a plain ConfigMap or Secret whose keys are all
/// known; `None` when some cannot be told.
pub(super) fn known_keys(cluster: &Cluster<'_>, defs: &[ObjRef<'_>]) -> Option<BTreeSet<String>> {
    let mut keys = BTreeSet::new();
    for r in defs {
        if !matches!(r.object.kind.as_str(), "ConfigMap" | "Secret")
            || !r.object.group().is_empty()
            || cluster.is_patch(r.file)
        {
            return None;
        }
        let yaml = &r.file.yaml()?.yaml;
        for field in ["data", "binaryData", "stringData"] {
            let Some(map) = yaml.get(r.object.node, field) else {
                continue;
            };
            if yaml.is_null(map) {
                continue;
            }
            if !yaml.is_mapping(map) {
                return None;
            }
            for (k, _) in yaml.entries(map) {
                let k = yaml.str(k)?;
                if helpers::is_templated(k) {
                    return None;
                }
                keys.insert(k.to_string());
            }
        }
    }
    Some(keys)
}

/// Whether a Role or ClusterRole of the run names ConfigMap or Secret
/// `name` in the `resourceNames` of a rule on `configmaps` or `secrets`:
/// some workload then reads or writes it at run time, and a component
/// that creates it on start (a password generated by an init container)
/// is likely.
pub(super) fn named_in_rbac(
    cluster: &Cluster<'_>,
    from: (&ParsedFile, &Object),
    kind: RefKind,
    name: &str,
) -> bool {
    let resource = match kind {
        RefKind::ConfigMap => "configmaps",
        RefKind::Secret => "secrets",
    };
    ["Role", "ClusterRole"].iter().any(|k| {
        cluster.of_kind(k).any(|r| {
            if *k == "Role" && !cluster.related(from, (r.file, r.object)) {
                return false;
            }
            let Some(yaml) = r.file.yaml().map(|m| &m.yaml) else {
                return false;
            };
            let Some(rules) = yaml.get(r.object.node, "rules") else {
                return false;
            };
            yaml.items(rules).iter().any(|&rule| {
                let has = |field: &str, value: &str| {
                    yaml.get(rule, field).is_some_and(|list| {
                        yaml.items(list).iter().any(|&i| yaml.str(i) == Some(value))
                    })
                };
                has("resources", resource) && has("resourceNames", name)
            })
        })
    })
}
