//! TF030-TF032: S3 buckets without declared encryption, versioning or a
//! public access block, inline or in the separate configuration resources
//! of AWS provider v4+.

use super::prelude::*;
use super::support::has_unresolved;

const BUCKET: &str = "aws_s3_bucket";
const SSE: &str = "aws_s3_bucket_server_side_encryption_configuration";
const VERSIONING: &str = "aws_s3_bucket_versioning";
const PAB: &str = "aws_s3_bucket_public_access_block";
const ACCOUNT_PAB: &str = "aws_s3_account_public_access_block";
const PAB_FLAGS: [&str; 4] = [
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

/// Whether a separate configuration resource of `kind` is (or may be) for
/// `bucket`.
fn configured(cx: &TerraformContext<'_>, bucket: &Resource<'_>, kind: &str) -> bool {
    !configured_by(cx, bucket, kind, "bucket", "bucket").is_empty()
        || has_unresolved(cx, kind, "bucket", BUCKET)
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_s3_bucket` resources that declare no server-side
    /// encryption: no `server_side_encryption_configuration` block and no
    /// `aws_s3_bucket_server_side_encryption_configuration` resource of
    /// the module for the bucket (by reference, or by the same literal
    /// bucket name). When such a resource points at a bucket the module
    /// cannot resolve (a variable), no bucket of the module is reported.
    ///
    /// ## Why is this bad?
    /// Since January 2023 S3 encrypts new objects with S3-managed keys
    /// (SSE-S3) anyway, so the data is not stored in clear; but the
    /// configuration does not say so, nobody chose the key, and access to
    /// the data cannot be separated from access to the bucket as a
    /// customer-managed KMS key (SSE-KMS) allows. Declaring the encryption
    /// makes the choice explicit and reviewable.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_s3_bucket" "data" {
    ///   bucket = "acme-data"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
    ///   bucket = aws_s3_bucket.data.id
    ///   rule {
    ///     apply_server_side_encryption_by_default {
    ///       sse_algorithm     = "aws:kms"
    ///       kms_master_key_id = aws_kms_key.data.arn
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: S3 encryption).
    /// - checkov CKV_AWS_19 (which passes buckets without configuration
    ///   since S3's default encryption); Trivy AVD-AWS-0088.
    pub struct S3BucketEncryptionUndeclared {
        code: "TF030",
        name: "s3-bucket-encryption-undeclared",
        summary: "S3 bucket without a declared server-side encryption",
        severity: Info,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_19", Trivy "AVD-AWS-0088"],
        fix: None,
        default: true,
    }
}

impl Rule for S3BucketEncryptionUndeclared {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != BUCKET
            || is_set(r, "server_side_encryption_configuration")
            || r.has_dynamic("server_side_encryption_configuration")
            || configured(cx, r, SSE)
        {
            return;
        }
        out.add(
            r.header_span(),
            format!(
                "{} declares no server-side encryption: no `server_side_encryption_configuration` \
                 block and no `{SSE}` for it, so only S3's default SSE-S3 applies",
                subject(r)
            ),
        )
        .help(format!(
            "add an `{SSE}` for the bucket, with `sse_algorithm = \"aws:kms\"` and your KMS key"
        ));
    }
}

declare_rule! {
    /// ## What it does
    /// Reports S3 buckets whose versioning is not enabled: an
    /// `aws_s3_bucket` with neither `versioning { enabled = true }` nor an
    /// `aws_s3_bucket_versioning` resource for it (by reference or
    /// literal bucket name), `versioning { enabled = false }`, and
    /// `aws_s3_bucket_versioning` resources whose
    /// `versioning_configuration.status` is not `"Enabled"`. Values from
    /// variable defaults are judged; unknown values are not.
    ///
    /// ## Why is this bad?
    /// Without versioning an overwrite or a delete, by mistake, by a
    /// faulty job or by an attacker, destroys the only copy of the object.
    /// Versioning keeps the previous versions, and lifecycle rules can
    /// expire them to bound the cost.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_s3_bucket_versioning" "data" {
    ///   bucket = aws_s3_bucket.data.id
    ///   versioning_configuration {
    ///     status = "Suspended"
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_s3_bucket_versioning" "data" {
    ///   bucket = aws_s3_bucket.data.id
    ///   versioning_configuration {
    ///     status = "Enabled"
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: S3 versioning).
    /// - checkov CKV_AWS_21; Trivy AVD-AWS-0090.
    pub struct S3BucketVersioningDisabled {
        code: "TF031",
        name: "s3-bucket-versioning-disabled",
        summary: "S3 bucket without versioning",
        severity: Warning,
        category: Reliability,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_21", Trivy "AVD-AWS-0090"],
        fix: None,
        default: true,
    }
}

