//! TF055-TF057: unencrypted EBS volumes, account-level EBS encryption by
//! default turned off, and instance block devices without encryption.

use super::prelude::*;

/// Whether the run (any module: it is a region-wide setting) turns EBS
/// encryption by default on (then every new
/// volume of the region is encrypted).
fn encrypted_by_default(cx: &TerraformContext<'_>) -> bool {
    support::run_resources(cx, "aws_ebs_encryption_by_default").any(|(m, r)| {
        r.attr("enabled")
            .is_none_or(|a| m.eval(a.value).as_bool() != Some(false))
    })
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_ebs_volume` resources whose `encrypted` is unset (the
    /// default is `false`) or `false`. Volumes created from a snapshot
    /// (`snapshot_id`, encryption comes from the snapshot) are not
    /// reported, nor any volume when the run enables
    /// `aws_ebs_encryption_by_default` (a region-wide setting).
    ///
    /// ## Why is this bad?
    /// The volume, its snapshots and every volume restored from them are
    /// stored in clear; a snapshot shared by mistake exposes the data.
    /// Encryption cannot be added to an existing volume in place.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_ebs_volume" "data" {
    ///   availability_zone = "eu-west-1a"
    ///   size              = 100
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_ebs_volume" "data" {
    ///   availability_zone = "eu-west-1a"
    ///   size              = 100
    ///   encrypted         = true
    ///   kms_key_id        = aws_kms_key.ebs.arn
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: encryption at rest).
    /// - checkov CKV_AWS_3; Trivy AVD-AWS-0026.
    pub struct EbsVolumeUnencrypted {
        code: "TF055",
        name: "ebs-volume-unencrypted",
        summary: "EBS volume not encrypted",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_3", Trivy "AVD-AWS-0026"],
        fix: None,
        default: true,
    }
}

impl Rule for EbsVolumeUnencrypted {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != "aws_ebs_volume" || is_set(r, "snapshot_id") || encrypted_by_default(cx) {
            return;
        }
        check_bool(
            cx,
            r,
            &BoolCheck {
                path: "encrypted",
                want: true,
                default: false,
                problem: "the volume and its snapshots are stored unencrypted",
                help: "set `encrypted = true` (with a `kms_key_id`), or enable `aws_ebs_encryption_by_default`",
            },
            out,
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_ebs_encryption_by_default` resources with
    /// `enabled = false`.
    ///
    /// ## Why is this bad?
    /// The resource exists to make every new EBS volume and snapshot copy
    /// of the region encrypted, whatever launches it (Auto Scaling,
    /// Kubernetes volume provisioners, consoles); setting it to `false`
    /// turns that safety net off for the whole region.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_ebs_encryption_by_default" "this" {
    ///   enabled = false
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_ebs_encryption_by_default" "this" {
    ///   enabled = true
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: encryption at rest).
    /// - checkov CKV_AWS_106.
    pub struct EbsEncryptionByDefaultDisabled {
        code: "TF056",
        name: "ebs-encryption-by-default-disabled",
        summary: "Region-wide EBS encryption by default turned off",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_106"],
        fix: None,
        default: true,
    }
}

impl Rule for EbsEncryptionByDefaultDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind == "aws_ebs_encryption_by_default" {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path: "enabled",
                    want: true,
                    default: true,
                    problem: "new EBS volumes of the region are not encrypted unless each asks for it",
                    help: "set `enabled = true`",
                },
                out,
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_instance` and `aws_launch_configuration` resources
    /// whose root volume is not encrypted (no `root_block_device` block,
    /// or one without `encrypted = true`) and their `ebs_block_device`
    /// blocks without `encrypted = true`, unless created from a snapshot.
    /// Nothing is reported when the run enables
    /// `aws_ebs_encryption_by_default`. A root volume without a block may
    /// still be encrypted when the AMI's snapshot is: the message says so.
    ///
    /// ## Why is this bad?
    /// The instance's disks, and the snapshots and AMIs made from them,
    /// hold application data, logs and credentials in clear.
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
    ///   root_block_device {
    ///     encrypted = true
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: encryption at rest).
    /// - checkov CKV_AWS_8; Trivy AVD-AWS-0131, AVD-AWS-0008.
    pub struct InstanceBlockDeviceUnencrypted {
        code: "TF057",
        name: "instance-block-device-unencrypted",
        summary: "EC2 instance or launch configuration with an unencrypted volume",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_8", Trivy "AVD-AWS-0131", Trivy "AVD-AWS-0008"],
        fix: None,
        default: true,
    }
}

impl Rule for InstanceBlockDeviceUnencrypted {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if !matches!(r.kind, "aws_instance" | "aws_launch_configuration")
            || encrypted_by_default(cx)
        {
            return;
        }
        let help =
            "set `encrypted = true` in the block device, or enable `aws_ebs_encryption_by_default`";
        if r.block("root_block_device").is_none() && !r.has_dynamic("root_block_device") {
            out.add(
                r.header_span(),
                format!(
                    "{} has no `root_block_device` with `encrypted = true`, so its root volume is unencrypted unless the AMI's snapshot is",
                    subject(r)
                ),
            )
            .help(help);
        }
        for name in ["root_block_device", "ebs_block_device"] {
            for b in r.blocks(name) {
                if b.body.attr("snapshot_id").is_some() {
                    continue;
                }
                match b.body.attr("encrypted") {
                    None => {
                        out.add(
                            b.header_span(),
                            format!(
                                "{} has a `{name}` without `encrypted = true` (default `false`)",
                                subject(r)
                            ),
                        )
                        .help(help);
                    }
                    Some(a) => {
                        let v = cx.eval(&a.value);
                        if v.as_bool() == Some(false) && !v.has_unknown() {
                            out.add(
                                a.span,
                                format!(
                                    "{} sets `{name}.encrypted` to {}",
                                    subject(r),
                                    support::shown_expr(cx, &a.value, &v)
                                ),
                            )
                            .help(help);
                        }
                    }
                }
            }
        }
    }
}
