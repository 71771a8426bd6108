//! `plimsoll detect`, `init`, `pipeline` and `scaffold terraform`: detection,
//! generation from the app model, validation of the output with plimsoll's
//! own rules, and safe writing (plimsoll_generate::write).

use crate::cli::{
    DetectArgs, DetectFormat, InitArgs, PipelineArgs, ScaffoldTerraformArgs, WriteArgs,
};
use anyhow::Context as _;
use plimsoll_generate::options::{ArtifactKind, CiPlatform, Cloud, DeployMode, TerraformModule};
use plimsoll_generate::write::{self, Action, GeneratedFile};
use plimsoll_generate::{Options, Project};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn project_dir(dir: Option<&PathBuf>) -> anyhow::Result<PathBuf> {
    let dir = dir.cloned().unwrap_or_else(|| PathBuf::from("."));
    anyhow::ensure!(dir.is_dir(), "{}: not a directory", dir.display());
    Ok(dir)
}

fn detect_project(dir: &Path) -> anyhow::Result<Project> {
    plimsoll_generate::detect(dir).with_context(|| format!("detecting {}", dir.display()))
}

pub fn detect(args: &DetectArgs) -> anyhow::Result<ExitCode> {
    let dir = project_dir(args.dir.as_ref())?;
    let project = detect_project(&dir)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        DetectFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &project)?;
            writeln!(out)?;
        }
        DetectFormat::Text => {
            write!(
                out,
                "{}",
                plimsoll_generate::detect::report::render(&project, args.explain)
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_choice<T>(value: &str, parse: fn(&str) -> Option<T>) -> anyhow::Result<T> {
    parse(value).ok_or_else(|| anyhow::anyhow!("unknown value {value:?}"))
}

fn base_options(project: &Project, registry: Option<&String>, envs: &[String]) -> Options {
    let mut options = Options::for_project(project);
    if let Some(r) = registry {
        r.trim_end_matches('/').clone_into(&mut options.registry);
    }
    if !envs.is_empty() {
        options.environments = envs.to_vec();
        options.terraform.environments = envs.to_vec();
    }
    options
}

pub fn init(args: &InitArgs) -> anyhow::Result<ExitCode> {
    let dir = project_dir(args.dir.as_ref())?;
    let project = detect_project(&dir)?;
    anyhow::ensure!(
        !project.services.is_empty(),
        "{}: no service detected (run `plimsoll detect --explain` to see why)",
        dir.display()
    );
    let mut options = base_options(&project, args.registry.as_ref(), &args.environments);
    if let Some(ci) = &args.ci {
        options.ci = parse_choice(ci, CiPlatform::parse)?;
    }
    if let Some(cloud) = &args.cloud {
        let cloud = parse_choice(cloud, Cloud::parse)?;
        options.cloud = Some(cloud);
        options.terraform.provider = cloud;
    }
    if let Some(domain) = &args.domain {
        options.domain.clone_from(domain);
    }
    options.deploy = parse_choice(&args.deploy, DeployMode::parse)?;
    let only = args
        .only
        .iter()
        .map(|k| parse_choice(k, ArtifactKind::parse))
        .collect::<anyhow::Result<Vec<_>>>()?;
    anyhow::ensure!(
        !only.contains(&ArtifactKind::Terraform) || options.cloud.is_some(),
        "--only terraform needs --cloud aws|gcp|azure"
    );
    let files = plimsoll_generate::generate(&project, &options, &only);
    write_files(&dir, files, &args.write)
}

pub fn pipeline(args: &PipelineArgs) -> anyhow::Result<ExitCode> {
    let dir = project_dir(args.dir.as_ref())?;
    let project = detect_project(&dir)?;
    let mut options = base_options(&project, args.registry.as_ref(), &args.environments);
    if let Some(p) = &args.platform {
        options.ci = parse_choice(p, CiPlatform::parse)?;
    }
    options.deploy = parse_choice(&args.deploy, DeployMode::parse)?;
    let files = plimsoll_generate::generate(&project, &options, &[ArtifactKind::Ci]);
    write_files(&dir, files, &args.write)
}

pub fn scaffold_terraform(args: &ScaffoldTerraformArgs) -> anyhow::Result<ExitCode> {
    let dir = project_dir(args.dir.as_ref())?;
    let project = detect_project(&dir)?;
    let mut options = base_options(&project, None, &args.environments);
    let cloud = parse_choice(&args.provider, Cloud::parse)?;
    options.cloud = Some(cloud);
    options.terraform.provider = cloud;
    options.terraform.terragrunt = args.terragrunt;
    options.terraform.modules = args
        .modules
        .iter()
        .map(|m| parse_choice(m, TerraformModule::parse))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let files = plimsoll_generate::generate(&project, &options, &[ArtifactKind::Terraform]);
    write_files(&dir, files, &args.write)
}

/// Validates, then plans, shows or writes the files.
fn write_files(
    dir: &Path,
    files: Vec<GeneratedFile>,
    args: &WriteArgs,
) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(!files.is_empty(), "nothing to generate");
    if !args.no_validate {
        let problems = plimsoll_generate::validate::findings(&files)?;
        if !problems.is_empty() {
            let mut err = std::io::stderr().lock();
            writeln!(
                err,
                "plimsoll: the generated files do not pass plimsoll's own checks (a bug in the generator; \
                 --no-validate writes them anyway):"
            )?;
            for p in &problems {
                writeln!(err, "  {p}")?;
            }
            return Ok(ExitCode::from(1));
        }
    }
    let planned = write::plan(dir, files, args.force)?;
    let mut out = std::io::stdout().lock();
    if args.diff {
        for p in planned.iter().filter(|p| p.action != Action::Unchanged) {
            write!(out, "{}", write::unified_diff(p))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let verbs: Vec<String> = planned
        .iter()
        .map(|p| {
            if args.dry_run {
                format!("would {}", p.action.label())
            } else {
                p.action.label().to_owned()
            }
        })
        .collect();
    let width = verbs.iter().map(String::len).max().unwrap_or(0);
    // Unchanged files are only counted: a re-run lists what it touches.
    for (verb, p) in verbs.iter().zip(&planned) {
        if p.action == Action::Unchanged {
            continue;
        }
        writeln!(out, "{verb:<width$}  {}", p.file.path)?;
    }
    let skipped = planned
        .iter()
        .filter(|p| matches!(p.action, Action::SkipModified | Action::SkipExisting))
        .count();
    let unchanged = planned
        .iter()
        .filter(|p| p.action == Action::Unchanged)
        .count();
    if args.dry_run {
        writeln!(
            out,
            "{unchanged} file(s) already up to date; nothing written (dry run)"
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    write::apply(dir, &planned)?;
    let written = planned.iter().filter(|p| p.action.writes()).count();
    writeln!(
        out,
        "{written} file(s) written, {} unchanged, {skipped} left alone{}",
        planned
            .iter()
            .filter(|p| p.action == Action::Unchanged)
            .count(),
        if skipped > 0 {
            " (use --diff to compare, --force to overwrite)"
        } else {
            ""
        }
    )?;
    Ok(ExitCode::SUCCESS)
}
