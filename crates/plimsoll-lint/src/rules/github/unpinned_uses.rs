use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `uses:` of repository actions and reusable workflows that
    /// are not pinned to a full commit SHA:
    /// - a branch (`@main`, `@master`, `@develop`...), for every owner;
    /// - no ref at all (`uses: owner/repo`);
    /// - a tag (`@v4`, `@v1.2.3`) or a short SHA, for owners not listed
    ///   in `trusted-owners` (by default everything but `actions/*` and
    ///   `github/*`).
    ///
    /// Local actions (`./path`) and `docker://` images are not reported
    /// (see GHA014 for images); nor are `uses:` built from expressions.
    ///
    /// ## Why is this bad?
    /// Tags and branches move. Whoever controls the action's repository
    /// (or steals its maintainer's token, as in the `tj-actions/changed-files`
    /// compromise) can repoint them and run their code in every workflow
    /// that uses them, with its token and secrets. A commit SHA cannot
    /// be repointed.
    ///
    /// ## Example
    /// ```yaml
    /// - uses: docker/login-action@v3
    /// - uses: some-org/deploy@main
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - uses: docker/login-action@74a5d142397b4f367a81961eba4e8cd7edddf772 # v3.4.0
    /// ```
    ///
    /// ## Options
    /// `[github] trusted-owners` (default `["actions", "github"]`): owners
    /// whose actions may be pinned by tag. Set it to `[]` to require SHAs
    /// everywhere (zizmor's default policy).
    ///
    /// ## References
    /// - Practice CI09 (actions pinned; SHA pinning is stronger).
    /// - zizmor unpinned-uses.
    /// - GitHub: "Using third-party actions" in Security hardening for
    ///   GitHub Actions.
    pub struct UnpinnedUses {
        code: "GHA005",
        name: "unpinned-uses",
        summary: "Action or reusable workflow not pinned to a commit SHA",
        severity: Warning,
        category: Security,
        practices: ["CI09"],
        peers: [Zizmor "unpinned-uses"],
        fix: None,
        default: true,
    }
}

impl Rule for UnpinnedUses {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let trusted = &cx.settings.github.trusted_owners;
        for job in &cx.workflow.jobs {
            if let Some((s, u)) = &job.uses {
                check(s, u, trusted, cx.span(s.node), out);
            }
            for step in &job.steps {
                if let Some((s, u)) = &step.uses {
                    check(s, u, trusted, cx.span(s.node), out);
                }
            }
        }
    }

    fn check_action_step(&self, cx: &ActionContext<'_>, step: &Step, out: &mut Diagnostics<'_>) {
        if let Some((s, u)) = &step.uses {
            check(
                s,
                u,
                &cx.settings.github.trusted_owners,
                cx.span(s.node),
                out,
            );
        }
    }
}

/// A ref that reads as a version tag: `v4`, `1.2.3`, `v2.0.0-beta.1`.
fn is_version_tag(r: &str) -> bool {
    let v = r.strip_prefix(['v', 'V']).unwrap_or(r);
    v.starts_with(|c: char| c.is_ascii_digit())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_'))
}

fn check(s: &Str, u: &Uses, trusted: &[String], span: Span, out: &mut Diagnostics<'_>) {
    let Uses::Repo { owner, git_ref, .. } = u else {
        return;
    };
    let what = &s.value;
    let Some(r) = git_ref.as_deref().filter(|r| !r.is_empty()) else {
        out.add(
            span,
            format!("`{what}` has no `@ref`: GitHub cannot resolve it"),
        )
        .help("pin the action to a full commit SHA (`@<sha> # vX.Y.Z`)");
        return;
    };
    if crate::github::is_full_sha(r) {
        return;
    }
    let short_sha = r.len() >= 7 && r.bytes().all(|b| b.is_ascii_hexdigit());
    let trusted_owner = trusted.iter().any(|t| t.eq_ignore_ascii_case(owner));
    if short_sha {
        if !trusted_owner {
            out.add(
                span,
                format!("`{what}` is pinned to a short SHA, which is not a full commit pin"),
            )
            .help("pin the full 40-character commit SHA");
        }
        return;
    }
    if !is_version_tag(r) {
        out.add(
            span,
            format!("`{what}` follows the branch or moving ref `{r}`: whatever is pushed there runs here"),
        )
        .help("pin the action to a full commit SHA (`@<sha> # vX.Y.Z`)");
        return;
    }
    if !trusted_owner {
        out.add(
            span,
            format!("`{what}` is pinned to tag `{r}`, which its owner can move to other code"),
        )
        .help("pin the action to a full commit SHA (`@<sha> # vX.Y.Z`), or add the owner to `[github] trusted-owners`");
    }
}
