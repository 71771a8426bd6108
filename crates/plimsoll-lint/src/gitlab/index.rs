//! GitLab pipelines across the files of a run.
//!
//! A pipeline is a root file plus what it includes locally, transitively.
//! Local includes are resolved against the repository root: the nearest
//! directory above the including file that holds `.gitlab-ci.yml` or
//! `.git` (else the file's own directory). Included files the run lacks
//! are read from disk; project, remote, template and component includes
//! are noted, never fetched, and make the pipeline *open*: names they
//! might define cannot be judged missing.
//!
//! Each unit (file) has a **scope**: the pipelines that reach it (their
//! root first, then includes in order) or, for a file nobody includes,
//! its own closure. Job names, `extends`, `!reference`, `stages` and
//! `default:` resolve within the scope.

use super::{DEFAULT_KEYWORDS, DEFAULT_STAGES, GitlabFile, IncludeKind, Job, is_reference};
use crate::discovery::display_path;
use crate::parse::ParsedFile;
use plimsoll_syntax::SourceFile;
use plimsoll_syntax::yaml::{NodeId, YamlFile};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Files read from disk are capped like the run's own files.
const MAX_EXTERNAL_SIZE: u64 = 1 << 20;
/// At most this many files are read for includes.
const MAX_EXTERNAL_FILES: usize = 256;
/// GitLab's own limit on `extends` depth is 11; a little slack.
const MAX_EXTENDS_DEPTH: usize = 16;

/// A file of the index.
pub type UnitId = usize;

/// A node in a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Src {
    pub unit: UnitId,
    pub node: NodeId,
}

/// A job definition: the unit and the job's index in its `jobs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JobRef {
    pub unit: UnitId,
    pub index: usize,
}

struct External {
    source: SourceFile,
    yaml: YamlFile,
    model: GitlabFile,
}

pub struct Unit<'a> {
    pub path: PathBuf,
    /// The repository root local includes resolve against.
    pub root: PathBuf,
    parsed: Option<&'a ParsedFile>,
    external: Option<Box<External>>,
    /// Units this one includes locally, in order.
    pub includes: Vec<UnitId>,
    /// Includes that name something outside the run and the disk
    /// (project, remote, template, component, unresolvable local paths).
    pub open_include: bool,
    /// Whether another unit includes this one.
    pub included: bool,
}

impl Unit<'_> {
    pub fn yaml(&self) -> &YamlFile {
        match (&self.parsed, &self.external) {
            (Some(p), _) => &p.yaml().expect("gitlab units are YAML").yaml,
            (None, Some(e)) => &e.yaml,
            (None, None) => unreachable!("a unit is parsed or external"),
        }
    }

    pub fn model(&self) -> &GitlabFile {
        match (&self.parsed, &self.external) {
            (Some(p), _) => p
                .yaml()
                .and_then(|y| y.gitlab.as_deref())
                .expect("gitlab units have a model"),
            (None, Some(e)) => &e.model,
            (None, None) => unreachable!("a unit is parsed or external"),
        }
    }

    pub fn source(&self) -> &SourceFile {
        match (&self.parsed, &self.external) {
            (Some(p), _) => &p.source,
            (None, Some(e)) => &e.source,
            (None, None) => unreachable!("a unit is parsed or external"),
        }
    }

    /// The parsed file of the run, when the unit is one.
    pub fn parsed(&self) -> Option<&ParsedFile> {
        self.parsed
    }
}

/// What a unit resolves names against.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    /// Units in priority order: the pipeline root first.
    pub units: Vec<UnitId>,
    /// Some unit includes what cannot be read: unknown names may exist.
    pub open: bool,
    /// The `stages:` that apply, when some unit declares them.
    pub stages: Option<Src>,
    /// The `default:` that applies.
    pub default: Option<Src>,
}

#[derive(Default)]
pub struct GitlabIndex<'a> {
    units: Vec<Unit<'a>>,
    by_path: HashMap<PathBuf, UnitId>,
    by_address: HashMap<usize, UnitId>,
    scopes: Vec<Scope>,
    /// Job definitions by name, per unit.
    names: Vec<HashMap<String, Vec<usize>>>,
}

fn address(file: &ParsedFile) -> usize {
    std::ptr::from_ref(file) as usize
}

/// The repository root of a pipeline file: the nearest directory holding
/// `.gitlab-ci.yml` or `.git`, else the file's directory.
pub fn repository_root<S: std::hash::BuildHasher>(
    path: &Path,
    cache: &mut HashMap<PathBuf, PathBuf, S>,
) -> PathBuf {
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    if let Some(r) = cache.get(&dir) {
        return r.clone();
    }
    let found = dir
        .ancestors()
        .take(24)
        .find(|d| {
            [".gitlab-ci.yml", ".gitlab-ci.yaml", ".git"]
                .iter()
                .any(|n| d.join(n).exists())
        })
        .map_or_else(|| dir.clone(), Path::to_path_buf);
    cache.insert(dir, found.clone());
    found
}

