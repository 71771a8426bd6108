//! Reading and parsing each discovered file once.

use crate::compose::ComposeFile;
use crate::github::{self, Action, Workflow};
use crate::gitlab::GitlabFile;
use crate::k8s::{self, Object};
use crate::kind::FileKind;
use crate::prometheus::{self, PromFile};
use crate::settings::Settings;
use plimsoll_syntax::SourceFile;
use plimsoll_syntax::dockerfile::{self, Dockerfile};
use plimsoll_syntax::dockerignore::DockerIgnore;
use plimsoll_syntax::yaml::{Limits, YamlFile};
use std::path::Path;
use std::path::PathBuf;
use std::sync::Arc;

/// The parsed form of a file.
#[derive(Debug)]
pub enum Model {
    Dockerfile(Box<Dockerfile>),
    DockerIgnore(DockerIgnore),
    /// YAML: Kubernetes objects (possibly none) or a compose file.
    Yaml(Box<YamlModel>),
    /// A dotenv file: `KEY=value` lines (only the secret scan reads it).
    DotEnv(crate::secrets::dotenv::DotEnv),
    /// The file could not be read or decoded; the reason is reported by PL003.
    Unreadable(String),
    /// A Grafana dashboard JSON file (possibly invalid JSON).
    Dashboard(Box<crate::grafana::Dashboard>),
    /// HCL: Terraform (`.tf`, `.tfvars`) and Terragrunt files.
    Hcl(Box<plimsoll_syntax::hcl::HclFile>),
    /// A file seen by project rules but never read (Terraform state).
    Opaque,
}

/// A YAML file and what it holds.
#[derive(Debug)]
pub struct YamlModel {
    /// Shared with the Helm engine when it reads the same file.
    pub yaml: std::sync::Arc<YamlFile>,
    /// Kubernetes objects (and kustomizations), in document order.
    pub objects: Vec<Object>,
    /// Documents not modelled because expanding their aliases would exceed
    /// the limit (reported by PL006).
    pub oversized_documents: Vec<usize>,
    /// The compose model, for compose files.
    pub compose: Option<Box<ComposeFile>>,
    /// The pipeline model, for GitLab CI files.
    pub gitlab: Option<Box<GitlabFile>>,
    /// The workflow model, for GitHub Actions workflows.
    pub workflow: Option<Box<Workflow>>,
    /// The action metadata model, for `action.yml` files.
    pub action: Option<Box<Action>>,
    /// Grafana dashboards inside the objects (ConfigMap data, a
    /// `GrafanaDashboard`'s `spec.json`).
    pub dashboards: Vec<crate::grafana::Embedded>,
    /// Prometheus rule groups: of a rule file, or of the file's
    /// `PrometheusRule` objects.
    pub prometheus: Option<Box<PromFile>>,
    /// Schema problems of each object, computed once for the four schema
    /// rules: `None` for kinds the schema does not know.
    schema_issues: std::sync::OnceLock<Vec<Option<Vec<k8s::schema::Issue>>>>,
}

impl YamlModel {
    pub fn parse(text: &str, path: &Path, kind: FileKind) -> YamlModel {
        let limits = Limits::default();
        let yaml = plimsoll_syntax::yaml::parse_shared(text);
        let oversized_documents: Vec<usize> = (0..yaml.documents.len())
            .filter(|&d| yaml.exceeds_alias_limit(d, limits.max_alias_expansion))
            .collect();
        let objects = if kind == FileKind::Yaml {
            let mut objects = k8s::objects_in(&yaml, is_kustomization_name(path));
            objects.retain(|o| !oversized_documents.contains(&o.doc));
            objects
        } else {
            Vec::new()
        };
        let compose = if kind == FileKind::Compose && oversized_documents.is_empty() {
            ComposeFile::read(&yaml).map(Box::new)
        } else {
            None
        };
        let gitlab = if kind == FileKind::GitlabCi && oversized_documents.is_empty() {
            GitlabFile::read(&yaml).map(Box::new)
        } else {
            None
        };
        let workflow = if kind == FileKind::GithubWorkflow && oversized_documents.is_empty() {
            Workflow::read(&yaml).map(Box::new)
        } else {
            None
        };
        let action = if kind == FileKind::GithubAction && oversized_documents.is_empty() {
            Action::read(&yaml).map(Box::new)
        } else {
            None
        };
        let dashboards = crate::grafana::embedded_in(&yaml, text, &objects);
        let prometheus = if !oversized_documents.is_empty() {
            None
        } else if kind == FileKind::PrometheusRules {
            PromFile::read_rule_file(&yaml).map(Box::new)
        } else if kind == FileKind::Yaml {
            PromFile::read_objects(&yaml, &objects).map(Box::new)
        } else {
            None
        };
        YamlModel {
            dashboards,
            yaml,
            objects,
            oversized_documents,
            compose,
            gitlab,
            workflow,
            action,
            prometheus,
            schema_issues: std::sync::OnceLock::new(),
        }
    }

