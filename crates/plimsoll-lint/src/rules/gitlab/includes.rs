use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `include: remote:` entries (and short-form URLs) without
    /// `integrity:`.
    ///
    /// ## Why is this bad?
    /// The pipeline runs whatever the URL returns at the time: whoever
    /// controls that server or its DNS controls your jobs and their
    /// secrets. `integrity: sha256-...` makes GitLab refuse changed content.
    ///
    /// ## Example
    /// ```yaml
    /// include:
    ///   - remote: https://example.com/ci/lint.yml
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// include:
    ///   - remote: https://example.com/ci/lint.yml
    ///     integrity: sha256-L3/GAoKaw0Arw6hDCKeKQlV1QPEgHYxGBHsH4zG1IY8=
    /// ```
    ///
    /// ## References
    /// - Practice CI09 (pinned dependencies of the pipeline) and S02 (supply chain).
    pub struct RemoteIncludeWithoutIntegrity {
        code: "GL016",
        name: "remote-include-without-integrity",
        summary: "Remote include without `integrity`",
        severity: Warning,
        category: Security,
        practices: ["CI09", "S02"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `include: project:` entries without `ref:` (the project's
    /// default branch) or with a branch-like ref (`main`, `master`,
    /// `develop`, `HEAD`). Tags and commit SHAs are fine; refs built from
    /// variables are not judged.
    ///
    /// ## Why is this bad?
    /// Every push to that branch of the other project changes your
    /// pipeline, without review on your side.
    ///
    /// ## Example
    /// ```yaml
    /// include:
    ///   - project: platform/ci-templates
    ///     file: /deploy.yml
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// include:
    ///   - project: platform/ci-templates
    ///     ref: v2.3.1
    ///     file: /deploy.yml
    /// ```
    ///
    /// ## References
    /// - Practice CI09 (never `@main`; SHAs strongest) and S02.
    pub struct UnpinnedProjectInclude {
        code: "GL017",
        name: "unpinned-project-include",
        summary: "Project include without `ref` or on a branch",
        severity: Warning,
        category: Security,
        practices: ["CI09", "S02"],
        peers: [],
        fix: None,
        default: true,
    }
}

const BRANCHES: [&str; 8] = [
    "main", "master", "develop", "dev", "trunk", "HEAD", "latest", "stable",
];

impl Rule for RemoteIncludeWithoutIntegrity {
    fn check_gitlab(&self, cx: &GitlabContext<'_>, out: &mut Diagnostics<'_>) {
        for inc in &cx.gitlab.includes {
            if inc.kind != IncludeKind::Remote || inc.integrity.is_some() {
                continue;
            }
            let Some(loc) = inc.location else { continue };
            let url = cx.str(loc).unwrap_or("");
            out.add(
                cx.span(loc),
                format!("remote include `{url}` has no `integrity`: its content can change under you"),
            )
            .help("add `integrity: sha256-<base64 digest>`, or vendor the file and include it locally");
        }
    }
}

impl Rule for UnpinnedProjectInclude {
    fn check_gitlab(&self, cx: &GitlabContext<'_>, out: &mut Diagnostics<'_>) {
        for inc in &cx.gitlab.includes {
            if inc.kind != IncludeKind::Project {
                continue;
            }
            let Some(loc) = inc.location else { continue };
            let project = cx.str(loc).unwrap_or("");
            match inc.git_ref {
                None => {
                    out.add(
                        cx.span(loc),
                        format!("project include `{project}` has no `ref`: it follows the default branch"),
                    )
                    .help("add `ref:` with a tag or commit SHA");
                }
                Some(r) => {
                    let Some(value) = cx.str(r) else { continue };
                    if BRANCHES.contains(&value) {
                        out.add(
                            cx.span(r),
                            format!("project include `{project}` uses branch `{value}`: every push there changes this pipeline"),
                        )
                        .help("use a tag or commit SHA");
                    }
                }
            }
        }
    }
}
