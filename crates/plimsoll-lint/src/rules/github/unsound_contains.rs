use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports job and step `if:` conditions that call `contains()` with a
    /// string literal first and a context second
    /// (`contains('refs/heads/main refs/heads/release', github.ref)`).
    /// `contains()` on a string is a substring test, so this accepts every
    /// value that is part of the literal. Lists built with
    /// `fromJSON('["a", "b"]')` are not reported.
    ///
    /// ## Why is this bad?
    /// `refs/heads/mai`, `main` or `heads` all pass the check: whoever can
    /// push a branch or set the value picks one that matches and runs the
    /// job that was meant for `main` only, deploy steps and secrets
    /// included.
    ///
    /// ## Example
    /// ```yaml
    /// if: contains('refs/heads/main refs/heads/develop', github.ref)
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// if: contains(fromJSON('["refs/heads/main", "refs/heads/develop"]'), github.ref)
    /// ```
    ///
    /// ## References
    /// - Practice CI07 (deploy gates that actually gate).
    /// - zizmor unsound-contains.
    pub struct UnsoundContains {
        code: "GHA025",
        name: "unsound-contains",
        summary: "`contains()` on a string literal accepts any substring",
        severity: Warning,
        category: Security,
        practices: ["CI07"],
        peers: [Zizmor "unsound-contains"],
        fix: None,
        default: true,
    }
}

fn check(cx: &WorkflowContext<'_>, cond: &Str, out: &mut Diagnostics<'_>) {
    let Some(text) = cx.scalar_text(cond.node) else {
        return;
    };
    let c = expr::parse_condition(&text.value, 0);
    let Some(e) = c.expr() else { return };
    for call in e.calls() {
        let ExprKind::Call { name, args, .. } = &call.kind else {
            continue;
        };
        if !name.eq_ignore_ascii_case("contains") {
            continue;
        }
        if let [haystack, needle] = args.as_slice()
            && let ExprKind::String(s) = &haystack.kind
            && let Some(path) = needle.as_path()
        {
            out.add(
                text.span(call.span),
                format!(
                    "`contains('{s}', {path})` is a substring test: any part of the string passes"
                ),
            )
            .help(
                "compare against a list: `contains(fromJSON('[\"a\", \"b\"]'), ...)`, or use `==`",
            );
        }
    }
}

impl Rule for UnsoundContains {
    fn check_job(&self, cx: &WorkflowContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if let Some(c) = &job.if_ {
            check(cx, c, out);
        }
        for step in &job.steps {
            if let Some(c) = &step.if_ {
                check(cx, c, out);
            }
        }
    }
}
