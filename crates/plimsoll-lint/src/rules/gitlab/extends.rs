use super::prelude::*;
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Reports an `extends:` entry naming no job or template of the
    /// pipeline (looked up across local includes), and `extends` chains
    /// that loop back to the job. Pipelines that include files plimsoll
    /// cannot read are only checked for loops.
    ///
    /// ## Why is this bad?
    /// GitLab rejects the pipeline ("unknown key in `extends`" or "circular
    /// dependency detected in `extends`").
    ///
    /// ## Example
    /// ```yaml
    /// .node:
    ///   image: node:22
    /// test:
    ///   extends: .nodejs
    ///   script: npm test
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// .node:
    ///   image: node:22
    /// test:
    ///   extends: .node
    ///   script: npm test
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline that starts at all).
    pub struct InvalidExtends {
        code: "GL006",
        name: "invalid-extends",
        summary: "`extends` names an unknown job or forms a cycle",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidExtends {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if cx.gitlab.templated {
            return;
        }
        for (name, node) in &job.extends {
            if support::dynamic(name) {
                continue;
            }
            if cx.index.find_job(cx.unit, name).is_empty() {
                if !support::open(cx) {
                    let mut known: Vec<&str> = cx
                        .index
                        .scope(cx.unit)
                        .units
                        .iter()
                        .flat_map(|&u| cx.index.unit(u).model().jobs.iter())
                        .map(|j| j.name.as_str())
                        .collect();
                    known.sort_unstable();
                    known.dedup();
                    let hint = support::closest(name, &known)
                        .map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"));
                    out.add(
                        cx.span(*node),
                        format!(
                            "{} extends `{name}`, which the pipeline does not define{hint}",
                            support::describe(job)
                        ),
                    )
                    .help("name an existing job or hidden template");
                }
                continue;
            }
            // A loop back to this job through `name`.
            let mut seen = HashSet::new();
            let mut stack = vec![name.clone()];
            let mut cycle = false;
            while let Some(n) = stack.pop() {
                if n == job.name {
                    cycle = true;
                    break;
                }
                if seen.len() > 1_000 || !seen.insert(n.clone()) {
                    continue;
                }
                for r in cx.index.find_job(cx.unit, &n) {
                    stack.extend(cx.index.job(r).extends.iter().map(|(e, _)| e.clone()));
                }
            }
            if cycle {
                out.add(
                    cx.span(*node),
                    format!(
                        "{} extends `{name}`, which extends it back",
                        support::describe(job)
                    ),
                )
                .help("break the `extends` cycle");
            }
        }
    }
}
