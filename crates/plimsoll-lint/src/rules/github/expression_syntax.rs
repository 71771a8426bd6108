use super::practice_support::{ExprSite, expr_sites, site_exprs};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `${{ }}` expressions (and `if:` conditions, which need no
    /// braces) that do not parse: an unclosed `${{`, a stray operator, an
    /// unterminated string, double-quoted strings (GitHub only knows
    /// `'single'` quotes); and calls of functions GitHub does not have, or
    /// with the wrong number of arguments (`contains(a)`, `toJSON()`).
    /// Workflows and action metadata are checked.
    ///
    /// ## Why is this bad?
    /// GitHub rejects the workflow when it loads it, or fails the job when
    /// it evaluates the value.
    ///
    /// ## Example
    /// ```yaml
    /// - if: ${{ github.ref == "refs/heads/main" }}
    ///   run: echo ${{ contains(github.ref) }}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - if: github.ref == 'refs/heads/main'
    ///   run: echo ${{ contains(github.ref, 'main') }}
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline fails fast only if GitHub accepts it).
    /// - actionlint expression.
    /// - GitHub: Evaluate expressions in workflows and actions.
    pub struct ExpressionSyntax {
        code: "GHA049",
        name: "expression-syntax-error",
        summary: "Expression that does not parse, or a bad function call",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "expression"],
        fix: None,
        default: true,
    }
}

fn check(
    yaml: &YamlFile,
    root: NodeId,
    scalar: impl Fn(NodeId) -> Option<ScalarText>,
    out: &mut Diagnostics<'_>,
) {
    for site in expr_sites(yaml, root) {
        check_site(&site, &scalar, out);
    }
}

fn check_site(
    site: &ExprSite,
    scalar: &impl Fn(NodeId) -> Option<ScalarText>,
    out: &mut Diagnostics<'_>,
) {
    let Some(text) = scalar(site.node) else {
        return;
    };
    for e in site_exprs(site, &text) {
        match &e.expr {
            Err(err) => {
                let at = if err.span.start >= err.span.end {
                    e.whole
                } else {
                    err.span
                };
                out.add(
                    text.span(at),
                    format!(
                        "invalid expression in `{}`: {}",
                        site.display(),
                        err.message
                    ),
                )
                .help("fix the expression syntax (strings use single quotes)");
            }
            Ok(expr) => {
                for call in expr.calls() {
                    let ExprKind::Call {
                        name,
                        name_span,
                        args,
                    } = &call.kind
                    else {
                        continue;
                    };
                    match expr::function_arity(name) {
                        None => {
                            out.add(
                                text.span(*name_span),
                                format!("unknown function `{name}` in `{}`", site.display()),
                            )
                            .help("use a built-in function: contains, startsWith, endsWith, format, join, toJSON, fromJSON, hashFiles, case, success, always, cancelled, failure");
                        }
                        Some((min, max)) => {
                            let n = args.len();
                            if n < min || max.is_some_and(|m| n > m) {
                                let want = match max {
                                    Some(m) if m == min => format!("{min}"),
                                    Some(m) => format!("{min} to {m}"),
                                    None => format!("at least {min}"),
                                };
                                out.add(
                                    text.span(call.span),
                                    format!(
                                        "`{name}` takes {want} argument{}, not {n}",
                                        if want == "1" { "" } else { "s" }
                                    ),
                                )
                                .help("pass the arguments the function expects");
                            }
                        }
                    }
                }
            }
        }
    }
}

impl Rule for ExpressionSyntax {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        check(cx.yaml, cx.workflow.root, |n| cx.scalar_text(n), out);
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        check(cx.yaml, cx.action.root, |n| cx.scalar_text(n), out);
    }
}
