//! `check` end to end: settings, discovery, parsing, rules, filters, fixes.

use crate::baseline::{Baseline, BaselineEntry};
use crate::compose::ComposeIndex;
use crate::config::{self, ConfigError, LoadedConfig};
use crate::discovery::{self, Discovered};
use crate::fingerprint;
use crate::fix::{apply_fixes, write_atomic};
use crate::gitlab::GitlabIndex;
use crate::k8s::Cluster;
use crate::kind::FileKind;
use crate::parse::{Model, ParsedFile};
use crate::registry::{RULES, rule_index};
use crate::rule::{
    ActionContext, ComposeContext, DashboardContext, DashboardSource, Diagnostics,
    DockerIgnoreContext, DockerfileContext, GitlabContext, K8sContext, ProjectContext,
    ProjectDiagnostics, PrometheusContext, TerraformContext, TerragruntContext, TextContext,
    WorkflowContext, YamlContext,
};
use crate::rules::general::{InternalError, UnreadableFile};
use crate::settings::{CliOverrides, Settings};
use crate::suppression;
use crate::terraform::TerraformIndex;
use plimsoll_diagnostics::{Applicability, Domain, Finding, Span};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

/// How far `--fix` goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixMode {
    #[default]
    Off,
    Safe,
    /// `--unsafe-fixes`: safe and unsafe fixes.
    Unsafe,
}

/// A `check` run as the command line describes it.
#[derive(Debug, Clone, Default)]
pub struct CheckRequest {
    pub paths: Vec<PathBuf>,
    /// `--config`: use this file instead of discovering one per path.
    pub config: Option<PathBuf>,
    /// `--isolated`: read no configuration file at all.
    pub isolated: bool,
    pub overrides: CliOverrides,
    pub fix: FixMode,
    /// Write fixed files (false for `--diff`).
    pub write_fixes: bool,
    pub baseline: Option<Baseline>,
}

/// Progress reporting; the CLI draws a spinner, tests pass [`NoProgress`].
pub trait Progress: Sync {
    fn start(&self, _files: usize) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

pub struct NoProgress;
impl Progress for NoProgress {}

/// A file changed by fixes.
#[derive(Debug, Clone)]
pub struct FixedFile {
    pub display_path: PathBuf,
    pub original: String,
    pub fixed: String,
    pub fixes: usize,
}

#[derive(Debug, Default)]
pub struct CheckResult {
    /// Findings to report, sorted, after every filter.
    pub findings: Vec<Finding>,
    /// Fingerprints of `findings`, in the same order.
    pub fingerprints: Vec<String>,
    /// Every file checked (for code frames and fingerprints).
    pub files: Vec<ParsedFile>,
    pub fixed: Vec<FixedFile>,
    /// Findings hidden because the baseline lists them.
    pub baselined: usize,
    /// Findings hidden by `min-severity`.
    pub below_min_severity: usize,
    /// Problems writing fixes, by path.
    pub write_errors: Vec<String>,
    /// Index of `files` by display path.
    by_path: HashMap<OsString, usize>,
}

impl CheckResult {
    pub fn source(&self, path: &Path) -> Option<&plimsoll_syntax::SourceFile> {
        self.by_path
            .get(path.as_os_str())
            .map(|&i| &self.files[i].source)
    }

    /// Baseline entries for the current findings.
    pub fn baseline(&self) -> Baseline {
        Baseline::new(
            self.findings
                .iter()
                .zip(&self.fingerprints)
                .map(|(f, fp)| BaselineEntry {
                    code: f.rule.code.to_string(),
                    path: f.location.display_path(),
                    fingerprint: fp.clone(),
                    message: f.message.clone(),
                })
                .collect(),
        )
    }
}

/// Errors that stop a run before any file is checked (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Discovery(String),
}

/// Settings for each requested path: `--config`, else the nearest
/// configuration file above the path, else defaults.
fn settings_per_path(req: &CheckRequest) -> Result<Vec<(PathBuf, Arc<Settings>)>, CheckError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut by_config: HashMap<Option<PathBuf>, Arc<Settings>> = HashMap::new();
    let paths = if req.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        req.paths.clone()
    };
    let mut out = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(CheckError::Discovery(format!(
                "{}: no such file or directory",
                path.display()
            )));
        }
        let config_path = match &req.config {
            Some(c) => Some(c.clone()),
            None if req.isolated => None,
            None => config::discover(&path),
        };
        let settings = if let Some(s) = by_config.get(&config_path) {
            Arc::clone(s)
        } else {
            let loaded = config_path.as_deref().map(LoadedConfig::load).transpose()?;
            let s = Arc::new(Settings::resolve(
                loaded.as_ref(),
                &req.overrides,
                cwd.clone(),
            )?);
            by_config.insert(config_path, Arc::clone(&s));
            s
        };
        out.push((path, settings));
    }
    Ok(out)
}