/// A local include target: a path, or a glob over the repository.
#[derive(Debug, Clone)]
pub enum LocalTarget {
    Path(PathBuf),
    Glob(globset::GlobMatcher),
    /// Uses variables or is malformed.
    Unknown,
}

/// The local includes of a pipeline file, resolved against `root`, and
/// whether it has includes that cannot be read locally.
pub fn local_targets(yaml: &YamlFile, model: &GitlabFile, root: &Path) -> (Vec<LocalTarget>, bool) {
    let mut out = Vec::new();
    let mut open = false;
    for inc in &model.includes {
        if inc.kind != IncludeKind::Local {
            open = true;
            continue;
        }
        let Some(value) = inc.location.and_then(|n| yaml.str(n)) else {
            open = true;
            continue;
        };
        let rel = value.trim_start_matches('/');
        if rel.is_empty() || value.contains('$') {
            out.push(LocalTarget::Unknown);
            open = true;
        } else if rel.contains('*') {
            let pattern = root.join(rel);
            let glob = globset::GlobBuilder::new(&pattern.to_string_lossy())
                .literal_separator(!rel.contains("**"))
                .build();
            if let Ok(g) = glob {
                out.push(LocalTarget::Glob(g.compile_matcher()));
            } else {
                out.push(LocalTarget::Unknown);
                open = true;
            }
        } else {
            out.push(LocalTarget::Path(crate::paths::normalize(&root.join(rel))));
        }
    }
    (out, open)
}