    /// Schema problems of `objects[index]` against Kubernetes 1.`minor`.
    pub fn schema_issues(&self, index: usize, minor: u32) -> Option<&[k8s::schema::Issue]> {
        let all = self.schema_issues.get_or_init(|| {
            let Some(schema) = k8s::schema::for_minor(minor) else {
                return Vec::new();
            };
            self.objects
                .iter()
                .map(|o| {
                    if o.is_kustomization() {
                        return None;
                    }
                    k8s::schema::validate(
                        schema,
                        &self.yaml,
                        o.node,
                        o.group(),
                        o.version(),
                        &o.kind,
                    )
                })
                .collect()
        });
        all.get(index)?.as_deref()
    }
}

/// `kustomization.yaml`, `kustomization.yml` or `Kustomization`.
pub fn is_kustomization_name(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        matches!(
            n,
            "kustomization.yaml" | "kustomization.yml" | "Kustomization"
        )
    })
}

/// A YAML file that is a compose file by content: a top-level `services`
/// mapping of mappings, and no Kubernetes `apiVersion`.
fn looks_like_compose(yaml: &YamlFile) -> bool {
    let Some(root) = yaml.documents.first().and_then(|d| d.root) else {
        return false;
    };
    if yaml.get(root, "apiVersion").is_some() || yaml.get(root, "on").is_some() {
        return false;
    }
    let Some(services) = yaml.get(root, "services") else {
        return false;
    };
    let entries = yaml.entries(services);
    !entries.is_empty()
        && entries.iter().all(|&(_, v)| {
            ["image", "build", "extends"]
                .iter()
                .any(|k| yaml.get(v, k).is_some())
        })
}

/// A YAML file that is a GitLab CI pipeline by content: no Kubernetes
/// `apiVersion`/`kind`, no GitHub `on:`; jobs (mappings with `script`,
/// `extends` or `trigger`) and either a `stages:` list of names or one of
/// `include`, `default`, `workflow`.
fn looks_like_gitlab_ci(yaml: &YamlFile) -> bool {
    let Some(root) = yaml.documents.first().and_then(|d| d.root) else {
        return false;
    };
    if ["apiVersion", "kind", "on", "hosts"]
        .iter()
        .any(|k| yaml.get(root, k).is_some())
        || yaml
            .get(root, "services")
            .is_some_and(|s| yaml.is_mapping(s))
    {
        return false;
    }
    let entries = yaml.entries(root);
    let jobs = entries
        .iter()
        .filter(|&&(k, v)| {
            yaml.str(k)
                .is_some_and(|n| !crate::gitlab::GLOBAL_KEYWORDS.contains(&n))
                && yaml.is_mapping(v)
                && ["script", "extends", "trigger"]
                    .iter()
                    .any(|key| yaml.get(v, key).is_some())
        })
        .count();
    if jobs == 0 {
        return false;
    }
    let stages = yaml.get(root, "stages").is_some_and(|s| {
        let items = yaml.items(s);
        !items.is_empty() && items.iter().all(|&i| yaml.str(i).is_some())
    });
    stages
        || ["include", "default", "workflow"]
            .iter()
            .any(|k| yaml.get(root, k).is_some())
}

/// A file read and parsed once, with the settings that apply to it.
#[derive(Debug)]
pub struct ParsedFile {
    /// The path on disk (for writes and neighbours such as `.dockerignore`).
    pub fs_path: PathBuf,
    pub source: SourceFile,
    pub kind: FileKind,
    pub model: Model,
    pub settings: Arc<Settings>,
    /// Set when the file is not valid UTF-8 and was decoded lossily: it is
    /// still checked, but fixes are never written back.
    pub decode_error: Option<String>,
}

