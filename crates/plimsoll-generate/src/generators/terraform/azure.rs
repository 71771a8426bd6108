//! Azure: resource group, VNet with a node subnet and a subnet delegated to
//! PostgreSQL, private DNS zone; AKS with Entra ID + Azure RBAC, local
//! accounts disabled, Cilium network policy, a private API server (or
//! authorized ranges), Workload Identity and automatic patch upgrades (T08,
//! T09); PostgreSQL flexible server on private access only, Entra ID
//! authentication only (no password exists), TLS 1.2+, backups,
//! geo-redundant and zone-redundant in production, `prevent_destroy` (T06,
//! T10, T11). Tags on every resource (azurerm has no provider-wide tags,
//! T07). State: azurerm backend, blob lease locking (T01).

use super::hcl::{HEADER, quote};
use super::{CloudScaffold, Ctx, Env, Input, InputKind, ModuleText, TerraformModule};

pub(super) struct Azure;

const LOCATION: &str = "westeurope";
const KUBERNETES_VERSION: &str = "1.34";
const POSTGRES_VERSION: &str = "16";

fn state_resource_group(ctx: &Ctx) -> String {
    format!("{}-tfstate", ctx.project)
}

/// Storage account names: 3-24 lowercase letters and digits, global.
fn state_account(ctx: &Ctx) -> String {
    let mut base: String = ctx
        .project
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    base.truncate(17);
    format!("{base}tfstate")
}

