use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `shell` values (of steps, of `defaults.run` of the workflow
    /// or a job, and of composite action steps) that are neither a
    /// built-in shell (`bash`, `pwsh`, `python`, `sh`, `cmd`,
    /// `powershell`) nor a custom command with the `{0}` script
    /// placeholder (`perl {0}`); built-in shells that the job's runner
    /// does not have (`cmd` or `powershell` on Linux and macOS, `sh` on
    /// Windows, judged only from GitHub-hosted labels); and `run` steps of
    /// composite actions without `shell`, which GitHub requires.
    ///
    /// ## Why is this bad?
    /// GitHub rejects the workflow or the action, or the step fails at run
    /// time because the runner has no such program.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   build:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - run: ./build.sh
    ///         shell: bash -e
    ///       - run: dir
    ///         shell: cmd
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///       - run: ./build.sh
    ///         shell: bash -e {0}
    ///       - run: ls
    ///         shell: bash
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline fails fast only if GitHub accepts it).
    /// - actionlint shell-name.
    /// - GitHub: Workflow syntax, `jobs.<job_id>.steps[*].shell`.
    pub struct InvalidShell {
        code: "GHA052",
        name: "invalid-shell",
        summary: "Unknown shell, or a shell the runner does not have",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "shell-name"],
        fix: None,
        default: true,
    }
}

const BUILTIN: &[&str] = &["bash", "pwsh", "python", "sh", "cmd", "powershell"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Os {
    Windows,
    Unix,
}

/// The runner OS from GitHub-hosted labels, when all agree.
fn runner_os(job: &Job) -> Option<Os> {
    let mut os = None;
    for l in &job.runs_on.labels {
        let v = l.value.to_ascii_lowercase();
        let this = if v.starts_with("windows-") {
            Os::Windows
        } else if v.starts_with("ubuntu-") || v.starts_with("macos-") {
            Os::Unix
        } else {
            continue;
        };
        if os.is_some_and(|o| o != this) {
            return None;
        }
        os = Some(this);
    }
    os
}

fn check(shell: &Str, os: Option<Os>, where_: &str, span: Span, out: &mut Diagnostics<'_>) {
    let v = shell.value.trim();
    if shell.has_expression() || v.contains("{0}") {
        return;
    }
    if !BUILTIN.contains(&v) {
        let first = v.split_whitespace().next().unwrap_or("");
        let help = if BUILTIN.contains(&first) {
            format!("add the script placeholder: `{v} {{0}}`")
        } else {
            format!("use {} or a command with `{{0}}`", BUILTIN.join(", "))
        };
        out.add(
            span,
            format!("`shell: {v}` of {where_} is not a known shell"),
        )
        .help(help);
        return;
    }
    let wrong = match os {
        Some(Os::Windows) => v == "sh",
        Some(Os::Unix) => v == "cmd" || v == "powershell",
        None => false,
    };
    if wrong {
        let on = if os == Some(Os::Windows) {
            "Windows"
        } else {
            "Linux and macOS"
        };
        out.add(
            span,
            format!("`shell: {v}` of {where_} is not available on {on} runners"),
        )
        .help("use `bash` or `pwsh`, which every runner has");
    }
}

impl Rule for InvalidShell {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        if let Some(s) = &cx.workflow.default_shell {
            check(s, None, "the workflow defaults", cx.span(s.node), out);
        }
        for job in &cx.workflow.jobs {
            let os = runner_os(job);
            if let Some(s) = &job.default_shell {
                check(
                    s,
                    os,
                    &format!("the defaults of job `{}`", job.id),
                    cx.span(s.node),
                    out,
                );
            }
            for step in &job.steps {
                if let Some(s) = &step.shell {
                    check(
                        s,
                        os,
                        &format!("step {}", step.label()),
                        cx.span(s.node),
                        out,
                    );
                }
            }
        }
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        if cx.action.kind != ActionKind::Composite {
            return;
        }
        for step in &cx.action.steps {
            match (&step.shell, &step.run) {
                (Some(s), _) => check(
                    s,
                    None,
                    &format!("step {}", step.label()),
                    cx.span(s.node),
                    out,
                ),
                (None, Some(_)) => {
                    out.add(
                        cx.step_span(step),
                        format!(
                            "`run` step {} of a composite action has no `shell`",
                            step.label()
                        ),
                    )
                    .help("add `shell: bash` (composite actions require it)");
                }
                (None, None) => {}
            }
        }
    }
}
