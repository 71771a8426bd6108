//! The run's Terraform files grouped into modules (one per directory).

use super::eval::{self, Value};
use super::model::{
    Backend, Local, ModuleCall, Output, Provider, Resource, TerraformBlock, TfFile, Variable,
};
use crate::kind::FileKind;
use crate::parse::ParsedFile;
use crate::paths::normalize;
use plimsoll_syntax::hcl::{Block, Expr};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// A Terraform module: every `.tf`/`.tofu`/`.tfvars` file of one directory.
#[derive(Debug)]
pub struct Module<'a> {
    /// The directory on disk (absolute, normalized).
    pub dir: PathBuf,
    /// Files in path order.
    pub files: Vec<TfFile<'a>>,
    /// `module` blocks elsewhere in the run whose local `source` is this
    /// directory.
    pub callers: Vec<&'a Block>,
}

impl<'a> Module<'a> {
    /// Files with blocks (not `.tfvars`).
    pub fn tf_files(&self) -> impl Iterator<Item = &TfFile<'a>> {
        self.files.iter().filter(|f| !f.is_tfvars)
    }

    pub fn resources(&self) -> impl Iterator<Item = &Resource<'a>> {
        self.files.iter().flat_map(|f| &f.resources)
    }

    /// Resources of one type.
    pub fn resources_of<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s Resource<'a>> {
        self.resources().filter(move |r| r.kind == kind)
    }

    pub fn data_sources(&self) -> impl Iterator<Item = &Resource<'a>> {
        self.files.iter().flat_map(|f| &f.data)
    }

    pub fn variables(&self) -> impl Iterator<Item = &Variable<'a>> {
        self.files.iter().flat_map(|f| &f.variables)
    }

    pub fn variable(&self, name: &str) -> Option<&Variable<'a>> {
        self.variables().find(|v| v.name == name)
    }

    pub fn locals(&self) -> impl Iterator<Item = &Local<'a>> {
        self.files.iter().flat_map(|f| &f.locals)
    }

    pub fn local(&self, name: &str) -> Option<&Local<'a>> {
        self.locals().find(|l| l.name == name)
    }

    pub fn outputs(&self) -> impl Iterator<Item = &Output<'a>> {
        self.files.iter().flat_map(|f| &f.outputs)
    }

    pub fn module_calls(&self) -> impl Iterator<Item = &ModuleCall<'a>> {
        self.files.iter().flat_map(|f| &f.modules)
    }

    pub fn providers(&self) -> impl Iterator<Item = &Provider<'a>> {
        self.files.iter().flat_map(|f| &f.providers)
    }

    pub fn terraform_blocks(&self) -> impl Iterator<Item = &TerraformBlock<'a>> {
        self.files.iter().flat_map(|f| &f.terraform)
    }

    /// The `backend` block, wherever it is in the module.
    pub fn backend(&self) -> Option<&Backend<'a>> {
        self.terraform_blocks().find_map(|t| t.backend.as_ref())
    }

    /// Whether a `cloud` block (HCP Terraform) holds the state.
    pub fn has_cloud(&self) -> bool {
        self.terraform_blocks().any(|t| t.cloud.is_some())
    }

    /// Resources of type `kind` that refer to `target` (an
    /// `aws_s3_bucket_versioning` whose `bucket = aws_s3_bucket.logs.id`).
    pub fn resources_referencing<'s>(
        &'s self,
        target: &Resource<'_>,
        kind: &str,
    ) -> Vec<&'s Resource<'a>> {
        self.resources()
            .filter(|r| r.kind == kind && r.refers_to(target))
            .collect()
    }

    /// Resources of the module that `resource` refers to.
    pub fn referenced_by<'s>(&'s self, resource: &Resource<'_>) -> Vec<&'s Resource<'a>> {
        self.resources()
            .chain(self.data_sources())
            .filter(|r| resource.refers_to(r))
            .collect()
    }

    /// Called by a `module` block of the run.
    pub fn is_called(&self) -> bool {
        !self.callers.is_empty()
    }

    /// A root module: it configures a provider or a backend/cloud and no
    /// `module` block of the run calls it.
    pub fn is_root(&self) -> bool {
        !self.is_called()
            && (self.backend().is_some() || self.has_cloud() || self.providers().next().is_some())
    }

    /// A module meant to be called: called by a `module` block of the
    /// run, under a `modules/` directory, or declaring variables without
    /// configuring providers or state.
    pub fn is_reusable(&self) -> bool {
        self.is_called()
            || self
                .dir
                .components()
                .any(|c| matches!(c, Component::Normal(n) if n == "modules"))
            || (!self.is_root() && self.variables().next().is_some())
    }

    /// Evaluates an expression in this module's scope.
    pub fn eval(&self, expr: &Expr) -> Value {
        eval::eval(self, expr)
    }
}

/// Index of one file: its module and its place in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileId {
    pub module: usize,
    pub file: usize,
}

/// Every Terraform module of the run, and the Terragrunt and state files.
#[derive(Debug, Default)]
pub struct TerraformIndex<'a> {
    pub modules: Vec<Module<'a>>,
    by_path: HashMap<PathBuf, FileId>,
    pub terragrunt: Vec<&'a ParsedFile>,
    /// `*.tfstate` and `*.tfstate.backup` files of the run.
    pub state_files: Vec<&'a ParsedFile>,
}

impl<'a> TerraformIndex<'a> {
    pub fn build(files: &'a [ParsedFile]) -> TerraformIndex<'a> {
        let mut index = TerraformIndex::default();
        let mut by_dir: HashMap<PathBuf, usize> = HashMap::new();
        for f in files {
            match f.kind {
                FileKind::Terragrunt => index.terragrunt.push(f),
                FileKind::TerraformState => index.state_files.push(f),
                FileKind::Terraform => {
                    let Some(tf) = TfFile::read(f) else { continue };
                    let dir = normalize(f.fs_path.parent().unwrap_or(Path::new("")));
                    let m = *by_dir.entry(dir.clone()).or_insert_with(|| {
                        index.modules.push(Module {
                            dir,
                            files: Vec::new(),
                            callers: Vec::new(),
                        });
                        index.modules.len() - 1
                    });
                    let module = &mut index.modules[m];
                    index.by_path.insert(
                        f.source.path().as_ref().clone(),
                        FileId {
                            module: m,
                            file: module.files.len(),
                        },
                    );
                    module.files.push(tf);
                }
                _ => {}
            }
        }
        // Local module calls: `source = "./modules/x"` relative to the caller.
        let mut calls: Vec<(usize, &'a Block)> = Vec::new();
        for module in &index.modules {
            for call in module.module_calls() {
                if let Some(src) = call.source_str().filter(|_| call.is_local()) {
                    let target = normalize(&module.dir.join(src));
                    if let Some(&m) = by_dir.get(&target) {
                        calls.push((m, call.block));
                    }
                }
            }
        }
        for (m, block) in calls {
            index.modules[m].callers.push(block);
        }
        index
    }

    /// The module and file of a parsed Terraform file.
    pub fn file_id(&self, file: &ParsedFile) -> Option<FileId> {
        self.by_path.get(file.source.path().as_path()).copied()
    }

    pub fn module(&self, id: FileId) -> &Module<'a> {
        &self.modules[id.module]
    }

    pub fn file(&self, id: FileId) -> &TfFile<'a> {
        &self.modules[id.module].files[id.file]
    }
}