/// The engine's own thread pool. Parsers of user input recurse (the shell
/// parser once per nesting level), so workers get larger stacks than
/// rayon's default; a stolen job can also run on top of a deep one.
static POOL: LazyLock<Option<rayon::ThreadPool>> = LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .stack_size(32 * 1024 * 1024)
        .thread_name(|i| format!("plimsoll-{i}"))
        .build()
        .ok()
});

/// Runs `f` in the engine's pool (or the global one if it could not be built).
fn in_pool<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    match POOL.as_ref() {
        Some(pool) => pool.install(f),
        None => f(),
    }
}

pub fn check(req: &CheckRequest, progress: &dyn Progress) -> Result<CheckResult, CheckError> {
    in_pool(|| check_in_pool(req, progress))
}

fn check_in_pool(req: &CheckRequest, progress: &dyn Progress) -> Result<CheckResult, CheckError> {
    let roots = settings_per_path(req)?;
    let discovered: Vec<Discovered> = discovery::discover(&roots).map_err(CheckError::Discovery)?;
    progress.start(discovered.len());
    let mut files: Vec<ParsedFile> = discovered
        .into_par_iter()
        .map(|d| {
            let f = ParsedFile::load(d.fs_path, d.display_path, d.kind, d.settings);
            progress.advance();
            f
        })
        .collect();
    // YAML a pipeline includes locally is a pipeline file too.
    crate::gitlab::index::adopt_included(&mut files);

    let mut findings = lint_all(&files);
    let mut fixed = Vec::new();
    if req.fix != FixMode::Off {
        let threshold = if req.fix == FixMode::Unsafe {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        fixed = fix_until_stable(&mut files, &mut findings, threshold);
    }
    progress.finish();

    let mut write_errors = Vec::new();
    if req.write_fixes {
        for f in &fixed {
            let file = files
                .iter()
                .find(|p| p.source.path().as_path() == f.display_path)
                .expect("fixed files come from the checked set");
            if let Err(e) = write_atomic(&file.fs_path, &f.fixed) {
                write_errors.push(format!(
                    "{}: could not write fixes: {e}",
                    f.display_path.display()
                ));
            }
        }
    }

    sort(&mut findings);
    let by_path: HashMap<&OsStr, &ParsedFile> = files
        .iter()
        .map(|f| (f.source.path().as_os_str(), f))
        .collect();
    let fingerprints = fingerprint::compute(&findings, |f| {
        by_path.get(f.location.path.as_os_str()).map(|p| &p.source)
    });

    // Baseline, then severity threshold.
    let mut kept = Vec::with_capacity(findings.len());
    let mut kept_fps = Vec::with_capacity(findings.len());
    let mut baselined = 0;
    let mut below = 0;
    let mut matcher = req.baseline.as_ref().map(Baseline::matcher);
    for (finding, fp) in findings.into_iter().zip(fingerprints) {
        if matcher
            .as_mut()
            .is_some_and(|m| m.take(finding.rule.code, &fp))
        {
            baselined += 1;
            continue;
        }
        let min = by_path
            .get(finding.location.path.as_os_str())
            .map_or(plimsoll_diagnostics::Severity::Info, |f| {
                f.settings.min_severity
            });
        if finding.severity < min {
            below += 1;
            continue;
        }
        kept.push(finding);
        kept_fps.push(fp);
    }
    drop(by_path);

    let by_path = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.source.path().as_os_str().to_os_string(), i))
        .collect();
    Ok(CheckResult {
        findings: kept,
        fingerprints: kept_fps,
        files,
        fixed,
        baselined,
        below_min_severity: below,
        write_errors,
        by_path,
    })
}

fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Applies fixes, re-parses and re-lints until no fix applies (at most ten rounds).
fn fix_until_stable(
    files: &mut [ParsedFile],
    findings: &mut Vec<Finding>,
    threshold: Applicability,
) -> Vec<FixedFile> {
    let mut originals: HashMap<PathBuf, (String, usize)> = HashMap::new();
    for _round in 0..10 {
        let mut changed = false;
        for file in files.iter_mut().filter(|f| f.decode_error.is_none()) {
            let path = file.source.path().clone();
            // Findings hidden by min-severity are not fixed either.
            let min = file.settings.min_severity;
            let own = findings
                .iter()
                .filter(|f| f.location.path == path && f.severity >= min);
            if let Some((text, n)) = apply_fixes(file.source.text(), own, threshold) {
                let entry = originals
                    .entry(path.as_ref().clone())
                    .or_insert_with(|| (file.source.text().to_string(), 0));
                entry.1 += n;
                file.reparse(text);
                changed = true;
            }
        }
        if !changed {
            break;
        }
        *findings = lint_all(files);
    }
    let mut fixed: Vec<FixedFile> = files
        .iter()
        .filter_map(|f| {
            let (original, fixes) = originals.remove(f.source.path().as_path())?;
            (original != f.source.text()).then(|| FixedFile {
                display_path: f.source.path().as_ref().clone(),
                original,
                fixed: f.source.text().to_string(),
                fixes,
            })
        })
        .collect();
    fixed.sort_by(|a, b| a.display_path.cmp(&b.display_path));
    fixed
}

/// Runs every enabled rule on every file and applies configuration and
/// suppressions. Baseline and severity threshold are applied by the caller.
pub fn lint_all(files: &[ParsedFile]) -> Vec<Finding> {
    // Kubernetes rules look across files (Service -> pods), so the index of
    // every object is built before any file is linted.
    let cluster = Cluster::build(files);
    // Compose rules resolve names across a project's files the same way.
    let compose = ComposeIndex::build(files);
    // GitLab rules resolve includes, `extends` and `!reference` across files.
    let gitlab = GitlabIndex::build(files);
    // Terraform rules see every file of a module (directory) and the run.
    let terraform = TerraformIndex::build(files);
    // Helm charts: rendered, their objects checked, findings mapped back to
    // the templates (which are checked files of kind `HelmTemplate`). They
    // run beside the file rules so that neither waits on the other's tail.
    let (mut per_file, charts): (Vec<Vec<Finding>>, Vec<Finding>) = rayon::join(
        || {
            files
                .par_iter()
                .map(|f| lint_file(f, &cluster, &compose, &gitlab, &terraform))
                .collect()
        },
        || crate::helm::check_charts(files),
    );

    // Project rules see every file; their findings join the file they name.
    let mut project = Vec::new();
    for rule in RULES.iter() {
        let mut out = ProjectDiagnostics::new(rule.meta(), &mut project);
        let cx = ProjectContext { files };
        if let Err(panic) =
            std::panic::catch_unwind(AssertUnwindSafe(|| rule.check_project(&cx, &mut out)))
        {
            eprintln!(
                "plimsoll: rule {} failed on the project: {}",
                rule.meta().code,
                panic_message(&panic)
            );
        }
    }
    let index: HashMap<&OsStr, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.source.path().as_os_str(), i))
        .collect();
    for f in project.into_iter().chain(charts) {
        if let Some(&i) = index.get(f.location.path.as_os_str()) {
            per_file[i].push(f);
        }
    }

    files
        .par_iter()
        .zip(per_file.into_par_iter())
        .flat_map_iter(|(file, mut findings)| {
            let settings = &file.settings;
            findings.retain_mut(|f| {
                let Some(i) = rule_index(f.rule.code) else {
                    return false;
                };
                if !settings.is_enabled(i) || settings.ignored_for(&file.fs_path, i) {
                    return false;
                }
                if let Some(sev) = settings.severity_override(i) {
                    f.severity = sev;
                }
                true
            });
            // A secret a domain rule already reports at the same place is
            // reported once, by the domain rule.
            crate::secrets::drop_duplicates(&mut findings);
            let mut suppressions = suppression::collect(file);
            suppression::apply(&mut findings, &mut suppressions);
            let enabled =
                |i: usize| settings.is_enabled(i) && !settings.ignored_for(&file.fs_path, i);
            let unused_idx = rule_index(crate::rules::general::UnusedSuppression::META.code)
                .unwrap_or(usize::MAX);
            if enabled(unused_idx) {
                let mut unused = suppression::unused(file, &suppressions, &enabled);
                // An unused-suppression finding can itself be suppressed file-wide.
                suppression::apply(&mut unused, &mut suppressions);
                for f in &mut unused {
                    if let Some(sev) = settings.severity_override(unused_idx) {
                        f.severity = sev;
                    }
                }
                findings.extend(unused);
            }
            findings
        })
        .collect()
}