/// Re-reads as pipeline files the plain YAML files of the run that a
/// pipeline includes locally (`include: local: ci/build.yml`).
pub fn adopt_included(files: &mut [ParsedFile]) {
    use crate::kind::FileKind;
    let mut cache = HashMap::new();
    let mut wanted: Vec<LocalTarget> = Vec::new();
    for f in files.iter() {
        if f.kind != FileKind::GitlabCi {
            continue;
        }
        let Some((yaml, model)) = f.yaml().and_then(|y| Some((&y.yaml, y.gitlab.as_deref()?)))
        else {
            continue;
        };
        let root = repository_root(&crate::paths::normalize(&f.fs_path), &mut cache);
        wanted.extend(local_targets(yaml, model, &root).0);
    }
    if wanted.is_empty() {
        return;
    }
    let paths: HashSet<PathBuf> = wanted
        .iter()
        .filter_map(|t| match t {
            LocalTarget::Path(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    for f in files.iter_mut() {
        if f.kind != FileKind::Yaml || f.yaml().is_none_or(|y| !y.objects.is_empty()) {
            continue;
        }
        let path = crate::paths::normalize(&f.fs_path);
        let hit = paths.contains(&path)
            || wanted
                .iter()
                .any(|t| matches!(t, LocalTarget::Glob(g) if g.is_match(&path)));
        // The YAML is parsed already: only the pipeline model is missing.
        if hit && let crate::parse::Model::Yaml(model) = &mut f.model {
            f.kind = FileKind::GitlabCi;
            if model.oversized_documents.is_empty() {
                model.gitlab = super::GitlabFile::read(&model.yaml).map(Box::new);
            }
        }
    }
}

impl<'a> GitlabIndex<'a> {
    pub fn build(files: &'a [ParsedFile]) -> GitlabIndex<'a> {
        let mut index = GitlabIndex::default();
        let mut roots = HashMap::new();
        for file in files {
            if file.yaml().and_then(|y| y.gitlab.as_ref()).is_some() {
                let path = crate::paths::normalize(&file.fs_path);
                let root = repository_root(&path, &mut roots);
                index.add(path, root, Some(file), None);
            }
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        let mut next = 0;
        while next < index.units.len() {
            let i = next;
            next += 1;
            let root = index.units[i].root.clone();
            let (targets, mut open) = {
                let u = &index.units[i];
                local_targets(u.yaml(), u.model(), &root)
            };
            let mut includes = Vec::new();
            for t in targets {
                match t {
                    LocalTarget::Path(p) => match index.unit_at(&p, &root, &cwd) {
                        Some(u) => includes.push(u),
                        None => open = true,
                    },
                    LocalTarget::Glob(g) => {
                        let hits: Vec<UnitId> = (0..index.units.len())
                            .filter(|&u| u != i && g.is_match(&index.units[u].path))
                            .collect();
                        if hits.is_empty() {
                            open = true;
                        }
                        includes.extend(hits);
                    }
                    LocalTarget::Unknown => open = true,
                }
            }
            includes.retain(|&u| u != i);
            for &u in &includes {
                index.units[u].included = true;
            }
            index.units[i].includes = includes;
            index.units[i].open_include = open;
        }
        index.names = index
            .units
            .iter()
            .map(|u| {
                let mut m: HashMap<String, Vec<usize>> = HashMap::new();
                for (j, job) in u.model().jobs.iter().enumerate() {
                    m.entry(job.name.clone()).or_default().push(j);
                }
                m
            })
            .collect();
        let closures: Vec<Vec<UnitId>> = (0..index.units.len()).map(|u| index.closure(u)).collect();
        index.scopes = (0..index.units.len())
            .map(|u| index.scope_for(u, &closures))
            .collect();
        index
    }

    fn add(
        &mut self,
        path: PathBuf,
        root: PathBuf,
        parsed: Option<&'a ParsedFile>,
        external: Option<Box<External>>,
    ) -> UnitId {
        let i = self.units.len();
        if let Some(p) = parsed {
            self.by_address.insert(address(p), i);
        }
        self.by_path.insert(path.clone(), i);
        self.units.push(Unit {
            path,
            root,
            parsed,
            external,
            includes: Vec::new(),
            open_include: false,
            included: false,
        });
        i
    }

    /// The unit at `path`, reading it from disk when the run lacks it.
    fn unit_at(&mut self, path: &Path, root: &Path, cwd: &Path) -> Option<UnitId> {
        if let Some(&i) = self.by_path.get(path) {
            return Some(i);
        }
        if self.units.iter().filter(|u| u.external.is_some()).count() >= MAX_EXTERNAL_FILES {
            return None;
        }
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() || meta.len() > MAX_EXTERNAL_SIZE {
            return None;
        }
        let text = std::fs::read_to_string(path).ok()?;
        let yaml = YamlFile::parse(&text);
        let model = GitlabFile::read(&yaml)?;
        let source = SourceFile::new(display_path(path, cwd), text);
        Some(self.add(
            path.to_path_buf(),
            root.to_path_buf(),
            None,
            Some(Box::new(External {
                source,
                yaml,
                model,
            })),
        ))
    }

    /// `start` and what it includes, transitively, in include order.
    fn closure(&self, start: UnitId) -> Vec<UnitId> {
        let mut out = vec![start];
        let mut seen: HashSet<UnitId> = HashSet::from([start]);
        let mut i = 0;
        while i < out.len() {
            for &inc in &self.units[out[i]].includes {
                if seen.insert(inc) {
                    out.push(inc);
                }
            }
            i += 1;
        }
        out
    }

    fn scope_for(&self, unit: UnitId, closures: &[Vec<UnitId>]) -> Scope {
        let roots: Vec<UnitId> = (0..self.units.len())
            .filter(|&r| !self.units[r].included && r != unit)
            .filter(|&r| closures[r].contains(&unit))
            .collect();
        let mut units = Vec::new();
        let mut seen = HashSet::new();
        let starts = if roots.is_empty() { vec![unit] } else { roots };
        for r in starts {
            for &u in &closures[r] {
                if seen.insert(u) {
                    units.push(u);
                }
            }
        }
        if seen.insert(unit) {
            units.push(unit);
        }
        let open = units
            .iter()
            .any(|&u| self.units[u].open_include || self.units[u].model().templated);
        // The unit's own declarations first, then the pipeline's.
        let order: Vec<UnitId> = std::iter::once(unit)
            .chain(units.iter().copied().filter(|&u| u != unit))
            .collect();
        let stages = order.iter().find_map(|&u| {
            self.units[u]
                .model()
                .stages
                .map(|node| Src { unit: u, node })
        });
        let default = order.iter().find_map(|&u| {
            self.units[u]
                .model()
                .default
                .map(|node| Src { unit: u, node })
        });
        Scope {
            units,
            open,
            stages,
            default,
        }
    }

    pub fn unit(&self, u: UnitId) -> &Unit<'a> {
        &self.units[u]
    }

    pub fn units(&self) -> &[Unit<'a>] {
        &self.units
    }

    /// The unit of a file of the run.
    pub fn unit_of(&self, file: &ParsedFile) -> Option<UnitId> {
        self.by_address.get(&address(file)).copied()
    }

    pub fn scope(&self, u: UnitId) -> &Scope {
        &self.scopes[u]
    }

    pub fn yaml(&self, u: UnitId) -> &YamlFile {
        self.units[u].yaml()
    }

    pub fn job(&self, r: JobRef) -> &Job {
        &self.units[r.unit].model().jobs[r.index]
    }

    /// Definitions of job `name` visible from `unit`, in priority order.
    pub fn find_job(&self, unit: UnitId, name: &str) -> Vec<JobRef> {
        let mut out = Vec::new();
        for &u in &self.scopes[unit].units {
            if let Some(list) = self.names[u].get(name) {
                out.extend(list.iter().rev().map(|&index| JobRef { unit: u, index }));
            }
        }
        out
    }

    /// The stage names of `unit`'s pipeline (declared, or GitLab's defaults).
    pub fn stages(&self, unit: UnitId) -> Vec<String> {
        match self.scopes[unit].stages {
            Some(src) => {
                let model = self.units[src.unit].model();
                model.stage_names.iter().map(|(s, _)| s.clone()).collect()
            }
            None => DEFAULT_STAGES.iter().map(ToString::to_string).collect(),
        }
    }

    /// A job's definitions and what it extends, in priority order: its own
    /// definitions first, then its `extends` from last to first, each
    /// followed by what it extends. Names that do not resolve are skipped.
    pub fn chain(&self, unit: UnitId, name: &str) -> Vec<JobRef> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        self.chain_into(unit, name, 0, &mut seen, &mut out);
        out
    }

    fn chain_into(
        &self,
        unit: UnitId,
        name: &str,
        depth: usize,
        seen: &mut HashSet<String>,
        out: &mut Vec<JobRef>,
    ) {
        if depth > MAX_EXTENDS_DEPTH || !seen.insert(name.to_string()) {
            return;
        }
        let defs = self.find_job(unit, name);
        out.extend(defs.iter().copied());
        for d in defs {
            let job = self.job(d);
            for (parent, _) in job.extends.iter().rev() {
                self.chain_into(unit, parent, depth + 1, seen, out);
            }
        }
    }

    /// The value of `key` for job `name` as GitLab merges it: the job's
    /// own definitions, then what it extends, then `default:` for the
    /// keywords jobs inherit (unless `inherit: default` turns it off).
    pub fn value(&self, unit: UnitId, name: &str, key: &str) -> Option<Src> {
        let chain = self.chain(unit, name);
        for r in &chain {
            let job = self.job(*r);
            let yaml = self.yaml(r.unit);
            if let Some(v) = yaml.get(job.node, key) {
                return Some(self.resolve_reference(Src {
                    unit: r.unit,
                    node: v,
                }));
            }
        }
        if DEFAULT_KEYWORDS.contains(&key) && self.inherits_default(unit, &chain, key) {
            let d = self.scopes[unit].default?;
            let v = self.yaml(d.unit).get(d.node, key)?;
            return Some(self.resolve_reference(Src {
                unit: d.unit,
                node: v,
            }));
        }
        None
    }

    /// Whether `inherit: default:` of the job lets `key` through.
    fn inherits_default(&self, _unit: UnitId, chain: &[JobRef], key: &str) -> bool {
        for r in chain {
            let yaml = self.yaml(r.unit);
            if let Some(inherit) = yaml.path(self.job(*r).node, &["inherit", "default"]) {
                if let Some(b) = yaml.bool(inherit) {
                    return b;
                }
                return yaml
                    .items(inherit)
                    .iter()
                    .any(|&i| yaml.str(i) == Some(key));
            }
        }
        true
    }

    /// The node a `!reference [job, key, ...]` stands for (following
    /// nested references), or the node itself.
    pub fn resolve_reference(&self, src: Src) -> Src {
        let mut current = src;
        for _ in 0..10 {
            match self.reference_target(current) {
                Some(next) => current = next,
                None => return current,
            }
        }
        current
    }

    /// One step of `!reference`: `None` when `src` is not a reference or
    /// does not resolve.
    pub fn reference_target(&self, src: Src) -> Option<Src> {
        let yaml = self.yaml(src.unit);
        if !is_reference(yaml, src.node) {
            return None;
        }
        let parts: Vec<&str> = yaml
            .items(src.node)
            .iter()
            .map(|&n| yaml.str(n))
            .collect::<Option<_>>()?;
        let (job, keys) = parts.split_first()?;
        let Some((first, rest)) = keys.split_first() else {
            // `!reference [.name]`: the whole value of a hidden key.
            let r = *self.find_job(src.unit, job).first()?;
            return Some(Src {
                unit: r.unit,
                node: self.job(r).node,
            });
        };
        // The first key follows `extends`, deeper keys are plain lookups.
        let chain = self.chain(src.unit, job);
        chain.iter().find_map(|r| {
            let y = self.yaml(r.unit);
            // Parts are keys, or indices into lists.
            let step = |node: NodeId, part: &&str| {
                y.get(node, part).or_else(|| {
                    let i: usize = part.parse().ok()?;
                    y.items(node).get(i).copied()
                })
            };
            let v = step(self.job(*r).node, first)?;
            let v = rest.iter().try_fold(v, step)?;
            Some(Src {
                unit: r.unit,
                node: v,
            })
        })
    }

    /// Whether a `!reference` names a job visible from the unit.
    pub fn reference_job_exists(&self, unit: UnitId, job: &str) -> bool {
        !self.find_job(unit, job).is_empty()
    }
}
