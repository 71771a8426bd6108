use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Helm value file of a multi-source ArgoCD Application (or
    /// ApplicationSet template) written `$name/path` where no source of the
    /// Application has `ref: name`. Templated names are not judged.
    ///
    /// ## Why is this bad?
    /// `$name` points into the source whose `ref` is `name`; without such
    /// a source ArgoCD cannot resolve the file and the Application fails
    /// to render ("values file ... not found" / unresolved ref), so nothing
    /// syncs.
    ///
    /// ## Example
    /// ```yaml
    /// sources:
    ///   - repoURL: https://charts.bitnami.com/bitnami
    ///     chart: redis
    ///     targetRevision: 19.0.1
    ///     helm:
    ///       valueFiles:
    ///         - $values/redis/values-prod.yaml
    ///   - repoURL: https://github.com/acme/values.git
    ///     targetRevision: v1.0.0
    ///     ref: value
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   - repoURL: https://github.com/acme/values.git
    ///     targetRevision: v1.0.0
    ///     ref: values
    /// ```
    ///
    /// ## References
    /// - Practice O03 (ArgoCD Applications that sync).
    /// - No peer.
    /// - [Argo CD: multiple sources](https://argo-cd.readthedocs.io/en/stable/user-guide/multiple_sources/)
    pub struct UnknownSourceRef {
        code: "ARGO019",
        name: "unknown-source-ref",
        summary: "Helm value file names a `$ref` no source of the Application defines",
        severity: Error,
        category: Correctness,
        practices: ["O03"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for UnknownSourceRef {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some((spec, label)) = support::app_spec(yaml, o) else {
            return;
        };
        if yaml.get(spec, "sources").is_none() {
            return;
        }
        let sources = support::sources(yaml, spec);
        let refs: Vec<&str> = sources
            .iter()
            .filter_map(|&s| support::str_at(yaml, s, &["ref"]))
            .collect();
        if refs.iter().any(|r| is_templated(r)) {
            return;
        }
        for &s in &sources {
            let Some(files) = yaml.path(s, &["helm", "valueFiles"]) else {
                continue;
            };
            for &f in yaml.items(files) {
                let Some(file) = yaml.str(f) else { continue };
                let Some(rest) = file.strip_prefix('$') else {
                    continue;
                };
                let name = rest.split('/').next().unwrap_or(rest);
                if name.is_empty() || is_templated(file) || refs.contains(&name) {
                    continue;
                }
                out.add(
                    cx.span(f),
                    format!("{label}: value file `{file}` refers to `${name}`, but no source has `ref: {name}`"),
                )
                .help(format!("add `ref: {name}` to the source holding the file, or fix the name"));
            }
        }
    }
}
