use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports token permissions broader than jobs can need:
    /// - `permissions: write-all` on a workflow or a job;
    /// - `permissions: read-all` on a workflow or a job (as advice: it
    ///   reads every scope, security events and packages included);
    /// - a scope set to `write` at the workflow level when the workflow
    ///   has several jobs and not all of them set their own
    ///   `permissions`, so the scope could be granted to the jobs that use
    ///   it only.
    ///
    /// Job-level scopes (`contents: write` on the release job) are not
    /// reported, nor are workflow-level ones in single-job workflows or
    /// workflows triggered only by `workflow_call`.
    ///
    /// ## Why is this bad?
    /// Every step of every job holds the token. A write scope granted
    /// workflow-wide lets a compromised test or lint step push code,
    /// publish packages or approve pull requests.
    ///
    /// ## Example
    /// ```yaml
    /// permissions:
    ///   contents: write
    /// jobs:
    ///   test: ...
    ///   release: ...
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// permissions:
    ///   contents: read
    /// jobs:
    ///   test: ...
    ///   release:
    ///     permissions:
    ///       contents: write
    /// ```
    ///
    /// ## References
    /// - Practice CI08 (least-privilege `permissions`).
    /// - zizmor excessive-permissions; checkov CKV2_GHA_1 (`write-all` at
    ///   the top level).
    pub struct ExcessivePermissions {
        code: "GHA004",
        name: "excessive-permissions",
        summary: "Token permissions broader than the jobs need",
        severity: Warning,
        category: Security,
        practices: ["CI08"],
        peers: [Zizmor "excessive-permissions", Checkov "CKV2_GHA_1"],
        fix: None,
        default: true,
    }
}

impl Rule for ExcessivePermissions {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let w = cx.workflow;
        if let Some(p) = &w.permissions {
            broad(cx, p, "workflow", out);
            let reusable_only = w.triggers.iter().all(|t| t.event == "workflow_call");
            let could_scope = w.jobs.len() > 1 && w.jobs.iter().any(|j| j.permissions.is_none());
            if let Permission::Scopes(scopes) = &p.kind
                && could_scope
                && !reusable_only
            {
                let inheriting = w
                    .jobs
                    .iter()
                    .filter(|j| j.permissions.is_none())
                    .map(|j| format!("`{}`", j.id))
                    .collect::<Vec<_>>()
                    .join(", ");
                for (entry, level) in scopes {
                    if level.as_deref() != Some("write") {
                        continue;
                    }
                    let span = cx
                        .entry_span(p.node, &entry.name)
                        .unwrap_or_else(|| cx.span(entry.key));
                    out.add(
                        span,
                        format!(
                            "workflow grants `{}: write` to every job without its own `permissions` ({inheriting})",
                            entry.name
                        ),
                    )
                    .help("set read scopes at the top and grant `write` in the permissions of the jobs that need it");
                }
            }
        }
        for job in &w.jobs {
            if let Some(p) = &job.permissions {
                broad(cx, p, &format!("job `{}`", job.id), out);
            }
        }
    }
}

fn broad(cx: &WorkflowContext<'_>, p: &Permissions, who: &str, out: &mut Diagnostics<'_>) {
    let span = cx.span(p.key).cover(cx.span(p.node));
    match p.kind {
        Permission::WriteAll => {
            out.add(
                span,
                format!("{who} grants `write-all`: every scope of the token can write"),
            )
            .help("list the scopes the jobs need (`contents: read`, `pull-requests: write`...)");
        }
        Permission::ReadAll => {
            out.add(
                span,
                format!("{who} grants `read-all`: every scope of the token can read"),
            )
            .help("list the scopes the jobs need (`contents: read`...)")
            .severity(Severity::Info);
        }
        _ => {}
    }
}