impl CloudScaffold for Azure {
    fn required_providers(&self) -> &'static str {
        "    azurerm = {\n      source  = \"hashicorp/azurerm\"\n      version = \"~> 4.0\"\n    }\n"
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
        let common = |v: &mut Vec<Input>| {
            v.push(Input::named("name", InputKind::Name));
            v.push(Input::named("tags", InputKind::Tags));
        };
        let mut inputs = Vec::new();
        common(&mut inputs);
        let rg = |inputs: &mut Vec<Input>| {
            inputs.push(Input::output(
                "resource_group_name",
                TerraformModule::Network,
                "resource_group_name",
                "\"mock-rg\"",
            ));
            inputs.push(Input::output(
                "location",
                TerraformModule::Network,
                "location",
                "\"westeurope\"",
            ));
        };
        match m {
            TerraformModule::Network => inputs.extend([
                Input::value("location", "string", "Azure region.", quote(LOCATION)),
                Input::value(
                    "address_space",
                    "string",
                    "Address space of the VNet.",
                    quote(&env.cidr()),
                ),
                Input::value(
                    "nodes_cidr",
                    "string",
                    "Subnet of the AKS nodes.",
                    quote(&format!("10.{o}.0.0/20")),
                ),
                Input::value(
                    "database_cidr",
                    "string",
                    "Subnet delegated to PostgreSQL flexible servers.",
                    quote(&format!("10.{o}.16.0/24")),
                ),
            ]),
            TerraformModule::Cluster => {
                rg(&mut inputs);
                inputs.extend([
                    Input::output(
                        "subnet_id",
                        TerraformModule::Network,
                        "nodes_subnet_id",
                        "\"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock/providers/Microsoft.Network/virtualNetworks/mock/subnets/nodes\"",
                    ),
                    Input::value(
                        "kubernetes_version",
                        "string",
                        "AKS Kubernetes version (patches follow automatically).",
                        quote(KUBERNETES_VERSION),
                    ),
                    Input::value(
                        "private_cluster",
                        "bool",
                        "API server reachable from the VNet only.",
                        "true",
                    ),
                    Input::value(
                        "api_server_authorized_ip_ranges",
                        "list(string)",
                        "CIDRs allowed to reach the API server when the cluster is not private.",
                        "[]",
                    ),
                    Input::value(
                        "sku_tier",
                        "string",
                        "AKS tier: Standard has an uptime SLA.",
                        quote(env.pick("Free", "Standard")),
                    ),
                    Input::value(
                        "system_node_vm_size",
                        "string",
                        "VM size of the system node pool (cluster add-ons only).",
                        quote("Standard_D2s_v5"),
                    ),
                    Input::value(
                        "system_node_min_count",
                        "number",
                        "Minimum system nodes.",
                        env.pick("1", "2"),
                    ),
                    Input::value(
                        "node_vm_size",
                        "string",
                        "VM size of the workload node pool.",
                        quote(env.pick("Standard_D2s_v5", "Standard_D4s_v5")),
                    ),
                    Input::value("node_min_count", "number", "Minimum nodes.", env.pick("1", "3")),
                    Input::value("node_max_count", "number", "Maximum nodes.", env.pick("3", "6")),
                    Input::value(
                        "log_retention_days",
                        "number",
                        "Days to keep cluster logs in Log Analytics.",
                        env.pick("30", "365"),
                    ),
                ]);
            }
            TerraformModule::Database => {
                rg(&mut inputs);
                inputs.extend([
                    Input::output(
                        "subnet_id",
                        TerraformModule::Network,
                        "database_subnet_id",
                        "\"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock/providers/Microsoft.Network/virtualNetworks/mock/subnets/database\"",
                    ),
                    Input::output(
                        "private_dns_zone_id",
                        TerraformModule::Network,
                        "postgres_private_dns_zone_id",
                        "\"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock/providers/Microsoft.Network/privateDnsZones/mock.postgres.database.azure.com\"",
                    ),
                    Input::value(
                        "postgres_version",
                        "string",
                        "PostgreSQL major version.",
                        quote(POSTGRES_VERSION),
                    ),
                    Input::value(
                        "sku_name",
                        "string",
                        "Flexible server SKU.",
                        quote(env.pick("B_Standard_B2s", "GP_Standard_D2ds_v5")),
                    ),
                    Input::value(
                        "storage_mb",
                        "number",
                        "Storage in MB.",
                        env.pick("32768", "131072"),
                    ),
                    Input::value(
                        "high_availability",
                        "bool",
                        "Zone-redundant standby (production).",
                        env.pick("false", "true"),
                    ),
                    Input::value(
                        "geo_redundant_backup",
                        "bool",
                        "Copy backups to the paired region (production).",
                        env.pick("false", "true"),
                    ),
                    Input::value(
                        "backup_retention_days",
                        "number",
                        "Days of backups (point-in-time recovery window).",
                        env.pick("7", "35"),
                    ),
                    Input::value(
                        "database_name",
                        "string",
                        "Name of the application database.",
                        quote(&ctx.project.replace('-', "_")),
                    ),
                ]);
            }
        }
        inputs
    }

    fn root_settings(
        &self,
        _ctx: &Ctx,
        _env: &Env,
    ) -> Vec<(&'static str, &'static str, &'static str, String)> {
        Vec::new()
    }

    fn providers(&self) -> &'static str {
        PROVIDERS
    }

    fn backend(&self, ctx: &Ctx, env: &Env) -> String {
        format!(
            "{HEADER}\n# State in the storage account made by ../../bootstrap, one blob per\n# environment (T01, T02): encrypted at rest, versioned, locked with a blob\n# lease, reached with Entra ID (no account keys). Backends cannot read\n# variables: keep the names in step with bootstrap/terraform.tfvars.\nterraform {{\n  backend \"azurerm\" {{\n    resource_group_name  = {}\n    storage_account_name = {}\n    container_name       = \"tfstate\"\n    key                  = {}\n    use_azuread_auth     = true\n  }}\n}}\n",
            quote(&state_resource_group(ctx)),
            quote(&state_account(ctx)),
            quote(&format!("{}.terraform.tfstate", env.name)),
        )
    }

    fn outputs(&self, ctx: &Ctx) -> String {
        let mut out = format!("{HEADER}\n");
        if ctx.has(TerraformModule::Network) {
            out.push_str("output \"resource_group_name\" {\n  description = \"Resource group of the environment.\"\n  value       = module.network.resource_group_name\n}\n");
        }
        if ctx.has(TerraformModule::Cluster) {
            out.push_str("\noutput \"cluster_name\" {\n  description = \"AKS cluster: az aks get-credentials --name <this>.\"\n  value       = module.cluster.cluster_name\n}\n\noutput \"oidc_issuer_url\" {\n  description = \"OIDC issuer for Workload Identity federated credentials.\"\n  value       = module.cluster.oidc_issuer_url\n}\n");
        }
        if ctx.has(TerraformModule::Database) {
            out.push_str("\noutput \"database_fqdn\" {\n  description = \"Private host name of PostgreSQL, for DATABASE_URL.\"\n  value       = module.database.fqdn\n}\n");
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
                    "{HEADER}\n# The bootstrap keeps its own state in the account it creates. First run:\n# move this file aside, `terraform init && terraform apply`, put it back,\n# then `terraform init -migrate-state`.\nterraform {{\n  backend \"azurerm\" {{\n    resource_group_name  = {}\n    storage_account_name = {}\n    container_name       = \"tfstate\"\n    key                  = \"bootstrap.terraform.tfstate\"\n    use_azuread_auth     = true\n  }}\n}}\n",
                    quote(&state_resource_group(ctx)),
                    quote(&state_account(ctx)),
                ),
            ),
            ("providers.tf", format!("{HEADER}\n{PROVIDERS}")),
            ("main.tf", format!("{HEADER}\n{BOOTSTRAP_MAIN}")),
            ("variables.tf", format!("{HEADER}\n{BOOTSTRAP_VARIABLES}")),
            ("outputs.tf", format!("{HEADER}\n{BOOTSTRAP_OUTPUTS}")),
            (
                "terraform.tfvars",
                format!(
                    "{HEADER}\nlocation             = {}\nproject              = {}\nowner                = {}\nresource_group_name  = {}\nstorage_account_name = {}\n\n# Public egress IPs (CI runners, office, VPN) allowed to reach the state;\n# everything else is denied. Add yours before the first apply.\nallowed_ip_ranges = []\n",
                    quote(LOCATION),
                    quote(&ctx.project),
                    quote(&ctx.owner),
                    quote(&state_resource_group(ctx)),
                    quote(&state_account(ctx)),
                ),
            ),
        ]
    }

    fn terragrunt_root(&self, ctx: &Ctx) -> String {
        format!(
            "# State: the storage account made by bootstrap/, one blob per unit (T01, T02,\n# T12).\nremote_state {{\n  backend = \"azurerm\"\n  generate = {{\n    path      = \"backend.tf\"\n    if_exists = \"overwrite_terragrunt\"\n  }}\n  config = {{\n    resource_group_name  = {}\n    storage_account_name = {}\n    container_name       = \"tfstate\"\n    key                  = \"${{path_relative_to_include()}}/terraform.tfstate\"\n    use_azuread_auth     = true\n  }}\n}}\n\n# azurerm has no provider-wide tags: modules tag every resource with the\n# `tags` input (T07). The subscription comes from ARM_SUBSCRIPTION_ID.\ngenerate \"provider\" {{\n  path      = \"providers.tf\"\n  if_exists = \"overwrite_terragrunt\"\n  contents  = <<-EOF\n    provider \"azurerm\" {{\n      features {{}}\n      storage_use_azuread = true\n    }}\n  EOF\n}}\n",
            quote(&state_resource_group(ctx)),
            quote(&state_account(ctx)),
        )
    }

    fn terragrunt_env_locals(&self, _ctx: &Ctx, _env: &Env) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    fn readme_bootstrap(&self, ctx: &Ctx) -> String {
        format!(
            "`bootstrap/` creates the storage account `{}` in `{}` (TLS 1.2, HTTPS\nonly, no public blobs, no shared keys, versioning and soft delete, network\naccess denied except the listed IPs, `prevent_destroy`). Storage account\nnames are global: rename it in `bootstrap/terraform.tfvars` and in every\nbackend if taken. Set `ARM_SUBSCRIPTION_ID` and log in with `az login` (or\nOIDC in CI).\n\n```sh\ncd bootstrap\nmv backend.tf backend.tf.off\nterraform init && terraform apply\nmv backend.tf.off backend.tf\nterraform init -migrate-state   # the bootstrap state moves into the account\n```\n",
            state_account(ctx),
            state_resource_group(ctx),
        )
    }
}

