//! One generator per artifact family, all reading the same model.

pub mod compose;
pub mod dockerfile;
pub mod docs;
pub mod gitops;
pub mod helm;
pub mod monitoring;
pub mod pipeline;
pub mod terraform;

use crate::model::Project;
use crate::options::{ArtifactKind, DeployMode, Options};
use crate::write::GeneratedFile;

/// Every file for the selected artifact families (all when `only` is empty),
/// sorted by path. Terraform is generated only when a cloud is chosen;
/// ArgoCD Applications in GitOps deploy mode, or when `only` names them (in
/// push mode the pipeline's `helm upgrade` owns the releases, and an
/// Application with selfHeal on the same release would revert it, CI12).
pub fn generate(project: &Project, options: &Options, only: &[ArtifactKind]) -> Vec<GeneratedFile> {
    let wanted = |kind: ArtifactKind| only.is_empty() || only.contains(&kind);
    let mut files = Vec::new();
    if wanted(ArtifactKind::Dockerfile) {
        files.extend(dockerfile::generate(project, options));
    }
    if wanted(ArtifactKind::Compose) {
        files.extend(compose::generate(project, options));
    }
    if wanted(ArtifactKind::Helm) {
        files.extend(helm::generate(project, options));
    }
    if wanted(ArtifactKind::Ci) {
        files.extend(pipeline::generate(project, options, options.ci));
    }
    if wanted(ArtifactKind::Argocd)
        && (options.deploy == DeployMode::Gitops || only.contains(&ArtifactKind::Argocd))
    {
        files.extend(gitops::generate(project, options));
    }
    if wanted(ArtifactKind::Monitoring) {
        files.extend(monitoring::generate(project, options));
    }
    if wanted(ArtifactKind::Docs) {
        files.extend(docs::generate(project, options));
    }
    if options.cloud.is_some() && (only.is_empty() || only.contains(&ArtifactKind::Terraform)) {
        files.extend(terraform::generate(project, &options.terraform));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    files
}