impl Rule for S3BucketVersioningDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        const HELP: &str =
            "enable versioning: an `aws_s3_bucket_versioning` with `status = \"Enabled\"`";
        if r.kind == VERSIONING {
            if let Some((a, v, s)) = known_str(cx, r, "versioning_configuration.status")
                && !s.eq_ignore_ascii_case("enabled")
            {
                out.add(
                        a.span,
                        format!(
                            "{} sets `versioning_configuration.status` to {}, so the bucket keeps no previous versions",
                            subject(r),
                            shown(cx, &a, &v)
                        ),
                    )
                    .help(HELP);
            }
            return;
        }
        if r.kind != BUCKET || r.has_dynamic("versioning") {
            return;
        }
        if is_set(r, "versioning") {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path: "versioning.enabled",
                    want: true,
                    default: false,
                    problem: "overwritten and deleted objects cannot be recovered",
                    help: HELP,
                },
                out,
            );
            return;
        }
        if configured(cx, r, VERSIONING) {
            return;
        }
        out.add(
            r.header_span(),
            format!(
                "{} does not enable versioning (no `versioning` block and no `{VERSIONING}` for it), \
                 so overwritten and deleted objects cannot be recovered",
                subject(r)
            ),
        )
        .help(HELP);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports S3 buckets not covered by a public access block: an
    /// `aws_s3_bucket` without an `aws_s3_bucket_public_access_block` for
    /// it (by reference or literal bucket name), and public access blocks
    /// that leave one of `block_public_acls`, `block_public_policy`,
    /// `ignore_public_acls`, `restrict_public_buckets` unset or `false`.
    /// Nothing is reported when the run declares an
    /// `aws_s3_account_public_access_block` with the four flags `true`
    /// (account-wide, often in another root module).
    ///
    /// ## Why is this bad?
    /// One ACL or bucket policy written in a hurry (`public-read`,
    /// `"Principal": "*"`) makes the data public. The block makes S3 refuse
    /// and ignore such grants, so a mistake elsewhere cannot expose the
    /// bucket; all four flags are needed for that guarantee.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_s3_bucket_public_access_block" "data" {
    ///   bucket            = aws_s3_bucket.data.id
    ///   block_public_acls = true
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_s3_bucket_public_access_block" "data" {
    ///   bucket                  = aws_s3_bucket.data.id
    ///   block_public_acls       = true
    ///   block_public_policy     = true
    ///   ignore_public_acls      = true
    ///   restrict_public_buckets = true
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: S3 public access block).
    /// - checkov CKV2_AWS_6, CKV_AWS_53, CKV_AWS_54, CKV_AWS_55,
    ///   CKV_AWS_56; Trivy AVD-AWS-0094, AVD-AWS-0086, AVD-AWS-0087,
    ///   AVD-AWS-0091, AVD-AWS-0093.
    pub struct S3BucketPublicAccessNotBlocked {
        code: "TF032",
        name: "s3-bucket-public-access-not-blocked",
        summary: "S3 bucket without a complete public access block",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [
            Checkov "CKV2_AWS_6", Checkov "CKV_AWS_53", Checkov "CKV_AWS_54",
            Checkov "CKV_AWS_55", Checkov "CKV_AWS_56", Trivy "AVD-AWS-0094",
            Trivy "AVD-AWS-0086", Trivy "AVD-AWS-0087", Trivy "AVD-AWS-0091",
            Trivy "AVD-AWS-0093",
        ],
        fix: None,
        default: true,
    }
}

/// Whether the module blocks public access account-wide.
fn account_blocks(cx: &TerraformContext<'_>) -> bool {
    support::run_resources(cx, ACCOUNT_PAB).any(|(m, r)| {
        PAB_FLAGS.iter().all(|f| {
            r.attr(f)
                .is_some_and(|a| m.eval(a.value).as_bool() != Some(false))
        })
    })
}

impl Rule for S3BucketPublicAccessNotBlocked {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        const HELP: &str =
            "add an `aws_s3_bucket_public_access_block` for the bucket with the four flags `true`";
        if (r.kind != BUCKET && r.kind != PAB) || account_blocks(cx) {
            return;
        }
        if r.kind == PAB {
            let mut missing = Vec::new();
            for flag in PAB_FLAGS {
                match setting(cx, r, flag) {
                    Setting::Missing => missing.push(format!("`{flag}`")),
                    Setting::Known(a, v) if v.as_bool() == Some(false) => {
                        out.add(
                            a.span,
                            format!(
                                "{} sets `{flag}` to {}, so the bucket can still be made public",
                                subject(r),
                                shown(cx, &a, &v)
                            ),
                        )
                        .help(format!("set `{flag} = true`"));
                    }
                    _ => {}
                }
            }
            if !missing.is_empty() {
                out.add(
                    r.header_span(),
                    format!(
                        "{} does not set {} (default `false`), so the bucket can still be made public",
                        subject(r),
                        missing.join(", ")
                    ),
                )
                .help("set the four flags to `true`");
            }
            return;
        }
        if configured(cx, r, PAB) {
            return;
        }
        out.add(
            r.header_span(),
            format!(
                "{} has no `{PAB}`, so an ACL or bucket policy can make it public",
                subject(r)
            ),
        )
        .help(HELP);
    }
}
