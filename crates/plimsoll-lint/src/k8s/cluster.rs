//! Every Kubernetes object of a run, indexed for checks that cross
//! resources and files (Service -> pods, HPA -> target, references to
//! ServiceAccounts, ConfigMaps and Secrets), and what kustomizations say
//! about the files they include.
//!
//! Two objects are *related* (may refer to each other) when both
//! namespaces are known and equal, or, when either is unknown, when they
//! are in the same scope: the same directory, or directories a
//! kustomization joins. A repository of unrelated examples therefore does
//! not wire one example's Service to another's pods.

use super::kustomize::{ImageOverride, Kustomization};
use super::object::Object;
use super::selector::Selector;
use crate::parse::{ParsedFile, is_kustomization_name};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// An object and the file it is in.
#[derive(Debug, Clone, Copy)]
pub struct ObjRef<'a> {
    pub file: &'a ParsedFile,
    pub object: &'a Object,
}

/// What kustomizations say about one file.
#[derive(Debug, Default)]
struct FileFacts {
    /// Namespaces set by kustomizations that include the file.
    namespaces: BTreeSet<String>,
    /// Listed as a resource of some kustomization.
    kustomized: bool,
    /// Listed as a patch: its objects are partial.
    patch: bool,
    /// A kustomization including the file adds labels to selectors.
    injects_selectors: bool,
    images: Vec<ImageOverride>,
    /// Labels kustomizations add (key, reaches pod templates).
    labels: Vec<(String, bool)>,
    /// The kustomizations whose build includes the file.
    built_by: BTreeSet<PathBuf>,
}

/// The namespace an object will be created in, as far as the run tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Namespace<'a> {
    Known(&'a str),
    /// Not written, or set differently by several kustomizations.
    Unknown,
}

impl Namespace<'_> {
    /// Whether two objects may share a namespace.
    pub fn compatible(self, other: Namespace<'_>) -> bool {
        match (self, other) {
            (Namespace::Known(a), Namespace::Known(b)) => a == b,
            _ => true,
        }
    }
}

#[derive(Debug)]
struct FileSlot {
    scope: usize,
    /// Index into `slot_facts`.
    facts: Option<usize>,
    /// Whether a kustomization of the scope lists resources the run lacks.
    missing_resources: bool,
}

#[derive(Debug, Default)]
pub struct Cluster<'a> {
    objects: Vec<ObjRef<'a>>,
    by_kind: HashMap<&'a str, Vec<usize>>,
    /// Facts by path while kustomizations are read; moved to `slot_facts`
    /// for the files of the run once the index is built.
    facts: HashMap<PathBuf, FileFacts>,
    slot_facts: Vec<FileFacts>,
    /// Union-find over directories: the scope of each directory.
    scopes: HashMap<PathBuf, PathBuf>,
    /// Per file (by address): its scope (an interned scope root) and its
    /// facts, computed once so that per-object and pairwise checks hash no
    /// paths.
    files: HashMap<usize, FileSlot>,
    /// `(kind, name)` of objects kustomize generators create.
    generated: HashSet<(&'static str, String)>,
    /// Directories of kustomizations that list resources the run does not
    /// hold (remote bases, files outside the run).
    incomplete: Vec<PathBuf>,
    /// Workloads (indices into `objects`) by each `key=value` of their pod
    /// labels, so that selectors look at candidates only.
    pods_by_label: HashMap<&'a str, HashMap<&'a str, Vec<usize>>>,
    /// Services with a usable selector, and the same by selector label.
    services: Vec<SelectingService<'a>>,
    services_by_label: HashMap<(String, String), Vec<usize>>,
    /// Objects (indices) by kind and name.
    by_name: HashMap<&'a str, HashMap<&'a str, Vec<usize>>>,
}

/// A core Service with a plain label selector.
#[derive(Debug, Clone)]
pub struct SelectingService<'a> {
    pub service: ObjRef<'a>,
    pub selector: Selector,
    /// The `selector` mapping.
    pub node: plimsoll_syntax::yaml::NodeId,
}

