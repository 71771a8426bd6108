use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `RUN ln -s ... /bin/sh`, replacing the system shell to change
    /// the shell `RUN` uses.
    ///
    /// ## Why is this bad?
    /// Replacing `/bin/sh` changes the shell of every program in the image,
    /// including package scripts that expect a POSIX `sh`. The `SHELL`
    /// instruction changes only what `RUN` uses.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// ```
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL4005.
    pub struct ShellChangeViaLn {
        code: "DF048",
        name: "shell-change-via-ln",
        summary: "/bin/sh replaced with ln instead of using SHELL",
        severity: Warning,
        category: Reliability,
        practices: ["D15"],
        peers: [Hadolint "DL4005"],
        fix: None,
        default: true,
    }
}

impl Rule for ShellChangeViaLn {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for ln in script.commands_named("ln") {
                if ln
                    .positionals(&[])
                    .last()
                    .is_some_and(|w| w.value == "/bin/sh")
                {
                    out.add(ln.span(), "replacing /bin/sh changes the shell for everything in the image")
                        .help("use the SHELL instruction, e.g. SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]");
                }
            }
        }
    }
}
