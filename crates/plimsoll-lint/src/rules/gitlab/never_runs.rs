use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a job whose `rules` all end in `when: never`, so no rule
    /// can ever add it to a pipeline. Rules written through `!reference`
    /// or built elsewhere are not judged.
    ///
    /// ## Why is this bad?
    /// The job silently never runs. Usually a final catch-all rule
    /// (`- when: on_success`) was forgotten after the exclusions.
    ///
    /// ## Example
    /// ```yaml
    /// test:
    ///   script: make test
    ///   rules:
    ///     - if: $CI_COMMIT_TAG
    ///       when: never
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// test:
    ///   script: make test
    ///   rules:
    ///     - if: $CI_COMMIT_TAG
    ///       when: never
    ///     - when: on_success
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (the jobs that should gate a change actually run).
    pub struct JobNeverRuns {
        code: "GL010",
        name: "job-never-runs",
        summary: "Every rule of the job says `when: never`",
        severity: Warning,
        category: Correctness,
        practices: ["CI02"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for JobNeverRuns {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if job.hidden {
            return;
        }
        let Some(rules) = cx.own(job, "rules") else {
            return;
        };
        if is_reference(cx.yaml, rules) {
            return;
        }
        let items = cx.yaml.items(rules);
        if items.is_empty() {
            return;
        }
        let all_never = items.iter().all(|&r| {
            !is_reference(cx.yaml, r)
                && cx.yaml.get(r, "when").and_then(|w| cx.str(w)) == Some("never")
        });
        if all_never {
            out.add(
                cx.entry_span(job.node, "rules")
                    .unwrap_or_else(|| cx.job_span(job)),
                format!(
                    "every rule of job `{}` says `when: never`: the job never runs",
                    job.name
                ),
            )
            .help("add a last rule that runs the job (`- when: on_success`), or remove the job");
        }
    }
}
