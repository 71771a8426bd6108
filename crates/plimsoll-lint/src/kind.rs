//! What kind of file a path is, by name first and by content for
//! extension-less files.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    Dockerfile,
    DockerIgnore,
    /// Any other YAML file: Kubernetes manifests, kustomizations, and YAML
    /// that only gets the generic syntax checks.
    Yaml,
    /// A docker-compose file, by name or by content.
    Compose,
    /// A GitLab CI pipeline file (`.gitlab-ci.yml`, files under
    /// `.gitlab/ci/`, and YAML a pipeline includes), by name or by content.
    GitlabCi,
    /// A GitHub Actions workflow: `.github/workflows/*.yml`, or a YAML file
    /// with top-level `on` and `jobs` (see `parse`).
    GithubWorkflow,
    /// GitHub Actions action metadata: `action.yml`/`action.yaml` with a
    /// top-level `runs` (otherwise plain YAML, see `parse`).
    GithubAction,
    /// A dotenv file (`.env`, `.env.production`, `prod.env`); only the
    /// secret scan reads it. Templates (`.env.example`, `.env.sample`,
    /// `.env.template`, `.env.dist`...) are not discovered.
    DotEnv,
    /// A Grafana dashboard as JSON: a `.json` file whose first bytes read
    /// as a dashboard (see [`looks_like_dashboard`]).
    GrafanaDashboard,
    /// A Prometheus rule file: YAML whose root is a `groups:` list of rule
    /// groups, by content (see `parse`).
    PrometheusRules,
    /// Terraform / OpenTofu configuration: `*.tf`, `*.tofu`, `*.tfvars`.
    Terraform,
    /// Terragrunt configuration: `terragrunt.hcl`, `root.hcl`.
    Terragrunt,
    /// Terraform state (`*.tfstate`, `*.tfstate.backup`): seen by project
    /// rules, never read.
    TerraformState,
    /// A YAML file under a Helm chart's `templates/`: Go template source,
    /// read (for suppressions and locations) but never parsed as YAML; the
    /// chart checks render it (see `helm`).
    HelmTemplate,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Dockerfile => "dockerfile",
            FileKind::DockerIgnore => "dockerignore",
            FileKind::Yaml => "yaml",
            FileKind::Compose => "compose",
            FileKind::GitlabCi => "gitlab-ci",
            FileKind::GithubWorkflow => "github-workflow",
            FileKind::GithubAction => "github-action",
            FileKind::DotEnv => "dotenv",
            FileKind::GrafanaDashboard => "grafana-dashboard",
            FileKind::PrometheusRules => "prometheus-rules",
            FileKind::Terraform => "terraform",
            FileKind::Terragrunt => "terragrunt",
            FileKind::TerraformState => "terraform-state",
            FileKind::HelmTemplate => "helm-template",
        }
    }
}

/// Extensions of templates and backups that share a Dockerfile's name but
/// are not Dockerfiles (`Dockerfile.j2`, `Dockerfile.orig`).
const NOT_DOCKERFILE_EXTENSIONS: [&str; 38] = [
    "j2", "jinja", "jinja2", "tpl", "tmpl", "template", "erb", "in", "mustache", "hbs", "gotmpl",
    "orig", "bak", "swp", "md", "txt",
    // Source code and data about Dockerfiles (`dockerfile.rs`, `dockerfile.go`).
    "rs", "go", "py", "js", "mjs", "cjs", "ts", "java", "kt", "rb", "php", "cs", "sh", "json",
    "yaml", "yml", "toml", "snap", "html", "css", "xml", "lock",
];

/// Classifies by file name alone.
pub fn kind_from_name(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    if let Some(stem) = lower
        .strip_suffix(".yaml")
        .or_else(|| lower.strip_suffix(".yml"))
    {
        return Some(if is_compose_name(stem) {
            FileKind::Compose
        } else if is_gitlab_ci_path(path, stem) {
            FileKind::GitlabCi
        } else if is_workflow_dir(path) {
            FileKind::GithubWorkflow
        } else if name == "action.yml" || name == "action.yaml" {
            FileKind::GithubAction
        } else {
            FileKind::Yaml
        });
    }
    if is_dotenv_name(&lower) {
        return Some(FileKind::DotEnv);
    }
    if let Some(kind) = terraform_kind(&lower) {
        return Some(kind);
    }
    if lower == ".dockerignore" || lower.ends_with(".dockerignore") {
        return Some(FileKind::DockerIgnore);
    }
    for stem in ["dockerfile", "containerfile"] {
        if lower == stem || lower.ends_with(&format!(".{stem}")) {
            return Some(FileKind::Dockerfile);
        }
        if let Some(ext) = lower.strip_prefix(stem).and_then(|r| r.strip_prefix('.')) {
            let last = ext.rsplit('.').next().unwrap_or(ext);
            if !NOT_DOCKERFILE_EXTENSIONS.contains(&last) {
                return Some(FileKind::Dockerfile);
            }
        }
        // `Dockerfile-dev`, `dockerfile_prod`
        if let Some(rest) = lower.strip_prefix(stem)
            && rest.starts_with(['-', '_'])
            && !rest.contains('.')
        {
            return Some(FileKind::Dockerfile);
        }
    }
    None
}

