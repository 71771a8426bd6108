use super::package_managers::{Tool, checks};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that installs with `dnf` but does not clean its
    /// cache in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// Package metadata and downloaded packages stay in the layer: tens to
    /// hundreds of megabytes that no later `RUN` can remove from the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:41
    /// RUN dnf install -y httpd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM fedora:41
    /// RUN dnf install -y httpd \
    ///     && dnf clean all
    /// ```
    ///
    /// A cache mount on the cache directory is accepted. Only the stages
    /// that end up in the final image are checked.
    ///
    /// ## References
    /// - Practice D12 (package caches cleaned in the same layer).
    /// - hadolint DL3040.
    pub struct DnfCacheNotCleaned {
        code: "DF064",
        name: "dnf-cache-not-cleaned",
        summary: "dnf cache left in the image layer",
        severity: Info,
        category: Efficiency,
        practices: ["D12"],
        peers: [Hadolint "DL3040"],
        fix: None,
        default: true,
    }
}

impl Rule for DnfCacheNotCleaned {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        checks::cache_cleaned(
            cx,
            out,
            &[Tool::Dnf, Tool::Microdnf],
            &|s| checks::runs_clean(s, &["dnf", "dnf5", "microdnf"], &["clean"]),
            &["/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"],
            "end the RUN with `&& dnf clean all`, or mount a cache on the cache directory",
        );
    }
}
