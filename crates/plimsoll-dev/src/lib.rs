//! Generated files: `docs/rules/*.md` from the rules' doc comments and
//! `docs/plimsoll.schema.json` from the configuration types.

pub mod k8s_schema;

use std::path::{Path, PathBuf};

/// Every generated file, relative to the repository root, with its content.
pub fn generated_files() -> Vec<(PathBuf, String)> {
    let mut files = vec![
        (
            PathBuf::from("docs/rules/README.md"),
            plimsoll_lint::rules_index(),
        ),
        (
            PathBuf::from("docs/plimsoll.schema.json"),
            plimsoll_lint::config::json_schema(),
        ),
    ];
    for rule in plimsoll_lint::RULES.iter() {
        let meta = rule.meta();
        files.push((
            PathBuf::from(format!("docs/rules/{}.md", meta.code)),
            plimsoll_lint::rule_page(meta),
        ));
    }
    files
}

/// Generated files under `root` whose content differs from what the code
/// generates, and stale rule pages that no rule generates any more.
pub fn stale_files(root: &Path) -> Vec<PathBuf> {
    let files = generated_files();
    let mut stale: Vec<PathBuf> = files
        .iter()
        .filter(|(path, content)| {
            std::fs::read_to_string(root.join(path)).ok().as_deref() != Some(content.as_str())
        })
        .map(|(path, _)| path.clone())
        .collect();
    if let Ok(entries) = std::fs::read_dir(root.join("docs/rules")) {
        for e in entries.flatten() {
            let rel = PathBuf::from("docs/rules").join(e.file_name());
            if !files.iter().any(|(p, _)| *p == rel) {
                stale.push(rel);
            }
        }
    }
    stale.sort();
    stale
}

/// Writes every generated file and removes rule pages of removed rules.
pub fn write_all(root: &Path) -> std::io::Result<usize> {
    let files = generated_files();
    for (path, content) in &files {
        let full = root.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(full, content)?;
    }
    for path in stale_files(root) {
        std::fs::remove_file(root.join(path))?;
    }
    Ok(files.len())
}
