//! TF038 and TF039: RDS instances in a single availability zone, and
//! instances reachable from the internet.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `aws_db_instance` resources whose `multi_az` is unset (the
    /// default is `false`) or `false`. Read replicas, Aurora instances
    /// (`aws_rds_cluster_instance`, availability comes from the cluster)
    /// and SQL Server Express and Web editions (which cannot run Multi-AZ)
    /// are not reported. Off by default: development databases rarely need
    /// a standby; enable it for production configurations.
    ///
    /// ## Why is this bad?
    /// A single-AZ instance is down during an availability zone outage, a
    /// host failure or a maintenance reboot, for as long as the failure or
    /// a restore from backup takes. A Multi-AZ standby takes over in one or
    /// two minutes.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_db_instance" "orders" {
    ///   engine         = "postgres"
    ///   instance_class = "db.m6g.large"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_db_instance" "orders" {
    ///   engine         = "postgres"
    ///   instance_class = "db.m6g.large"
    ///   multi_az       = true
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: multi-AZ in production).
    /// - checkov CKV_AWS_157.
    pub struct RdsSingleAz {
        code: "TF038",
        name: "rds-single-az",
        summary: "RDS instance without a Multi-AZ standby",
        severity: Info,
        category: Reliability,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_157"],
        fix: None,
        default: false,
    }
}

impl Rule for RdsSingleAz {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != "aws_db_instance"
            || is_set(r, "replicate_source_db")
            || known_str(cx, r, "engine")
                .is_some_and(|(_, _, e)| e == "sqlserver-ex" || e == "sqlserver-web")
        {
            return;
        }
        check_bool(
            cx,
            r,
            &BoolCheck {
                path: "multi_az",
                want: true,
                default: false,
                problem: "an availability zone outage or a host failure takes the database down",
                help: "set `multi_az = true` for production databases",
            },
            out,
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_db_instance` and `aws_rds_cluster_instance` resources
    /// with `publicly_accessible = true` (literally or from a variable's
    /// default). The default, `false`, is not reported.
    ///
    /// ## Why is this bad?
    /// The instance gets a public IP address and a DNS name that resolves
    /// to it: only security groups stand between the database port and the
    /// internet, where it is scanned and brute-forced within minutes.
    /// Applications and administrators reach private databases through the
    /// VPC, a VPN or a bastion.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_db_instance" "orders" {
    ///   engine              = "postgres"
    ///   instance_class      = "db.t3.micro"
    ///   publicly_accessible = true
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_db_instance" "orders" {
    ///   engine              = "postgres"
    ///   instance_class      = "db.t3.micro"
    ///   publicly_accessible = false
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics).
    /// - checkov CKV_AWS_17; Trivy AVD-AWS-0180.
    pub struct RdsPubliclyAccessible {
        code: "TF039",
        name: "rds-publicly-accessible",
        summary: "RDS instance reachable from the internet",
        severity: Error,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_17", Trivy "AVD-AWS-0180"],
        fix: None,
        default: true,
    }
}

impl Rule for RdsPubliclyAccessible {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if !matches!(r.kind, "aws_db_instance" | "aws_rds_cluster_instance") {
            return;
        }
        check_bool(
            cx,
            r,
            &BoolCheck {
                path: "publicly_accessible",
                want: false,
                default: false,
                problem: "the database gets a public address and only security groups protect it",
                help: "set `publicly_accessible = false` and reach the database through the VPC",
            },
            out,
        );
    }
}
