//! AWS: VPC with private/public subnets, NAT and KMS-encrypted flow logs;
//! EKS with KMS secrets encryption, all control-plane logs, a private
//! endpoint, private IMDSv2-only nodes and EKS Pod Identity (T08, T09); RDS
//! PostgreSQL encrypted with KMS, RDS-managed master password, IAM
//! authentication, backups, deletion protection and `prevent_destroy` (T06,
//! T10, T11). State: S3 with `encrypt` and the native lock file (T01).

use super::hcl::{HEADER, quote};
use super::{CloudScaffold, Ctx, Env, Input, InputKind, ModuleText, TerraformModule};

pub(super) struct Aws;

/// Default region; the backend, the bootstrap and every environment say it
/// once each, so changing region is three edits.
const REGION: &str = "us-east-1";
/// EKS Kubernetes version in standard support.
const KUBERNETES_VERSION: &str = "1.34";
/// RDS PostgreSQL major version; minor versions upgrade automatically.
const POSTGRES_VERSION: &str = "17";

const CLUSTER_KEY_DESCRIPTION: &str =
    "Encrypts Kubernetes secrets and control-plane logs of ${var.name}.";
const DATABASE_KEY_DESCRIPTION: &str =
    "Encrypts the storage, snapshots, logs and master secret of ${var.name}.";

fn state_bucket(ctx: &Ctx) -> String {
    format!("{}-terraform-state", ctx.project)
}

