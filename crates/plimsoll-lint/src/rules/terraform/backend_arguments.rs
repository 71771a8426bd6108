use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports arguments of an `s3` backend block that Terraform 1.10's S3
    /// backend deprecates, with their replacement: `endpoint`,
    /// `dynamodb_endpoint`, `iam_endpoint`, `sts_endpoint` (now the
    /// `endpoints` object), `force_path_style` (`use_path_style`),
    /// `shared_credentials_file` (`shared_credentials_files`), and the
    /// top-level `role_arn`, `session_name`, `external_id` and
    /// `assume_role_*` arguments (now the `assume_role` block). Arguments the
    /// backend does not know at all are reported too, as likely typos.
    ///
    /// ## Why is this bad?
    /// Deprecated arguments print warnings at every `init` and are removed
    /// in a later release; an unknown argument makes `terraform init` fail
    /// ("Unsupported argument").
    ///
    /// ## Example
    /// ```hcl
    /// terraform {
    ///   backend "s3" {
    ///     bucket   = "acme-tfstate"
    ///     key      = "network/terraform.tfstate"
    ///     role_arn = "arn:aws:iam::123456789012:role/terraform"
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// terraform {
    ///   backend "s3" {
    ///     bucket = "acme-tfstate"
    ///     key    = "network/terraform.tfstate"
    ///     assume_role = {
    ///       role_arn = "arn:aws:iam::123456789012:role/terraform"
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practices T01 (remote state) and T04 (a configuration current
    ///   Terraform accepts).
    /// - <https://developer.hashicorp.com/terraform/language/backend/s3>
    pub struct S3BackendArgument {
        code: "TF024",
        name: "s3-backend-deprecated-argument",
        summary: "Deprecated or unknown S3 backend argument",
        severity: Warning,
        category: Correctness,
        practices: ["T01", "T04"],
        peers: [],
        fix: None,
        default: true,
    }
}

const KNOWN: [&str; 43] = [
    "bucket",
    "key",
    "region",
    "acl",
    "encrypt",
    "kms_key_id",
    "sse_customer_key",
    "use_path_style",
    "workspace_key_prefix",
    "use_lockfile",
    "dynamodb_table",
    "endpoints",
    "assume_role",
    "assume_role_with_web_identity",
    "access_key",
    "secret_key",
    "token",
    "profile",
    "allowed_account_ids",
    "forbidden_account_ids",
    "custom_ca_bundle",
    "ec2_metadata_service_endpoint",
    "ec2_metadata_service_endpoint_mode",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "insecure",
    "max_retries",
    "retry_mode",
    "shared_config_files",
    "shared_credentials_files",
    "skip_credentials_validation",
    "skip_region_validation",
    "skip_requesting_account_id",
    "skip_metadata_api_check",
    "skip_s3_checksum",
    "sts_region",
    "use_dualstack_endpoint",
    "use_fips_endpoint",
    "dynamodb_endpoint",
    "iam_endpoint",
    "sts_endpoint",
    "endpoint",
];

/// Deprecated arguments and what replaces them.
const DEPRECATED: [(&str, &str); 15] = [
    ("endpoint", "`endpoints = { s3 = ... }`"),
    ("dynamodb_endpoint", "`endpoints = { dynamodb = ... }`"),
    ("iam_endpoint", "`endpoints = { iam = ... }`"),
    ("sts_endpoint", "`endpoints = { sts = ... }`"),
    ("force_path_style", "`use_path_style`"),
    ("shared_credentials_file", "`shared_credentials_files`"),
    ("role_arn", "`assume_role = { role_arn = ... }`"),
    ("session_name", "`assume_role = { session_name = ... }`"),
    ("external_id", "`assume_role = { external_id = ... }`"),
    (
        "assume_role_duration_seconds",
        "`assume_role = { duration = ... }`",
    ),
    ("assume_role_policy", "`assume_role = { policy = ... }`"),
    (
        "assume_role_policy_arns",
        "`assume_role = { policy_arns = ... }`",
    ),
    ("assume_role_tags", "`assume_role = { tags = ... }`"),
    (
        "assume_role_transitive_tag_keys",
        "`assume_role = { transitive_tag_keys = ... }`",
    ),
    (
        "skip_get_ec2_platforms",
        "nothing (the argument has no effect)",
    ),
];

impl Rule for S3BackendArgument {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        for t in &cx.tf.terraform {
            let Some(b) = t.backend.as_ref().filter(|b| b.kind == "s3") else {
                continue;
            };
            for a in &b.block.body.attributes {
                if let Some((_, instead)) = DEPRECATED.iter().find(|(k, _)| *k == a.key) {
                    out.add(
                        a.key_span,
                        format!("the S3 backend argument `{}` is deprecated", a.key),
                    )
                    .help(format!("use {instead}"));
                } else if !KNOWN.contains(&a.key.as_str()) {
                    out.add(a.key_span, format!("`{}` is not an argument of the S3 backend", a.key))
                        .help("check the spelling against the S3 backend documentation; `terraform init` rejects unknown arguments");
                }
            }
        }
    }
}
