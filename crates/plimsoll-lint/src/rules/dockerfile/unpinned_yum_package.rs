use super::package_managers::{self, Tool, checks};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `yum install` of packages without a version.
    ///
    /// ## Why is this bad?
    /// Each build installs whatever version the repository has that day, so
    /// two builds of the same commit can differ.
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
    /// RUN yum install -y httpd-2.4.57
    /// ```
    ///
    /// Old versions disappear from distribution repositories, so pins can
    /// break builds. This rule is off by default: select `DF062` to enable it.
    /// Local `.rpm` files, URLs, groups and variables are not reported.
    ///
    /// ## References
    /// - Practice D15 (pinned OS packages, opt-in), D08.
    /// - hadolint DL3033.
    pub struct UnpinnedYumPackage {
        code: "DF062",
        name: "unpinned-yum-package",
        summary: "yum install of a package without a version",
        severity: Warning,
        category: Reliability,
        practices: ["D15", "D08"],
        peers: [Hadolint "DL3033"],
        fix: None,
        default: false,
    }
}

impl Rule for UnpinnedYumPackage {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        checks::pinned(
            cx,
            out,
            &[Tool::Yum],
            &package_managers::rpm_pinned,
            "write `{pkg}-<version>`",
        );
    }
}