impl CloudScaffold for Aws {
    fn required_providers(&self) -> &'static str {
        "    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 5.100\"\n    }\n"
    }

    fn module(&self, m: TerraformModule) -> ModuleText {
        match m {
            TerraformModule::Network => ModuleText {
                main: NETWORK_MAIN.into(),
                variables: NETWORK_VARIABLES,
                outputs: NETWORK_OUTPUTS,
            },
            TerraformModule::Cluster => ModuleText {
                main: format!(
                    "{CLUSTER_MAIN_HEAD}{}{CLUSTER_MAIN_REST}",
                    logs_kms_key("cluster", CLUSTER_KEY_DESCRIPTION)
                )
                .into(),
                variables: CLUSTER_VARIABLES,
                outputs: CLUSTER_OUTPUTS,
            },
            TerraformModule::Database => ModuleText {
                main: format!(
                    "{DATABASE_MAIN_HEAD}{}{DATABASE_MAIN_REST}",
                    logs_kms_key("database", DATABASE_KEY_DESCRIPTION)
                )
                .into(),
                variables: DATABASE_VARIABLES,
                outputs: DATABASE_OUTPUTS,
            },
        }
    }

    fn inputs(&self, ctx: &Ctx, env: &Env, m: TerraformModule) -> Vec<Input> {
        let retention = env.pick("30", "365");
        match m {
            TerraformModule::Network => vec![
                Input::named("name", InputKind::Name),
                Input::value(
                    "cidr",
                    "string",
                    "CIDR block of the VPC.",
                    quote(&env.cidr()),
                ),
                Input::value(
                    "availability_zones",
                    "list(string)",
                    "Availability zones to spread subnets over (at least two).",
                    env.pick(
                        &format!("[\"{REGION}a\", \"{REGION}b\"]"),
                        &format!("[\"{REGION}a\", \"{REGION}b\", \"{REGION}c\"]"),
                    )
                    .to_owned(),
                ),
                Input::value(
                    "single_nat_gateway",
                    "bool",
                    "One NAT gateway for all zones (cheaper, not zone-redundant).",
                    env.pick("true", "false"),
                ),
                Input::value(
                    "flow_log_retention_days",
                    "number",
                    "Days to keep VPC flow logs.",
                    retention,
                ),
            ],
            TerraformModule::Cluster => vec![
                Input::named("name", InputKind::Name),
                Input::value(
                    "kubernetes_version",
                    "string",
                    "EKS Kubernetes version.",
                    quote(KUBERNETES_VERSION),
                ),
                Input::output(
                    "vpc_id",
                    TerraformModule::Network,
                    "vpc_id",
                    "\"vpc-00000000\"",
                ),
                Input::output(
                    "subnet_ids",
                    TerraformModule::Network,
                    "private_subnet_ids",
                    "[\"subnet-00000000\", \"subnet-11111111\"]",
                ),
                Input::value(
                    "public_access_cidrs",
                    "list(string)",
                    "CIDRs allowed to reach the API endpoint from outside the VPC; empty keeps it private.",
                    "[]",
                ),
                Input::value(
                    "node_instance_types",
                    "list(string)",
                    "Instance types of the managed node group.",
                    env.pick("[\"t3.large\"]", "[\"m6i.large\"]"),
                ),
                Input::value(
                    "node_min_size",
                    "number",
                    "Minimum nodes.",
                    env.pick("1", "3"),
                ),
                Input::value(
                    "node_desired_size",
                    "number",
                    "Nodes at creation.",
                    env.pick("2", "3"),
                ),
                Input::value(
                    "node_max_size",
                    "number",
                    "Maximum nodes.",
                    env.pick("3", "6"),
                ),
                Input::value(
                    "log_retention_days",
                    "number",
                    "Days to keep control-plane logs.",
                    retention,
                ),
            ],
            TerraformModule::Database => {
                let mut inputs = vec![
                    Input::named("name", InputKind::Name),
                    Input::output(
                        "vpc_id",
                        TerraformModule::Network,
                        "vpc_id",
                        "\"vpc-00000000\"",
                    ),
                    Input::output(
                        "subnet_ids",
                        TerraformModule::Network,
                        "private_subnet_ids",
                        "[\"subnet-00000000\", \"subnet-11111111\"]",
                    ),
                ];
                if ctx.has(TerraformModule::Cluster) {
                    inputs.push(Input::output_list(
                        "allowed_security_group_ids",
                        TerraformModule::Cluster,
                        "cluster_security_group_id",
                        "\"sg-00000000\"",
                    ));
                } else {
                    inputs.push(Input::value(
                        "allowed_security_group_ids",
                        "list(string)",
                        "Security groups of the clients allowed to connect.",
                        "[]",
                    ));
                }
                inputs.extend([
                    Input::value(
                        "engine_version",
                        "string",
                        "PostgreSQL version (major, or major.minor).",
                        quote(POSTGRES_VERSION),
                    ),
                    Input::value(
                        "instance_class",
                        "string",
                        "RDS instance class.",
                        quote(env.pick("db.t4g.medium", "db.m7g.large")),
                    ),
                    Input::value(
                        "allocated_storage",
                        "number",
                        "Initial storage in GiB.",
                        env.pick("20", "100"),
                    ),
                    Input::value(
                        "max_allocated_storage",
                        "number",
                        "Storage autoscaling ceiling in GiB.",
                        env.pick("100", "500"),
                    ),
                    Input::value(
                        "multi_az",
                        "bool",
                        "Standby in another zone with automatic failover.",
                        env.pick("false", "true"),
                    ),
                    Input::value(
                        "backup_retention_days",
                        "number",
                        "Days of automated backups (point-in-time recovery window).",
                        env.pick("7", "35"),
                    ),
                    Input::value(
                        "database_name",
                        "string",
                        "Name of the application database.",
                        quote(&ctx.project.replace('-', "_")),
                    ),
                    Input::value(
                        "log_retention_days",
                        "number",
                        "Days to keep PostgreSQL logs.",
                        retention,
                    ),
                ]);
                inputs
            }
        }
    }

    fn root_settings(
        &self,
        _ctx: &Ctx,
        _env: &Env,
    ) -> Vec<(&'static str, &'static str, &'static str, String)> {
        vec![("region", "string", "AWS region.", quote(REGION))]
    }

    fn providers(&self) -> &'static str {
        PROVIDERS
    }

    fn backend(&self, ctx: &Ctx, env: &Env) -> String {
        format!(
            "{HEADER}\n# State in the bucket made by ../../bootstrap, one key per environment (T01,\n# T02): encrypted, versioned, locked with an S3 lock file (Terraform 1.10+).\n# Backends cannot read variables: keep bucket and region in step with\n# bootstrap/terraform.tfvars. Add `kms_key_id = \"<bootstrap output\n# state_kms_key_arn>\"` to encrypt the state with the bootstrap KMS key.\nterraform {{\n  backend \"s3\" {{\n    bucket       = {}\n    key          = {}\n    region       = {}\n    encrypt      = true\n    use_lockfile = true\n  }}\n}}\n",
            quote(&state_bucket(ctx)),
            quote(&format!("{}/terraform.tfstate", env.name)),
            quote(REGION),
        )
    }

    fn outputs(&self, ctx: &Ctx) -> String {
        let mut out = format!("{HEADER}\n");
        if ctx.has(TerraformModule::Network) {
            out.push_str("output \"vpc_id\" {\n  description = \"VPC of the environment.\"\n  value       = module.network.vpc_id\n}\n");
        }
        if ctx.has(TerraformModule::Cluster) {
            out.push_str("\noutput \"cluster_name\" {\n  description = \"EKS cluster: aws eks update-kubeconfig --name <this>.\"\n  value       = module.cluster.cluster_name\n}\n");
        }
        if ctx.has(TerraformModule::Database) {
            out.push_str("\noutput \"database_endpoint\" {\n  description = \"PostgreSQL host:port for DATABASE_URL.\"\n  value       = module.database.endpoint\n}\n\noutput \"database_master_user_secret_arn\" {\n  description = \"Secrets Manager secret holding the RDS-managed master password.\"\n  value       = module.database.master_user_secret_arn\n}\n");
        }
        out
    }

    fn bootstrap(&self, ctx: &Ctx) -> Vec<(&'static str, String)> {
        vec![
            (
                "versions.tf",
                format!(
                    "{HEADER}\nterraform {{\n  required_version = {}\n\n  required_providers {{\n{}  }}\n}}\n",
                    quote(super::TERRAFORM_VERSION),
                    self.required_providers()
                ),
            ),
            (
                "backend.tf",
                format!(
                    "{HEADER}\n# The bootstrap keeps its own state in the bucket it creates. First run:\n# move this file aside, `terraform init && terraform apply`, put it back,\n# then `terraform init -migrate-state`.\nterraform {{\n  backend \"s3\" {{\n    bucket       = {}\n    key          = \"bootstrap/terraform.tfstate\"\n    region       = {}\n    encrypt      = true\n    use_lockfile = true\n  }}\n}}\n",
                    quote(&state_bucket(ctx)),
                    quote(REGION)
                ),
            ),
            ("providers.tf", format!("{HEADER}\n{BOOTSTRAP_PROVIDERS}")),
            ("main.tf", format!("{HEADER}\n{BOOTSTRAP_MAIN}")),
            ("variables.tf", format!("{HEADER}\n{BOOTSTRAP_VARIABLES}")),
            ("outputs.tf", format!("{HEADER}\n{BOOTSTRAP_OUTPUTS}")),
            (
                "terraform.tfvars",
                format!(
                    "{HEADER}\nregion       = {}\nproject      = {}\nowner        = {}\nstate_bucket = {}\n",
                    quote(REGION),
                    quote(&ctx.project),
                    quote(&ctx.owner),
                    quote(&state_bucket(ctx))
                ),
            ),
        ]
    }

    fn terragrunt_root(&self, ctx: &Ctx) -> String {
        format!(
            "# State: the bucket made by bootstrap/, one key per unit (T01, T02, T12).\nremote_state {{\n  backend = \"s3\"\n  generate = {{\n    path      = \"backend.tf\"\n    if_exists = \"overwrite_terragrunt\"\n  }}\n  config = {{\n    bucket       = {}\n    key          = \"${{path_relative_to_include()}}/terraform.tfstate\"\n    region       = local.env.locals.region\n    encrypt      = true\n    use_lockfile = true\n  }}\n}}\n\n# Every resource is tagged through the provider (T07).\ngenerate \"provider\" {{\n  path      = \"providers.tf\"\n  if_exists = \"overwrite_terragrunt\"\n  contents  = <<-EOF\n    provider \"aws\" {{\n      region = \"${{local.env.locals.region}}\"\n\n      default_tags {{\n        tags = {{\n          environment = \"${{local.environment}}\"\n          project     = \"${{local.project}}\"\n          owner       = \"${{local.owner}}\"\n          managed-by  = \"terragrunt\"\n        }}\n      }}\n    }}\n  EOF\n}}\n",
            quote(&state_bucket(ctx))
        )
    }

    fn terragrunt_env_locals(&self, _ctx: &Ctx, _env: &Env) -> Vec<(&'static str, String)> {
        vec![("region", quote(REGION))]
    }

    fn readme_bootstrap(&self, ctx: &Ctx) -> String {
        format!(
            "`bootstrap/` creates the S3 bucket `{}` (versioned, KMS-encrypted, public\naccess blocked, TLS only, access-logged, `prevent_destroy`). Bucket names are\nglobal: rename it in `bootstrap/terraform.tfvars` and in every backend if taken.\n\n```sh\ncd bootstrap\nmv backend.tf backend.tf.off\nterraform init && terraform apply\nmv backend.tf.off backend.tf\nterraform init -migrate-state   # the bootstrap state moves into the bucket\n```\n",
            state_bucket(ctx)
        )
    }
}

