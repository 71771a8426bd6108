use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports stateful resources without `lifecycle { prevent_destroy =
    /// true }`: databases (`aws_db_instance`, `aws_rds_cluster`,
    /// `aws_dynamodb_table`, `aws_docdb_cluster`, `aws_neptune_cluster`,
    /// `aws_redshift_cluster`, `aws_elasticache_replication_group`,
    /// `google_sql_database_instance`, `google_spanner_instance`,
    /// `google_bigtable_instance`, `azurerm_mssql_server`,
    /// `azurerm_postgresql_flexible_server`, `azurerm_mysql_flexible_server`,
    /// `azurerm_cosmosdb_account`), file systems (`aws_efs_file_system`)
    /// and key material (`aws_kms_key`, `google_kms_crypto_key`,
    /// `azurerm_key_vault`). Off by default: `lifecycle` cannot take a
    /// variable, so reusable modules often leave it out on purpose and
    /// rely on deletion protection instead.
    ///
    /// ## Why is this bad?
    /// A rename, a changed `ForceNew` argument or a mistaken `destroy`
    /// plans to delete the resource and its data; `prevent_destroy` makes
    /// Terraform refuse such a plan.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_db_instance" "main" {
    ///   identifier     = "orders"
    ///   engine         = "postgres"
    ///   instance_class = "db.t4g.medium"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_db_instance" "main" {
    ///   identifier     = "orders"
    ///   engine         = "postgres"
    ///   instance_class = "db.t4g.medium"
    ///
    ///   lifecycle {
    ///     prevent_destroy = true
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T06 (`prevent_destroy` on stateful resources).
    /// - <https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy>
    pub struct StatefulWithoutPreventDestroy {
        code: "TF020",
        name: "stateful-resource-without-prevent-destroy",
        summary: "Stateful resource without `prevent_destroy`",
        severity: Info,
        category: Reliability,
        practices: ["T06"],
        peers: [],
        fix: None,
        default: false,
    }
}

const STATEFUL: [&str; 18] = [
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_dynamodb_table",
    "aws_docdb_cluster",
    "aws_neptune_cluster",
    "aws_redshift_cluster",
    "aws_elasticache_replication_group",
    "aws_efs_file_system",
    "aws_kms_key",
    "google_sql_database_instance",
    "google_spanner_instance",
    "google_bigtable_instance",
    "google_kms_crypto_key",
    "azurerm_mssql_server",
    "azurerm_postgresql_flexible_server",
    "azurerm_mysql_flexible_server",
    "azurerm_cosmosdb_account",
    "azurerm_key_vault",
];

impl Rule for StatefulWithoutPreventDestroy {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if !STATEFUL.contains(&r.kind) {
            return;
        }
        if let Some(f) = require_attr(cx, r, "lifecycle.prevent_destroy", Expect::True, out) {
            f.help("add `lifecycle { prevent_destroy = true }` so a plan that deletes it fails");
        }
    }
}
