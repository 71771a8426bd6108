use super::prelude::*;
use super::support::judged;
use crate::compose::size;

declare_rule! {
    /// ## What it does
    /// Reports a service without a memory limit: neither `mem_limit` nor
    /// `deploy.resources.limits.memory` is set (or it is `0`), in any file
    /// merged with it or in the service it extends. A value that reads a
    /// variable counts as set. CPU limits are not required: an unbounded
    /// CPU share slows neighbours, while unbounded memory gets them killed.
    /// `provider` services and overrides of a base service are not judged
    /// (the base file's definition is).
    ///
    /// ## Why is this bad?
    /// Docker imposes no memory limit by default: a leak or a spike in one
    /// container grows until the kernel's OOM killer picks a victim on the
    /// host, often another service or the Docker daemon.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     image: registry.example.com/api:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   api:
    ///     image: registry.example.com/api:1.4.2
    ///     deploy:
    ///       resources:
    ///         limits:
    ///           memory: 512m
    /// ```
    ///
    /// ## References
    /// - Practice C03 (resource limits and reservations).
    /// - compose-lint CL-0026 (which also asks for a CPU limit).
    pub struct ServiceWithoutMemoryLimit {
        code: "DC007",
        name: "service-without-memory-limit",
        summary: "Service has no memory limit",
        severity: Warning,
        category: Efficiency,
        practices: ["C03"],
        peers: [ComposeLint "CL-0026"],
        fix: None,
        default: true,
    }
}

/// Whether a memory value limits anything (`0` does not).
fn limits(value: &Scalar) -> bool {
    value.is_interpolated() || size::parse(&value.value).map_or(true, |b| b > 0)
}

impl Rule for ServiceWithoutMemoryLimit {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        if cx.yaml.get(s.node, "provider").is_some() {
            return;
        }
        let Some(merged) = judged(cx, s) else { return };
        if merged.any(|d| {
            d.mem_limit.as_ref().is_some_and(limits)
                || d.deploy
                    .as_ref()
                    .and_then(|dep| dep.limits_memory.as_ref())
                    .is_some_and(limits)
        }) {
            return;
        }
        out.add(cx.service_span(s), format!("{} has no memory limit", s.display()))
            .help("set `deploy.resources.limits.memory` (or `mem_limit`) from the service's observed usage");
    }
}
