//! TF089-TF091: Azure storage accounts accepting HTTP, old TLS, or public
//! blob access.

use super::prelude::*;

const ACCOUNT: &str = "azurerm_storage_account";

declare_rule! {
    /// ## What it does
    /// Reports `azurerm_storage_account` resources that accept plain HTTP:
    /// `https_traffic_only_enabled = false` (provider v4) or
    /// `enable_https_traffic_only = false` (v2, v3). The default, HTTPS
    /// only, is not reported.
    ///
    /// ## Why is this bad?
    /// Requests, shared access signatures and data travel in clear text
    /// and can be read or altered on the network path.
    ///
    /// ## Example
    /// ```hcl
    /// resource "azurerm_storage_account" "data" {
    ///   name                       = "acmedata"
    ///   https_traffic_only_enabled = false
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "azurerm_storage_account" "data" {
    ///   name = "acmedata"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: encryption in transit).
    /// - checkov CKV_AZURE_3; Trivy AVD-AZU-0008.
    pub struct StorageAccountHttpsNotEnforced {
        code: "TF089",
        name: "storage-account-https-not-enforced",
        summary: "Azure storage account accepting plain HTTP",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AZURE_3", Trivy "AVD-AZU-0008"],
        fix: None,
        default: true,
    }
}

impl Rule for StorageAccountHttpsNotEnforced {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != ACCOUNT {
            return;
        }
        for path in ["https_traffic_only_enabled", "enable_https_traffic_only"] {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path,
                    want: true,
                    default: true,
                    problem: "requests and data can travel in clear text",
                    help: "remove the setting (HTTPS only is the default) or set it to `true`",
                },
                out,
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `azurerm_storage_account` resources with `min_tls_version`
    /// `TLS1_0` or `TLS1_1`. Unset is not reported (the provider's
    /// default has been `TLS1_2` since v3).
    ///
    /// ## Why is this bad?
    /// TLS 1.0 and 1.1 have known weaknesses and are deprecated; allowing
    /// them lets a client, or an attacker downgrading a connection, use
    /// them. Azure is retiring them for storage.
    ///
    /// ## Example
    /// ```hcl
    /// resource "azurerm_storage_account" "data" {
    ///   name            = "acmedata"
    ///   min_tls_version = "TLS1_0"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "azurerm_storage_account" "data" {
    ///   name            = "acmedata"
    ///   min_tls_version = "TLS1_2"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: encryption in transit).
    /// - checkov CKV_AZURE_44; Trivy AVD-AZU-0011.
    pub struct StorageAccountOldTls {
        code: "TF090",
        name: "storage-account-old-tls",
        summary: "Azure storage account accepting TLS 1.0 or 1.1",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AZURE_44", Trivy "AVD-AZU-0011"],
        fix: None,
        default: true,
    }
}

impl Rule for StorageAccountOldTls {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != ACCOUNT {
            return;
        }
        if let Some((a, v, t)) = known_str(cx, r, "min_tls_version")
            && (t.eq_ignore_ascii_case("TLS1_0") || t.eq_ignore_ascii_case("TLS1_1"))
        {
            out.add(
                a.span,
                format!(
                    "{} sets `min_tls_version` to {}",
                    subject(r),
                    shown(cx, &a, &v)
                ),
            )
            .help("set `min_tls_version = \"TLS1_2\"`");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `azurerm_storage_account` resources that allow containers
    /// to be made public: `allow_nested_items_to_be_public` unset (the
    /// default of provider v3 and v4 is `true`) or `true`, or the v2
    /// `allow_blob_public_access = true`.
    ///
    /// ## Why is this bad?
    /// With the account-level switch on, one container created with
    /// `container_access_type = "blob"` (or changed in the portal) serves
    /// its blobs to anyone on the internet. Turning it off makes Azure
    /// refuse anonymous access for every container of the account.
    ///
    /// ## Example
    /// ```hcl
    /// resource "azurerm_storage_account" "data" {
    ///   name = "acmedata"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "azurerm_storage_account" "data" {
    ///   name                            = "acmedata"
    ///   allow_nested_items_to_be_public = false
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: public access block).
    /// - checkov CKV_AZURE_190.
    pub struct StorageAccountPublicBlobAccess {
        code: "TF091",
        name: "storage-account-public-blob-access",
        summary: "Azure storage account allowing anonymous blob access",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AZURE_190"],
        fix: None,
        default: true,
    }
}

impl Rule for StorageAccountPublicBlobAccess {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != ACCOUNT {
            return;
        }
        let help = "set `allow_nested_items_to_be_public = false`";
        if is_set(r, "allow_blob_public_access") {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path: "allow_blob_public_access",
                    want: false,
                    default: false,
                    problem: "its containers can be made public",
                    help,
                },
                out,
            );
            return;
        }
        check_bool(
            cx,
            r,
            &BoolCheck {
                path: "allow_nested_items_to_be_public",
                want: false,
                default: true,
                problem: "its containers can be made public",
                help,
            },
            out,
        );
    }
}
