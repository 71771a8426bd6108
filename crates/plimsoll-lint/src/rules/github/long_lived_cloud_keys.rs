use super::practice_support::entry_span;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports long-lived cloud credentials handed to a job where GitHub's
    /// OpenID Connect federation would do: `aws-access-key-id` /
    /// `aws-secret-access-key` inputs of
    /// `aws-actions/configure-aws-credentials`, `credentials_json` of
    /// `google-github-actions/auth`, `creds` of `azure/login`, and
    /// `AWS_SECRET_ACCESS_KEY` set in an `env` block (workflow, job or
    /// step) from a secret or a literal.
    ///
    /// ## Why is this bad?
    /// A stored access key works from anywhere until someone rotates it:
    /// a leaked log, a compromised action or a pull request that reaches
    /// the secret gives lasting access to the cloud account. With OIDC
    /// the job exchanges a short-lived token, scoped by the cloud's trust
    /// policy to this repository, branch or environment, and there is no
    /// secret to leak.
    ///
    /// ## Example
    /// ```yaml
    /// - uses: aws-actions/configure-aws-credentials@v4
    ///   with:
    ///     aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
    ///     aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
    ///     aws-region: eu-west-1
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// permissions:
    ///   id-token: write
    ///   contents: read
    /// steps:
    ///   - uses: aws-actions/configure-aws-credentials@v4
    ///     with:
    ///       role-to-assume: arn:aws:iam::123456789012:role/deploy
    ///       aws-region: eu-west-1
    /// ```
    ///
    /// ## References
    /// - Practice CI08 (OIDC with `id-token: write` instead of long-lived
    ///   cloud keys).
    /// - GitHub: Security hardening with OpenID Connect; AWS, Google Cloud
    ///   and Azure OIDC guides.
    pub struct LongLivedCloudKeys {
        code: "GHA059",
        name: "long-lived-cloud-credentials",
        summary: "Long-lived cloud keys instead of OIDC federation",
        severity: Warning,
        category: Security,
        practices: ["CI08"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// Action, input, cloud, the OIDC input to use instead.
const KEY_INPUTS: &[(&str, &str, &str, &str)] = &[
    (
        "aws-actions/configure-aws-credentials",
        "aws-secret-access-key",
        "AWS",
        "`role-to-assume`",
    ),
    (
        "google-github-actions/auth",
        "credentials_json",
        "Google Cloud",
        "`workload_identity_provider`",
    ),
    (
        "azure/login",
        "creds",
        "Azure",
        "`client-id`, `tenant-id` and `subscription-id`",
    ),
];

fn check_env(cx: &WorkflowContext<'_>, env: &[Entry], whose: &str, out: &mut Diagnostics<'_>) {
    for e in env {
        if e.name != "AWS_SECRET_ACCESS_KEY" || cx.yaml.is_null(e.value) {
            continue;
        }
        out.add(
            entry_span(cx.yaml, cx.text(), e),
            format!("{whose} sets `AWS_SECRET_ACCESS_KEY`, a long-lived AWS key"),
        )
        .help("grant `id-token: write` and use `aws-actions/configure-aws-credentials` with `role-to-assume`");
    }
}

impl Rule for LongLivedCloudKeys {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        check_env(cx, &cx.workflow.env, "the workflow `env`", out);
        for job in &cx.workflow.jobs {
            check_env(cx, &job.env, &format!("job `{}`", job.id), out);
            for step in &job.steps {
                check_env(cx, &step.env, &format!("step {}", step.label()), out);
                let Some(slug) = step.uses().and_then(Uses::slug) else {
                    continue;
                };
                for (action, input, cloud, instead) in KEY_INPUTS {
                    if slug != *action {
                        continue;
                    }
                    let Some(e) = step
                        .with
                        .iter()
                        .find(|e| e.name.eq_ignore_ascii_case(input))
                    else {
                        continue;
                    };
                    if cx.yaml.is_null(e.value)
                        || cx.yaml.str(e.value).is_some_and(|v| v.trim().is_empty())
                    {
                        continue;
                    }
                    out.add(
                        entry_span(cx.yaml, cx.text(), e),
                        format!(
                            "step {} logs in to {cloud} with a long-lived key (`{input}`)",
                            step.label()
                        ),
                    )
                    .help(format!(
                        "grant `id-token: write` and use OIDC federation ({instead})"
                    ));
                }
            }
        }
    }
}
