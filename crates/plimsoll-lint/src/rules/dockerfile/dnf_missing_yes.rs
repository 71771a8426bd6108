use super::package_managers::{Tool, checks};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `dnf install` without `-y`.
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer the confirmation prompt: `dnf`
    /// aborts and the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:41
    /// RUN dnf install httpd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM fedora:41
    /// RUN dnf install -y httpd
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts `-y` after `install`. It is safe.
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3038.
    pub struct DnfMissingYes {
        code: "DF063",
        name: "dnf-missing-yes",
        summary: "dnf install without -y",
        severity: Warning,
        category: Reliability,
        practices: ["D15"],
        peers: [Hadolint "DL3038"],
        fix: Always,
        default: true,
    }
}

impl Rule for DnfMissingYes {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        checks::assume_yes(cx, out, Tool::Dnf, &["-y", "--assumeyes"], "-y");
    }
}