const PROVIDERS: &str = r#"# The subscription comes from ARM_SUBSCRIPTION_ID and credentials from the
# environment (az login, OIDC in CI), never from this file. Storage is
# reached with Entra ID, not account keys.
provider "azurerm" {
  features {}
  storage_use_azuread = true
}
"#;

const BOOTSTRAP_VARIABLES: &str = r#"variable "location" {
  description = "Azure region of the state account."
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

variable "resource_group_name" {
  description = "Resource group of the state account."
  type        = string
}

variable "storage_account_name" {
  description = "State storage account (3-24 lowercase letters and digits, globally unique)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]{3,24}$", var.storage_account_name))
    error_message = "Storage account names are 3-24 lowercase letters and digits."
  }
}

variable "allowed_ip_ranges" {
  description = "Public IPs or CIDRs allowed to reach the state account."
  type        = list(string)
}
"#;

const BOOTSTRAP_OUTPUTS: &str = r#"output "storage_account_name" {
  description = "Account holding every environment's state."
  value       = azurerm_storage_account.state.name
}

output "container_name" {
  description = "Container of the state blobs."
  value       = azurerm_storage_container.tfstate.name
}
"#;

const BOOTSTRAP_MAIN: &str = r#"# The state account: losing or leaking it loses or leaks the infrastructure,
# so blobs are versioned and soft-deleted, the account takes Entra ID only
# (no shared keys), TLS 1.2 over HTTPS, nothing public, and it is protected
# from `terraform destroy` (T01, T06, T11).

