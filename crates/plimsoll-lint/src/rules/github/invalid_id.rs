use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports job ids and step `id`s that GitHub rejects: they must start
    /// with a letter or `_` and contain only letters, digits, `-` and `_`.
    /// Also reports two steps of one job (or of a composite action) with
    /// the same `id`, and two jobs whose ids differ only in case; ids are
    /// compared case-insensitively. Step ids built from expressions are
    /// not checked.
    ///
    /// ## Why is this bad?
    /// GitHub refuses the workflow; a duplicated step id also makes
    /// `steps.<id>.outputs` ambiguous.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   1st-build:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - id: version
    ///         run: echo "v=1" >> "$GITHUB_OUTPUT"
    ///       - id: Version
    ///         run: echo "v=2" >> "$GITHUB_OUTPUT"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// jobs:
    ///   build:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - id: version
    ///         run: echo "v=1" >> "$GITHUB_OUTPUT"
    ///       - id: next-version
    ///         run: echo "v=2" >> "$GITHUB_OUTPUT"
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline fails fast only if GitHub accepts it).
    /// - actionlint id.
    /// - GitHub: Workflow syntax, `jobs.<job_id>` and `steps[*].id`.
    pub struct InvalidId {
        code: "GHA048",
        name: "invalid-id",
        summary: "Invalid or duplicate job or step id",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "id"],
        fix: None,
        default: true,
    }
}

fn valid(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn check_steps(
    steps: &[Step],
    owner: &str,
    span: impl Fn(NodeId) -> Span,
    out: &mut Diagnostics<'_>,
) {
    for (i, step) in steps.iter().enumerate() {
        let Some(id) = &step.id else {
            continue;
        };
        if id.has_expression() {
            continue;
        }
        if !valid(&id.value) {
            out.add(
                span(id.node),
                format!(
                    "step id `{}` in {owner} is not a valid identifier",
                    id.value
                ),
            )
            .help("start with a letter or `_` and use only letters, digits, `-` and `_`");
            continue;
        }
        if let Some(first) = steps[..i]
            .iter()
            .filter_map(|s| s.id.as_ref())
            .find(|f| f.value.eq_ignore_ascii_case(&id.value))
        {
            out.add(
                span(id.node),
                format!("step id `{}` is used twice in {owner}", id.value),
            )
            .related(span(first.node), "first used here")
            .help("give each step of a job its own id");
        }
    }
}

impl Rule for InvalidId {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let jobs = &cx.workflow.jobs;
        for (i, job) in jobs.iter().enumerate() {
            if !valid(&job.id) {
                out.add(
                    cx.job_span(job),
                    format!("job id `{}` is not a valid identifier", job.id),
                )
                .help("start with a letter or `_` and use only letters, digits, `-` and `_`");
            } else if let Some(first) = jobs[..i]
                .iter()
                .find(|j| j.id != job.id && j.id.eq_ignore_ascii_case(&job.id))
            {
                out.add(
                    cx.job_span(job),
                    format!(
                        "job ids `{}` and `{}` differ only in case",
                        first.id, job.id
                    ),
                )
                .related(cx.job_span(first), "the other job")
                .help("give the jobs ids that differ in more than case");
            }
            check_steps(
                &job.steps,
                &format!("job `{}`", job.id),
                |n| cx.span(n),
                out,
            );
        }
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        check_steps(&cx.action.steps, "the action", |n| cx.span(n), out);
    }
}
