//! GCP: custom-mode VPC with a node subnet (secondary ranges for pods and
//! services, flow logs, Private Google Access), Cloud NAT and private
//! services access; a regional GKE cluster with private nodes, master
//! authorized networks, Workload Identity, a release channel, Dataplane V2
//! network policy, shielded nodes and KMS-encrypted secrets (T08, T09);
//! Cloud SQL PostgreSQL on a private IP only, TLS required, IAM
//! authentication, backups with point-in-time recovery, deletion protection
//! and `prevent_destroy` (T06, T10, T11). State: GCS, locked natively (T01).

use super::hcl::{HEADER, quote, slug};
use super::{CloudScaffold, Ctx, Env, Input, InputKind, ModuleText, TerraformModule};

pub(super) struct Gcp;

const REGION: &str = "us-central1";
const POSTGRES_VERSION: &str = "POSTGRES_18";

fn state_bucket(ctx: &Ctx) -> String {
    format!("{}-terraform-state", ctx.project)
}

fn project_id(ctx: &Ctx, env: &Env) -> String {
    slug(&format!("{}-{}", ctx.project, env.name), 30)
}

impl CloudScaffold for Gcp {
    fn required_providers(&self) -> &'static str {
        "    google = {\n      source  = \"hashicorp/google\"\n      version = \"~> 7.0\"\n    }\n"
    }

    fn module(&self, m: TerraformModule) -> ModuleText {
        match m {
            TerraformModule::Network => ModuleText {
                main: NETWORK_MAIN.into(),
                variables: NETWORK_VARIABLES,
                outputs: NETWORK_OUTPUTS,
            },
            TerraformModule::Cluster => ModuleText {
                main: CLUSTER_MAIN.into(),
                variables: CLUSTER_VARIABLES,
                outputs: CLUSTER_OUTPUTS,
            },
            TerraformModule::Database => ModuleText {
                main: DATABASE_MAIN.into(),
                variables: DATABASE_VARIABLES,
                outputs: DATABASE_OUTPUTS,
            },
        }
    }

    fn inputs(&self, ctx: &Ctx, env: &Env, m: TerraformModule) -> Vec<Input> {
        let o = env.octet();
        match m {
            TerraformModule::Network => vec![
                Input::named("name", InputKind::Name),
                Input::value(
                    "nodes_cidr",
                    "string",
                    "Primary range of the node subnet.",
                    quote(&format!("10.{o}.0.0/20")),
                ),
                Input::value(
                    "services_cidr",
                    "string",
                    "Secondary range for Kubernetes Services.",
                    quote(&format!("10.{o}.16.0/20")),
                ),
                Input::value(
                    "pods_cidr",
                    "string",
                    "Secondary range for pods.",
                    quote(&format!("10.{}.0.0/16", o + 5)),
                ),
            ],
            TerraformModule::Cluster => vec![
                Input::named("name", InputKind::Name),
                Input::output(
                    "network_id",
                    TerraformModule::Network,
                    "network_id",
                    "\"projects/mock/global/networks/mock\"",
                ),
                Input::output(
                    "subnetwork_id",
                    TerraformModule::Network,
                    "subnetwork_id",
                    "\"projects/mock/regions/us-central1/subnetworks/mock\"",
                ),
                Input::output(
                    "pods_range_name",
                    TerraformModule::Network,
                    "pods_range_name",
                    "\"pods\"",
                ),
                Input::output(
                    "services_range_name",
                    TerraformModule::Network,
                    "services_range_name",
                    "\"services\"",
                ),
                Input::value(
                    "master_cidr",
                    "string",
                    "/28 for the control plane's private endpoint.",
                    quote(&format!("172.16.{}.0/28", env.index % 256)),
                ),
                Input::value(
                    "master_authorized_networks",
                    "list(string)",
                    "CIDRs allowed to reach the control plane; empty allows none from outside the VPC.",
                    "[]",
                ),
                Input::value(
                    "release_channel",
                    "string",
                    "GKE release channel.",
                    quote(env.pick("REGULAR", "STABLE")),
                ),
                Input::value(
                    "machine_type",
                    "string",
                    "Machine type of the nodes.",
                    quote(env.pick("e2-standard-2", "e2-standard-4")),
                ),
                Input::value("node_min_count", "number", "Minimum nodes per zone.", "1"),
                Input::value(
                    "node_max_count",
                    "number",
                    "Maximum nodes per zone.",
                    env.pick("2", "3"),
                ),
            ],
            TerraformModule::Database => vec![
                Input::named("name", InputKind::Name),
                Input::output(
                    "network_id",
                    TerraformModule::Network,
                    "private_services_network_id",
                    "\"projects/mock/global/networks/mock\"",
                ),
                Input::value(
                    "database_version",
                    "string",
                    "Cloud SQL database version.",
                    quote(POSTGRES_VERSION),
                ),
                Input::value(
                    "tier",
                    "string",
                    "Cloud SQL machine tier.",
                    quote(env.pick("db-custom-1-3840", "db-custom-2-7680")),
                ),
                Input::value(
                    "high_availability",
                    "bool",
                    "Regional instance with a standby in another zone.",
                    env.pick("false", "true"),
                ),
                Input::value(
                    "disk_size",
                    "number",
                    "Initial disk size in GB.",
                    env.pick("20", "100"),
                ),
                Input::value(
                    "retained_backups",
                    "number",
                    "Number of daily backups to keep.",
                    env.pick("7", "30"),
                ),
                Input::value(
                    "database_name",
                    "string",
                    "Name of the application database.",
                    quote(&ctx.project.replace('-', "_")),
                ),
            ],
        }
    }

    fn root_settings(
        &self,
        ctx: &Ctx,
        env: &Env,
    ) -> Vec<(&'static str, &'static str, &'static str, String)> {
        vec![
            (
                "project_id",
                "string",
                "Google Cloud project of the environment.",
                quote(&project_id(ctx, env)),
            ),
            ("region", "string", "Google Cloud region.", quote(REGION)),
        ]
    }

    fn providers(&self) -> &'static str {
        PROVIDERS
    }

    fn backend(&self, ctx: &Ctx, env: &Env) -> String {
        format!(
            "{HEADER}\n# State in the bucket made by ../../bootstrap, one prefix per environment\n# (T01, T02). GCS encrypts it (with the bootstrap KMS key, the bucket's\n# default) and locks it natively. Backends cannot read variables: keep the\n# bucket in step with bootstrap/terraform.tfvars.\nterraform {{\n  backend \"gcs\" {{\n    bucket = {}\n    prefix = {}\n  }}\n}}\n",
            quote(&state_bucket(ctx)),
            quote(&env.name),
        )
    }

    fn outputs(&self, ctx: &Ctx) -> String {
        let mut out = format!("{HEADER}\n");
        if ctx.has(TerraformModule::Network) {
            out.push_str("output \"network_id\" {\n  description = \"VPC of the environment.\"\n  value       = module.network.network_id\n}\n");
        }
        if ctx.has(TerraformModule::Cluster) {
            out.push_str("\noutput \"cluster_name\" {\n  description = \"GKE cluster: gcloud container clusters get-credentials <this>.\"\n  value       = module.cluster.cluster_name\n}\n\noutput \"workload_identity_pool\" {\n  description = \"Workload Identity pool for Kubernetes service accounts.\"\n  value       = module.cluster.workload_identity_pool\n}\n");
        }
        if ctx.has(TerraformModule::Database) {
            out.push_str("\noutput \"database_connection_name\" {\n  description = \"Cloud SQL instance connection name (Cloud SQL Auth Proxy).\"\n  value       = module.database.connection_name\n}\n\noutput \"database_private_ip\" {\n  description = \"Private IP of the database, for DATABASE_URL.\"\n  value       = module.database.private_ip_address\n}\n");
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
                    "{HEADER}\n# The bootstrap keeps its own state in the bucket it creates. First run:\n# move this file aside, `terraform init && terraform apply`, put it back,\n# then `terraform init -migrate-state`.\nterraform {{\n  backend \"gcs\" {{\n    bucket = {}\n    prefix = \"bootstrap\"\n  }}\n}}\n",
                    quote(&state_bucket(ctx)),
                ),
            ),
            ("providers.tf", format!("{HEADER}\n{BOOTSTRAP_PROVIDERS}")),
            ("main.tf", format!("{HEADER}\n{BOOTSTRAP_MAIN}")),
            ("variables.tf", format!("{HEADER}\n{BOOTSTRAP_VARIABLES}")),
            ("outputs.tf", format!("{HEADER}\n{BOOTSTRAP_OUTPUTS}")),
            (
                "terraform.tfvars",
                format!(
                    "{HEADER}\n# The project that holds the state (often a separate \"admin\" project).\nproject_id   = {}\nregion       = {}\nproject      = {}\nowner        = {}\nstate_bucket = {}\n",
                    quote(&slug(&format!("{}-admin", ctx.project), 30)),
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
            "# State: the bucket made by bootstrap/, one prefix per unit (T01, T02, T12).\nremote_state {{\n  backend = \"gcs\"\n  generate = {{\n    path      = \"backend.tf\"\n    if_exists = \"overwrite_terragrunt\"\n  }}\n  config = {{\n    bucket = {}\n    prefix = path_relative_to_include()\n  }}\n}}\n\n# Every resource is labelled through the provider (T07).\ngenerate \"provider\" {{\n  path      = \"providers.tf\"\n  if_exists = \"overwrite_terragrunt\"\n  contents  = <<-EOF\n    provider \"google\" {{\n      project = \"${{local.env.locals.project_id}}\"\n      region  = \"${{local.env.locals.region}}\"\n\n      default_labels = {{\n        environment = \"${{local.environment}}\"\n        project     = \"${{local.project}}\"\n        owner       = \"${{local.owner}}\"\n        managed-by  = \"terragrunt\"\n      }}\n    }}\n  EOF\n}}\n",
            quote(&state_bucket(ctx))
        )
    }

    fn terragrunt_env_locals(&self, ctx: &Ctx, env: &Env) -> Vec<(&'static str, String)> {
        vec![
            ("project_id", quote(&project_id(ctx, env))),
            ("region", quote(REGION)),
        ]
    }

    fn readme_bootstrap(&self, ctx: &Ctx) -> String {
        format!(
            "`bootstrap/` creates the GCS bucket `{}` (versioned, encrypted with a\nrotating Cloud KMS key, uniform access, public access prevented,\n`prevent_destroy`). Bucket names are global: rename it in\n`bootstrap/terraform.tfvars` and in every backend if taken. Set each\nenvironment's `project_id` to a real project.\n\n```sh\ncd bootstrap\nmv backend.tf backend.tf.off\nterraform init && terraform apply\nmv backend.tf.off backend.tf\nterraform init -migrate-state   # the bootstrap state moves into the bucket\n```\n",
            state_bucket(ctx)
        )
    }
}