/// Runs the Kubernetes-object rules (K8S, ARGO, OBS domains) on rendered
/// files, with a cluster index over those files only.
pub(crate) fn lint_rendered(files: &[&ParsedFile]) -> Vec<Vec<Finding>> {
    let cluster = Cluster::build(files.iter().copied());
    files
        .iter()
        .map(|f| {
            // Only the object rules: what `lint_file` runs besides them (the
            // general YAML rules, the secret scan) is not reported for
            // rendered text.
            let mut out = Vec::new();
            if let Model::Yaml(model) = &f.model
                && f.kind == FileKind::Yaml
                && !model.objects.is_empty()
                && !cluster.is_patch(f)
            {
                lint_objects(f, model, &cluster, &mut out);
            }
            out.retain(|x| {
                matches!(
                    x.rule.domain,
                    Domain::Kubernetes | Domain::Argo | Domain::Observability
                )
            });
            out
        })
        .collect()
}

/// Runs the file-level rules of one file.
fn lint_file(
    file: &ParsedFile,
    cluster: &Cluster<'_>,
    compose: &ComposeIndex<'_>,
    gitlab: &GitlabIndex<'_>,
    terraform: &TerraformIndex<'_>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let settings = &file.settings;
    match &file.model {
        Model::Unreadable(reason) => {
            let mut out = Diagnostics::new(&UnreadableFile::META, &file.source, &mut findings);
            out.add(Span::empty(0), reason.clone());
        }
        Model::Dockerfile(df) => {
            let cx = DockerfileContext {
                file: &file.source,
                dockerfile: df,
                settings,
            };
            run_rules(file, Domain::Dockerfile, &mut findings, |rule, out| {
                rule.check_dockerfile(&cx, out);
            });
        }
        Model::Yaml(model) => {
            let cx = YamlContext {
                file: &file.source,
                parsed: file,
                model,
                yaml: &model.yaml,
                settings,
            };
            run_rules(file, Domain::General, &mut findings, |rule, out| {
                rule.check_yaml(&cx, out);
            });
            // Objects of kustomize patch files are partial: not checked.
            if file.kind == FileKind::Yaml && !model.objects.is_empty() && !cluster.is_patch(file) {
                lint_objects(file, model, cluster, &mut findings);
            }
            if file.kind == FileKind::Compose
                && let Some(compose_model) = &model.compose
                && let Some(member) = compose.member_of(file)
            {
                let cx = ComposeContext {
                    file: &file.source,
                    parsed: file,
                    yaml: &model.yaml,
                    compose: compose_model,
                    settings,
                    project: compose,
                    member,
                };
                run_rules(file, Domain::Compose, &mut findings, |rule, out| {
                    rule.check_compose(&cx, out);
                });
            }
            if file.kind == FileKind::GitlabCi
                && let Some(pipeline) = &model.gitlab
                && let Some(unit) = gitlab.unit_of(file)
            {
                let cx = GitlabContext {
                    file: &file.source,
                    parsed: file,
                    yaml: &model.yaml,
                    gitlab: pipeline,
                    settings,
                    index: gitlab,
                    unit,
                };
                run_rules(file, Domain::GitlabCi, &mut findings, |rule, out| {
                    rule.check_gitlab(&cx, out);
                });
            }
            if file.kind == FileKind::GithubWorkflow
                && let Some(workflow) = &model.workflow
            {
                let cx = WorkflowContext {
                    file: &file.source,
                    parsed: file,
                    yaml: &model.yaml,
                    workflow,
                    settings,
                };
                run_rules(file, Domain::GithubActions, &mut findings, |rule, out| {
                    rule.check_workflow(&cx, out);
                });
            }
            if file.kind == FileKind::GithubAction
                && let Some(action) = &model.action
            {
                let cx = ActionContext {
                    file: &file.source,
                    parsed: file,
                    yaml: &model.yaml,
                    action,
                    settings,
                };
                run_rules(file, Domain::GithubActions, &mut findings, |rule, out| {
                    rule.check_action(&cx, out);
                });
            }
            if let Some(prom) = &model.prometheus
                && (file.kind == FileKind::PrometheusRules || !cluster.is_patch(file))
            {
                let cx = PrometheusContext {
                    file: &file.source,
                    parsed: file,
                    yaml: &model.yaml,
                    prom,
                    settings,
                };
                run_rules(file, Domain::Prometheus, &mut findings, |rule, out| {
                    rule.check_prometheus(&cx, out);
                });
            }
        }
        Model::Dashboard(dashboard) => {
            let cx = DashboardContext {
                file: &file.source,
                parsed: file,
                settings,
                dashboard,
                source: DashboardSource::File,
                value: dashboard
                    .object()
                    .filter(|o| crate::grafana::is_dashboard_object(o)),
            };
            run_rules(file, Domain::Observability, &mut findings, |rule, out| {
                rule.check_dashboard(&cx, out);
            });
        }
        Model::Hcl(hcl) => {
            if file.kind == FileKind::Terragrunt {
                let cx = TerragruntContext {
                    file: &file.source,
                    parsed: file,
                    hcl,
                    index: terraform,
                    settings,
                };
                run_rules(file, Domain::Terraform, &mut findings, |rule, out| {
                    rule.check_terragrunt(&cx, out);
                });
            } else if let Some(id) = terraform.file_id(file) {
                let cx = TerraformContext {
                    file: &file.source,
                    parsed: file,
                    hcl,
                    tf: terraform.file(id),
                    module: terraform.module(id),
                    index: terraform,
                    settings,
                };
                run_rules(file, Domain::Terraform, &mut findings, |rule, out| {
                    rule.check_terraform(&cx, out);
                });
            }
        }
        // Terraform state is seen by project rules only; dotenv files only
        // by the secret scan below.
        Model::Opaque | Model::DotEnv(_) => {}
        Model::DockerIgnore(di) => {
            let cx = DockerIgnoreContext {
                file: &file.source,
                ignore: di,
                settings,
            };
            run_rules(file, Domain::Dockerfile, &mut findings, |rule, out| {
                rule.check_dockerignore(&cx, out);
            });
        }
    }
    // The secret scan reads every file the run parsed, whatever its kind
    // (Helm templates excepted: they were never scanned before chart checks).
    if !matches!(file.model, Model::Unreadable(_)) && file.kind != FileKind::HelmTemplate {
        let cx = TextContext::new(file);
        run_rules(file, Domain::Secrets, &mut findings, |rule, out| {
            rule.check_text(&cx, out);
        });
    }
    if let Some(message) = &file.decode_error {
        let mut out = Diagnostics::new(&UnreadableFile::META, &file.source, &mut findings);
        out.add(Span::empty(0), message.clone());
    }
    findings
}

