use super::prelude::*;
use super::support::SourcePin;

declare_rule! {
    /// ## What it does
    /// Reports a `module` block whose source can change under you: a Git
    /// source without `?ref=`, a Git `ref` naming a branch (`main`,
    /// `master`, `develop`, `dev`, `trunk`, `HEAD`...), or a registry
    /// module (`namespace/name/provider`) without `version`. A Git `ref`
    /// that is a tag or a commit is accepted. Local paths, archives and
    /// bucket sources are not judged.
    ///
    /// checkov's CKV_TF_1 wants a commit hash for every remote module
    /// (registry modules with a `version` included) and CKV_TF_2 a tag with
    /// a version number; this rule accepts a registry `version`, a tag or a
    /// commit, and only reports sources that certainly move.
    ///
    /// ## Why is this bad?
    /// `terraform init` fetches whatever the branch or the latest registry
    /// release holds at that moment, so two runs of the same code can
    /// create different infrastructure, and a compromised upstream reaches
    /// production without review.
    ///
    /// ## Example
    /// ```hcl
    /// module "vpc" {
    ///   source = "git::https://github.com/acme/terraform-vpc.git?ref=main"
    /// }
    ///
    /// module "eks" {
    ///   source = "terraform-aws-modules/eks/aws"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// module "vpc" {
    ///   source = "git::https://github.com/acme/terraform-vpc.git?ref=v2.3.1"
    /// }
    ///
    /// module "eks" {
    ///   source  = "terraform-aws-modules/eks/aws"
    ///   version = "~> 20.8"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T03 (module sources pinned, never a branch).
    /// - checkov CKV_TF_1, CKV_TF_2.
    /// - <https://developer.hashicorp.com/terraform/language/modules/sources>
    pub struct ModuleSourceUnpinned {
        code: "TF005",
        name: "module-source-unpinned",
        summary: "Module source not pinned to a version, tag or commit",
        severity: Warning,
        category: Reliability,
        practices: ["T03"],
        peers: [Checkov "CKV_TF_1", Checkov "CKV_TF_2"],
        fix: None,
        default: true,
    }
}

impl Rule for ModuleSourceUnpinned {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        for call in &cx.tf.modules {
            let (Some(attr), Some(source)) = (call.source, call.source_str()) else {
                continue;
            };
            match support::source_pin(source) {
                SourcePin::GitNoRef => {
                    out.add(
                        attr.span,
                        format!("module `{}` takes its Git source without `?ref=`: the default branch at init time", call.name),
                    )
                    .help("pin a tag or a commit: append `?ref=v1.2.3`");
                }
                SourcePin::GitBranch(branch) => {
                    out.add(
                        attr.span,
                        format!("module `{}` follows the branch `{branch}`", call.name),
                    )
                    .help("pin a tag or a commit instead of a branch: `?ref=v1.2.3`");
                }
                SourcePin::Registry if call.version.is_none() => {
                    out.add(
                        attr.span,
                        format!(
                            "registry module `{}` has no `version`: the latest release is used",
                            call.name
                        ),
                    )
                    .help("add `version = \"~> X.Y\"` (or an exact version)");
                }
                _ => {}
            }
        }
    }
}
