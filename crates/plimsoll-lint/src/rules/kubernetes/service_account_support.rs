//! What the ServiceAccount rules share: the account a pod runs as, the
//! ServiceAccount object of the run, and whether RBAC grants it anything
//! (practice K11).

use super::prelude::*;
use crate::parse::ParsedFile;

/// Whether a ServiceAccount object sets `automountServiceAccountToken: false`.
pub(super) fn disables_automount(r: ObjRef<'_>) -> bool {
    let Some(yaml) = r.file.yaml().map(|m| &m.yaml) else {
        return false;
    };
    yaml.get(r.object.node, "automountServiceAccountToken")
        .and_then(|n| helpers::k8s_bool(yaml, n))
        == Some(false)
}

/// Whether a RoleBinding or ClusterRoleBinding of the run names the
/// ServiceAccount `name` that `from` runs as among its subjects: the pods
/// then evidently call the Kubernetes API.
pub(super) fn is_bound(cluster: &Cluster<'_>, from: (&ParsedFile, &Object), name: &str) -> bool {
    let own_namespace = cluster.namespace_of(from.0, from.1);
    ["RoleBinding", "ClusterRoleBinding"].iter().any(|kind| {
        cluster.of_kind(kind).any(|b| {
            let Some(yaml) = b.file.yaml().map(|m| &m.yaml) else {
                return false;
            };
            let Some(subjects) = yaml.get(b.object.node, "subjects") else {
                return false;
            };
            yaml.items(subjects).iter().any(|&s| {
                let text = |key: &str| yaml.get(s, key).and_then(|n| yaml.str(n));
                if text("kind") != Some("ServiceAccount") || text("name") != Some(name) {
                    return false;
                }
                match (text("namespace"), own_namespace) {
                    (Some(ns), Namespace::Known(own)) => ns == own,
                    // An unknown side: the binding must be in the pod's scope.
                    _ => cluster.related(from, (b.file, b.object)),
                }
            })
        })
    })
}
