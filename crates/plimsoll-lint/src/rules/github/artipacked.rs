use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `actions/checkout` steps (in workflows and composite
    /// actions) without `persist-credentials: false`. Steps whose `with:`
    /// or `persist-credentials` is an expression are not judged.
    ///
    /// ## Why is this bad?
    /// By default checkout writes the job's token into `.git/config` and
    /// leaves it there for every later step. Any step that uploads the
    /// workspace (`actions/upload-artifact` with `path: .`), publishes a
    /// Docker build context or runs third-party code can leak it; public
    /// artifacts have leaked write tokens this way ("ArtiPACKED").
    ///
    /// ## Example
    /// ```yaml
    /// - uses: actions/checkout@v4
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - uses: actions/checkout@v4
    ///   with:
    ///     persist-credentials: false
    /// ```
    /// A job that pushes can pass the token to `git push` explicitly.
    ///
    /// ## Fix safety
    /// The fix adds `persist-credentials: false`. It is unsafe: later
    /// steps that run `git push` or `git fetch` on a private repository
    /// relying on the stored token stop working.
    ///
    /// ## References
    /// - Practice CI08 (least privilege).
    /// - zizmor artipacked.
    /// - Palo Alto Unit 42: "ArtiPACKED: Hacking Giants Through a Race
    ///   Condition in GitHub Actions Artifacts".
    pub struct Artipacked {
        code: "GHA006",
        name: "artipacked",
        summary: "Checkout leaves the token in the workspace",
        severity: Warning,
        category: Security,
        practices: ["CI08"],
        peers: [Zizmor "artipacked"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for Artipacked {
    fn check_step(
        &self,
        cx: &WorkflowContext<'_>,
        _job: &Job,
        step: &Step,
        out: &mut Diagnostics<'_>,
    ) {
        if persists(cx.yaml, step) {
            let edit = cx.set(
                step.node,
                &["with", "persist-credentials"],
                Value::raw("false"),
            );
            report(out, cx.step_span(step), edit);
        }
    }

    fn check_action_step(&self, cx: &ActionContext<'_>, step: &Step, out: &mut Diagnostics<'_>) {
        if persists(cx.yaml, step) {
            let edit = cx.set(
                step.node,
                &["with", "persist-credentials"],
                Value::raw("false"),
            );
            report(out, cx.step_span(step), edit);
        }
    }
}

/// A checkout step that keeps the token (expressions are not judged).
fn persists(yaml: &YamlFile, step: &Step) -> bool {
    if !step.uses().is_some_and(|u| u.is_action("actions/checkout")) {
        return false;
    }
    if step
        .with_node
        .is_some_and(|w| yaml.str(w).is_some_and(|w| w.contains("${{")))
    {
        return false;
    }
    match step.input("persist-credentials") {
        None => true,
        Some(e) => yaml
            .str(e.value)
            .is_some_and(|v| !v.contains("${{") && !v.trim().eq_ignore_ascii_case("false")),
    }
}

fn report(out: &mut Diagnostics<'_>, span: Span, edit: Option<Edit>) {
    out.add(
        span,
        "checkout keeps the job's token in `.git/config` for every later step",
    )
    .help("add `persist-credentials: false` under `with:`")
    .fix_opt(edit.map(|e| Fix::unsafe_("Add `persist-credentials: false`", vec![e])));
}
