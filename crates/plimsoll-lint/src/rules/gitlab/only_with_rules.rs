use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a job that combines `rules:` with `only:` or `except:`
    /// in its own definition.
    ///
    /// ## Why is this bad?
    /// GitLab rejects the pipeline: "config key may not be used with
    /// `rules`: only, except". `rules` replaces both.
    ///
    /// ## Example
    /// ```yaml
    /// deploy:
    ///   script: ./deploy.sh
    ///   only: [main]
    ///   rules:
    ///     - when: manual
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// deploy:
    ///   script: ./deploy.sh
    ///   rules:
    ///     - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
    ///       when: manual
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline that GitLab accepts).
    pub struct OnlyExceptWithRules {
        code: "GL012",
        name: "only-except-with-rules",
        summary: "`only`/`except` combined with `rules`",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for OnlyExceptWithRules {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if job.hidden || cx.own(job, "rules").is_none() {
            return;
        }
        for key in ["only", "except"] {
            if let Some(span) = cx.entry_span(job.node, key) {
                out.add(
                    span,
                    format!("job `{}` uses `{key}` together with `rules`", job.name),
                )
                .help(format!(
                    "express the `{key}` condition as a `rules:` entry and remove `{key}`"
                ));
            }
        }
    }
}