const PROVIDERS: &str = r#"# Every resource gets the environment, project, owner and managed-by labels
# through default_labels (T07). Credentials come from the environment
# (gcloud auth, Workload Identity Federation in CI), never from this file.
provider "google" {
  project        = var.project_id
  region         = var.region
  default_labels = local.tags
}
"#;

const BOOTSTRAP_PROVIDERS: &str = r#"provider "google" {
  project = var.project_id
  region  = var.region

  default_labels = {
    project    = var.project
    owner      = var.owner
    managed-by = "terraform"
  }
}
"#;

const BOOTSTRAP_VARIABLES: &str = r#"variable "project_id" {
  description = "Google Cloud project that holds the state bucket."
  type        = string
}

variable "region" {
  description = "Region of the state bucket and its key."
  type        = string
}

variable "project" {
  description = "Project name (labels)."
  type        = string
}

variable "owner" {
  description = "Team that owns the state (owner label)."
  type        = string
}

variable "state_bucket" {
  description = "Name of the state bucket (globally unique)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$", var.state_bucket))
    error_message = "Bucket names are 3-63 lowercase letters, digits, dots, hyphens and underscores."
  }
}
"#;

const BOOTSTRAP_OUTPUTS: &str = r#"output "state_bucket" {
  description = "Bucket holding every environment's state."
  value       = google_storage_bucket.state.name
}

