//! Knowledge shared by the GitHub Actions correctness and delivery-practice
//! rules: the keys GitHub accepts in each section, event names and their
//! filters, and helpers to walk a workflow's expressions. They serve the
//! rules of practice CI02 (a pipeline GitHub accepts, failing fast) and the
//! delivery practices CI01-CI14 (deploys, caching, lockfiles, timeouts).

use super::prelude::*;
use crate::parse::ParsedFile;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

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

/// One segment of the path from the document root to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// A scalar value of a workflow or action that may hold an expression,
/// with where it sits.
#[derive(Debug, Clone)]
pub(crate) struct ExprSite {
    pub node: NodeId,
    pub path: Vec<Seg>,
}

impl ExprSite {
    /// The key at `i` (`None` for an index or past the end).
    pub fn key(&self, i: usize) -> Option<&str> {
        match self.path.get(i) {
            Some(Seg::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// The index at `i`.
    pub fn index(&self, i: usize) -> Option<usize> {
        match self.path.get(i) {
            Some(Seg::Index(n)) => Some(*n),
            _ => None,
        }
    }

    /// Whether the value is an `if:` condition (expression without `${{ }}`).
    pub fn is_condition(&self) -> bool {
        self.path.last() == Some(&Seg::Key("if".to_string()))
    }

    /// The path as written (`jobs.build.steps[2].run`).
    pub fn display(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) if s.is_empty() => s.push_str(k),
                Seg::Key(k) => {
                    s.push('.');
                    s.push_str(k);
                }
                Seg::Index(i) => {
                    let _ = write!(s, "[{i}]");
                }
            }
        }
        s
    }
}

/// Every scalar below `root` holding `${{` or being an `if:` value, in
/// document order. Aliases are followed once (not into themselves).
pub(crate) fn expr_sites(yaml: &YamlFile, root: NodeId) -> Vec<ExprSite> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk(yaml, root, &mut path, &mut out, 0);
    out
}

fn walk(yaml: &YamlFile, node: NodeId, path: &mut Vec<Seg>, out: &mut Vec<ExprSite>, depth: usize) {
    if depth > 64 {
        return;
    }
    match yaml.kind(node) {
        NodeKind::Scalar { value, .. } => {
            let is_if = path.last() == Some(&Seg::Key("if".to_string()));
            if value.contains("${{") || (is_if && !yaml.is_null(node)) {
                out.push(ExprSite {
                    node: yaml.resolve(node),
                    path: path.clone(),
                });
            }
        }
        NodeKind::Mapping { .. } => {
            for (k, v) in yaml.entries(node) {
                let Some(name) = yaml.str(k) else {
                    continue;
                };
                path.push(Seg::Key(name.to_string()));
                walk(yaml, v, path, out, depth + 1);
                path.pop();
            }
        }
        NodeKind::Sequence { items, .. } => {
            for (i, &item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                walk(yaml, item, path, out, depth + 1);
                path.pop();
            }
        }
        NodeKind::Alias { .. } => {}
    }
}

/// A parsed expression of a site, with spans mapped into the file.
pub(crate) struct SiteExpr {
    /// The expression, spans relative to the scalar value: map them with
    /// `text.span`.
    pub expr: Result<Expr, expr::ExprError>,
    /// The whole `${{ }}` (or the whole bare condition).
    pub whole: Span,
}

/// The expressions of a site: its `${{ }}` templates, or for an `if:`
/// written without them, the whole value.
pub(crate) fn site_exprs(site: &ExprSite, text: &ScalarText) -> Vec<SiteExpr> {
    if site.is_condition() {
        return match expr::parse_condition(&text.value, 0) {
            expr::Condition::Bare(e) => vec![SiteExpr {
                expr: e,
                whole: Span::new(0, text.value.len()),
            }],
            expr::Condition::Wrapped(t) => vec![SiteExpr {
                expr: t.expr,
                whole: t.span,
            }],
            expr::Condition::Interpolated(ts) => ts
                .into_iter()
                .map(|t| SiteExpr {
                    expr: t.expr,
                    whole: t.span,
                })
                .collect(),
        };
    }
    text.templates()
        .into_iter()
        .map(|t| SiteExpr {
            expr: t.expr,
            whole: t.span,
        })
        .collect()
}

/// The contexts GitHub provides.
pub(crate) const CONTEXTS: &[&str] = &[
    "github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix",
    "needs", "inputs",
];

/// What a step ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ships {
    /// Changes a running environment (cluster, cloud service, pages).
    Deploy,
    /// Publishes an artifact (package, image, release).
    Publish,
}

