//! TF052-TF054: CloudTrail trails limited to one region, without log file
//! validation, or without KMS encryption.

use super::prelude::*;

const TRAIL: &str = "aws_cloudtrail";

declare_rule! {
    /// ## What it does
    /// Reports `aws_cloudtrail` resources whose `is_multi_region_trail` is
    /// unset (the default is `false`) or `false`. Organization trails
    /// (`is_organization_trail = true`) are judged the same way.
    ///
    /// ## Why is this bad?
    /// A single-region trail records nothing done in the other regions:
    /// an attacker who starts instances or creates resources in an unused
    /// region leaves no trace. A multi-region trail also records global
    /// service events (IAM, STS) once.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name           = "main"
    ///   s3_bucket_name = aws_s3_bucket.trail.id
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name                  = "main"
    ///   s3_bucket_name        = aws_s3_bucket.trail.id
    ///   is_multi_region_trail = true
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: the audit log bucket's content).
    /// - checkov CKV_AWS_67; Trivy AVD-AWS-0014.
    pub struct CloudtrailSingleRegion {
        code: "TF052",
        name: "cloudtrail-single-region",
        summary: "CloudTrail trail recording a single region",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_67", Trivy "AVD-AWS-0014"],
        fix: None,
        default: true,
    }
}

impl Rule for CloudtrailSingleRegion {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind == TRAIL {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path: "is_multi_region_trail",
                    want: true,
                    default: false,
                    problem: "activity in other regions is not recorded",
                    help: "set `is_multi_region_trail = true`",
                },
                out,
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_cloudtrail` resources whose
    /// `enable_log_file_validation` is unset (the default is `false`) or
    /// `false`.
    ///
    /// ## Why is this bad?
    /// Without digest files nobody can prove that a log file was not
    /// modified or deleted after delivery: an attacker with access to the
    /// bucket can erase their tracks undetected.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name                  = "main"
    ///   s3_bucket_name        = aws_s3_bucket.trail.id
    ///   is_multi_region_trail = true
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name                       = "main"
    ///   s3_bucket_name             = aws_s3_bucket.trail.id
    ///   is_multi_region_trail      = true
    ///   enable_log_file_validation = true
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: integrity of stored audit logs).
    /// - checkov CKV_AWS_36; Trivy AVD-AWS-0016.
    pub struct CloudtrailLogValidationDisabled {
        code: "TF053",
        name: "cloudtrail-log-validation-disabled",
        summary: "CloudTrail trail without log file validation",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_36", Trivy "AVD-AWS-0016"],
        fix: None,
        default: true,
    }
}

impl Rule for CloudtrailLogValidationDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind == TRAIL {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path: "enable_log_file_validation",
                    want: true,
                    default: false,
                    problem: "tampering with delivered log files cannot be detected",
                    help: "set `enable_log_file_validation = true`",
                },
                out,
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_cloudtrail` resources without `kms_key_id` (or with it
    /// `null`).
    ///
    /// ## Why is this bad?
    /// The logs are then encrypted with S3-managed keys only: anyone who
    /// can read the bucket can read the whole account's activity. With a
    /// customer-managed KMS key, reading the logs also needs `kms:Decrypt`,
    /// which is granted separately and audited.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name           = "main"
    ///   s3_bucket_name = aws_s3_bucket.trail.id
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name           = "main"
    ///   s3_bucket_name = aws_s3_bucket.trail.id
    ///   kms_key_id     = aws_kms_key.trail.arn
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: encryption of stored logs).
    /// - checkov CKV_AWS_35; Trivy AVD-AWS-0015.
    pub struct CloudtrailNotKmsEncrypted {
        code: "TF054",
        name: "cloudtrail-not-kms-encrypted",
        summary: "CloudTrail trail without a KMS key",
        severity: Info,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_35", Trivy "AVD-AWS-0015"],
        fix: None,
        default: true,
    }
}

impl Rule for CloudtrailNotKmsEncrypted {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind == TRAIL && !is_set_non_null(cx, r, "kms_key_id") {
            out.add(
                r.header_span(),
                format!(
                    "{} does not set `kms_key_id`, so its logs are readable by anyone who can read the bucket",
                    subject(r)
                ),
            )
            .help("encrypt the trail with a customer-managed key: `kms_key_id = aws_kms_key.trail.arn`");
        }
    }
}
