use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a job whose `stage` is not one of the pipeline's `stages`
    /// (or of GitLab's defaults `.pre`, `build`, `test`, `deploy`, `.post`
    /// when the pipeline declares none). A job without `stage` runs in
    /// `test`, so it is reported too when the declared stages lack `test`.
    /// The stage may come from `extends`; stages are looked up across the
    /// files the pipeline includes. Stages built from variables, and
    /// pipelines that include remote, project or template files without
    /// declaring `stages` themselves, are not judged.
    ///
    /// ## Why is this bad?
    /// GitLab refuses to create the pipeline: "chosen stage does not
    /// exist". Nothing runs until the file is fixed.
    ///
    /// ## Example
    /// ```yaml
    /// stages: [build, test]
    /// deploy:
    ///   stage: deploy
    ///   script: ./deploy.sh
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// stages: [build, test, deploy]
    /// deploy:
    ///   stage: deploy
    ///   script: ./deploy.sh
    /// ```
    ///
    /// ## References
    /// - Practice CI01 (stages in order) and CI02 (fail fast through stages).
    pub struct JobInUndefinedStage {
        code: "GL001",
        name: "job-in-undefined-stage",
        summary: "Job runs in a stage the pipeline does not declare",
        severity: Error,
        category: Correctness,
        practices: ["CI01", "CI02"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for JobInUndefinedStage {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if job.hidden || cx.gitlab.templated {
            return;
        }
        let scope = cx.index.scope(cx.unit);
        if scope.stages.is_none() && scope.open {
            return;
        }
        let stages = cx.index.stages(cx.unit);
        let (stage, src) = support::stage_of(cx, cx.unit, &job.name);
        if support::dynamic(&stage) || support::stage_position(&stages, &stage).is_some() {
            return;
        }
        let listed = stages.join(", ");
        match src {
            Some(src) if cx.is_here(src) && cx.own(job, "stage") == Some(src.node) => {
                out.add(
                    cx.span(src.node),
                    format!(
                        "job `{}` runs in stage `{stage}`, which the pipeline does not declare (stages: {listed})",
                        job.name
                    ),
                )
                .help(format!("add `{stage}` to `stages:` or use a declared stage"));
            }
            Some(_) => {
                out.add(
                    cx.job_span(job),
                    format!(
                        "job `{}` inherits stage `{stage}`, which the pipeline does not declare (stages: {listed})",
                        job.name
                    ),
                )
                .help(format!("add `{stage}` to `stages:` or set a declared stage on the job"));
            }
            None => {
                out.add(
                    cx.job_span(job),
                    format!(
                        "job `{}` has no `stage`, so it runs in `test`, which the pipeline does not declare (stages: {listed})",
                        job.name
                    ),
                )
                .help("set `stage:` to a declared stage, or add `test` to `stages:`");
            }
        }
    }
}
