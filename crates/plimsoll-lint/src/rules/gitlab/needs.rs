use super::prelude::*;
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Reports a `needs:` entry naming a job the pipeline does not define
    /// (or only defines as a hidden `.template`). Entries marked
    /// `optional: true`, needs on other projects or the parent pipeline,
    /// names built from variables, and pipelines that include files
    /// plimsoll cannot read are not reported.
    ///
    /// ## Why is this bad?
    /// GitLab rejects the pipeline: "job needs ... is not defined". A
    /// renamed or removed job breaks every pipeline that still needs it.
    ///
    /// ## Example
    /// ```yaml
    /// build:
    ///   script: make
    /// test:
    ///   needs: [biuld]
    ///   script: make test
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// build:
    ///   script: make
    /// test:
    ///   needs: [build]
    ///   script: make test
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (fail fast: `needs` wires the DAG).
    pub struct NeedsUnknownJob {
        code: "GL002",
        name: "needs-unknown-job",
        summary: "`needs` names a job the pipeline does not define",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `needs:` entry naming a job of a later stage than the
    /// job's own (stages after `extends`, default stage `test`).
    ///
    /// ## Why is this bad?
    /// A job can only need jobs of its own or earlier stages; GitLab
    /// rejects the pipeline ("needs ... is not defined in current or prior
    /// stages").
    ///
    /// ## Example
    /// ```yaml
    /// stages: [build, deploy]
    /// build:
    ///   stage: build
    ///   needs: [deploy]
    ///   script: make
    /// deploy:
    ///   stage: deploy
    ///   script: ./deploy.sh
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// stages: [build, deploy]
    /// build:
    ///   stage: build
    ///   script: make
    /// deploy:
    ///   stage: deploy
    ///   needs: [build]
    ///   script: ./deploy.sh
    /// ```
    ///
    /// ## References
    /// - Practice CI01 (stages in order) and CI02 (fail fast).
    pub struct NeedsLaterStage {
        code: "GL003",
        name: "needs-later-stage",
        summary: "`needs` names a job of a later stage",
        severity: Error,
        category: Correctness,
        practices: ["CI01", "CI02"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `needs:` that form a cycle (`a` needs `b`, `b` needs `a`,
    /// or longer loops, the job needing itself included).
    ///
    /// ## Why is this bad?
    /// No job of the cycle can ever start; GitLab rejects the pipeline.
    ///
    /// ## Example
    /// ```yaml
    /// a:
    ///   needs: [b]
    ///   script: echo a
    /// b:
    ///   needs: [a]
    ///   script: echo b
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// a:
    ///   script: echo a
    /// b:
    ///   needs: [a]
    ///   script: echo b
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (the `needs` graph must be a DAG).
    pub struct NeedsCycle {
        code: "GL004",
        name: "needs-cycle",
        summary: "`needs` form a cycle",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// The job's own `needs` that name jobs of this pipeline.
fn own_needs(cx: &GitlabContext<'_>, job: &Job) -> Vec<Need> {
    if job.hidden || cx.gitlab.templated {
        return Vec::new();
    }
    let Some(node) = cx.own(job, "needs") else {
        return Vec::new();
    };
    needs(cx.yaml, node)
        .into_iter()
        .filter(|n| !n.external && n.job.as_deref().is_some_and(|j| !support::dynamic(j)))
        .collect()
}

impl Rule for NeedsUnknownJob {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if support::open(cx) {
            return;
        }
        for need in own_needs(cx, job) {
            let Some(name) = need.job.as_deref() else {
                continue;
            };
            if need.optional || support::visible_job_exists(cx, name) {
                continue;
            }
            let hidden = !cx.index.find_job(cx.unit, name).is_empty();
            let message = if hidden {
                format!(
                    "job `{}` needs `{name}`, which is a hidden template, not a job",
                    job.name
                )
            } else {
                format!(
                    "job `{}` needs `{name}`, which the pipeline does not define",
                    job.name
                )
            };
            out.add(cx.span(need.node), message).help(
                "name an existing job, or mark the entry `optional: true` if the job may be absent",
            );
        }
    }
}

impl Rule for NeedsLaterStage {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        let stages = cx.index.stages(cx.unit);
        let (own_stage, _) = support::stage_of(cx, cx.unit, &job.name);
        let Some(own) = support::stage_position(&stages, &own_stage) else {
            return;
        };
        for need in own_needs(cx, job) {
            let Some(name) = need.job.as_deref() else {
                continue;
            };
            if !support::visible_job_exists(cx, name) {
                continue;
            }
            let (their_stage, _) = support::stage_of(cx, cx.unit, name);
            if let Some(theirs) = support::stage_position(&stages, &their_stage)
                && theirs > own
            {
                out.add(
                    cx.span(need.node),
                    format!(
                        "job `{}` (stage `{own_stage}`) needs `{name}` of the later stage `{their_stage}`",
                        job.name
                    ),
                )
                .help("move one of the jobs so the needed job runs in the same or an earlier stage");
            }
        }
    }
}

impl Rule for NeedsCycle {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        for need in own_needs(cx, job) {
            let Some(start) = need.job.clone() else {
                continue;
            };
            // Does `start` lead back to `job`?
            let mut seen: HashSet<String> = HashSet::new();
            let mut stack = vec![start.clone()];
            let mut cycle = false;
            while let Some(name) = stack.pop() {
                if name == job.name {
                    cycle = true;
                    break;
                }
                if seen.len() > 2_000 || !seen.insert(name.clone()) {
                    continue;
                }
                let Some(src) = cx.index.value(cx.unit, &name, "needs") else {
                    continue;
                };
                for n in needs(cx.index.yaml(src.unit), src.node) {
                    if let (false, Some(j)) = (n.external, n.job) {
                        stack.push(j);
                    }
                }
            }
            if cycle {
                let message = if start == job.name {
                    format!("job `{}` needs itself", job.name)
                } else {
                    format!(
                        "job `{}` needs `{start}`, whose `needs` lead back to `{}`",
                        job.name, job.name
                    )
                };
                out.add(cx.span(need.node), message)
                    .help("remove one `needs` entry of the cycle");
            }
        }
    }
}
