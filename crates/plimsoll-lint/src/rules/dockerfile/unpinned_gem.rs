use super::package_managers::{self, Tool};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `gem install <gem>` without a version (`-v` or `gem:version`).
    ///
    /// ## Why is this bad?
    /// The build installs the newest release that day, so two builds of the
    /// same commit can differ and a new major version can break the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ruby:3.3-slim
    /// RUN gem install bundler
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM ruby:3.3-slim
    /// RUN gem install bundler:2.5.16
    /// ```
    ///
    /// Local `.gem` files are not reported.
    ///
    /// ## References
    /// - Practice D08 (reproducible installs).
    /// - hadolint DL3028.
    pub struct UnpinnedGem {
        code: "DF072",
        name: "unpinned-gem",
        summary: "gem install without a version",
        severity: Warning,
        category: Reliability,
        practices: ["D08"],
        peers: [Hadolint "DL3028"],
        fix: None,
        default: true,
    }
}

impl Rule for UnpinnedGem {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in package_managers::installs(script, Tool::Gem) {
                if cmd.has_flag(&["-v", "--version"]) {
                    continue;
                }
                for pkg in &cmd.packages {
                    if pkg.value.contains(':')
                        || pkg.value.ends_with(".gem")
                        || package_managers::is_dynamic(pkg)
                    {
                        continue;
                    }
                    out.add(
                        pkg.span,
                        format!("{} is not pinned to a version", pkg.describe()),
                    )
                    .help(format!(
                        "write `{}:<version>` or add `-v <version>`",
                        pkg.value
                    ));
                }
            }
        }
    }
}