output "state_kms_key" {
  description = "Cloud KMS key encrypting the state bucket."
  value       = google_kms_crypto_key.state.id
}
"#;

const BOOTSTRAP_MAIN: &str = r#"# The state bucket: losing or leaking it loses or leaks the infrastructure,
# so it is versioned, encrypted with a rotating KMS key, private and
# protected from `terraform destroy` (T01, T06, T11).

data "google_storage_project_service_account" "gcs" {}

resource "google_kms_key_ring" "state" {
  name     = "${var.state_bucket}-keys"
  location = var.region
}

resource "google_kms_crypto_key" "state" {
  name            = "terraform-state"
  key_ring        = google_kms_key_ring.state.id
  rotation_period = "7776000s"

  lifecycle {
    prevent_destroy = true
  }
}

# The Cloud Storage service agent encrypts and decrypts objects with the key.
resource "google_kms_crypto_key_iam_member" "gcs" {
  crypto_key_id = google_kms_crypto_key.state.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
}

resource "google_storage_bucket" "state" {
  name                        = var.state_bucket
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  versioning {
    enabled = true
  }

  encryption {
    default_kms_key_name = google_kms_crypto_key.state.id
  }

  # Old state versions are kept 90 days: enough to roll back a bad apply.
  lifecycle_rule {
    condition {
      days_since_noncurrent_time = 90
      with_state                 = "ARCHIVED"
    }

    action {
      type = "Delete"
    }
  }

  lifecycle {
    prevent_destroy = true
  }

  depends_on = [google_kms_crypto_key_iam_member.gcs]
}
"#;

