use super::prelude::*;
use super::support::environment;

declare_rule! {
    /// ## What it does
    /// Reports jobs that deploy to an environment with a fixed name (no
    /// variables, so one shared target such as `staging` or `production`)
    /// without a `resource_group`, after `extends`. Jobs that stop,
    /// prepare or verify an environment, per-branch review environments
    /// (`review/$CI_COMMIT_REF_SLUG`) and jobs that never run are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// Two pipelines (two quick merges, a retried job) can then deploy to
    /// the same environment at once: the steps interleave, an older
    /// commit can finish last and win, and a half-applied deploy is hard
    /// to tell from a finished one. A resource group lets one job at a
    /// time into the environment.
    ///
    /// ## Example
    /// ```yaml
    /// deploy:
    ///   stage: deploy
    ///   environment: staging
    ///   script: ./deploy.sh staging
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// deploy:
    ///   stage: deploy
    ///   environment: staging
    ///   resource_group: staging
    ///   script: ./deploy.sh staging
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `resource_group: <environment>` to the job. It is
    /// unsafe: deploys to that environment then wait for each other, and a
    /// group shared with other jobs may have been meant under another name.
    ///
    /// ## References
    /// - Practice R06 (one deploy at a time per target) and CI10
    ///   (concurrency control).
    pub struct DeployWithoutResourceGroup {
        code: "GL023",
        name: "deploy-without-resource-group",
        summary: "Deploy job without a `resource_group`, so deploys can run concurrently",
        severity: Info,
        category: Reliability,
        practices: ["R06", "CI10"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for DeployWithoutResourceGroup {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if job.hidden || cx.gitlab.templated {
            return;
        }
        let Some(env) = environment(cx, job) else {
            return;
        };
        let Some(name) = env.name.as_deref() else {
            return;
        };
        if !env.deploys() || name.is_empty() || is_dynamic(name) {
            return;
        }
        if cx.value(job, "resource_group").is_some() {
            return;
        }
        if let Some(w) = cx.value(job, "when")
            && cx.yaml_of(w).str(w.node) == Some("never")
        {
            return;
        }
        if support::open(cx) && !job.extends.is_empty() {
            // What it extends may set the group.
            return;
        }
        let span = match env.name_src {
            Some(src) if cx.is_here(src) => cx.span(src.node),
            _ => cx.job_span(job),
        };
        let fix = cx
            .set(job.node, &["resource_group"], Value::string(name))
            .map(|edit| Fix::unsafe_(format!("Add `resource_group: {name}`"), vec![edit]));
        out.add(
            span,
            format!(
                "job `{}` deploys to `{name}` without a `resource_group`: concurrent pipelines can deploy at once",
                job.name
            ),
        )
        .help("add `resource_group: <environment>` so deploys to it run one at a time")
        .fix_opt(fix);
    }
}
