use super::prelude::*;

/// What `apt <sub>` becomes: `apt-get` or `apt-cache`.
fn replacement(sub: &str) -> Option<&'static str> {
    match sub {
        "install" | "update" | "upgrade" | "remove" | "purge" | "autoremove" | "dist-upgrade"
        | "clean" | "autoclean" | "source" | "build-dep" | "download" | "check" | "reinstall" => {
            Some("apt-get")
        }
        "search" | "show" | "policy" | "showpkg" | "depends" | "rdepends" => Some("apt-cache"),
        _ => None,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `apt` in `RUN` scripts.
    ///
    /// ## Why is this bad?
    /// `apt` is the interactive front end: its output and behaviour are
    /// meant for humans and may change between releases, and it warns that
    /// it "does not have a stable CLI interface". Scripts should use
    /// `apt-get` and `apt-cache`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt update && apt install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// The fix renames the command (`apt-get` for package operations,
    /// `apt-cache` for queries). It is safe: the subcommands and options
    /// used in Dockerfiles are the same.
    ///
    /// ## References
    /// - Practice D15, D12.
    /// - hadolint DL3027, checkov CKV_DOCKER_9.
    pub struct AptInsteadOfAptGet {
        code: "DF052",
        name: "apt-instead-of-apt-get",
        summary: "`apt` used in a script instead of `apt-get`",
        severity: Warning,
        category: Reliability,
        practices: ["D15", "D12"],
        peers: [Hadolint "DL3027", Checkov "CKV_DOCKER_9"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for AptInsteadOfAptGet {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in script.commands_named("apt") {
                let sub = cmd
                    .subcommand(&["-o", "-t", "-c"])
                    .map(|w| w.value.as_str());
                let fix = sub.and_then(replacement).map(|tool| {
                    Fix::safe(
                        format!("Use `{tool}`"),
                        vec![Edit::replace(cmd.name.span, tool)],
                    )
                });
                out.add(
                    cmd.name.span,
                    "`apt` is meant for interactive use; use `apt-get` or `apt-cache` in scripts",
                )
                .fix_opt(fix);
            }
        }
    }
}
