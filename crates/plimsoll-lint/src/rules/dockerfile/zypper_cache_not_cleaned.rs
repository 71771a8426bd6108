use super::package_managers::{Tool, checks};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that installs with `zypper` but does not clean its
    /// cache in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// Package metadata and downloaded packages stay in the layer: tens to
    /// hundreds of megabytes that no later `RUN` can remove from the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive install httpd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive install httpd \
    ///     && zypper clean --all
    /// ```
    ///
    /// A cache mount on the cache directory is accepted. Only the stages
    /// that end up in the final image are checked.
    ///
    /// ## References
    /// - Practice D12 (package caches cleaned in the same layer).
    /// - hadolint DL3036.
    pub struct ZypperCacheNotCleaned {
        code: "DF067",
        name: "zypper-cache-not-cleaned",
        summary: "zypper cache left in the image layer",
        severity: Info,
        category: Efficiency,
        practices: ["D12"],
        peers: [Hadolint "DL3036"],
        fix: None,
        default: true,
    }
}

impl Rule for ZypperCacheNotCleaned {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        checks::cache_cleaned(
            cx,
            out,
            &[Tool::Zypper],
            &|s| checks::runs_clean(s, &["zypper"], &["clean", "cc"]),
            &["/var/cache/zypp"],
            "end the RUN with `&& zypper clean --all`, or mount a cache on the cache directory",
        );
    }
}
