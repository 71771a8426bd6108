use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an `s3` backend that does not set `encrypt = true`, at
    /// `encrypt = false` when written, else at the `backend "s3"` header.
    /// A partial configuration (no `bucket` in the block: the rest comes
    /// from `-backend-config` at `terraform init`) is only reported for an
    /// explicit `encrypt = false`.
    ///
    /// ## Why is this bad?
    /// State holds every attribute of every resource, database passwords
    /// and private keys included, in plain text. Without `encrypt` the
    /// backend does not ask S3 for server-side encryption of the state
    /// object (buckets with default encryption still encrypt it, but the
    /// configuration no longer says so and a bucket change exposes it).
    ///
    /// ## Example
    /// ```hcl
    /// terraform {
    ///   backend "s3" {
    ///     bucket       = "acme-tfstate"
    ///     key          = "network/terraform.tfstate"
    ///     region       = "eu-west-1"
    ///     use_lockfile = true
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// terraform {
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
    /// - Practice T01 (remote state with encryption and locking).
    /// - <https://developer.hashicorp.com/terraform/language/backend/s3>
    pub struct S3BackendUnencrypted {
        code: "TF002",
        name: "s3-backend-unencrypted",
        summary: "S3 backend without `encrypt = true`",
        severity: Warning,
        category: Security,
        practices: ["T01"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `s3` backend without state locking: neither
    /// `use_lockfile = true` (S3-native locking, Terraform 1.10 and later)
    /// nor `dynamodb_table`. A backend locking only with `dynamodb_table`
    /// gets an Info finding: DynamoDB locking is deprecated in favour of
    /// `use_lockfile`. Partial configurations (no `bucket` in the block)
    /// are not judged.
    ///
    /// ## Why is this bad?
    /// Without a lock, two `apply` runs at the same time (two engineers, or
    /// CI and a laptop) write the state concurrently and one of them loses
    /// resources from it.
    ///
    /// ## Example
    /// ```hcl
    /// terraform {
    ///   backend "s3" {
    ///     bucket  = "acme-tfstate"
    ///     key     = "network/terraform.tfstate"
    ///     region  = "eu-west-1"
    ///     encrypt = true
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// terraform {
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
    /// - Practice T01 (remote state with encryption and locking).
    /// - <https://developer.hashicorp.com/terraform/language/backend/s3#state-locking>
    pub struct S3BackendWithoutLocking {
        code: "TF003",
        name: "s3-backend-without-locking",
        summary: "S3 backend without state locking",
        severity: Warning,
        category: Reliability,
        practices: ["T01"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// The `s3` backends of this file, with whether each is a full
/// configuration (has `bucket`).
fn s3_backends<'a>(cx: &'a TerraformContext<'_>) -> impl Iterator<Item = (&'a Block, bool)> + 'a {
    cx.tf
        .terraform
        .iter()
        .filter_map(|t| t.backend.as_ref())
        .filter(|b| b.kind == "s3")
        .map(|b| (b.block, b.block.attr("bucket").is_some()))
}

impl Rule for S3BackendUnencrypted {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        for (block, full) in s3_backends(cx) {
            match block.attr("encrypt") {
                Some(a) if cx.eval(&a.value).as_bool() == Some(false) => {
                    out.add(
                        a.span,
                        "the S3 backend stores state unencrypted (`encrypt = false`)",
                    )
                    .help("set `encrypt = true`");
                }
                None if full => {
                    out.add(
                        block.header_span(),
                        "the S3 backend does not set `encrypt = true`: state is not encrypted by the backend",
                    )
                    .help("add `encrypt = true` to the backend block");
                }
                Some(_) | None => {}
            }
        }
    }
}

impl Rule for S3BackendWithoutLocking {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        for (block, full) in s3_backends(cx) {
            let lockfile = block.attr("use_lockfile").map(|a| (a, cx.eval(&a.value)));
            if lockfile
                .as_ref()
                .is_some_and(|(_, v)| v.as_bool() != Some(false))
            {
                continue;
            }
            if let Some(table) = block.attr("dynamodb_table") {
                out.add(
                    table.span,
                    "the S3 backend locks with `dynamodb_table`, which is deprecated",
                )
                .help("use S3-native locking: `use_lockfile = true` (Terraform 1.10+), then drop `dynamodb_table`")
                .severity(Severity::Info);
                continue;
            }
            if let Some((a, _)) = lockfile {
                out.add(
                    a.span,
                    "the S3 backend disables state locking (`use_lockfile = false`)",
                )
                .help("set `use_lockfile = true`");
            } else if full {
                out.add(block.header_span(), "the S3 backend has no state locking")
                    .help("add `use_lockfile = true` (Terraform 1.10+)");
            }
        }
    }
}
