use super::package_managers::{self, Tool};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `apk add` of packages without a version constraint
    /// (`curl` instead of `curl=8.9.1-r1` or `curl~8.9`).
    ///
    /// ## Why is this bad?
    /// Each build installs whatever version the repository has that day.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl~8.9
    /// ```
    ///
    /// Alpine removes old package versions from its repositories, so exact
    /// pins break builds; `~` pins to a minor version. This rule is off by
    /// default: select `DF059` to enable it. The name given to `--virtual`,
    /// local `.apk` files and variables are not reported.
    ///
    /// ## References
    /// - Practice D15 (pinned OS packages, opt-in), D08.
    /// - hadolint DL3018.
    pub struct UnpinnedApkPackage {
        code: "DF059",
        name: "unpinned-apk-package",
        summary: "apk add of a package without a version",
        severity: Warning,
        category: Reliability,
        practices: ["D15", "D08"],
        peers: [Hadolint "DL3018"],
        fix: None,
        default: false,
    }
}

impl Rule for UnpinnedApkPackage {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in package_managers::installs(script, Tool::Apk) {
                for pkg in cmd.packages {
                    let v = &pkg.value;
                    if v.contains(['=', '~', '<', '>'])
                        || v.ends_with(".apk")
                        || package_managers::is_dynamic(&pkg)
                    {
                        continue;
                    }
                    out.add(
                        pkg.span,
                        format!("{} is not pinned to a version", pkg.describe()),
                    )
                    .help(format!("write `{v}=<version>` or `{v}~<major.minor>`"));
                }
            }
        }
    }
}
