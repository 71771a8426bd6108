//! TF051: KMS keys without automatic rotation.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports symmetric encryption `aws_kms_key` resources whose
    /// `enable_key_rotation` is unset (the default is `false`) or `false`.
    /// Asymmetric and HMAC keys (`customer_master_key_spec` other than
    /// `SYMMETRIC_DEFAULT`, or a `key_usage` other than
    /// `ENCRYPT_DECRYPT`), which KMS cannot rotate, are not reported.
    ///
    /// ## Why is this bad?
    /// Without rotation the same key material protects data for the key's
    /// whole life, so a compromise of it exposes everything ever encrypted
    /// and compliance regimes flag it. Automatic rotation is free,
    /// transparent to users of the key and keeps older material for
    /// decryption.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_kms_key" "logs" {
    ///   description = "logs bucket key"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_kms_key" "logs" {
    ///   description         = "logs bucket key"
    ///   enable_key_rotation = true
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: encryption keys behind the data).
    /// - checkov CKV_AWS_7; Trivy AVD-AWS-0065.
    pub struct KmsKeyRotationDisabled {
        code: "TF051",
        name: "kms-key-rotation-disabled",
        summary: "KMS key without automatic rotation",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_7", Trivy "AVD-AWS-0065"],
        fix: None,
        default: true,
    }
}

impl Rule for KmsKeyRotationDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != "aws_kms_key" {
            return;
        }
        let symmetric = match setting(cx, r, "customer_master_key_spec") {
            Setting::Missing => true,
            Setting::Unknown => false,
            Setting::Known(_, v) => v.as_str() == Some("SYMMETRIC_DEFAULT"),
        } && match setting(cx, r, "key_usage") {
            Setting::Missing => true,
            Setting::Unknown => false,
            Setting::Known(_, v) => v.as_str() == Some("ENCRYPT_DECRYPT"),
        };
        if !symmetric {
            return;
        }
        check_bool(
            cx,
            r,
            &BoolCheck {
                path: "enable_key_rotation",
                want: true,
                default: false,
                problem: "its key material never rotates",
                help: "set `enable_key_rotation = true`",
            },
            out,
        );
    }
}
