use super::prelude::*;
use super::security_support::looks_partial;

declare_rule! {
    /// ## What it does
    /// Reports containers (main, init, sidecar and ephemeral) without an
    /// `image`, or with an empty one. Custom resources with a pod template
    /// (whose operator may fill the image in) are not checked, nor are
    /// partial objects: files a kustomization of the run lists as patches,
    /// and, when that kustomization is not part of the run, objects that look
    /// like patches: a file named `*patch*` or in a `patches` directory, or
    /// an `apps/v1` controller without its required `selector` (a
    /// kustomize base with a selector added by its kustomization has images).
    ///
    /// ## Why is this bad?
    /// The API server rejects the whole object (`containers[0].image:
    /// Required value`): nothing of it is deployed. An empty image usually
    /// means a templating variable that expanded to nothing.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: ""
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: registry.example.com/api:1.4.2
    /// ```
    ///
    /// ## References
    /// - Practice K04 (images pinned).
    pub struct MissingContainerImage {
        code: "K8S033",
        name: "missing-container-image",
        summary: "Container has no image",
        severity: Error,
        category: Correctness,
        practices: ["K04"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for MissingContainerImage {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        if w.kind == WorkloadKind::Custom || looks_partial(cx, o, w) {
            return;
        }
        let yaml = cx.yaml;
        let node = c.get(yaml, "image");
        let span = match node {
            None => cx.container_span(c),
            Some(image) => match yaml.str(image) {
                Some(text) if text.trim().is_empty() => cx
                    .entry_span(c.node, "image")
                    .unwrap_or_else(|| cx.span(image)),
                // A value, or something that is not a string (K8S schema rules).
                _ => return,
            },
        };
        out.add(
            span,
            format!(
                "{} of {} has no image: the API server rejects the object",
                c.display(),
                o.display()
            ),
        )
        .help("set `image` to a pinned image reference");
    }
}
