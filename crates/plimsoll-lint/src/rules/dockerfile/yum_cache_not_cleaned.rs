use super::package_managers::{Tool, checks};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that installs with `yum` but does not clean its
    /// cache in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// Package metadata and downloaded packages stay in the layer: tens to
    /// hundreds of megabytes that no later `RUN` can remove from the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM rockylinux:9
    /// RUN yum install -y httpd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM rockylinux:9
    /// RUN yum install -y httpd \
    ///     && yum clean all
    /// ```
    ///
    /// A cache mount on the cache directory is accepted. Only the stages
    /// that end up in the final image are checked.
    ///
    /// ## References
    /// - Practice D12 (package caches cleaned in the same layer).
    /// - hadolint DL3032.
    pub struct YumCacheNotCleaned {
        code: "DF061",
        name: "yum-cache-not-cleaned",
        summary: "yum cache left in the image layer",
        severity: Info,
        category: Efficiency,
        practices: ["D12"],
        peers: [Hadolint "DL3032"],
        fix: None,
        default: true,
    }
}

impl Rule for YumCacheNotCleaned {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        checks::cache_cleaned(
            cx,
            out,
            &[Tool::Yum],
            &|s| checks::runs_clean(s, &["yum"], &["clean"]),
            &["/var/cache/yum"],
            "end the RUN with `&& yum clean all`, or mount a cache on the cache directory",
        );
    }
}
