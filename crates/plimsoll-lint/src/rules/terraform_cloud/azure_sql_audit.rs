//! TF096 and TF097: Azure SQL servers without auditing, and database
//! firewall rules that allow every address.

use super::prelude::*;
use super::support::has_unresolved;

const AUDIT: &str = "azurerm_mssql_server_extended_auditing_policy";

declare_rule! {
    /// ## What it does
    /// Reports `azurerm_mssql_server` and `azurerm_sql_server` resources
    /// without auditing: no inline `extended_auditing_policy` block and no
    /// `azurerm_mssql_server_extended_auditing_policy` of the module for
    /// the server. When such a policy names a server the module cannot
    /// resolve, no server is reported.
    ///
    /// ## Why is this bad?
    /// Without auditing there is no record of logins, permission changes
    /// and queries: a data theft or a destructive statement cannot be
    /// traced, and many compliance regimes require the audit log.
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
    /// resource "azurerm_mssql_server_extended_auditing_policy" "main" {
    ///   server_id              = azurerm_mssql_server.main.id
    ///   log_monitoring_enabled = true
    ///   retention_in_days      = 90
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics).
    /// - checkov CKV_AZURE_23; Trivy AVD-AZU-0027.
    pub struct AzureSqlAuditingMissing {
        code: "TF096",
        name: "azure-sql-auditing-missing",
        summary: "Azure SQL server without auditing",
        severity: Info,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AZURE_23", Trivy "AVD-AZU-0027"],
        fix: None,
        default: true,
    }
}

impl Rule for AzureSqlAuditingMissing {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if !matches!(r.kind, "azurerm_mssql_server" | "azurerm_sql_server")
            || is_set(r, "extended_auditing_policy")
            || !configured_by(cx, r, AUDIT, "server_id", "id").is_empty()
            || has_unresolved(cx, AUDIT, "server_id", r.kind)
        {
            return;
        }
        out.add(
            r.header_span(),
            format!(
                "{} has no auditing (no `extended_auditing_policy` block and no `{AUDIT}` for it)",
                subject(r)
            ),
        )
        .help(format!("add an `{AUDIT}` for the server"));
    }
}

const FIREWALL_RULES: [&str; 7] = [
    "azurerm_sql_firewall_rule",
    "azurerm_mssql_firewall_rule",
    "azurerm_mysql_firewall_rule",
    "azurerm_postgresql_firewall_rule",
    "azurerm_mariadb_firewall_rule",
    "azurerm_mysql_flexible_server_firewall_rule",
    "azurerm_postgresql_flexible_server_firewall_rule",
];

declare_rule! {
    /// ## What it does
    /// Reports Azure database firewall rules (`azurerm_mssql_firewall_rule`,
    /// `azurerm_sql_firewall_rule`, and the MySQL, PostgreSQL and MariaDB
    /// single and flexible server rules) from `0.0.0.0` to
    /// `255.255.255.255`. The `0.0.0.0`-`0.0.0.0` rule (Azure's "allow
    /// Azure services" switch) is not reported.
    ///
    /// ## Why is this bad?
    /// The rule lets every IPv4 address on the internet connect to the
    /// server: only the database password stands between attackers and the
    /// data.
    ///
    /// ## Example
    /// ```hcl
    /// resource "azurerm_mssql_firewall_rule" "all" {
    ///   name             = "all"
    ///   server_id        = azurerm_mssql_server.main.id
    ///   start_ip_address = "0.0.0.0"
    ///   end_ip_address   = "255.255.255.255"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "azurerm_mssql_firewall_rule" "office" {
    ///   name             = "office"
    ///   server_id        = azurerm_mssql_server.main.id
    ///   start_ip_address = "203.0.113.0"
    ///   end_ip_address   = "203.0.113.255"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: databases are not public).
    /// - checkov CKV_AZURE_11.
    pub struct AzureDbFirewallAllowsAll {
        code: "TF097",
        name: "azure-db-firewall-allows-all",
        summary: "Azure database firewall rule allowing every IPv4 address",
        severity: Error,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AZURE_11"],
        fix: None,
        default: true,
    }
}

impl Rule for AzureDbFirewallAllowsAll {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if !FIREWALL_RULES.contains(&r.kind) {
            return;
        }
        let (Some((start, _, s)), Some((end, _, e))) = (
            known_str(cx, r, "start_ip_address"),
            known_str(cx, r, "end_ip_address"),
        ) else {
            return;
        };
        if s.trim() == "0.0.0.0" && e.trim() == "255.255.255.255" {
            out.add(
                Span::new(
                    start.span.start.min(end.span.start),
                    start.span.end.max(end.span.end),
                ),
                format!(
                    "{} allows every IPv4 address (`0.0.0.0` to `255.255.255.255`) to connect",
                    subject(r)
                ),
            )
            .help("allow only the addresses that need access, or use a private endpoint");
        }
    }
}
