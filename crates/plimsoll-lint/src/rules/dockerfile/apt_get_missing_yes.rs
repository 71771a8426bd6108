use super::package_managers::{self, Tool};
use super::prelude::*;

/// Subcommands that ask for confirmation.
const PROMPTING: [&str; 6] = [
    "install",
    "upgrade",
    "dist-upgrade",
    "remove",
    "purge",
    "autoremove",
];

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` (and `upgrade`, `remove`...) without `-y`.
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer "Do you want to continue? [Y/n]":
    /// `apt-get` aborts and the build fails as soon as a package needs
    /// anything extra.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// `-y`, `--yes`, `--assume-yes`, `-qq` (which implies `-y`) and
    /// `-o APT::Get::Assume-Yes=true` are accepted.
    ///
    /// ## Fix safety
    /// The fix inserts `-y` after the subcommand. It is safe.
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3014.
    pub struct AptGetMissingYes {
        code: "DF053",
        name: "apt-get-missing-yes",
        summary: "apt-get install without -y",
        severity: Warning,
        category: Reliability,
        practices: ["D15"],
        peers: [Hadolint "DL3014"],
        fix: Always,
        default: true,
    }
}

impl Rule for AptGetMissingYes {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in package_managers::commands(script, Tool::AptGet) {
                let Some(action) = cmd.action.filter(|a| PROMPTING.contains(&a.value.as_str()))
                else {
                    continue;
                };
                let quiet2 = cmd
                    .args
                    .iter()
                    .any(|a| a.value == "-qq" || a.value == "--quiet=2" || a.value == "-q=2");
                let assume = cmd.args.iter().any(|a| {
                    a.value.contains("Assume-Yes=true") || a.value.contains("Assume-Yes=1")
                });
                if quiet2 || assume || cmd.has_flag(&["-y", "--yes", "--assume-yes"]) {
                    continue;
                }
                out.add(
                    action.span,
                    format!(
                        "`apt-get {}` without `-y` aborts when it asks for confirmation",
                        action.value
                    ),
                )
                .fix(Fix::safe(
                    "Add `-y`",
                    vec![Edit::insert(action.span.end, " -y")],
                ));
            }
        }
    }
}