/// The Kubernetes-object rules (K8S, ARGO, OBS domains) of one YAML file,
/// Grafana dashboards embedded in its objects included.
fn lint_objects(
    file: &ParsedFile,
    model: &crate::parse::YamlModel,
    cluster: &Cluster<'_>,
    findings: &mut Vec<Finding>,
) {
    let settings = &file.settings;
    let cx = K8sContext {
        file: &file.source,
        parsed: file,
        yaml: &model.yaml,
        objects: &model.objects,
        settings,
        cluster,
    };
    // ArgoCD, Argo Rollouts and ExternalSecret rules use the same hooks.
    for domain in [Domain::Kubernetes, Domain::Argo, Domain::Observability] {
        run_rules(file, domain, findings, |rule, out| {
            rule.check_k8s_file(&cx, out);
        });
    }
    // Grafana dashboards inside ConfigMaps and GrafanaDashboards.
    for embedded in &model.dashboards {
        let Some(object) = model.objects.get(embedded.object) else {
            continue;
        };
        let cx = DashboardContext {
            file: &file.source,
            parsed: file,
            settings,
            dashboard: &embedded.dashboard,
            source: DashboardSource::Object {
                yaml: &model.yaml,
                object,
                embedded,
            },
            value: embedded
                .dashboard
                .object()
                .filter(|o| crate::grafana::is_dashboard_object(o)),
        };
        run_rules(file, Domain::Observability, findings, |rule, out| {
            rule.check_dashboard(&cx, out);
        });
    }
}

/// Runs `hook` for every enabled rule of `domain`, turning a panic into a PL001 finding.
fn run_rules(
    file: &ParsedFile,
    domain: Domain,
    findings: &mut Vec<Finding>,
    hook: impl Fn(&dyn crate::rule::Rule, &mut Diagnostics<'_>),
) {
    for (i, rule) in RULES.iter().enumerate() {
        let meta = rule.meta();
        if meta.domain != domain || !file.settings.is_enabled(i) {
            continue;
        }
        let mut own = Vec::new();
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let mut out = Diagnostics::new(meta, &file.source, &mut own);
            hook(*rule, &mut out);
        }));
        match result {
            Ok(()) => findings.append(&mut own),
            Err(panic) => {
                let mut out = Diagnostics::new(&InternalError::META, &file.source, findings);
                out.add(
                    Span::empty(0),
                    format!("rule {} ({}) failed on this file: {}", meta.code, meta.name, panic_message(&panic)),
                )
                .help("This is a bug in plimsoll; the other rules still ran. Please report it with the file.");
            }
        }
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}