const NETWORK_VARIABLES: &str = r#"variable "name" {
  description = "Prefix of every resource name (project-environment)."
  type        = string
}

variable "nodes_cidr" {
  description = "Primary range of the node subnet."
  type        = string

  validation {
    condition     = can(cidrhost(var.nodes_cidr, 0))
    error_message = "nodes_cidr must be an IPv4 CIDR block."
  }
}

variable "services_cidr" {
  description = "Secondary range for Kubernetes Services."
  type        = string

  validation {
    condition     = can(cidrhost(var.services_cidr, 0))
    error_message = "services_cidr must be an IPv4 CIDR block."
  }
}

variable "pods_cidr" {
  description = "Secondary range for pods (a /16 fits about 250 nodes)."
  type        = string

  validation {
    condition     = can(cidrhost(var.pods_cidr, 0))
    error_message = "pods_cidr must be an IPv4 CIDR block."
  }
}
"#;

const NETWORK_MAIN: &str = r#"# A custom-mode VPC: one subnet for the nodes with secondary ranges for pods
# and services (VPC-native cluster), Private Google Access so private nodes
# reach Google APIs, Cloud NAT for other egress, flow logs, and a private
# services range so Cloud SQL gets a private IP in this network.

resource "google_compute_network" "this" {
  name                    = var.name
  auto_create_subnetworks = false
  routing_mode            = "REGIONAL"
}

resource "google_compute_subnetwork" "nodes" {
  name                     = "${var.name}-nodes"
  network                  = google_compute_network.this.id
  ip_cidr_range            = var.nodes_cidr
  private_ip_google_access = true

  secondary_ip_range {
    range_name    = "pods"
    ip_cidr_range = var.pods_cidr
  }

  secondary_ip_range {
    range_name    = "services"
    ip_cidr_range = var.services_cidr
  }

  log_config {
    aggregation_interval = "INTERVAL_5_SEC"
    flow_sampling        = 0.5
    metadata             = "INCLUDE_ALL_METADATA"
  }
}

# Explicit lowest-priority deny of all ingress, logged: GKE adds its own
# narrower allow rules above it.
resource "google_compute_firewall" "deny_all_ingress" {
  name      = "${var.name}-deny-all-ingress"
  network   = google_compute_network.this.id
  direction = "INGRESS"
  priority  = 65534

  deny {
    protocol = "all"
  }

  source_ranges = ["0.0.0.0/0"]

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_router" "this" {
  name    = var.name
  network = google_compute_network.this.id
}

