use super::prelude::*;

/// Commands that do nothing useful while an image is built.
const POINTLESS: [&str; 9] = [
    "free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
];

declare_rule! {
    /// ## What it does
    /// Reports commands that make no sense during a build: `ssh`, `vim`,
    /// `shutdown`, `service`, `ps`, `free`, `top`, `kill` and `mount`.
    ///
    /// ## Why is this bad?
    /// A build step has no terminal, no running services and no init
    /// system: interactive tools hang or fail, `service x start` starts
    /// nothing that survives the step, and `mount` is not permitted.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN service nginx start
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## References
    /// - Practice D09, D10.
    /// - hadolint DL3001.
    pub struct PointlessCommand {
        code: "DF051",
        name: "pointless-command",
        summary: "Command that does nothing useful in a build",
        severity: Info,
        category: Correctness,
        practices: ["D09", "D10"],
        peers: [Hadolint "DL3001"],
        fix: None,
        default: true,
    }
}

impl Rule for PointlessCommand {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in script
                .command_views()
                .filter(|c| POINTLESS.contains(&c.name()))
            {
                out.add(
                    cmd.name.span,
                    format!(
                        "`{}` does nothing useful while building an image",
                        cmd.name()
                    ),
                );
            }
        }
    }
}
