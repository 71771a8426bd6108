//! TF066 and TF067: DynamoDB tables without point-in-time recovery, and
//! ElastiCache replication groups without encryption.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `aws_dynamodb_table` resources whose
    /// `point_in_time_recovery.enabled` is unset (the default is `false`)
    /// or `false`.
    ///
    /// ## Why is this bad?
    /// Without point-in-time recovery a bad deploy, a faulty migration or
    /// an accidental `DeleteItem` loop cannot be undone: DynamoDB keeps no
    /// history unless on-demand backups happened to be taken. PITR restores
    /// the table to any second of the last 35 days.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_dynamodb_table" "orders" {
    ///   name     = "orders"
    ///   hash_key = "id"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_dynamodb_table" "orders" {
    ///   name     = "orders"
    ///   hash_key = "id"
    ///   point_in_time_recovery {
    ///     enabled = true
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: backups).
    /// - checkov CKV_AWS_28; Trivy AVD-AWS-0024.
    pub struct DynamodbPitrDisabled {
        code: "TF066",
        name: "dynamodb-pitr-disabled",
        summary: "DynamoDB table without point-in-time recovery",
        severity: Warning,
        category: Reliability,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_28", Trivy "AVD-AWS-0024"],
        fix: None,
        default: true,
    }
}

impl Rule for DynamodbPitrDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind == "aws_dynamodb_table" && !r.has_dynamic("point_in_time_recovery") {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path: "point_in_time_recovery.enabled",
                    want: true,
                    default: false,
                    problem: "writes and deletes cannot be rolled back to an earlier point in time",
                    help: "add `point_in_time_recovery { enabled = true }`",
                },
                out,
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_elasticache_replication_group` resources whose
    /// `at_rest_encryption_enabled` or `transit_encryption_enabled` is unset
    /// or `false`. An unset `at_rest_encryption_enabled` is not reported
    /// for the `valkey` engine, where it defaults to `true`.
    ///
    /// ## Why is this bad?
    /// Caches hold sessions, tokens and copies of database rows: without
    /// encryption at rest they sit in clear on disks, backups and
    /// snapshots, and without in-transit encryption (TLS) every client
    /// connection, AUTH token included, crosses the VPC in clear text.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_elasticache_replication_group" "sessions" {
    ///   replication_group_id = "sessions"
    ///   description          = "sessions"
    ///   engine               = "redis"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_elasticache_replication_group" "sessions" {
    ///   replication_group_id       = "sessions"
    ///   description                = "sessions"
    ///   engine                     = "redis"
    ///   at_rest_encryption_enabled = true
    ///   transit_encryption_enabled = true
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: encryption).
    /// - checkov CKV_AWS_29, CKV_AWS_30; Trivy AVD-AWS-0045, AVD-AWS-0051.
    pub struct ElasticacheUnencrypted {
        code: "TF067",
        name: "elasticache-unencrypted",
        summary: "ElastiCache replication group without encryption at rest or in transit",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [
            Checkov "CKV_AWS_29", Checkov "CKV_AWS_30", Trivy "AVD-AWS-0045",
            Trivy "AVD-AWS-0051",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for ElasticacheUnencrypted {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != "aws_elasticache_replication_group" {
            return;
        }
        let engine = match setting(cx, r, "engine") {
            Setting::Missing => Some("redis".to_string()),
            Setting::Unknown => None,
            Setting::Known(_, v) => v.as_str().map(str::to_ascii_lowercase),
        };
        let Some(engine) = engine else {
            return;
        };
        check_bool(
            cx,
            r,
            &BoolCheck {
                path: "at_rest_encryption_enabled",
                want: true,
                default: engine == "valkey",
                problem: "cached data, backups and snapshots are stored unencrypted",
                help: "set `at_rest_encryption_enabled = true`",
            },
            out,
        );
        check_bool(
            cx,
            r,
            &BoolCheck {
                path: "transit_encryption_enabled",
                want: true,
                default: false,
                problem: "clients talk to the cache in clear text",
                help: "set `transit_encryption_enabled = true` (clients must then use TLS)",
            },
            out,
        );
    }
}