locals {
  tags = {
    project    = var.project
    owner      = var.owner
    managed-by = "terraform"
  }
}

resource "azurerm_resource_group" "state" {
  name     = var.resource_group_name
  location = var.location
  tags     = local.tags
}

resource "azurerm_storage_account" "state" {
  name                              = var.storage_account_name
  resource_group_name               = azurerm_resource_group.state.name
  location                          = azurerm_resource_group.state.location
  account_kind                      = "StorageV2"
  account_tier                      = "Standard"
  account_replication_type          = "GZRS"
  min_tls_version                   = "TLS1_2"
  https_traffic_only_enabled        = true
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  default_to_oauth_authentication   = true
  infrastructure_encryption_enabled = true
  tags                              = local.tags

  blob_properties {
    versioning_enabled  = true
    change_feed_enabled = true

    delete_retention_policy {
      days = 30
    }

    container_delete_retention_policy {
      days = 30
    }
  }

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
    ip_rules       = var.allowed_ip_ranges
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "azurerm_storage_container" "tfstate" {
  name                  = "tfstate"
  storage_account_id    = azurerm_storage_account.state.id
  container_access_type = "private"
}
"#;

const NETWORK_VARIABLES: &str = r#"variable "name" {
  description = "Prefix of every resource name (project-environment)."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "address_space" {
  description = "Address space of the VNet."
  type        = string

  validation {
    condition     = can(cidrhost(var.address_space, 0))
    error_message = "address_space must be an IPv4 CIDR block."
  }
}

variable "nodes_cidr" {
  description = "Subnet of the AKS nodes (pods use an overlay range)."
  type        = string
}

variable "database_cidr" {
  description = "Subnet delegated to PostgreSQL flexible servers."
  type        = string
}

variable "tags" {
  description = "Tags of every resource (environment, project, owner, managed-by)."
  type        = map(string)
}
"#;

const NETWORK_MAIN: &str = r#"# The environment's resource group and VNet: one subnet for the AKS nodes,
# one delegated to PostgreSQL flexible servers (private access), and the
# private DNS zone that resolves the database inside the VNet.

resource "azurerm_resource_group" "this" {
  name     = var.name
  location = var.location
  tags     = var.tags
}

resource "azurerm_virtual_network" "this" {
  name                = var.name
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  address_space       = [var.address_space]
  tags                = var.tags
}

resource "azurerm_subnet" "nodes" {
  name                 = "nodes"
  resource_group_name  = azurerm_resource_group.this.name
  virtual_network_name = azurerm_virtual_network.this.name
  address_prefixes     = [var.nodes_cidr]
}

resource "azurerm_subnet" "database" {
  name                 = "database"
  resource_group_name  = azurerm_resource_group.this.name
  virtual_network_name = azurerm_virtual_network.this.name
  address_prefixes     = [var.database_cidr]

  delegation {
    name = "postgresql"

    service_delegation {
      name    = "Microsoft.DBforPostgreSQL/flexibleServers"
      actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
    }
  }
}

# Network security groups with Azure's default rules: traffic inside the
# VNet and from Azure load balancers only, nothing inbound from the internet.
resource "azurerm_network_security_group" "nodes" {
  name                = "${var.name}-nodes"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  tags                = var.tags
}

resource "azurerm_subnet_network_security_group_association" "nodes" {
  subnet_id                 = azurerm_subnet.nodes.id
  network_security_group_id = azurerm_network_security_group.nodes.id
}

resource "azurerm_network_security_group" "database" {
  name                = "${var.name}-database"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  tags                = var.tags
}

resource "azurerm_subnet_network_security_group_association" "database" {
  subnet_id                 = azurerm_subnet.database.id
  network_security_group_id = azurerm_network_security_group.database.id
}

resource "azurerm_private_dns_zone" "postgres" {
  name                = "${var.name}.private.postgres.database.azure.com"
  resource_group_name = azurerm_resource_group.this.name
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "postgres" {
  name                  = "${var.name}-postgres"
  resource_group_name   = azurerm_resource_group.this.name
  private_dns_zone_name = azurerm_private_dns_zone.postgres.name
  virtual_network_id    = azurerm_virtual_network.this.id
  tags                  = var.tags
}
"#;

const NETWORK_OUTPUTS: &str = r#"output "resource_group_name" {
  description = "Resource group of the environment."
  value       = azurerm_resource_group.this.name
}

output "location" {
  description = "Azure region of the environment."
  value       = azurerm_resource_group.this.location
}

output "vnet_id" {
  description = "ID of the VNet."
  value       = azurerm_virtual_network.this.id
}

output "nodes_subnet_id" {
  description = "Subnet of the AKS nodes."
  value       = azurerm_subnet.nodes.id
}

output "database_subnet_id" {
  description = "Subnet delegated to PostgreSQL."
  value       = azurerm_subnet.database.id
}

output "postgres_private_dns_zone_id" {
  description = "Private DNS zone of PostgreSQL, once linked to the VNet."
  value       = azurerm_private_dns_zone.postgres.id
  depends_on  = [azurerm_private_dns_zone_virtual_network_link.postgres]
}
"#;

const CLUSTER_VARIABLES: &str = r#"variable "name" {
  description = "Cluster name (project-environment)."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the cluster."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "subnet_id" {
  description = "Subnet of the nodes."
  type        = string
}