const PROVIDERS: &str = r#"# Every resource gets the environment, project, owner and managed-by tags
# through default_tags (T07). Credentials come from the environment (SSO,
# OIDC in CI), never from this file.
provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}
"#;

const BOOTSTRAP_PROVIDERS: &str = r#"provider "aws" {
  region = var.region

  default_tags {
    tags = {
      project    = var.project
      owner      = var.owner
      managed-by = "terraform"
    }
  }
}
"#;

const BOOTSTRAP_VARIABLES: &str = r#"variable "region" {
  description = "AWS region of the state bucket."
  type        = string
}

variable "project" {
  description = "Project name (tags)."
  type        = string
}

variable "owner" {
  description = "Team that owns the state (owner tag)."
  type        = string
}

variable "state_bucket" {
  description = "Name of the state bucket (globally unique)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket))
    error_message = "Bucket names are 3-63 lowercase letters, digits, dots and hyphens."
  }
}
"#;

const BOOTSTRAP_OUTPUTS: &str = r#"output "state_bucket" {
  description = "Bucket holding every environment's state."
  value       = aws_s3_bucket.state.id
}

output "state_kms_key_arn" {
  description = "KMS key encrypting the state bucket."
  value       = aws_kms_key.state.arn
}
"#;

const BOOTSTRAP_MAIN: &str = r#"# The state bucket: losing or leaking it loses or leaks the infrastructure,
# so it is versioned, KMS-encrypted, private, TLS-only, access-logged and
# protected from `terraform destroy` (T01, T06, T11).

