//! DC030, DC031 and DC032: files a compose file names exist.

use super::prelude::*;
use crate::compose::is_remote;
use crate::compose::project::resolve;

/// The file `reference` names, when the run can judge it: a literal,
/// local, relative path. Absolute and home paths name the deploy host's
/// files, which need not exist where plimsoll runs.
fn local_path(cx: &ComposeContext<'_>, reference: &Scalar) -> Option<std::path::PathBuf> {
    let value = &reference.value;
    if value.is_empty()
        || reference.is_interpolated()
        || is_remote(value)
        || value.starts_with(['/', '~', '\\'])
        || value.as_bytes().get(1) == Some(&b':')
    {
        return None;
    }
    Some(resolve(&cx.project.member(cx.member).dir, value))
}

declare_rule! {
    /// ## What it does
    /// Reports an `env_file` of a service (or of an `include` item) that
    /// does not exist, relative to the compose file. Entries with
    /// `required: false` are optional and not reported; absolute or `~`
    /// paths (files of the deploy host) and paths that read a variable are
    /// not judged.
    ///
    /// ## Why is this bad?
    /// Compose refuses to start the service ("env file ... not found").
    /// When the file is deliberately untracked (`.env.local`), say so with
    /// `required: false`.
    ///
    /// ## Example
    /// ```yaml
    /// env_file: .env.production
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// env_file:
    ///   - path: .env.production
    ///     required: false
    /// ```
    ///
    /// ## References
    /// - Practice C06 (configuration and secrets from the environment).
    /// - compose-lint and dclint have no equivalent check (compose-lint
    ///   notes unreadable env files as a coverage gap).
    pub struct MissingEnvFile {
        code: "DC030",
        name: "missing-env-file",
        summary: "`env_file` does not exist",
        severity: Error,
        category: Correctness,
        practices: ["C06"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for MissingEnvFile {
    fn check_compose(&self, cx: &ComposeContext<'_>, out: &mut Diagnostics<'_>) {
        let mut files: Vec<(String, &Scalar)> = Vec::new();
        for s in &cx.compose.services {
            for e in s.env_files.iter().filter(|e| e.required) {
                files.push((s.display(), &e.path));
            }
        }
        for inc in &cx.compose.includes {
            for e in &inc.env_files {
                files.push(("`include`".to_string(), e));
            }
        }
        for (owner, path) in files {
            let Some(abs) = local_path(cx, path) else {
                continue;
            };
            if abs.exists() {
                continue;
            }
            out.add(
                cx.span(path.node),
                format!(
                    "{owner} reads env file `{}`, which does not exist",
                    path.value
                ),
            )
            .help("create the file, fix the path, or mark it optional with `required: false`");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `extends.file` naming a file that does not exist, relative
    /// to the compose file. Remote files and paths that read a variable are
    /// not judged.
    ///
    /// ## Why is this bad?
    /// Compose refuses the project; the service it extends is not found.
    ///
    /// ## Example
    /// ```yaml
    /// extends:
    ///   file: common-services.yml
    ///   service: webapp
    /// ```
    ///
    /// ## Use instead
    /// Point `file` at the file that defines the service (paths are
    /// relative to this compose file).
    ///
    /// ## References
    /// - Practice C08 (files follow the Compose Specification; the closest
    ///   practice).
    /// - compose-lint and dclint have no equivalent check (compose-lint
    ///   reports it as a coverage gap).
    pub struct MissingExtendsFile {
        code: "DC031",
        name: "missing-extends-file",
        summary: "`extends.file` does not exist",
        severity: Error,
        category: Correctness,
        practices: ["C08"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for MissingExtendsFile {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let Some(file) = s.extends.as_ref().and_then(|e| e.file.as_ref()) else {
            return;
        };
        let Some(abs) = local_path(cx, file) else {
            return;
        };
        if abs.is_file() {
            return;
        }
        out.add(
            cx.span(file.node),
            format!(
                "{} extends a service of `{}`, which does not exist",
                s.display(),
                file.value
            ),
        )
        .help("fix the path (relative to this compose file)");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `include` path that does not exist, relative to the
    /// compose file. Remote includes (git, OCI) and paths that read a
    /// variable are not judged.
    ///
    /// ## Why is this bad?
    /// Compose refuses the project, and the services, networks and volumes
    /// the file should bring are missing.
    ///
    /// ## Example
    /// ```yaml
    /// include:
    ///   - infra/compose.yaml
    /// ```
    ///
    /// ## Use instead
    /// Point the include at an existing file (paths are relative to this
    /// compose file).
    ///
    /// ## References
    /// - Practice C08 (files follow the Compose Specification; the closest
    ///   practice).
    /// - compose-lint and dclint have no equivalent check (compose-lint
    ///   reports it as a coverage gap).
    pub struct MissingIncludeFile {
        code: "DC032",
        name: "missing-include-file",
        summary: "`include` names a file that does not exist",
        severity: Error,
        category: Correctness,
        practices: ["C08"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for MissingIncludeFile {
    fn check_compose(&self, cx: &ComposeContext<'_>, out: &mut Diagnostics<'_>) {
        for inc in &cx.compose.includes {
            for path in &inc.paths {
                let Some(abs) = local_path(cx, path) else {
                    continue;
                };
                if abs.is_file() {
                    continue;
                }
                out.add(
                    cx.span(path.node),
                    format!("`include` names `{}`, which does not exist", path.value),
                )
                .help("fix the path (relative to this compose file)");
            }
        }
    }
}
