//! TF040-TF042: EKS control planes without secrets encryption, without
//! audit logs, or with an API endpoint open to the internet.

use super::prelude::*;
use super::support::{is_world_cidr, item_span, strings};

const CLUSTER: &str = "aws_eks_cluster";

declare_rule! {
    /// ## What it does
    /// Reports `aws_eks_cluster` resources without an `encryption_config`
    /// block whose `resources` include `"secrets"` (with a KMS key in
    /// `provider.key_arn`). A `dynamic "encryption_config"` block or an
    /// unknown `resources` value is not judged.
    ///
    /// ## Why is this bad?
    /// Kubernetes Secrets are stored in etcd; envelope encryption with
    /// your own KMS key means a copy of etcd or a backup does not reveal
    /// them, and key access is audited in CloudTrail and can be revoked.
    /// Without it, secrets rely on the default encryption only.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   name     = "prod"
    ///   role_arn = aws_iam_role.cluster.arn
    ///   vpc_config {
    ///     subnet_ids = var.subnet_ids
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   name     = "prod"
    ///   role_arn = aws_iam_role.cluster.arn
    ///   vpc_config {
    ///     subnet_ids = var.subnet_ids
    ///   }
    ///   encryption_config {
    ///     resources = ["secrets"]
    ///     provider {
    ///       key_arn = aws_kms_key.eks.arn
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T08 (cluster hardening: secrets encryption with KMS).
    /// - checkov CKV_AWS_58; Trivy AVD-AWS-0039.
    pub struct EksSecretsNotEncrypted {
        code: "TF040",
        name: "eks-secrets-not-encrypted",
        summary: "EKS cluster without KMS envelope encryption of Secrets",
        severity: Warning,
        category: Security,
        practices: ["T08"],
        peers: [Checkov "CKV_AWS_58", Trivy "AVD-AWS-0039"],
        fix: None,
        default: true,
    }
}

