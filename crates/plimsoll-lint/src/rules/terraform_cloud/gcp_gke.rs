//! TF070-TF072: GKE clusters with public nodes, a control plane open to
//! the internet, or legacy ABAC.

use super::prelude::*;
use super::support::is_world_cidr;

const CLUSTER: &str = "google_container_cluster";

declare_rule! {
    /// ## What it does
    /// Reports `google_container_cluster` resources whose
    /// `private_cluster_config.enable_private_nodes` is unset (no private
    /// cluster configuration) or `false`.
    ///
    /// ## Why is this bad?
    /// Nodes of a public cluster get external IP addresses: the kubelet,
    /// NodePorts and host-network pods are reachable from the internet if
    /// a firewall rule allows it, and nodes talk to the internet without
    /// Cloud NAT's single egress point. Private nodes only have internal
    /// addresses.
    ///
    /// ## Example
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   name     = "prod"
    ///   location = "europe-west1"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   name     = "prod"
    ///   location = "europe-west1"
    ///   private_cluster_config {
    ///     enable_private_nodes   = true
    ///     master_ipv4_cidr_block = "172.16.0.0/28"
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T08 (cluster hardening: nodes in private subnets).
    /// - checkov CKV_GCP_25, CKV_GCP_64; Trivy AVD-GCP-0059.
    pub struct GkePrivateNodesDisabled {
        code: "TF070",
        name: "gke-private-nodes-disabled",
        summary: "GKE cluster whose nodes have public IP addresses",
        severity: Warning,
        category: Security,
        practices: ["T08"],
        peers: [Checkov "CKV_GCP_25", Checkov "CKV_GCP_64", Trivy "AVD-GCP-0059"],
        fix: None,
        default: true,
    }
}

impl Rule for GkePrivateNodesDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind == CLUSTER {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path: "private_cluster_config.enable_private_nodes",
                    want: true,
                    default: false,
                    problem: "its nodes get public IP addresses",
                    help: "add `private_cluster_config { enable_private_nodes = true }` (with Cloud NAT for egress)",
                },
                out,
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `google_container_cluster` resources whose control plane
    /// accepts connections from anywhere: no
    /// `master_authorized_networks_config` (unless
    /// `private_cluster_config.enable_private_endpoint = true`), or one
    /// whose `cidr_blocks` include `0.0.0.0/0`.
    ///
    /// ## Why is this bad?
    /// The Kubernetes API server is then reachable from the whole internet:
    /// stolen credentials work from anywhere and every API server flaw is
    /// exposed. Authorized networks limit it to offices, VPNs and CI.
    ///
    /// ## Example
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   name     = "prod"
    ///   location = "europe-west1"
    ///   master_authorized_networks_config {
    ///     cidr_blocks {
    ///       cidr_block = "0.0.0.0/0"
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   name     = "prod"
    ///   location = "europe-west1"
    ///   master_authorized_networks_config {
    ///     cidr_blocks {
    ///       cidr_block   = "203.0.113.0/24"
    ///       display_name = "office"
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T08 (cluster hardening: restricted public endpoint CIDRs).
    /// - checkov CKV_GCP_20, CKV_GCP_18; Trivy AVD-GCP-0061, AVD-GCP-0053.
    pub struct GkeControlPlaneOpen {
        code: "TF071",
        name: "gke-control-plane-open",
        summary: "GKE control plane reachable from the whole internet",
        severity: Warning,
        category: Security,
        practices: ["T08"],
        peers: [
            Checkov "CKV_GCP_20", Checkov "CKV_GCP_18", Trivy "AVD-GCP-0061",
            Trivy "AVD-GCP-0053",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for GkeControlPlaneOpen {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != CLUSTER || r.has_dynamic("master_authorized_networks_config") {
            return;
        }
        let help = "list the networks allowed to reach the API in `master_authorized_networks_config`, or use a private endpoint";
        let Some(man) = r.block("master_authorized_networks_config") else {
            let private_endpoint =
                match setting(cx, r, "private_cluster_config.enable_private_endpoint") {
                    Setting::Known(_, v) => v.as_bool() == Some(true),
                    Setting::Unknown => true,
                    Setting::Missing => false,
                };
            if !private_endpoint {
                out.add(
                    r.header_span(),
                    format!(
                        "{} has no `master_authorized_networks_config` and a public endpoint, so its control plane accepts connections from anywhere",
                        subject(r)
                    ),
                )
                .help(help);
            }
            return;
        };
        for b in man.body.blocks("cidr_blocks") {
            let Some(a) = b.body.attr("cidr_block") else {
                continue;
            };
            let v = cx.eval(&a.value);
            if v.as_str().is_some_and(is_world_cidr) {
                out.add(
                    a.span,
                    format!(
                        "{} authorizes {} to reach its control plane",
                        subject(r),
                        support::shown_expr(cx, &a.value, &v)
                    ),
                )
                .help(help);
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `google_container_cluster` resources with
    /// `enable_legacy_abac = true`. The default, `false`, is not reported.
    ///
    /// ## Why is this bad?
    /// Legacy ABAC grants broad static permissions outside RBAC (by
    /// default every service account and user can do nearly anything), so
    /// RBAC roles and bindings no longer limit what a workload or a user
    /// can do.
    ///
    /// ## Example
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   name               = "prod"
    ///   location           = "europe-west1"
    ///   enable_legacy_abac = true
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   name     = "prod"
    ///   location = "europe-west1"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T08 (cluster hardening).
    /// - checkov CKV_GCP_7; Trivy AVD-GCP-0062.
    pub struct GkeLegacyAbacEnabled {
        code: "TF072",
        name: "gke-legacy-abac-enabled",
        summary: "GKE cluster with legacy ABAC authorization",
        severity: Error,
        category: Security,
        practices: ["T08"],
        peers: [Checkov "CKV_GCP_7", Trivy "AVD-GCP-0062"],
        fix: None,
        default: true,
    }
}

impl Rule for GkeLegacyAbacEnabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind == CLUSTER {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path: "enable_legacy_abac",
                    want: false,
                    default: false,
                    problem: "legacy ABAC grants permissions that RBAC cannot limit",
                    help: "remove `enable_legacy_abac` (or set it to `false`) and grant access with RBAC",
                },
                out,
            );
        }
    }
}
