use super::practice_support::{
    ACTION_KEYS, CALL_JOB_KEYS, CONCURRENCY_KEYS, CONTAINER_KEYS, CREDENTIALS_KEYS, DEFAULTS_KEYS,
    DEFAULTS_RUN_KEYS, ENVIRONMENT_KEYS, JOB_KEYS, RUNS_ON_KEYS, SERVICE_KEYS, STEP_KEYS,
    STRATEGY_KEYS, WORKFLOW_KEYS, own_entries,
};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports keys GitHub does not accept where they are written: at the
    /// top of a workflow, in a job (a job that runs steps, or one that
    /// calls a reusable workflow, whose keys differ), in a step, and in
    /// `defaults`, `defaults.run`, `concurrency`, `strategy`, `container`,
    /// `services.<id>`, `credentials`, `environment` and the mapping form
    /// of `runs-on`; and at the top of action metadata (`action.yml`).
    /// Keys of free-form mappings (`env`, `with`, `outputs`, `matrix`,
    /// `on`, which has its own rule) are not checked. Keys brought in by a
    /// YAML merge key (`<<: *defaults`) are checked where they are written.
    ///
    /// ## Why is this bad?
    /// GitHub rejects the whole workflow ("Unexpected value") and nothing
    /// runs; a typo such as `timeout_minutes` or `run-on` never does what
    /// it says, and a job key written under a reusable-workflow call (such
    /// as `runs-on` or `steps`) is an error too.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   build:
    ///     runs-on: ubuntu-latest
    ///     timeout_minutes: 10
    ///     steps:
    ///       - run: make
    ///         working_directory: src
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// jobs:
    ///   build:
    ///     runs-on: ubuntu-latest
    ///     timeout-minutes: 10
    ///     steps:
    ///       - run: make
    ///         working-directory: src
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline fails fast only if GitHub accepts it).
    /// - actionlint syntax-check (unexpected keys); zizmor and checkov skip
    ///   files that fail their schema.
    /// - GitHub: Workflow syntax for GitHub Actions; Metadata syntax for
    ///   GitHub Actions.
    pub struct UnknownKey {
        code: "GHA040",
        name: "unknown-key",
        summary: "Key GitHub does not accept in this section",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "syntax-check"],
        fix: None,
        default: true,
    }
}

/// Reports the keys of `map` that are not in `allowed`.
fn check_map(
    yaml: &YamlFile,
    map: Option<NodeId>,
    allowed: &[&str],
    section: &str,
    out: &mut Diagnostics<'_>,
) {
    let Some(map) = map else {
        return;
    };
    for (name, key, _) in own_entries(yaml, map) {
        if allowed.contains(&name.as_str()) || name.contains("${{") {
            continue;
        }
        let hint = allowed
            .iter()
            .find(|a| {
                a.replace('-', "_")
                    .eq_ignore_ascii_case(&name.replace('-', "_"))
            })
            .or_else(|| allowed.iter().find(|a| close(a, &name)))
            .map_or_else(
                || format!("use one of {}", list(allowed)),
                |a| format!("did you mean `{a}`?"),
            );
        out.add(
            yaml.node(key).span,
            format!("unknown key `{name}` in {section}"),
        )
        .help(hint);
    }
}

fn list(allowed: &[&str]) -> String {
    allowed
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_step(yaml: &YamlFile, step: &Step, out: &mut Diagnostics<'_>) {
    check_map(
        yaml,
        Some(step.node),
        STEP_KEYS,
        &format!("step {}", step.label()),
        out,
    );
}

impl Rule for UnknownKey {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let y = cx.yaml;
        let w = cx.workflow;
        check_map(y, Some(w.root), WORKFLOW_KEYS, "the workflow", out);
        check_map(y, w.defaults, DEFAULTS_KEYS, "`defaults`", out);
        check_map(
            y,
            w.defaults.and_then(|d| y.get(d, "run")),
            DEFAULTS_RUN_KEYS,
            "`defaults.run`",
            out,
        );
        check_map(y, w.concurrency, CONCURRENCY_KEYS, "`concurrency`", out);
        for job in &w.jobs {
            let section = format!("job `{}`", job.id);
            if job.uses.is_some() {
                for (name, key, _) in own_entries(y, job.node) {
                    if CALL_JOB_KEYS.contains(&name.as_str()) {
                        continue;
                    }
                    let msg = if JOB_KEYS.contains(&name.as_str()) {
                        format!(
                            "`{name}` is not allowed in job `{}`, which calls a reusable workflow",
                            job.id
                        )
                    } else {
                        format!("unknown key `{name}` in {section}")
                    };
                    out.add(y.node(key).span, msg).help(format!(
                        "a job with `uses` accepts only {}",
                        list(CALL_JOB_KEYS)
                    ));
                }
            } else {
                check_map(y, Some(job.node), JOB_KEYS, &section, out);
            }
            let get = |k: &str| y.get(job.node, k);
            let defaults = get("defaults");
            check_map(
                y,
                defaults,
                DEFAULTS_KEYS,
                &format!("`defaults` of {section}"),
                out,
            );
            check_map(
                y,
                defaults.and_then(|d| y.get(d, "run")),
                DEFAULTS_RUN_KEYS,
                &format!("`defaults.run` of {section}"),
                out,
            );
            check_map(
                y,
                job.concurrency,
                CONCURRENCY_KEYS,
                &format!("`concurrency` of {section}"),
                out,
            );
            check_map(
                y,
                job.strategy,
                STRATEGY_KEYS,
                &format!("`strategy` of {section}"),
                out,
            );
            check_map(
                y,
                job.runs_on.node.filter(|n| y.is_mapping(*n)),
                RUNS_ON_KEYS,
                &format!("`runs-on` of {section}"),
                out,
            );
            check_map(
                y,
                job.environment
                    .as_ref()
                    .map(|e| e.node)
                    .filter(|n| y.is_mapping(*n)),
                ENVIRONMENT_KEYS,
                &format!("`environment` of {section}"),
                out,
            );
            if let Some(c) = &job.container {
                let node = Some(c.node).filter(|n| y.is_mapping(*n));
                check_map(
                    y,
                    node,
                    CONTAINER_KEYS,
                    &format!("`container` of {section}"),
                    out,
                );
                check_map(
                    y,
                    c.credentials,
                    CREDENTIALS_KEYS,
                    &format!("`container.credentials` of {section}"),
                    out,
                );
            }
            for s in &job.services {
                let name = s.name.as_deref().unwrap_or("?");
                let node = Some(s.node).filter(|n| y.is_mapping(*n));
                check_map(
                    y,
                    node,
                    SERVICE_KEYS,
                    &format!("service `{name}` of {section}"),
                    out,
                );
                check_map(
                    y,
                    s.credentials,
                    CREDENTIALS_KEYS,
                    &format!("`credentials` of service `{name}`"),
                    out,
                );
            }
            for step in &job.steps {
                check_step(y, step, out);
            }
        }
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        check_map(
            cx.yaml,
            Some(cx.action.root),
            ACTION_KEYS,
            "the action metadata",
            out,
        );
        if cx.action.kind == ActionKind::Composite {
            for step in &cx.action.steps {
                check_step(cx.yaml, step, out);
            }
        }
    }
}

/// Whether two names differ by at most two edits (and are long enough for
/// that to mean a typo).
fn close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().min(b.len()) < 4 || a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev.last().is_some_and(|&d| d <= 2)
}
