//! The project's files, listed once by a bounded walk, and bounded reads.

use super::DetectError;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// Bounds of the walk and of every read.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Directory depth below the root that is still listed.
    pub max_depth: usize,
    /// Files listed before the walk stops.
    pub max_files: usize,
    /// Bytes read from one file; larger manifests are skipped with a note.
    pub max_read: u64,
    /// Source files scanned for hints (ports, routes, app objects) per service.
    pub max_scanned: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 8,
            max_files: 20_000,
            max_read: 512 * 1024,
            max_scanned: 400,
        }
    }
}

/// Directories never entered: dependencies, build output, caches, VCS data.
const SKIPPED: &[&str] = &[
    "node_modules",
    ".git",
    "target",
    "vendor",
    "dist",
    ".venv",
    "venv",
    "__pycache__",
    ".next",
    ".nuxt",
    ".gradle",
    ".terraform",
    ".idea",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "obj",
    ".yarn",
    ".pnpm-store",
    "coverage",
];

pub(crate) struct Tree {
    pub root: PathBuf,
    /// Relative, `/`-separated paths of every listed file.
    pub files: BTreeSet<String>,
    /// Relative paths of every listed directory (not `.`).
    pub dirs: BTreeSet<String>,
    pub limits: Limits,
    notes: RefCell<Vec<String>>,
    /// Problems with the project's files (unreadable manifests): always reported.
    problems: RefCell<Vec<String>>,
}

impl Tree {
    pub fn walk(root: &Path, limits: &Limits) -> Result<Self, DetectError> {
        let meta = std::fs::metadata(root).map_err(|source| DetectError::Io {
            path: root.display().to_string(),
            source,
        })?;
        if !meta.is_dir() {
            return Err(DetectError::Io {
                path: root.display().to_string(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a directory"),
            });
        }
        let mut tree = Self {
            root: root.to_path_buf(),
            files: BTreeSet::new(),
            dirs: BTreeSet::new(),
            limits: limits.clone(),
            notes: RefCell::new(Vec::new()),
            problems: RefCell::new(Vec::new()),
        };
        let mut truncated = false;
        let mut too_deep = false;
        tree.visit(root, "", 0, &mut truncated, &mut too_deep);
        if truncated {
            tree.note(format!(
                "stopped listing files after {}: detection looked at part of the project only",
                limits.max_files
            ));
        }
        if too_deep {
            tree.note(format!(
                "directories deeper than {} levels were not looked at",
                limits.max_depth
            ));
        }
        Ok(tree)
    }

    fn visit(
        &mut self,
        dir: &Path,
        rel: &str,
        depth: usize,
        truncated: &mut bool,
        too_deep: &mut bool,
    ) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            if self.files.len() >= self.limits.max_files {
                *truncated = true;
                return;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if kind.is_dir() {
                if SKIPPED.contains(&name.as_str()) {
                    continue;
                }
                if depth + 1 > self.limits.max_depth {
                    *too_deep = true;
                    continue;
                }
                self.dirs.insert(path.clone());
                self.visit(&entry.path(), &path, depth + 1, truncated, too_deep);
            } else if kind.is_file() {
                self.files.insert(path);
            }
        }
    }

    pub fn note(&self, note: impl Into<String>) {
        let note = note.into();
        let mut notes = self.notes.borrow_mut();
        if !notes.contains(&note) {
            notes.push(note);
        }
    }

    /// The number of notes so far (to scope a provider's notes).
    pub fn notes_mark(&self) -> usize {
        self.notes.borrow().len()
    }

    /// The notes added since `mark`, removed.
    pub fn notes_since(&self, mark: usize) -> Vec<String> {
        let mut notes = self.notes.borrow_mut();
        let at = mark.min(notes.len());
        notes.split_off(at)
    }

    fn problem(&self, note: String) {
        let mut problems = self.problems.borrow_mut();
        if !problems.contains(&note) {
            problems.push(note);
        }
    }

    /// Problems first, then advice.
    pub fn take_notes(&self) -> Vec<String> {
        let mut all = std::mem::take(&mut *self.problems.borrow_mut());
        for n in std::mem::take(&mut *self.notes.borrow_mut()) {
            if !all.contains(&n) {
                all.push(n);
            }
        }
        all
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.files.contains(rel)
    }

