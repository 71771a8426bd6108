use super::practice_support::is_whole_expression;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports values of the wrong shape where GitHub requires a specific
    /// one, and jobs or steps missing what they need:
    /// - a mapping or sequence where text is required: `name`, `if`, `run`,
    ///   `uses`, `shell`, `id`, `working-directory`, and each value of
    ///   `env`, `with`, job `outputs` and call `secrets`;
    /// - `env`, `with`, `strategy`, `strategy.matrix`, `outputs`,
    ///   `services`, `defaults` that are neither a mapping nor a single
    ///   `${{ }}` expression (a template placeholder such as
    ///   `matrix: $languages` included);
    /// - `timeout-minutes` that is not a number, `continue-on-error` and
    ///   `fail-fast` that are not booleans (an expression is accepted);
    /// - `needs` and `runs-on` items that are not text, `steps` that is not
    ///   a sequence of mappings;
    /// - a step with both `run` and `uses`, or with neither; a job with
    ///   neither `runs-on` nor `uses`, or with `runs-on` but no `steps`.
    ///
    /// Empty values (`with:` alone) and quoted numbers or booleans are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// GitHub refuses the workflow file ("A mapping was not expected",
    /// "Unexpected value") and none of its jobs run.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   scan:
    ///     runs-on: ubuntu-latest
    ///     timeout-minutes: ten
    ///     steps:
    ///       - uses: org/scan@v1
    ///         with:
    ///           group: {{ groupId }}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// jobs:
    ///   scan:
    ///     runs-on: ubuntu-latest
    ///     timeout-minutes: 10
    ///     steps:
    ///       - uses: org/scan@v1
    ///         with:
    ///           group: "1234"
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline fails fast only if GitHub accepts it).
    /// - actionlint syntax-check (node types, missing sections, `run` with
    ///   `uses`); zizmor and checkov skip files that fail their schema.
    /// - GitHub: Workflow syntax for GitHub Actions.
    pub struct ValueShape {
        code: "GHA041",
        name: "invalid-value-shape",
        summary: "Value of the wrong shape, or a job or step missing what it needs",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "syntax-check"],
        fix: None,
        default: true,
    }
}

#[derive(Clone, Copy)]
enum Want {
    /// A scalar.
    Text,
    /// A mapping or a whole expression.
    Map,
    /// A mapping or a whole expression, whose values are scalars.
    MapOfText,
    /// A number or an expression.
    Number,
    /// A boolean or an expression.
    Bool,
    /// A scalar or a sequence of scalars.
    TextOrList,
}

fn shape(yaml: &YamlFile, node: NodeId) -> &'static str {
    match yaml.kind(node) {
        NodeKind::Mapping { .. } => "a mapping",
        NodeKind::Sequence { .. } => "a sequence",
        _ => "text",
    }
}

struct Checker<'a, 'b, 'c> {
    yaml: &'a YamlFile,
    out: &'b mut Diagnostics<'c>,
}

impl Checker<'_, '_, '_> {
    fn report(&mut self, node: NodeId, what: &str, want: &str) {
        let got = match self.yaml.kind(node) {
            NodeKind::Scalar { value, .. } => format!("`{value}`"),
            _ => shape(self.yaml, node).to_string(),
        };
        self.out
            .add(
                self.yaml.node(node).span,
                format!("{what} must be {want}, not {got}"),
            )
            .help(format!("write {what} as {want}"));
    }

    fn check(&mut self, node: Option<NodeId>, what: &str, want: Want) {
        let Some(node) = node else {
            return;
        };
        let y = self.yaml;
        if y.is_null(node) {
            return;
        }
        let scalar = y.str(node);
        let expr = scalar.is_some_and(is_whole_expression);
        match want {
            Want::Text => {
                if scalar.is_none() {
                    self.report(node, what, "text");
                }
            }
            Want::Map | Want::MapOfText => {
                if y.is_mapping(node) {
                    if matches!(want, Want::MapOfText) {
                        for (k, v) in y.entries(node) {
                            let name = y.str(k).unwrap_or("?");
                            if !y.is_null(v) && y.str(v).is_none() {
                                self.report(v, &format!("`{name}` of {what}"), "text");
                            }
                        }
                    }
                } else if !expr {
                    self.report(node, what, "a mapping or a `${{ }}` expression");
                }
            }
            Want::Number => {
                if !expr && scalar.is_none_or(|s| s.trim().parse::<f64>().is_err()) {
                    self.report(node, what, "a number or a `${{ }}` expression");
                }
            }
            Want::Bool => {
                if !expr
                    && !scalar.is_some_and(|s| {
                        ["true", "false"].contains(&s.trim().to_ascii_lowercase().as_str())
                    })
                {
                    self.report(node, what, "`true`, `false` or a `${{ }}` expression");
                }
            }
            Want::TextOrList => {
                if y.is_mapping(node) {
                    self.report(node, what, "text or a list of text");
                } else {
                    for &i in y.items(node) {
                        if y.str(i).is_none() {
                            self.report(i, &format!("an item of {what}"), "text");
                        }
                    }
                }
            }
        }
    }

    fn step(&mut self, step: &Step, key_span: Span) {
        let y = self.yaml;
        let what = |k: &str| format!("`{k}` of step {}", step.label());
        let get = |k: &str| y.get(step.node, k);
        for k in [
            "name",
            "if",
            "run",
            "uses",
            "shell",
            "id",
            "working-directory",
        ] {
            self.check(get(k), &what(k), Want::Text);
        }
        self.check(get("env"), &what("env"), Want::MapOfText);
        self.check(get("with"), &what("with"), Want::MapOfText);
        self.check(
            get("timeout-minutes"),
            &what("timeout-minutes"),
            Want::Number,
        );
        self.check(
            get("continue-on-error"),
            &what("continue-on-error"),
            Want::Bool,
        );
        let run = get("run").is_some();
        let uses = get("uses").is_some();
        let control = ["parallel", "wait", "wait-all", "cancel", "background"]
            .iter()
            .any(|k| get(k).is_some());
        if run && uses {
            self.out
                .add(
                    key_span,
                    format!("step {} has both `run` and `uses`", step.label()),
                )
                .help("split it into a `uses` step and a `run` step");
        } else if !run && !uses && !control {
            self.out
                .add(
                    key_span,
                    format!("step {} has neither `run` nor `uses`", step.label()),
                )
                .help("give the step a `run` script or a `uses` action");
        }
    }
}

