//! Workflows, jobs and steps.

use super::{Entry, Str, entries, root_mapping, str_list};
use plimsoll_syntax::yaml::{NodeId, NodeKind, YamlFile};

/// A workflow file (its first document whose root is a mapping).
#[derive(Debug, Clone)]
pub struct Workflow {
    pub doc: usize,
    pub root: NodeId,
    pub name: Option<Str>,
    /// The `on` key node (also `true:`, how YAML 1.1 readers see `on`).
    pub on_key: Option<NodeId>,
    /// The `on` value.
    pub on: Option<NodeId>,
    pub triggers: Vec<Trigger>,
    pub permissions: Option<Permissions>,
    pub env_node: Option<NodeId>,
    pub env: Vec<Entry>,
    pub defaults: Option<NodeId>,
    /// `defaults.run.shell`.
    pub default_shell: Option<Str>,
    pub concurrency: Option<NodeId>,
    /// The `jobs` key node and mapping.
    pub jobs_key: Option<NodeId>,
    pub jobs_node: Option<NodeId>,
    pub jobs: Vec<Job>,
}

/// One event of `on`.
#[derive(Debug, Clone)]
pub struct Trigger {
    /// `push`, `pull_request_target`, `schedule`...
    pub event: String,
    /// The node naming the event (a scalar of `on: push` or `on: [a, b]`,
    /// or the key of the `on:` mapping).
    pub name_node: NodeId,
    /// Its configuration (`on: {push: {branches: [main]}}`), when a mapping
    /// or a sequence (`schedule`).
    pub config: Option<NodeId>,
    /// `schedule` crons.
    pub crons: Vec<Str>,
    /// `types` filter (`[opened, synchronize]`).
    pub types: Vec<Str>,
    /// `workflow_dispatch`/`workflow_call` inputs.
    pub inputs: Vec<Entry>,
    /// `workflow_call` secrets and outputs.
    pub secrets: Vec<Entry>,
    pub outputs: Vec<Entry>,
    /// `workflow_run.workflows`.
    pub workflows: Vec<Str>,
}

impl Trigger {
    /// A filter list of the event (`branches`, `tags`, `paths`,
    /// `branches-ignore`...).
    pub fn filter(&self, yaml: &YamlFile, name: &str) -> Vec<Str> {
        str_list(yaml, self.config.and_then(|c| yaml.get(c, name)))
    }
}

/// A `permissions` value.
#[derive(Debug, Clone)]
pub struct Permissions {
    pub key: NodeId,
    pub node: NodeId,
    pub kind: Permission,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Permission {
    /// `read-all`.
    ReadAll,
    /// `write-all`.
    WriteAll,
    /// `{}`: no scope at all.
    None,
    /// Scope by scope: `contents: read`.
    Scopes(Vec<(Entry, Option<String>)>),
    /// An expression or anything else.
    Other,
}

impl Permissions {
    fn read(yaml: &YamlFile, map: NodeId) -> Option<Permissions> {
        let key = yaml.key_node(map, "permissions")?;
        let node = yaml.get(map, "permissions")?;
        let kind = match yaml.kind(node) {
            NodeKind::Scalar { value, .. } => match value.as_str() {
                "read-all" => Permission::ReadAll,
                "write-all" => Permission::WriteAll,
                _ if yaml.is_null(node) => Permission::None,
                _ => Permission::Other,
            },
            NodeKind::Mapping { .. } => {
                let scopes: Vec<(Entry, Option<String>)> = entries(yaml, Some(node))
                    .into_iter()
                    .map(|e| {
                        let level = yaml.str(e.value).map(str::to_string);
                        (e, level)
                    })
                    .collect();
                if scopes.is_empty() {
                    Permission::None
                } else {
                    Permission::Scopes(scopes)
                }
            }
            _ => Permission::Other,
        };
        Some(Permissions { key, node, kind })
    }