resource "google_compute_router_nat" "this" {
  name                               = var.name
  router                             = google_compute_router.this.name
  region                             = google_compute_router.this.region
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"

  log_config {
    enable = true
    filter = "ERRORS_ONLY"
  }
}

resource "google_compute_global_address" "private_services" {
  name          = "${var.name}-private-services"
  network       = google_compute_network.this.id
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = 20
}

resource "google_service_networking_connection" "private_services" {
  network                 = google_compute_network.this.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.private_services.name]
}
"#;

const NETWORK_OUTPUTS: &str = r#"output "network_id" {
  description = "ID of the VPC."
  value       = google_compute_network.this.id
}

output "subnetwork_id" {
  description = "ID of the node subnet."
  value       = google_compute_subnetwork.nodes.id
}

output "pods_range_name" {
  description = "Secondary range for pods."
  value       = google_compute_subnetwork.nodes.secondary_ip_range[0].range_name
}

output "services_range_name" {
  description = "Secondary range for Services."
  value       = google_compute_subnetwork.nodes.secondary_ip_range[1].range_name
}

output "private_services_network_id" {
  description = "The VPC, once private services access exists (Cloud SQL private IP)."
  value       = google_compute_network.this.id
  depends_on  = [google_service_networking_connection.private_services]
}
"#;

const CLUSTER_VARIABLES: &str = r#"variable "name" {
  description = "Cluster name (project-environment)."
  type        = string
}

variable "network_id" {
  description = "VPC of the cluster."
  type        = string
}

variable "subnetwork_id" {
  description = "Node subnet."
  type        = string
}

variable "pods_range_name" {
  description = "Secondary range of the subnet for pods."
  type        = string
}

variable "services_range_name" {
  description = "Secondary range of the subnet for Services."
  type        = string
}

variable "master_cidr" {
  description = "/28 range for the control plane's private endpoint (unused elsewhere in the VPC)."
  type        = string

  validation {
    condition     = can(cidrhost(var.master_cidr, 0)) && endswith(var.master_cidr, "/28")
    error_message = "master_cidr must be a /28 IPv4 block."
  }
}

variable "master_authorized_networks" {
  description = "CIDRs allowed to reach the control plane. Empty: nothing outside the VPC."
  type        = list(string)

  validation {
    condition     = !contains(var.master_authorized_networks, "0.0.0.0/0")
    error_message = "Opening the control plane to the whole internet is not allowed; list office or VPN ranges."
  }
}

variable "release_channel" {
  description = "GKE release channel: RAPID, REGULAR or STABLE."
  type        = string

  validation {
    condition     = contains(["RAPID", "REGULAR", "STABLE"], var.release_channel)
    error_message = "release_channel must be RAPID, REGULAR or STABLE."
  }
}

variable "machine_type" {
  description = "Machine type of the nodes."
  type        = string
}

variable "node_min_count" {
  description = "Minimum nodes per zone."
  type        = number
}

variable "node_max_count" {
  description = "Maximum nodes per zone."
  type        = number
}

variable "node_disk_size" {
  description = "Boot disk size of each node in GB."
  type        = number
  default     = 50
}
"#;

const CLUSTER_MAIN: &str = r#"# A regional GKE cluster hardened by default (T08, T09): private nodes,
# control plane reachable only from the listed networks, Workload Identity
# (pods get Google identities, never the node's), Dataplane V2 (enforces
# NetworkPolicy), shielded nodes with secure boot, Kubernetes secrets
# encrypted with a rotating Cloud KMS key, upgrades through a release
# channel.

data "google_client_config" "current" {}

data "google_project" "current" {}

# Key rings cannot be deleted: a recreated environment needs a new name.
resource "google_kms_key_ring" "cluster" {
  name     = "${var.name}-gke"
  location = data.google_client_config.current.region
}

resource "google_kms_crypto_key" "secrets" {
  name            = "kubernetes-secrets"
  key_ring        = google_kms_key_ring.cluster.id
  rotation_period = "7776000s"

  lifecycle {
    prevent_destroy = true
  }
}