fn steps(checker: &mut Checker<'_, '_, '_>, node: Option<NodeId>, what: &str) {
    let Some(node) = node else {
        return;
    };
    let y = checker.yaml;
    if y.is_null(node) {
        return;
    }
    if !y.is_sequence(node) {
        checker.report(node, what, "a sequence of steps");
        return;
    }
    for &i in y.items(node) {
        if !y.is_mapping(i) && !y.is_null(i) {
            checker.report(i, &format!("a step of {what}"), "a mapping");
        }
    }
}

impl Rule for ValueShape {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let y = cx.yaml;
        let w = cx.workflow;
        let mut c = Checker { yaml: y, out };
        c.check(y.get(w.root, "name"), "the workflow `name`", Want::Text);
        c.check(y.get(w.root, "run-name"), "`run-name`", Want::Text);
        c.check(w.env_node, "the workflow `env`", Want::MapOfText);
        c.check(w.defaults, "the workflow `defaults`", Want::Map);
        if let Some(jobs) = w.jobs_node
            && !y.is_mapping(jobs)
            && !y.is_null(jobs)
        {
            c.report(jobs, "`jobs`", "a mapping of jobs");
        }
        for job in &w.jobs {
            let what = |k: &str| format!("`{k}` of job `{}`", job.id);
            if !y.is_mapping(job.node) {
                if !y.is_null(job.node) {
                    c.report(job.node, &format!("job `{}`", job.id), "a mapping");
                }
                continue;
            }
            let get = |k: &str| y.get(job.node, k);
            for k in ["name", "if", "uses"] {
                c.check(get(k), &what(k), Want::Text);
            }
            c.check(get("needs"), &what("needs"), Want::TextOrList);
            if let Some(r) = get("runs-on").filter(|r| !y.is_mapping(*r)) {
                c.check(Some(r), &what("runs-on"), Want::TextOrList);
            }
            if let Some(r) = get("runs-on").filter(|r| y.is_mapping(*r)) {
                c.check(
                    y.get(r, "labels"),
                    &what("runs-on.labels"),
                    Want::TextOrList,
                );
                c.check(y.get(r, "group"), &what("runs-on.group"), Want::Text);
            }
            c.check(get("env"), &what("env"), Want::MapOfText);
            c.check(get("with"), &what("with"), Want::MapOfText);
            c.check(get("outputs"), &what("outputs"), Want::MapOfText);
            if let Some(s) = get("secrets").filter(|s| y.is_mapping(*s)) {
                c.check(Some(s), &what("secrets"), Want::MapOfText);
            }
            c.check(get("defaults"), &what("defaults"), Want::Map);
            c.check(get("services"), &what("services"), Want::Map);
            c.check(
                get("timeout-minutes"),
                &what("timeout-minutes"),
                Want::Number,
            );
            c.check(
                get("continue-on-error"),
                &what("continue-on-error"),
                Want::Bool,
            );
            if let Some(s) = job.strategy {
                c.check(Some(s), &what("strategy"), Want::Map);
                if y.is_mapping(s) {
                    c.check(y.get(s, "matrix"), &what("strategy.matrix"), Want::Map);
                    c.check(
                        y.get(s, "fail-fast"),
                        &what("strategy.fail-fast"),
                        Want::Bool,
                    );
                    c.check(
                        y.get(s, "max-parallel"),
                        &what("strategy.max-parallel"),
                        Want::Number,
                    );
                }
            }
            steps(&mut c, job.steps_node, &what("steps"));
            let key_span = y.node(job.key).span;
            if get("uses").is_none() {
                if get("runs-on").is_none() {
                    c.out
                        .add(
                            key_span,
                            format!("job `{}` has neither `runs-on` nor `uses`", job.id),
                        )
                        .help("add `runs-on: ubuntu-latest` (or the runner it needs)");
                } else if job.steps_node.is_none() {
                    c.out
                        .add(key_span, format!("job `{}` has no `steps`", job.id))
                        .help("add the steps the job runs");
                }
            }
            for step in &job.steps {
                let span = cx.step_span(step);
                c.step(step, span);
            }
        }
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        let mut c = Checker { yaml: cx.yaml, out };
        if cx.action.kind == ActionKind::Composite {
            steps(&mut c, cx.action.steps_node, "`runs.steps`");
            for step in &cx.action.steps {
                let span = cx.step_span(step);
                c.step(step, span);
            }
        }
    }
}
