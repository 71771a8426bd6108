use super::prelude::*;
use super::support::PRIVILEGED_TRIGGERS;

declare_rule! {
    /// ## What it does
    /// Reports a job of a `pull_request_target`, `workflow_run` or
    /// `issue_comment` workflow that checks out the pull request's code and
    /// then runs
    /// steps: `actions/checkout` with a `ref` (or `repository`) taken from
    /// the pull request head (`github.event.pull_request.head.sha`,
    /// `github.head_ref`, `github.event.workflow_run.head_sha`,
    /// `refs/pull/N/merge`...), or `gh pr checkout` and `git
    /// checkout`/`fetch` of those refs in a `run:` script. A checkout that
    /// only later steps could use is reported when some later step runs a
    /// script or an action other than upload/download of artifacts.
    ///
    /// Workflows on other triggers, and checkouts of the base branch (no
    /// `ref`), are not reported.
    ///
    /// ## Why is this bad?
    /// These triggers run in the context of the base repository, with a
    /// token that can write to it and with its secrets, even for pull
    /// requests from forks. Building or testing the fork's code there
    /// ("pwn request") lets anyone run code with those privileges: a
    /// modified build script, `package.json` hook or test is enough.
    ///
    /// ## Example
    /// ```yaml
    /// on: pull_request_target
    /// jobs:
    ///   test:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - uses: actions/checkout@v4
    ///         with:
    ///           ref: ${{ github.event.pull_request.head.sha }}
    ///       - run: npm ci && npm test
    /// ```
    ///
    /// ## Use instead
    /// Build and test untrusted code on `pull_request` (no secrets, read-only
    /// token); keep privileged follow-up work (labels, comments) in a
    /// separate `workflow_run` job that never runs the pull request's code.
    ///
    /// ## References
    /// - Practice CI08 (least privilege) and CI13 (untrusted input).
    /// - zizmor dangerous-triggers (which reports every use of these
    ///   triggers; this rule reports the exploitable pattern).
    /// - GitHub Security Lab: "Keeping your GitHub Actions and workflows
    ///   secure: Preventing pwn requests".
    pub struct UntrustedCheckout {
        code: "GHA002",
        name: "untrusted-checkout",
        summary: "Privileged workflow checks out and runs pull request code",
        severity: Error,
        category: Security,
        practices: ["CI08", "CI13"],
        peers: [Zizmor "dangerous-triggers"],
        fix: None,
        default: true,
    }
}

/// Context paths that name the pull request's head.
const HEAD_PATHS: &[&str] = &[
    "github.head_ref",
    "github.event.pull_request.head.**",
    "github.event.pull_request.merge_commit_sha",
    "github.event.workflow_run.head_sha",
    "github.event.workflow_run.head_branch",
    "github.event.workflow_run.head_repository.**",
    "github.event.workflow_run.head_commit.id",
    "github.event.workflow_run.pull_requests.**",
];

/// Whether a text names the pull request head: an expression reading one
/// of [`HEAD_PATHS`], or a `refs/pull/` ref.
fn names_head(text: &ScalarText, within: Option<Span>) -> Option<Span> {
    for t in text.templates() {
        if within.is_some_and(|w| !w.contains(text.span(t.span))) {
            continue;
        }
        let Some(e) = t.expr() else {
            continue;
        };
        if let Some(p) = e
            .context_paths()
            .into_iter()
            .find(|p| HEAD_PATHS.iter().any(|h| p.matches(h)))
        {
            return Some(text.span(p.span));
        }
    }
    if within.is_none()
        && let Some(i) = text.value.find("refs/pull/")
    {
        return Some(text.span(Span::new(i, i + "refs/pull/".len())));
    }
    None
}

/// Steps that neither run code nor hand the workspace to code.
fn is_passive(step: &Step) -> bool {
    step.run.is_none()
        && step.uses().is_some_and(|u| {
            [
                "actions/checkout",
                "actions/upload-artifact",
                "actions/download-artifact",
            ]
            .iter()
            .any(|a| u.is_action(a))
        })
}

impl Rule for UntrustedCheckout {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let Some(trigger) = cx
            .workflow
            .triggers
            .iter()
            .find(|t| PRIVILEGED_TRIGGERS.contains(&t.event.as_str()))
        else {
            return;
        };
        for job in &cx.workflow.jobs {
            for (i, step) in job.steps.iter().enumerate() {
                let Some(at) = head_checkout(cx, step) else {
                    continue;
                };
                let runs_later = job.steps.get(i + 1..).unwrap_or_default();
                if step.run.is_none() && runs_later.iter().all(is_passive) {
                    continue;
                }
                out.add(
                    at,
                    format!(
                        "job `{}` checks out pull request code in a workflow triggered by `{}`, which runs with a write token and secrets",
                        job.id, trigger.event
                    ),
                )
                .related(cx.span(trigger.name_node), "privileged trigger")
                .help("build untrusted code on `pull_request` and keep privileged steps in a separate workflow");
            }
        }
    }
}

/// Where a step checks out the pull request head, if it does.
fn head_checkout(cx: &WorkflowContext<'_>, step: &Step) -> Option<Span> {
    if step.uses().is_some_and(|u| u.is_action("actions/checkout")) {
        for input in ["ref", "repository"] {
            if let Some(e) = step.input(input)
                && let Some(text) = cx.scalar_text(e.value)
                && let Some(span) = names_head(&text, None)
            {
                return Some(span);
            }
        }
        return None;
    }
    let run = step.run.as_ref()?;
    let text = cx.scalar_text(run.node)?;
    let script = text.script();
    for c in script.command_views() {
        let sub = c.subcommand(&["-C", "-c"]).map(|w| w.value.as_str());
        match (c.name(), sub) {
            ("gh", Some("pr")) if c.args.iter().any(|a| a.value == "checkout") => {
                return Some(c.span());
            }
            ("git", Some("checkout" | "switch" | "fetch" | "pull" | "reset")) => {
                if let Some(span) = names_head(&text, Some(c.span())) {
                    return Some(span);
                }
                if c.args.iter().any(|a| a.value.contains("pull/")) {
                    return Some(c.span());
                }
            }
            _ => {}
        }
    }
    None
}