/// Suffixes of dotenv templates: placeholders by convention, not read.
const DOTENV_TEMPLATES: [&str; 8] = [
    "example", "sample", "template", "dist", "defaults", "tpl", "tmpl", "j2",
];

/// `.env`, `.env.<stage>` and `<name>.env`, given the lower-case name;
/// not templates (`.env.example`, `.env.sample`, `prod.env.template`).
fn is_dotenv_name(lower: &str) -> bool {
    if lower == ".env" || (lower.ends_with(".env") && lower.len() > 4) {
        return true;
    }
    let Some(rest) = lower.strip_prefix(".env.") else {
        return false;
    };
    !rest.is_empty()
        && !rest
            .split('.')
            .any(|part| DOTENV_TEMPLATES.contains(&part) || part.ends_with("example"))
}

/// Terraform, Terragrunt and state files by (lower-case) name.
fn terraform_kind(lower: &str) -> Option<FileKind> {
    if lower == "terragrunt.hcl" || lower == "root.hcl" {
        return Some(FileKind::Terragrunt);
    }
    if lower.ends_with(".tfstate") || lower.ends_with(".tfstate.backup") {
        return Some(FileKind::TerraformState);
    }
    let stem_ok = |ext: &str| lower.strip_suffix(ext).is_some_and(|s| !s.is_empty());
    (stem_ok(".tf") || stem_ok(".tofu") || stem_ok(".tfvars")).then_some(FileKind::Terraform)
}

/// A file directly in `.github/workflows/` (GitHub reads no subdirectory).
fn is_workflow_dir(path: &Path) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    dir.file_name().is_some_and(|n| n == "workflows")
        && dir
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|n| n == ".github")
}

/// `compose`, `docker-compose`, their overrides and variants
/// (`compose.override`, `docker-compose.prod`, `docker-compose-dev`,
/// `api.compose`), given the lower-case name without its extension.
fn is_compose_name(stem: &str) -> bool {
    for base in ["docker-compose", "compose"] {
        if stem == base
            || stem.ends_with(&format!(".{base}"))
            || stem
                .strip_prefix(base)
                .is_some_and(|rest| rest.starts_with(['.', '-', '_']))
        {
            return true;
        }
    }
    false
}

/// Names of gitlab-ci-local's own settings files, which share the
/// `.gitlab-ci` prefix but are not pipelines.
const GITLAB_CI_LOCAL_FILES: [&str; 3] = [
    ".gitlab-ci-local-variables",
    ".gitlab-ci-local-inputs",
    ".gitlab-ci-local-env",
];

/// `.gitlab-ci`, its variants (`.gitlab-ci-base`, `.gitlab-ci.prod`),
/// fragments named after it (`build.gitlab-ci`, `deploy-gitlab-ci`), and
/// any YAML under a `.gitlab/ci/` or `.gitlab-ci/` directory, given the
/// lower-case name without its extension.
fn is_gitlab_ci_path(path: &Path, stem: &str) -> bool {
    if GITLAB_CI_LOCAL_FILES.contains(&stem) {
        return false;
    }
    let named = stem == ".gitlab-ci"
        || stem == "gitlab-ci"
        || stem
            .strip_prefix(".gitlab-ci")
            .is_some_and(|rest| rest.starts_with(['.', '-', '_']))
        || ["gitlab-ci", "gitlab_ci"].iter().any(|base| {
            stem.strip_suffix(base)
                .is_some_and(|rest| rest.ends_with(['.', '-', '_']))
        });
    if named {
        return true;
    }
    let dirs: Vec<&str> = path
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    dirs.windows(2)
        .any(|w| w[0].eq_ignore_ascii_case(".gitlab") && w[1].eq_ignore_ascii_case("ci"))
        || dirs.iter().any(|d| d.eq_ignore_ascii_case(".gitlab-ci"))
}

