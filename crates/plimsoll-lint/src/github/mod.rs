//! The GitHub Actions model: a typed view of workflows and action metadata
//! over their YAML tree, keeping the node of every value for precise
//! reports and fixes.
//!
//! # API in brief
//!
//! - [`Workflow::read`] models a workflow file: `name`, the triggers of
//!   `on` in all its forms ([`Trigger`]: event name, filters, cron
//!   schedules, `workflow_dispatch`/`workflow_call` inputs, secrets and
//!   outputs), top-level `permissions` ([`Permissions`]), `env`,
//!   `defaults.run.shell`, `concurrency`, and the [`Job`]s.
//! - A [`Job`] has its id and key node, `needs`, `if`, `runs-on`
//!   ([`RunsOn`]), `permissions`, `environment`, `strategy`/`matrix`,
//!   `container` and `services` ([`Container`]), `outputs`, `env`,
//!   `steps`, or, for a reusable workflow call, `uses` with `with` and
//!   `secrets` ([`JobSecrets`], `secrets: inherit` included).
//! - A [`Step`] has `id`, `name`, `if`, `uses` parsed into [`Uses`]
//!   (`./local`, `owner/repo/path@ref`, `docker://image`), `with`, `env`,
//!   `run` with `shell` and `working-directory`.
//! - [`Action::read`] models `action.yml`: inputs, outputs, `runs.using`
//!   ([`ActionKind`]), the Docker image and the steps of composite actions.
//! - [`Entry`] is one `name: value` pair of a mapping (`env`, `with`,
//!   `outputs`...); [`Str`] a scalar value with its node.
//!
//! Values are kept as written (expressions included); parse them with
//! `plimsoll_syntax::expr`. Rules see the model through
//! `rule::WorkflowContext` and `rule::ActionContext` (hooks
//! `check_workflow` → `check_job` → `check_step`, and `check_action` →
//! `check_action_step`); the shared expression and script helpers live in
//! [`exprs`].

mod action;
pub mod exprs;
mod workflow;

pub use action::{Action, ActionKind};
pub use workflow::{
    Container, Environment, Job, JobSecrets, Permission, Permissions, RunsOn, Step, Trigger, Uses,
    Workflow, is_full_sha,
};

use plimsoll_syntax::yaml::{NodeId, NodeKind, YamlFile};

#[cfg(test)]
mod tests;

/// A scalar value and its node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    pub node: NodeId,
    pub value: String,
}

impl Str {
    /// A scalar node (through aliases); `None` for collections and null.
    pub fn of(yaml: &YamlFile, node: NodeId) -> Option<Str> {
        if yaml.is_null(node) {
            return None;
        }
        yaml.str(node).map(|v| Str {
            node,
            value: v.to_string(),
        })
    }

    /// Whether the value contains a `${{ }}` expression.
    pub fn has_expression(&self) -> bool {
        self.value.contains("${{")
    }
}

/// One `name: value` entry of a mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub key: NodeId,
    pub value: NodeId,
}

/// The entries of a mapping with scalar keys (empty for anything else).
pub(crate) fn entries(yaml: &YamlFile, map: Option<NodeId>) -> Vec<Entry> {
    let Some(map) = map else {
        return Vec::new();
    };
    yaml.entries(map)
        .into_iter()
        .filter_map(|(k, v)| {
            Some(Entry {
                name: yaml.str(k)?.to_string(),
                key: k,
                value: v,
            })
        })
        .collect()
}

/// A scalar or a sequence of scalars (`needs: a`, `needs: [a, b]`).
pub(crate) fn str_list(yaml: &YamlFile, node: Option<NodeId>) -> Vec<Str> {
    let Some(node) = node else {
        return Vec::new();
    };
    match yaml.kind(node) {
        NodeKind::Sequence { items, .. } => {
            items.iter().filter_map(|&i| Str::of(yaml, i)).collect()
        }
        NodeKind::Scalar { .. } => Str::of(yaml, node).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// The first document whose root is a mapping.
pub(crate) fn root_mapping(yaml: &YamlFile) -> Option<(usize, NodeId)> {
    yaml.documents
        .iter()
        .enumerate()
        .find_map(|(i, d)| d.root.filter(|r| yaml.is_mapping(*r)).map(|r| (i, r)))
}

/// A workflow by content: a top-level `jobs` mapping whose jobs have
/// `runs-on`, `steps` or `uses`, and a top-level `on`.
pub fn looks_like_workflow(yaml: &YamlFile) -> bool {
    let Some((_, root)) = root_mapping(yaml) else {
        return false;
    };
    if yaml.get(root, "on").is_none() && yaml.get(root, "true").is_none() {
        return false;
    }
    let Some(jobs) = yaml.get(root, "jobs") else {
        return false;
    };
    let jobs = yaml.entries(jobs);
    !jobs.is_empty()
        && jobs.iter().all(|&(_, j)| {
            ["runs-on", "steps", "uses"]
                .iter()
                .any(|k| yaml.get(j, k).is_some())
        })
}

/// Action metadata by content: a top-level `runs` mapping.
pub fn looks_like_action(yaml: &YamlFile) -> bool {
    root_mapping(yaml)
        .is_some_and(|(_, root)| yaml.get(root, "runs").is_some_and(|r| yaml.is_mapping(r)))
}