    /// The file's text, if listed, readable and within the size bound.
    pub fn read(&self, rel: &str) -> Option<String> {
        if !self.exists(rel) {
            return None;
        }
        let path = self.root.join(rel);
        let size = std::fs::metadata(&path).ok()?.len();
        if size > self.limits.max_read {
            self.problem(format!(
                "{rel} is larger than {} KiB and was not read",
                self.limits.max_read / 1024
            ));
            return None;
        }
        std::fs::read(&path)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    /// A source file scanned for hints: a large one (generated code) is
    /// skipped silently.
    pub fn read_source(&self, rel: &str) -> Option<String> {
        let size = std::fs::metadata(self.root.join(rel)).ok()?.len();
        if size > self.limits.max_read {
            return None;
        }
        self.read(rel)
    }

    /// The first `bytes` of a file (lockfile headers).
    pub fn head(&self, rel: &str, bytes: u64) -> Option<String> {
        if !self.exists(rel) {
            return None;
        }
        let mut buf = Vec::new();
        std::fs::File::open(self.root.join(rel))
            .ok()?
            .take(bytes)
            .read_to_end(&mut buf)
            .ok()?;
        Some(String::from_utf8_lossy(&buf).into_owned())
    }

    /// A JSON file; a malformed one becomes a note.
    pub fn json(&self, rel: &str) -> Option<serde_json::Value> {
        let text = self.read(rel)?;
        match serde_json::from_str(&text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(format!("{rel} is not valid JSON ({e}); it was ignored"));
                None
            }
        }
    }

    /// A TOML file; a malformed one becomes a note.
    pub fn toml(&self, rel: &str) -> Option<toml::Table> {
        let text = self.read(rel)?;
        match text.parse::<toml::Table>() {
            Ok(v) => Some(v),
            Err(e) => {
                let msg = e.message().to_owned();
                self.problem(format!("{rel} is not valid TOML ({msg}); it was ignored"));
                None
            }
        }
    }

    /// Files under `dir` (recursively) whose names end with one of `exts`.
    pub fn files_under<'a>(
        &'a self,
        dir: &'a str,
        exts: &'a [&'a str],
    ) -> impl Iterator<Item = &'a String> + 'a {
        self.under(dir)
            .filter(move |f| exts.iter().any(|e| f.ends_with(e)))
    }

    /// Every file under `dir`, by a range query on the sorted set.
    fn under<'a>(&'a self, dir: &str) -> impl Iterator<Item = &'a String> + 'a {
        let prefix = if dir == "." {
            String::new()
        } else {
            format!("{dir}/")
        };
        self.files
            .range(prefix.clone()..)
            .take_while(move |f| f.starts_with(&prefix))
    }

    /// Direct child files of `dir`.
    pub fn children(&self, dir: &str) -> Vec<&String> {
        let skip = if dir == "." { 0 } else { dir.len() + 1 };
        self.under(dir)
            .filter(|f| !f[skip..].contains('/'))
            .collect()
    }

    /// Source files of a service worth scanning for hints, bounded.
    pub fn sources<'a>(&'a self, dir: &'a str, exts: &'a [&'a str]) -> Vec<&'a String> {
        self.files_under(dir, exts)
            .filter(|f| !is_test_path(f))
            .take(self.limits.max_scanned)
            .collect()
    }
}

fn is_test_path(path: &str) -> bool {
    path.split('/').any(|p| {
        matches!(p, "test" | "tests" | "__tests__" | "spec" | "e2e")
            || p.contains(".test.")
            || p.contains(".spec.")
            || p.ends_with("_test.go")
    })
}

/// `dir/file`, or `file` for the root.
pub(crate) fn join(dir: &str, file: &str) -> String {
    if dir == "." || dir.is_empty() {
        file.to_owned()
    } else {
        format!("{dir}/{file}")
    }
}

/// The parent directory of a relative path (`.` for top-level entries).
pub(crate) fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or(".", |(p, _)| p)
}
