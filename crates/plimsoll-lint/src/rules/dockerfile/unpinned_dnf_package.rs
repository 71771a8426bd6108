use super::package_managers::{self, Tool, checks};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `dnf install` of packages without a version.
    ///
    /// ## Why is this bad?
    /// Each build installs whatever version the repository has that day, so
    /// two builds of the same commit can differ.
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
    /// RUN dnf install -y httpd-2.4.62
    /// ```
    ///
    /// Old versions disappear from distribution repositories, so pins can
    /// break builds. This rule is off by default: select `DF065` to enable it.
    /// Local `.rpm` files, URLs, groups and variables are not reported.
    ///
    /// ## References
    /// - Practice D15 (pinned OS packages, opt-in), D08.
    /// - hadolint DL3041.
    pub struct UnpinnedDnfPackage {
        code: "DF065",
        name: "unpinned-dnf-package",
        summary: "dnf install of a package without a version",
        severity: Warning,
        category: Reliability,
        practices: ["D15", "D08"],
        peers: [Hadolint "DL3041"],
        fix: None,
        default: false,
    }
}

impl Rule for UnpinnedDnfPackage {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        checks::pinned(
            cx,
            out,
            &[Tool::Dnf, Tool::Microdnf],
            &package_managers::rpm_pinned,
            "write `{pkg}-<version>`",
        );
    }
}
