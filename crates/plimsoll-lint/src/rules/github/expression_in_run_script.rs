use super::prelude::*;
use super::support::{Flow, InputSource, code_sinks, flowing_paths, flows, scalars_under, taint};

declare_rule! {
    /// ## What it does
    /// Reports `${{ }}` expressions expanded into a step's `run:` script,
    /// or into an input that an action runs as code
    /// (`actions/github-script` `script`...), whose value is text that is
    /// not provably safe: step and job outputs (`steps.*.outputs.*`,
    /// `needs.*.outputs.*`), `vars.*`, `env.*` not set to a literal in the
    /// step, job or workflow `env`, `matrix.*` of a matrix built from
    /// expressions, undeclared `inputs.*`, branch and tag names
    /// (`github.ref`, `github.ref_name`, `github.base_ref`), URLs and
    /// other event fields, and values read through `fromJSON(...)`.
    ///
    /// Not reported: literals; results that are booleans or numbers
    /// (comparisons, `!`, `contains`, `startsWith`, `hashFiles`...);
    /// contexts whose characters are constrained (`github.sha`,
    /// `github.run_id`, `github.run_number`, `github.repository`,
    /// `github.actor`, `github.workspace`, `runner.os`, `runner.temp`, event
    /// numbers, ids, SHAs, logins, states and dates, `needs.*.result`,
    /// `steps.*.outcome`, `job.status`, `strategy.*`); boolean, number and
    /// choice inputs; `secrets.*`; and attacker- or caller-controlled
    /// contexts, which GHA001 reports. Each context is reported once per
    /// script.
    ///
    /// ## Why is this bad?
    /// The runner pastes the value into the script before the shell reads
    /// it, so the value becomes code: a quote, `$(...)` or `;` in a step
    /// output, a branch name or a variable changes the command, or runs
    /// another one. The value is usually produced by the workflow itself
    /// or by someone with write access, hence the Info severity, but it
    /// often derives from data nobody checked (a file of the pull request,
    /// an API answer, a branch name), and the safe form costs nothing.
    ///
    /// ## Example
    /// ```yaml
    /// - id: meta
    ///   run: echo "tags=$(cat TAGS)" >> "$GITHUB_OUTPUT"
    /// - run: docker push ${{ steps.meta.outputs.tags }}
    /// ```
    ///
    /// ## Use instead
    /// Pass the value through `env:` and quote the variable:
    /// ```yaml
    /// - id: meta
    ///   run: echo "tags=$(cat TAGS)" >> "$GITHUB_OUTPUT"
    /// - run: docker push "$TAGS"
    ///   env:
    ///     TAGS: ${{ steps.meta.outputs.tags }}
    /// ```
    ///
    /// ## References
    /// - Practice CI13 (no script injection).
    /// - zizmor template-injection (its Informational, Low and Medium
    ///   findings).
    /// - GitHub: Security hardening for GitHub Actions, "Using an
    ///   intermediate environment variable".
    pub struct ExpressionInRunScript {
        code: "GHA026",
        name: "expression-in-run-script",
        summary: "Expression with unchecked text expanded into a script",
        severity: Info,
        category: Security,
        practices: ["CI13"],
        peers: [Zizmor "template-injection"],
        fix: None,
        default: true,
    }
}

impl Rule for ExpressionInRunScript {
    fn check_step(
        &self,
        cx: &WorkflowContext<'_>,
        job: &Job,
        step: &Step,
        out: &mut Diagnostics<'_>,
    ) {
        let scope = Scope {
            yaml: cx.yaml,
            inputs: InputSource::Workflow(cx.workflow, cx.yaml),
            envs: vec![&step.env, &job.env, &cx.workflow.env],
            matrix: job.matrix,
        };
        check(step, &scope, |n| cx.scalar_text(n), out);
    }

    fn check_action_step(&self, cx: &ActionContext<'_>, step: &Step, out: &mut Diagnostics<'_>) {
        let scope = Scope {
            yaml: cx.yaml,
            inputs: InputSource::Action,
            envs: vec![&step.env],
            matrix: None,
        };
        check(step, &scope, |n| cx.scalar_text(n), out);
    }
}

/// What the contexts of a step resolve against.
struct Scope<'a> {
    yaml: &'a YamlFile,
    inputs: InputSource<'a>,
    /// The `env` blocks in scope, nearest first.
    envs: Vec<&'a [Entry]>,
    /// The job's `strategy.matrix`; `None` in actions.
    matrix: Option<NodeId>,
}

fn check(
    step: &Step,
    scope: &Scope<'_>,
    scalar: impl Fn(NodeId) -> Option<ScalarText>,
    out: &mut Diagnostics<'_>,
) {
    for (node, what) in code_sinks(step) {
        let Some(text) = scalar(node) else {
            continue;
        };
        let mut seen: Vec<String> = Vec::new();
        for t in text.templates() {
            let Some(e) = t.expr() else {
                continue;
            };
            // What GHA001 reports in this expression.
            let gha001: Vec<String> = flowing_paths(e)
                .into_iter()
                .filter(|p| taint(p, &scope.inputs).is_some())
                .map(|p| p.to_string().to_ascii_lowercase())
                .collect();
            let flows = flows(e);
            for f in flows {
                let (span, shown) = match &f {
                    Flow::Path(p) => {
                        let name = p.to_string().to_ascii_lowercase();
                        if gha001.contains(&name) || is_safe(p, scope) {
                            continue;
                        }
                        (p.span, p.to_string())
                    }
                    Flow::Opaque(span) => {
                        let Some(src) = text.value.get(span.start..span.end) else {
                            continue;
                        };
                        (*span, src.trim().to_string())
                    }
                };
                let key = shown.to_ascii_lowercase();
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                out.add(
                    text.span(span),
                    format!("step {} expands `{shown}` into {what}", step.label()),
                )
                .help(
                    "pass the value through `env:` and read the variable instead (`\"$VAR\"` in shell, `process.env.VAR` in scripts)",
                );
            }
        }
    }
}

