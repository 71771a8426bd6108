use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a visible job with no `script` (nor `trigger`, nor `run`)
    /// after `extends`, `!reference` and anchors are resolved. Jobs that
    /// extend templates plimsoll cannot see (remote or project includes)
    /// are not reported. A top-level key that GitLab reads as a job
    /// because it is a misspelt keyword (`varaibles:`) is reported here too.
    ///
    /// ## Why is this bad?
    /// GitLab rejects the pipeline: "jobs config should implement the
    /// script:, run:, or trigger: keyword".
    ///
    /// ## Example
    /// ```yaml
    /// build:
    ///   image: golang:1.23
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// build:
    ///   image: golang:1.23
    ///   script: go build ./...
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline that GitLab accepts).
    pub struct JobWithoutScript {
        code: "GL008",
        name: "job-without-script",
        summary: "Job has no `script`, `run` or `trigger`",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for JobWithoutScript {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if job.hidden || cx.gitlab.templated {
            return;
        }
        if ["script", "trigger", "run"]
            .iter()
            .any(|k| cx.value(job, k).is_some())
        {
            return;
        }
        // An `extends` or `!reference` plimsoll cannot resolve may provide it.
        if support::open(cx)
            && (!job.extends.is_empty() || cx.index.chain(cx.unit, &job.name).len() > 1)
        {
            return;
        }
        let misspelt = support::closest(&job.name, &crate::gitlab::GLOBAL_KEYWORDS);
        let message = match misspelt {
            Some(k) => format!(
                "`{}` is read as a job without `script` (did you mean the keyword `{k}`?)",
                job.name
            ),
            None => format!("job `{}` has no `script`, `run` or `trigger`", job.name),
        };
        out.add(cx.job_span(job), message)
            .help("add `script:`, or make it a hidden template by prefixing its name with `.`");
    }
}
