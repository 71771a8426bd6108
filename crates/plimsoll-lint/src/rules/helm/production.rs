//! Production overlays (`values-prod*.yaml`, `values/prod*.yaml`): pinned
//! images and resources in the rendered output. Reported by the chart
//! checks (`crate::helm`), which render each overlay.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Renders the chart with each production overlay (`values-prod*.yaml`,
    /// `values-production.yaml`, `values/prod*.yaml`) and reports a
    /// container whose image has the tag `latest` or no tag at all (which
    /// means `latest`). Digests (`@sha256:...`) are pinned. Other overlays
    /// and `values.yaml` are not judged here (K8S rules cover them).
    /// The finding points at the template line that writes the image.
    ///
    /// ## Why is this bad?
    /// `latest` moves: two nodes may run different code, a rollback redeploys
    /// whatever `latest` is today, and nothing records what was released.
    ///
    /// ## Example
    /// ```yaml
    /// # values-production.yaml
    /// image:
    ///   repository: registry.example.com/web
    ///   tag: latest
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # values-production.yaml
    /// image:
    ///   repository: registry.example.com/web
    ///   tag: "1.4.2"
    /// ```
    ///
    /// ## References
    /// - Practice H04 (production values never use `latest`).
    pub struct ProductionLatestImage {
        code: "HELM009",
        name: "production-latest-image",
        summary: "Production overlay renders an image with the `latest` tag",
        severity: Error,
        category: Reliability,
        practices: ["H04"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for ProductionLatestImage {}

declare_rule! {
    /// ## What it does
    /// Renders the chart with each production overlay (`values-prod*.yaml`,
    /// `values-production.yaml`, `values/prod*.yaml`) and reports a
    /// container (init containers included) with neither resource requests
    /// nor limits, such as an empty `resources: {}` left from the defaults.
    /// The finding points at the template line that writes `resources`
    /// (or the container).
    ///
    /// ## Why is this bad?
    /// Without requests the scheduler packs the pod anywhere and it is the
    /// first evicted under pressure; without limits one pod can starve the
    /// node. Development defaults may leave them empty, production must not.
    ///
    /// ## Example
    /// ```yaml
    /// # values-production.yaml
    /// replicaCount: 3
    /// resources: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # values-production.yaml
    /// replicaCount: 3
    /// resources:
    ///   requests: {cpu: 250m, memory: 256Mi}
    ///   limits: {memory: 256Mi}
    /// ```
    ///
    /// ## References
    /// - Practice H04 (production values always set resources).
    pub struct ProductionMissingResources {
        code: "HELM010",
        name: "production-missing-resources",
        summary: "Production overlay renders a container without resources",
        severity: Warning,
        category: Reliability,
        practices: ["H04"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for ProductionMissingResources {}