impl Rule for EksSecretsNotEncrypted {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != CLUSTER || r.has_dynamic("encryption_config") {
            return;
        }
        let help = "add `encryption_config { resources = [\"secrets\"] provider { key_arn = aws_kms_key.eks.arn } }`";
        match setting(cx, r, "encryption_config.resources") {
            Setting::Unknown => {}
            Setting::Missing => {
                out.add(
                    r.header_span(),
                    format!(
                        "{} has no `encryption_config` for `secrets`, so Kubernetes Secrets are not envelope-encrypted with your KMS key",
                        subject(r)
                    ),
                )
                .help(help);
            }
            Setting::Known(a, v) => {
                if !strings(&v).iter().any(|s| s == "secrets") {
                    out.add(
                        a.span,
                        format!(
                            "{} encrypts {} but not `secrets`",
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

/// Control-plane log types the practice asks for.
const NEEDED_LOGS: [&str; 3] = ["api", "audit", "authenticator"];

declare_rule! {
    /// ## What it does
    /// Reports `aws_eks_cluster` resources whose
    /// `enabled_cluster_log_types` is unset (no control-plane logs) or
    /// lacks one of `api`, `audit` and `authenticator`. `controllerManager`
    /// and `scheduler` logs are not required.
    ///
    /// ## Why is this bad?
    /// The audit log records who did what through the Kubernetes API, the
    /// authenticator log which IAM identity became which Kubernetes user,
    /// and the API log the server's own view. Without them an incident
    /// cannot be reconstructed, and EKS keeps no copy you can ask for
    /// later.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   name                      = "prod"
    ///   role_arn                  = aws_iam_role.cluster.arn
    ///   enabled_cluster_log_types = ["api"]
    ///   vpc_config {
    ///     subnet_ids = var.subnet_ids
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   name                      = "prod"
    ///   role_arn                  = aws_iam_role.cluster.arn
    ///   enabled_cluster_log_types = ["api", "audit", "authenticator"]
    ///   vpc_config {
    ///     subnet_ids = var.subnet_ids
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T08 (cluster hardening: control-plane logs).
    /// - checkov CKV_AWS_37 (which requires all five log types); Trivy
    ///   AVD-AWS-0038.
    pub struct EksControlPlaneLogsIncomplete {
        code: "TF041",
        name: "eks-control-plane-logs-incomplete",
        summary: "EKS cluster without api, audit and authenticator logs",
        severity: Warning,
        category: Security,
        practices: ["T08"],
        peers: [Checkov "CKV_AWS_37", Trivy "AVD-AWS-0038"],
        fix: None,
        default: true,
    }
}

impl Rule for EksControlPlaneLogsIncomplete {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != CLUSTER {
            return;
        }
        let help = "set `enabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\"]`";
        match setting(cx, r, "enabled_cluster_log_types") {
            Setting::Unknown => {}
            Setting::Missing => {
                out.add(
                    r.header_span(),
                    format!(
                        "{} does not set `enabled_cluster_log_types`, so no control-plane logs (audit, authenticator, api) are kept",
                        subject(r)
                    ),
                )
                .help(help);
            }
            Setting::Known(a, v) => {
                let have = strings(&v);
                let missing: Vec<String> = NEEDED_LOGS
                    .iter()
                    .filter(|n| !have.iter().any(|h| h == *n))
                    .map(|n| format!("`{n}`"))
                    .collect();
                if !missing.is_empty() {
                    out.add(
                        a.span,
                        format!(
                            "{} does not enable the {} control-plane log{}",
                            subject(r),
                            missing.join(", "),
                            if missing.len() > 1 { "s" } else { "" }
                        ),
                    )
                    .help(help);
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_eks_cluster` resources whose API endpoint is public
    /// (`vpc_config.endpoint_public_access` unset, which means `true`, or
    /// `true`) to the whole internet: `public_access_cidrs` unset (the
    /// default is `0.0.0.0/0`) or containing `0.0.0.0/0`.
    ///
    /// ## Why is this bad?
    /// Anyone can reach the Kubernetes API server: a leaked kubeconfig or
    /// token works from anywhere, and every API server vulnerability is
    /// exposed to the internet. A private endpoint, or a public one limited
    /// to known CIDRs (offices, VPN, CI runners), keeps it away.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   name     = "prod"
    ///   role_arn = aws_iam_role.cluster.arn
    ///   vpc_config {
    ///     subnet_ids = var.subnet_ids
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   name     = "prod"
    ///   role_arn = aws_iam_role.cluster.arn
    ///   vpc_config {
    ///     subnet_ids              = var.subnet_ids
    ///     endpoint_private_access = true
    ///     endpoint_public_access  = false
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T08 (cluster hardening: restricted public endpoint CIDRs).
    /// - checkov CKV_AWS_38, CKV_AWS_39; Trivy AVD-AWS-0040,
    ///   AVD-AWS-0041.
    pub struct EksPublicEndpointOpen {
        code: "TF042",
        name: "eks-public-endpoint-open",
        summary: "EKS API endpoint open to the whole internet",
        severity: Warning,
        category: Security,
        practices: ["T08"],
        peers: [
            Checkov "CKV_AWS_38", Checkov "CKV_AWS_39", Trivy "AVD-AWS-0040",
            Trivy "AVD-AWS-0041",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for EksPublicEndpointOpen {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != CLUSTER || r.has_dynamic("vpc_config") {
            return;
        }
        let public = match setting(cx, r, "vpc_config.endpoint_public_access") {
            Setting::Missing => true,
            Setting::Unknown => return,
            Setting::Known(_, v) => v.as_bool() != Some(false),
        };
        if !public {
            return;
        }
        let help = "set `endpoint_public_access = false`, or limit `public_access_cidrs` to known networks";
        match setting(cx, r, "vpc_config.public_access_cidrs") {
            Setting::Unknown => {}
            Setting::Missing => {
                out.add(
                    r.header_span(),
                    format!(
                        "{} has a public API endpoint with no `public_access_cidrs` (default `0.0.0.0/0`), so the Kubernetes API is reachable from anywhere",
                        subject(r)
                    ),
                )
                .help(help);
            }
            Setting::Known(a, v) => {
                if let Some(cidr) = strings(&v).into_iter().find(|c| is_world_cidr(c)) {
                    out.add(
                        item_span(cx, &a, &cidr),
                        format!(
                            "{} opens its public API endpoint to `{cidr}`{}",
                            subject(r),
                            if support::shown(cx, &a, &v).starts_with("`var.") {
                                format!(" (through {})", shown(cx, &a, &v))
                            } else {
                                String::new()
                            }
                        ),
                    )
                    .help(help);
                }
            }
        }
    }
}
