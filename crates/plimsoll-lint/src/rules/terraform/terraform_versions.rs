use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a root module (a directory that configures a provider or a
    /// backend and that no `module` block of the run calls) with no
    /// `required_version` in any of its `terraform` blocks. The finding
    /// points at the `terraform` block, else the first `provider` block.
    ///
    /// ## Why is this bad?
    /// Any Terraform version will then run the configuration, and a newer
    /// one may upgrade the state format so that teammates and CI on the
    /// older version can no longer read it.
    ///
    /// ## Example
    /// ```hcl
    /// terraform {
    ///   required_providers {
    ///     aws = { source = "hashicorp/aws", version = "~> 5.0" }
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// terraform {
    ///   required_version = "~> 1.9"
    ///   required_providers {
    ///     aws = { source = "hashicorp/aws", version = "~> 5.0" }
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T04 (`required_version` and `required_providers` with
    ///   version constraints).
    /// - <https://developer.hashicorp.com/terraform/language/terraform#required_version>
    pub struct MissingRequiredVersion {
        code: "TF006",
        name: "missing-required-version",
        summary: "Root module without `required_version`",
        severity: Warning,
        category: Reliability,
        practices: ["T04"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an entry of `required_providers` without a version
    /// constraint (`aws = { source = "hashicorp/aws" }`), in any module.
    ///
    /// ## Why is this bad?
    /// `terraform init` then installs the newest provider release whenever
    /// the lock file is absent or upgraded, and a major release can change
    /// or remove resource arguments. Reusable modules should still state
    /// the minimum version they were written for.
    ///
    /// ## Example
    /// ```hcl
    /// terraform {
    ///   required_providers {
    ///     aws = { source = "hashicorp/aws" }
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// terraform {
    ///   required_providers {
    ///     aws = { source = "hashicorp/aws", version = "~> 5.0" }
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practices T03 (pinned sources) and T04 (`required_providers` with
    ///   version constraints).
    /// - <https://developer.hashicorp.com/terraform/language/providers/requirements>
    pub struct ProviderVersionMissing {
        code: "TF007",
        name: "provider-version-missing",
        summary: "Required provider without a version constraint",
        severity: Warning,
        category: Reliability,
        practices: ["T03", "T04"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports version constraints with a lower bound only (`>= 1.0`,
    /// `> 4.2`) in `required_version` and in `required_providers`, in root
    /// modules. Constraints with `~>`, an upper bound (`>= 1.5, < 2.0`) or
    /// an exact version are fine. Off by default: reusable modules and
    /// many teams deliberately state only a minimum and rely on the lock
    /// file.
    ///
    /// ## Why is this bad?
    /// The next major release satisfies the constraint, so an upgrade with
    /// breaking changes is taken without anyone deciding to.
    ///
    /// ## Example
    /// ```hcl
    /// terraform {
    ///   required_version = ">= 1.0"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// terraform {
    ///   required_version = "~> 1.9"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T04 (version constraints).
    /// - <https://developer.hashicorp.com/terraform/language/expressions/version-constraints>
    pub struct UnboundedVersionConstraint {
        code: "TF008",
        name: "unbounded-version-constraint",
        summary: "Version constraint without an upper bound",
        severity: Info,
        category: BestPractice,
        practices: ["T04"],
        peers: [],
        fix: None,
        default: false,
    }
}

impl Rule for MissingRequiredVersion {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        if !cx.module.is_root()
            || cx
                .module
                .terraform_blocks()
                .any(|t| t.required_version.is_some())
        {
            return;
        }
        if let Some(span) = support::anchored_here(cx) {
            out.add(span, "this root module does not set `required_version`")
                .help("add `required_version = \"~> 1.9\"` (your Terraform version) to the `terraform` block");
        }
    }
}

impl Rule for ProviderVersionMissing {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        for t in &cx.tf.terraform {
            for p in &t.required_providers {
                if p.version.is_some() {
                    continue;
                }
                // `aws = var.x` or other shapes: not judged.
                if !matches!(p.attr.value, Expr::Object(_)) {
                    continue;
                }
                out.add(
                    p.attr.span,
                    format!("provider `{}` has no version constraint", p.name),
                )
                .help("add `version = \"~> X.Y\"` to the entry");
            }
        }
    }
}

/// Whether a constraint string has only lower bounds.
fn unbounded(constraint: &str) -> bool {
    let parts: Vec<&str> = constraint.split(',').map(str::trim).collect();
    !parts.is_empty()
        && parts
            .iter()
            .all(|p| p.starts_with(">=") || (p.starts_with('>') && !p.starts_with(">=")))
        && parts.iter().all(|p| !p.starts_with("~>"))
}

impl Rule for UnboundedVersionConstraint {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        if !cx.module.is_root() {
            return;
        }
        for t in &cx.tf.terraform {
            if let Some(a) = t.required_version
                && let Some(s) = literal_str(&a.value)
                && unbounded(s)
            {
                out.add(
                    a.span,
                    format!("`required_version = \"{s}\"` has no upper bound"),
                )
                .help("use a pessimistic constraint such as `~> 1.9`");
            }
            for p in &t.required_providers {
                if let Some(v) = p.version
                    && let Some(s) = v.literal_str()
                    && unbounded(s)
                {
                    out.add(
                        v.span,
                        format!("provider `{}` version `{s}` has no upper bound", p.name),
                    )
                    .help("use a pessimistic constraint such as `~> 5.0`");
                }
            }
        }
    }
}
