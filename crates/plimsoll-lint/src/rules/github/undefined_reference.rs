use super::practice_support::{CONTEXTS, ExprSite, expr_sites, site_exprs};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports expressions that read something the workflow does not
    /// define:
    /// - `steps.<id>` naming no step of the job, or a step that runs
    ///   later than the one reading it;
    /// - `needs.<job>` naming a job missing from the job's own `needs`
    ///   (only direct dependencies are in the context), or no job at all;
    /// - `matrix.<key>` in a job whose matrix is written out and has no
    ///   such key (keys added by `include` count), or in a job without a
    ///   matrix;
    /// - `inputs.<name>` that no `workflow_dispatch` or `workflow_call`
    ///   input (or, in an action, no input of `action.yml`) declares;
    /// - `jobs.<id>` in `workflow_call` outputs naming no job;
    /// - an unknown context name (`secret.TOKEN`).
    ///
    /// Matrices built from expressions, inputs declared through
    /// expressions and indexes computed at run time are not judged.
    ///
    /// ## Why is this bad?
    /// A missing property evaluates to an empty string: the step gets an
    /// empty version, tag or flag and carries on, or a condition is
    /// silently false. The bug shows up far from its cause.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   build:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - run: echo "${{ steps.meta.outputs.tags }}"
    ///       - id: meta
    ///         uses: docker/metadata-action@v5
    /// ```
    ///
    /// ## Use instead
    /// Read step outputs after the step that sets them, and declare the
    /// jobs you read in `needs`.
    ///
    /// ## References
    /// - Practice CI02 (jobs wired to what they consume).
    /// - actionlint expression (undefined properties).
    /// - GitHub: Contexts reference.
    pub struct UndefinedReference {
        code: "GHA050",
        name: "undefined-reference",
        summary: "Expression reads a step, job, matrix key or input that is not defined",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "expression"],
        fix: None,
        default: true,
    }
}

/// What an expression site may refer to.
struct Scope<'a> {
    /// Steps visible and the index of the reading step (`None`: all of
    /// them, for job outputs), or `None` when `steps` is out of scope.
    steps: Option<(&'a [Step], Option<usize>)>,
    /// The job's own `needs`, and every job id.
    needs: Option<(&'a Job, Vec<&'a str>)>,
    /// Matrix keys of the job, `None` when unknown or not in a job.
    matrix: Option<Vec<String>>,
    /// Declared inputs, `None` when unknown.
    inputs: Option<Vec<String>>,
    /// Job ids for `jobs.<id>`.
    jobs: Vec<&'a str>,
}

fn name_at(path: &ContextPath, i: usize) -> Option<&str> {
    match path.segments.get(i) {
        Some(expr::PathSegment::Name(n)) => Some(n),
        _ => None,
    }
}

