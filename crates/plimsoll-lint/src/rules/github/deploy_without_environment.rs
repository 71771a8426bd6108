use super::practice_support::{Ships, shipping_steps};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports jobs that deploy without an `environment`: jobs using a
    /// deploy action (`azure/webapps-deploy`, `azure/k8s-deploy`,
    /// `google-github-actions/deploy-cloudrun`, `actions/deploy-pages`,
    /// `aws-actions/amazon-ecs-deploy-task-definition`...) or running
    /// `kubectl apply`/`rollout`/`set`, `helm upgrade`, `terraform
    /// apply`, `gcloud ... deploy`, `aws ecs update-service`, `az webapp
    /// deploy`, `flyctl deploy` and the like. Jobs that start a throwaway
    /// cluster (kind, minikube, k3d) are tests and are not reported;
    /// publishing packages and images is not a deploy here.
    ///
    /// ## Why is this bad?
    /// Environments carry the protection rules of a target: required
    /// reviewers, wait timers, which branches may deploy, and secrets only
    /// that environment's jobs can read. A deploy job without one reaches
    /// production with the repository's secrets and no approval, and the
    /// deployment history shows nothing.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   deploy:
    ///     runs-on: ubuntu-latest
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
    ///     steps:
    ///       - run: helm upgrade --install app ./chart
    /// ```
    ///
    /// ## References
    /// - Practice CI07 (deploy jobs use protected environments).
    /// - zizmor secrets-outside-env (auditor persona) reports secrets read
    ///   outside an environment; this rule reports the deploy itself.
    /// - GitHub: Managing environments for deployment.
    pub struct DeployWithoutEnvironment {
        code: "GHA058",
        name: "deploy-without-environment",
        summary: "Deploy job without an `environment`",
        severity: Warning,
        category: Security,
        practices: ["CI07"],
        peers: [Zizmor "secrets-outside-env"],
        fix: None,
        default: true,
    }
}

impl Rule for DeployWithoutEnvironment {
    fn check_job(&self, cx: &WorkflowContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if job.environment.is_some() || job.uses.is_some() {
            return;
        }
        let Some(deploy) = shipping_steps(cx, job)
            .into_iter()
            .find(|s| s.kind == Ships::Deploy)
        else {
            return;
        };
        out.add(
            cx.job_span(job),
            format!("job `{}` deploys with {} but has no `environment`", job.id, deploy.what),
        )
        .related(deploy.span, "deploys here")
        .help("add `environment: <target>` and protect it with required reviewers in the repository settings");
    }
}
