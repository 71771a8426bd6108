use super::prelude::*;
use plimsoll_syntax::shell::Script;

/// Shells that do not understand `-o pipefail` (Windows).
const NON_POSIX: [&str; 4] = ["pwsh", "powershell", "cmd", "cmd.exe"];

fn script_sets_pipefail(script: &Script) -> bool {
    script.commands_named("set").any(|c| {
        c.args
            .iter()
            .any(|a| a.value == "pipefail" || a.value.ends_with("pipefail"))
    })
}

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` with a pipe (`a | b`) while the shell does not use
    /// `-o pipefail`.
    ///
    /// ## Why is this bad?
    /// A pipeline's status is that of its last command: in
    /// `curl -fsSL https://x/install.sh | sh` a failed download still lets
    /// the build succeed, with a broken image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg
    /// ```
    ///
    /// On Alpine use `SHELL ["/bin/ash", "-eo", "pipefail", "-c"]`. A
    /// `set -o pipefail` at the start of the script is accepted, and so are
    /// non-POSIX shells set with `SHELL` (PowerShell, cmd).
    ///
    /// ## References
    /// - Practice D15 (pipefail before pipes).
    /// - hadolint DL4006.
    pub struct PipeWithoutPipefail {
        code: "DF049",
        name: "pipe-without-pipefail",
        summary: "RUN with a pipe but no pipefail",
        severity: Warning,
        category: Reliability,
        practices: ["D15"],
        peers: [Hadolint "DL4006"],
        fix: None,
        default: true,
    }
}

impl Rule for PipeWithoutPipefail {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for stage in &df.stages {
            // SHELL is inherited from the stage this one builds on.
            let mut shell: Option<Vec<String>> = df
                .stage_ancestry(stage.index)
                .into_iter()
                .skip(1)
                .find_map(|s| {
                    df.stage_instructions(&df.stages[s])
                        .iter()
                        .rev()
                        .find_map(|i| match &i.body {
                            Body::Shell(words) => {
                                Some(words.iter().map(|w| w.value.clone()).collect())
                            }
                            _ => None,
                        })
                });
            for inst in df.stage_instructions(stage) {
                if let Body::Shell(words) = &inst.body {
                    shell = Some(words.iter().map(|w| w.value.clone()).collect());
                    continue;
                }
                let inst = inst.effective();
                let (Keyword::Run, Some(Command::Shell(form))) = (inst.keyword, inst.command())
                else {
                    continue;
                };
                let Some(pipe) = form.script.pipelines.first() else {
                    continue;
                };
                let shell_ok = shell.as_ref().is_some_and(|s| {
                    s.iter().any(|a| a.contains("pipefail"))
                        || s.first().is_some_and(|p| {
                            NON_POSIX.contains(
                                &p.rsplit(['/', '\\'])
                                    .next()
                                    .unwrap_or(p)
                                    .to_ascii_lowercase()
                                    .as_str(),
                            )
                        })
                });
                if shell_ok || script_sets_pipefail(&form.script) {
                    continue;
                }
                out.add(pipe.span, "a failure before the last `|` does not fail the build")
                    .help("add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this RUN (`/bin/ash -eo pipefail -c` on Alpine)");
            }
        }
    }
}
