//! Finding the files to check: a parallel walk that honours `.gitignore`,
//! `.ignore` and `.plimsollignore`, the configured `exclude` globs and a few
//! directories nobody wants linted.

use crate::kind::{self, FileKind};
use crate::settings::Settings;
use ignore::WalkBuilder;
use ignore::WalkState;
use ignore::overrides::OverrideBuilder;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Directories skipped even when no ignore file mentions them.
pub const DEFAULT_EXCLUDES: [&str; 5] = [
    ".git",
    "node_modules",
    ".terraform",
    ".venv",
    "__pypackages__",
];

#[derive(Debug, Clone)]
pub struct Discovered {
    pub fs_path: PathBuf,
    /// The path shown to users: relative to the working directory when inside it.
    pub display_path: PathBuf,
    pub kind: FileKind,
    pub settings: Arc<Settings>,
}

/// A walker over `root` that honours `.gitignore`, `.ignore`,
/// `.plimsollignore`, the configured `exclude` globs and the default
/// excludes (`.git`, `node_modules`...), as discovery does. Rules that look
/// for files the run does not check (Terraform, charts) walk with it too.
pub fn walk_builder(root: &Path, settings: &Settings) -> Result<WalkBuilder, String> {
    let overrides = {
        let mut b = OverrideBuilder::new(&settings.root);
        for pattern in &settings.exclude {
            b.add(&format!("!{pattern}"))
                .map_err(|e| format!("exclude pattern `{pattern}`: {e}"))?;
        }
        b.build().map_err(|e| format!("exclude patterns: {e}"))?
    };
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(false)
        .require_git(false)
        .add_custom_ignore_filename(".plimsollignore")
        .overrides(overrides)
        .filter_entry(|e| {
            !(e.file_type().is_some_and(|t| t.is_dir())
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| DEFAULT_EXCLUDES.contains(&n)))
        });
    Ok(builder)
}

/// Files under each root with the settings that apply to them, sorted by
/// display path, each file once. Errors name the path that failed.
pub fn discover(roots: &[(PathBuf, Arc<Settings>)]) -> Result<Vec<Discovered>, String> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let found: Mutex<Vec<Discovered>> = Mutex::new(Vec::new());
    for (root, settings) in roots {
        let meta = std::fs::metadata(root).map_err(|e| format!("{}: {e}", root.display()))?;
        if meta.is_file() {
            // An explicit file is checked whatever ignore files say about it.
            let kind = kind::kind_from_name(root)
                .or_else(|| sniff(root))
                .or_else(|| sniff_json(root, settings));
            if let Some(kind) = kind.map(|k| helm_kind(root, k)) {
                push(&found, &cwd, root.clone(), kind, settings);
            }
            continue;
        }
        let walker = walk_builder(root, settings)?.build_parallel();
        walker.run(|| {
            let found = &found;
            let cwd = &cwd;
            Box::new(move |entry| {
                let Ok(entry) = entry else {
                    return WalkState::Continue;
                };
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    return WalkState::Continue;
                }
                let path = entry.path();
                let kind = kind::kind_from_name(path)
                    .or_else(|| kind::worth_sniffing(path).then(|| sniff(path)).flatten())
                    .or_else(|| sniff_json(path, settings));
                if let Some(kind) = kind.map(|k| helm_kind(path, k)) {
                    push(found, cwd, path.to_path_buf(), kind, settings);
                }
                WalkState::Continue
            })
        });
    }
    let mut files = found
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    files.sort_by(|a, b| a.display_path.cmp(&b.display_path));
    files.dedup_by(|a, b| a.display_path == b.display_path);
    Ok(files)
}

/// YAML under a chart's `templates/` is Go template source, not YAML: it
/// becomes [`FileKind::HelmTemplate`] (read, not parsed); the chart checks
/// render it.
fn helm_kind(path: &Path, kind: FileKind) -> FileKind {
    if is_helm_template(path, kind) {
        FileKind::HelmTemplate
    } else {
        kind
    }
}

fn is_helm_template(path: &Path, kind: FileKind) -> bool {
    if !matches!(kind, FileKind::Yaml | FileKind::Compose) {
        return false;
    }
    path.ancestors()
        .skip(1)
        .take_while(|dir| !dir.as_os_str().is_empty())
        .any(|dir| {
            dir.file_name().is_some_and(|n| n == "templates")
                && dir
                    .parent()
                    .is_some_and(|chart| chart.join("Chart.yaml").is_file())
        })
}

