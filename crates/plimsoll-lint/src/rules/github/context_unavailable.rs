use super::practice_support::{ExprSite, expr_sites, site_exprs};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports expressions that read a context, or call a function, that
    /// GitHub does not provide at that key, following GitHub's context
    /// availability table: `env` or `steps` in `runs-on`, `secrets` in a
    /// step's `if`, `matrix` in the workflow `env`, `hashFiles()` outside
    /// steps, `success()`/`failure()`/`always()`/`cancelled()` outside
    /// `if`. Also reports expressions where GitHub accepts none: `uses`
    /// of steps and jobs, `needs`, `permissions`, step `id` and `shell`,
    /// workflow `defaults.run`, and `on` (except `workflow_call` input
    /// defaults and output values). Keys the table does not cover are
    /// not checked.
    ///
    /// ## Why is this bad?
    /// GitHub rejects the workflow ("Unrecognized named-value: 'secrets'"),
    /// so nothing runs.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   build:
    ///     runs-on: ${{ env.RUNNER }}
    ///     steps:
    ///       - if: secrets.TOKEN != ''
    ///         run: make publish
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// jobs:
    ///   build:
    ///     runs-on: ${{ vars.RUNNER }}
    ///     env:
    ///       HAS_TOKEN: ${{ secrets.TOKEN != '' }}
    ///     steps:
    ///       - if: env.HAS_TOKEN == 'true'
    ///         run: make publish
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline fails fast only if GitHub accepts it).
    /// - actionlint expression (context availability).
    /// - GitHub: Contexts reference, "Context availability".
    pub struct ContextUnavailable {
        code: "GHA051",
        name: "context-unavailable",
        summary: "Context or function not available at this key",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "expression"],
        fix: None,
        default: true,
    }
}

const JOB_BASE: &[&str] = &["github", "needs", "strategy", "matrix", "vars", "inputs"];
const STEP_ALL: &[&str] = &[
    "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "steps",
    "inputs",
];

/// What a key allows: contexts, status functions, `hashFiles`.
struct Allowed {
    contexts: &'static [&'static str],
    status: bool,
    hash_files: bool,
}

const fn only(contexts: &'static [&'static str]) -> Allowed {
    Allowed {
        contexts,
        status: false,
        hash_files: false,
    }
}

/// The availability row of a workflow site; `None` when not covered.
fn allowed(site: &ExprSite) -> Option<Allowed> {
    let k = |i| site.key(i);
    match k(0)? {
        "run-name" | "concurrency" => Some(only(&["github", "inputs", "vars"])),
        "env" => Some(only(&["github", "secrets", "inputs", "vars"])),
        "defaults" | "permissions" => Some(only(&[])),
        "on" => match (k(1), k(2), k(4)) {
            (Some("workflow_call"), Some("inputs"), Some("default")) => {
                Some(only(&["github", "inputs", "vars"]))
            }
            (Some("workflow_call"), Some("outputs"), Some("value")) => {
                Some(only(&["github", "jobs", "vars", "inputs"]))
            }
            _ => Some(only(&[])),
        },
        "jobs" => job_allowed(site),
        _ => None,
    }
}

fn job_allowed(site: &ExprSite) -> Option<Allowed> {
    let k = |i| site.key(i);
    Some(match k(2)? {
        "if" if site.path.len() == 3 => Allowed {
            contexts: &["github", "needs", "vars", "inputs"],
            status: true,
            hash_files: false,
        },
        "strategy" => only(&["github", "needs", "vars", "inputs"]),
        "needs" | "permissions" | "uses" => only(&[]),
        "concurrency" | "continue-on-error" | "name" | "runs-on" | "timeout-minutes" => {
            only(JOB_BASE)
        }
        "environment" if k(3) == Some("url") => only(&[
            "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "steps",
            "inputs",
        ]),
        "environment" | "with" => only(JOB_BASE),
        "container" | "services" => {
            let rest = if k(2) == Some("container") { 3 } else { 4 };
            match k(rest) {
                Some("credentials") => only(&[
                    "github", "needs", "strategy", "matrix", "env", "vars", "secrets", "inputs",
                ]),
                Some("env") => only(&[
                    "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars",
                    "secrets", "inputs",
                ]),
                _ => only(JOB_BASE),
            }
        }
        "env" => only(&[
            "github", "needs", "strategy", "matrix", "vars", "secrets", "inputs",
        ]),
        "secrets" => only(&[
            "github", "needs", "strategy", "matrix", "secrets", "inputs", "vars",
        ]),
        "defaults" => only(&[
            "github", "needs", "strategy", "matrix", "env", "vars", "inputs",
        ]),
        "outputs" => only(&[
            "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets",
            "steps", "inputs",
        ]),
        "steps" => {
            site.index(3)?;
            match k(4)? {
                "if" if site.path.len() == 5 => Allowed {
                    contexts: &[
                        "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars",
                        "steps", "inputs",
                    ],
                    status: true,
                    hash_files: true,
                },
                "continue-on-error" | "env" | "name" | "run" | "timeout-minutes" | "with"
                | "working-directory" => Allowed {
                    contexts: STEP_ALL,
                    status: false,
                    hash_files: true,
                },
                "id" | "uses" | "shell" => only(&[]),
                _ => return None,
            }
        }
        _ => return None,
    })
}

impl Rule for ContextUnavailable {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        for site in expr_sites(cx.yaml, cx.workflow.root) {
            let Some(allowed) = allowed(&site) else {
                continue;
            };
            let Some(text) = cx.scalar_text(site.node) else {
                continue;
            };
            let at = site.display();
            for e in site_exprs(&site, &text) {
                let Ok(expr) = &e.expr else {
                    continue;
                };
                if allowed.contexts.is_empty() && !site.is_condition() {
                    out.add(
                        text.span(e.whole),
                        format!("`{at}` does not accept expressions"),
                    )
                    .help("write a literal value");
                    continue;
                }
                for path in expr.context_paths() {
                    let ctx = path.context().to_ascii_lowercase();
                    if super::practice_support::CONTEXTS.contains(&ctx.as_str())
                        && !allowed.contexts.contains(&ctx.as_str())
                    {
                        let list = if allowed.contexts.is_empty() {
                            "none".to_string()
                        } else {
                            allowed.contexts.join(", ")
                        };
                        out.add(
                            text.span(path.span),
                            format!("context `{ctx}` is not available in `{at}`"),
                        )
                        .help(format!("available here: {list}"));
                    }
                }
                for call in expr.calls() {
                    let ExprKind::Call {
                        name, name_span, ..
                    } = &call.kind
                    else {
                        continue;
                    };
                    let bad = (expr::is_status_function(name) && !allowed.status)
                        || (name.eq_ignore_ascii_case("hashFiles") && !allowed.hash_files);
                    if bad {
                        out.add(
                            text.span(*name_span),
                            format!("function `{name}()` is not available in `{at}`"),
                        )
                        .help(if expr::is_status_function(name) {
                            "status functions work only in `if`"
                        } else {
                            "`hashFiles()` works only in steps"
                        });
                    }
                }
            }
        }
    }
}
