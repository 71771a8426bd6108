use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `chpasswd` in `RUN` scripts.
    ///
    /// ## Why is this bad?
    /// The password is written in the Dockerfile and in the image history,
    /// and every container from the image shares it. Containers should not
    /// need local passwords at all.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN echo 'root:changeme' | chpasswd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN useradd --uid 10001 --no-create-home app
    /// USER 10001
    /// ```
    ///
    /// ## References
    /// - Practice D06 (no secrets in images), D02.
    /// - checkov CKV2_DOCKER_17.
    pub struct ChpasswdInRun {
        code: "DF081",
        name: "chpasswd-in-run",
        summary: "chpasswd sets a password in the image",
        severity: Error,
        category: Security,
        practices: ["D06", "D02"],
        peers: [Checkov "CKV2_DOCKER_17"],
        fix: None,
        default: true,
    }
}

impl Rule for ChpasswdInRun {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in script.commands_named("chpasswd") {
                out.add(cmd.name.span, "`chpasswd` bakes a password into the image")
                    .help("containers should not need passwords; run as an unprivileged user and inject credentials at runtime");
            }
        }
    }
}
