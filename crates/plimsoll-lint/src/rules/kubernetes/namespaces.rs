//! K8S100 and K8S101: objects in explicit namespaces, and namespaces with
//! a ResourceQuota.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports namespaced objects without `metadata.namespace`, unless a
    /// kustomization of the run sets their namespace, and objects placed in
    /// the `default` namespace explicitly. Cluster-scoped kinds
    /// (Namespace, ClusterRole, StorageClass, CustomResourceDefinition...)
    /// are not reported.
    ///
    /// ## Why is this bad?
    /// Without a namespace, `kubectl apply` uses whatever namespace the
    /// current context points at: the same file lands in different places
    /// on different machines, and most often in `default`, which shares
    /// quotas, policies and RBAC with everything else dumped there.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// ```
    ///
    /// Or set `namespace:` in the kustomization that includes the file.
    ///
    /// ## References
    /// - Practice K21 (explicit namespaces).
    /// - checkov CKV_K8S_21, kube-linter use-namespace.
    pub struct MissingNamespace {
        code: "K8S100",
        name: "missing-namespace",
        summary: "Object has no explicit namespace",
        severity: Info,
        category: BestPractice,
        practices: ["K21"],
        peers: [Checkov "CKV_K8S_21", KubeLinter "use-namespace"],
        fix: None,
        default: true,
    }
}

impl Rule for MissingNamespace {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if helpers::is_cluster_scoped(o) || o.is_kustomization() || o.in_list {
            return;
        }
        match o.namespace.as_deref() {
            Some("default") => {
                let node = o.metadata.and_then(|m| cx.yaml.get(m, "namespace"));
                let span = node.map_or_else(|| cx.object_span(o), |n| cx.span(n));
                out.add(
                    span,
                    format!("{} is placed in the `default` namespace", o.display()),
                )
                .severity(plimsoll_diagnostics::Severity::Warning)
                .help("give the application a namespace of its own");
            }
            Some(_) => {}
            None if cx.cluster.namespace_set_by_kustomize(cx.parsed) => {}
            None => {
                out.add(
                    cx.object_span(o),
                    format!(
                        "{} has no `metadata.namespace`: it goes wherever the current kubectl context points",
                        o.display()
                    ),
                )
                .help("set `metadata.namespace`, or `namespace:` in the kustomization that includes this file");
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports Namespace objects of the run without a ResourceQuota in that
    /// namespace. Off by default: quotas are a platform decision.
    ///
    /// ## Why is this bad?
    /// Without a quota one team's runaway HorizontalPodAutoscaler or a
    /// misconfigured Job can take every node of a shared cluster.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata:
    ///   name: shop
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: ResourceQuota
    /// metadata:
    ///   name: compute
    ///   namespace: shop
    /// spec:
    ///   hard:
    ///     requests.cpu: "20"
    ///     requests.memory: 64Gi
    ///     limits.memory: 96Gi
    /// ```
    ///
    /// ## References
    /// - Practice K21 (a ResourceQuota per team namespace).
    pub struct NamespaceWithoutResourceQuota {
        code: "K8S101",
        name: "namespace-without-resource-quota",
        summary: "Namespace has no ResourceQuota",
        severity: Info,
        category: Reliability,
        practices: ["K21"],
        peers: [],
        fix: None,
        default: false,
    }
}

impl Rule for NamespaceWithoutResourceQuota {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if o.kind != "Namespace" || !o.group().is_empty() {
            return;
        }
        let Some(name) = o.name.as_deref() else {
            return;
        };
        if helpers::is_templated(name) || name.starts_with("kube-") || name == "default" {
            return;
        }
        let has_quota = cx.cluster.of_kind("ResourceQuota").any(|r| {
            matches!(
                cx.cluster.namespace_of(r.file, r.object),
                Namespace::Known(ns) if ns == name
            )
        });
        if !has_quota {
            out.add(
                cx.object_span(o),
                format!("namespace `{name}` has no ResourceQuota in the run"),
            )
            .help("add a ResourceQuota with CPU and memory limits for the namespace");
        }
    }
}
