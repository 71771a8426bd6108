use super::prelude::*;

/// Paths a context should never send, with what makes them worth checking.
const ENTRIES: [(&str, &[&str]); 3] = [
    (".git", &[".git"]),
    ("node_modules", &["node_modules", "package.json"]),
    (".env", &[".env"]),
];

declare_rule! {
    /// ## What it does
    /// Reports a `.dockerignore` that lets `.git`, `node_modules` or `.env`
    /// into the build context when they exist there (for `node_modules`,
    /// when the context has a `package.json`).
    ///
    /// ## Why is this bad?
    /// `.git` holds the whole history (often secrets removed long ago),
    /// `node_modules` holds host-built binaries that break in the image and
    /// bust the cache, and `.env` holds local secrets. `COPY . .` takes them
    /// all.
    ///
    /// ## Example
    /// ```text
    /// # .dockerignore
    /// dist
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// # .dockerignore
    /// dist
    /// .git
    /// node_modules
    /// .env
    /// ```
    ///
    /// ## Fix safety
    /// The fix appends the missing entries. It is safe: files the build
    /// needs are never among them.
    ///
    /// ## References
    /// - Practice D05 (`.dockerignore` excludes `.git`, `node_modules`, `.env`), D06 (no secrets in images).
    pub struct DockerignoreMissingEntries {
        code: "DF090",
        name: "dockerignore-missing-entries",
        summary: ".dockerignore lets .git, node_modules or .env into the context",
        severity: Warning,
        category: Security,
        practices: ["D05", "D06"],
        peers: [],
        fix: Always,
        default: true,
    }
}

impl Rule for DockerignoreMissingEntries {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        for file in cx.files {
            let Some(ignore) = file.dockerignore() else {
                continue;
            };
            let Some(dir) = file.fs_path.parent() else {
                continue;
            };
            let missing: Vec<&str> = ENTRIES
                .iter()
                .filter(|(entry, evidence)| {
                    evidence.iter().any(|e| dir.join(e).exists()) && !ignore.is_excluded(entry)
                })
                .map(|(entry, _)| *entry)
                .collect();
            if missing.is_empty() {
                continue;
            }
            let text = file.source.text();
            let mut addition = String::new();
            if !text.is_empty() && !text.ends_with('\n') {
                addition.push('\n');
            }
            for m in &missing {
                addition.push_str(m);
                addition.push('\n');
            }
            let list = missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ");
            out.add(
                file,
                Span::empty(0),
                format!("the build context includes {list}"),
            )
            .fix(Fix::safe(
                format!("Exclude {list}"),
                vec![Edit::insert(text.len(), addition)],
            ));
        }
    }
}