impl<'a> Cluster<'a> {
    /// The index of the objects of `files` (a slice of the run's files, or
    /// references to files kept elsewhere, as chart checks do).
    pub fn build<I>(files: I) -> Cluster<'a>
    where
        I: IntoIterator<Item = &'a ParsedFile>,
        I::IntoIter: Clone,
    {
        let files = files.into_iter();
        let mut cluster = Cluster::default();
        for file in files.clone() {
            let Some(model) = file.yaml() else { continue };
            for object in &model.objects {
                let i = cluster.objects.len();
                cluster.objects.push(ObjRef { file, object });
                cluster
                    .by_kind
                    .entry(object.kind.as_str())
                    .or_default()
                    .push(i);
            }
        }
        cluster.read_kustomizations(files.clone());
        cluster.index_labels();
        let mut scope_ids: HashMap<PathBuf, usize> = HashMap::new();
        let incomplete: HashSet<PathBuf> = cluster
            .incomplete
            .iter()
            .map(|d| cluster.scope_root(d))
            .collect();
        for file in files.filter(|f| f.yaml().is_some()) {
            let path = crate::paths::normalize(&file.fs_path);
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let next = scope_ids.len();
            let root = cluster.scope_root(&dir);
            let missing_resources = incomplete.contains(&root);
            let scope = *scope_ids.entry(root).or_insert(next);
            let facts = cluster.facts.remove(&path).map(|f| {
                cluster.slot_facts.push(f);
                cluster.slot_facts.len() - 1
            });
            cluster.files.insert(
                address(file),
                FileSlot {
                    scope,
                    facts,
                    missing_resources,
                },
            );
        }
        cluster
    }

    fn read_kustomizations(&mut self, files: impl Iterator<Item = &'a ParsedFile>) {
        let by_path: HashMap<PathBuf, &ParsedFile> = files
            .map(|f| (crate::paths::normalize(&f.fs_path), f))
            .collect();
        let kustomizations: Vec<(PathBuf, Kustomization)> = self
            .of_kind("Kustomization")
            .chain(self.of_kind("Component"))
            .filter_map(|r| {
                let yaml = &r.file.yaml()?.yaml;
                Some((
                    crate::paths::normalize(&r.file.fs_path),
                    Kustomization::read(yaml, r.object),
                ))
            })
            .collect();
        let by_file: HashMap<&Path, &Kustomization> = kustomizations
            .iter()
            .map(|(p, k)| (p.as_path(), k))
            .collect();
        for (_, k) in &kustomizations {
            self.generated.extend(k.generated.iter().cloned());
        }
        for (path, k) in &kustomizations {
            let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
            for entry in k
                .resources
                .iter()
                .chain(&k.patches)
                .filter(|r| !r.is_remote())
            {
                let target = crate::paths::normalize(&dir.join(&entry.path));
                let target_dir = if by_path.contains_key(&target) {
                    target.parent().unwrap_or(Path::new(".")).to_path_buf()
                } else {
                    target
                };
                self.union(&dir, &target_dir);
            }
        }
        for (path, k) in &kustomizations {
            let dir = path.parent().unwrap_or(Path::new("."));
            let missing = k.resources.iter().any(|r| {
                if r.is_remote() {
                    return true;
                }
                let target = crate::paths::normalize(&dir.join(&r.path));
                !by_path.contains_key(&target) && kustomization_in(&target, &by_file).is_none()
            });
            if missing {
                self.incomplete.push(dir.to_path_buf());
            }
        }
        for (path, k) in &kustomizations {
            // Everything reachable from a kustomization gets its namespace and
            // images. Each kustomization is an entry point (`kubectl apply -k`
            // works on bases too), so a file may collect several namespaces.
            let mut visited = HashSet::new();
            let mut stack = vec![(path.clone(), k)];
            while let Some((kpath, current)) = stack.pop() {
                if !visited.insert(kpath.clone()) {
                    continue;
                }
                let dir = kpath.parent().unwrap_or(Path::new("."));
                for patch in current.patches.iter().filter(|p| !p.is_remote()) {
                    let target = crate::paths::normalize(&dir.join(&patch.path));
                    self.facts.entry(target).or_default().patch = true;
                }
                for res in current.resources.iter().filter(|r| !r.is_remote()) {
                    let target = crate::paths::normalize(&dir.join(&res.path));
                    if by_path.contains_key(&target) {
                        let facts = self.facts.entry(target).or_default();
                        facts.kustomized = true;
                        facts.injects_selectors |= k.injects_selectors || current.injects_selectors;
                        facts.namespaces.extend(k.namespace.clone());
                        facts.images.extend(k.images.iter().cloned());
                        facts.labels.extend(k.labels.iter().cloned());
                        facts.built_by.insert(path.clone());
                    } else if let Some((inner_path, inner)) = kustomization_in(&target, &by_file) {
                        stack.push((inner_path, inner));
                    }
                }
            }
        }
    }

