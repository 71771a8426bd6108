use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `dependencies:` entry naming a job the pipeline does not
    /// define, or a job of a later stage. Names built from variables and
    /// pipelines that include files plimsoll cannot read are not judged.
    ///
    /// ## Why is this bad?
    /// `dependencies` only fetches artifacts of jobs that ran before;
    /// GitLab rejects the pipeline ("undefined dependency") otherwise.
    ///
    /// ## Example
    /// ```yaml
    /// stages: [build, test]
    /// test:
    ///   stage: test
    ///   dependencies: [compile]
    ///   script: make test
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// stages: [build, test]
    /// compile:
    ///   stage: build
    ///   script: make
    ///   artifacts: {paths: [bin/]}
    /// test:
    ///   stage: test
    ///   dependencies: [compile]
    ///   script: make test
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (jobs wired to what they consume).
    pub struct InvalidDependency {
        code: "GL005",
        name: "invalid-dependency",
        summary: "`dependencies` names an unknown job or one of a later stage",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidDependency {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if job.hidden || cx.gitlab.templated {
            return;
        }
        let Some(deps) = cx.own(job, "dependencies") else {
            return;
        };
        let stages = cx.index.stages(cx.unit);
        let (own_stage, _) = support::stage_of(cx, cx.unit, &job.name);
        let own = support::stage_position(&stages, &own_stage);
        for &item in cx.yaml.items(deps) {
            let Some(name) = cx.str(item) else { continue };
            if support::dynamic(name) {
                continue;
            }
            if !support::visible_job_exists(cx, name) {
                if !support::open(cx) {
                    out.add(
                        cx.span(item),
                        format!(
                            "job `{}` depends on `{name}`, which the pipeline does not define",
                            job.name
                        ),
                    )
                    .help("name a job of an earlier stage that produces artifacts");
                }
                continue;
            }
            let (their_stage, _) = support::stage_of(cx, cx.unit, name);
            if let (Some(own), Some(theirs)) = (own, support::stage_position(&stages, &their_stage))
                && theirs > own
            {
                out.add(
                    cx.span(item),
                    format!(
                        "job `{}` (stage `{own_stage}`) depends on `{name}` of the later stage `{their_stage}`",
                        job.name
                    ),
                )
                .help("depend only on jobs of earlier stages");
            }
        }
    }
}
