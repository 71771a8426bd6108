//! TF033 and TF034: S3 buckets without access logging, and public canned
//! ACLs.

use super::prelude::*;
use super::support::{expr_refers_to, has_unresolved};

const BUCKET: &str = "aws_s3_bucket";
const LOGGING: &str = "aws_s3_bucket_logging";

/// Attributes through which other resources deliver logs into a bucket.
const LOG_TARGETS: [(&str, &str); 7] = [
    ("aws_s3_bucket", "logging.target_bucket"),
    ("aws_s3_bucket_logging", "target_bucket"),
    ("aws_cloudtrail", "s3_bucket_name"),
    ("aws_flow_log", "log_destination"),
    ("aws_lb", "access_logs.bucket"),
    ("aws_alb", "access_logs.bucket"),
    ("aws_elb", "access_logs.bucket"),
];

/// Whether the bucket receives logs: `acl = "log-delivery-write"`, or
/// another resource of the module delivers logs into it.
fn is_log_bucket(cx: &TerraformContext<'_>, bucket: &Resource<'_>) -> bool {
    let acl_is_log = |r: &Resource<'_>| {
        r.attr("acl")
            .is_some_and(|a| cx.eval(a.value).as_str() == Some("log-delivery-write"))
    };
    acl_is_log(bucket)
        || cx.module.resources().any(|r| {
            (r.kind == "aws_s3_bucket_acl" && r.refers_to(bucket) && acl_is_log(r))
                || LOG_TARGETS.iter().any(|(kind, path)| {
                    r.kind == *kind
                        && r.attr(path)
                            .is_some_and(|a| expr_refers_to(a.value, bucket))
                })
        })
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_s3_bucket` resources without server access logging:
    /// no `logging` block and no `aws_s3_bucket_logging` resource of the
    /// module for the bucket. Buckets that receive logs are not reported
    /// (an `acl = "log-delivery-write"`, or the target of another bucket's
    /// logging, a CloudTrail trail, a VPC flow log or a load balancer's
    /// access logs), nor any bucket when an `aws_s3_bucket_logging` of the
    /// module names a bucket the module cannot resolve.
    ///
    /// ## Why is this bad?
    /// Without access logs there is no record of who read, wrote or
    /// deleted objects: a leak or a destructive mistake cannot be
    /// investigated, and unusual access patterns go unnoticed.
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
    /// resource "aws_s3_bucket_logging" "data" {
    ///   bucket        = aws_s3_bucket.data.id
    ///   target_bucket = aws_s3_bucket.logs.id
    ///   target_prefix = "data/"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics).
    /// - checkov CKV_AWS_18; Trivy AVD-AWS-0089.
    pub struct S3BucketAccessLoggingMissing {
        code: "TF033",
        name: "s3-bucket-access-logging-missing",
        summary: "S3 bucket without server access logging",
        severity: Info,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_18", Trivy "AVD-AWS-0089"],
        fix: None,
        default: true,
    }
}

impl Rule for S3BucketAccessLoggingMissing {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != BUCKET
            || is_set(r, "logging")
            || r.has_dynamic("logging")
            || !configured_by(cx, r, LOGGING, "bucket", "bucket").is_empty()
            || has_unresolved(cx, LOGGING, "bucket", BUCKET)
            || is_log_bucket(cx, r)
        {
            return;
        }
        out.add(
            r.header_span(),
            format!(
                "{} has no access logging (no `logging` block and no `{LOGGING}` for it)",
                subject(r)
            ),
        )
        .help(format!(
            "add an `{LOGGING}` that delivers the bucket's access logs to a log bucket"
        ));
    }
}

/// Canned ACLs that grant access beyond the account.
const PUBLIC_ACLS: [(&str, &str); 3] = [
    (
        "public-read",
        "anyone on the internet can list and read its objects",
    ),
    (
        "public-read-write",
        "anyone on the internet can read, write and delete its objects",
    ),
    (
        "authenticated-read",
        "every AWS account in the world can list and read its objects",
    ),
];

declare_rule! {
    /// ## What it does
    /// Reports the canned ACLs `public-read`, `public-read-write` and
    /// `authenticated-read` on `aws_s3_bucket` (`acl`) and
    /// `aws_s3_bucket_acl` resources, written literally or through a
    /// variable's default.
    ///
    /// ## Why is this bad?
    /// `public-read` lets anyone list and download every object,
    /// `public-read-write` also lets anyone upload, overwrite and delete
    /// (and run up the bill), and `authenticated-read` opens the bucket to
    /// every AWS account, not just yours. Public content is better served
    /// through CloudFront with origin access control, keeping the bucket
    /// private.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_s3_bucket_acl" "site" {
    ///   bucket = aws_s3_bucket.site.id
    ///   acl    = "public-read"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// Keep the bucket private (`acl = "private"`, or object ownership
    /// `BucketOwnerEnforced` with no ACL) and serve it through CloudFront.
    ///
    /// ## References
    /// - Practice T11 (storage basics: no public buckets).
    /// - checkov CKV_AWS_20, CKV_AWS_57; Trivy AVD-AWS-0092.
    pub struct S3BucketPublicAcl {
        code: "TF034",
        name: "s3-bucket-public-acl",
        summary: "S3 bucket with a public canned ACL",
        severity: Error,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_20", Checkov "CKV_AWS_57", Trivy "AVD-AWS-0092"],
        fix: None,
        default: true,
    }
}

impl Rule for S3BucketPublicAcl {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != BUCKET && r.kind != "aws_s3_bucket_acl" {
            return;
        }
        let Some((a, v, acl)) = known_str(cx, r, "acl") else {
            return;
        };
        if let Some((_, effect)) = PUBLIC_ACLS.iter().find(|(name, _)| *name == acl) {
            out.add(
                a.span,
                format!("{} sets `acl` to {}: {effect}", subject(r), shown(cx, &a, &v)),
            )
            .help("keep the bucket private (`acl = \"private\"`) and serve public content through CloudFront");
        }
    }
}
