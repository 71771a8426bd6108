use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a chart that does not render: a template syntax or execution
    /// error, a `required` value left unset, a `fail` call, values that
    /// break `values.schema.json`, or a dependency missing from `charts/`.
    /// The chart is rendered with `values.yaml` and with each environment
    /// overlay (`values-*.yaml`, `values/*.yaml`, `ci/*-values.yaml`); the
    /// message names the values file. The finding points at the template
    /// file and line of the error when known, else at `Chart.yaml`.
    ///
    /// ## Why is this bad?
    /// `helm install` and `helm template` stop at the first such error: the
    /// release cannot be deployed with that values file, and nothing else in
    /// the chart can be checked.
    ///
    /// ## Example
    /// ```yaml
    /// # templates/deployment.yaml
    /// image: {{ required "image.repository is required" .Values.image.repository }}
    /// ```
    ///
    /// ## Use instead
    /// Give the value a default in `values.yaml`, or set it in every overlay
    /// that is meant to be deployed.
    ///
    /// ## References
    /// - Practice H02: environments are values overlays of the same chart.
    /// - Practice H04: the chart renders, and passes every Kubernetes rule,
    ///   with each values file.
    /// - helm-lint: `helm lint` reports the same render errors.
    pub struct ChartRenderError {
        code: "HELM001",
        name: "chart-render-error",
        summary: "Chart does not render with one of its values files",
        severity: Error,
        category: Correctness,
        practices: ["H02", "H04"],
        peers: [HelmLint "render"],
        fix: None,
        default: true,
    }
}

impl Rule for ChartRenderError {}
