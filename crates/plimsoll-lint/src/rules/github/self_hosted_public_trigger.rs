use super::prelude::*;

/// Triggers through which people outside the repository start runs:
/// fork pull requests, reviews and comments.
const PUBLIC_TRIGGERS: &[&str] = &[
    "pull_request",
    "pull_request_target",
    "pull_request_review",
    "pull_request_review_comment",
    "issue_comment",
];

declare_rule! {
    /// ## What it does
    /// Reports a job that runs on a self-hosted runner (a `self-hosted`
    /// label) in a workflow that outsiders can start:
    /// `pull_request`, `pull_request_target`, pull request reviews and
    /// review comments, `issue_comment`. Jobs whose `if:` limits them to
    /// pull requests from the repository itself (testing
    /// `head.repo.full_name` or `head.repo.fork`) are not reported, nor are
    /// labels computed by expressions or runner `group`s (which also serve
    /// GitHub's larger hosted runners).
    ///
    /// ## Why is this bad?
    /// Self-hosted runners are not wiped between jobs. A fork's pull
    /// request that runs on one can install a backdoor that later jobs,
    /// with their secrets and deploy credentials, run into; on a runner
    /// inside a private network it also reaches that network.
    ///
    /// ## Example
    /// ```yaml
    /// on: pull_request
    /// jobs:
    ///   test:
    ///     runs-on: [self-hosted, linux]
    /// ```
    ///
    /// ## Use instead
    /// Run untrusted pull requests on GitHub-hosted runners, or on
    /// ephemeral self-hosted runners, and require approval for fork
    /// workflows; or limit the job to same-repository pull requests:
    /// ```yaml
    ///     if: github.event.pull_request.head.repo.full_name == github.repository
    /// ```
    ///
    /// ## References
    /// - Practice CI08 (least privilege) and S02 (supply chain in CI).
    /// - zizmor self-hosted-runner (which reports every self-hosted runner).
    /// - GitHub: "Hardening for self-hosted runners".
    pub struct SelfHostedPublicTrigger {
        code: "GHA009",
        name: "self-hosted-public-trigger",
        summary: "Self-hosted runner reachable from fork pull requests",
        severity: Warning,
        category: Security,
        practices: ["CI08", "S02"],
        peers: [Zizmor "self-hosted-runner"],
        fix: None,
        default: true,
    }
}

impl Rule for SelfHostedPublicTrigger {
    fn check_job(&self, cx: &WorkflowContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        let Some(trigger) = cx
            .workflow
            .triggers
            .iter()
            .find(|t| PUBLIC_TRIGGERS.contains(&t.event.as_str()))
        else {
            return;
        };
        if !job
            .runs_on
            .labels
            .iter()
            .any(|l| l.value.eq_ignore_ascii_case("self-hosted"))
        {
            return;
        }
        if job.if_.as_ref().is_some_and(|c| {
            c.value.contains("head.repo.full_name") || c.value.contains("head.repo.fork")
        }) {
            return;
        }
        let Some(node) = job.runs_on.node else {
            return;
        };
        let span = cx
            .entry_span(job.node, "runs-on")
            .unwrap_or_else(|| cx.span(node));
        out.add(
            span,
            format!(
                "job `{}` runs on a self-hosted runner in a workflow that outsiders can start (`{}`)",
                job.id, trigger.event
            ),
        )
        .related(cx.span(trigger.name_node), "public trigger")
        .help("use GitHub-hosted or ephemeral runners for untrusted code, or limit the job to same-repository pull requests");
    }
}
