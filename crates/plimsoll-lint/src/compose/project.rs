//! Compose projects across the files of a run.
//!
//! Compose merges a base file with its overrides and pulls in the files
//! `include:` names; `extends.file` borrows a service from another file.
//! The index holds every compose file of the run and, read from disk, the
//! files they include or extend that the run does not hold. Two views of a
//! file's project:
//!
//! - its **scope**, for resolving names (services, networks, volumes,
//!   configs, secrets): every compose file of its directory, with what
//!   they include. It is deliberately generous: a name defined by any file
//!   that may be merged with this one counts.
//! - its **merged view**, for conflicts and for what a service ends up
//!   with: the files Compose uses together with it. A base file
//!   (`compose.yaml`, `compose.yml`, `docker-compose.yml`,
//!   `docker-compose.yaml`) is merged with the automatic override
//!   (`compose.override.yaml`...); an override or a dotted variant
//!   (`compose.prod.yaml`, `docker-compose.dev.yml`) with the base;
//!   any other file (`compose-ci.yaml`, `api.compose.yml`) stands alone.
//!   Included files come first, then the base, then overrides.

use super::{ComposeFile, Service, is_remote};
use crate::discovery::display_path;
use crate::parse::ParsedFile;
use plimsoll_syntax::SourceFile;
use plimsoll_syntax::dockerfile::{self, Dockerfile};
use plimsoll_syntax::yaml::YamlFile;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Files read from disk are capped like the run's own files.
const MAX_EXTERNAL_SIZE: u64 = 1 << 20;
/// At most this many files are read for includes and extends.
const MAX_EXTERNAL_FILES: usize = 256;

/// The canonical base names, in the order Compose looks for them.
const BASE_NAMES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];
const OVERRIDE_NAMES: [&str; 4] = [
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
];

/// What a file is to Compose, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Found by `docker compose` without `-f`.
    Base,
    /// Merged automatically after the base.
    AutoOverride,
    /// `compose.<x>.yaml`: given with `-f` after the base.
    Variant,
    /// Any other name: used alone (or only included/extended).
    Standalone,
}

fn role_of(path: &Path) -> Role {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if BASE_NAMES.contains(&name.as_str()) {
        Role::Base
    } else if OVERRIDE_NAMES.contains(&name.as_str()) {
        Role::AutoOverride
    } else if name.starts_with("compose.") || name.starts_with("docker-compose.") {
        Role::Variant
    } else {
        Role::Standalone
    }
}

/// A compose file read from disk because the run references it.
#[derive(Debug)]
struct External {
    source: SourceFile,
    yaml: YamlFile,
    compose: ComposeFile,
}

/// A compose file of the index.
#[derive(Debug)]
pub struct Member<'a> {
    /// Normalized absolute path.
    pub path: PathBuf,
    pub dir: PathBuf,
    pub role: Role,
    /// The file of the run, if it is one.
    pub parsed: Option<&'a ParsedFile>,
    external: Option<Box<External>>,
    /// Members this file includes.
    pub includes: Vec<usize>,
    /// An include the run cannot resolve (remote, interpolated, missing).
    pub unresolved_include: bool,
}

impl Member<'_> {
    pub fn source(&self) -> &SourceFile {
        match (self.parsed, &self.external) {
            (Some(p), _) => &p.source,
            (None, Some(e)) => &e.source,
            (None, None) => unreachable!("a member is parsed or external"),
        }
    }

    pub fn yaml(&self) -> &YamlFile {
        match (self.parsed.and_then(ParsedFile::yaml), &self.external) {
            (Some(m), _) => &m.yaml,
            (None, Some(e)) => &e.yaml,
            (None, None) => unreachable!("a member is parsed or external"),
        }
    }

    pub fn compose(&self) -> &ComposeFile {
        match (
            self.parsed
                .and_then(ParsedFile::yaml)
                .and_then(|m| m.compose.as_deref()),
            &self.external,
        ) {
            (Some(c), _) => c,
            (None, Some(e)) => &e.compose,
            (None, None) => unreachable!("a member has a compose model"),
        }
    }

    /// Whether the file is part of the run (findings can be reported in it).
    pub fn in_run(&self) -> bool {
        self.parsed.is_some()
    }
}

/// A Dockerfile a build uses.
#[derive(Debug)]
enum DockerfileEntry<'a> {
    Run(&'a ParsedFile),
    Loaded(Box<Dockerfile>),
    Missing,
}

/// A service definition somewhere in a project.
#[derive(Debug, Clone, Copy)]
pub struct Def<'x, 'a> {
    pub member: &'x Member<'a>,
    pub index: usize,
    pub service: &'x Service,
}