/// Actions that deploy or publish, by lower-case `owner/repo[/path]`.
const SHIPPING_ACTIONS: &[(&str, Ships)] = &[
    ("actions/deploy-pages", Ships::Deploy),
    ("peaceiris/actions-gh-pages", Ships::Deploy),
    ("jamesives/github-pages-deploy-action", Ships::Deploy),
    (
        "aws-actions/amazon-ecs-deploy-task-definition",
        Ships::Deploy,
    ),
    (
        "aws-actions/aws-cloudformation-github-deploy",
        Ships::Deploy,
    ),
    ("azure/webapps-deploy", Ships::Deploy),
    ("azure/k8s-deploy", Ships::Deploy),
    ("azure/aci-deploy", Ships::Deploy),
    ("azure/container-apps-deploy-action", Ships::Deploy),
    ("azure/functions-action", Ships::Deploy),
    ("azure/arm-deploy", Ships::Deploy),
    ("azure/static-web-apps-deploy", Ships::Deploy),
    ("cloudflare/wrangler-action", Ships::Deploy),
    ("google-github-actions/deploy-cloudrun", Ships::Deploy),
    ("google-github-actions/deploy-appengine", Ships::Deploy),
    (
        "google-github-actions/deploy-cloud-functions",
        Ships::Deploy,
    ),
    ("amondnet/vercel-action", Ships::Deploy),
    ("nwtgck/actions-netlify", Ships::Deploy),
    ("superfly/flyctl-actions", Ships::Deploy),
    ("pypa/gh-action-pypi-publish", Ships::Publish),
    ("rubygems/release-gem", Ships::Publish),
    ("goreleaser/goreleaser-action", Ships::Publish),
    ("redhat-actions/push-to-registry", Ships::Publish),
    ("helm/chart-releaser-action", Ships::Publish),
    ("softprops/action-gh-release", Ships::Publish),
    ("ncipollo/release-action", Ships::Publish),
];

/// A step that deploys or publishes: where, what and how.
#[derive(Debug, Clone)]
pub(crate) struct Shipping {
    pub span: Span,
    pub what: String,
    pub kind: Ships,
}

/// Whether a job brings up a throwaway cluster (kind, minikube, k3d...),
/// making its `kubectl`/`helm` commands tests rather than deploys: a step
/// whose action, name or script names one of them.
fn has_test_cluster(job: &Job) -> bool {
    const TOOLS: &[&str] = &["kind", "minikube", "k3d", "k3s", "microk8s"];
    let mentions = |text: &str| {
        text.to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| TOOLS.contains(&w))
    };
    job.steps.iter().any(|s| {
        s.uses().and_then(Uses::slug).is_some_and(|u| mentions(&u))
            || s.name.as_ref().is_some_and(|n| mentions(&n.value))
            || s.run.as_ref().is_some_and(|r| {
                r.value.contains("kind create cluster")
                    || r.value.contains("minikube start")
                    || r.value.contains("k3d cluster create")
                    || r.value
                        .split_whitespace()
                        .any(|w| w.contains('/') && mentions(w))
            })
    })
}

