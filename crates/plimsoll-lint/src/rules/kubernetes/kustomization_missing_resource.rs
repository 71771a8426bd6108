use super::prelude::*;
use crate::k8s::kustomize::Kustomization;

declare_rule! {
    /// ## What it does
    /// Reports paths a kustomization lists under `resources`, `bases`,
    /// `components`, `patches` or `patchesStrategicMerge` that do not exist
    /// next to it. Remote bases (URLs, `github.com/...`) are not checked.
    ///
    /// ## Why is this bad?
    /// `kustomize build` (and `kubectl apply -k`, and Argo CD) fail on the
    /// whole overlay, typically after a file was renamed or moved.
    ///
    /// ## Example
    /// ```yaml
    /// resources:
    ///   - deployment.yaml
    ///   - servce.yaml
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// resources:
    ///   - deployment.yaml
    ///   - service.yaml
    /// ```
    ///
    /// ## References
    /// - Practice K18.
    pub struct KustomizationMissingResource {
        code: "K8S107",
        name: "kustomization-missing-resource",
        summary: "Kustomization lists a path that does not exist",
        severity: Error,
        category: Correctness,
        practices: ["K18"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for KustomizationMissingResource {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if !o.is_kustomization() {
            return;
        }
        let dir = cx
            .parsed
            .fs_path
            .parent()
            .unwrap_or(std::path::Path::new("."));
        let k = Kustomization::read(cx.yaml, o);
        for entry in k.resources.iter().chain(&k.patches) {
            if entry.is_remote() || helpers::is_templated(&entry.path) || entry.path.is_empty() {
                continue;
            }
            if !dir.join(&entry.path).exists() {
                out.add(
                    cx.span(entry.node),
                    format!("`{}` does not exist next to this kustomization", entry.path),
                )
                .help("fix the path, or remove the entry");
            }
        }
    }
}
