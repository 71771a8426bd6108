use super::prelude::*;

use plimsoll_syntax::shell::downloads::unchecked_runs;

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
                for run in unchecked_runs(&parsed.script) {
                    let message = match &run.downloader {
                        Some(d) => format!(
                            "job `{}` pipes `{d}` into `{}`: a downloaded script runs unchecked",
                            job.name, run.interpreter
                        ),
                        None => format!(
                            "job `{}` runs `{}` on a downloaded script unchecked",
                            job.name, run.interpreter
                        ),
                    };
                    out.add(parsed.span(run.span), message)
                        .help("download to a file, verify its checksum, then run it");
                }
            }
        }
    }
}