/// Every compose file of a run and what they reference.
#[derive(Debug, Default)]
pub struct ComposeIndex<'a> {
    members: Vec<Member<'a>>,
    by_address: HashMap<usize, usize>,
    by_path: HashMap<PathBuf, usize>,
    by_dir: HashMap<PathBuf, Vec<usize>>,
    dockerfiles: HashMap<PathBuf, DockerfileEntry<'a>>,
}

fn address(file: &ParsedFile) -> usize {
    std::ptr::from_ref(file) as usize
}

/// The path a reference names, relative to `dir`.
pub fn resolve(dir: &Path, reference: &str) -> PathBuf {
    let expanded = if let Some(rest) = reference.strip_prefix("~/") {
        std::env::var_os("HOME")
            .map_or_else(|| PathBuf::from(reference), |h| Path::new(&h).join(rest))
    } else {
        PathBuf::from(reference)
    };
    crate::paths::normalize(&dir.join(expanded))
}

impl<'a> ComposeIndex<'a> {
    pub fn build(files: &'a [ParsedFile]) -> ComposeIndex<'a> {
        let mut index = ComposeIndex::default();
        let cwd = std::env::current_dir().unwrap_or_default();
        for file in files {
            if file.yaml().and_then(|m| m.compose.as_ref()).is_some() {
                let path = crate::paths::normalize(&file.fs_path);
                index.add(path, Some(file), None);
            } else if file.dockerfile().is_some() {
                index.dockerfiles.insert(
                    crate::paths::normalize(&file.fs_path),
                    DockerfileEntry::Run(file),
                );
            }
        }
        // Includes and extends, reading missing files from disk.
        let mut next = 0;
        while next < index.members.len() {
            let i = next;
            next += 1;
            let dir = index.members[i].dir.clone();
            let compose = index.members[i].compose();
            let mut wanted: Vec<(Option<PathBuf>, bool)> = Vec::new();
            for inc in &compose.includes {
                if inc.paths.is_empty() {
                    wanted.push((None, true));
                }
                for p in &inc.paths {
                    if p.is_interpolated() || is_remote(&p.value) {
                        wanted.push((None, true));
                    } else {
                        // Include paths are relative to the including file.
                        wanted.push((Some(resolve(&dir, &p.value)), true));
                    }
                }
            }
            for s in &compose.services {
                if let Some(file) = s.extends.as_ref().and_then(|e| e.file.as_ref())
                    && !file.is_interpolated()
                    && !is_remote(&file.value)
                {
                    wanted.push((Some(resolve(&dir, &file.value)), false));
                }
            }
            let mut includes = Vec::new();
            let mut unresolved = false;
            for (path, is_include) in wanted {
                let target = path.and_then(|p| index.member_at(&p, &cwd));
                match (target, is_include) {
                    (Some(t), true) => includes.push(t),
                    (None, true) => unresolved = true,
                    _ => {}
                }
            }
            includes.retain(|&t| t != i);
            index.members[i].includes = includes;
            index.members[i].unresolved_include = unresolved;
        }
        index.load_dockerfiles();
        index
    }

    fn add(
        &mut self,
        path: PathBuf,
        parsed: Option<&'a ParsedFile>,
        external: Option<Box<External>>,
    ) -> usize {
        let i = self.members.len();
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Some(p) = parsed {
            self.by_address.insert(address(p), i);
        }
        self.by_path.insert(path.clone(), i);
        self.by_dir.entry(dir.clone()).or_default().push(i);
        self.members.push(Member {
            role: role_of(&path),
            path,
            dir,
            parsed,
            external,
            includes: Vec::new(),
            unresolved_include: false,
        });
        i
    }

    /// The member at `path`, reading it from disk when the run lacks it.
    fn member_at(&mut self, path: &Path, cwd: &Path) -> Option<usize> {
        if let Some(&i) = self.by_path.get(path) {
            return Some(i);
        }
        if self.members.iter().filter(|m| m.external.is_some()).count() >= MAX_EXTERNAL_FILES {
            return None;
        }
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() || meta.len() > MAX_EXTERNAL_SIZE {
            return None;
        }
        let text = std::fs::read_to_string(path).ok()?;
        let yaml = YamlFile::parse(&text);
        let compose = ComposeFile::read(&yaml)?;
        let source = SourceFile::new(display_path(path, cwd), text);
        Some(self.add(
            path.to_path_buf(),
            None,
            Some(Box::new(External {
                source,
                yaml,
                compose,
            })),
        ))
    }

    fn load_dockerfiles(&mut self) {
        let mut wanted = Vec::new();
        for m in &self.members {
            for s in &m.compose().services {
                if let Some(path) = dockerfile_path(m, s) {
                    wanted.push(path);
                }
            }
        }
        for path in wanted {
            if self.dockerfiles.contains_key(&path) {
                continue;
            }
            let entry = std::fs::metadata(&path)
                .ok()
                .filter(|m| m.is_file() && m.len() <= MAX_EXTERNAL_SIZE)
                .and_then(|_| std::fs::read_to_string(&path).ok())
                .map_or(DockerfileEntry::Missing, |t| {
                    DockerfileEntry::Loaded(Box::new(dockerfile::parse(&t)))
                });
            self.dockerfiles.insert(path, entry);
        }
    }

    pub fn members(&self) -> &[Member<'a>] {
        &self.members
    }

    pub fn member(&self, i: usize) -> &Member<'a> {
        &self.members[i]
    }

