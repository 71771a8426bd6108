use super::prelude::*;
use super::support::{environment, only_gates, rule_items, rules_gate, workflow_gates};

declare_rule! {
    /// ## What it does
    /// Reports jobs that deploy to a production environment (a name whose
    /// first segment is `production` or `prod`, or `deployment_tier:
    /// production`) and run by themselves on any branch: not `when:
    /// manual` (on the job or in the `rules` that run it), not limited by
    /// `rules:`/`only:` or the workflow rules to the default branch, tags,
    /// protected refs or named branches. Jobs that stop or prepare an
    /// environment are not reported; nor are jobs whose rules come from
    /// files that cannot be read.
    ///
    /// ## Why is this bad?
    /// Any push to any branch, or a merge request, then ships to
    /// production: untested code goes live without anyone deciding it,
    /// and a branch anyone can push to becomes a path to production.
    ///
    /// ## Example
    /// ```yaml
    /// deploy:
    ///   stage: deploy
    ///   environment: production
    ///   script: ./deploy.sh
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// deploy:
    ///   stage: deploy
    ///   environment: production
    ///   script: ./deploy.sh
    ///   rules:
    ///     - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
    ///       when: manual
    /// ```
    /// Protect the `production` environment in the project settings too.
    ///
    /// ## References
    /// - Practice CI07 (production needs approval) and CI01 (deploy
    ///   production last, gated).
    pub struct ProductionDeployNotGated {
        code: "GL022",
        name: "production-deploy-not-gated",
        summary: "Production deploy job runs on any branch without a manual gate",
        severity: Warning,
        category: Security,
        practices: ["CI07", "CI01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for ProductionDeployNotGated {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if job.hidden || cx.gitlab.templated {
            return;
        }
        let Some(env) = environment(cx, job) else {
            return;
        };
        if !env.deploys() || !env.is_production() {
            return;
        }
        let when = cx
            .value(job, "when")
            .and_then(|w| cx.yaml_of(w).str(w.node).map(ToString::to_string));
        if matches!(when.as_deref(), Some("manual" | "never")) {
            return;
        }
        let rules = cx.value(job, "rules");
        let only = cx.value(job, "only");
        if let Some(rules) = rules {
            let Some(items) = rule_items(cx, rules) else {
                return;
            };
            if rules_gate(cx, &items, when.as_deref()) {
                return;
            }
        } else if let Some(only) = only {
            if only_gates(cx, only) {
                return;
            }
        } else if support::open(cx) {
            // Workflow rules may come from what cannot be read.
            return;
        }
        if workflow_gates(cx) {
            return;
        }
        let name = env.name.clone().unwrap_or_else(|| "(unnamed)".to_string());
        let span = match env.name_src {
            Some(src) if cx.is_here(src) => cx.span(src.node),
            _ if cx.is_here(env.src) => cx.span(env.src.node),
            _ => cx.job_span(job),
        };
        out.add(
            span,
            format!(
                "job `{}` deploys to production environment `{name}` on any branch without a manual gate",
                job.name
            ),
        )
        .help("add `when: manual` or limit it with `rules: - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`, and protect the environment");
    }
}