    /// The level of one scope (`contents` -> `write`), `write-all`/`read-all`
    /// applying to every scope; `None` when unset or unknown.
    pub fn level(&self, scope: &str) -> Option<&str> {
        match &self.kind {
            Permission::ReadAll => Some("read"),
            Permission::WriteAll => Some("write"),
            Permission::None => Some("none"),
            Permission::Scopes(s) => s
                .iter()
                .find(|(e, _)| e.name == scope)
                .and_then(|(_, l)| l.as_deref())
                .or(Some("none")),
            Permission::Other => None,
        }
    }

    /// Scopes granted `write` (every scope for `write-all`, as `*`).
    pub fn writes(&self) -> Vec<&str> {
        match &self.kind {
            Permission::WriteAll => vec!["*"],
            Permission::Scopes(s) => s
                .iter()
                .filter(|(_, l)| l.as_deref() == Some("write"))
                .map(|(e, _)| e.name.as_str())
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// `runs-on`.
#[derive(Debug, Clone, Default)]
pub struct RunsOn {
    pub node: Option<NodeId>,
    /// Labels (`ubuntu-latest`, `[self-hosted, linux]`, `labels:` of the
    /// mapping form).
    pub labels: Vec<Str>,
    /// `group:` of the mapping form.
    pub group: Option<Str>,
}

impl RunsOn {
    /// Whether the job may run on a self-hosted runner: a `self-hosted`
    /// label or a runner group. Labels built from expressions are not
    /// judged.
    pub fn is_self_hosted(&self) -> bool {
        self.group.is_some()
            || self
                .labels
                .iter()
                .any(|l| l.value.eq_ignore_ascii_case("self-hosted"))
    }
}

/// `environment`.
#[derive(Debug, Clone)]
pub struct Environment {
    pub node: NodeId,
    pub name: Option<Str>,
    pub url: Option<Str>,
}

/// A job `container` or one of its `services`.
#[derive(Debug, Clone)]
pub struct Container {
    /// The service name (`None` for the job container).
    pub name: Option<String>,
    pub key: Option<NodeId>,
    pub node: NodeId,
    /// `image`, or the value itself in the string form.
    pub image: Option<Str>,
    /// `credentials` mapping (`username`, `password`).
    pub credentials: Option<NodeId>,
    pub env: Vec<Entry>,
    pub options: Option<Str>,
}

impl Container {
    fn read(yaml: &YamlFile, name: Option<String>, key: Option<NodeId>, node: NodeId) -> Container {
        if yaml.is_mapping(node) {
            Container {
                name,
                key,
                node,
                image: yaml.get(node, "image").and_then(|n| Str::of(yaml, n)),
                credentials: yaml.get(node, "credentials"),
                env: entries(yaml, yaml.get(node, "env")),
                options: yaml.get(node, "options").and_then(|n| Str::of(yaml, n)),
            }
        } else {
            Container {
                name,
                key,
                node,
                image: Str::of(yaml, node),
                credentials: None,
                env: Vec::new(),
                options: None,
            }
        }
    }
}

/// `secrets` of a reusable workflow call.
#[derive(Debug, Clone, Default)]
pub enum JobSecrets {
    #[default]
    None,
    /// `secrets: inherit`.
    Inherit(NodeId),
    Map(Vec<Entry>),
}

/// A job.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: String,
    pub key: NodeId,
    pub node: NodeId,
    pub name: Option<Str>,
    pub needs: Vec<Str>,
    pub if_: Option<Str>,
    pub runs_on: RunsOn,
    pub permissions: Option<Permissions>,
    pub environment: Option<Environment>,
    pub concurrency: Option<NodeId>,
    pub timeout_minutes: Option<NodeId>,
    pub continue_on_error: Option<NodeId>,
    pub strategy: Option<NodeId>,
    pub matrix: Option<NodeId>,
    pub container: Option<Container>,
    pub services: Vec<Container>,
    pub outputs: Vec<Entry>,
    pub env_node: Option<NodeId>,
    pub env: Vec<Entry>,
    /// `defaults.run.shell`.
    pub default_shell: Option<Str>,
    pub steps_node: Option<NodeId>,
    pub steps: Vec<Step>,
    /// A reusable workflow call: `uses`, `with`, `secrets`.
    pub uses: Option<(Str, Uses)>,
    pub with_node: Option<NodeId>,
    pub with: Vec<Entry>,
    pub secrets: JobSecrets,
}

impl Job {
    fn read(yaml: &YamlFile, id: String, key: NodeId, node: NodeId) -> Job {
        let get = |k: &str| yaml.get(node, k);
        let runs_on = match get("runs-on") {
            Some(r) if yaml.is_mapping(r) => RunsOn {
                node: Some(r),
                labels: str_list(yaml, yaml.get(r, "labels")),
                group: yaml.get(r, "group").and_then(|g| Str::of(yaml, g)),
            },
            Some(r) => RunsOn {
                node: Some(r),
                labels: str_list(yaml, Some(r)),
                group: None,
            },
            None => RunsOn::default(),
        };
        let environment = get("environment").map(|e| {
            if yaml.is_mapping(e) {
                Environment {
                    node: e,
                    name: yaml.get(e, "name").and_then(|n| Str::of(yaml, n)),
                    url: yaml.get(e, "url").and_then(|n| Str::of(yaml, n)),
                }
            } else {
                Environment {
                    node: e,
                    name: Str::of(yaml, e),
                    url: None,
                }
            }
        });
        let strategy = get("strategy");
        let steps_node = get("steps");
        let steps = steps_node
            .map(|s| {
                yaml.items(s)
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| yaml.is_mapping(**n))
                    .map(|(i, &n)| Step::read(yaml, i, n))
                    .collect()
            })
            .unwrap_or_default();
        let secrets = match get("secrets") {
            Some(s) if yaml.str(s) == Some("inherit") => JobSecrets::Inherit(s),
            Some(s) if yaml.is_mapping(s) => JobSecrets::Map(entries(yaml, Some(s))),
            _ => JobSecrets::None,
        };
        let uses = get("uses").and_then(|u| Str::of(yaml, u)).map(|s| {
            let u = Uses::parse(&s.value);
            (s, u)
        });
        Job {
            name: get("name").and_then(|n| Str::of(yaml, n)),
            needs: str_list(yaml, get("needs")),
            if_: get("if").and_then(|n| Str::of(yaml, n)),
            runs_on,
            permissions: Permissions::read(yaml, node),
            environment,
            concurrency: get("concurrency"),
            timeout_minutes: get("timeout-minutes"),
            continue_on_error: get("continue-on-error"),
            strategy,
            matrix: strategy.and_then(|s| yaml.get(s, "matrix")),
            container: get("container").map(|c| Container::read(yaml, None, None, c)),
            services: entries(yaml, get("services"))
                .into_iter()
                .map(|e| Container::read(yaml, Some(e.name), Some(e.key), e.value))
                .collect(),
            outputs: entries(yaml, get("outputs")),
            env_node: get("env"),
            env: entries(yaml, get("env")),
            default_shell: yaml
                .path(node, &["defaults", "run", "shell"])
                .and_then(|n| Str::of(yaml, n)),
            steps_node,
            steps,
            uses,
            with_node: get("with"),
            with: entries(yaml, get("with")),
            secrets,
            id,
            key,
            node,
        }
    }

    /// A step by its `id`.
    pub fn step_by_id(&self, id: &str) -> Option<&Step> {
        self.steps
            .iter()
            .find(|s| s.id.as_ref().is_some_and(|i| i.value == id))
    }
}

/// What a `uses:` refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uses {
    /// `./path/to/action` (in the workflow's repository).
    Local { path: String },
    /// `owner/repo[/path]@ref`.
    Repo {
        owner: String,
        repo: String,
        /// The path inside the repository (`None` for the root).
        path: Option<String>,
        /// The ref after `@` (`None` when missing: an error).
        git_ref: Option<String>,
    },
    /// `docker://image[:tag|@digest]`.
    Docker { image: String },
    /// Anything else (an expression, a malformed value).
    Invalid,
}

impl Uses {
    pub fn parse(value: &str) -> Uses {
        let v = value.trim();
        if v.starts_with("./") || v.starts_with("../") || v == "." {
            return Uses::Local {
                path: v.to_string(),
            };
        }
        if let Some(image) = v.strip_prefix("docker://") {
            return Uses::Docker {
                image: image.to_string(),
            };
        }
        if v.contains("${{") {
            return Uses::Invalid;
        }
        let (spec, git_ref) = match v.split_once('@') {
            Some((s, r)) => (s, Some(r.to_string())),
            None => (v, None),
        };
        let mut parts = spec.splitn(3, '/');
        let (Some(owner), Some(repo)) = (parts.next(), parts.next()) else {
            return Uses::Invalid;
        };
        if owner.is_empty() || repo.is_empty() {
            return Uses::Invalid;
        }
        Uses::Repo {
            owner: owner.to_string(),
            repo: repo.to_string(),
            path: parts.next().filter(|p| !p.is_empty()).map(str::to_string),
            git_ref,
        }
    }

