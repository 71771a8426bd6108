use super::package_managers::{Tool, checks};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `zypper install` of packages without a version.
    ///
    /// ## Why is this bad?
    /// Each build installs whatever version the repository has that day, so
    /// two builds of the same commit can differ.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive install apache2
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive install apache2=2.4.58
    /// ```
    ///
    /// Old versions disappear from distribution repositories, so pins can
    /// break builds. This rule is off by default: select `DF068` to enable it.
    /// Local `.rpm` files, URLs, groups and variables are not reported.
    ///
    /// ## References
    /// - Practice D15 (pinned OS packages, opt-in), D08.
    /// - hadolint DL3037.
    pub struct UnpinnedZypperPackage {
        code: "DF068",
        name: "unpinned-zypper-package",
        summary: "zypper install of a package without a version",
        severity: Warning,
        category: Reliability,
        practices: ["D15", "D08"],
        peers: [Hadolint "DL3037"],
        fix: None,
        default: false,
    }
}

impl Rule for UnpinnedZypperPackage {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        checks::pinned(
            cx,
            out,
            &[Tool::Zypper],
            &|p: &str| p.contains(['=', '<', '>']) || p.ends_with(".rpm"),
            "write `{pkg}=<version>`",
        );
    }
}
