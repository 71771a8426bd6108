use super::package_managers::{Tool, checks};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `yum install` without `-y`.
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer the confirmation prompt: `yum`
    /// aborts and the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM rockylinux:9
    /// RUN yum install httpd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM rockylinux:9
    /// RUN yum install -y httpd
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts `-y` after `install`. It is safe.
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3030.
    pub struct YumMissingYes {
        code: "DF060",
        name: "yum-missing-yes",
        summary: "yum install without -y",
        severity: Warning,
        category: Reliability,
        practices: ["D15"],
        peers: [Hadolint "DL3030"],
        fix: Always,
        default: true,
    }
}

impl Rule for YumMissingYes {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        checks::assume_yes(cx, out, Tool::Yum, &["-y", "--assumeyes"], "-y");
    }
}