    /// The member of a file of the run.
    pub fn member_of(&self, file: &ParsedFile) -> Option<usize> {
        self.by_address.get(&address(file)).copied()
    }

    /// `members` plus everything they include, transitively, includes first.
    fn with_includes(&self, members: &[usize]) -> Vec<usize> {
        fn visit(
            index: &ComposeIndex<'_>,
            i: usize,
            seen: &mut std::collections::HashSet<usize>,
            out: &mut Vec<usize>,
        ) {
            if !seen.insert(i) {
                return;
            }
            for &inc in &index.members[i].includes {
                visit(index, inc, seen, out);
            }
            out.push(i);
        }
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for &m in members {
            visit(self, m, &mut seen, &mut out);
        }
        out
    }

    /// The first base file of a directory, in Compose's lookup order.
    fn base_in(&self, dir: &Path) -> Option<usize> {
        let members = self.by_dir.get(dir)?;
        BASE_NAMES.iter().find_map(|name| {
            members.iter().copied().find(|&i| {
                self.members[i]
                    .path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
        })
    }

    /// The files Compose uses together with member `i`, in merge order.
    pub fn merged(&self, i: usize) -> Vec<usize> {
        let m = &self.members[i];
        let mut set = Vec::new();
        match m.role {
            Role::Base => {
                set.push(i);
                if let Some(dir) = self.by_dir.get(&m.dir)
                    && let Some(o) = OVERRIDE_NAMES.iter().find_map(|name| {
                        dir.iter().copied().find(|&j| {
                            self.members[j]
                                .path
                                .file_name()
                                .and_then(|n| n.to_str())
                                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                        })
                    })
                {
                    set.push(o);
                }
            }
            Role::AutoOverride | Role::Variant => {
                if let Some(b) = self.base_in(&m.dir) {
                    set.push(b);
                }
                set.push(i);
            }
            Role::Standalone => set.push(i),
        }
        self.with_includes(&set)
    }

    /// The files whose names member `i` may use.
    pub fn scope(&self, i: usize) -> Vec<usize> {
        let m = &self.members[i];
        let mut set = vec![i];
        if let Some(dir) = self.by_dir.get(&m.dir) {
            set.extend(dir.iter().copied().filter(|&j| j != i));
        }
        self.with_includes(&set)
    }

    /// Whether names member `i` uses may be defined where the run cannot
    /// see: an unresolved include, or an overlay (services without image
    /// or build) with no base file beside it.
    pub fn is_incomplete(&self, i: usize) -> bool {
        let scope = self.scope(i);
        if scope.iter().any(|&j| self.members[j].unresolved_include) {
            return true;
        }
        let m = &self.members[i];
        m.role != Role::Base
            && self.base_in(&m.dir).is_none()
            && m.compose().services.iter().any(is_overlay)
    }

    /// Definitions of service `name` in `members`, in order.
    pub fn defs<'x>(&'x self, members: &[usize], name: &str) -> Vec<Def<'x, 'a>> {
        members
            .iter()
            .filter_map(|&j| {
                let m = &self.members[j];
                let service = m.compose().services.iter().find(|s| s.name == name)?;
                Some(Def {
                    member: m,
                    index: j,
                    service,
                })
            })
            .collect()
    }

    /// The service `extends` points at: in `file` when given, else in the
    /// same file. `None` when it cannot be resolved.
    pub fn extends_target<'x>(&'x self, member: usize, service: &Service) -> Option<Def<'x, 'a>> {
        let ext = service.extends.as_ref()?;
        let name = ext.service.as_ref()?;
        if name.is_interpolated() {
            return None;
        }
        let m = &self.members[member];
        let target = match &ext.file {
            Some(f) if f.is_interpolated() || is_remote(&f.value) => return None,
            Some(f) => *self.by_path.get(&resolve(&m.dir, &f.value))?,
            None => member,
        };
        let t = &self.members[target];
        let s = t.compose().service(&name.value)?;
        (!std::ptr::eq(s, service)).then_some(Def {
            member: t,
            index: target,
            service: s,
        })
    }