data "aws_caller_identity" "current" {}

# IAM policies of the account decide who may use the key.
data "aws_iam_policy_document" "state_key" {
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

resource "aws_kms_key" "state" {
  description             = "Encrypts the Terraform state bucket."
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.state_key.json

  # Data encrypted with it is lost with it.
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "state" {
  name          = "alias/${var.state_bucket}"
  target_key_id = aws_kms_key.state.key_id
}

resource "aws_s3_bucket" "state" {
  bucket = var.state_bucket

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.state.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket                  = aws_s3_bucket.state.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# Old state versions are kept 90 days: enough to roll back a bad apply.
resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    id     = "expire-old-state-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = 90
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

data "aws_iam_policy_document" "state" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.state.arn,
      "${aws_s3_bucket.state.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id
  policy = data.aws_iam_policy_document.state.json
}

# Who read or wrote the state, kept in a separate bucket. S3 server access
# logs can only be delivered to a bucket encrypted with S3-managed keys.
resource "aws_s3_bucket" "access_logs" {
  bucket = "${var.state_bucket}-logs"

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_versioning" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  bucket                  = aws_s3_bucket.access_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = 365
    }

    noncurrent_version_expiration {
      noncurrent_days = 30
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

data "aws_iam_policy_document" "access_logs" {
  statement {
    sid       = "S3ServerAccessLogs"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.access_logs.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.access_logs.arn,
      "${aws_s3_bucket.access_logs.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  policy = data.aws_iam_policy_document.access_logs.json
}

resource "aws_s3_bucket_logging" "state" {
  bucket        = aws_s3_bucket.state.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "state/"
}
"#;

const NETWORK_VARIABLES: &str = r#"variable "name" {
  description = "Prefix of every resource name (project-environment)."
  type        = string
}

variable "cidr" {
  description = "CIDR block of the VPC (a /16 leaves room for 16 /20 subnets)."
  type        = string

  validation {
    condition     = can(cidrhost(var.cidr, 0))
    error_message = "cidr must be an IPv4 CIDR block such as 10.10.0.0/16."
  }
}

variable "availability_zones" {
  description = "Availability zones to spread the subnets over (EKS needs at least two). Listed, not discovered, so the plan does not change when AWS adds a zone."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2 && length(var.availability_zones) <= 8
    error_message = "List between 2 and 8 availability zones."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones: cheaper, but egress fails with its zone."
  type        = bool
}

variable "flow_log_retention_days" {
  description = "Days to keep VPC flow logs."
  type        = number
}
"#;

const NETWORK_MAIN: &str = r#"# A VPC with one public and one private subnet per zone. Workloads and
# databases live in the private subnets and reach the internet through NAT;
# only load balancers use the public subnets. All traffic is logged.

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  azs      = var.availability_zones
  az_count = length(var.availability_zones)
  # /20 subnets: public ones first, private ones from the middle of the range.
  public_cidrs  = [for i in range(local.az_count) : cidrsubnet(var.cidr, 4, i)]
  private_cidrs = [for i in range(local.az_count) : cidrsubnet(var.cidr, 4, i + 8)]
  nat_count     = var.single_nat_gateway ? 1 : local.az_count
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = var.name
  }
}

# The default security group allows all traffic between its members; with
# no rules it allows nothing, so nothing can rely on it by accident.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = {
    Name = var.name
  }
}

