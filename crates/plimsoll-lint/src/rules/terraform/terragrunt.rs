use super::prelude::*;
use super::support::SourcePin;

declare_rule! {
    /// ## What it does
    /// Reports a Terragrunt `remote_state` (block or attribute) without
    /// `generate`.
    ///
    /// ## Why is this bad?
    /// Without `generate`, Terragrunt only passes `-backend-config` values
    /// and every module must carry its own empty `backend` block; a module
    /// that lacks it silently keeps its state locally.
    ///
    /// ## Example
    /// ```hcl
    /// remote_state {
    ///   backend = "s3"
    ///   config = {
    ///     bucket       = "acme-tfstate"
    ///     key          = "${path_relative_to_include()}/terraform.tfstate"
    ///     region       = "eu-west-1"
    ///     encrypt      = true
    ///     use_lockfile = true
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// remote_state {
    ///   backend = "s3"
    ///   generate = {
    ///     path      = "backend.tf"
    ///     if_exists = "overwrite_terragrunt"
    ///   }
    ///   config = {
    ///     bucket       = "acme-tfstate"
    ///     key          = "${path_relative_to_include()}/terraform.tfstate"
    ///     region       = "eu-west-1"
    ///     encrypt      = true
    ///     use_lockfile = true
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T12 (root `remote_state` with `generate`).
    /// - <https://terragrunt.gruntwork.io/docs/reference/config-blocks-and-attributes/#remote_state>
    pub struct TerragruntRemoteStateWithoutGenerate {
        code: "TF014",
        name: "terragrunt-remote-state-without-generate",
        summary: "Terragrunt `remote_state` without `generate`",
        severity: Warning,
        category: Reliability,
        practices: ["T12"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a Terragrunt unit (a `terragrunt.hcl` with a `terraform {
    /// source = ... }` block) that neither `include`s a parent
    /// configuration nor declares its own `remote_state`.
    ///
    /// ## Why is this bad?
    /// The unit then gets no backend from Terragrunt and its state stays on
    /// the machine that ran it; it also misses the provider and input
    /// settings the root shares with every unit.
    ///
    /// ## Example
    /// ```hcl
    /// terraform {
    ///   source = "git::https://github.com/acme/modules.git//vpc?ref=v1.4.0"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// include "root" {
    ///   path = find_in_parent_folders("root.hcl")
    /// }
    ///
    /// terraform {
    ///   source = "git::https://github.com/acme/modules.git//vpc?ref=v1.4.0"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T12 (children `include` the root).
    /// - <https://terragrunt.gruntwork.io/docs/reference/config-blocks-and-attributes/#include>
    pub struct TerragruntMissingInclude {
        code: "TF015",
        name: "terragrunt-missing-include",
        summary: "Terragrunt unit without `include` or `remote_state`",
        severity: Warning,
        category: Reliability,
        practices: ["T12"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a Terragrunt `terraform { source = ... }` that can change
    /// under you: a Git URL without `?ref=` or with a branch `ref`
    /// (`main`, `master`, `HEAD`...), or a registry source (`tfr://`)
    /// without `?version=`. Tags and commits are accepted; local paths and
    /// interpolated sources are not judged.
    ///
    /// ## Why is this bad?
    /// Every `terragrunt apply` downloads whatever the branch holds at that
    /// moment, so environments drift apart and unreviewed changes reach
    /// production.
    ///
    /// ## Example
    /// ```hcl
    /// terraform {
    ///   source = "git::https://github.com/acme/modules.git//vpc"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// terraform {
    ///   source = "git::https://github.com/acme/modules.git//vpc?ref=v1.4.0"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practices T03 and T12 (sources pinned with `?ref=`).
    /// - <https://terragrunt.gruntwork.io/docs/reference/config-blocks-and-attributes/#terraform>
    pub struct TerragruntSourceUnpinned {
        code: "TF016",
        name: "terragrunt-source-unpinned",
        summary: "Terragrunt `terraform.source` not pinned",
        severity: Warning,
        category: Reliability,
        practices: ["T03", "T12"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// The `remote_state` of a Terragrunt file: the block's header and
/// whether it sets `generate`, or the attribute and the same.
fn remote_state(body: &Body) -> Option<(Span, Lookup<'_>)> {
    if let Some(b) = body.block("remote_state") {
        let generate = match crate::terraform::model::lookup(&b.body, "generate") {
            Lookup::Missing => b
                .body
                .block("generate")
                .map_or(Lookup::Missing, |_| Lookup::Dynamic),
            other => other,
        };
        return Some((b.header_span(), generate));
    }
    let a = body.attr("remote_state")?;
    let generate = crate::terraform::model::lookup(body, "remote_state.generate");
    Some((a.key_span, generate))
}

/// `terraform.source` of a Terragrunt file.
fn source(body: &Body) -> Option<&Attribute> {
    body.block("terraform")?.attr("source")
}

impl Rule for TerragruntRemoteStateWithoutGenerate {
    fn check_terragrunt(&self, cx: &TerragruntContext<'_>, out: &mut Diagnostics<'_>) {
        if let Some((span, Lookup::Missing)) = remote_state(&cx.hcl.body) {
            out.add(
                span,
                "`remote_state` has no `generate`: modules must each carry a `backend` block",
            )
            .help(
                "add `generate = { path = \"backend.tf\", if_exists = \"overwrite_terragrunt\" }`",
            );
        }
    }
}

impl Rule for TerragruntMissingInclude {
    fn check_terragrunt(&self, cx: &TerragruntContext<'_>, out: &mut Diagnostics<'_>) {
        let body = &cx.hcl.body;
        let Some(src) = source(body) else { return };
        if body.block("include").is_some()
            || body.attr("include").is_some()
            || remote_state(body).is_some()
        {
            return;
        }
        out.add(
            body.block("terraform").map_or(src.span, Block::header_span),
            "this Terragrunt unit has no `include` and no `remote_state`: it gets no backend",
        )
        .help("add `include \"root\" { path = find_in_parent_folders(\"root.hcl\") }`");
    }
}

impl Rule for TerragruntSourceUnpinned {
    fn check_terragrunt(&self, cx: &TerragruntContext<'_>, out: &mut Diagnostics<'_>) {
        let Some(src) = source(&cx.hcl.body) else {
            return;
        };
        let Some(s) = literal_str(&src.value) else {
            return;
        };
        if let Some(rest) = s.strip_prefix("tfr://") {
            if !rest.contains("version=") {
                out.add(
                    src.span,
                    "the registry source has no `?version=`: the latest release is used",
                )
                .help("append `?version=X.Y.Z`");
            }
            return;
        }
        match support::source_pin(s) {
            SourcePin::GitNoRef => {
                out.add(
                    src.span,
                    "the Git source has no `?ref=`: the default branch at run time",
                )
                .help("pin a tag or a commit: append `?ref=v1.2.3`");
            }
            SourcePin::GitBranch(b) => {
                out.add(src.span, format!("the source follows the branch `{b}`"))
                    .help("pin a tag or a commit instead of a branch");
            }
            _ => {}
        }
    }
}