    /// `owner/repo`, lower-cased, for a repository action.
    pub fn slug(&self) -> Option<String> {
        match self {
            Uses::Repo { owner, repo, .. } => Some(format!(
                "{}/{}",
                owner.to_ascii_lowercase(),
                repo.to_ascii_lowercase()
            )),
            _ => None,
        }
    }

    /// Whether this is the repository action `slug` (`actions/checkout`),
    /// at its root, case-insensitively.
    pub fn is_action(&self, slug: &str) -> bool {
        matches!(self, Uses::Repo { path: None, .. }) && self.slug().is_some_and(|s| s == slug)
    }

    /// The ref, for repository actions.
    pub fn git_ref(&self) -> Option<&str> {
        match self {
            Uses::Repo { git_ref, .. } => git_ref.as_deref(),
            _ => None,
        }
    }

    /// Pinned to a full commit SHA (40 hex digits, or 64 for SHA-256).
    pub fn is_sha_pinned(&self) -> bool {
        self.git_ref().is_some_and(is_full_sha)
    }
}

/// A full commit SHA.
pub fn is_full_sha(r: &str) -> bool {
    (r.len() == 40 || r.len() == 64) && r.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A step of a job or of a composite action.
#[derive(Debug, Clone)]
pub struct Step {
    /// Position in `steps` (0-based).
    pub index: usize,
    pub node: NodeId,
    pub id: Option<Str>,
    pub name: Option<Str>,
    pub if_: Option<Str>,
    pub uses: Option<(Str, Uses)>,
    pub with_node: Option<NodeId>,
    pub with: Vec<Entry>,
    pub env_node: Option<NodeId>,
    pub env: Vec<Entry>,
    pub run: Option<Str>,
    pub shell: Option<Str>,
    pub working_directory: Option<Str>,
    pub continue_on_error: Option<NodeId>,
    pub timeout_minutes: Option<NodeId>,
}

impl Step {
    pub(crate) fn read(yaml: &YamlFile, index: usize, node: NodeId) -> Step {
        let get = |k: &str| yaml.get(node, k);
        let s = |k: &str| get(k).and_then(|n| Str::of(yaml, n));
        Step {
            index,
            node,
            id: s("id"),
            name: s("name"),
            if_: s("if"),
            uses: s("uses").map(|u| {
                let parsed = Uses::parse(&u.value);
                (u, parsed)
            }),
            with_node: get("with"),
            with: entries(yaml, get("with")),
            env_node: get("env"),
            env: entries(yaml, get("env")),
            run: s("run"),
            shell: s("shell"),
            working_directory: s("working-directory"),
            continue_on_error: get("continue-on-error"),
            timeout_minutes: get("timeout-minutes"),
        }
    }

    /// The parsed `uses`, if any.
    pub fn uses(&self) -> Option<&Uses> {
        self.uses.as_ref().map(|(_, u)| u)
    }

    /// A `with` input by name.
    pub fn input(&self, name: &str) -> Option<&Entry> {
        self.with.iter().find(|e| e.name == name)
    }

    /// How the step is named in messages: its `id`, `name`, `uses` or position.
    pub fn label(&self) -> String {
        if let Some(id) = &self.id {
            return format!("`{}`", id.value);
        }
        if let Some(name) = &self.name {
            return format!("`{}`", name.value);
        }
        if let Some((u, _)) = &self.uses {
            return format!("`{}`", u.value);
        }
        format!("#{}", self.index + 1)
    }
}

impl Workflow {
    /// Models the first document whose root is a mapping.
    pub fn read(yaml: &YamlFile) -> Option<Workflow> {
        let (doc, root) = root_mapping(yaml)?;
        let (on_key, on) = match yaml.key_node(root, "on") {
            Some(k) => (Some(k), yaml.get(root, "on")),
            None => (yaml.key_node(root, "true"), yaml.get(root, "true")),
        };
        let triggers = on.map(|o| read_triggers(yaml, o)).unwrap_or_default();
        let jobs_node = yaml.get(root, "jobs");
        let jobs = entries(yaml, jobs_node)
            .into_iter()
            .map(|e| Job::read(yaml, e.name, e.key, e.value))
            .collect();
        let defaults = yaml.get(root, "defaults");
        Some(Workflow {
            doc,
            root,
            name: yaml.get(root, "name").and_then(|n| Str::of(yaml, n)),
            on_key,
            on,
            triggers,
            permissions: Permissions::read(yaml, root),
            env_node: yaml.get(root, "env"),
            env: entries(yaml, yaml.get(root, "env")),
            defaults,
            default_shell: defaults
                .and_then(|d| yaml.path(d, &["run", "shell"]))
                .and_then(|n| Str::of(yaml, n)),
            concurrency: yaml.get(root, "concurrency"),
            jobs_key: yaml.key_node(root, "jobs"),
            jobs_node,
            jobs,
        })
    }

    /// The trigger for `event`, if the workflow has it.
    pub fn trigger(&self, event: &str) -> Option<&Trigger> {
        self.triggers.iter().find(|t| t.event == event)
    }

    pub fn has_trigger(&self, event: &str) -> bool {
        self.trigger(event).is_some()
    }

    /// A job by id.
    pub fn job(&self, id: &str) -> Option<&Job> {
        self.jobs.iter().find(|j| j.id == id)
    }
}

fn read_triggers(yaml: &YamlFile, on: NodeId) -> Vec<Trigger> {
    let bare = |s: Str| Trigger {
        event: s.value,
        name_node: s.node,
        config: None,
        crons: Vec::new(),
        types: Vec::new(),
        inputs: Vec::new(),
        secrets: Vec::new(),
        outputs: Vec::new(),
        workflows: Vec::new(),
    };
    match yaml.kind(on) {
        NodeKind::Scalar { .. } | NodeKind::Sequence { .. } => {
            str_list(yaml, Some(on)).into_iter().map(bare).collect()
        }
        NodeKind::Mapping { .. } => entries(yaml, Some(on))
            .into_iter()
            .map(|e| {
                let config = Some(e.value).filter(|v| !yaml.is_null(*v));
                let get = |k: &str| config.and_then(|c| yaml.get(c, k));
                let crons = if e.name == "schedule" {
                    config
                        .map(|c| {
                            yaml.items(c)
                                .iter()
                                .filter_map(|&i| yaml.get(i, "cron").and_then(|n| Str::of(yaml, n)))
                                .collect()
                        })
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                Trigger {
                    types: str_list(yaml, get("types")),
                    inputs: entries(yaml, get("inputs")),
                    secrets: entries(yaml, get("secrets")),
                    outputs: entries(yaml, get("outputs")),
                    workflows: str_list(yaml, get("workflows")),
                    event: e.name,
                    name_node: e.key,
                    config,
                    crons,
                }
            })
            .collect(),
        NodeKind::Alias { .. } => Vec::new(),
    }
}
