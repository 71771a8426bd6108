use super::prelude::*;
use std::collections::{HashMap, HashSet, VecDeque};

declare_rule! {
    /// ## What it does
    /// Reports `needs` entries that name no job of the workflow (job ids
    /// are compared case-insensitively, as actionlint does), and entries
    /// listed twice.
    ///
    /// ## Why is this bad?
    /// GitHub rejects the workflow ("Job 'deploy' depends on unknown job
    /// 'tests'"), typically after a job was renamed, and nothing runs.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   test:
    ///     runs-on: ubuntu-latest
    ///     steps: [{run: make test}]
    ///   deploy:
    ///     needs: tests
    ///     runs-on: ubuntu-latest
    ///     steps: [{run: make deploy}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// jobs:
    ///   deploy:
    ///     needs: test
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (build depends on tests through `needs`).
    /// - actionlint job-needs.
    /// - GitHub: Workflow syntax, `jobs.<job_id>.needs`.
    pub struct NeedsUnknownJob {
        code: "GHA046",
        name: "needs-unknown-job",
        summary: "`needs` names a job that does not exist",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "job-needs"],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports jobs whose `needs` close a cycle (`a` needs `b`, which
    /// needs `a`; or a job that needs itself). Each job on a cycle is
    /// reported at its `needs` entry, with the cycle.
    ///
    /// ## Why is this bad?
    /// GitHub cannot order the jobs and rejects the workflow.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   build:
    ///     needs: deploy
    ///   deploy:
    ///     needs: build
    /// ```
    ///
    /// ## Use instead
    /// Keep dependencies one way: `deploy` needs `build`.
    ///
    /// ## References
    /// - Practice CI02 (stages in order, build before deploy).
    /// - actionlint job-needs.
    /// - GitHub: Workflow syntax, `jobs.<job_id>.needs`.
    pub struct NeedsCycle {
        code: "GHA047",
        name: "needs-cycle",
        summary: "Jobs whose `needs` form a cycle",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "job-needs"],
        fix: None,
        default: true,
    }
}

impl Rule for NeedsUnknownJob {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let ids: Vec<String> = cx
            .workflow
            .jobs
            .iter()
            .map(|j| j.id.to_ascii_lowercase())
            .collect();
        for job in &cx.workflow.jobs {
            let mut seen: HashSet<String> = HashSet::new();
            for n in &job.needs {
                if n.has_expression() {
                    continue;
                }
                let lower = n.value.to_ascii_lowercase();
                if !seen.insert(lower.clone()) {
                    out.add(
                        cx.span(n.node),
                        format!("job `{}` lists `{}` twice in `needs`", job.id, n.value),
                    )
                    .help("remove the duplicate");
                    continue;
                }
                if !ids.contains(&lower) {
                    let guess = cx
                        .workflow
                        .jobs
                        .iter()
                        .find(|j| {
                            let a = j.id.to_ascii_lowercase().replace('_', "-");
                            let b = lower.replace('_', "-");
                            a.trim_end_matches('s') == b.trim_end_matches('s')
                        })
                        .map_or_else(
                            || "name one of the jobs of this workflow".to_string(),
                            |j| format!("did you mean `{}`?", j.id),
                        );
                    out.add(
                        cx.span(n.node),
                        format!(
                            "job `{}` needs `{}`, which is not a job of this workflow",
                            job.id, n.value
                        ),
                    )
                    .help(guess);
                }
            }
        }
    }
}

/// The shortest path from `from` to `to`, both included.
fn path(graph: &HashMap<String, Vec<String>>, from: &str, to: &str) -> Option<Vec<String>> {
    let mut prev: HashMap<String, String> = HashMap::new();
    let mut queue = VecDeque::from([from.to_string()]);
    let mut seen = HashSet::from([from.to_string()]);
    while let Some(n) = queue.pop_front() {
        if n == to {
            let mut out = vec![n.clone()];
            let mut cur = n;
            while let Some(p) = prev.get(&cur) {
                out.push(p.clone());
                cur = p.clone();
            }
            out.reverse();
            return Some(out);
        }
        for next in graph.get(&n).into_iter().flatten() {
            if seen.insert(next.clone()) {
                prev.insert(next.clone(), n.clone());
                queue.push_back(next.clone());
            }
        }
    }
    None
}

impl Rule for NeedsCycle {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let jobs = &cx.workflow.jobs;
        let graph: HashMap<String, Vec<String>> = jobs
            .iter()
            .map(|j| {
                (
                    j.id.to_ascii_lowercase(),
                    j.needs
                        .iter()
                        .map(|n| n.value.to_ascii_lowercase())
                        .collect(),
                )
            })
            .collect();
        let names: HashMap<String, &str> = jobs
            .iter()
            .map(|j| (j.id.to_ascii_lowercase(), j.id.as_str()))
            .collect();
        for job in jobs {
            let id = job.id.to_ascii_lowercase();
            for n in &job.needs {
                let dep = n.value.to_ascii_lowercase();
                if !graph.contains_key(&dep) {
                    continue;
                }
                // The edge job -> dep closes a cycle when dep reaches job.
                let Some(back) = path(&graph, &dep, &id) else {
                    continue;
                };
                let mut cycle: Vec<&str> = vec![job.id.as_str()];
                cycle.extend(
                    back.iter()
                        .map(|b| names.get(b).copied().unwrap_or(b.as_str())),
                );
                let shown = cycle
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(" -> ");
                out.add(
                    cx.span(n.node),
                    format!(
                        "job `{}` needs `{}`, which closes a cycle: {shown}",
                        job.id, n.value
                    ),
                )
                .help("remove one of the `needs` entries so the jobs run in one order");
            }
        }
    }
}