impl ParsedFile {
    /// Reads and parses `fs_path`, displayed as `display_path`.
    pub fn load(
        fs_path: PathBuf,
        display_path: PathBuf,
        kind: FileKind,
        settings: Arc<Settings>,
    ) -> ParsedFile {
        if kind == FileKind::TerraformState {
            return ParsedFile {
                fs_path,
                source: SourceFile::new(display_path, String::new()),
                kind,
                model: Model::Opaque,
                settings,
                decode_error: None,
            };
        }
        let read = std::fs::metadata(&fs_path).and_then(|meta| {
            if meta.len() > settings.max_file_size {
                return Err(std::io::Error::other(format!(
                    "file is {} bytes, over the {}-byte limit (`max-file-size`)",
                    meta.len(),
                    settings.max_file_size
                )));
            }
            std::fs::read(&fs_path)
        });
        let (text, model, decode_error) = match read {
            Err(e) => (String::new(), Some(Model::Unreadable(e.to_string())), None),
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => (text, None, None),
                Err(e) => {
                    let valid = e.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                    let message = format!(
                        "file is not valid UTF-8 (first bad byte at offset {valid}); it was checked after lossy decoding and will not be fixed"
                    );
                    (text, None, Some(message))
                }
            },
        };
        let source = SourceFile::new(display_path, text);
        let (kind, model) = match model {
            Some(m) => (kind, m),
            None => parse_model(kind, &fs_path, source.text()),
        };
        ParsedFile {
            fs_path,
            source,
            kind,
            model,
            settings,
            decode_error,
        }
    }

    /// Parses `text` held in memory (rendered Helm output), displayed as
    /// `display_path`.
    pub fn from_text(
        display_path: PathBuf,
        kind: FileKind,
        text: String,
        settings: Arc<Settings>,
    ) -> ParsedFile {
        let (kind, model) = parse_model(kind, &display_path, &text);
        ParsedFile {
            fs_path: display_path.clone(),
            source: SourceFile::new(display_path, text),
            kind,
            model,
            settings,
            decode_error: None,
        }
    }

    /// Replaces the text (after fixes) and parses it again.
    pub fn reparse(&mut self, text: String) {
        self.source = SourceFile::new(self.source.path().as_ref().clone(), text);
        (self.kind, self.model) = parse_model(self.kind, &self.fs_path, self.source.text());
    }

    pub fn yaml(&self) -> Option<&YamlModel> {
        match &self.model {
            Model::Yaml(y) => Some(y),
            _ => None,
        }
    }

    pub fn dockerfile(&self) -> Option<&Dockerfile> {
        match &self.model {
            Model::Dockerfile(df) => Some(df),
            _ => None,
        }
    }

    /// The parsed HCL of a Terraform or Terragrunt file.
    pub fn hcl(&self) -> Option<&plimsoll_syntax::hcl::HclFile> {
        match &self.model {
            Model::Hcl(h) => Some(h),
            _ => None,
        }
    }

    pub fn dockerignore(&self) -> Option<&DockerIgnore> {
        match &self.model {
            Model::DockerIgnore(di) => Some(di),
            _ => None,
        }
    }
}

/// The model of a file; a YAML file may turn out to be a compose file or
/// a workflow, an `action.yml` without `runs` is plain YAML.
fn parse_model(kind: FileKind, path: &Path, text: &str) -> (FileKind, Model) {
    match kind {
        FileKind::Dockerfile => (kind, Model::Dockerfile(Box::new(dockerfile::parse(text)))),
        FileKind::DockerIgnore => (kind, Model::DockerIgnore(DockerIgnore::parse(text))),
        FileKind::DotEnv => (
            kind,
            Model::DotEnv(crate::secrets::dotenv::DotEnv::parse(text)),
        ),
        FileKind::GrafanaDashboard => (
            kind,
            Model::Dashboard(Box::new(crate::grafana::Dashboard::from_file(text))),
        ),
        FileKind::Terraform | FileKind::Terragrunt => (
            kind,
            Model::Hcl(Box::new(plimsoll_syntax::hcl::parse(text))),
        ),
        FileKind::TerraformState | FileKind::HelmTemplate => (kind, Model::Opaque),
        FileKind::GithubAction => {
            let model = YamlModel::parse(text, path, kind);
            if github::looks_like_action(&model.yaml) {
                return (kind, Model::Yaml(Box::new(model)));
            }
            parse_model(FileKind::Yaml, path, text)
        }
        FileKind::Yaml
        | FileKind::Compose
        | FileKind::GitlabCi
        | FileKind::GithubWorkflow
        | FileKind::PrometheusRules => {
            let mut model = YamlModel::parse(text, path, kind);
            // A Prometheus rule file: `groups:` of rule groups at the root.
            if kind == FileKind::Yaml
                && model.objects.is_empty()
                && prometheus::looks_like_rule_file(&model.yaml)
            {
                if model.oversized_documents.is_empty() {
                    model.prometheus = PromFile::read_rule_file(&model.yaml).map(Box::new);
                }
                return (FileKind::PrometheusRules, Model::Yaml(Box::new(model)));
            }
            if kind == FileKind::Yaml
                && model.objects.is_empty()
                && looks_like_gitlab_ci(&model.yaml)
            {
                if model.oversized_documents.is_empty() {
                    model.gitlab = GitlabFile::read(&model.yaml).map(Box::new);
                }
                return (FileKind::GitlabCi, Model::Yaml(Box::new(model)));
            }
            // A compose file has no objects, so the model stays as parsed.
            if kind == FileKind::Yaml && model.objects.is_empty() && looks_like_compose(&model.yaml)
            {
                if model.oversized_documents.is_empty() {
                    model.compose = ComposeFile::read(&model.yaml).map(Box::new);
                }
                return (FileKind::Compose, Model::Yaml(Box::new(model)));
            }
            // A workflow outside `.github/workflows` (templates, other forges).
            if kind == FileKind::Yaml
                && model.objects.is_empty()
                && github::looks_like_workflow(&model.yaml)
            {
                if model.oversized_documents.is_empty() {
                    model.workflow = Workflow::read(&model.yaml).map(Box::new);
                }
                return (FileKind::GithubWorkflow, Model::Yaml(Box::new(model)));
            }
            (kind, Model::Yaml(Box::new(model)))
        }
    }
}
