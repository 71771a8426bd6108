use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports, in root modules, common taggable resources without `tags`
    /// (`labels` on Google Cloud): AWS resources when no `provider "aws"`
    /// block of the module sets `default_tags`, Google resources when no
    /// `provider "google"` sets `default_labels`, and Azure resources
    /// (azurerm has no provider-wide tags). Any `tags` value counts,
    /// including `var.tags` or `merge(...)`; only an absent attribute or
    /// a literal empty map is reported. Reusable modules are not judged:
    /// their caller's provider `default_tags` apply. The resource types
    /// checked are a fixed list of frequently used taggable types
    /// (instances, buckets, networks, databases, clusters, queues, keys,
    /// load balancers...), not every taggable type.
    ///
    /// ## Why is this bad?
    /// Untagged resources cannot be attributed to a team, service or
    /// environment: cost reports, ownership, clean-up and access policies
    /// based on tags all miss them.
    ///
    /// ## Example
    /// ```hcl
    /// provider "aws" {
    ///   region = "eu-west-1"
    /// }
    ///
    /// resource "aws_s3_bucket" "logs" {
    ///   bucket = "acme-logs"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// provider "aws" {
    ///   region = "eu-west-1"
    ///   default_tags {
    ///     tags = {
    ///       environment = "prod"
    ///       team        = "platform"
    ///       service     = "logging"
    ///       managed-by  = "terraform"
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T07 (tags on every taggable resource or provider
    ///   `default_tags`).
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/resource-tagging>
    pub struct MissingTags {
        code: "TF021",
        name: "missing-tags",
        summary: "Taggable resource without tags",
        severity: Info,
        category: BestPractice,
        practices: ["T07"],
        peers: [],
        fix: None,
        default: true,
    }
}

const AWS: [&str; 40] = [
    "aws_instance",
    "aws_launch_template",
    "aws_s3_bucket",
    "aws_vpc",
    "aws_subnet",
    "aws_security_group",
    "aws_internet_gateway",
    "aws_nat_gateway",
    "aws_eip",
    "aws_route_table",
    "aws_network_acl",
    "aws_ebs_volume",
    "aws_efs_file_system",
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_db_subnet_group",
    "aws_dynamodb_table",
    "aws_elasticache_replication_group",
    "aws_lambda_function",
    "aws_ecs_cluster",
    "aws_ecs_service",
    "aws_ecs_task_definition",
    "aws_ecr_repository",
    "aws_eks_cluster",
    "aws_eks_node_group",
    "aws_lb",
    "aws_lb_target_group",
    "aws_kms_key",
    "aws_iam_role",
    "aws_iam_policy",
    "aws_sns_topic",
    "aws_sqs_queue",
    "aws_cloudwatch_log_group",
    "aws_secretsmanager_secret",
    "aws_kinesis_stream",
    "aws_elasticsearch_domain",
    "aws_opensearch_domain",
    "aws_redshift_cluster",
    "aws_cloudfront_distribution",
    "aws_api_gateway_rest_api",
];

const AZURE: [&str; 16] = [
    "azurerm_resource_group",
    "azurerm_virtual_network",
    "azurerm_network_security_group",
    "azurerm_public_ip",
    "azurerm_storage_account",
    "azurerm_linux_virtual_machine",
    "azurerm_windows_virtual_machine",
    "azurerm_virtual_machine",
    "azurerm_kubernetes_cluster",
    "azurerm_key_vault",
    "azurerm_mssql_server",
    "azurerm_postgresql_flexible_server",
    "azurerm_mysql_flexible_server",
    "azurerm_cosmosdb_account",
    "azurerm_container_registry",
    "azurerm_service_plan",
];

const GOOGLE: [&str; 6] = [
    "google_compute_instance",
    "google_compute_disk",
    "google_storage_bucket",
    "google_pubsub_topic",
    "google_bigquery_dataset",
    "google_redis_instance",
];

impl Rule for MissingTags {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if !cx.module.is_root() {
            return;
        }
        let (key, provider_default) = if AWS.contains(&r.kind) {
            (
                "tags",
                cx.module
                    .providers()
                    .any(|p| p.name == "aws" && p.default_tags.is_some()),
            )
        } else if AZURE.contains(&r.kind) {
            ("tags", false)
        } else if GOOGLE.contains(&r.kind) {
            (
                "labels",
                cx.module
                    .providers()
                    .any(|p| p.name == "google" && p.block.attr("default_labels").is_some()),
            )
        } else {
            return;
        };
        if provider_default {
            return;
        }
        match r.lookup(key) {
            Lookup::Found(a) => {
                if matches!(a.value, Expr::Object(o) if o.is_empty()) {
                    out.add(
                        a.span,
                        format!("resource `{}` has empty `{key}`", r.address()),
                    )
                    .help(format!(
                        "set `{key}` (environment, team, service) or use provider-level defaults"
                    ));
                }
            }
            Lookup::Dynamic => {}
            Lookup::Missing => {
                out.add(
                    r.header_span(),
                    format!("resource `{}` has no `{key}`", r.address()),
                )
                .help(if key == "tags" && r.provider() == "aws" {
                    "add `tags`, or `default_tags` to the `provider \"aws\"` block".to_string()
                } else {
                    format!("add `{key}` (environment, team, service)")
                });
            }
        }
    }
}
