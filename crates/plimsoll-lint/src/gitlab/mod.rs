//! GitLab CI pipelines: a typed view of a `.gitlab-ci.yml` (or a file it
//! includes) over its YAML nodes.
//!
//! [`GitlabFile::read`] splits the top level into global keywords
//! (`stages`, `default`, `workflow`, `variables`, `include`...), jobs and
//! hidden jobs (`.name`, templates for `extends` and `!reference`), and
//! stray keys. Values are read on demand by the helpers here (`when`,
//! images, `needs`, `rules`, environments, caches), always keeping the
//! node they came from. Resolution across jobs and files (`extends`,
//! `default:`, `!reference`, local includes) lives in [`index`]; the
//! duration grammar in [`duration`]; scripts as shell in [`script`].

pub mod duration;
pub mod index;
pub mod script;
#[cfg(test)]
mod tests;

use plimsoll_syntax::yaml::{NodeId, NodeKind, YamlFile};

pub use index::{GitlabIndex, Src, UnitId};

/// Top-level keys that are not jobs.
pub const GLOBAL_KEYWORDS: [&str; 11] = [
    "default",
    "include",
    "stages",
    "variables",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "spec",
];

/// Every keyword a job may use.
pub const JOB_KEYWORDS: [&str; 38] = [
    "after_script",
    "allow_failure",
    "artifacts",
    "before_script",
    "cache",
    "coverage",
    "dast_configuration",
    "dependencies",
    "environment",
    "except",
    "extends",
    "hooks",
    "identity",
    "id_tokens",
    "image",
    "inherit",
    "interruptible",
    "manual_confirmation",
    "needs",
    "only",
    "pages",
    "parallel",
    "publish",
    "release",
    "resource_group",
    "retry",
    "rules",
    "run",
    "script",
    "secrets",
    "services",
    "stage",
    "start_in",
    "tags",
    "timeout",
    "trigger",
    "variables",
    "when",
];

/// Keywords a job inherits from `default:`.
pub const DEFAULT_KEYWORDS: [&str; 13] = [
    "after_script",
    "artifacts",
    "before_script",
    "cache",
    "hooks",
    "id_tokens",
    "identity",
    "image",
    "interruptible",
    "retry",
    "services",
    "tags",
    "timeout",
];

/// The stages a pipeline has when it declares none.
pub const DEFAULT_STAGES: [&str; 5] = [".pre", "build", "test", "deploy", ".post"];

/// The values `when:` accepts on a job (and in job `rules`).
pub const JOB_WHEN: [&str; 6] = [
    "on_success",
    "on_failure",
    "always",
    "manual",
    "delayed",
    "never",
];

/// A pipeline file.
#[derive(Debug, Clone, Default)]
pub struct GitlabFile {
    /// The document holding the pipeline (the second one after a `spec:` header).
    pub doc: usize,
    pub root: Option<NodeId>,
    /// The `spec:` header document's root, for templates with inputs.
    pub header: Option<NodeId>,
    /// The `stages:` value and its names.
    pub stages: Option<NodeId>,
    pub stage_names: Vec<(String, NodeId)>,
    pub default: Option<NodeId>,
    pub workflow: Option<NodeId>,
    pub variables: Vec<Variable>,
    pub includes: Vec<Include>,
    pub jobs: Vec<Job>,
    /// Top-level keys that are neither keywords nor jobs (their value is
    /// not a mapping): key node and value node.
    pub stray: Vec<(String, NodeId, NodeId)>,
    /// Uses `$[[ inputs.x ]]` interpolation: names and values may be
    /// rewritten before GitLab reads them.
    pub templated: bool,
}

/// A job or a hidden job (`.template`).
#[derive(Debug, Clone)]
pub struct Job {
    pub name: String,
    /// The key node (where "missing" findings point).
    pub key: NodeId,
    /// The job's mapping.
    pub node: NodeId,
    /// Starts with `.`: never runs, used by `extends`/`!reference`/anchors.
    pub hidden: bool,
    /// `extends:` names in order, with their nodes.
    pub extends: Vec<(String, NodeId)>,
}

/// A variable of `variables:` (global or a job's).
#[derive(Debug, Clone)]
pub struct Variable {
    pub name: String,
    pub key: NodeId,
    /// The entry's value node (a scalar, or the `{value: ...}` mapping).
    pub node: NodeId,
    /// The scalar holding the value (`value:` of the long form).
    pub value: Option<NodeId>,
}

/// What an `include:` entry names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncludeKind {
    Local,
    /// `project:` + `file:` (+ `ref:`).
    Project,
    Remote,
    Template,
    Component,
    Unknown,
}

