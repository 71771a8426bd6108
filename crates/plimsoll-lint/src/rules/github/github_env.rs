use super::prelude::*;
use super::support::{PRIVILEGED_TRIGGERS, is_posix_shell, step_shell};

declare_rule! {
    /// ## What it does
    /// Reports `run:` steps that write to `$GITHUB_ENV` or `$GITHUB_PATH`
    /// (`>>` redirections, `tee`) in workflows triggered by
    /// `pull_request_target`, `workflow_run` or `issue_comment`. `echo` and
    /// `printf` of
    /// literal text (no `$`, backquote or `${{ }}`) are not reported. In
    /// PowerShell steps, lines that redirect to or `Out-File`,
    /// `Add-Content`, `Set-Content`, `Tee-Object` into `$env:GITHUB_ENV`
    /// are reported; `cmd` and Python steps are not read.
    ///
    /// ## Why is this bad?
    /// These workflows run with a write token and secrets while handling
    /// data from forks: pull request fields, artifacts and outputs of the
    /// triggering run. A value written to `GITHUB_ENV` that carries a
    /// newline sets further variables (`LD_PRELOAD`, `NODE_OPTIONS`,
    /// `BASH_ENV`) for every later step, and a directory written to
    /// `GITHUB_PATH` shadows the commands they run.
    ///
    /// ## Example
    /// ```yaml
    /// on: workflow_run
    /// jobs:
    ///   report:
    ///     steps:
    ///       - run: echo "PR_TITLE=$(cat pr/title.txt)" >> "$GITHUB_ENV"
    /// ```
    ///
    /// ## Use instead
    /// Pass values between steps as step outputs or files and read them
    /// where needed; validate anything from the triggering run before use.
    ///
    /// ## References
    /// - Practice CI13 (untrusted input).
    /// - zizmor github-env.
    /// - GitHub Security Lab: "Keeping your GitHub Actions and workflows
    ///   secure Part 3: How to trust your building blocks".
    pub struct GithubEnv {
        code: "GHA013",
        name: "github-env",
        summary: "Privileged workflow writes computed data to GITHUB_ENV or GITHUB_PATH",
        severity: Warning,
        category: Security,
        practices: ["CI13"],
        peers: [Zizmor "github-env"],
        fix: None,
        default: true,
    }
}

impl Rule for GithubEnv {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let Some(trigger) = cx
            .workflow
            .triggers
            .iter()
            .find(|t| PRIVILEGED_TRIGGERS.contains(&t.event.as_str()))
        else {
            return;
        };
        for job in &cx.workflow.jobs {
            for step in &job.steps {
                let shell = step_shell(Some(cx.workflow), Some(job), step);
                let pwsh = shell.is_some_and(|s| {
                    let s = s.to_ascii_lowercase();
                    s.starts_with("pwsh") || s.starts_with("powershell")
                });
                if !pwsh && !is_posix_shell(shell) {
                    continue;
                }
                let Some(text) = step.run.as_ref().and_then(|r| cx.scalar_text(r.node)) else {
                    continue;
                };
                let found = if pwsh {
                    pwsh_writes(&text.value)
                } else {
                    writes(&text.value)
                };
                for (span, file) in found {
                    out.add(
                        text.span(span),
                        format!(
                            "step {} writes to `{file}` in a workflow triggered by `{}`, which handles untrusted data",
                            step.label(),
                            trigger.event
                        ),
                    )
                    .related(cx.span(trigger.name_node), "privileged trigger")
                    .help("pass values as step outputs or files and validate them where they are used");
                }
            }
        }
    }
}

/// Writes to the environment files in a script: the span of the variable
/// name in each reported line, and which file.
fn writes(script: &str) -> Vec<(Span, &'static str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in script.split_inclusive('\n') {
        for file in ["GITHUB_ENV", "GITHUB_PATH"] {
            let Some(at) = find_word(line, file) else {
                continue;
            };
            let before = &line[..at];
            let redirect = before
                .trim_end_matches(['$', '{', '"', '\'', ' '])
                .ends_with('>');
            let tee = before
                .split_whitespace()
                .any(|w| w == "tee" || w.ends_with("/tee"));
            if !(redirect || tee) {
                continue;
            }
            let command = before
                .rsplit_once(['>', '|'])
                .map_or(before, |(c, _)| c)
                .trim_end_matches(['>', ' ', '|', '1', '2', '&']);
            let command = command.rsplit(['&', ';']).next().unwrap_or(command).trim();
            let literal = (command.starts_with("echo ") || command.starts_with("printf "))
                && !command.contains('$')
                && !command.contains('`');
            if !literal {
                out.push((Span::new(offset + at, offset + at + file.len()), file));
            }
        }
        offset += line.len();
    }
    out
}

/// PowerShell writes: a line naming `$env:GITHUB_ENV` (or `GITHUB_PATH`)
/// with a redirection or `Out-File`, `Add-Content`, `Set-Content`,
/// `Tee-Object`.
fn pwsh_writes(script: &str) -> Vec<(Span, &'static str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in script.split_inclusive('\n') {
        let lower = line.to_ascii_lowercase();
        let writes = lower.contains('>')
            || ["out-file", "add-content", "set-content", "tee-object"]
                .iter()
                .any(|c| lower.contains(c));
        if writes {
            for file in ["GITHUB_ENV", "GITHUB_PATH"] {
                let needle = format!("$env:{}", file.to_ascii_lowercase());
                if let Some(at) = lower.find(&needle) {
                    let start = offset + at + "$env:".len();
                    out.push((Span::new(start, start + file.len()), file));
                }
            }
        }
        offset += line.len();
    }
    out
}

/// `name` as a whole word in `line`.
fn find_word(line: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = line.get(from..).and_then(|l| l.find(name)) {
        let at = from + i;
        let end = at + name.len();
        let ok_before = at == 0 || !line.as_bytes()[at - 1].is_ascii_alphanumeric();
        let ok_after = line
            .as_bytes()
            .get(end)
            .is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        if ok_before && ok_after {
            return Some(at);
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::writes;

    #[test]
    fn finds_computed_writes() {
        assert_eq!(writes("echo \"A=$B\" >> $GITHUB_ENV\n").len(), 1);
        assert_eq!(writes("echo A=1 >> \"$GITHUB_ENV\"\n").len(), 0);
        assert_eq!(writes("printf 'x' >>${GITHUB_PATH}\n").len(), 0);
        assert_eq!(writes("cat pr.txt | tee -a $GITHUB_ENV\n").len(), 1);
        assert_eq!(
            writes("echo ${{ github.head_ref }} >> $GITHUB_ENV\n").len(),
            1
        );
        assert_eq!(writes("echo $GITHUB_ENV\n").len(), 0);
        assert_eq!(writes("cd x && echo \"P=$(pwd)\" >> $GITHUB_ENV").len(), 1);
        assert_eq!(
            super::pwsh_writes("Add-Content $env:GITHUB_ENV \"A=$b\"\n").len(),
            1
        );
        assert_eq!(super::pwsh_writes("Write-Host $env:GITHUB_ENV\n").len(), 0);
    }
}
