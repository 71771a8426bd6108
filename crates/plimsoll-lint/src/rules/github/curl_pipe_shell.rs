use super::prelude::*;
use super::support::{is_posix_shell, step_shell};

const DOWNLOADERS: [&str; 2] = ["curl", "wget"];
const INTERPRETERS: [&str; 11] = [
    "sh", "bash", "ash", "dash", "zsh", "ksh", "python", "python3", "perl", "ruby", "node",
];

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
    let script = text.script();
    for (id, pipeline) in script.pipelines.iter().enumerate() {
        let stages: Vec<_> = script
            .commands
            .iter()
            .filter(|c| c.pipeline.is_some_and(|p| p.pipeline == id))
            .map(|c| c.effective())
            .collect();
        let download = stages.iter().position(|c| DOWNLOADERS.contains(&c.name()));
        // The interpreter reads the script from stdin: no script argument
        // (or `-`), or `-s`.
        let runs = stages.iter().rposition(|c| {
            INTERPRETERS.contains(&c.name())
                && (c.has_flag(&["-s"]) || c.positionals(&["-c"]).iter().all(|w| w.value == "-"))
                && !c.has_flag(&["-c"])
        });
        if let (Some(d), Some(r)) = (download, runs)
            && d < r
        {
            out.add(
                pipeline.span,
                format!(
                    "`{} | {}` runs a downloaded script unchecked",
                    stages[d].name(),
                    stages[r].name()
                ),
            )
            .help("download a pinned version to a file, verify its checksum, then run it");
        }
    }
    for cmd in script.command_views() {
        if !INTERPRETERS.contains(&cmd.name()) {
            continue;
        }
        if let Some(arg) = cmd.args.iter().find(|a| {
            DOWNLOADERS
                .iter()
                .any(|d| a.raw.contains(&format!("$({d} ")) || a.raw.contains(&format!("<({d} ")))
        }) {
            out.add(
                arg.span,
                format!("`{}` runs a downloaded script unchecked", cmd.name()),
            )
            .help("download a pinned version to a file, verify its checksum, then run it");
        }
    }
}