fn check_path(path: &ContextPath, scope: &Scope<'_>) -> Option<(String, String)> {
    let ctx = path.context().to_ascii_lowercase();
    if !CONTEXTS.contains(&ctx.as_str()) {
        let guess = CONTEXTS
            .iter()
            .find(|c| ctx.trim_end_matches('s') == c.trim_end_matches('s'))
            .map_or_else(
                || format!("use one of {}", CONTEXTS.join(", ")),
                |c| format!("did you mean `{c}`?"),
            );
        return Some((format!("unknown context `{}`", path.context()), guess));
    }
    let name = name_at(path, 1)?;
    match ctx.as_str() {
        "steps" => {
            let (steps, at) = scope.steps?;
            let pos = steps.iter().position(|s| {
                s.id.as_ref()
                    .is_some_and(|id| id.value.eq_ignore_ascii_case(name))
            });
            match (pos, at) {
                (None, _) => {
                    if steps
                        .iter()
                        .any(|s| s.id.as_ref().is_some_and(Str::has_expression))
                    {
                        return None;
                    }
                    Some((
                        format!("`steps.{name}` names no step with that `id`"),
                        "give the step `id: ...`, or fix the name".to_string(),
                    ))
                }
                (Some(p), Some(at)) if p >= at => Some((
                    format!("`steps.{name}` is read before step `{name}` runs"),
                    "move the reading step after the step that sets the output".to_string(),
                )),
                _ => None,
            }
        }
        "needs" => {
            let (job, all) = scope.needs.as_ref()?;
            if job
                .needs
                .iter()
                .any(|n| n.value.eq_ignore_ascii_case(name) || n.has_expression())
            {
                return None;
            }
            if all.iter().any(|j| j.eq_ignore_ascii_case(name)) {
                Some((
                    format!(
                        "job `{}` reads `needs.{name}` but does not list `{name}` in `needs`",
                        job.id
                    ),
                    format!("add `{name}` to the `needs` of job `{}`", job.id),
                ))
            } else {
                Some((
                    format!("`needs.{name}` names no job of this workflow"),
                    "name a job listed in `needs`".to_string(),
                ))
            }
        }
        "matrix" => {
            let keys = scope.matrix.as_ref()?;
            if keys.iter().any(|k| k.eq_ignore_ascii_case(name)) {
                return None;
            }
            Some(if keys.is_empty() {
                (
                    format!("`matrix.{name}` is read in a job without a matrix"),
                    "define `strategy.matrix`, or remove the reference".to_string(),
                )
            } else {
                (
                    format!("`matrix.{name}` is not a key of the job's matrix"),
                    format!(
                        "use one of {}",
                        keys.iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
        }
        "inputs" => {
            let inputs = scope.inputs.as_ref()?;
            if inputs.iter().any(|i| i.eq_ignore_ascii_case(name)) {
                return None;
            }
            Some((
                format!("input `{name}` is not declared"),
                "declare it under `inputs:` or fix the name".to_string(),
            ))
        }
        "jobs" => {
            if scope.jobs.is_empty() || scope.jobs.iter().any(|j| j.eq_ignore_ascii_case(name)) {
                return None;
            }
            Some((
                format!("`jobs.{name}` names no job of this workflow"),
                "name a job of this workflow".to_string(),
            ))
        }
        _ => None,
    }
}

/// Matrix keys of a job: `None` when they cannot be known.
fn matrix_keys(yaml: &YamlFile, job: &Job) -> Option<Vec<String>> {
    let Some(m) = job.matrix else {
        if job.strategy.is_some_and(|s| !yaml.is_mapping(s)) {
            return None;
        }
        return Some(Vec::new());
    };
    if !yaml.is_mapping(m) {
        return None;
    }
    let mut keys = Vec::new();
    for (k, v) in yaml.entries(m) {
        let name = yaml.str(k)?;
        if name.contains("${{") {
            return None;
        }
        match name {
            "exclude" => {}
            "include" => {
                if !yaml.is_sequence(v) {
                    return None;
                }
                for &item in yaml.items(v) {
                    if !yaml.is_mapping(item) {
                        return None;
                    }
                    for (ik, _) in yaml.entries(item) {
                        keys.push(yaml.str(ik)?.to_string());
                    }
                }
            }
            _ => keys.push(name.to_string()),
        }
    }
    let mut seen = std::collections::HashSet::new();
    keys.retain(|k| seen.insert(k.clone()));
    Some(keys)
}

fn workflow_inputs(yaml: &YamlFile, w: &Workflow) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for t in &w.triggers {
        if let Some(c) = t.config
            && let Some(i) = yaml.get(c, "inputs")
            && !yaml.is_mapping(i)
            && !yaml.is_null(i)
        {
            return None;
        }
        names.extend(t.inputs.iter().map(|i| i.name.clone()));
    }
    Some(names)
}

fn report(site: &ExprSite, text: &ScalarText, scope: &Scope<'_>, out: &mut Diagnostics<'_>) {
    for e in site_exprs(site, text) {
        let Ok(expr) = &e.expr else {
            continue;
        };
        for path in expr.context_paths() {
            if let Some((msg, help)) = check_path(&path, scope) {
                out.add(text.span(path.span), msg).help(help);
            }
        }
    }
}

impl Rule for UndefinedReference {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let y = cx.yaml;
        let w = cx.workflow;
        let ids: Vec<&str> = w.jobs.iter().map(|j| j.id.as_str()).collect();
        let inputs = workflow_inputs(y, w);
        for site in expr_sites(y, w.root) {
            let Some(text) = cx.scalar_text(site.node) else {
                continue;
            };
            let mut scope = Scope {
                steps: None,
                needs: None,
                matrix: None,
                inputs: inputs.clone(),
                jobs: Vec::new(),
            };
            if site.key(0) == Some("on")
                && site.key(1) == Some("workflow_call")
                && site.key(2) == Some("outputs")
            {
                scope.jobs.clone_from(&ids);
            }
            if site.key(0) == Some("jobs")
                && let Some(id) = site.key(1)
                && let Some(job) = w.job(id)
            {
                scope.needs = Some((job, ids.clone()));
                if job.uses.is_none() {
                    scope.matrix = matrix_keys(y, job);
                }
                match (site.key(2), site.index(3)) {
                    (Some("steps"), Some(i)) => scope.steps = Some((&job.steps, Some(i))),
                    (Some("outputs" | "environment"), _) => scope.steps = Some((&job.steps, None)),
                    _ => {}
                }
            }
            report(&site, &text, &scope, out);
        }
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        let y = cx.yaml;
        let a = cx.action;
        let inputs_ok = y
            .get(a.root, "inputs")
            .is_none_or(|i| y.is_mapping(i) || y.is_null(i));
        let inputs: Vec<String> = a.inputs.iter().map(|i| i.name.clone()).collect();
        for site in expr_sites(y, a.root) {
            let Some(text) = cx.scalar_text(site.node) else {
                continue;
            };
            let mut scope = Scope {
                steps: None,
                needs: None,
                matrix: None,
                inputs: inputs_ok.then(|| inputs.clone()),
                jobs: Vec::new(),
            };
            match (site.key(0), site.key(1), site.index(2)) {
                (Some("runs"), Some("steps"), Some(i)) => scope.steps = Some((&a.steps, Some(i))),
                (Some("outputs"), _, _) => scope.steps = Some((&a.steps, None)),
                _ => {}
            }
            report(&site, &text, &scope, out);
        }
    }
}