variable "kubernetes_version" {
  description = "AKS Kubernetes version (minor; patches follow automatically)."
  type        = string
}

variable "private_cluster" {
  description = "API server reachable from the VNet only (VPN, bastion or self-hosted runners)."
  type        = bool
}

variable "api_server_authorized_ip_ranges" {
  description = "CIDRs allowed to reach the API server when private_cluster is false (required then)."
  type        = list(string)

  validation {
    condition     = !contains(var.api_server_authorized_ip_ranges, "0.0.0.0/0")
    error_message = "Opening the API server to the whole internet is not allowed; list office or VPN ranges."
  }
}

variable "sku_tier" {
  description = "AKS tier: Free or Standard (uptime SLA)."
  type        = string

  validation {
    condition     = contains(["Free", "Standard", "Premium"], var.sku_tier)
    error_message = "sku_tier must be Free, Standard or Premium."
  }
}

variable "system_node_vm_size" {
  description = "VM size of the system node pool (CoreDNS, metrics-server and other add-ons only)."
  type        = string
}

variable "system_node_min_count" {
  description = "Minimum system nodes (the pool scales up to three more)."
  type        = number
}

variable "node_vm_size" {
  description = "VM size of the workload node pool."
  type        = string
}

variable "node_min_count" {
  description = "Minimum workload nodes."
  type        = number
}

variable "node_max_count" {
  description = "Maximum workload nodes."
  type        = number
}

variable "node_disk_size" {
  description = "OS disk size of each node in GB."
  type        = number
  default     = 64
}

variable "log_retention_days" {
  description = "Days to keep cluster logs."
  type        = number
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
}
"#;

const CLUSTER_MAIN: &str = r#"# AKS hardened by default (T08, T09): Entra ID authentication with Azure
# RBAC and no local accounts, a private API server unless ranges are listed,
# Cilium enforcing NetworkPolicy, Workload Identity (pods get Entra
# identities, never the node's), automatic patch and node image upgrades,
# Azure Policy and Key Vault CSI with secret rotation, logs to Log Analytics.

data "azurerm_client_config" "current" {}

resource "azurerm_user_assigned_identity" "cluster" {
  name                = "${var.name}-aks"
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
}

# The cluster identity manages load balancers and routes in its subnet.
resource "azurerm_role_assignment" "cluster_network" {
  scope                = var.subnet_id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.cluster.principal_id
}

resource "azurerm_log_analytics_workspace" "this" {
  name                = "${var.name}-aks"
  resource_group_name = var.resource_group_name
  location            = var.location
  sku                 = "PerGB2018"
  retention_in_days   = var.log_retention_days
  tags                = var.tags
}

