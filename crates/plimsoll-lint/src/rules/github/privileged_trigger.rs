use super::prelude::*;
use super::support::PRIVILEGED_TRIGGERS;

declare_rule! {
    /// ## What it does
    /// Reports every `pull_request_target`, `workflow_run` and
    /// `issue_comment` trigger, as advice to review the workflow (GHA002 reports the exploitable case,
    /// a checkout of pull request code). A workflow whose only job has a
    /// single `actions/labeler` step is not reported.
    ///
    /// This rule is off by default: most such workflows are safe, and it
    /// flags the trigger, not a mistake.
    ///
    /// ## Why is this bad?
    /// These triggers run with a write token and the repository's secrets
    /// while acting on pull requests from forks or on anyone's comments. Any step that touches
    /// the pull request's code, artifacts or text (branch names, titles)
    /// can hand those privileges to its author.
    ///
    /// ## Example
    /// ```yaml
    /// on: pull_request_target
    /// ```
    ///
    /// ## Use instead
    /// Prefer `pull_request`, which runs fork code without secrets and with
    /// a read-only token; keep privileged follow-up work minimal and never
    /// run the pull request's code in it.
    ///
    /// ## References
    /// - Practice CI13 (untrusted input) and CI08 (least privilege).
    /// - zizmor dangerous-triggers.
    /// - GitHub: "Events that trigger workflows", `pull_request_target`.
    pub struct PrivilegedTrigger {
        code: "GHA016",
        name: "privileged-trigger",
        summary: "Workflow runs privileged on events outsiders trigger",
        severity: Info,
        category: Security,
        practices: ["CI13", "CI08"],
        peers: [Zizmor "dangerous-triggers"],
        fix: None,
        default: false,
    }
}

impl Rule for PrivilegedTrigger {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let w = cx.workflow;
        let labeler_only = matches!(w.jobs.as_slice(), [job] if matches!(
            job.steps.as_slice(),
            [step] if step.uses().is_some_and(|u| u.is_action("actions/labeler"))
        ));
        for t in &w.triggers {
            if !PRIVILEGED_TRIGGERS.contains(&t.event.as_str())
                || (labeler_only && t.event == "pull_request_target")
            {
                continue;
            }
            out.add(
                cx.span(t.name_node),
                format!(
                    "`{}` runs with a write token and secrets on events outsiders trigger",
                    t.event
                ),
            )
            .help("prefer `pull_request`; never run pull request code, artifacts or text in this workflow");
        }
    }
}
