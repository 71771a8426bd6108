use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `permissions` blocks (workflow or job) that GitHub rejects:
    /// a scope it does not know (`content` for `contents`, `pull-request`
    /// for `pull-requests`), a level other than `read`, `write` or `none`,
    /// a level a scope does not support (`id-token: read`, `models:
    /// write`), or a whole-block value other than `read-all`, `write-all`
    /// or `{}`.
    ///
    /// Scopes newer than GitHub's documentation that actionlint knows
    /// (`code-quality`, `copilot-requests`, `drives`,
    /// `vulnerability-alerts`) are accepted.
    ///
    /// ## Why is this bad?
    /// GitHub refuses the workflow, so nothing runs; and a typo in a scope
    /// name is often meant to grant what the job needs or to narrow what
    /// it gets.
    ///
    /// ## Example
    /// ```yaml
    /// permissions:
    ///   content: read
    ///   id-token: read
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// permissions:
    ///   contents: read
    ///   id-token: write
    /// ```
    ///
    /// ## References
    /// - Practice CI08 (least-privilege `permissions` that GitHub accepts).
    /// - actionlint permissions; zizmor and checkov skip files that fail
    ///   their schema.
    /// - GitHub: Workflow syntax, `permissions`; Controlling permissions for
    ///   `GITHUB_TOKEN`.
    pub struct InvalidPermissions {
        code: "GHA042",
        name: "invalid-permissions",
        summary: "`permissions` with an unknown scope or level",
        severity: Error,
        category: Correctness,
        practices: ["CI08"],
        peers: [Actionlint "permissions"],
        fix: None,
        default: true,
    }
}

/// Scopes and the levels each accepts besides `none`.
const SCOPES: &[(&str, &[&str])] = &[
    ("actions", &["read", "write"]),
    ("artifact-metadata", &["read", "write"]),
    ("attestations", &["read", "write"]),
    ("checks", &["read", "write"]),
    ("code-quality", &["read", "write"]),
    ("contents", &["read", "write"]),
    ("copilot-requests", &["write"]),
    ("deployments", &["read", "write"]),
    ("discussions", &["read", "write"]),
    ("drives", &["read", "write"]),
    ("id-token", &["write"]),
    ("issues", &["read", "write"]),
    ("models", &["read"]),
    ("packages", &["read", "write"]),
    ("pages", &["read", "write"]),
    ("pull-requests", &["read", "write"]),
    ("repository-projects", &["read", "write"]),
    ("security-events", &["read", "write"]),
    ("statuses", &["read", "write"]),
    ("vulnerability-alerts", &["read"]),
];

fn check(
    cx: &WorkflowContext<'_>,
    perms: Option<&Permissions>,
    whose: &str,
    out: &mut Diagnostics<'_>,
) {
    let Some(p) = perms else {
        return;
    };
    let y = cx.yaml;
    match y.kind(p.node) {
        NodeKind::Scalar { value, .. } => {
            if !y.is_null(p.node) && !["read-all", "write-all"].contains(&value.as_str()) {
                out.add(
                    cx.span(p.node),
                    format!("`permissions` of {whose} is `{value}`, which GitHub does not accept"),
                )
                .help("use `read-all`, `write-all`, `{}` or a mapping of scopes");
            }
        }
        NodeKind::Sequence { .. } => {
            out.add(
                cx.span(p.node),
                format!("`permissions` of {whose} is a sequence"),
            )
            .help("write a mapping of scopes (`contents: read`)");
        }
        NodeKind::Mapping { .. } => {
            for (k, v) in y.entries(p.node) {
                let Some(scope) = y.str(k) else {
                    continue;
                };
                let Some((_, levels)) = SCOPES.iter().find(|(s, _)| *s == scope) else {
                    let hint = SCOPES
                        .iter()
                        .find(|(s, _)| {
                            s.trim_end_matches('s') == scope.trim_end_matches('s')
                                || s.replace('-', "_") == scope
                        })
                        .map_or_else(
                            || "see the scopes listed in GitHub's workflow syntax".to_string(),
                            |(s, _)| format!("did you mean `{s}`?"),
                        );
                    out.add(
                        y.node(k).span,
                        format!("unknown permission scope `{scope}` in {whose}"),
                    )
                    .help(hint);
                    continue;
                };
                let Some(level) = y.str(v) else {
                    out.add(
                        cx.span(v),
                        format!("level of `{scope}` in {whose} must be text"),
                    )
                    .help("use `read`, `write` or `none`");
                    continue;
                };
                if level != "none" && !levels.contains(&level) {
                    let allowed: Vec<String> = levels
                        .iter()
                        .chain(&["none"])
                        .map(|l| format!("`{l}`"))
                        .collect();
                    out.add(
                        cx.span(v),
                        format!(
                            "`{scope}: {level}` in {whose} is not a valid level for this scope"
                        ),
                    )
                    .help(format!("use {}", allowed.join(" or ")));
                }
            }
        }
        NodeKind::Alias { .. } => {}
    }
}

impl Rule for InvalidPermissions {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        check(cx, cx.workflow.permissions.as_ref(), "the workflow", out);
        for job in &cx.workflow.jobs {
            check(
                cx,
                job.permissions.as_ref(),
                &format!("job `{}`", job.id),
                out,
            );
        }
    }
}
