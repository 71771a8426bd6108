//! TF082: Cloud SQL instances with Terraform's deletion protection off.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `google_sql_database_instance` resources with
    /// `deletion_protection = false` (literally or from a variable's
    /// default). The default, `true`, is not reported.
    ///
    /// ## Why is this bad?
    /// Terraform's deletion protection is what stops a `terraform destroy`,
    /// a renamed resource or a change that forces replacement from deleting
    /// the instance, and with it every automated backup.
    ///
    /// ## Example
    /// ```hcl
    /// resource "google_sql_database_instance" "main" {
    ///   database_version    = "POSTGRES_15"
    ///   deletion_protection = false
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "google_sql_database_instance" "main" {
    ///   database_version = "POSTGRES_15"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: deletion protection).
    pub struct CloudsqlDeletionProtectionDisabled {
        code: "TF082",
        name: "cloudsql-deletion-protection-disabled",
        summary: "Cloud SQL instance with deletion protection turned off",
        severity: Warning,
        category: Reliability,
        practices: ["T11"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for CloudsqlDeletionProtectionDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind == "google_sql_database_instance" {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path: "deletion_protection",
                    want: true,
                    default: true,
                    problem: "a destroy or a replacing change deletes the instance and its backups",
                    help: "remove `deletion_protection = false`",
                },
                out,
            );
        }
    }
}
