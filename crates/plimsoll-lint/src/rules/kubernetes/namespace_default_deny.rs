use super::network_policy_support::{Policy, is_network_policy, other_engine_policies};
use super::prelude::*;
use crate::parse::ParsedFile;

declare_rule! {
    /// ## What it does
    /// Reports a namespace that has workloads in the run but no default-deny
    /// NetworkPolicy: a policy with an empty `podSelector` whose
    /// `policyTypes` include `Ingress` (and one for `Egress`), without a
    /// rule that allows everything (`ingress: [{}]`). The message says which
    /// direction is open. Without `policyTypes`, a policy covers Ingress,
    /// and Egress only when it has `egress` rules.
    ///
    /// Each namespace is reported once: at its `Namespace` object when the
    /// run defines one, else at its first workload (in file order).
    /// Workloads whose namespace is not written (nor set by a
    /// kustomization) form one group per directory or kustomization. Files
    /// that look like kustomize patches do not count.
    /// Nothing is reported when the run has cluster-wide policies of another
    /// engine (Cilium, Calico, Antrea, AdminNetworkPolicy) or namespaced
    /// Calico or Antrea policies in that namespace, or when a kustomization
    /// of the workloads' scope lists resources the run does not hold.
    ///
    /// ## Why is this bad?
    /// Policies that allow traffic to some pods leave every pod they do not
    /// select fully open, including pods added later. A default-deny policy
    /// makes "closed" the default; each workload's policy then opens only
    /// what it needs.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// # and no policy with `podSelector: {}` in namespace shop
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata:
    ///   name: default-deny
    ///   namespace: shop
    /// spec:
    ///   podSelector: {}
    ///   policyTypes: [Ingress, Egress]
    /// ```
    ///
    /// ## References
    /// - Practice K13 (namespace default-deny plus explicit allows).
    pub struct NamespaceWithoutDefaultDeny {
        code: "K8S062",
        name: "namespace-without-default-deny",
        summary: "Namespace has no default-deny NetworkPolicy",
        severity: Info,
        category: Security,
        practices: ["K13"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// Workloads that run pods (not `PodTemplate` objects) outside patches.
fn running_workloads<'a>(cluster: &'a Cluster<'a>) -> impl Iterator<Item = ObjRef<'a>> + 'a {
    cluster.workloads().filter(|r| {
        !cluster.is_patch(r.file)
            && r.object
                .workload
                .as_ref()
                .is_some_and(|w| w.kind != WorkloadKind::PodTemplate)
    })
}

/// Whether two workloads are in the same namespace group: the same known
/// namespace, or both unknown and in the same scope.
fn same_group(cluster: &Cluster<'_>, a: (&ParsedFile, &Object), b: (&ParsedFile, &Object)) -> bool {
    match (
        cluster.namespace_of(a.0, a.1),
        cluster.namespace_of(b.0, b.1),
    ) {
        (Namespace::Known(x), Namespace::Known(y)) => x == y,
        (Namespace::Unknown, Namespace::Unknown) => cluster.same_scope(a.0, b.0),
        _ => false,
    }
}

/// The first Namespace object of the run named `name`.
fn namespace_object<'a>(cluster: &Cluster<'a>, name: &str) -> Option<ObjRef<'a>> {
    cluster.of_kind("Namespace").find(|r| {
        r.object.is("", "Namespace")
            && r.object.name.as_deref() == Some(name)
            && !cluster.is_patch(r.file)
    })
}

/// The open directions of the namespace of `from`, if any.
fn open_directions(cluster: &Cluster<'_>, from: (&ParsedFile, &Object)) -> Option<&'static str> {
    if cluster.has_missing_resources(from.0) || other_engine_policies(cluster, from) {
        return None;
    }
    let (mut ingress, mut egress) = (false, false);
    for r in cluster.of_kind("NetworkPolicy") {
        if !is_network_policy(r.object)
            || cluster.is_patch(r.file)
            || !cluster.related(from, (r.file, r.object))
        {
            continue;
        }
        let Some(p) = r.file.yaml().and_then(|m| Policy::read(&m.yaml, r.object)) else {
            continue;
        };
        if !p.selector.is_empty() {
            continue;
        }
        ingress |= p.ingress && !p.ingress_open;
        egress |= p.egress && !p.egress_open;
    }
    match (ingress, egress) {
        (true, true) => None,
        (true, false) => Some("egress"),
        (false, true) => Some("ingress"),
        (false, false) => Some("ingress and egress"),
    }
}

impl Rule for NamespaceWithoutDefaultDeny {
    fn check_k8s_file(&self, cx: &K8sContext<'_>, out: &mut Diagnostics<'_>) {
        let cluster = cx.cluster;
        for o in cx.objects {
            // A Namespace object reports for its workloads.
            if o.is("", "Namespace")
                && let Some(name) = o.name.as_deref()
                && namespace_object(cluster, name).is_some_and(|r| std::ptr::eq(r.object, o))
            {
                let Some(first) = running_workloads(cluster)
                    .find(|r| cluster.namespace_of(r.file, r.object) == Namespace::Known(name))
                else {
                    continue;
                };
                if let Some(open) = open_directions(cluster, (first.file, first.object)) {
                    out.add(
                        cx.object_span(o),
                        format!("namespace `{name}` has no default-deny NetworkPolicy for {open}: pods no other policy selects are open"),
                    )
                    .help(help(open));
                }
                continue;
            }
            let Some(w) = &o.workload else { continue };
            if w.kind == WorkloadKind::PodTemplate || cluster.is_patch(cx.parsed) {
                continue;
            }
            let this = (cx.parsed, o);
            let is_first = running_workloads(cluster)
                .find(|r| same_group(cluster, (r.file, r.object), this))
                .is_some_and(|r| std::ptr::eq(r.object, o));
            if !is_first {
                continue;
            }
            let namespace = cluster.namespace_of(cx.parsed, o);
            if let Namespace::Known(name) = namespace
                && namespace_object(cluster, name).is_some()
            {
                continue;
            }
            let Some(open) = open_directions(cluster, this) else {
                continue;
            };
            let message = match namespace {
                Namespace::Known(name) => format!(
                    "namespace `{name}` of {} has no default-deny NetworkPolicy for {open}: pods no other policy selects are open",
                    o.display()
                ),
                Namespace::Unknown => format!(
                    "{} and the other workloads of its directory without a namespace have no default-deny NetworkPolicy for {open}: pods no other policy selects are open",
                    o.display()
                ),
            };
            out.add(cx.object_span(o), message).help(help(open));
        }
    }
}

fn help(open: &str) -> String {
    let types = match open {
        "ingress" => "[Ingress]",
        "egress" => "[Egress]",
        _ => "[Ingress, Egress]",
    };
    format!(
        "add a NetworkPolicy with `podSelector: {{}}` and `policyTypes: {types}` and no rules, then allow what each workload needs"
    )
}