    /// What service `name` is made of in the merged view of `member`:
    /// every definition, and the services they extend (transitively).
    /// `complete` is false when an `extends` could not be followed.
    pub fn merged_service<'x>(&'x self, member: usize, name: &str) -> MergedService<'x, 'a> {
        let merged = self.merged(member);
        let mut defs = self.defs(&merged, name);
        let mut complete = true;
        let mut i = 0;
        while i < defs.len() && defs.len() < 16 {
            let d = defs[i];
            if d.service.extends.is_some() {
                match self.extends_target(d.index, d.service) {
                    Some(t) if !defs.iter().any(|x| std::ptr::eq(x.service, t.service)) => {
                        defs.push(t);
                    }
                    Some(_) => {}
                    None => complete = false,
                }
            }
            i += 1;
        }
        MergedService { defs, complete }
    }

    /// Whether `member`'s definition of `service` is the one to report an
    /// absence on: the first definition with an image, a build or an
    /// `extends` in its merged view (an override adding a port defers to
    /// the base file).
    pub fn is_primary(&self, member: usize, service: &Service) -> bool {
        if is_overlay(service) {
            return false;
        }
        let merged = self.merged(member);
        self.defs(&merged, &service.name)
            .into_iter()
            .find(|d| !is_overlay(d.service))
            .is_none_or(|d| std::ptr::eq(d.service, service))
    }

    /// The Dockerfile a service builds from: its `dockerfile_inline`, or
    /// the file at `context`/`dockerfile` (from the run, else from disk).
    /// `None` when there is no build, or it is remote, interpolated or
    /// missing.
    pub fn dockerfile(&self, member: usize, service: &Service) -> Option<Cow<'_, Dockerfile>> {
        let build = service.build.as_ref()?;
        if let Some(inline) = &build.dockerfile_inline {
            return Some(Cow::Owned(dockerfile::parse(&inline.value)));
        }
        let path = dockerfile_path(&self.members[member], service)?;
        match self.dockerfiles.get(&path)? {
            DockerfileEntry::Run(f) => f.dockerfile().map(Cow::Borrowed),
            DockerfileEntry::Loaded(df) => Some(Cow::Borrowed(df)),
            DockerfileEntry::Missing => None,
        }
    }

    /// The Dockerfile's source when it is a file of the run.
    pub fn dockerfile_file(&self, member: usize, service: &Service) -> Option<&'a ParsedFile> {
        let path = dockerfile_path(&self.members[member], service)?;
        match self.dockerfiles.get(&path)? {
            DockerfileEntry::Run(f) => Some(f),
            _ => None,
        }
    }
}

/// A service as the merged view makes it.
#[derive(Debug)]
pub struct MergedService<'x, 'a> {
    pub defs: Vec<Def<'x, 'a>>,
    /// Every `extends` was followed.
    pub complete: bool,
}

impl MergedService<'_, '_> {
    /// Whether any definition satisfies `pred`.
    pub fn any(&self, pred: impl Fn(&Service) -> bool) -> bool {
        self.defs.iter().any(|d| pred(d.service))
    }
}

/// A service that only adds to a definition elsewhere: no image, build or
/// extends.
pub fn is_overlay(s: &Service) -> bool {
    s.image.is_none() && s.build.is_none() && s.extends.is_none()
}

/// Where a service's Dockerfile is, for a local, literal build context.
fn dockerfile_path(member: &Member<'_>, s: &Service) -> Option<PathBuf> {
    let build = s.build.as_ref()?;
    if build.dockerfile_inline.is_some() {
        return None;
    }
    let context = build.context.as_ref().map_or(".", |c| c.value.as_str());
    if super::interpolation::is_interpolated(context) || is_remote(context) {
        return None;
    }
    let context = resolve(&member.dir, context);
    let file = build
        .dockerfile
        .as_ref()
        .map_or("Dockerfile", |d| d.value.as_str());
    if super::interpolation::is_interpolated(file) {
        return None;
    }
    Some(crate::paths::normalize(&context.join(file)))
}
