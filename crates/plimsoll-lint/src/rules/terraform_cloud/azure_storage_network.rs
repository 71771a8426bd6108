//! TF092: Azure storage accounts reachable from every network.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `azurerm_storage_account` resources that accept connections
    /// from every network: `network_rules.default_action = "Allow"`, or no
    /// `network_rules` block and no `azurerm_storage_account_network_rules`
    /// of the module for the account, unless
    /// `public_network_access_enabled = false`. A separate
    /// `azurerm_storage_account_network_rules` with `default_action =
    /// "Allow"` is reported too.
    ///
    /// ## Why is this bad?
    /// The account's endpoints accept requests from the whole internet, so
    /// a leaked access key or SAS token works from anywhere. Denying by
    /// default and allowing only virtual networks, private endpoints and
    /// known IPs limits where credentials can be used.
    ///
    /// ## Example
    /// ```hcl
    /// resource "azurerm_storage_account" "data" {
    ///   name = "acmedata"
    ///   network_rules {
    ///     default_action = "Allow"
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "azurerm_storage_account" "data" {
    ///   name = "acmedata"
    ///   network_rules {
    ///     default_action = "Deny"
    ///     bypass         = ["AzureServices"]
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics).
    /// - checkov CKV_AZURE_35; Trivy AVD-AZU-0012.
    pub struct StorageAccountNetworkDefaultAllow {
        code: "TF092",
        name: "storage-account-network-default-allow",
        summary: "Azure storage account reachable from every network",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AZURE_35", Trivy "AVD-AZU-0012"],
        fix: None,
        default: true,
    }
}

fn report_allow(
    cx: &TerraformContext<'_>,
    r: &Resource<'_>,
    path: &str,
    out: &mut Diagnostics<'_>,
) {
    if let Some((a, v, s)) = known_str(cx, r, path)
        && s.eq_ignore_ascii_case("allow")
    {
        out.add(
            a.span,
            format!(
                "{} sets `{path}` to {}, so the account accepts connections from every network",
                subject(r),
                shown(cx, &a, &v)
            ),
        )
        .help("set `default_action = \"Deny\"` and allow the networks that need access");
    }
}

impl Rule for StorageAccountNetworkDefaultAllow {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind == "azurerm_storage_account_network_rules" {
            report_allow(cx, r, "default_action", out);
            return;
        }
        if r.kind != "azurerm_storage_account" {
            return;
        }
        match setting(cx, r, "public_network_access_enabled") {
            Setting::Unknown => return,
            Setting::Known(_, v) if v.as_bool() == Some(false) => return,
            _ => {}
        }
        if is_set(r, "network_rules") {
            report_allow(cx, r, "network_rules.default_action", out);
            return;
        }
        let separate = configured_by(
            cx,
            r,
            "azurerm_storage_account_network_rules",
            "storage_account_name",
            "name",
        );
        if !separate.is_empty()
            || super::support::has_unresolved(
                cx,
                "azurerm_storage_account_network_rules",
                "storage_account_id",
                "azurerm_storage_account",
            )
        {
            return;
        }
        out.add(
            r.header_span(),
            format!(
                "{} has no network rules, so it accepts connections from every network",
                subject(r)
            ),
        )
        .help("add `network_rules { default_action = \"Deny\" }` with the networks that need access, or disable public network access");
    }
}
