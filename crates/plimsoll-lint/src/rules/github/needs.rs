use super::prelude::*;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports a `needs:` entry that names no job of the workflow (job ids
    /// compare case-insensitively, as GitHub does). Entries built from
    /// expressions are not judged.
    ///
    /// ## Why is this bad?
    /// GitHub rejects the workflow: none of its jobs run, and the error
    /// only shows in the Actions tab after the push.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   test: ...
    ///   deploy:
    ///     needs: tests
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   deploy:
    ///     needs: test
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (build depends on tests through `needs`).
    /// - actionlint job-needs.
    pub struct UnknownNeeds {
        code: "GHA017",
        name: "unknown-needs",
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
    /// Reports jobs whose `needs:` form a cycle (`a` needs `b`, `b` needs
    /// `a`, or a job that needs itself), once per cycle, at the job that
    /// closes it.
    ///
    /// ## Why is this bad?
    /// GitHub rejects the workflow: no job can start first.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   build:
    ///     needs: test
    ///   test:
    ///     needs: build
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// jobs:
    ///   build:
    ///     needs: test
    ///   test: {}
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (jobs ordered through `needs`).
    /// - actionlint job-needs.
    pub struct NeedsCycle {
        code: "GHA018",
        name: "workflow-needs-cycle",
        summary: "Jobs need each other in a cycle",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "job-needs"],
        fix: None,
        default: true,
    }
}

impl Rule for UnknownNeeds {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let ids: Vec<String> = cx
            .workflow
            .jobs
            .iter()
            .map(|j| j.id.to_ascii_lowercase())
            .collect();
        for job in &cx.workflow.jobs {
            for need in &job.needs {
                if need.has_expression() || ids.contains(&need.value.to_ascii_lowercase()) {
                    continue;
                }
                let close = ids
                    .iter()
                    .zip(&cx.workflow.jobs)
                    .find(|(id, _)| strsim_close(id, &need.value.to_ascii_lowercase()))
                    .map(|(_, j)| j.id.as_str());
                let b = out.add(
                    cx.span(need.node),
                    format!(
                        "job `{}` needs `{}`, which is not a job of this workflow",
                        job.id, need.value
                    ),
                );
                let _ = match close {
                    Some(c) => b.help(format!("did you mean `{c}`?")),
                    None => b.help("name a job id of this workflow"),
                };
            }
        }
    }
}

/// One substitution, insertion or deletion apart.
fn strsim_close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let mut i = 0;
    while i < short.len() && short[i] == long[i] {
        i += 1;
    }
    if i == short.len() {
        return true;
    }
    if short.len() == long.len() {
        short[i + 1..] == long[i + 1..]
    } else {
        short[i..] == long[i + 1..]
    }
}

impl Rule for NeedsCycle {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let jobs = &cx.workflow.jobs;
        let index: HashMap<String, usize> = jobs
            .iter()
            .enumerate()
            .map(|(i, j)| (j.id.to_ascii_lowercase(), i))
            .collect();
        let edges: Vec<Vec<(usize, NodeId)>> = jobs
            .iter()
            .map(|j| {
                j.needs
                    .iter()
                    .filter_map(|n| {
                        index
                            .get(&n.value.to_ascii_lowercase())
                            .map(|&t| (t, n.node))
                    })
                    .collect()
            })
            .collect();
        // Iterative depth-first search; a back edge closes a cycle.
        let mut state = vec![0u8; jobs.len()]; // 0 new, 1 on stack, 2 done
        let mut reported: Vec<Vec<usize>> = Vec::new();
        for start in 0..jobs.len() {
            if state[start] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            state[start] = 1;
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&(target, need_node)) = edges[node].get(*next) {
                    *next += 1;
                    match state[target] {
                        0 => {
                            state[target] = 1;
                            stack.push((target, 0));
                        }
                        1 => {
                            let from = stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                            let mut cycle: Vec<usize> =
                                stack[from..].iter().map(|(n, _)| *n).collect();
                            let names = cycle
                                .iter()
                                .chain(std::iter::once(&target))
                                .map(|&i| format!("`{}`", jobs[i].id))
                                .collect::<Vec<_>>()
                                .join(" -> ");
                            cycle.sort_unstable();
                            if !reported.contains(&cycle) {
                                reported.push(cycle);
                                out.add(
                                    cx.span(need_node),
                                    format!("jobs need each other in a cycle: {names}"),
                                )
                                .help("remove one of the `needs` so the jobs can run in order");
                            }
                        }
                        _ => {}
                    }
                } else {
                    state[node] = 2;
                    stack.pop();
                }
            }
        }
    }
}
