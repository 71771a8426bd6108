use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an object defined twice in the run: same API group, kind,
    /// namespace and name, in the same namespace or, when the namespace is
    /// not written, in the same directory or kustomization. The second
    /// definition is reported, with the first as a related location.
    /// Kustomize patches are not definitions.
    ///
    /// ## Why is this bad?
    /// Applied together, the second silently replaces the first (`kubectl
    /// apply -f dir/`), and `kustomize build` refuses the pair. Usually a
    /// file was copied and only half renamed.
    ///
    /// ## Example
    /// ```yaml
    /// # web.yaml
    /// kind: Service
    /// metadata: {name: web}
    /// ---
    /// # web-internal.yaml
    /// kind: Service
    /// metadata: {name: web}
    /// ```
    ///
    /// ## Use instead
    /// Give each object its own name, or keep one definition.
    ///
    /// ## References
    /// - Practice K18 (manifests mean what they say).
    pub struct DuplicateObject {
        code: "K8S106",
        name: "duplicate-object",
        summary: "Object is defined more than once",
        severity: Error,
        category: Correctness,
        practices: ["K18"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for DuplicateObject {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let Some(name) = o.name.as_deref() else {
            return;
        };
        if o.is_kustomization() || helpers::is_templated(name) || o.kind == "List" {
            return;
        }
        let this = (cx.parsed, o);
        // The first definition in run order other than this one.
        let first = cx.cluster.of_kind(&o.kind).find(|r| {
            r.object.name.as_deref() == Some(name)
                && r.object.group() == o.group()
                && !cx.cluster.is_patch(r.file)
                && (helpers::is_cluster_scoped(o) && cx.cluster.same_scope(cx.parsed, r.file)
                    || !helpers::is_cluster_scoped(o)
                        && cx.cluster.related(this, (r.file, r.object)))
        });
        let Some(first) = first else { return };
        if std::ptr::eq(first.object, o) {
            return;
        }
        let Some(first_yaml) = first.file.yaml().map(|m| &m.yaml) else {
            return;
        };
        let first_span = first
            .object
            .metadata
            .and_then(|m| first_yaml.get(m, "name"))
            .map_or(first_yaml.node(first.object.node).span, |n| {
                first_yaml.node(n).span
            });
        out.add(
            cx.object_span(o),
            format!("{} is defined twice", o.display()),
        )
        .related_in(&first.file.source, first_span, "first defined here")
        .help("rename one of the two, or remove the copy");
    }
}
