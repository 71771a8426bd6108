use super::prelude::*;

const DOWNLOADERS: [&str; 2] = ["curl", "wget"];
const INTERPRETERS: [&str; 10] = [
    "sh", "bash", "ash", "dash", "zsh", "ksh", "python", "python3", "perl", "ruby",
];

declare_rule! {
    /// ## What it does
    /// Reports script lines that download a script and run it in one go:
    /// `curl ... | sh`, `wget -qO- ... | bash`, `bash -c "$(curl ...)"`.
    ///
    /// ## Why is this bad?
    /// Whatever the server returns runs in the job, with its CI/CD
    /// variables and tokens, unchecked and unrecorded.
    ///
    /// ## Example
    /// ```yaml
    /// setup:
    ///   script:
    ///     - curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// setup:
    ///   script:
    ///     - curl -fsSLo install.sh https://example.com/install.sh
    ///     - echo "<sha256>  install.sh" | sha256sum -c -
    ///     - sh install.sh
    /// ```
    ///
    /// ## References
    /// - Practice S02 (supply chain) and CI13.
    pub struct CurlPipeShellInScript {
        code: "GL019",
        name: "curl-pipe-shell-in-script",
        summary: "Downloaded script piped straight into a shell",
        severity: Warning,
        category: Security,
        practices: ["S02", "CI13"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for CurlPipeShellInScript {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        for key in ["before_script", "script", "after_script"] {
            let Some(node) = cx.own(job, key) else {
                continue;
            };
            for line in script_lines(cx.yaml, node) {
                let Some(parsed) = ScriptLine::parse(cx.yaml, cx.text(), line) else {
                    continue;
                };
                let script = &parsed.script;
                for (id, pipeline) in script.pipelines.iter().enumerate() {
                    let stages: Vec<_> = script
                        .commands
                        .iter()
                        .filter(|c| c.pipeline.is_some_and(|p| p.pipeline == id))
                        .map(|c| c.effective())
                        .collect();
                    let download = stages.iter().position(|c| DOWNLOADERS.contains(&c.name()));
                    let run = stages.iter().rposition(|c| {
                        INTERPRETERS.contains(&c.name())
                            && (c.has_flag(&["-s"])
                                || c.positionals(&["-c"]).iter().all(|w| w.value == "-"))
                    });
                    if let (Some(d), Some(r)) = (download, run)
                        && d < r
                    {
                        out.add(
                            parsed.span(pipeline.span),
                            format!(
                                "job `{}` pipes `{}` into `{}`: a downloaded script runs unchecked",
                                job.name,
                                stages[d].name(),
                                stages[r].name()
                            ),
                        )
                        .help("download to a file, verify its checksum, then run it");
                    }
                }
                for cmd in script.command_views() {
                    if !INTERPRETERS.contains(&cmd.name()) {
                        continue;
                    }
                    if let Some(arg) = cmd.args.iter().find(|a| {
                        DOWNLOADERS
                            .iter()
                            .any(|d| a.raw.contains(&format!("$({d} ")))
                    }) {
                        out.add(
                            parsed.span(arg.span),
                            format!(
                                "job `{}` runs `{}` on a downloaded script unchecked",
                                job.name,
                                cmd.name()
                            ),
                        )
                        .help("download to a file, verify its checksum, then run it");
                    }
                }
            }
        }
    }
}
