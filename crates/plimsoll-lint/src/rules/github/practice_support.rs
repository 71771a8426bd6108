//! Knowledge shared by the GitHub Actions correctness and delivery-practice
//! rules: the keys GitHub accepts in each section, event names and their
//! filters, and helpers to walk a workflow's expressions.

use super::prelude::*;

/// Top-level keys of a workflow.
pub(crate) const WORKFLOW_KEYS: &[&str] = &[
    "name",
    "run-name",
    "on",
    "permissions",
    "env",
    "defaults",
    "concurrency",
    "jobs",
    "cache-mode",
    "description",
];

/// Keys of a job that runs steps.
pub(crate) const JOB_KEYS: &[&str] = &[
    "name",
    "permissions",
    "needs",
    "if",
    "runs-on",
    "environment",
    "concurrency",
    "outputs",
    "env",
    "defaults",
    "steps",
    "timeout-minutes",
    "strategy",
    "continue-on-error",
    "container",
    "services",
    "snapshot",
    "cache-mode",
    "cancel-timeout-minutes",
];

/// Keys of a job that calls a reusable workflow.
pub(crate) const CALL_JOB_KEYS: &[&str] = &[
    "name",
    "uses",
    "with",
    "secrets",
    "needs",
    "if",
    "permissions",
    "strategy",
    "concurrency",
    "cache-mode",
];

/// Keys of any step.
pub(crate) const STEP_KEYS: &[&str] = &[
    "id",
    "if",
    "name",
    "env",
    "continue-on-error",
    "timeout-minutes",
    "run",
    "shell",
    "working-directory",
    "uses",
    "with",
    "background",
    "wait",
    "wait-all",
    "cancel",
    "parallel",
];

/// Top-level keys of action metadata.
pub(crate) const ACTION_KEYS: &[&str] = &[
    "name",
    "author",
    "description",
    "inputs",
    "outputs",
    "runs",
    "branding",
];

pub(crate) const DEFAULTS_KEYS: &[&str] = &["run"];
pub(crate) const DEFAULTS_RUN_KEYS: &[&str] = &["shell", "working-directory"];
pub(crate) const CONCURRENCY_KEYS: &[&str] = &["group", "cancel-in-progress", "queue"];
pub(crate) const STRATEGY_KEYS: &[&str] = &["matrix", "fail-fast", "max-parallel"];
pub(crate) const CONTAINER_KEYS: &[&str] =
    &["image", "credentials", "env", "ports", "volumes", "options"];
pub(crate) const SERVICE_KEYS: &[&str] = &[
    "image",
    "credentials",
    "env",
    "ports",
    "volumes",
    "options",
    "entrypoint",
    "command",
];
pub(crate) const CREDENTIALS_KEYS: &[&str] = &["username", "password"];
pub(crate) const ENVIRONMENT_KEYS: &[&str] = &["name", "url", "deployment"];
pub(crate) const RUNS_ON_KEYS: &[&str] = &["group", "labels"];

/// The keys written in `map` itself (scalar keys, merge keys left out)
/// with their key and value nodes.
pub(crate) fn own_entries(yaml: &YamlFile, map: NodeId) -> Vec<(String, NodeId, NodeId)> {
    match yaml.kind(map) {
        NodeKind::Mapping { entries, .. } => entries
            .iter()
            .filter_map(|&(k, v)| {
                let name = yaml.str(k)?;
                (name != "<<").then(|| (name.to_string(), k, v))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a scalar is a whole `${{ }}` expression (and nothing else).
pub(crate) fn is_whole_expression(value: &str) -> bool {
    let t = value.trim();
    t.starts_with("${{") && t.ends_with("}}") && t.matches("${{").count() == 1
}
