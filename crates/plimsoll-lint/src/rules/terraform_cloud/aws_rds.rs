//! TF035-TF037: AWS databases without storage encryption, without
//! backups, or without deletion protection.

use super::prelude::*;

/// A read replica: it takes encryption and backups from its source.
fn is_replica(r: &Resource<'_>) -> bool {
    is_set(r, "replicate_source_db") || is_set(r, "replication_source_identifier")
}

declare_rule! {
    /// ## What it does
    /// Reports databases whose storage is not encrypted:
    /// `storage_encrypted` unset (the default is `false`) or `false` on
    /// `aws_db_instance`, `aws_rds_cluster`, `aws_neptune_cluster` and
    /// `aws_docdb_cluster`. Read replicas (`replicate_source_db`,
    /// `replication_source_identifier`), instances restored from a
    /// snapshot and Aurora Serverless v1 clusters (always encrypted) are
    /// not reported.
    ///
    /// ## Why is this bad?
    /// The data files, backups, snapshots and replicas of the database are
    /// stored in clear: a leaked or shared snapshot exposes everything.
    /// Encryption cannot be turned on later without copying the data to a
    /// new instance, so it must be chosen at creation.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_db_instance" "orders" {
    ///   engine            = "postgres"
    ///   instance_class    = "db.t3.micro"
    ///   storage_encrypted = false
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_db_instance" "orders" {
    ///   engine            = "postgres"
    ///   instance_class    = "db.t3.micro"
    ///   storage_encrypted = true
    ///   kms_key_id        = aws_kms_key.db.arn
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: RDS encryption).
    /// - checkov CKV_AWS_16, CKV_AWS_96, CKV_AWS_44, CKV_AWS_74; Trivy
    ///   AVD-AWS-0080, AVD-AWS-0079, AVD-AWS-0076, AVD-AWS-0021.
    pub struct DatabaseStorageUnencrypted {
        code: "TF035",
        name: "database-storage-unencrypted",
        summary: "RDS, Aurora, Neptune or DocumentDB storage not encrypted",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [
            Checkov "CKV_AWS_16", Checkov "CKV_AWS_96", Checkov "CKV_AWS_44",
            Checkov "CKV_AWS_74", Trivy "AVD-AWS-0080", Trivy "AVD-AWS-0079",
            Trivy "AVD-AWS-0076", Trivy "AVD-AWS-0021",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for DatabaseStorageUnencrypted {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if !matches!(
            r.kind,
            "aws_db_instance" | "aws_rds_cluster" | "aws_neptune_cluster" | "aws_docdb_cluster"
        ) || is_replica(r)
            || is_set(r, "snapshot_identifier")
            || known_str(cx, r, "engine_mode")
                .is_some_and(|(_, _, m)| m.eq_ignore_ascii_case("serverless"))
        {
            return;
        }
        check_bool(
            cx,
            r,
            &BoolCheck {
                path: "storage_encrypted",
                want: true,
                default: false,
                problem: "its storage, backups and snapshots are not encrypted",
                help: "set `storage_encrypted = true` (with a `kms_key_id`); existing data must be copied to a new encrypted instance",
            },
            out,
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_db_instance` and `aws_rds_cluster` resources with
    /// `backup_retention_period = 0` (literally or from a variable's
    /// default), which turns automated backups off. An unset period is
    /// not reported (RDS keeps one day), nor are read replicas.
    ///
    /// ## Why is this bad?
    /// Without automated backups there is no point-in-time recovery: a
    /// bad migration, a `DELETE` without `WHERE` or a corrupted volume
    /// loses everything since the last manual snapshot, if any.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_db_instance" "orders" {
    ///   engine                  = "postgres"
    ///   instance_class          = "db.t3.micro"
    ///   backup_retention_period = 0
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_db_instance" "orders" {
    ///   engine                  = "postgres"
    ///   instance_class          = "db.t3.micro"
    ///   backup_retention_period = 7
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: backups).
    /// - checkov CKV_AWS_133; Trivy AVD-AWS-0077 (which also wants more
    ///   than one day).
    pub struct RdsBackupsDisabled {
        code: "TF036",
        name: "rds-backups-disabled",
        summary: "RDS database with automated backups turned off",
        severity: Warning,
        category: Reliability,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_133", Trivy "AVD-AWS-0077"],
        fix: None,
        default: true,
    }
}

impl Rule for RdsBackupsDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if !matches!(r.kind, "aws_db_instance" | "aws_rds_cluster") || is_replica(r) {
            return;
        }
        if let Setting::Known(a, v) = setting(cx, r, "backup_retention_period")
            && v.as_number() == Some(0.0)
        {
            out.add(
                    a.span,
                    format!(
                        "{} sets `backup_retention_period` to {}, which turns automated backups and point-in-time recovery off",
                        subject(r),
                        shown(cx, &a, &v)
                    ),
                )
                .help("keep backups: `backup_retention_period = 7` or more");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_db_instance`, `aws_rds_cluster`, `aws_neptune_cluster`
    /// and `aws_docdb_cluster` resources whose `deletion_protection` is
    /// unset (the default is `false`) or `false`. Read replicas are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// Without it, a `terraform destroy`, a renamed resource or a change
    /// that forces replacement deletes the database through the API with
    /// no further confirmation; with `skip_final_snapshot` the data is
    /// gone.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_rds_cluster" "main" {
    ///   cluster_identifier  = "main"
    ///   engine              = "aurora-postgresql"
    ///   deletion_protection = false
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_rds_cluster" "main" {
    ///   cluster_identifier  = "main"
    ///   engine              = "aurora-postgresql"
    ///   deletion_protection = true
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: deletion protection).
    /// - checkov CKV_AWS_293, CKV_AWS_139; Trivy AVD-AWS-0177,
    ///   AVD-AWS-0343.
    pub struct RdsDeletionProtectionDisabled {
        code: "TF037",
        name: "rds-deletion-protection-disabled",
        summary: "Database without deletion protection",
        severity: Warning,
        category: Reliability,
        practices: ["T11"],
        peers: [
            Checkov "CKV_AWS_293", Checkov "CKV_AWS_139", Trivy "AVD-AWS-0177",
            Trivy "AVD-AWS-0343",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for RdsDeletionProtectionDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if !matches!(
            r.kind,
            "aws_db_instance" | "aws_rds_cluster" | "aws_neptune_cluster" | "aws_docdb_cluster"
        ) || is_replica(r)
        {
            return;
        }
        check_bool(
            cx,
            r,
            &BoolCheck {
                path: "deletion_protection",
                want: true,
                default: false,
                problem: "a destroy or a replacing change deletes the database without confirmation",
                help: "set `deletion_protection = true`",
            },
            out,
        );
    }
}
