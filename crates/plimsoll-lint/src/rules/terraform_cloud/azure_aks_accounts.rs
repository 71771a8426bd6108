//! TF088: AKS clusters that keep local accounts.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `azurerm_kubernetes_cluster` resources whose
    /// `local_account_disabled` is unset (the default is `false`) or
    /// `false`.
    ///
    /// ## Why is this bad?
    /// The local `clusterAdmin` credential is a static certificate that
    /// bypasses Entra ID: anyone who can call `listClusterAdminCredential`
    /// or finds a copied kubeconfig gets cluster-admin, without MFA,
    /// conditional access or a per-user audit trail, and it cannot be
    /// revoked short of rotating the cluster certificates.
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
    ///   name                   = "aks"
    ///   local_account_disabled = true
    ///   azure_active_directory_role_based_access_control {
    ///     azure_rbac_enabled = true
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T08 (cluster hardening).
    /// - checkov CKV_AZURE_141.
    pub struct AksLocalAccountsEnabled {
        code: "TF088",
        name: "aks-local-accounts-enabled",
        summary: "AKS cluster with local (non Entra ID) accounts",
        severity: Info,
        category: Security,
        practices: ["T08"],
        peers: [Checkov "CKV_AZURE_141"],
        fix: None,
        default: true,
    }
}

impl Rule for AksLocalAccountsEnabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind == "azurerm_kubernetes_cluster" {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path: "local_account_disabled",
                    want: true,
                    default: false,
                    problem: "the static cluster-admin credential bypasses Entra ID",
                    help: "set `local_account_disabled = true` and sign in through Entra ID",
                },
                out,
            );
        }
    }
}
