use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `sudo` in `RUN` scripts.
    ///
    /// ## Why is this bad?
    /// `RUN` already runs as the current `USER`; switching with `USER root`
    /// is explicit and visible. `sudo` needs a TTY or special configuration,
    /// behaves differently across distributions, and leaves a privilege
    /// escalation tool in the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// USER app
    /// RUN sudo apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get install -y curl
    /// USER app
    /// ```
    ///
    /// To drop privileges at runtime, use `gosu` or `su-exec` in the entrypoint.
    ///
    /// ## References
    /// - Practice D02, D09 (no sudo in images).
    /// - hadolint DL3004, checkov CKV2_DOCKER_1.
    pub struct SudoInRun {
        code: "DF007",
        name: "sudo-in-run",
        summary: "sudo used in a RUN script",
        severity: Error,
        category: Security,
        practices: ["D02", "D09"],
        peers: [Hadolint "DL3004", Checkov "CKV2_DOCKER_1"],
        fix: None,
        default: true,
    }
}

impl Rule for SudoInRun {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in script
                .commands
                .iter()
                .filter(|c| c.name.value.rsplit('/').next() == Some("sudo"))
            {
                out.add(cmd.name.span, "`sudo` in a build step")
                    .help("use `USER root` before the step (and switch back after), or `gosu`/`su-exec` at runtime");
            }
        }
    }
}
