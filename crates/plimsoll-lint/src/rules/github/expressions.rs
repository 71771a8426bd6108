use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `${{ }}` expressions that do not parse (unclosed `${{`,
    /// `"double quotes"`, a dangling operator, unbalanced brackets), job
    /// and step `if:` conditions that do not parse, calls of unknown
    /// functions and calls with the wrong number of arguments
    /// (`contains(a)`, `format()`). Each wrong call is reported once per
    /// value, and at most three syntax errors.
    ///
    /// ## Why is this bad?
    /// GitHub rejects the workflow when it loads it, or fails the job when
    /// it reaches the expression: nothing in the repository's own checks
    /// shows it before the push.
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
    /// - Practice CI02 (pipelines that load and run).
    /// - actionlint expression.
    pub struct InvalidExpression {
        code: "GHA021",
        name: "invalid-expression",
        summary: "Expression does not parse or calls a function wrongly",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "expression"],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports job and step `if:` values that hold a `${{ }}` expression
    /// together with anything else: text around it, two expressions joined
    /// by text (`${{ a }} && ${{ b }}`), or the final newline a `|` block
    /// scalar adds.
    ///
    /// ## Why is this bad?
    /// The runner substitutes the expressions into the text and then sees
    /// a non-empty string, which is true: the condition never skips
    /// anything, whatever it says.
    ///
    /// ## Example
    /// ```yaml
    /// if: ${{ github.event_name == 'push' }} && ${{ github.ref == 'refs/heads/main' }}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    /// ```
    ///
    /// ## References
    /// - Practice CI07 (deploy gates that actually gate).
    /// - zizmor unsound-condition; actionlint if-cond.
    pub struct AlwaysTrueCondition {
        code: "GHA022",
        name: "always-true-condition",
        summary: "`if:` mixes `${{ }}` with text and is always true",
        severity: Error,
        category: Correctness,
        practices: ["CI07"],
        peers: [Zizmor "unsound-condition", Actionlint "if-cond"],
        fix: None,
        default: true,
    }
}

/// The `if:` values of a workflow's jobs and steps, or of an action's steps.
fn conditions(jobs: &[Job], steps: &[Step]) -> Vec<NodeId> {
    let mut out = Vec::new();
    for job in jobs {
        out.extend(job.if_.as_ref().map(|s| s.node));
        out.extend(
            job.steps
                .iter()
                .filter_map(|s| s.if_.as_ref().map(|i| i.node)),
        );
    }
    out.extend(steps.iter().filter_map(|s| s.if_.as_ref().map(|i| i.node)));
    out
}

fn check_invalid(
    yaml: &YamlFile,
    doc: usize,
    ifs: &[NodeId],
    scalar: impl Fn(NodeId) -> Option<ScalarText>,
    out: &mut Diagnostics<'_>,
) {
    for (i, node) in yaml.nodes.iter().enumerate() {
        let NodeKind::Scalar { value, .. } = &node.kind else {
            continue;
        };
        let Ok(id) = u32::try_from(i) else { break };
        let id = NodeId(id);
        let is_if = ifs.contains(&id);
        if node.doc != doc || (!is_if && !value.contains("${{")) {
            continue;
        }
        let Some(text) = scalar(id) else { continue };
        let (exprs, errors) = if is_if {
            let c = expr::parse_condition(&text.value, 0);
            let errors: Vec<expr::ExprError> = c.errors().into_iter().cloned().collect();
            let exprs: Vec<Expr> = match c {
                expr::Condition::Bare(Ok(e)) => vec![e],
                expr::Condition::Bare(Err(_)) => Vec::new(),
                expr::Condition::Wrapped(t) => t.expr.into_iter().collect(),
                expr::Condition::Interpolated(ts) => {
                    ts.into_iter().filter_map(|t| t.expr.ok()).collect()
                }
            };
            (exprs, errors)
        } else {
            let mut exprs = Vec::new();
            let mut errors = Vec::new();
            for t in text.templates() {
                match t.expr {
                    Ok(e) => exprs.push(e),
                    Err(e) => errors.push(e),
                }
            }
            (exprs, errors)
        };
        // Errors: at most a few per value (one broken template is enough).
        for e in errors.into_iter().take(3) {
            out.add(
                text.span(e.span),
                format!("invalid expression: {}", e.message),
            )
            .help("expressions use `'single quotes'`, `==`, `&&`, `||` and close with `}}`");
        }
        // Each wrong call once per value.
        let mut seen: Vec<String> = Vec::new();
        for e in &exprs {
            for call in e.calls() {
                let ExprKind::Call {
                    name,
                    name_span,
                    args,
                } = &call.kind
                else {
                    continue;
                };
                let key = format!("{}/{}", name.to_ascii_lowercase(), args.len());
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                match expr::function_arity(name) {
                    None => {
                        out.add(text.span(*name_span), format!("unknown function `{name}`"))
                            .help("use one of the built-in functions: contains, startsWith, endsWith, format, join, toJSON, fromJSON, hashFiles, success, always, cancelled, failure");
                    }
                    Some((min, max)) if args.len() < min || max.is_some_and(|m| args.len() > m) => {
                        let expected = match max {
                            Some(m) if m == min => format!("{min}"),
                            Some(m) => format!("{min} to {m}"),
                            None => format!("at least {min}"),
                        };
                        out.add(
                            text.span(call.span),
                            format!("`{name}` takes {expected} argument(s), not {}", args.len()),
                        )
                        .help("fix the arguments of the call");
                    }
                    Some(_) => {}
                }
            }
        }
    }
}

impl Rule for InvalidExpression {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let ifs = conditions(&cx.workflow.jobs, &[]);
        check_invalid(cx.yaml, cx.workflow.doc, &ifs, |n| cx.scalar_text(n), out);
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        let ifs = conditions(&[], &cx.action.steps);
        check_invalid(cx.yaml, cx.action.doc, &ifs, |n| cx.scalar_text(n), out);
    }
}

fn check_always_true(
    ifs: &[NodeId],
    scalar: impl Fn(NodeId) -> Option<ScalarText>,
    out: &mut Diagnostics<'_>,
) {
    for &node in ifs {
        let Some(text) = scalar(node) else { continue };
        if let expr::Condition::Interpolated(ts) = expr::parse_condition(&text.value, 0) {
            let what = if ts.len() > 1 {
                "several `${{ }}` joined by text"
            } else if text.value.trim() == text.value {
                "text around `${{ }}`"
            } else {
                "whitespace around `${{ }}` (a `|` block adds a newline)"
            };
            out.add(
                text.span(Span::new(0, text.value.trim_end().len())),
                format!("`if:` has {what}: the result is a non-empty string, always true"),
            )
            .help("write the whole condition as one expression, without `${{ }}` or inside a single one");
        }
    }
}

impl Rule for AlwaysTrueCondition {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        check_always_true(
            &conditions(&cx.workflow.jobs, &[]),
            |n| cx.scalar_text(n),
            out,
        );
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        check_always_true(
            &conditions(&[], &cx.action.steps),
            |n| cx.scalar_text(n),
            out,
        );
    }
}