resource "aws_subnet" "public" {
  count = local.az_count

  vpc_id                  = aws_vpc.this.id
  cidr_block              = local.public_cidrs[count.index]
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = false

  tags = {
    Name                     = "${var.name}-public-${local.azs[count.index]}"
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_subnet" "private" {
  count = local.az_count

  vpc_id            = aws_vpc.this.id
  cidr_block        = local.private_cidrs[count.index]
  availability_zone = local.azs[count.index]

  tags = {
    Name                              = "${var.name}-private-${local.azs[count.index]}"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_eip" "nat" {
  count  = local.nat_count
  domain = "vpc"

  tags = {
    Name = "${var.name}-nat-${count.index}"
  }
}

resource "aws_nat_gateway" "this" {
  count = local.nat_count

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id

  tags = {
    Name = "${var.name}-${local.azs[count.index]}"
  }

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }

  tags = {
    Name = "${var.name}-public"
  }
}

resource "aws_route_table_association" "public" {
  count = local.az_count

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "private" {
  count  = local.az_count
  vpc_id = aws_vpc.this.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.this[var.single_nat_gateway ? 0 : count.index].id
  }

  tags = {
    Name = "${var.name}-private-${local.azs[count.index]}"
  }
}

resource "aws_route_table_association" "private" {
  count = local.az_count

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

# Flow logs: who talked to whom, for incident response. Encrypted with a
# key of their own that CloudWatch Logs of this account and region may use.
data "aws_iam_policy_document" "flow_logs_key" {
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid = "CloudWatchLogsEncrypts"
    actions = [
      "kms:Encrypt*",
      "kms:Decrypt*",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${data.aws_region.current.name}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"]
    }
  }
}

resource "aws_kms_key" "flow_logs" {
  description             = "Encrypts the VPC flow logs of ${var.name}."
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.flow_logs_key.json

  # Data encrypted with it is lost with it.
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "flow_logs" {
  name              = "/aws/vpc/${var.name}/flow-logs"
  retention_in_days = var.flow_log_retention_days
  kms_key_id        = aws_kms_key.flow_logs.arn
}

data "aws_iam_policy_document" "flow_logs_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "flow_logs" {
  name               = "${var.name}-vpc-flow-logs"
  assume_role_policy = data.aws_iam_policy_document.flow_logs_assume.json
}

data "aws_iam_policy_document" "flow_logs" {
  statement {
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "logs:DescribeLogGroups",
      "logs:DescribeLogStreams",
    ]
    resources = [
      aws_cloudwatch_log_group.flow_logs.arn,
      "${aws_cloudwatch_log_group.flow_logs.arn}:*",
    ]
  }
}

