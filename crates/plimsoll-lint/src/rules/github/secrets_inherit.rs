use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a job calling a reusable workflow with `secrets: inherit`.
    ///
    /// ## Why is this bad?
    /// `inherit` hands every secret the caller can read (repository,
    /// organisation and environment secrets) to the called workflow,
    /// whatever it needs. A compromised or careless called workflow, or one
    /// on a moving ref, then reaches all of them.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   deploy:
    ///     uses: org/workflows/.github/workflows/deploy.yml@v1
    ///     secrets: inherit
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// jobs:
    ///   deploy:
    ///     uses: org/workflows/.github/workflows/deploy.yml@v1
    ///     secrets:
    ///       registry-token: ${{ secrets.REGISTRY_TOKEN }}
    /// ```
    ///
    /// ## References
    /// - Practice CI08 (least privilege).
    /// - zizmor secrets-inherit.
    pub struct SecretsInherit {
        code: "GHA007",
        name: "secrets-inherit",
        summary: "Reusable workflow call passes every secret",
        severity: Warning,
        category: Security,
        practices: ["CI08"],
        peers: [Zizmor "secrets-inherit"],
        fix: None,
        default: true,
    }
}

impl Rule for SecretsInherit {
    fn check_job(&self, cx: &WorkflowContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        let (JobSecrets::Inherit(_), Some((uses, _))) = (&job.secrets, &job.uses) else {
            return;
        };
        out.add(
            cx.span(uses.node),
            format!(
                "job `{}` passes every secret to `{}` with `secrets: inherit`",
                job.id, uses.value
            ),
        )
        .related(
            cx.entry_span(job.node, "secrets")
                .unwrap_or_else(|| cx.job_span(job)),
            "`secrets: inherit`",
        )
        .help("pass only the secrets the called workflow declares, by name");
    }
}
