use super::prelude::*;
use plimsoll_syntax::dockerignore::DockerIgnore;
use std::path::{Path, PathBuf};

/// The `.dockerignore` that applies when the Dockerfile's directory is the
/// build context: `<name>.dockerignore` first, then `.dockerignore`.
fn context_ignore(dockerfile: &Path) -> Option<DockerIgnore> {
    let dir = dockerfile.parent()?;
    let name = dockerfile.file_name()?.to_str()?;
    let candidates: [PathBuf; 2] = [
        dir.join(format!("{name}.dockerignore")),
        dir.join(".dockerignore"),
    ];
    candidates
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|text| DockerIgnore::parse(&text))
}

declare_rule! {
    /// ## What it does
    /// Reports `COPY` and `ADD` of files that the build context's
    /// `.dockerignore` excludes, assuming the Dockerfile's directory is the
    /// context.
    ///
    /// ## Why is this bad?
    /// The builder never sees excluded files: a single excluded source fails
    /// the build ("not found"), and an excluded file under a copied
    /// directory is silently missing from the image.
    ///
    /// ## Example
    /// With `.dockerignore` containing `config/`:
    /// ```dockerfile
    /// FROM nginx:1.27-alpine
    /// COPY config/nginx.conf /etc/nginx/nginx.conf
    /// ```
    ///
    /// ## Use instead
    /// Remove `config/` from `.dockerignore`, or re-include the file with
    /// `!config/nginx.conf`.
    ///
    /// Like BuildKit, the rule stays silent when the `.dockerignore` uses
    /// `!` exceptions, and only reports `COPY .` when everything is
    /// excluded.
    ///
    /// ## References
    /// - Practice D05, D15.
    /// - BuildKit CopyIgnoredFile.
    pub struct CopyIgnoredFile {
        code: "DF095",
        name: "copy-ignored-file",
        summary: "COPY of a file the .dockerignore excludes",
        severity: Error,
        category: Correctness,
        practices: ["D05", "D15"],
        peers: [Buildkit "CopyIgnoredFile"],
        fix: None,
        default: true,
    }
}

impl Rule for CopyIgnoredFile {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        for file in cx.files {
            let Some(df) = file.dockerfile() else {
                continue;
            };
            let Some(ignore) = context_ignore(&file.fs_path) else {
                continue;
            };
            if ignore.patterns.iter().any(|p| p.negated) {
                continue;
            }
            for inst in &df.instructions {
                let inst = inst.effective();
                let (Body::Copy(copy) | Body::Add(copy)) = &inst.body else {
                    continue;
                };
                if inst.flag("from").is_some() {
                    continue;
                }
                for source in &copy.sources {
                    let v = source.value.trim_start_matches("./");
                    if v.contains(['$', '*', '?', '['])
                        || v.starts_with("<<")
                        || v.contains("://")
                        || v.starts_with("git@")
                    {
                        continue;
                    }
                    let whole = v.is_empty() || v == "." || v == "/";
                    let excluded = if whole {
                        ignore
                            .patterns
                            .iter()
                            .any(|p| matches!(p.text.as_str(), "*" | "**" | "**/*"))
                    } else {
                        ignore.is_excluded(v)
                    };
                    if excluded {
                        out.add(
                            file,
                            source.span,
                            format!(
                                "`{}` is excluded by .dockerignore, so the builder never sees it",
                                source.value
                            ),
                        )
                        .help("remove the pattern from .dockerignore or copy something else");
                    }
                }
            }
        }
    }
}