resource "aws_iam_role_policy" "flow_logs" {
  name   = "write-flow-logs"
  role   = aws_iam_role.flow_logs.id
  policy = data.aws_iam_policy_document.flow_logs.json
}

resource "aws_flow_log" "this" {
  vpc_id          = aws_vpc.this.id
  traffic_type    = "ALL"
  iam_role_arn    = aws_iam_role.flow_logs.arn
  log_destination = aws_cloudwatch_log_group.flow_logs.arn
}
"#;

const NETWORK_OUTPUTS: &str = r#"output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr" {
  description = "CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "private_subnet_ids" {
  description = "Private subnets (workloads, databases), one per zone."
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  description = "Public subnets (internet-facing load balancers only)."
  value       = aws_subnet.public[*].id
}
"#;

const CLUSTER_VARIABLES: &str = r#"variable "name" {
  description = "Cluster name (project-environment)."
  type        = string
}

variable "kubernetes_version" {
  description = "EKS Kubernetes version (upgrade one minor version at a time)."
  type        = string

  validation {
    condition     = can(regex("^1\\.[0-9]+$", var.kubernetes_version))
    error_message = "kubernetes_version is a minor version such as 1.34."
  }
}

variable "vpc_id" {
  description = "VPC of the cluster."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the control plane interfaces and the nodes."
  type        = list(string)
}

variable "public_access_cidrs" {
  description = "CIDRs allowed to reach the API endpoint from outside the VPC. Empty: private endpoint only."
  type        = list(string)

  validation {
    condition     = !contains(var.public_access_cidrs, "0.0.0.0/0")
    error_message = "Opening the API endpoint to the whole internet is not allowed; list office or VPN ranges."
  }
}

variable "node_instance_types" {
  description = "Instance types of the managed node group."
  type        = list(string)
}

variable "node_min_size" {
  description = "Minimum number of nodes."
  type        = number
}

variable "node_desired_size" {
  description = "Number of nodes at creation (the autoscaler owns it afterwards)."
  type        = number
}

variable "node_max_size" {
  description = "Maximum number of nodes."
  type        = number
}

variable "node_disk_size" {
  description = "Root volume size of each node in GiB."
  type        = number
  default     = 50
}

variable "log_retention_days" {
  description = "Days to keep control-plane logs."
  type        = number
}
"#;

const CLUSTER_MAIN_HEAD: &str = r"# EKS hardened by default (T08, T09): Kubernetes secrets encrypted with a
# rotating KMS key, every control-plane log type kept, the API endpoint
# private unless CIDRs are listed, nodes in private subnets with IMDSv2 only
# and encrypted disks, workloads get AWS permissions through Pod Identity
# instead of the node role.

";

const CLUSTER_MAIN_REST: &str = r#"
# EKS writes control-plane logs here; created first so retention and
# encryption apply from the first line.
resource "aws_cloudwatch_log_group" "cluster" {
  name              = "/aws/eks/${var.name}/cluster"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.cluster.arn
}

data "aws_iam_policy_document" "cluster_assume" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "Service"
      identifiers = ["eks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "cluster" {
  name               = "${var.name}-eks-cluster"
  assume_role_policy = data.aws_iam_policy_document.cluster_assume.json
}

resource "aws_iam_role_policy_attachment" "cluster" {
  role       = aws_iam_role.cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
}

data "aws_iam_policy_document" "cluster_encryption" {
  statement {
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"]
    resources = [aws_kms_key.cluster.arn]
  }
}

resource "aws_iam_role_policy" "cluster_encryption" {
  name   = "encrypt-secrets"
  role   = aws_iam_role.cluster.id
  policy = data.aws_iam_policy_document.cluster_encryption.json
}

