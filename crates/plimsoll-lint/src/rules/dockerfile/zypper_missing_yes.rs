use super::package_managers::{Tool, checks};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `zypper install` without `-y` (or the global `-n` / `--non-interactive`).
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer the confirmation prompt: `zypper`
    /// aborts and the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install httpd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts `-y` after `install`. It is safe.
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3034.
    pub struct ZypperMissingYes {
        code: "DF066",
        name: "zypper-missing-yes",
        summary: "zypper install without --non-interactive",
        severity: Warning,
        category: Reliability,
        practices: ["D15"],
        peers: [Hadolint "DL3034"],
        fix: Always,
        default: true,
    }
}

impl Rule for ZypperMissingYes {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        checks::assume_yes(
            cx,
            out,
            Tool::Zypper,
            &["-n", "--non-interactive", "-y", "--no-confirm"],
            "-y",
        );
    }
}
