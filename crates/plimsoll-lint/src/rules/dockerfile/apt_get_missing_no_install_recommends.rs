use super::package_managers::{self, Tool};
use super::prelude::*;

/// `-o APT::Install-Recommends=false` or an apt.conf line saying the same.
fn disables_recommends(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("install-recommends")
        && (t.contains("false") || t.contains("\"0\"") || t.contains("=0"))
}

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` without `--no-install-recommends`.
    ///
    /// ## Why is this bad?
    /// By default apt also installs "recommended" packages: documentation,
    /// fonts, extra tools. They make the image larger and add packages to
    /// patch that the application never uses.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// `-o APT::Install-Recommends=false`, or an apt configuration written
    /// earlier in the Dockerfile that disables recommends, is accepted.
    ///
    /// ## Fix safety
    /// The fix inserts `--no-install-recommends` after `install`. It is
    /// safe: the requested packages and their dependencies are still installed.
    ///
    /// ## References
    /// - Practice D12 (`--no-install-recommends`).
    /// - hadolint DL3015.
    pub struct AptGetMissingNoInstallRecommends {
        code: "DF054",
        name: "apt-get-missing-no-install-recommends",
        summary: "apt-get install without --no-install-recommends",
        severity: Info,
        category: Efficiency,
        practices: ["D12"],
        peers: [Hadolint "DL3015"],
        fix: Always,
        default: true,
    }
}

impl Rule for AptGetMissingNoInstallRecommends {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        let mut configured = false;
        for (inst, script) in helpers::run_scripts(df) {
            // An apt.conf written earlier that disables recommends covers later RUNs.
            let text = cx.text(inst.full_span);
            if text.contains("apt.conf") && disables_recommends(text) {
                configured = true;
                continue;
            }
            if configured {
                continue;
            }
            for tool in [Tool::AptGet, Tool::Apt] {
                for cmd in package_managers::installs(script, tool) {
                    if cmd.has_flag(&["--no-install-recommends"])
                        || cmd.args.iter().any(|a| disables_recommends(&a.value))
                    {
                        continue;
                    }
                    let Some(action) = cmd.action else { continue };
                    out.add(
                        action.span,
                        "recommended packages are installed too; add `--no-install-recommends`",
                    )
                    .fix(Fix::safe(
                        "Add `--no-install-recommends`",
                        vec![Edit::insert(action.span.end, " --no-install-recommends")],
                    ));
                }
            }
        }
    }
}
