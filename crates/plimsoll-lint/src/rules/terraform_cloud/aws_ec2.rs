//! TF062: EC2 instances and launch templates that still answer IMDSv1.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `aws_instance` and `aws_launch_template` resources whose
    /// `metadata_options.http_tokens` is not `"required"`: no
    /// `metadata_options` block, no `http_tokens` (the provider leaves it
    /// to the AMI, usually `optional`) or `"optional"`. Instances with
    /// `http_endpoint = "disabled"` (no metadata service) are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// IMDSv1 answers any plain GET from the instance: a server-side
    /// request forgery in any application (or a pod on an EKS node) reads
    /// the instance role's credentials, as in the Capital One breach.
    /// IMDSv2 requires a session token obtained with a PUT, which such
    /// requests cannot send.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_instance" "web" {
    ///   ami           = "ami-0123456789abcdef0"
    ///   instance_type = "t3.micro"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_instance" "web" {
    ///   ami           = "ami-0123456789abcdef0"
    ///   instance_type = "t3.micro"
    ///   metadata_options {
    ///     http_tokens = "required"
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T09 (pod-level identity: node role credentials must not
    ///   be one request away).
    /// - checkov CKV_AWS_79; Trivy AVD-AWS-0028, AVD-AWS-0130.
    pub struct InstanceMetadataV1Allowed {
        code: "TF062",
        name: "instance-metadata-v1-allowed",
        summary: "EC2 instance metadata service accepting IMDSv1 requests",
        severity: Warning,
        category: Security,
        practices: ["T09"],
        peers: [Checkov "CKV_AWS_79", Trivy "AVD-AWS-0028", Trivy "AVD-AWS-0130"],
        fix: None,
        default: true,
    }
}

impl Rule for InstanceMetadataV1Allowed {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if !matches!(r.kind, "aws_instance" | "aws_launch_template")
            || r.has_dynamic("metadata_options")
        {
            return;
        }
        if let Some((_, _, endpoint)) = known_str(cx, r, "metadata_options.http_endpoint")
            && endpoint.eq_ignore_ascii_case("disabled")
        {
            return;
        }
        let help = "add `metadata_options { http_tokens = \"required\" }`";
        match setting(cx, r, "metadata_options.http_tokens") {
            Setting::Unknown => {}
            Setting::Missing => {
                let place = if r.block("metadata_options").is_some() {
                    "sets no `metadata_options.http_tokens`"
                } else {
                    "has no `metadata_options`"
                };
                out.add(
                    r.header_span(),
                    format!(
                        "{} {place}, so the metadata service accepts IMDSv1 requests without a session token",
                        subject(r)
                    ),
                )
                .help(help);
            }
            Setting::Known(a, v) => {
                if v.as_str()
                    .is_some_and(|s| !s.eq_ignore_ascii_case("required"))
                {
                    out.add(
                        a.span,
                        format!(
                            "{} sets `metadata_options.http_tokens` to {}, so the metadata service accepts IMDSv1 requests",
                            subject(r),
                            shown(cx, &a, &v)
                        ),
                    )
                    .help(help);
                }
            }
        }
    }
}