# The GKE service agent encrypts and decrypts secrets with the key.
resource "google_kms_crypto_key_iam_member" "gke" {
  crypto_key_id = google_kms_crypto_key.secrets.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:service-${data.google_project.current.number}@container-engine-robot.iam.gserviceaccount.com"
}

# Nodes run as a minimal service account, not the Compute default (which is
# a project editor).
resource "google_service_account" "nodes" {
  account_id   = "${substr(var.name, 0, 23)}-nodes"
  display_name = "GKE nodes of ${var.name}"
}

resource "google_project_iam_member" "nodes" {
  for_each = toset([
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/artifactregistry.reader",
  ])

  project = data.google_project.current.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.nodes.email}"
}

resource "google_container_cluster" "this" {
  name     = var.name
  location = data.google_client_config.current.region

  network    = var.network_id
  subnetwork = var.subnetwork_id

  # Node pools are managed below; the default pool is removed at creation.
  remove_default_node_pool = true
  initial_node_count       = 1
  deletion_protection      = true

  release_channel {
    channel = var.release_channel
  }

  ip_allocation_policy {
    cluster_secondary_range_name  = var.pods_range_name
    services_secondary_range_name = var.services_range_name
  }

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = var.master_cidr
  }

  master_authorized_networks_config {
    gcp_public_cidrs_access_enabled = false

    dynamic "cidr_blocks" {
      for_each = var.master_authorized_networks

      content {
        cidr_block   = cidr_blocks.value
        display_name = cidr_blocks.value
      }
    }
  }

  workload_identity_config {
    workload_pool = "${data.google_project.current.project_id}.svc.id.goog"
  }

  # Labels the cluster's own Compute Engine resources (billing breakdown).
  resource_labels = {
    gke-cluster = var.name
  }

  # Pod-to-pod traffic on the same node also goes through the VPC, so flow
  # logs and firewall rules see it.
  datapath_provider           = "ADVANCED_DATAPATH"
  enable_intranode_visibility = true
  enable_shielded_nodes       = true
  enable_legacy_abac          = false

  database_encryption {
    state    = "ENCRYPTED"
    key_name = google_kms_crypto_key.secrets.id
  }

  master_auth {
    client_certificate_config {
      issue_client_certificate = false
    }
  }

  binary_authorization {
    evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE"
  }

  logging_config {
    enable_components = ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"]
  }

  monitoring_config {
    enable_components = ["SYSTEM_COMPONENTS"]

    managed_prometheus {
      enabled = true
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.gke]
}

resource "google_container_node_pool" "default" {
  name     = "default"
  cluster  = google_container_cluster.this.id
  location = google_container_cluster.this.location

  autoscaling {
    min_node_count = var.node_min_count
    max_node_count = var.node_max_count
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  upgrade_settings {
    max_surge       = 1
    max_unavailable = 0
  }

  node_config {
    machine_type    = var.machine_type
    image_type      = "COS_CONTAINERD"
    disk_type       = "pd-balanced"
    disk_size_gb    = var.node_disk_size
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]

    metadata = {
      disable-legacy-endpoints = "true"
    }

    # Pods see the Workload Identity metadata server, not the node's.
    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }

  depends_on = [google_project_iam_member.nodes]
}
"#;

const CLUSTER_OUTPUTS: &str = r#"output "cluster_name" {
  description = "Name of the GKE cluster."
  value       = google_container_cluster.this.name
}

output "cluster_endpoint" {
  description = "API server endpoint."
  value       = google_container_cluster.this.endpoint
}

output "cluster_ca_certificate" {
  description = "Base64 CA certificate of the API server."
  value       = google_container_cluster.this.master_auth[0].cluster_ca_certificate
}

output "workload_identity_pool" {
  description = "Workload Identity pool: bind Kubernetes service accounts to Google service accounts in it."
  value       = google_container_cluster.this.workload_identity_config[0].workload_pool
}

output "node_service_account" {
  description = "Service account of the nodes."
  value       = google_service_account.nodes.email
}
"#;