    fn index_labels(&mut self) {
        for (i, r) in self.objects.iter().enumerate() {
            if let Some(name) = r.object.name.as_deref() {
                self.by_name
                    .entry(r.object.kind.as_str())
                    .or_default()
                    .entry(name)
                    .or_default()
                    .push(i);
            }
            if let Some(w) = &r.object.workload {
                for (k, v) in &w.pod_labels {
                    self.pods_by_label
                        .entry(k.as_str())
                        .or_default()
                        .entry(v.as_str())
                        .or_default()
                        .push(i);
                }
            }
            if r.object.kind == "Service"
                && r.object.group().is_empty()
                && let Some(yaml) = r.file.yaml().map(|m| &m.yaml)
                && let Some(spec) = r.object.spec(yaml)
                && let Some(node) = yaml.get(spec, "selector").filter(|n| yaml.is_mapping(*n))
            {
                let selector = Selector::from_map(yaml, node).without_controller_labels();
                if selector.match_labels.is_empty() {
                    continue;
                }
                let s = self.services.len();
                for (k, v) in &selector.match_labels {
                    self.services_by_label
                        .entry((k.clone(), v.clone()))
                        .or_default()
                        .push(s);
                }
                self.services.push(SelectingService {
                    service: *r,
                    selector,
                    node,
                });
            }
        }
    }

