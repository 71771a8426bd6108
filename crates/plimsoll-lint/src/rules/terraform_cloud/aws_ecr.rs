//! TF058 and TF059: ECR repositories with mutable tags or without scanning
//! on push.

use super::prelude::*;

const REPO: &str = "aws_ecr_repository";

declare_rule! {
    /// ## What it does
    /// Reports `aws_ecr_repository` resources whose
    /// `image_tag_mutability` is unset (the default is `MUTABLE`) or
    /// `MUTABLE`. `IMMUTABLE` and `IMMUTABLE_WITH_EXCLUSION` pass.
    ///
    /// ## Why is this bad?
    /// A mutable tag can be pushed again with different content: a
    /// deployment of `api:1.4.2` may run an image nobody reviewed, a
    /// rollback may not restore what ran before, and someone with push
    /// rights can swap a released image silently.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_ecr_repository" "api" {
    ///   name = "api"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_ecr_repository" "api" {
    ///   name                 = "api"
    ///   image_tag_mutability = "IMMUTABLE"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice S02 (supply chain: the image deployed is the image built).
    /// - checkov CKV_AWS_51; Trivy AVD-AWS-0031.
    pub struct EcrMutableImageTags {
        code: "TF058",
        name: "ecr-mutable-image-tags",
        summary: "ECR repository whose image tags can be overwritten",
        severity: Warning,
        category: Security,
        practices: ["S02"],
        peers: [Checkov "CKV_AWS_51", Trivy "AVD-AWS-0031"],
        fix: None,
        default: true,
    }
}

impl Rule for EcrMutableImageTags {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != REPO {
            return;
        }
        let help = "set `image_tag_mutability = \"IMMUTABLE\"`";
        match setting(cx, r, "image_tag_mutability") {
            Setting::Missing => {
                out.add(
                    r.header_span(),
                    format!(
                        "{} does not set `image_tag_mutability` (default `MUTABLE`), so pushed tags can be overwritten",
                        subject(r)
                    ),
                )
                .help(help);
            }
            Setting::Known(a, v)
                if v.as_str()
                    .is_some_and(|s| s.eq_ignore_ascii_case("MUTABLE")) =>
            {
                out.add(
                    a.span,
                    format!(
                        "{} sets `image_tag_mutability` to {}, so pushed tags can be overwritten",
                        subject(r),
                        shown(cx, &a, &v)
                    ),
                )
                .help(help);
            }
            _ => {}
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_ecr_repository` resources without
    /// `image_scanning_configuration { scan_on_push = true }`. Nothing is
    /// reported when the run declares an
    /// `aws_ecr_registry_scanning_configuration` (registry-wide scanning,
    /// which replaces the per-repository setting).
    ///
    /// ## Why is this bad?
    /// Without scanning, images with known vulnerable packages are pushed
    /// and deployed without anyone being told; scanning on push reports
    /// them when the image arrives, before it runs.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_ecr_repository" "api" {
    ///   name                 = "api"
    ///   image_tag_mutability = "IMMUTABLE"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_ecr_repository" "api" {
    ///   name                 = "api"
    ///   image_tag_mutability = "IMMUTABLE"
    ///   image_scanning_configuration {
    ///     scan_on_push = true
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice S02 (supply chain: image scanning).
    /// - checkov CKV_AWS_163; Trivy AVD-AWS-0030.
    pub struct EcrScanOnPushDisabled {
        code: "TF059",
        name: "ecr-scan-on-push-disabled",
        summary: "ECR repository without image scanning on push",
        severity: Info,
        category: Security,
        practices: ["S02"],
        peers: [Checkov "CKV_AWS_163", Trivy "AVD-AWS-0030"],
        fix: None,
        default: true,
    }
}

impl Rule for EcrScanOnPushDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != REPO
            || support::run_resources(cx, "aws_ecr_registry_scanning_configuration")
                .next()
                .is_some()
        {
            return;
        }
        check_bool(
            cx,
            r,
            &BoolCheck {
                path: "image_scanning_configuration.scan_on_push",
                want: true,
                default: false,
                problem: "pushed images are not scanned for known vulnerabilities",
                help: "add `image_scanning_configuration { scan_on_push = true }`",
            },
            out,
        );
    }
}