/// An `include:` entry.
#[derive(Debug, Clone)]
pub struct Include {
    pub kind: IncludeKind,
    /// The list item (or the whole `include:` value for the short form).
    pub node: NodeId,
    /// The scalar naming the location (`local`, `project`, `remote`...).
    pub location: Option<NodeId>,
    /// `file:` of a project include (string or list).
    pub files: Vec<NodeId>,
    /// `ref:` of a project include.
    pub git_ref: Option<NodeId>,
    /// `integrity:` of a remote include.
    pub integrity: Option<NodeId>,
}

impl GitlabFile {
    /// Reads the pipeline of a YAML stream: the first document, or the
    /// second when the first is a `spec:` header.
    pub fn read(yaml: &YamlFile) -> Option<GitlabFile> {
        let mut file = GitlabFile::default();
        let first = yaml.documents.first()?;
        let mut doc = 0;
        let mut root = first.root;
        if let Some(r) = root
            && yaml.entries(r).len() == 1
            && yaml.get(r, "spec").is_some()
            && let Some(second) = yaml.documents.get(1)
        {
            file.header = Some(r);
            doc = 1;
            root = second.root;
        }
        file.doc = doc;
        file.root = root;
        let Some(root) = root else {
            return Some(file);
        };
        if !yaml.is_mapping(root) {
            return Some(file);
        }
        for (k, v) in yaml.entries(root) {
            let Some(name) = yaml.str(k) else { continue };
            if name.contains("$[[") {
                file.templated = true;
            }
            match name {
                "stages" => {
                    file.stages = Some(v);
                    file.stage_names = stage_names(yaml, v);
                }
                "default" => file.default = Some(v),
                "workflow" => file.workflow = Some(v),
                "variables" => file.variables = variables(yaml, v),
                "include" => file.includes = includes(yaml, v),
                _ if GLOBAL_KEYWORDS.contains(&name) => {}
                // Hidden keys hold anything: templates, script lists for
                // `!reference`, anchors.
                _ if yaml.is_mapping(v) || name.starts_with('.') => file.jobs.push(Job {
                    name: name.to_string(),
                    key: k,
                    node: v,
                    hidden: name.starts_with('.'),
                    extends: extends(yaml, v),
                }),
                _ => file.stray.push((name.to_string(), k, v)),
            }
        }
        if !file.templated {
            file.templated = yaml.nodes.iter().filter(|n| n.doc == doc).any(
                |n| matches!(&n.kind, NodeKind::Scalar { value, .. } if value.contains("$[[")),
            );
        }
        Some(file)
    }

    /// The job named `name` in this file (the last definition).
    pub fn job(&self, name: &str) -> Option<&Job> {
        self.jobs.iter().rev().find(|j| j.name == name)
    }

    /// The names of the declared stages, or GitLab's defaults.
    pub fn stages_or_default(&self) -> Vec<&str> {
        if self.stages.is_some() {
            self.stage_names.iter().map(|(s, _)| s.as_str()).collect()
        } else {
            DEFAULT_STAGES.to_vec()
        }
    }
}

/// `stages:` names, nested lists flattened (GitLab accepts them).
fn stage_names(yaml: &YamlFile, v: NodeId) -> Vec<(String, NodeId)> {
    let mut out = Vec::new();
    let mut stack: Vec<NodeId> = yaml.items(v).iter().rev().copied().collect();
    while let Some(n) = stack.pop() {
        if let Some(s) = yaml.str(n) {
            out.push((s.to_string(), n));
        } else {
            stack.extend(yaml.items(n).iter().rev().copied());
        }
    }
    out
}

/// `extends:` as a string or a list.
pub fn extends(yaml: &YamlFile, job: NodeId) -> Vec<(String, NodeId)> {
    let Some(v) = yaml.get(job, "extends") else {
        return Vec::new();
    };
    if let Some(s) = yaml.str(v) {
        return vec![(s.to_string(), v)];
    }
    yaml.items(v)
        .iter()
        .filter_map(|&n| Some((yaml.str(n)?.to_string(), n)))
        .collect()
}

/// A `variables:` mapping: `NAME: value` or `NAME: {value, description, options, expand}`.
pub fn variables(yaml: &YamlFile, v: NodeId) -> Vec<Variable> {
    yaml.entries(v)
        .into_iter()
        .filter_map(|(k, node)| {
            let name = yaml.str(k)?.to_string();
            let value = if yaml.is_mapping(node) {
                yaml.get(node, "value")
            } else {
                Some(node)
            };
            Some(Variable {
                name,
                key: k,
                node,
                value,
            })
        })
        .collect()
}