/// `github` contexts outside `github.event` whose characters are
/// constrained (ids, numbers, SHAs, names GitHub restricts, runner paths).
const SAFE_GITHUB: &[&str] = &[
    "action_path",
    "action_status",
    "actor",
    "actor_id",
    "api_url",
    "env",
    "event_name",
    "event_path",
    "graphql_url",
    "job",
    "output",
    "path",
    "ref_protected",
    "ref_type",
    "repository",
    "repository_id",
    "repositoryurl",
    "repository_owner",
    "repository_owner_id",
    "retention_days",
    "run_attempt",
    "run_id",
    "run_number",
    "secret_source",
    "server_url",
    "sha",
    "state",
    "step_summary",
    "token",
    "triggering_actor",
    "workflow_sha",
    "workspace",
];

/// Event fields (by last segment) whose values GitHub constrains.
fn is_constrained_event_field(last: &str) -> bool {
    const EXACT: &[&str] = &[
        "number",
        "id",
        "sha",
        "before",
        "after",
        "merged",
        "draft",
        "locked",
        "private",
        "fork",
        "forced",
        "created",
        "deleted",
        "login",
        "state",
        "action",
        "conclusion",
        "status",
        "event",
        "type",
        "size",
        "additions",
        "deletions",
        "changed_files",
        "run_number",
        "run_attempt",
        "full_name",
    ];
    EXACT.contains(&last)
        || ["_id", "_sha", "_at", "_count", "_number"]
            .iter()
            .any(|s| last.ends_with(s))
}

/// Whether a context's value cannot carry shell syntax (or is someone
/// else's concern: `secrets`).
fn is_safe(p: &ContextPath, scope: &Scope<'_>) -> bool {
    let names: Vec<String> = p
        .segments
        .iter()
        .map(|s| match s {
            expr::PathSegment::Name(n) => n.to_ascii_lowercase(),
            expr::PathSegment::Index(_) | expr::PathSegment::Any => "*".to_string(),
        })
        .collect();
    let n: Vec<&str> = names.iter().map(String::as_str).collect();
    match n.as_slice() {
        ["inputs", name] | ["github", "event", "inputs", name] => {
            constrained_input(name, &scope.inputs)
        }
        ["github", "event", .., last] => is_constrained_event_field(last),
        ["github", name] => SAFE_GITHUB.contains(name),
        ["runner", name] => matches!(
            *name,
            "os" | "arch" | "temp" | "tool_cache" | "debug" | "environment" | "workspace"
        ),
        ["env", name] => static_env(scope.yaml, name, &scope.envs),
        // No matrix (actions, jobs without one): nothing to judge.
        ["matrix", ..] => scope.matrix.is_none_or(|m| literal_matrix(scope.yaml, m)),
        other => matches!(
            other,
            ["secrets", ..]
                | ["needs", _, "result"]
                | ["steps", _, "outcome" | "conclusion"]
                | ["job", "status" | "check_run_id"]
                | ["job", "container", "id" | "network"]
                | ["job", "services", _, "id" | "network"]
                | ["job", "services", _, "ports", ..]
                | ["strategy", _]
        ),
    }
}

/// A declared input of type boolean, number, choice or environment.
fn constrained_input(name: &str, inputs: &InputSource<'_>) -> bool {
    let InputSource::Workflow(w, yaml) = inputs else {
        return false;
    };
    let mut declared = false;
    for event in ["workflow_dispatch", "workflow_call"] {
        let Some(t) = w.trigger(event) else {
            continue;
        };
        for input in t
            .inputs
            .iter()
            .filter(|i| i.name.eq_ignore_ascii_case(name))
        {
            declared = true;
            let ty = yaml.get(input.value, "type").and_then(|n| yaml.str(n));
            if !matches!(ty, Some("boolean" | "number" | "choice" | "environment")) {
                return false;
            }
        }
    }
    declared
}

/// `env.NAME` whose nearest definition is a literal without expressions.
fn static_env(yaml: &YamlFile, name: &str, envs: &[&[Entry]]) -> bool {
    envs.iter()
        .find_map(|env| env.iter().rev().find(|e| e.name.eq_ignore_ascii_case(name)))
        .is_some_and(|e| {
            let v = yaml.resolve(e.value);
            matches!(yaml.kind(v), NodeKind::Scalar { .. })
                && yaml.str(v).is_some_and(|s| !s.contains("${{"))
        })
}

/// A matrix written out as literals (no expression anywhere in it).
fn literal_matrix(yaml: &YamlFile, matrix: NodeId) -> bool {
    yaml.is_mapping(matrix)
        && scalars_under(yaml, matrix)
            .into_iter()
            .all(|n| yaml.str(n).is_none_or(|v| !v.contains("${{")))
}
