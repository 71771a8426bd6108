use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `branches`, `branches-ignore`, `tags` and `tags-ignore`
    /// patterns that no git ref can match (a space, `~`, `^`, `:`, `\`,
    /// `..`, or a `[` without its `]`), `paths` patterns with an unclosed
    /// `[`, and filters made only of `!` exclusions, which GitHub rejects
    /// (it needs at least one pattern to include). Each trigger's filters
    /// are checked (`push`, `pull_request`, `pull_request_target`,
    /// `workflow_run`, `merge_group`).
    ///
    /// ## Why is this bad?
    /// A pattern no ref can match silently disables the filter's intent:
    /// `branches: [owner:main]` never runs, and a typo in an exclusion lets
    /// the workflow run where it should not.
    ///
    /// ## Example
    /// ```yaml
    /// on:
    ///   pull_request:
    ///     branches: ["bitnami:main"]
    ///   push:
    ///     branches: ["!dependabot/**"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// on:
    ///   pull_request:
    ///     branches: [main]
    ///   push:
    ///     branches-ignore: ["dependabot/**"]
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline fails fast only if GitHub accepts it).
    /// - actionlint glob.
    /// - GitHub: Workflow syntax, filter pattern cheat sheet; git
    ///   check-ref-format.
    pub struct InvalidFilterPattern {
        code: "GHA045",
        name: "invalid-filter-pattern",
        summary: "Branch, tag or path filter pattern that cannot match",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "glob"],
        fix: None,
        default: true,
    }
}

/// Why a branch or tag pattern can match no ref.
fn ref_problem(pattern: &str) -> Option<String> {
    let p = pattern.strip_prefix('!').unwrap_or(pattern);
    if p.is_empty() {
        return Some("the pattern is empty".to_string());
    }
    for c in [' ', '~', '^', ':', '\\', '\t'] {
        if p.contains(c) {
            let shown = match c {
                ' ' => "a space".to_string(),
                '\t' => "a tab".to_string(),
                c => format!("`{c}`"),
            };
            return Some(format!("{shown} cannot appear in a branch or tag name"));
        }
    }
    if p.contains("..") {
        return Some("`..` cannot appear in a branch or tag name".to_string());
    }
    bracket_problem(p)
}

fn bracket_problem(p: &str) -> Option<String> {
    let mut open = false;
    for c in p.chars() {
        match c {
            '[' if open => return Some("`[` inside a character class".to_string()),
            '[' => open = true,
            ']' => open = false,
            _ => {}
        }
    }
    open.then(|| "`[` is not closed by `]`".to_string())
}

impl Rule for InvalidFilterPattern {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let y = cx.yaml;
        for t in &cx.workflow.triggers {
            for key in [
                "branches",
                "branches-ignore",
                "tags",
                "tags-ignore",
                "paths",
                "paths-ignore",
            ] {
                let patterns = t.filter(y, key);
                let is_ref = !key.starts_with("paths");
                for p in patterns.iter().filter(|p| !p.has_expression()) {
                    let problem = if is_ref {
                        ref_problem(&p.value)
                    } else {
                        bracket_problem(&p.value)
                    };
                    if let Some(problem) = problem {
                        out.add(
                            cx.span(p.node),
                            format!("`{key}` pattern `{}` of `{}` cannot match: {problem}", p.value, t.event),
                        )
                        .help("write the ref or path as it appears in the repository (`main`, `release/**`, `src/**`)");
                    }
                }
                if !key.ends_with("-ignore")
                    && !patterns.is_empty()
                    && patterns.iter().all(|p| p.value.starts_with('!'))
                    && let Some(k) = t.config.and_then(|c| y.key_node(c, key))
                {
                    out.add(
                        y.node(k).span,
                        format!("`{key}` of `{}` has only `!` exclusions", t.event),
                    )
                    .help(format!(
                        "add a pattern to include (`**`), or use `{key}-ignore`"
                    ));
                }
            }
        }
    }
}
