use super::package_managers::{self, Tool};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` of packages without a version
    /// (`curl` instead of `curl=7.88.1-10+deb12u8`).
    ///
    /// ## Why is this bad?
    /// Each build installs whatever version the mirror has that day, so two
    /// builds of the same commit can differ.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// Pinned Debian versions disappear from mirrors when security updates
    /// land, which breaks builds; many teams prefer a pinned base image
    /// digest instead. This rule is therefore off by default: select `DF056`
    /// to enable it. Local `.deb` files and variables are not reported.
    ///
    /// ## References
    /// - Practice D15 (pinned OS packages, opt-in), D08.
    /// - hadolint DL3008.
    pub struct UnpinnedAptPackage {
        code: "DF056",
        name: "unpinned-apt-package",
        summary: "apt-get install of a package without a version",
        severity: Warning,
        category: Reliability,
        practices: ["D15", "D08"],
        peers: [Hadolint "DL3008"],
        fix: None,
        default: false,
    }
}

impl Rule for UnpinnedAptPackage {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in [Tool::AptGet, Tool::Apt]
                .into_iter()
                .flat_map(|t| package_managers::installs(script, t))
            {
                for pkg in cmd.packages {
                    let v = &pkg.value;
                    if v.contains('=')
                        || v.ends_with(".deb")
                        || v.contains('/')
                        || package_managers::is_dynamic(&pkg)
                    {
                        continue;
                    }
                    out.add(
                        pkg.span,
                        format!("{} is not pinned to a version", pkg.describe()),
                    )
                    .help(format!(
                        "write `{v}=<version>` (see `apt-cache policy {v}`)"
                    ));
                }
            }
        }
    }
}
