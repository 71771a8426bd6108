use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports distribution upgrades in a build: `apt-get dist-upgrade`,
    /// `apt full-upgrade`, `zypper dist-upgrade` (`dup`).
    ///
    /// ## Why is this bad?
    /// A distribution upgrade can move the image to the next release under a
    /// base tag that says otherwise, replacing libraries the application was
    /// tested with. Security updates come with a newer base image; pick a
    /// newer tag instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.5
    /// RUN zypper --non-interactive dist-upgrade
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// ```
    ///
    /// ## References
    /// - Practice D03 (pinned base images), D13.
    /// - hadolint DL3035.
    pub struct DistributionUpgrade {
        code: "DF057",
        name: "distribution-upgrade",
        summary: "Distribution upgrade inside the image build",
        severity: Warning,
        category: Reliability,
        practices: ["D03", "D13"],
        peers: [Hadolint "DL3035"],
        fix: None,
        default: true,
    }
}

impl Rule for DistributionUpgrade {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in script.command_views() {
                let upgrade = match cmd.name() {
                    "apt-get" | "apt" => cmd
                        .subcommand(&["-o", "-t"])
                        .filter(|w| matches!(w.value.as_str(), "dist-upgrade" | "full-upgrade")),
                    "zypper" => cmd
                        .subcommand(&["-r", "--root"])
                        .filter(|w| matches!(w.value.as_str(), "dist-upgrade" | "dup")),
                    _ => None,
                };
                if let Some(word) = upgrade {
                    out.add(
                        word.span,
                        format!(
                            "`{} {}` can move the image to another distribution release",
                            cmd.name(),
                            word.value
                        ),
                    )
                    .help("use a newer base image tag instead");
                }
            }
        }
    }
}
