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

/// Every event a workflow can run on, with its activity types (`None`:
/// `types` is not accepted; an empty list: any custom type).
pub(crate) const EVENTS: &[(&str, Option<&[&str]>)] = &[
    (
        "branch_protection_rule",
        Some(&["created", "edited", "deleted"]),
    ),
    (
        "check_run",
        Some(&["created", "rerequested", "completed", "requested_action"]),
    ),
    ("check_suite", Some(&["completed"])),
    ("create", None),
    ("delete", None),
    ("deployment", None),
    ("deployment_status", None),
    (
        "discussion",
        Some(&[
            "created",
            "edited",
            "deleted",
            "transferred",
            "pinned",
            "unpinned",
            "labeled",
            "unlabeled",
            "locked",
            "unlocked",
            "category_changed",
            "answered",
            "unanswered",
        ]),
    ),
    (
        "discussion_comment",
        Some(&["created", "edited", "deleted"]),
    ),
    ("fork", None),
    ("gollum", None),
    ("image_version", None),
    ("issue_comment", Some(&["created", "edited", "deleted"])),
    (
        "issues",
        Some(&[
            "opened",
            "edited",
            "deleted",
            "transferred",
            "pinned",
            "unpinned",
            "closed",
            "reopened",
            "assigned",
            "unassigned",
            "labeled",
            "unlabeled",
            "locked",
            "unlocked",
            "milestoned",
            "demilestoned",
            "typed",
            "untyped",
            "field_added",
            "field_removed",
        ]),
    ),
    ("label", Some(&["created", "edited", "deleted"])),
    ("merge_group", Some(&["checks_requested", "destroyed"])),
    (
        "milestone",
        Some(&["created", "closed", "opened", "edited", "deleted"]),
    ),
    ("page_build", None),
    ("public", None),
    ("pull_request", Some(PULL_REQUEST_TYPES)),
    (
        "pull_request_review",
        Some(&["submitted", "edited", "dismissed"]),
    ),
    (
        "pull_request_review_comment",
        Some(&["created", "edited", "deleted"]),
    ),
    ("pull_request_target", Some(PULL_REQUEST_TYPES)),
    ("push", None),
    ("registry_package", Some(&["published", "updated"])),
    (
        "release",
        Some(&[
            "published",
            "unpublished",
            "created",
            "edited",
            "deleted",
            "prereleased",
            "released",
        ]),
    ),
    ("repository_dispatch", Some(&[])),
    ("schedule", None),
    ("status", None),
    ("watch", Some(&["started"])),
    ("workflow_call", None),
    ("workflow_dispatch", None),
    (
        "workflow_run",
        Some(&["completed", "requested", "in_progress"]),
    ),
];

const PULL_REQUEST_TYPES: &[&str] = &[
    "assigned",
    "unassigned",
    "labeled",
    "unlabeled",
    "opened",
    "edited",
    "closed",
    "reopened",
    "synchronize",
    "converted_to_draft",
    "locked",
    "unlocked",
    "enqueued",
    "dequeued",
    "milestoned",
    "demilestoned",
    "ready_for_review",
    "review_requested",
    "review_request_removed",
    "auto_merge_enabled",
    "auto_merge_disabled",
];

/// Events GitHub retired (classic projects).
pub(crate) const RETIRED_EVENTS: &[&str] = &["project", "project_card", "project_column"];

/// The configuration keys an event accepts besides `types`.
pub(crate) fn event_filters(event: &str) -> &'static [&'static str] {
    match event {
        "push" => &[
            "branches",
            "branches-ignore",
            "tags",
            "tags-ignore",
            "paths",
            "paths-ignore",
        ],
        "pull_request" | "pull_request_target" => {
            &["branches", "branches-ignore", "paths", "paths-ignore"]
        }
        "workflow_run" => &["workflows", "branches", "branches-ignore"],
        "merge_group" => &["branches", "branches-ignore"],
        "workflow_dispatch" => &["inputs"],
        "workflow_call" => &["inputs", "outputs", "secrets"],
        _ => &[],
    }
}
