use super::prelude::*;
use super::support::{is_posix_shell, step_shell};

use plimsoll_syntax::shell::downloads::unchecked_runs;

declare_rule! {
    /// ## What it does
    /// Reports `run:` scripts that pipe a download into an interpreter
    /// (`curl ... | bash`, `wget -qO- ... | sh`, `curl ... | python3 -`)
    /// or run it through a substitution (`bash <(curl ...)`,
    /// `sh -c "$(curl ...)"`). Interpreters given a script file are not
    /// reported; nor are steps run by PowerShell, `cmd` or Python.
    ///
    /// ## Why is this bad?
    /// Whatever the server returns runs in the job, with its token and
    /// secrets, unreviewed and unpinned: a compromised host, a hijacked
    /// domain or a changed installer changes the build. A truncated
    /// download can also run half a script.
    ///
    /// ## Example
    /// ```yaml
    /// - run: curl -fsSL https://get.example.com/install.sh | bash
    /// ```
    ///
    /// ## Use instead
    /// Use a pinned action or package, or download a pinned version and
    /// verify its checksum before running it:
    /// ```yaml
    /// - run: |
    ///     curl -fsSLo install.sh https://get.example.com/v1.2.3/install.sh
    ///     echo "<sha256>  install.sh" | sha256sum -c -
    ///     bash install.sh
    /// ```
    ///
    /// ## References
    /// - Practice S02 (supply chain in CI).
    pub struct CurlPipeShell {
        code: "GHA011",
        name: "run-curl-pipe-shell",
        summary: "Downloaded script run without verification",
        severity: Warning,
        category: Security,
        practices: ["S02"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for CurlPipeShell {
    fn check_step(
        &self,
        cx: &WorkflowContext<'_>,
        job: &Job,
        step: &Step,
        out: &mut Diagnostics<'_>,
    ) {
        if is_posix_shell(step_shell(Some(cx.workflow), Some(job), step))
            && let Some(text) = step.run.as_ref().and_then(|r| cx.scalar_text(r.node))
        {
            check(&text, out);
        }
    }

    fn check_action_step(&self, cx: &ActionContext<'_>, step: &Step, out: &mut Diagnostics<'_>) {
        if is_posix_shell(step_shell(None, None, step))
            && let Some(text) = step.run.as_ref().and_then(|r| cx.scalar_text(r.node))
        {
            check(&text, out);
        }
    }
}

fn check(text: &ScalarText, out: &mut Diagnostics<'_>) {
    for run in unchecked_runs(&text.script()) {
        let message = match &run.downloader {
            Some(d) => format!(
                "`{d} | {}` runs a downloaded script unchecked",
                run.interpreter
            ),
            None => format!("`{}` runs a downloaded script unchecked", run.interpreter),
        };
        out.add(run.span, message)
            .help("download a pinned version to a file, verify its checksum, then run it");
    }
}
