use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports jobs that run steps without `timeout-minutes`. Jobs that
    /// call a reusable workflow (which sets its own) are not reported,
    /// nor jobs whose timeout comes from an expression.
    ///
    /// ## Why is this bad?
    /// Without a timeout a hung test, a prompt waiting for input or a
    /// stuck deploy holds a runner for GitHub's default of six hours,
    /// blocks the `concurrency` group behind it and burns paid minutes
    /// before anyone notices.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   test:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - run: make test
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// jobs:
    ///   test:
    ///     runs-on: ubuntu-latest
    ///     timeout-minutes: 15
    ///     steps:
    ///       - run: make test
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `timeout-minutes: 30` to the job, after its other
    /// keys. It is unsafe: a job that legitimately runs longer is then
    /// cancelled. Adjust the value to the job's usual duration.
    ///
    /// ## References
    /// - Practice CI14 (job `timeout-minutes`).
    /// - actionlint offers it as an opt-in policy (`require-job-timeout`).
    /// - GitHub: Workflow syntax, `jobs.<job_id>.timeout-minutes`.
    pub struct MissingTimeout {
        code: "GHA056",
        name: "job-without-timeout",
        summary: "Job without `timeout-minutes`",
        severity: Info,
        category: Reliability,
        practices: ["CI14"],
        peers: [],
        fix: Always,
        default: true,
    }
}

impl Rule for MissingTimeout {
    fn check_job(&self, cx: &WorkflowContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if job.uses.is_some() || job.timeout_minutes.is_some() || !cx.yaml.is_mapping(job.node) {
            return;
        }
        out.add(
            cx.job_span(job),
            format!(
                "job `{}` has no `timeout-minutes` and may run for six hours",
                job.id
            ),
        )
        .help("set `timeout-minutes` a little above the job's usual duration")
        .fix_opt(
            cx.set(job.node, &["timeout-minutes"], Value::raw("30"))
                .map(|e| Fix::unsafe_("Add `timeout-minutes: 30`", vec![e])),
        );
    }
}
