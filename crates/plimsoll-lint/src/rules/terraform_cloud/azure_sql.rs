//! TF093-TF095: Azure database servers with public network access,
//! without enforced SSL, or accepting old TLS versions.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports Azure database servers whose public network access is on:
    /// `public_network_access_enabled` unset (the default is `true`) or
    /// `true` on `azurerm_mssql_server`, `azurerm_mysql_server`,
    /// `azurerm_postgresql_server`, `azurerm_mariadb_server`, and the
    /// flexible servers (`azurerm_postgresql_flexible_server`,
    /// `azurerm_mysql_flexible_server`) unless they are placed in a
    /// delegated subnet (`delegated_subnet_id`), which has no public
    /// endpoint.
    ///
    /// ## Why is this bad?
    /// The server's public endpoint accepts connections from the internet,
    /// filtered only by firewall rules that are easy to widen; private
    /// endpoints or VNet integration keep database traffic inside the
    /// network.
    ///
    /// ## Example
    /// ```hcl
    /// resource "azurerm_mssql_server" "main" {
    ///   name    = "acme-sql"
    ///   version = "12.0"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "azurerm_mssql_server" "main" {
    ///   name                          = "acme-sql"
    ///   version                       = "12.0"
    ///   public_network_access_enabled = false
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: databases are not public).
    /// - checkov CKV_AZURE_113, CKV_AZURE_53, CKV_AZURE_68; Trivy
    ///   AVD-AZU-0022.
    pub struct AzureDbPublicNetworkAccess {
        code: "TF093",
        name: "azure-db-public-network-access",
        summary: "Azure database server with public network access",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [
            Checkov "CKV_AZURE_113", Checkov "CKV_AZURE_53", Checkov "CKV_AZURE_68",
            Trivy "AVD-AZU-0022",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for AzureDbPublicNetworkAccess {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        let flexible = matches!(
            r.kind,
            "azurerm_postgresql_flexible_server" | "azurerm_mysql_flexible_server"
        );
        let single = matches!(
            r.kind,
            "azurerm_mssql_server"
                | "azurerm_mysql_server"
                | "azurerm_postgresql_server"
                | "azurerm_mariadb_server"
        );
        if !(flexible || single) || (flexible && is_set(r, "delegated_subnet_id")) {
            return;
        }
        check_bool(
            cx,
            r,
            &BoolCheck {
                path: "public_network_access_enabled",
                want: false,
                default: true,
                problem: "the server accepts connections from the internet, limited only by firewall rules",
                help: "set `public_network_access_enabled = false` and connect through a private endpoint or VNet integration",
            },
            out,
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `azurerm_mysql_server`, `azurerm_postgresql_server` and
    /// `azurerm_mariadb_server` resources with
    /// `ssl_enforcement_enabled = false`.
    ///
    /// ## Why is this bad?
    /// Clients may connect without TLS: credentials, queries and results
    /// cross the network in clear text.
    ///
    /// ## Example
    /// ```hcl
    /// resource "azurerm_postgresql_server" "main" {
    ///   name                    = "acme-pg"
    ///   ssl_enforcement_enabled = false
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "azurerm_postgresql_server" "main" {
    ///   name                             = "acme-pg"
    ///   ssl_enforcement_enabled          = true
    ///   ssl_minimal_tls_version_enforced = "TLS1_2"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: encrypted connections).
    /// - checkov CKV_AZURE_28, CKV_AZURE_29; Trivy AVD-AZU-0020.
    pub struct AzureDbSslNotEnforced {
        code: "TF094",
        name: "azure-db-ssl-not-enforced",
        summary: "Azure MySQL, PostgreSQL or MariaDB server without enforced SSL",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AZURE_28", Checkov "CKV_AZURE_29", Trivy "AVD-AZU-0020"],
        fix: None,
        default: true,
    }
}

impl Rule for AzureDbSslNotEnforced {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if matches!(
            r.kind,
            "azurerm_mysql_server" | "azurerm_postgresql_server" | "azurerm_mariadb_server"
        ) {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path: "ssl_enforcement_enabled",
                    want: true,
                    default: true,
                    problem: "clients may connect without TLS",
                    help: "set `ssl_enforcement_enabled = true`",
                },
                out,
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports Azure database servers that accept TLS versions older than
    /// 1.2: `minimum_tls_version` `"1.0"`, `"1.1"` or `"Disabled"` on
    /// `azurerm_mssql_server`, and `ssl_minimal_tls_version_enforced`
    /// `TLS1_0`, `TLS1_1` or `TLSEnforcementDisabled` on
    /// `azurerm_mysql_server` and `azurerm_postgresql_server`. Unset is
    /// not reported (current provider defaults are TLS 1.2).
    ///
    /// ## Why is this bad?
    /// TLS 1.0 and 1.1 have known weaknesses and are deprecated; a server
    /// that accepts them lets clients and downgrade attacks use them.
    ///
    /// ## Example
    /// ```hcl
    /// resource "azurerm_mssql_server" "main" {
    ///   name                = "acme-sql"
    ///   minimum_tls_version = "1.0"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "azurerm_mssql_server" "main" {
    ///   name                = "acme-sql"
    ///   minimum_tls_version = "1.2"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: encrypted connections).
    /// - checkov CKV_AZURE_52, CKV_AZURE_54, CKV_AZURE_147; Trivy
    ///   AVD-AZU-0026.
    pub struct AzureDbOldTls {
        code: "TF095",
        name: "azure-db-old-tls",
        summary: "Azure database server accepting TLS older than 1.2",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [
            Checkov "CKV_AZURE_52", Checkov "CKV_AZURE_54", Checkov "CKV_AZURE_147",
            Trivy "AVD-AZU-0026",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for AzureDbOldTls {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        let (path, bad, fix): (&str, &[&str], &str) = match r.kind {
            "azurerm_mssql_server" => (
                "minimum_tls_version",
                &["1.0", "1.1", "Disabled"],
                "\"1.2\"",
            ),
            "azurerm_mysql_server" | "azurerm_postgresql_server" => (
                "ssl_minimal_tls_version_enforced",
                &["TLS1_0", "TLS1_1", "TLSEnforcementDisabled"],
                "\"TLS1_2\"",
            ),
            _ => return,
        };
        if let Some((a, v, t)) = known_str(cx, r, path)
            && bad.iter().any(|b| b.eq_ignore_ascii_case(&t))
        {
            out.add(
                a.span,
                format!(
                    "{} sets `{path}` to {}, so clients may use TLS older than 1.2",
                    subject(r),
                    shown(cx, &a, &v)
                ),
            )
            .help(format!("set `{path} = {fix}`"));
        }
    }
}
