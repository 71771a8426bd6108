use super::prelude::*;
use crate::kind::FileKind;
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it does
    /// Reports Terraform state in the checked tree: every `*.tfstate` and
    /// `*.tfstate.backup` file that discovery finds (files your
    /// `.gitignore` ignores are not found), and a `.terraform/` directory
    /// beside a module's `.tf` files that no ignore file covers. State
    /// files are never read.
    ///
    /// ## Why is this bad?
    /// State holds every attribute of every resource, secrets included, in
    /// plain text: committed, it leaks to everyone with repository access
    /// and stays in history. A committed local state also diverges from
    /// the real one at the first `apply` elsewhere. `.terraform/` holds
    /// provider binaries and may hold a copy of the state.
    ///
    /// ## Example
    /// ```hcl
    /// # repository tree
    /// # network/main.tf
    /// # network/terraform.tfstate
    /// ```
    ///
    /// ## Use instead
    /// Keep state in a remote backend and ignore local artefacts:
    ///
    /// ```hcl
    /// # .gitignore
    /// # *.tfstate
    /// # *.tfstate.*
    /// # .terraform/
    /// ```
    ///
    /// ## References
    /// - Practice T01 (no `*.tfstate` in the repository).
    /// - <https://developer.hashicorp.com/terraform/language/state/sensitive-data>
    pub struct StateInRepository {
        code: "TF009",
        name: "state-in-repository",
        summary: "Terraform state or `.terraform/` in the repository",
        severity: Error,
        category: Security,
        practices: ["T01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for StateInRepository {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        for f in cx
            .files
            .iter()
            .filter(|f| f.kind == FileKind::TerraformState)
        {
            out.add(f, Span::empty(0), "Terraform state file in the repository")
                .help("move state to a remote backend, delete this file and add `*.tfstate*` to `.gitignore` (rotate the secrets it holds)");
        }
        let mut seen = BTreeSet::new();
        for f in cx.files.iter().filter(|f| f.kind == FileKind::Terraform) {
            let Some(dir) = f.fs_path.parent() else {
                continue;
            };
            if !seen.insert(dir.to_path_buf()) || !dir.join(".terraform").is_dir() {
                continue;
            }
            if dot_terraform_visible(dir) {
                out.add(
                    f,
                    Span::empty(0),
                    "`.terraform/` beside this module is not ignored",
                )
                .help("add `.terraform/` to `.gitignore`");
            }
        }
    }
}

/// Whether a walk of `dir` that honours ignore files (of `dir` and its
/// parents) yields its `.terraform` directory.
fn dot_terraform_visible(dir: &std::path::Path) -> bool {
    ignore::WalkBuilder::new(dir)
        .max_depth(Some(1))
        .hidden(false)
        .require_git(false)
        .add_custom_ignore_filename(".plimsollignore")
        .build()
        .flatten()
        .any(|e| e.depth() == 1 && e.file_name() == ".terraform")
}
