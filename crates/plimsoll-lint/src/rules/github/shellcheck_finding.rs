use super::prelude::*;
use super::support::step_shell;
use crate::github::exprs::blank_templates;
use crate::shellcheck::{ALWAYS_EXCLUDED, Dialect, Script};

declare_rule! {
    /// ## What it does
    /// Runs [ShellCheck](https://www.shellcheck.net) on the `run:` scripts
    /// of workflow steps and composite action steps and reports its
    /// comments as `SC2086: Double quote to prevent globbing and word
    /// splitting`, at the flagged text, with ShellCheck's level (error,
    /// warning, info and style as Info).
    ///
    /// Only when `shellcheck` is on `PATH` (looked up once per run): without
    /// it the rule reports nothing. Off by default since it starts one
    /// ShellCheck process per script (about 10 ms each); enable it with
    /// `--select GHA069` or `extend-select`.
    ///
    /// Checked: steps whose shell is `bash`, `sh`, `dash` or `ksh` (also as
    /// a custom command such as `bash --noprofile {0}`), and steps without
    /// a shell, read as bash (GitHub's default on Linux and macOS) unless
    /// the job's `runs-on` names Windows or is an expression over a matrix
    /// that names it. Not checked: `pwsh`, `python`, `cmd`, other programs
    /// and shells built from expressions.
    ///
    /// The script is given to ShellCheck with each `${{ }}` template
    /// replaced by `X`s of the same length (GitHub substitutes templates
    /// before the shell runs), without `.shellcheckrc`. Left out: SC1090
    /// and SC1091 (sourced files are not followed), SC2154 (GitHub and
    /// `env:` set variables the script does not), SC2164 (GitHub runs
    /// scripts with `-e`, so a failing `cd` stops them), and, on lines
    /// holding a template, the constant-word comments the placeholder
    /// provokes (SC2043, SC2050, SC2157, SC2193, SC2194). `# shellcheck
    /// disable=...` directives in the script work as usual.
    ///
    /// ## Why is this bad?
    /// Unquoted expansions split and glob, a failing command in a pipeline
    /// goes unnoticed, a typo in a variable name expands to nothing: the
    /// step does something else than intended, sometimes only on the
    /// inputs that matter (a path with a space, an empty variable before
    /// `rm -rf`).
    ///
    /// ## Example
    /// ```yaml
    /// - run: |
    ///     files=$(git diff --name-only)
    ///     cp $files "$OUT"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - run: |
    ///     git diff --name-only -z | xargs -0 cp -t "$OUT"
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a step that misbehaves on some inputs should fail fast,
    ///   in review, not in production).
    /// - actionlint shellcheck (the same ShellCheck integration).
    /// - ShellCheck wiki: <https://www.shellcheck.net/wiki/>.
    pub struct ShellcheckFinding {
        code: "GHA069",
        name: "shellcheck-finding",
        summary: "ShellCheck finds a problem in a `run:` script",
        severity: Warning,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "shellcheck"],
        fix: None,
        default: false,
    }
}

impl Rule for ShellcheckFinding {
    fn check_step(
        &self,
        cx: &WorkflowContext<'_>,
        job: &Job,
        step: &Step,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(run) = &step.run else {
            return;
        };
        let shell = step_shell(Some(cx.workflow), Some(job), step);
        if shell.is_none() && may_run_on_windows(cx, job) {
            return;
        }
        if let Some(dialect) = dialect(shell) {
            check(cx.yaml, cx.text(), run.node, dialect, out);
        }
    }

    fn check_action_step(&self, cx: &ActionContext<'_>, step: &Step, out: &mut Diagnostics<'_>) {
        // Composite steps must name their shell.
        if let (Some(run), Some(dialect)) = (
            &step.run,
            step.shell.as_ref().and_then(|s| dialect(Some(&s.value))),
        ) {
            check(cx.yaml, cx.text(), run.node, dialect, out);
        }
    }
}

/// The dialect of a step's shell; bash when unset.
fn dialect(shell: Option<&str>) -> Option<Dialect> {
    let Some(shell) = shell else {
        return Some(Dialect::Bash);
    };
    if shell.contains("${{") {
        return None;
    }
    Dialect::of_program(shell.split_whitespace().next()?)
}

/// Whether the job's default shell may be PowerShell: a `runs-on` label
/// naming Windows, or an expression label when the job's matrix names it.
fn may_run_on_windows(cx: &WorkflowContext<'_>, job: &Job) -> bool {
    let windows = |s: &str| s.to_ascii_lowercase().contains("windows");
    job.runs_on.labels.iter().any(|l| {
        windows(&l.value)
            || l.value.contains("${{")
                && job.strategy.is_some_and(|s| {
                    let span = cx.yaml.node(s).span;
                    cx.text().get(span.start..span.end).is_some_and(windows)
                })
    })
}

fn check(yaml: &YamlFile, text: &str, node: NodeId, dialect: Dialect, out: &mut Diagnostics<'_>) {
    if crate::shellcheck::binary().is_none() {
        return;
    }
    let Some(scalar) = ScalarText::new(yaml, text, node) else {
        return;
    };
    let blanked = blank_templates(&scalar.value);
    let mut script = Script::default();
    script.push(scalar, &blanked, text);
    for (span, comment) in script.check(text, dialect, &ALWAYS_EXCLUDED) {
        out.add(span, comment.title())
            .severity(comment.severity())
            .help(format!("see {}", comment.wiki()));
    }
}
