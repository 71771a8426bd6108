use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `ACTIONS_ALLOW_UNSECURE_COMMANDS` set to true in the `env`
    /// of a workflow, a job, a job container or a step (in workflows and
    /// composite actions).
    ///
    /// ## Why is this bad?
    /// The variable re-enables the `::set-env::` and `::add-path::`
    /// workflow commands, which GitHub disabled because any text a step
    /// prints (a log line, a test name, a pull request title) can then set
    /// environment variables such as `LD_PRELOAD` or `NODE_OPTIONS`, or
    /// prepend to `PATH`, for every later step.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   ACTIONS_ALLOW_UNSECURE_COMMANDS: true
    /// ```
    ///
    /// ## Use instead
    /// Write to the environment files instead:
    /// `echo "NAME=value" >> "$GITHUB_ENV"`, `echo "$DIR" >> "$GITHUB_PATH"`.
    ///
    /// ## Fix safety
    /// The fix deletes the variable. It is unsafe: steps that still print
    /// `::set-env::` or `::add-path::` stop working.
    ///
    /// ## References
    /// - Practice CI13 (no injection through logs).
    /// - zizmor insecure-commands; checkov CKV_GHA_1.
    /// - GitHub changelog: "GitHub Actions: Deprecating set-env and
    ///   add-path commands".
    pub struct InsecureCommands {
        code: "GHA010",
        name: "insecure-commands",
        summary: "Deprecated insecure workflow commands re-enabled",
        severity: Error,
        category: Security,
        practices: ["CI13"],
        peers: [Zizmor "insecure-commands", Checkov "CKV_GHA_1"],
        fix: Sometimes,
        default: true,
    }
}

const VAR: &str = "ACTIONS_ALLOW_UNSECURE_COMMANDS";

impl Rule for InsecureCommands {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let w = cx.workflow;
        let mut envs: Vec<(NodeId, &[Entry])> = vec![(w.root, &w.env)];
        for job in &w.jobs {
            envs.push((job.node, &job.env));
            if let Some(c) = &job.container {
                envs.push((c.node, &c.env));
            }
            for step in &job.steps {
                envs.push((step.node, &step.env));
            }
        }
        for (owner, entries) in envs {
            report(cx.yaml, cx.text(), owner, entries, |n| cx.span(n), out);
        }
    }

    fn check_action_step(&self, cx: &ActionContext<'_>, step: &Step, out: &mut Diagnostics<'_>) {
        report(
            cx.yaml,
            cx.text(),
            step.node,
            &step.env,
            |n| cx.span(n),
            out,
        );
    }
}

fn report(
    yaml: &YamlFile,
    text: &str,
    owner: NodeId,
    entries: &[Entry],
    span: impl Fn(NodeId) -> Span,
    out: &mut Diagnostics<'_>,
) {
    for e in entries.iter().filter(|e| e.name == VAR) {
        let Some(v) = yaml.str(e.value) else { continue };
        if !v.trim().eq_ignore_ascii_case("true") {
            continue;
        }
        // Removing the only variable removes `env:` itself (an empty
        // `env:` is null, which GitHub rejects).
        let edit = if entries.len() == 1 {
            patch::delete_entry(yaml, text, owner, "env")
        } else {
            yaml.get(owner, "env")
                .and_then(|m| patch::delete_entry(yaml, text, m, VAR))
        };
        out.add(
            span(e.key).cover(span(e.value)),
            format!("`{VAR}: {v}` lets any printed line set environment variables and `PATH`"),
        )
        .help("remove it and write to `$GITHUB_ENV`/`$GITHUB_PATH` instead of `::set-env::`/`::add-path::`")
        .fix_opt(edit.map(|e| Fix::unsafe_(format!("Remove `{VAR}`"), vec![e])));
    }
}
