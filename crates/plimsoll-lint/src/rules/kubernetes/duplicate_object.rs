use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an object defined twice where both definitions are applied
    /// together: same API group, kind, namespace and name, in one file, or
    /// in two files one kustomization builds together. The second
    /// definition is reported, with the first as a related location.
    /// Kustomize patches are not definitions, and files that are
    /// alternatives to each other (two variants of an install manifest in
    /// one directory) are not reported.
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
        let ns = cx.cluster.namespace_of(cx.parsed, o);
        // The first definition in run order applied together with this one.
        let first = cx.cluster.named(&o.kind, name).find(|r| {
            r.object.name.as_deref() == Some(name)
                && r.object.group() == o.group()
                && !cx.cluster.is_patch(r.file)
                && cx.cluster.namespace_of(r.file, r.object) == ns
                && (std::ptr::eq(r.file, cx.parsed) || cx.cluster.built_together(cx.parsed, r.file))
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
