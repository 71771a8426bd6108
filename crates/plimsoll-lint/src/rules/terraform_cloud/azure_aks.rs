//! TF085-TF087: AKS clusters without RBAC, without network policies, or
//! with an API server open to the internet.

use super::prelude::*;
use super::support::{is_world_cidr, strings};

const CLUSTER: &str = "azurerm_kubernetes_cluster";

declare_rule! {
    /// ## What it does
    /// Reports `azurerm_kubernetes_cluster` resources that turn Kubernetes
    /// RBAC off: `role_based_access_control_enabled = false` (provider
    /// v3+) or `role_based_access_control { enabled = false }` (v2). The
    /// default, enabled, is not reported.
    ///
    /// ## Why is this bad?
    /// Without RBAC every authenticated identity, service accounts of every
    /// pod included, has full control of the cluster: one compromised pod
    /// owns all workloads and secrets.
    ///
    /// ## Example
    /// ```hcl
    /// resource "azurerm_kubernetes_cluster" "main" {
    ///   name                              = "aks"
    ///   role_based_access_control_enabled = false
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "azurerm_kubernetes_cluster" "main" {
    ///   name                              = "aks"
    ///   role_based_access_control_enabled = true
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T08 (cluster hardening).
    /// - checkov CKV_AZURE_5; Trivy AVD-AZU-0042.
    pub struct AksRbacDisabled {
        code: "TF085",
        name: "aks-rbac-disabled",
        summary: "AKS cluster with Kubernetes RBAC turned off",
        severity: Error,
        category: Security,
        practices: ["T08"],
        peers: [Checkov "CKV_AZURE_5", Trivy "AVD-AZU-0042"],
        fix: None,
        default: true,
    }
}

impl Rule for AksRbacDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != CLUSTER {
            return;
        }
        for path in [
            "role_based_access_control_enabled",
            "role_based_access_control.enabled",
        ] {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path,
                    want: true,
                    default: true,
                    problem: "every authenticated identity has full control of the cluster",
                    help: "enable RBAC: `role_based_access_control_enabled = true`",
                },
                out,
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `azurerm_kubernetes_cluster` resources without
    /// `network_profile.network_policy` (`azure`, `calico` or `cilium`).
    ///
    /// ## Why is this bad?
    /// Without a network policy engine, Kubernetes NetworkPolicy objects
    /// are accepted and ignored: every pod can reach every other pod, so a
    /// compromised workload can reach databases and internal services of
    /// every namespace. The engine can only be chosen when the cluster is
    /// created.
    ///
    /// ## Example
    /// ```hcl
    /// resource "azurerm_kubernetes_cluster" "main" {
    ///   name = "aks"
    ///   network_profile {
    ///     network_plugin = "azure"
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "azurerm_kubernetes_cluster" "main" {
    ///   name = "aks"
    ///   network_profile {
    ///     network_plugin = "azure"
    ///     network_policy = "calico"
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T08 (cluster hardening).
    /// - checkov CKV_AZURE_7; Trivy AVD-AZU-0043.
    pub struct AksNetworkPolicyMissing {
        code: "TF086",
        name: "aks-network-policy-missing",
        summary: "AKS cluster without a network policy engine",
        severity: Warning,
        category: Security,
        practices: ["T08"],
        peers: [Checkov "CKV_AZURE_7", Trivy "AVD-AZU-0043"],
        fix: None,
        default: true,
    }
}

impl Rule for AksNetworkPolicyMissing {
    fn check_tf_resource(
        &self,
        _cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != CLUSTER || r.has_dynamic("network_profile") {
            return;
        }
        if matches!(r.lookup("network_profile.network_policy"), Lookup::Missing) {
            let span = r
                .block("network_profile")
                .map_or_else(|| r.header_span(), plimsoll_syntax::hcl::Block::header_span);
            out.add(
                span,
                format!(
                    "{} sets no `network_profile.network_policy`, so NetworkPolicy objects are not enforced",
                    subject(r)
                ),
            )
            .help("set `network_policy` (`azure`, `calico` or `cilium`) in `network_profile` when creating the cluster");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `azurerm_kubernetes_cluster` resources whose API server is
    /// reachable from anywhere: not a private cluster
    /// (`private_cluster_enabled` unset or `false`) and no authorized IP
    /// ranges (`api_server_access_profile.authorized_ip_ranges`, or the v2
    /// `api_server_authorized_ip_ranges`), or ranges that include
    /// `0.0.0.0/0`.
    ///
    /// ## Why is this bad?
    /// Anyone on the internet can reach the Kubernetes API: leaked
    /// credentials work from anywhere and every API server vulnerability is
    /// exposed. Private clusters or authorized ranges (offices, VPN, CI)
    /// keep it away.
    ///
    /// ## Example
    /// ```hcl
    /// resource "azurerm_kubernetes_cluster" "main" {
    ///   name = "aks"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "azurerm_kubernetes_cluster" "main" {
    ///   name = "aks"
    ///   api_server_access_profile {
    ///     authorized_ip_ranges = ["203.0.113.0/24"]
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T08 (cluster hardening: restricted public endpoint CIDRs).
    /// - checkov CKV_AZURE_6, CKV_AZURE_115; Trivy AVD-AZU-0041,
    ///   AVD-AZU-0065.
    pub struct AksApiServerUnrestricted {
        code: "TF087",
        name: "aks-api-server-unrestricted",
        summary: "AKS API server reachable from the whole internet",
        severity: Warning,
        category: Security,
        practices: ["T08"],
        peers: [
            Checkov "CKV_AZURE_6", Checkov "CKV_AZURE_115", Trivy "AVD-AZU-0041",
            Trivy "AVD-AZU-0065",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for AksApiServerUnrestricted {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != CLUSTER || r.has_dynamic("api_server_access_profile") {
            return;
        }
        match setting(cx, r, "private_cluster_enabled") {
            Setting::Unknown => return,
            Setting::Known(_, v) if v.as_bool() != Some(false) => return,
            _ => {}
        }
        let help = "make the cluster private, or list known networks in `api_server_access_profile.authorized_ip_ranges`";
        let mut any = false;
        for path in [
            "api_server_access_profile.authorized_ip_ranges",
            "api_server_authorized_ip_ranges",
        ] {
            match setting(cx, r, path) {
                Setting::Missing => {}
                Setting::Unknown => return,
                Setting::Known(a, v) => {
                    let ranges = strings(&v);
                    if ranges.is_empty() {
                        continue;
                    }
                    any = true;
                    if let Some(cidr) = ranges.iter().find(|c| is_world_cidr(c)) {
                        out.add(
                            support::item_span(cx, &a, cidr),
                            format!("{} authorizes `{cidr}` to reach its API server", subject(r)),
                        )
                        .help(help);
                        return;
                    }
                }
            }
        }
        if !any {
            out.add(
                r.header_span(),
                format!(
                    "{} is not private and has no authorized IP ranges, so its API server is reachable from anywhere",
                    subject(r)
                ),
            )
            .help(help);
        }
    }
}