/// The steps of a job that deploy or publish.
pub(crate) fn shipping_steps(cx: &WorkflowContext<'_>, job: &Job) -> Vec<Shipping> {
    let test_cluster = has_test_cluster(job);
    let mut out = Vec::new();
    for step in &job.steps {
        if let Some((u, parsed)) = &step.uses
            && let Some(slug) = parsed.slug()
        {
            let full = match parsed {
                Uses::Repo { path: Some(p), .. } => format!("{slug}/{}", p.to_ascii_lowercase()),
                _ => slug.clone(),
            };
            if let Some((_, kind)) = SHIPPING_ACTIONS
                .iter()
                .find(|(a, _)| *a == slug || *a == full)
            {
                out.push(Shipping {
                    span: cx.span(u.node),
                    what: format!("`{}`", u.value.split('@').next().unwrap_or(&u.value)),
                    kind: *kind,
                });
            } else if slug == "docker/build-push-action"
                && step.input("push").is_some_and(|p| {
                    cx.yaml
                        .str(p.value)
                        .is_some_and(|v| v == "true" || v.contains("${{"))
                })
            {
                out.push(Shipping {
                    span: cx.span(u.node),
                    what: "`docker/build-push-action` (`push`)".to_string(),
                    kind: Ships::Publish,
                });
            }
        }
        let Some(run) = &step.run else {
            continue;
        };
        let Some(text) = cx.scalar_text(run.node) else {
            continue;
        };
        let script = text.script();
        for c in script.command_views() {
            let pos: Vec<&str> = c
                .positionals(&[])
                .iter()
                .map(|w| w.value.as_str())
                .collect();
            let first = pos.first().copied().unwrap_or("");
            let second = pos.get(1).copied().unwrap_or("");
            let dry = c.has_flag(&["--dry-run", "--dryrun"]);
            let name = c.name();
            let pair = (first, second);
            let deploys = (!test_cluster
                && ((name == "kubectl"
                    && matches!(first, "apply" | "rollout" | "replace" | "set"))
                    || (name == "helm" && first == "upgrade")))
                || (matches!(name, "terraform" | "tofu" | "terragrunt") && first == "apply")
                || (name == "gcloud" && pos.contains(&"deploy"))
                || (name == "aws"
                    && matches!(
                        pair,
                        ("ecs", "update-service")
                            | ("lambda", "update-function-code")
                            | ("cloudformation", "deploy")
                    ))
                || (name == "az"
                    && matches!(
                        pair,
                        ("webapp" | "functionapp", "deploy") | ("containerapp", "update")
                    ))
                || (matches!(
                    name,
                    "flyctl" | "fly" | "firebase" | "netlify" | "serverless" | "sls"
                ) && first == "deploy");
            let publishes = (matches!(name, "npm" | "yarn" | "pnpm" | "poetry" | "uv" | "cargo")
                && first == "publish"
                && !dry)
                || (name == "twine" && first == "upload")
                || (matches!(name, "gem" | "docker" | "podman") && first == "push")
                || (name == "mvnw" || name == "mvn") && pos.contains(&"deploy")
                || (matches!(name, "gradle" | "gradlew")
                    && pos.iter().any(|p| p.starts_with("publish")))
                || (name == "dotnet" && pair == ("nuget", "push"));
            let kind = if deploys {
                Some(Ships::Deploy)
            } else if publishes {
                Some(Ships::Publish)
            } else {
                None
            };
            if let Some(kind) = kind {
                // The command and its words up to the one that ships.
                let keys = [
                    "deploy",
                    "publish",
                    "push",
                    "apply",
                    "upgrade",
                    "upload",
                    "rollout",
                    "replace",
                    "set",
                    "update-service",
                    "update-function-code",
                    "update",
                ];
                let upto = pos
                    .iter()
                    .position(|p| keys.contains(p) || p.starts_with("publish"))
                    .map_or(1, |i| i + 1)
                    .min(3);
                let shown: Vec<&str> = std::iter::once(c.name())
                    .chain(pos.iter().copied().take(upto))
                    .collect();
                out.push(Shipping {
                    span: c.span(),
                    what: format!("`{}`", shown.join(" ")),
                    kind,
                });
            }
        }
    }
    out
}

/// Where an entry is reported: its key and, when on the same line, its
/// value.
pub(crate) fn entry_span(yaml: &YamlFile, text: &str, e: &Entry) -> Span {
    let key = yaml.node(e.key).span;
    let value = crate::rule::head_span(yaml, text, e.value);
    if value.start >= key.end
        && text
            .get(key.start..value.end)
            .is_some_and(|t| !t.contains('\n'))
    {
        Span::new(key.start, value.end)
    } else {
        key
    }
}

/// The repository root of a workflow file: the directory holding
/// `.github/workflows/<file>`; `None` for files elsewhere.
pub(crate) fn repo_root(path: &std::path::Path) -> Option<std::path::PathBuf> {
    let workflows = path.parent()?;
    let github = workflows.parent()?;
    (workflows.file_name()? == "workflows" && github.file_name()? == ".github")
        .then(|| github.parent().map(std::path::Path::to_path_buf))
        .flatten()
}

/// The workflows of the run, grouped by repository root (sorted by path).
pub(crate) fn workflows_by_repo(
    files: &[ParsedFile],
) -> BTreeMap<PathBuf, Vec<(&ParsedFile, &Workflow)>> {
    let mut repos: BTreeMap<_, Vec<_>> = BTreeMap::new();
    for f in files {
        let Some(model) = f.yaml() else {
            continue;
        };
        let Some(w) = model.workflow.as_deref() else {
            continue;
        };
        let Some(root) = repo_root(&f.fs_path) else {
            continue;
        };
        repos.entry(root).or_default().push((f, w));
    }
    for list in repos.values_mut() {
        list.sort_by(|a, b| a.0.fs_path.cmp(&b.0.fs_path));
    }
    repos
}
