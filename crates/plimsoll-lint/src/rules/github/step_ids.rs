use super::prelude::*;
use super::support::{expressions, is_if_value, scalars_under};

declare_rule! {
    /// ## What it does
    /// Reports a step `id` used twice in the same job or composite action
    /// (ids compare case-insensitively).
    ///
    /// ## Why is this bad?
    /// GitHub rejects the workflow; in a composite action the second step
    /// cannot be told apart, so `steps.<id>.outputs` is ambiguous.
    ///
    /// ## Example
    /// ```yaml
    /// steps:
    ///   - id: build
    ///     run: make
    ///   - id: Build
    ///     run: make dist
    /// ```
    ///
    /// ## Use instead
    /// Give each step its own id (`build`, `dist`).
    ///
    /// ## References
    /// - Practice CI02 (jobs and steps wired in a valid order).
    /// - actionlint id.
    pub struct DuplicateStepId {
        code: "GHA019",
        name: "duplicate-step-id",
        summary: "Two steps share an id",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "id"],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports expressions that read `steps.<id>` where no earlier step of
    /// the same job (or composite action) has that id: a typo, or a step
    /// that runs later. Job and action `outputs` may name any step of
    /// their job or action. Ids are compared case-insensitively.
    ///
    /// ## Why is this bad?
    /// An unknown step reads as an empty string: `if:` conditions are
    /// silently false, and outputs, versions or paths built from it are
    /// empty.
    ///
    /// ## Example
    /// ```yaml
    /// steps:
    ///   - id: version
    ///     run: echo "v=1.2.3" >> "$GITHUB_OUTPUT"
    ///   - run: echo "${{ steps.versions.outputs.v }}"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   - run: echo "${{ steps.version.outputs.v }}"
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (steps read what earlier steps produce).
    /// - actionlint expression (`steps` typing).
    pub struct UnknownStepReference {
        code: "GHA020",
        name: "unknown-step-reference",
        summary: "Expression reads a step that is not defined before it",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "expression"],
        fix: None,
        default: true,
    }
}

fn duplicates(
    steps: &[Step],
    span: impl Fn(NodeId) -> Span,
    out: &mut Diagnostics<'_>,
    whose: &str,
) {
    let mut seen: Vec<(String, NodeId)> = Vec::new();
    for step in steps {
        let Some(id) = &step.id else { continue };
        if id.has_expression() {
            continue;
        }
        let lower = id.value.to_ascii_lowercase();
        if let Some((_, first)) = seen.iter().find(|(s, _)| *s == lower) {
            out.add(
                span(id.node),
                format!("step id `{}` is used twice in {whose}", id.value),
            )
            .related(span(*first), "first used here")
            .help("give each step its own id");
        } else {
            seen.push((lower, id.node));
        }
    }
}

impl Rule for DuplicateStepId {
    fn check_job(&self, cx: &WorkflowContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        duplicates(
            &job.steps,
            |n| cx.span(n),
            out,
            &format!("job `{}`", job.id),
        );
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        duplicates(&cx.action.steps, |n| cx.span(n), out, "this action");
    }
}

/// Reports `steps.<id>` reads in the scalars under `node` whose id is not
/// in `known`.
fn unknown_reads(
    yaml: &YamlFile,
    node: NodeId,
    known: &[String],
    scalar: &impl Fn(NodeId) -> Option<ScalarText>,
    out: &mut Diagnostics<'_>,
    whose: &str,
    in_steps: bool,
) {
    let when = if in_steps { " before this point" } else { "" };
    for s in scalars_under(yaml, node) {
        let Some(text) = scalar(s) else { continue };
        let is_if = is_if_value(yaml, node, s);
        if !is_if && !text.value.contains("${{") {
            continue;
        }
        for e in expressions(&text, is_if) {
            for path in e.context_paths() {
                if !path.context().eq_ignore_ascii_case("steps") {
                    continue;
                }
                let Some(expr::PathSegment::Name(id)) = path.segments.get(1) else {
                    continue;
                };
                if known.contains(&id.to_ascii_lowercase()) {
                    continue;
                }
                out.add(
                    text.span(path.span),
                    format!("`{path}` reads step `{id}`, which {whose} does not define{when}"),
                )
                .help("use the `id` of an earlier step of the same job");
            }
        }
    }
}

fn check_steps(
    yaml: &YamlFile,
    steps: &[Step],
    outputs: &[Entry],
    scalar: &impl Fn(NodeId) -> Option<ScalarText>,
    out: &mut Diagnostics<'_>,
    whose: &str,
) {
    let all: Vec<String> = steps
        .iter()
        .filter_map(|s| s.id.as_ref().map(|i| i.value.to_ascii_lowercase()))
        .collect();
    let mut before: Vec<String> = Vec::new();
    for step in steps {
        unknown_reads(yaml, step.node, &before, scalar, out, whose, true);
        if let Some(id) = &step.id {
            before.push(id.value.to_ascii_lowercase());
        }
    }
    for o in outputs {
        unknown_reads(yaml, o.value, &all, scalar, out, whose, false);
    }
}

impl Rule for UnknownStepReference {
    fn check_job(&self, cx: &WorkflowContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        // Ids built from expressions make every reference plausible.
        if job
            .steps
            .iter()
            .any(|s| s.id.as_ref().is_some_and(Str::has_expression))
        {
            return;
        }
        let whose = format!("job `{}`", job.id);
        check_steps(
            cx.yaml,
            &job.steps,
            &job.outputs,
            &|n| cx.scalar_text(n),
            out,
            &whose,
        );
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        let a = cx.action;
        if a.steps
            .iter()
            .any(|s| s.id.as_ref().is_some_and(Str::has_expression))
        {
            return;
        }
        check_steps(
            cx.yaml,
            &a.steps,
            &a.outputs,
            &|n| cx.scalar_text(n),
            out,
            "this action",
        );
    }
}