/// A `.json` file, which is sniffed for a Grafana dashboard
/// ([`looks_like_dashboard`]) when it is no larger than `max-file-size`.
pub fn is_json_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// How many bytes of a `.json` file are read to tell a dashboard.
pub const DASHBOARD_SNIFF_BYTES: usize = 64 * 1024;

/// Whether the first bytes of a JSON text read as a Grafana dashboard: an
/// object (after an optional byte-order mark) holding a `"panels"` or
/// `"rows"` key and a `"schemaVersion"` or `"title"` key, or wrapping one
/// in `"dashboard"`. Cheap and textual: the parse confirms it.
pub fn looks_like_dashboard(head: &str) -> bool {
    let t = head.trim_start_matches('\u{feff}').trim_start();
    if !t.starts_with('{') {
        return false;
    }
    let has = |key: &str| {
        t.match_indices(key)
            .any(|(i, _)| t[i + key.len()..].trim_start().starts_with(':'))
    };
    let layout = has("\"panels\"") || has("\"rows\"");
    let header = has("\"schemaVersion\"") || has("\"title\"") || has("\"dashboard\"");
    // A head cut before the layout keys still counts when the dashboard's
    // usual top-level keys are there.
    (layout && header)
        || (t.len() >= DASHBOARD_SNIFF_BYTES - 4
            && has("\"schemaVersion\"")
            && (has("\"annotations\"") || has("\"templating\"")))
}

/// Whether a file without a recognised name should be sniffed at all: only
/// extension-less files are, so that a large tree is not read wholesale.
pub fn worth_sniffing(path: &Path) -> bool {
    path.extension().is_none()
        && path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| !n.starts_with('.'))
}