/// `include:` as a string, a mapping or a list of both.
fn includes(yaml: &YamlFile, v: NodeId) -> Vec<Include> {
    let items: Vec<NodeId> = if yaml.is_sequence(v) {
        yaml.items(v).to_vec()
    } else {
        vec![v]
    };
    items
        .into_iter()
        .map(|item| {
            if let Some(s) = yaml.str(item) {
                let kind = if s.starts_with("https://") || s.starts_with("http://") {
                    IncludeKind::Remote
                } else {
                    IncludeKind::Local
                };
                return Include {
                    kind,
                    node: item,
                    location: Some(item),
                    files: Vec::new(),
                    git_ref: None,
                    integrity: None,
                };
            }
            let (kind, location) = [
                ("local", IncludeKind::Local),
                ("project", IncludeKind::Project),
                ("remote", IncludeKind::Remote),
                ("template", IncludeKind::Template),
                ("component", IncludeKind::Component),
            ]
            .into_iter()
            .find_map(|(key, kind)| Some((kind, Some(yaml.get(item, key)?))))
            .unwrap_or((IncludeKind::Unknown, None));
            let files = match yaml.get(item, "file") {
                Some(f) if yaml.is_sequence(f) => yaml.items(f).to_vec(),
                Some(f) => vec![f],
                None => Vec::new(),
            };
            Include {
                kind,
                node: item,
                location,
                files,
                git_ref: yaml.get(item, "ref"),
                integrity: yaml.get(item, "integrity"),
            }
        })
        .collect()
}

/// A job's (or `default:`'s) image: `image: name` or `image: {name: ...}`.
pub fn image_name(yaml: &YamlFile, image: NodeId) -> Option<NodeId> {
    if yaml.str(image).is_some() {
        Some(image)
    } else {
        yaml.get(image, "name").filter(|n| yaml.str(*n).is_some())
    }
}

/// Service images of a `services:` list (strings or `{name: ...}`).
pub fn service_images(yaml: &YamlFile, services: NodeId) -> Vec<NodeId> {
    yaml.items(services)
        .iter()
        .filter_map(|&s| image_name(yaml, s))
        .collect()
}

/// One entry of `needs:`.
#[derive(Debug, Clone)]
pub struct Need {
    /// The needed job, when it is a job of this pipeline.
    pub job: Option<String>,
    /// The node naming the job (a scalar), or the item.
    pub node: NodeId,
    pub optional: bool,
    /// `project:` or `pipeline:`: a job of another pipeline.
    pub external: bool,
}

/// `needs:` entries: job names, `{job, artifacts, optional}`,
/// cross-project and parent-pipeline needs.
pub fn needs(yaml: &YamlFile, needs: NodeId) -> Vec<Need> {
    yaml.items(needs)
        .iter()
        .filter_map(|&item| {
            if yaml.is_null(item) {
                return None;
            }
            if let Some(s) = yaml.str(item) {
                return Some(Need {
                    job: Some(s.to_string()),
                    node: item,
                    optional: false,
                    external: false,
                });
            }
            if !yaml.is_mapping(item) {
                return None;
            }
            let external =
                yaml.get(item, "project").is_some() || yaml.get(item, "pipeline").is_some();
            let job_node = yaml.get(item, "job");
            Some(Need {
                job: job_node.and_then(|n| yaml.str(n)).map(ToString::to_string),
                node: job_node.unwrap_or(item),
                optional: yaml
                    .get(item, "optional")
                    .and_then(|o| yaml.bool(o))
                    .unwrap_or(false),
                external,
            })
        })
        .collect()
}

/// Whether a string uses CI variables or input interpolation, so its
/// value is only known at pipeline time.
pub fn is_dynamic(s: &str) -> bool {
    s.contains('$')
}

/// The `environment:` name of a job: a string or `{name: ...}`.
pub fn environment_name(yaml: &YamlFile, env: NodeId) -> Option<NodeId> {
    if yaml.str(env).is_some() {
        Some(env)
    } else {
        yaml.get(env, "name").filter(|n| yaml.str(*n).is_some())
    }
}

/// Whether a mapping or sequence node carries the `!reference` tag.
pub fn is_reference(yaml: &YamlFile, node: NodeId) -> bool {
    yaml.node(node).tag.as_deref() == Some("!reference")
}

/// Script lines of `script`/`before_script`/`after_script` written in
/// this place: a string, or a list of strings and nested lists.
/// `!reference` items are left out (they are checked where they are
/// written).
pub fn script_lines(yaml: &YamlFile, node: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack = vec![(node, 0usize)];
    while let Some((n, depth)) = stack.pop() {
        if is_reference(yaml, n) || depth > 16 {
            continue;
        }
        if yaml.str(n).is_some() {
            if !yaml.is_null(n) {
                out.push(n);
            }
        } else {
            for &item in yaml.items(n).iter().rev() {
                stack.push((item, depth + 1));
            }
        }
    }
    out
}