resource "azurerm_kubernetes_cluster" "this" {
  name                      = var.name
  resource_group_name       = var.resource_group_name
  location                  = var.location
  dns_prefix                = var.name
  kubernetes_version        = var.kubernetes_version
  sku_tier                  = var.sku_tier
  automatic_upgrade_channel = "patch"
  node_os_upgrade_channel   = "NodeImage"

  private_cluster_enabled = var.private_cluster

  dynamic "api_server_access_profile" {
    for_each = var.private_cluster ? [] : [1]

    content {
      authorized_ip_ranges = var.api_server_authorized_ip_ranges
    }
  }

  local_account_disabled            = true
  role_based_access_control_enabled = true

  azure_active_directory_role_based_access_control {
    azure_rbac_enabled = true
    tenant_id          = data.azurerm_client_config.current.tenant_id
  }

  oidc_issuer_enabled       = true
  workload_identity_enabled = true
  azure_policy_enabled      = true

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.cluster.id]
  }

  # System pool: cluster add-ons only; applications run in the workloads pool
  # so they cannot starve CoreDNS.
  default_node_pool {
    name                         = "system"
    vm_size                      = var.system_node_vm_size
    vnet_subnet_id               = var.subnet_id
    only_critical_addons_enabled = true
    auto_scaling_enabled         = true
    min_count                    = var.system_node_min_count
    max_count                    = var.system_node_min_count + 3
    os_disk_size_gb              = var.node_disk_size
    max_pods                     = 50
    temporary_name_for_rotation  = "systemtmp"
    tags                         = var.tags

    upgrade_settings {
      max_surge = "33%"
    }
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_data_plane  = "cilium"
    network_policy      = "cilium"
    load_balancer_sku   = "standard"
  }

  key_vault_secrets_provider {
    secret_rotation_enabled = true
  }

  oms_agent {
    log_analytics_workspace_id      = azurerm_log_analytics_workspace.this.id
    msi_auth_for_monitoring_enabled = true
  }

  tags = var.tags

  lifecycle {
    # A public API server is never open to the whole internet.
    precondition {
      condition     = var.private_cluster || length(var.api_server_authorized_ip_ranges) > 0
      error_message = "A cluster that is not private needs api_server_authorized_ip_ranges."
    }

    # The autoscaler owns the node count.
    ignore_changes = [default_node_pool[0].node_count]
  }

  depends_on = [azurerm_role_assignment.cluster_network]
}

resource "azurerm_kubernetes_cluster_node_pool" "workloads" {
  name                  = "workloads"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.this.id
  mode                  = "User"
  vm_size               = var.node_vm_size
  vnet_subnet_id        = var.subnet_id
  auto_scaling_enabled  = true
  min_count             = var.node_min_count
  max_count             = var.node_max_count
  os_disk_size_gb       = var.node_disk_size
  max_pods              = 50
  tags                  = var.tags

  upgrade_settings {
    max_surge = "33%"
  }

  # The autoscaler owns the node count.
  lifecycle {
    ignore_changes = [node_count]
  }
}
"#;

const CLUSTER_OUTPUTS: &str = r#"output "cluster_name" {
  description = "Name of the AKS cluster."
  value       = azurerm_kubernetes_cluster.this.name
}

output "cluster_id" {
  description = "ID of the AKS cluster (scope for Azure RBAC role assignments)."
  value       = azurerm_kubernetes_cluster.this.id
}

output "oidc_issuer_url" {
  description = "OIDC issuer for Workload Identity federated credentials."
  value       = azurerm_kubernetes_cluster.this.oidc_issuer_url
}

output "kubelet_identity_object_id" {
  description = "Object ID of the kubelet identity (grant it AcrPull on the registry)."
  value       = azurerm_kubernetes_cluster.this.kubelet_identity[0].object_id
}
"#;

const DATABASE_VARIABLES: &str = r#"variable "name" {
  description = "Server name (project-environment, globally unique)."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the server."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "subnet_id" {
  description = "Subnet delegated to PostgreSQL flexible servers."
  type        = string
}

variable "private_dns_zone_id" {
  description = "Private DNS zone linked to the VNet."
  type        = string
}

variable "postgres_version" {
  description = "PostgreSQL major version."
  type        = string
}

variable "sku_name" {
  description = "Flexible server SKU (B_ burstable, GP_ general purpose)."
  type        = string
}

variable "storage_mb" {
  description = "Storage in MB (grows automatically)."
  type        = number
}

variable "high_availability" {
  description = "Zone-redundant standby with automatic failover (production)."
  type        = bool
}

