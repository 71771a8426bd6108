use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a root module that keeps its state locally: a `backend
    /// "local"` block, or no `backend` and no `cloud` block at all. A root
    /// module is a directory that configures a provider or a backend and
    /// that no `module` block of the run calls. Not reported: directories
    /// under `examples/`, `example/`, `test/`, `tests/` or `fixtures/`
    /// (meant to be applied and destroyed locally), and directories below a
    /// `terragrunt.hcl`/`root.hcl` (Terragrunt generates the backend). The
    /// finding points at the module's `terraform` block, else its first
    /// `provider` block.
    ///
    /// ## Why is this bad?
    /// Local state lives on one machine: it is lost with it, cannot be
    /// shared with the team or CI, is never locked, and is easily committed
    /// with the secrets it holds.
    ///
    /// ## Example
    /// ```hcl
    /// terraform {
    ///   required_version = ">= 1.10"
    /// }
    ///
    /// provider "aws" {
    ///   region = "eu-west-1"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// terraform {
    ///   required_version = ">= 1.10"
    ///   backend "s3" {
    ///     bucket       = "acme-tfstate"
    ///     key          = "network/terraform.tfstate"
    ///     region       = "eu-west-1"
    ///     encrypt      = true
    ///     use_lockfile = true
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T01 (remote state, no local state).
    /// - <https://developer.hashicorp.com/terraform/language/backend>
    pub struct LocalState {
        code: "TF004",
        name: "local-state",
        summary: "Root module keeps its state locally",
        severity: Warning,
        category: Reliability,
        practices: ["T01"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// Directory names whose modules (and their children) are examples.
const EXAMPLE_DIRS: [&str; 2] = ["examples", "example"];

impl Rule for LocalState {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        for t in &cx.tf.terraform {
            if let Some(b) = &t.backend
                && b.kind == "local"
            {
                out.add(b.block.header_span(), "`backend \"local\"` keeps state on one machine")
                    .help("use a remote backend with encryption and locking (s3, gcs, azurerm) or HCP Terraform");
            }
        }
        let m = cx.module;
        if !m.is_root() || m.backend().is_some() || m.has_cloud() || support::under_terragrunt(cx) {
            return;
        }
        let example = m.dir.components().rev().take(2).any(|c| {
            c.as_os_str()
                .to_str()
                .is_some_and(|n| EXAMPLE_DIRS.contains(&n))
        });
        if example {
            return;
        }
        if let Some(span) = support::anchored_here(cx) {
            out.add(
                span,
                "this root module has no `backend` or `cloud` block: state is kept locally",
            )
            .help("add a remote backend with encryption and locking to the `terraform` block");
        }
    }
}