/// Classifies by the first bytes of a file: clearly a Dockerfile when the
/// first instruction is FROM (or global ARGs then FROM) and at least one
/// more line reads as an instruction.
pub fn kind_from_content(head: &str) -> Option<FileKind> {
    let mut instructions = 0;
    let mut seen_from = false;
    for line in head.lines().take(60) {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let word = t
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let continuation = line.starts_with([' ', '\t']);
        match word.as_str() {
            "FROM" if !continuation => {
                seen_from = true;
                instructions += 1;
            }
            "ARG" if !seen_from && !continuation => instructions += 1,
            "RUN" | "COPY" | "ADD" | "CMD" | "ENTRYPOINT" | "ENV" | "WORKDIR" | "USER"
            | "EXPOSE" | "LABEL" | "VOLUME" | "HEALTHCHECK" | "SHELL" | "ONBUILD"
            | "STOPSIGNAL" | "MAINTAINER" | "ARG"
                if seen_from && !continuation =>
            {
                instructions += 1;
            }
            _ if !seen_from && !continuation => return None,
            _ => {}
        }
        if seen_from && instructions >= 2 {
            return Some(FileKind::Dockerfile);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(name: &str) -> Option<FileKind> {
        kind_from_name(Path::new(name))
    }

    #[test]
    fn dockerfile_names() {
        for name in [
            "Dockerfile",
            "dockerfile",
            "Containerfile",
            "api.Dockerfile",
            "Dockerfile.dev",
            "Dockerfile.prod.arm64",
            "Dockerfile-build",
            "base.dockerfile",
        ] {
            assert_eq!(k(name), Some(FileKind::Dockerfile), "{name}");
        }
        for name in [
            "Dockerfile.j2",
            "Dockerfile.md",
            "dockerfile.rs",
            "Dockerfile.go",
            "dockerfiles",
            "README",
        ] {
            assert_eq!(k(name), None, "{name}");
        }
        assert_eq!(k(".dockerignore"), Some(FileKind::DockerIgnore));
        for name in [
            "compose.yaml",
            "docker-compose.yml",
            "docker-compose.prod.yml",
            "docker-compose-dev.yaml",
            "compose.override.yaml",
            "api.compose.yml",
        ] {
            assert_eq!(k(name), Some(FileKind::Compose), "{name}");
        }
        for name in [
            "deployment.yaml",
            "kustomization.yml",
            "composer.yaml",
            "values.yaml",
        ] {
            assert_eq!(k(name), Some(FileKind::Yaml), "{name}");
        }
        assert_eq!(k("Dockerfile.dockerignore"), Some(FileKind::DockerIgnore));
    }

    #[test]
    fn dotenv_names() {
        for name in [
            ".env",
            ".env.production",
            ".env.local",
            "prod.env",
            "dir/api.env",
        ] {
            assert_eq!(k(name), Some(FileKind::DotEnv), "{name}");
        }
        for name in [
            ".env.example",
            ".env.sample",
            ".env.template",
            ".env.dist",
            ".env.local.example",
            "env",
            ".envrc",
            ".environment",
        ] {
            assert_eq!(k(name), None, "{name}");
        }
    }

    #[test]
    fn terraform_names() {
        for name in [
            "main.tf",
            "x/variables.tf",
            "a.tofu",
            "terraform.tfvars",
            "prod.auto.tfvars",
        ] {
            assert_eq!(k(name), Some(FileKind::Terraform), "{name}");
        }
        for name in ["terragrunt.hcl", "live/prod/terragrunt.hcl", "root.hcl"] {
            assert_eq!(k(name), Some(FileKind::Terragrunt), "{name}");
        }
        for name in ["terraform.tfstate", "x/terraform.tfstate.backup"] {
            assert_eq!(k(name), Some(FileKind::TerraformState), "{name}");
        }
        for name in [".tf", "main.tf.json", "foo.hcl", "main.tfplan"] {
            assert_eq!(k(name), None, "{name}");
        }
    }

    #[test]
    fn gitlab_ci_names() {
        for name in [
            ".gitlab-ci.yml",
            ".gitlab-ci.yaml",
            ".gitlab-ci-2.yml",
            ".gitlab-ci-base.yml",
            "build-images.gitlab-ci.yml",
            ".150-nested-include-gitlab-ci.yml",
            "bad.gitlab-ci.yml",
            ".gitlab/ci/build.yml",
            "repo/.gitlab/ci/deploy/prod.yaml",
            "repo/.gitlab-ci/test.yml",
        ] {
            assert_eq!(k(name), Some(FileKind::GitlabCi), "{name}");
        }
        for name in [
            ".gitlab-ci-local-variables.yml",
            ".gitlab-ci-local-inputs.yml",
            "gitlab.yml",
            ".gitlab/issue_templates/x.yml",
            "ci.yml",
        ] {
            assert_eq!(k(name), Some(FileKind::Yaml), "{name}");
        }
    }

    #[test]
    fn github_names() {
        for name in [
            ".github/workflows/ci.yml",
            "/repo/.github/workflows/release.yaml",
            "a/.github/workflows/Build.YML",
        ] {
            assert_eq!(k(name), Some(FileKind::GithubWorkflow), "{name}");
        }
        for name in [
            ".github/workflows/sub/ci.yml",
            "workflows/ci.yml",
            ".github/dependabot.yml",
            ".github/workflows/docker-compose.yml",
        ] {
            assert_ne!(k(name), Some(FileKind::GithubWorkflow), "{name}");
        }
        assert_eq!(k("action.yml"), Some(FileKind::GithubAction));
        assert_eq!(k("sub/dir/action.yaml"), Some(FileKind::GithubAction));
        assert_eq!(k("my-action.yml"), Some(FileKind::Yaml));
    }

    #[test]
    fn dashboard_sniffing() {
        assert!(looks_like_dashboard(
            "{\n  \"panels\": [],\n  \"schemaVersion\": 39,\n  \"title\": \"A\"\n}"
        ));
        assert!(looks_like_dashboard(
            "\u{feff}{\"dashboard\": {\"rows\": [], \"title\": \"x\"}}"
        ));
        assert!(looks_like_dashboard("{\"panels\": [{\"title\": \"x\""));
        assert!(!looks_like_dashboard(
            "{\"name\": \"pkg\", \"version\": \"1\"}"
        ));
        assert!(!looks_like_dashboard("[{\"panels\": 1, \"title\": 2}]"));
        assert!(!looks_like_dashboard(
            "{\"description\": \"\\\"panels\\\" and title\"}"
        ));
        assert!(is_json_name(Path::new("a/b/Dash.JSON")));
        assert!(!is_json_name(Path::new("a/b/json")));
    }

    #[test]
    fn content_sniffing_needs_from_and_another_instruction() {
        assert_eq!(
            kind_from_content("# build image\nARG V=1\nFROM alpine:$V\nRUN apk add x\n"),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(kind_from_content("FROM alpine\n"), None);
        assert_eq!(kind_from_content("Hello FROM me\nRUN\n"), None);
        assert_eq!(kind_from_content("#!/bin/sh\necho FROM x\n"), None);
    }
}