variable "geo_redundant_backup" {
  description = "Copy backups to the paired region (production)."
  type        = bool
}

variable "backup_retention_days" {
  description = "Days of backups (point-in-time recovery window)."
  type        = number

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 7 and 35."
  }
}

variable "database_name" {
  description = "Name of the application database."
  type        = string
}

variable "administrator_name" {
  description = "Display name of the Entra ID administrator (the identity running Terraform; replace with a group)."
  type        = string
  default     = "terraform"
}

variable "administrator_principal_type" {
  description = "User, Group or ServicePrincipal."
  type        = string
  default     = "ServicePrincipal"
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
}
"#;

const DATABASE_MAIN: &str = r#"# PostgreSQL flexible server (T06, T10, T11): private access only (delegated
# subnet, no public endpoint), Entra ID authentication only so no password
# exists at all, TLS 1.2+ required, backups, zone-redundant and
# geo-redundant in production, prevent_destroy.

data "azurerm_client_config" "current" {}

resource "azurerm_postgresql_flexible_server" "this" {
  name                          = var.name
  resource_group_name           = var.resource_group_name
  location                      = var.location
  version                       = var.postgres_version
  sku_name                      = var.sku_name
  storage_mb                    = var.storage_mb
  auto_grow_enabled             = true
  delegated_subnet_id           = var.subnet_id
  private_dns_zone_id           = var.private_dns_zone_id
  public_network_access_enabled = false
  backup_retention_days         = var.backup_retention_days
  geo_redundant_backup_enabled  = var.geo_redundant_backup
  zone                          = "1"
  tags                          = var.tags

  authentication {
    active_directory_auth_enabled = true
    password_auth_enabled         = false
    tenant_id                     = data.azurerm_client_config.current.tenant_id
  }

  dynamic "high_availability" {
    for_each = var.high_availability ? [1] : []

    content {
      mode = "ZoneRedundant"
    }
  }

  # Azure may move the primary after a failover; a database is not
  # recreated by accident (T06).
  lifecycle {
    prevent_destroy = true
    ignore_changes  = [zone, high_availability[0].standby_availability_zone]
  }
}

resource "azurerm_postgresql_flexible_server_active_directory_administrator" "this" {
  server_name         = azurerm_postgresql_flexible_server.this.name
  resource_group_name = var.resource_group_name
  tenant_id           = data.azurerm_client_config.current.tenant_id
  object_id           = data.azurerm_client_config.current.object_id
  principal_name      = var.administrator_name
  principal_type      = var.administrator_principal_type
}

resource "azurerm_postgresql_flexible_server_configuration" "require_secure_transport" {
  name      = "require_secure_transport"
  server_id = azurerm_postgresql_flexible_server.this.id
  value     = "on"
}

resource "azurerm_postgresql_flexible_server_configuration" "ssl_min_protocol_version" {
  name      = "ssl_min_protocol_version"
  server_id = azurerm_postgresql_flexible_server.this.id
  value     = "TLSv1.2"
}

resource "azurerm_postgresql_flexible_server_configuration" "log_checkpoints" {
  name      = "log_checkpoints"
  server_id = azurerm_postgresql_flexible_server.this.id
  value     = "on"
}

# Slows down repeated failed logins (password guessing).
resource "azurerm_postgresql_flexible_server_configuration" "connection_throttling" {
  name      = "connection_throttle.enable"
  server_id = azurerm_postgresql_flexible_server.this.id
  value     = "on"
}

resource "azurerm_postgresql_flexible_server_configuration" "log_connections" {
  name      = "log_connections"
  server_id = azurerm_postgresql_flexible_server.this.id
  value     = "on"
}

resource "azurerm_postgresql_flexible_server_database" "app" {
  name      = var.database_name
  server_id = azurerm_postgresql_flexible_server.this.id
  charset   = "UTF8"
  collation = "en_US.utf8"

  lifecycle {
    prevent_destroy = true
  }
}
"#;

const DATABASE_OUTPUTS: &str = r#"output "fqdn" {
  description = "Private host name of the server."
  value       = azurerm_postgresql_flexible_server.this.fqdn
}

output "server_id" {
  description = "ID of the server."
  value       = azurerm_postgresql_flexible_server.this.id
}

output "database_name" {
  description = "Name of the application database."
  value       = azurerm_postgresql_flexible_server_database.app.name
}
"#;
