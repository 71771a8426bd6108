use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a custom `shell:` command line (one with `{0}`, in a step,
    /// in `defaults.run` of a job or of the workflow) that runs a POSIX
    /// shell without `-e`, such as `bash {0}` or `sh -x {0}`. A step whose
    /// script starts with `set -e` (or `set -eu`, `set -o errexit`...) is
    /// not reported.
    ///
    /// ## Why is this bad?
    /// The shell names GitHub knows run with errexit: `shell: bash` is
    /// `bash --noprofile --norc -eo pipefail {0}` and `shell: sh` is
    /// `sh -e {0}`. A custom command line drops that: a failing command
    /// in the middle of the script is ignored, the step carries on and
    /// succeeds if the last command does, and the workflow ships a build
    /// whose tests or compilation failed.
    ///
    /// ## Example
    /// ```yaml
    /// defaults:
    ///   run:
    ///     shell: bash --noprofile --norc {0}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// defaults:
    ///   run:
    ///     shell: bash --noprofile --norc -eo pipefail {0}
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `-e` before `{0}`, after the other options (bash reads
    /// long options such as `--noprofile` only before short ones). It is unsafe: scripts
    /// that relied on carrying on after a failing command now stop there.
    ///
    /// ## References
    /// - Practice CI02 (fail fast: a failing step fails the job).
    /// - GitHub: Workflow syntax, `jobs.<job_id>.steps[*].shell` (default
    ///   arguments of `bash` and `sh`, custom shells).
    pub struct ShellWithoutErrexit {
        code: "GHA070",
        name: "shell-without-errexit",
        summary: "Custom `shell:` runs a POSIX shell without `-e`",
        severity: Warning,
        category: Reliability,
        practices: ["CI02"],
        peers: [],
        fix: Always,
        default: true,
    }
}

/// The shell program of a custom command line without errexit, if any.
fn program_without_errexit(command: &str) -> Option<&str> {
    if !command.contains("{0}") {
        return None;
    }
    let mut words = command.split_whitespace();
    let program = words.next()?;
    let name = program.rsplit('/').next().unwrap_or(program);
    if !matches!(name, "bash" | "sh" | "zsh" | "dash" | "ksh" | "ash") {
        return None;
    }
    let words: Vec<&str> = words.collect();
    let errexit = words.iter().enumerate().any(|(i, w)| {
        (w.starts_with('-') && !w.starts_with("--") && w[1..].contains('e'))
            || (*w == "-o" && words.get(i + 1) == Some(&"errexit"))
    });
    (!errexit).then_some(program)
}

/// Whether a script turns errexit on before anything else runs.
fn sets_errexit_first(script: &str) -> bool {
    let first = script
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let mut words = first.split_whitespace();
    words.next() == Some("set")
        && words.any(|w| (w.starts_with('-') && w[1..].contains('e')) || w == "errexit")
}

fn report(cx_text: &str, yaml: &YamlFile, shell: &Str, where_: &str, out: &mut Diagnostics<'_>) {
    if program_without_errexit(&shell.value).is_none() {
        return;
    }
    let span = yaml.node(shell.node).span;
    // Before `{0}`, after every other option: bash reads its long options
    // (`--noprofile`) only before the short ones.
    let fix = cx_text
        .get(span.start..span.end)
        .and_then(|t| t.find("{0}"))
        .map(|at| Fix::unsafe_("Add `-e`", vec![Edit::insert(span.start + at, "-e ")]));
    out.add(
        span,
        format!(
            "{where_} runs `{}` without `-e`: a failing command does not fail the step",
            shell.value
        ),
    )
    .help("add `-e` (GitHub's own `bash` shell uses `-eo pipefail`), or write `shell: bash`")
    .fix_opt(fix);
}

impl Rule for ShellWithoutErrexit {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        if let Some(shell) = &cx.workflow.default_shell {
            report(
                cx.text(),
                cx.yaml,
                shell,
                "the workflow's default shell",
                out,
            );
        }
        for job in &cx.workflow.jobs {
            if let Some(shell) = &job.default_shell {
                let where_ = format!("the default shell of job `{}`", job.id);
                report(cx.text(), cx.yaml, shell, &where_, out);
            }
            for step in &job.steps {
                if let Some(shell) = &step.shell
                    && !step
                        .run
                        .as_ref()
                        .is_some_and(|r| sets_errexit_first(&r.value))
                {
                    let where_ = format!("a step of job `{}`", job.id);
                    report(cx.text(), cx.yaml, shell, &where_, out);
                }
            }
        }
    }

    fn check_action_step(&self, cx: &ActionContext<'_>, step: &Step, out: &mut Diagnostics<'_>) {
        if let Some(shell) = &step.shell
            && !step
                .run
                .as_ref()
                .is_some_and(|r| sets_errexit_first(&r.value))
        {
            report(cx.text(), cx.yaml, shell, "a step of this action", out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errexit_flags() {
        assert_eq!(program_without_errexit("bash {0}"), Some("bash"));
        assert_eq!(program_without_errexit("/bin/sh -x {0}"), Some("/bin/sh"));
        assert_eq!(
            program_without_errexit("bash --noprofile --norc {0}"),
            Some("bash")
        );
        assert_eq!(
            program_without_errexit("bash --noprofile --norc -eo pipefail {0}"),
            None
        );
        assert_eq!(program_without_errexit("bash -o errexit {0}"), None);
        assert_eq!(program_without_errexit("sh -ex {0}"), None);
        assert_eq!(program_without_errexit("bash"), None);
        assert_eq!(program_without_errexit("python {0}"), None);
        assert!(sets_errexit_first("# comment\nset -euo pipefail\nmake"));
        assert!(!sets_errexit_first("make\nset -e"));
    }
}
