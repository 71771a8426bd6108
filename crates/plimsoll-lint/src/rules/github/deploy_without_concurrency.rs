use super::practice_support::{Ships, shipping_steps};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports jobs that deploy or publish when neither the job nor the
    /// workflow sets `concurrency`. A job deploys or publishes when it
    /// targets an `environment`, uses a deploy or release action
    /// (`actions/deploy-pages`, `azure/webapps-deploy`,
    /// `google-github-actions/deploy-cloudrun`,
    /// `docker/build-push-action` with `push`,
    /// `pypa/gh-action-pypi-publish`...), or runs `kubectl apply`, `helm
    /// upgrade`, `terraform apply`, `gcloud ... deploy`, `npm publish`,
    /// `docker push` and the like. `kubectl` and `helm` in jobs that start
    /// a throwaway cluster (kind, minikube, k3d) are tests, not deploys.
    ///
    /// ## Why is this bad?
    /// Two pushes in quick succession start two runs that deploy at the
    /// same time: the older commit can finish last and win, two
    /// `terraform apply` fight over the state lock, and two publishes of
    /// one version fail half-way.
    ///
    /// ## Example
    /// ```yaml
    /// on:
    ///   push:
    ///     branches: [main]
    /// jobs:
    ///   deploy:
    ///     runs-on: ubuntu-latest
    ///     environment: production
    ///     steps:
    ///       - run: helm upgrade --install app ./chart
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// jobs:
    ///   deploy:
    ///     runs-on: ubuntu-latest
    ///     environment: production
    ///     concurrency:
    ///       group: deploy-production
    ///       cancel-in-progress: false
    ///     steps:
    ///       - run: helm upgrade --install app ./chart
    /// ```
    ///
    /// ## References
    /// - Practice CI10 (`concurrency` groups) and R06 (one deploy at a time
    ///   per target).
    /// - zizmor concurrency-limits (pedantic) asks for concurrency in every
    ///   workflow; this rule asks for it where runs would collide.
    /// - GitHub: Control the concurrency of workflows and jobs.
    pub struct DeployWithoutConcurrency {
        code: "GHA057",
        name: "deploy-without-concurrency",
        summary: "Deploying or publishing job without `concurrency`",
        severity: Warning,
        category: Reliability,
        practices: ["CI10", "R06"],
        peers: [Zizmor "concurrency-limits"],
        fix: None,
        default: true,
    }
}

impl Rule for DeployWithoutConcurrency {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        if cx.workflow.concurrency.is_some() {
            return;
        }
        for job in &cx.workflow.jobs {
            if job.concurrency.is_some() || job.uses.is_some() {
                continue;
            }
            let why = if let Some(env) = &job.environment {
                let name = env.name.as_ref().map_or("an environment".to_string(), |n| {
                    format!("environment `{}`", n.value)
                });
                Some((cx.span(env.node), format!("deploys to {name}")))
            } else {
                shipping_steps(cx, job).into_iter().next().map(|s| {
                    let verb = match s.kind {
                        Ships::Deploy => "deploys",
                        Ships::Publish => "publishes",
                    };
                    (s.span, format!("{verb} with {}", s.what))
                })
            };
            let Some((at, why)) = why else {
                continue;
            };
            out.add(
                cx.job_span(job),
                format!("job `{}` {why} but runs without `concurrency`", job.id),
            )
            .related(at, "deploys or publishes here")
            .help("add `concurrency: {group: deploy-<target>, cancel-in-progress: false}` to the job or workflow");
        }
    }
}
