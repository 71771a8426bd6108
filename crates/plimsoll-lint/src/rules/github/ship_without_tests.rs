use super::practice_support::shipping_steps;
use super::prelude::*;
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Reports jobs that deploy or publish (see `deploy-without-concurrency`
    /// for what counts) in a workflow that has a test job, when the
    /// shipping job does not depend on the test job through `needs`
    /// (directly or through other jobs). A test job is one whose id or
    /// `name` contains `test`, that ships nothing itself and whose `if`
    /// does not limit it to pull requests.
    ///
    /// ## Why is this bad?
    /// Jobs without `needs` run in parallel: the image is pushed or the
    /// release deployed while the tests are still running, and stays out
    /// there when they fail.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   test:
    ///     runs-on: ubuntu-latest
    ///     steps: [{run: make test}]
    ///   publish:
    ///     runs-on: ubuntu-latest
    ///     steps: [{run: npm publish}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   publish:
    ///     needs: test
    ///     runs-on: ubuntu-latest
    ///     steps: [{run: npm publish}]
    /// ```
    ///
    /// ## References
    /// - Practice CI01 (stages in order) and CI02 (build depends on tests
    ///   through `needs`).
    /// - GitHub: Using jobs in a workflow, "Defining prerequisite jobs".
    pub struct ShipWithoutTests {
        code: "GHA062",
        name: "ship-without-tests",
        summary: "Deploying or publishing job that does not wait for the tests",
        severity: Warning,
        category: Reliability,
        practices: ["CI01", "CI02"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// Every job `job` depends on, directly or not (lower-case ids).
fn ancestors(w: &Workflow, job: &Job) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut stack: Vec<String> = job
        .needs
        .iter()
        .map(|n| n.value.to_ascii_lowercase())
        .collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some(j) = w.jobs.iter().find(|j| j.id.eq_ignore_ascii_case(&id)) {
            stack.extend(j.needs.iter().map(|n| n.value.to_ascii_lowercase()));
        }
    }
    seen
}

impl Rule for ShipWithoutTests {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let w = cx.workflow;
        let shipping: Vec<(&Job, String, Span)> = w
            .jobs
            .iter()
            .filter_map(|j| {
                let s = shipping_steps(cx, j).into_iter().next()?;
                Some((j, s.what, s.span))
            })
            .collect();
        if shipping.is_empty() {
            return;
        }
        let tests: Vec<&Job> = w
            .jobs
            .iter()
            .filter(|j| {
                let named = j.id.to_ascii_lowercase().contains("test")
                    || j.name
                        .as_ref()
                        .is_some_and(|n| n.value.to_ascii_lowercase().contains("test"));
                // Jobs only run for pull requests never gate a release.
                let pr_only = j
                    .if_
                    .as_ref()
                    .is_some_and(|c| c.value.contains("pull_request"));
                named && !pr_only && !shipping.iter().any(|(s, _, _)| std::ptr::eq(*s, *j))
            })
            .collect();
        let Some(&test) = tests.first() else {
            return;
        };
        for (job, what, at) in &shipping {
            if job.needs.iter().any(Str::has_expression) {
                continue;
            }
            let before = ancestors(w, job);
            if tests
                .iter()
                .any(|t| before.contains(&t.id.to_ascii_lowercase()))
            {
                continue;
            }
            out.add(
                cx.job_span(job),
                format!(
                    "job `{}` runs {what} without waiting for job `{}`",
                    job.id, test.id
                ),
            )
            .related(*at, "ships here")
            .related(cx.job_span(test), "test job")
            .help(format!(
                "add `needs: {}` so a failing test stops the release",
                test.id
            ));
        }
    }
}
