use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `uses` values GitHub cannot resolve:
    /// - a repository action without `@ref` (`actions/checkout`), with an
    ///   empty ref, or without an owner (`checkout@v4`);
    /// - `docker://` without an image;
    /// - a reusable-workflow call (job `uses`) that is not
    ///   `owner/repo/.github/workflows/<file>.yml@ref` or
    ///   `./.github/workflows/<file>.yml`, or that has a ref when local.
    ///
    /// Values built from expressions are left to `context-unavailable`.
    ///
    /// ## Why is this bad?
    /// GitHub rejects the workflow ("the `uses` attribute must be a path,
    /// a Docker image, or owner/repo@ref"), so nothing runs.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   build:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - uses: actions/checkout
    ///   release:
    ///     uses: org/workflows/release.yml@v1
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// jobs:
    ///   build:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - uses: actions/checkout@v4
    ///   release:
    ///     uses: org/workflows/.github/workflows/release.yml@v1
    /// ```
    ///
    /// ## References
    /// - Practice CI09 (actions referenced at an explicit version).
    /// - actionlint action and workflow-call (`uses` format).
    /// - GitHub: Workflow syntax, `jobs.<job_id>.steps[*].uses` and
    ///   `jobs.<job_id>.uses`.
    pub struct InvalidUses {
        code: "GHA053",
        name: "invalid-uses",
        summary: "`uses` that GitHub cannot resolve",
        severity: Error,
        category: Correctness,
        practices: ["CI09"],
        peers: [Actionlint "action", Actionlint "workflow-call"],
        fix: None,
        default: true,
    }
}

fn step_problem(uses: &Str, parsed: &Uses) -> Option<(String, &'static str)> {
    if uses.has_expression() {
        return None;
    }
    let v = uses.value.trim();
    match parsed {
        Uses::Repo { git_ref: None, .. } => Some((
            format!("`uses: {v}` has no `@ref`"),
            "pin a version: `owner/repo@v1` or a full commit SHA",
        )),
        Uses::Repo {
            git_ref: Some(r), ..
        } if r.trim().is_empty() => Some((
            format!("`uses: {v}` has an empty ref"),
            "pin a version: `owner/repo@v1` or a full commit SHA",
        )),
        Uses::Docker { image } if image.trim().is_empty() => Some((
            format!("`uses: {v}` names no image"),
            "write `docker://image:tag`",
        )),
        Uses::Invalid => Some((
            format!("`uses: {v}` is not `owner/repo@ref`, `./path` or `docker://image`"),
            "write `owner/repo@ref`, `owner/repo/path@ref`, `./path` or `docker://image`",
        )),
        _ => None,
    }
}

fn is_workflow_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    (lower.ends_with(".yml") || lower.ends_with(".yaml"))
        && (lower.starts_with(".github/workflows/") || lower.starts_with("./.github/workflows/"))
}

fn call_problem(uses: &Str) -> Option<String> {
    if uses.has_expression() {
        return None;
    }
    let v = uses.value.trim();
    if v.starts_with("./") {
        if v.contains('@') {
            return Some(format!("local reusable workflow `{v}` cannot have a ref"));
        }
        return (!is_workflow_file(v))
            .then(|| format!("`uses: {v}` is not a workflow file under `./.github/workflows/`"));
    }
    let Some((spec, r)) = v.split_once('@') else {
        return Some(format!("`uses: {v}` has no `@ref`"));
    };
    if r.trim().is_empty() {
        return Some(format!("`uses: {v}` has an empty ref"));
    }
    let mut parts = spec.splitn(3, '/');
    let (owner, repo, path) = (parts.next(), parts.next(), parts.next());
    match (owner, repo, path) {
        (Some(o), Some(r), Some(p)) if !o.is_empty() && !r.is_empty() && is_workflow_file(p) => {
            None
        }
        _ => Some(format!(
            "`uses: {v}` is not `owner/repo/.github/workflows/<file>.yml@ref`"
        )),
    }
}

fn check_steps(steps: &[Step], span: impl Fn(NodeId) -> Span, out: &mut Diagnostics<'_>) {
    for step in steps {
        if let Some((u, parsed)) = &step.uses
            && let Some((msg, help)) = step_problem(u, parsed)
        {
            out.add(span(u.node), msg).help(help);
        }
    }
}

impl Rule for InvalidUses {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        for job in &cx.workflow.jobs {
            if let Some((u, _)) = &job.uses
                && let Some(msg) = call_problem(u)
            {
                out.add(cx.span(u.node), msg).help(
                    "call `owner/repo/.github/workflows/<file>.yml@ref`, or `./.github/workflows/<file>.yml` in this repository",
                );
            }
            check_steps(&job.steps, |n| cx.span(n), out);
        }
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        check_steps(&cx.action.steps, |n| cx.span(n), out);
    }
}