resource "aws_eks_cluster" "this" {
  name     = var.name
  version  = var.kubernetes_version
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids              = var.subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = length(var.public_access_cidrs) > 0
    # Only consulted when the public endpoint is on; never the whole internet.
    public_access_cidrs = length(var.public_access_cidrs) > 0 ? var.public_access_cidrs : ["127.0.0.1/32"]
  }

  # Access entries (EKS API) instead of the aws-auth ConfigMap.
  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = true
  }

  encryption_config {
    resources = ["secrets"]

    provider {
      key_arn = aws_kms_key.cluster.arn
    }
  }

  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  depends_on = [
    aws_cloudwatch_log_group.cluster,
    aws_iam_role_policy_attachment.cluster,
    aws_iam_role_policy.cluster_encryption,
  ]
}

# Pod Identity: a ServiceAccount gets an IAM role through an
# aws_eks_pod_identity_association; pods never use the node role (T09).
resource "aws_eks_addon" "pod_identity_agent" {
  cluster_name = aws_eks_cluster.this.name
  addon_name   = "eks-pod-identity-agent"
}

data "aws_iam_policy_document" "node_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "node" {
  name               = "${var.name}-eks-node"
  assume_role_policy = data.aws_iam_policy_document.node_assume.json
}

# Only what a node itself needs: join the cluster, run the VPC CNI, pull
# images.
resource "aws_iam_role_policy_attachment" "node" {
  for_each = toset([
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
  ])

  role       = aws_iam_role.node.name
  policy_arn = "arn:aws:iam::aws:policy/${each.value}"
}

resource "aws_launch_template" "node" {
  name_prefix            = "${var.name}-node-"
  update_default_version = true

  # IMDSv2 only, and one network hop: pods cannot borrow the node's
  # credentials from the metadata service.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = var.node_disk_size
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  tag_specifications {
    resource_type = "instance"

    tags = {
      Name = "${var.name}-node"
    }
  }
}

resource "aws_eks_node_group" "default" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "default"
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = var.subnet_ids
  ami_type        = "AL2023_x86_64_STANDARD"
  capacity_type   = "ON_DEMAND"
  instance_types  = var.node_instance_types

  scaling_config {
    min_size     = var.node_min_size
    desired_size = var.node_desired_size
    max_size     = var.node_max_size
  }

  update_config {
    max_unavailable = 1
  }

  launch_template {
    id      = aws_launch_template.node.id
    version = aws_launch_template.node.latest_version
  }

  # The cluster autoscaler changes the desired size; do not fight it.
  lifecycle {
    ignore_changes = [scaling_config[0].desired_size]
  }

  depends_on = [aws_iam_role_policy_attachment.node]
}
"#;

const CLUSTER_OUTPUTS: &str = r#"output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = aws_eks_cluster.this.name
}

output "cluster_endpoint" {
  description = "API server endpoint."
  value       = aws_eks_cluster.this.endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64 CA certificate of the API server."
  value       = aws_eks_cluster.this.certificate_authority[0].data
}

output "cluster_security_group_id" {
  description = "Security group EKS attaches to the control plane and the managed nodes."
  value       = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
}

output "node_role_arn" {
  description = "IAM role of the nodes."
  value       = aws_iam_role.node.arn
}
"#;

const DATABASE_VARIABLES: &str = r#"variable "name" {
  description = "Identifier of the database instance (project-environment)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the database."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the database (at least two zones)."
  type        = list(string)
}

variable "allowed_security_group_ids" {
  description = "Security groups whose members may connect to PostgreSQL."
  type        = list(string)
}

variable "engine_version" {
  description = "PostgreSQL version: a major version (17) follows minor releases automatically."
  type        = string
}

variable "instance_class" {
  description = "RDS instance class."
  type        = string
}

variable "allocated_storage" {
  description = "Initial storage in GiB."
  type        = number
}

variable "max_allocated_storage" {
  description = "Storage autoscaling ceiling in GiB."
  type        = number
}

variable "multi_az" {
  description = "Keep a synchronous standby in another zone (production)."
  type        = bool
}

variable "backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 1 and 35."
  }
}

variable "database_name" {
  description = "Name of the application database."
  type        = string
}

variable "master_username" {
  description = "Master user name; its password is generated and rotated by RDS in Secrets Manager."
  type        = string
  default     = "postgres_admin"
}

