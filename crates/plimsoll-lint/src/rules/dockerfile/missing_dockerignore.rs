use super::prelude::*;
use std::path::Path;

/// Whether a `.dockerignore` applies to a Dockerfile: next to it (also the
/// per-Dockerfile `<name>.dockerignore`), or in a parent directory up to the
/// project root (a directory with `.git` or a plimsoll configuration), which
/// may be the build context.
pub(crate) fn has_dockerignore(dockerfile: &Path) -> bool {
    if let Some(name) = dockerfile.file_name().and_then(|n| n.to_str())
        && dockerfile
            .with_file_name(format!("{name}.dockerignore"))
            .is_file()
    {
        return true;
    }
    let start = crate::paths::normalize(dockerfile);
    let mut dir = start.parent();
    while let Some(d) = dir {
        if d.join(".dockerignore").is_file() {
            return true;
        }
        let is_root = d.join(".git").exists()
            || crate::config::CONFIG_FILE_NAMES
                .iter()
                .any(|c| d.join(c).is_file());
        if is_root {
            break;
        }
        dir = d.parent();
    }
    false
}

declare_rule! {
    /// ## What it does
    /// Reports a Dockerfile with no `.dockerignore` for its build context:
    /// none next to it, no `<Dockerfile>.dockerignore`, and none in a parent
    /// directory up to the project root (the directory holding `.git` or
    /// `plimsoll.toml`).
    ///
    /// ## Why is this bad?
    /// Without it the whole directory is sent to the builder: `.git`,
    /// `node_modules`, local `.env` files with secrets, build outputs. Builds
    /// are slower, `COPY . .` invalidates the cache on unrelated changes,
    /// and secrets end up in the image.
    ///
    /// ## Example
    /// A repository with a `Dockerfile` and no `.dockerignore`.
    ///
    /// ## Use instead
    /// Add `.dockerignore` next to the Dockerfile:
    /// ```text
    /// .git
    /// node_modules
    /// .env
    /// **/*.log
    /// ```
    ///
    /// ## References
    /// - Practice D05 (a `.dockerignore` exists next to the build context).
    pub struct MissingDockerignore {
        code: "DF089",
        name: "missing-dockerignore",
        summary: "No .dockerignore for the build context",
        severity: Warning,
        category: Security,
        practices: ["D05"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for MissingDockerignore {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        for file in cx.files {
            let Some(df) = file.dockerfile() else {
                continue;
            };
            if has_dockerignore(&file.fs_path) {
                continue;
            }
            let span = df
                .instructions
                .iter()
                .find(|i| i.keyword == Keyword::From)
                .map_or(Span::empty(0), |i| i.keyword_span);
            out.add(file, span, "no .dockerignore applies to this build context")
                .help("add a .dockerignore next to the Dockerfile excluding .git, node_modules, .env and build outputs");
        }
    }
}
