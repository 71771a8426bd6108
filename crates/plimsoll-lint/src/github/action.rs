//! Action metadata (`action.yml`).

use super::{Entry, Step, Str, entries, root_mapping};
use plimsoll_syntax::yaml::{NodeId, YamlFile};

/// How an action runs (`runs.using`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionKind {
    Composite,
    /// `node12`, `node16`, `node20`...
    Node(String),
    Docker,
    /// Missing or unknown.
    Other(String),
}

/// An `action.yml` file.
#[derive(Debug, Clone)]
pub struct Action {
    pub doc: usize,
    pub root: NodeId,
    pub name: Option<Str>,
    pub inputs: Vec<Entry>,
    pub outputs: Vec<Entry>,
    pub runs: NodeId,
    pub using: Option<Str>,
    pub kind: ActionKind,
    /// `runs.image` of Docker actions (`Dockerfile` or `docker://...`).
    pub image: Option<Str>,
    /// `runs.main` of JavaScript actions.
    pub main: Option<Str>,
    /// The steps of a composite action.
    pub steps_node: Option<NodeId>,
    pub steps: Vec<Step>,
}

impl Action {
    /// Models the first mapping document when it has a `runs` mapping.
    pub fn read(yaml: &YamlFile) -> Option<Action> {
        let (doc, root) = root_mapping(yaml)?;
        let runs = yaml.get(root, "runs").filter(|r| yaml.is_mapping(*r))?;
        let s = |k: &str| yaml.get(runs, k).and_then(|n| Str::of(yaml, n));
        let using = s("using");
        let kind = match using.as_ref().map(|u| u.value.to_ascii_lowercase()) {
            Some(u) if u == "composite" => ActionKind::Composite,
            Some(u) if u == "docker" => ActionKind::Docker,
            Some(u) if u.starts_with("node") => ActionKind::Node(u),
            Some(u) => ActionKind::Other(u),
            None => ActionKind::Other(String::new()),
        };
        let steps_node = yaml.get(runs, "steps");
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
        Some(Action {
            doc,
            root,
            name: yaml.get(root, "name").and_then(|n| Str::of(yaml, n)),
            inputs: entries(yaml, yaml.get(root, "inputs")),
            outputs: entries(yaml, yaml.get(root, "outputs")),
            runs,
            image: s("image"),
            main: s("main"),
            using,
            kind,
            steps_node,
            steps,
        })
    }
}