variable "log_retention_days" {
  description = "Days to keep PostgreSQL logs in CloudWatch."
  type        = number
}
"#;

const DATABASE_MAIN_HEAD: &str = r"# RDS PostgreSQL (T06, T10, T11): encrypted with a rotating KMS key, never
# public, reachable only from the listed security groups over TLS, daily
# backups, deletion protection and prevent_destroy. No password in code or
# state: RDS generates the master password in Secrets Manager and rotates
# it; applications should prefer IAM authentication.

";

const DATABASE_MAIN_REST: &str = r#"
resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

resource "aws_security_group" "database" {
  name        = "${var.name}-postgres"
  description = "PostgreSQL of ${var.name}: clients from the allowed security groups only."
  vpc_id      = var.vpc_id
}

# count, not for_each: the group IDs are unknown until the cluster exists.
resource "aws_vpc_security_group_ingress_rule" "clients" {
  count = length(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.database.id
  description                  = "PostgreSQL from a client security group"
  referenced_security_group_id = var.allowed_security_group_ids[count.index]
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.name}-"
  family      = "postgres${split(".", var.engine_version)[0]}"
  description = "PostgreSQL settings of ${var.name}."

  # Refuse unencrypted connections.
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_connections"
    value = "1"
  }

  parameter {
    name  = "log_disconnections"
    value = "1"
  }

  # Log statements slower than one second.
  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "postgresql" {
  name              = "/aws/rds/instance/${var.name}/postgresql"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.database.arn
}

data "aws_iam_policy_document" "monitoring_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "monitoring" {
  name               = "${var.name}-rds-monitoring"
  assume_role_policy = data.aws_iam_policy_document.monitoring_assume.json
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  role       = aws_iam_role.monitoring.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_db_instance" "this" {
  identifier     = var.name
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class
  db_name        = var.database_name

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.database.arn

  username                            = var.master_username
  manage_master_user_password         = true
  master_user_secret_kms_key_id       = aws_kms_key.database.arn
  iam_database_authentication_enabled = true

  multi_az               = var.multi_az
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.database.id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.this.name

  backup_retention_period   = var.backup_retention_days
  backup_window             = "03:00-04:00"
  maintenance_window        = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot     = true
  deletion_protection       = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "${var.name}-final"

  auto_minor_version_upgrade      = true
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
  monitoring_interval             = 60
  monitoring_role_arn             = aws_iam_role.monitoring.arn

  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.database.arn
  performance_insights_retention_period = 7

  # A database is not recreated by accident: destroying it takes a code
  # change that removes this block (T06).
  lifecycle {
    prevent_destroy = true
  }

  depends_on = [aws_cloudwatch_log_group.postgresql]
}
"#;

const DATABASE_OUTPUTS: &str = r#"output "endpoint" {
  description = "host:port of the PostgreSQL instance."
  value       = aws_db_instance.this.endpoint
}

output "address" {
  description = "Host name of the PostgreSQL instance."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret with the RDS-managed master credentials (read it, do not copy it)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "resource_id" {
  description = "DBI resource ID, for rds-db:connect IAM policies."
  value       = aws_db_instance.this.resource_id
}

output "security_group_id" {
  description = "Security group of the database."
  value       = aws_security_group.database.id
}
"#;

/// A rotating, `prevent_destroy` KMS key named `__NAME__` whose policy lets
/// the account administer it and CloudWatch Logs encrypt with it: the
/// cluster and database modules each own one.
const LOGS_KMS_KEY: &str = r#"data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_iam_policy_document" "__NAME___key" {
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid = "CloudWatchLogsEncrypts"
    actions = [
      "kms:Encrypt*",
      "kms:Decrypt*",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${data.aws_region.current.name}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"]
    }
  }
}

resource "aws_kms_key" "__NAME__" {
  description             = "__DESCRIPTION__"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.__NAME___key.json

  # Data encrypted with it is lost with it.
  lifecycle {
    prevent_destroy = true
  }
}
"#;

fn logs_kms_key(name: &str, description: &str) -> String {
    LOGS_KMS_KEY
        .replace("__NAME__", name)
        .replace("__DESCRIPTION__", description)
}