    /// Objects of `kind` named `name`, in run order.
    pub fn named<'s>(&'s self, kind: &str, name: &str) -> impl Iterator<Item = ObjRef<'a>> + 's {
        let list: &'s [usize] = self
            .by_name
            .get(kind)
            .and_then(|m| m.get(name))
            .map_or(&[], Vec::as_slice);
        list.iter().map(|&i| self.objects[i])
    }

    /// Core Services (with a non-empty label selector) whose selector
    /// matches `labels`, related to `from`. Controller-added labels are
    /// left out of the selectors.
    pub fn services_selecting<'s>(
        &'s self,
        from: (&'s ParsedFile, &'s Object),
        labels: &'s crate::k8s::Labels,
    ) -> impl Iterator<Item = &'s SelectingService<'a>> + 's {
        let mut candidates: Vec<usize> = labels
            .iter()
            .filter_map(|(k, v)| self.services_by_label.get(&(k.clone(), v.clone())))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates.into_iter().filter_map(move |s| {
            let entry = &self.services[s];
            (entry.selector.matches(labels)
                && self.related(from, (entry.service.file, entry.service.object)))
            .then_some(entry)
        })
    }

    fn scope_root(&self, dir: &Path) -> PathBuf {
        let mut current = dir.to_path_buf();
        for _ in 0..64 {
            match self.scopes.get(&current) {
                Some(parent) if *parent != current => current = parent.clone(),
                _ => break,
            }
        }
        current
    }

    fn union(&mut self, a: &Path, b: &Path) {
        let (ra, rb) = (self.scope_root(a), self.scope_root(b));
        if ra != rb {
            self.scopes.insert(ra, rb);
        }
    }

    /// Whether two files are in the same scope (directory, or directories
    /// a kustomization joins).
    pub fn same_scope(&self, a: &ParsedFile, b: &ParsedFile) -> bool {
        if let (Some(sa), Some(sb)) = (self.files.get(&address(a)), self.files.get(&address(b))) {
            return sa.scope == sb.scope;
        }
        let dir = |f: &ParsedFile| {
            crate::paths::normalize(&f.fs_path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        };
        let (da, db) = (dir(a), dir(b));
        da == db || self.scope_root(&da) == self.scope_root(&db)
    }

    /// Whether a kustomization in the file's scope lists resources the run
    /// does not hold (a remote base, a file or directory outside the run):
    /// objects the run cannot see may then exist, and checks that report
    /// something missing should stay quiet.
    pub fn has_missing_resources(&self, file: &ParsedFile) -> bool {
        if self.incomplete.is_empty() {
            return false;
        }
        if let Some(slot) = self.files.get(&address(file)) {
            return slot.missing_resources;
        }
        let dir = crate::paths::normalize(&file.fs_path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let root = self.scope_root(&dir);
        self.incomplete.iter().any(|d| self.scope_root(d) == root)
    }

    /// Whether two objects may refer to each other (see the module docs).
    pub fn related(&self, a: (&ParsedFile, &Object), b: (&ParsedFile, &Object)) -> bool {
        match (self.namespace_of(a.0, a.1), self.namespace_of(b.0, b.1)) {
            (Namespace::Known(x), Namespace::Known(y)) => x == y,
            _ => self.same_scope(a.0, b.0),
        }
    }

    /// Every object, in file order.
    pub fn objects(&self) -> &[ObjRef<'a>] {
        &self.objects
    }

    pub fn of_kind<'s>(&'s self, kind: &str) -> impl Iterator<Item = ObjRef<'a>> + 's {
        self.by_kind
            .get(kind)
            .into_iter()
            .flatten()
            .map(|&i| self.objects[i])
    }

    /// Whether the run has any object of `kind`.
    pub fn has_kind(&self, kind: &str) -> bool {
        self.by_kind.contains_key(kind)
    }

    /// Objects with a pod template.
    pub fn workloads(&self) -> impl Iterator<Item = ObjRef<'a>> + '_ {
        self.objects
            .iter()
            .copied()
            .filter(|r| r.object.workload.is_some() && !self.is_patch(r.file))
    }

    fn facts(&self, file: &ParsedFile) -> Option<&FileFacts> {
        match self.files.get(&address(file)) {
            Some(slot) => slot.facts.map(|i| &self.slot_facts[i]),
            None => self.facts.get(&crate::paths::normalize(&file.fs_path)),
        }
    }

    /// Whether a file is a kustomize patch (partial objects): listed as one
    /// by a kustomization of the run, or, without one, named like one
    /// (`*patch*.yaml`, or in a `patches/` directory).
    pub fn is_patch(&self, file: &ParsedFile) -> bool {
        if self.facts(file).is_some_and(|f| f.patch) {
            return true;
        }
        if self.is_kustomized(file) {
            return false;
        }
        let name = file
            .fs_path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        name.split(['-', '_', '.'])
            .any(|word| word.starts_with("patch"))
            || file
                .fs_path
                .parent()
                .and_then(|p| p.file_name())
                .is_some_and(|d| d == "patches")
    }

    /// Whether a kustomization including the file writes labels into
    /// selectors (so a selector may be absent from the file).
    pub fn selectors_injected(&self, file: &ParsedFile) -> bool {
        self.facts(file).is_some_and(|f| f.injects_selectors)
    }

    /// Whether one `kustomize build` includes both files.
    pub fn built_together(&self, a: &ParsedFile, b: &ParsedFile) -> bool {
        match (self.facts(a), self.facts(b)) {
            (Some(fa), Some(fb)) => !fa.built_by.is_disjoint(&fb.built_by),
            _ => false,
        }
    }

    /// Whether a kustomization includes the file.
    pub fn is_kustomized(&self, file: &ParsedFile) -> bool {
        self.facts(file).is_some_and(|f| f.kustomized)
    }

    /// The namespace an object lands in: its own, else the one every
    /// kustomization including its file sets.
    pub fn namespace_of<'s>(&'s self, file: &ParsedFile, object: &'s Object) -> Namespace<'s> {
        if let Some(ns) = &object.namespace {
            return Namespace::Known(ns);
        }
        match self.facts(file).map(|f| &f.namespaces) {
            Some(set) if set.len() == 1 => {
                Namespace::Known(set.iter().next().map_or("", String::as_str))
            }
            _ => Namespace::Unknown,
        }
    }

    /// Whether a kustomization sets the namespace of the file's objects.
    pub fn namespace_set_by_kustomize(&self, file: &ParsedFile) -> bool {
        self.facts(file).is_some_and(|f| !f.namespaces.is_empty())
    }

    /// The labels kustomizations including the file add to its objects:
    /// `(key, whether it reaches pod templates too)`.
    pub fn kustomize_labels(&self, file: &ParsedFile) -> &[(String, bool)] {
        self.facts(file).map_or(&[], |f| f.labels.as_slice())
    }

    /// Whether a kustomization including the file adds the label `key` to
    /// its objects (`commonLabels`, `labels`); with `template`, to their
    /// pod templates too.
    pub fn kustomize_adds_label(&self, file: &ParsedFile, key: &str, template: bool) -> bool {
        self.facts(file).is_some_and(|f| {
            f.labels
                .iter()
                .any(|(k, in_template)| k == key && (*in_template || !template))
        })
    }

    /// The kustomize image override that applies to `image` in `file`.
    pub fn image_override(&self, file: &ParsedFile, image: &str) -> Option<&ImageOverride> {
        let name = image_name(image);
        self.facts(file)?.images.iter().find(|o| o.name == name)
    }

    /// The object of `kind` named `name` related to `from` (for cluster-scoped
    /// kinds, anywhere in the run).
    pub fn find(&self, kind: &str, from: (&ParsedFile, &Object), name: &str) -> Option<ObjRef<'a>> {
        self.named(kind, name).find(|r| {
            r.object.name.as_deref() == Some(name)
                && (crate::rules::kubernetes::helpers::is_cluster_scoped(r.object)
                    || self.related(from, (r.file, r.object)))
        })
    }

    /// Whether the run holds objects of `kind` related to `from`: only then
    /// can a missing reference be told from one deployed elsewhere.
    pub fn has_related(&self, kind: &str, from: (&ParsedFile, &Object)) -> bool {
        self.of_kind(kind)
            .any(|r| self.related(from, (r.file, r.object)))
    }

    /// Whether a kustomize generator creates `kind` `name`.
    pub fn is_generated(&self, kind: &str, name: &str) -> bool {
        self.generated.iter().any(|(k, n)| *k == kind && n == name)
    }

    /// Workloads related to `from` whose pods `selector` matches. Labels the
    /// controllers add to pods (`pod-template-hash`,
    /// `statefulset.kubernetes.io/pod-name`...) are assumed present.
    pub fn pods_matching<'s>(
        &'s self,
        from: (&'s ParsedFile, &'s Object),
        selector: &'s Selector,
    ) -> impl Iterator<Item = ObjRef<'a>> + 's {
        let selector = selector.without_controller_labels();
        // The shortest list of workloads carrying one of the required labels.
        let candidates: Option<&Vec<usize>> = if selector.unknown {
            None
        } else {
            selector
                .match_labels
                .iter()
                .map(|(k, v)| {
                    self.pods_by_label
                        .get(k.as_str())
                        .and_then(|m| m.get(v.as_str()))
                })
                .min_by_key(|l| l.map_or(0, Vec::len))
                .map(|l| l.unwrap_or(&EMPTY))
        };
        let iter: Box<dyn Iterator<Item = ObjRef<'a>> + 's> = match candidates {
            Some(list) => Box::new(
                list.iter()
                    .map(|&i| self.objects[i])
                    .filter(|r| !self.is_patch(r.file)),
            ),
            None => Box::new(self.workloads()),
        };
        iter.filter(move |r| {
            let w = r.object.workload.as_ref().expect("workloads have one");
            self.related(from, (r.file, r.object)) && selector.matches(&w.pod_labels)
        })
    }

    /// Whether the run holds a workload related to `from` in its scope:
    /// only then is a selector that matches nothing likely a mistake
    /// rather than pods deployed by other means.
    pub fn has_workloads_near(&self, from: (&ParsedFile, &Object)) -> bool {
        self.workloads()
            .any(|r| self.related(from, (r.file, r.object)) && self.same_scope(from.0, r.file))
    }

    /// A custom resource related to `from` that may create the pods a
    /// selector names: one whose own labels include the selector's, or whose
    /// name is one of the selector's values (`prometheus: k8s` for the
    /// Prometheus named `k8s`). Operators label their pods that way.
    pub fn operator_may_create(
        &self,
        from: (&ParsedFile, &Object),
        selector: &Selector,
    ) -> Option<ObjRef<'a>> {
        self.objects.iter().copied().find(|r| {
            let o = r.object;
            let builtin = matches!(
                o.group(),
                "" | "apps" | "batch" | "extensions" | "policy" | "autoscaling"
            ) || o.group().ends_with(".k8s.io");
            !builtin
                && o.workload.is_none()
                && !o.is_kustomization()
                && self.related(from, (r.file, o))
                && (selector
                    .match_labels
                    .iter()
                    .all(|(k, v)| o.labels.get(k) == Some(v))
                    || o.name
                        .as_ref()
                        .is_some_and(|n| selector.match_labels.values().any(|v| v == n)))
        })
    }
}

static EMPTY: Vec<usize> = Vec::new();

/// A file's identity within one run (files do not move while it lasts).
fn address(file: &ParsedFile) -> usize {
    std::ptr::from_ref(file) as usize
}

/// The kustomization file in directory `dir`, if the run has one.
fn kustomization_in<'k>(
    dir: &Path,
    by_file: &HashMap<&Path, &'k Kustomization>,
) -> Option<(PathBuf, &'k Kustomization)> {
    ["kustomization.yaml", "kustomization.yml", "Kustomization"]
        .iter()
        .map(|n| dir.join(n))
        .find_map(|p| by_file.get(p.as_path()).map(|k| (p.clone(), *k)))
        .filter(|(p, _)| is_kustomization_name(p))
}

/// An image reference without tag or digest (`nginx` for `nginx:1.27`).
pub fn image_name(image: &str) -> &str {
    let without_digest = image.split('@').next().unwrap_or(image);
    match without_digest.rfind(':') {
        Some(i) if !without_digest[i..].contains('/') => &without_digest[..i],
        _ => without_digest,
    }
}