fn push(
    found: &Mutex<Vec<Discovered>>,
    cwd: &Path,
    fs_path: PathBuf,
    kind: FileKind,
    settings: &Arc<Settings>,
) {
    let display_path = display_path(&fs_path, cwd);
    let mut guard = found
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    guard.push(Discovered {
        fs_path,
        display_path,
        kind,
        settings: Arc::clone(settings),
    });
}

/// Relative to `cwd` when inside it, without a leading `./`.
pub fn display_path(path: &Path, cwd: &Path) -> PathBuf {
    let abs = crate::paths::normalize(path);
    let shown = abs
        .strip_prefix(cwd)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf);
    shown
        .strip_prefix(".")
        .map_or(shown.clone(), Path::to_path_buf)
}

/// Reads the first 4 KiB of a file to classify it by content.
fn sniff(path: &Path) -> Option<FileKind> {
    let mut buf = [0u8; 4096];
    let mut file = std::fs::File::open(path).ok()?;
    let n = file.read(&mut buf).ok()?;
    let head = std::str::from_utf8(&buf[..n]).ok().or_else(|| {
        // A multi-byte character may straddle the 4 KiB boundary.
        let valid = std::str::from_utf8(&buf[..n]).err()?.valid_up_to();
        std::str::from_utf8(&buf[..valid]).ok()
    })?;
    kind::kind_from_content(head)
}

/// A `.json` file no larger than `max-file-size` whose first 64 KiB read
/// as a Grafana dashboard.
fn sniff_json(path: &Path, settings: &Settings) -> Option<FileKind> {
    if !kind::is_json_name(path) {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() > settings.max_file_size {
        return None;
    }
    let mut buf = Vec::with_capacity(kind::DASHBOARD_SNIFF_BYTES);
    file.take(kind::DASHBOARD_SNIFF_BYTES as u64)
        .read_to_end(&mut buf)
        .ok()?;
    let head = match std::str::from_utf8(&buf) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&buf[..e.valid_up_to()]).ok()?,
    };
    kind::looks_like_dashboard(head).then_some(FileKind::GrafanaDashboard)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn walks_honouring_ignore_files_and_excludes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "Dockerfile", "FROM a\n");
        write(root, ".dockerignore", ".git\n");
        write(root, "svc/api.Dockerfile", "FROM a\n");
        write(
            root,
            "svc/build",
            "# builder\nFROM golang:1.22\nRUN go build\n",
        );
        write(root, "svc/notes", "just text\n");
        write(root, "ignored/Dockerfile", "FROM a\n");
        write(root, ".gitignore", "ignored/\n");
        write(root, "private/Dockerfile", "FROM a\n");
        write(root, ".plimsollignore", "private\n");
        write(root, "node_modules/x/Dockerfile", "FROM a\n");
        write(root, "vendor/Dockerfile", "FROM a\n");
        write(root, "k8s/deploy.yaml", "kind: x\n");
        write(root, "chart/Chart.yaml", "apiVersion: v2\n");
        write(root, "chart/templates/deployment.yaml", "{{ .Values.x }}\n");
        write(root, "chart/templates/tests/test.yaml", "{{ .Values.x }}\n");
        let mut settings = Settings::default();
        settings.root = root.to_path_buf();
        settings.exclude = vec!["vendor/".into()];
        let files = discover(&[(root.to_path_buf(), Arc::new(settings))]).unwrap();
        // Chart templates are found, as templates (rendered, not parsed).
        let templates = files
            .iter()
            .filter(|f| f.kind == FileKind::HelmTemplate)
            .count();
        assert_eq!(templates, 2);
        let mut names: Vec<String> = files
            .iter()
            .filter(|f| f.kind != FileKind::HelmTemplate)
            .map(|f| {
                f.fs_path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                ".dockerignore",
                "Dockerfile",
                "chart/Chart.yaml",
                "k8s/deploy.yaml",
                "svc/api.Dockerfile",
                "svc/build"
            ]
        );
    }

    #[test]
    fn explicit_files_are_always_checked_and_missing_paths_fail() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "weird-name", "FROM a\nRUN b\n");
        let p = dir.path().join("weird-name");
        let files = discover(&[(p, Arc::new(Settings::default()))]).unwrap();
        assert_eq!(files.len(), 1);
        let missing = dir.path().join("nope");
        assert!(
            discover(&[(missing, Arc::new(Settings::default()))])
                .unwrap_err()
                .contains("nope")
        );
    }
}