const DATABASE_VARIABLES: &str = r#"variable "name" {
  description = "Instance name (project-environment)."
  type        = string
}

variable "network_id" {
  description = "VPC with private services access; the instance gets a private IP in it."
  type        = string
}

variable "database_version" {
  description = "Cloud SQL version, such as POSTGRES_17."
  type        = string

  validation {
    condition     = startswith(var.database_version, "POSTGRES_")
    error_message = "database_version must be a PostgreSQL version (POSTGRES_17)."
  }
}

variable "tier" {
  description = "Machine tier (db-custom-<vCPUs>-<MiB>)."
  type        = string
}

variable "high_availability" {
  description = "Regional instance with a synchronous standby in another zone (production)."
  type        = bool
}

variable "disk_size" {
  description = "Initial disk size in GB (grows automatically)."
  type        = number
}

variable "retained_backups" {
  description = "Number of daily backups to keep."
  type        = number
}

variable "database_name" {
  description = "Name of the application database."
  type        = string
}
"#;

const DATABASE_MAIN: &str = r#"# Cloud SQL PostgreSQL (T06, T10, T11): private IP only, TLS required,
# daily backups with point-in-time recovery, deletion protection twice (the
# API's and Terraform's). No password anywhere: applications log in with IAM
# database authentication (Cloud SQL Auth Proxy or connectors).

resource "google_sql_database_instance" "this" {
  name                = var.name
  database_version    = var.database_version
  deletion_protection = true

  settings {
    tier                        = var.tier
    edition                     = "ENTERPRISE"
    availability_type           = var.high_availability ? "REGIONAL" : "ZONAL"
    disk_type                   = "PD_SSD"
    disk_size                   = var.disk_size
    disk_autoresize             = true
    deletion_protection_enabled = true

    ip_configuration {
      ipv4_enabled                                  = false
      private_network                               = var.network_id
      ssl_mode                                      = "ENCRYPTED_ONLY"
      enable_private_path_for_google_cloud_services = true
    }

    backup_configuration {
      enabled                        = true
      start_time                     = "03:00"
      point_in_time_recovery_enabled = true
      transaction_log_retention_days = 7

      backup_retention_settings {
        retained_backups = var.retained_backups
        retention_unit   = "COUNT"
      }
    }

    maintenance_window {
      day          = 7
      hour         = 4
      update_track = "stable"
    }

    insights_config {
      query_insights_enabled = true
    }

    database_flags {
      name  = "cloudsql.iam_authentication"
      value = "on"
    }

    database_flags {
      name  = "log_connections"
      value = "on"
    }

    database_flags {
      name  = "log_disconnections"
      value = "on"
    }

    database_flags {
      name  = "log_checkpoints"
      value = "on"
    }

    database_flags {
      name  = "log_lock_waits"
      value = "on"
    }

    database_flags {
      name  = "log_hostname"
      value = "on"
    }

    # Queries spilling to disk are logged (a sign of missing indexes or memory).
    database_flags {
      name  = "log_temp_files"
      value = "0"
    }

    # DDL changes and failing statements are logged; pgAudit for finer audit.
    database_flags {
      name  = "log_statement"
      value = "ddl"
    }

    database_flags {
      name  = "log_min_error_statement"
      value = "error"
    }

    database_flags {
      name  = "cloudsql.enable_pgaudit"
      value = "on"
    }
  }

  # A database is not recreated by accident: destroying it takes a code
  # change that removes this block (T06).
  lifecycle {
    prevent_destroy = true
  }
}

resource "google_sql_database" "app" {
  name     = var.database_name
  instance = google_sql_database_instance.this.name
}
"#;

const DATABASE_OUTPUTS: &str = r#"output "connection_name" {
  description = "Instance connection name (project:region:name) for the Cloud SQL Auth Proxy."
  value       = google_sql_database_instance.this.connection_name
}

output "private_ip_address" {
  description = "Private IP of the instance."
  value       = google_sql_database_instance.this.private_ip_address
}

output "database_name" {
  description = "Name of the application database."
  value       = google_sql_database.app.name
}
"#;
