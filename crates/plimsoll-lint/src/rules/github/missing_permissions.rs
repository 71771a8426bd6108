use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a workflow without a top-level `permissions` block in which
    /// at least one job (or reusable workflow call) has no `permissions`
    /// either. Workflows triggered only by `workflow_call` are not
    /// reported: their caller decides the token's scopes.
    ///
    /// ## Why is this bad?
    /// Without `permissions`, `GITHUB_TOKEN` gets the repository's default
    /// scopes, which on older repositories and organisations is write
    /// access to contents, packages, issues, pull requests and more. Any
    /// step that is compromised (a hijacked action, an injected script)
    /// can then push code or publish releases.
    ///
    /// ## Example
    /// ```yaml
    /// on: push
    /// jobs:
    ///   test:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - run: make test
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// on: push
    /// permissions:
    ///   contents: read
    /// jobs:
    ///   test:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - run: make test
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `permissions: contents: read` before `jobs:`. It is
    /// unsafe: a job that needs more (pushing, commenting, publishing)
    /// must then be given those scopes in its own `permissions`.
    ///
    /// ## References
    /// - Practice CI08 (least-privilege `permissions`).
    /// - zizmor excessive-permissions (default permissions).
    /// - GitHub: "Controlling permissions for GITHUB_TOKEN".
    pub struct MissingPermissions {
        code: "GHA003",
        name: "missing-permissions",
        summary: "Workflow leaves the token at the default permissions",
        severity: Warning,
        category: Security,
        practices: ["CI08"],
        peers: [Zizmor "excessive-permissions"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for MissingPermissions {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let w = cx.workflow;
        if w.permissions.is_some() || w.triggers.iter().all(|t| t.event == "workflow_call") {
            return;
        }
        let bare: Vec<&Job> = w.jobs.iter().filter(|j| j.permissions.is_none()).collect();
        if bare.is_empty() {
            return;
        }
        let names = bare
            .iter()
            .map(|j| format!("`{}`", j.id))
            .collect::<Vec<_>>()
            .join(", ");
        let at = w
            .on_key
            .map_or_else(|| cx.span(w.root), |k| cx.yaml.node(k).span);
        let (jobs, get) = if bare.len() == 1 {
            ("job", "gets")
        } else {
            ("jobs", "get")
        };
        out.add(
            at,
            format!(
                "workflow sets no `permissions`: {jobs} {names} {get} the default token scopes"
            ),
        )
        .help("add `permissions: contents: read` at the top and grant more per job where needed")
        .fix_opt(
            fix(cx)
                .map(|e| Fix::unsafe_("Add `permissions: contents: read` before `jobs:`", vec![e])),
        );
    }
}

/// Inserts the block before `jobs:` (and the comments right above it)
/// when `jobs:` starts a line at column 0.
fn fix(cx: &WorkflowContext<'_>) -> Option<Edit> {
    let text = cx.text();
    let key = cx.yaml.node(cx.workflow.jobs_key?).span.start;
    let mut at = text[..key].rfind('\n').map_or(0, |i| i + 1);
    if at != key {
        return None;
    }
    // Keep the comments that introduce `jobs:` attached to it.
    while at > 0 {
        let prev = text[..at - 1].rfind('\n').map_or(0, |i| i + 1);
        if text[prev..at].trim_start().starts_with('#') {
            at = prev;
        } else {
            break;
        }
    }
    Some(Edit::insert(at, "permissions:\n  contents: read\n"))
}
