//! TF098: Azure Key Vaults without purge protection.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `azurerm_key_vault` resources whose
    /// `purge_protection_enabled` is unset (the default is `false`) or
    /// `false`.
    ///
    /// ## Why is this bad?
    /// Soft delete keeps a deleted vault and its keys for the retention
    /// period, but without purge protection anyone with the right role (or
    /// a compromised pipeline) can purge them at once: data encrypted with
    /// those keys is then lost for good. Purge protection makes deleted
    /// vaults and keys unrecoverable only after the retention period.
    ///
    /// ## Example
    /// ```hcl
    /// resource "azurerm_key_vault" "main" {
    ///   name      = "acme-kv"
    ///   sku_name  = "standard"
    ///   tenant_id = var.tenant_id
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "azurerm_key_vault" "main" {
    ///   name                     = "acme-kv"
    ///   sku_name                 = "standard"
    ///   tenant_id                = var.tenant_id
    ///   purge_protection_enabled = true
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: the keys behind encrypted data).
    /// - checkov CKV_AZURE_110; Trivy AVD-AZU-0016.
    pub struct KeyVaultPurgeProtectionDisabled {
        code: "TF098",
        name: "key-vault-purge-protection-disabled",
        summary: "Azure Key Vault without purge protection",
        severity: Info,
        category: Reliability,
        practices: ["T11"],
        peers: [Checkov "CKV_AZURE_110", Trivy "AVD-AZU-0016"],
        fix: None,
        default: true,
    }
}

impl Rule for KeyVaultPurgeProtectionDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind == "azurerm_key_vault" {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path: "purge_protection_enabled",
                    want: true,
                    default: false,
                    problem: "the vault and its keys can be purged at once, losing what they encrypt",
                    help: "set `purge_protection_enabled = true`",
                },
                out,
            );
        }
    }
}
