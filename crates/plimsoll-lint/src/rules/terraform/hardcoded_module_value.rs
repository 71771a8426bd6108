use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports environment-specific values written as literals inside a
    /// reusable module: AMI ids (`ami = "ami-0abc..."`), instance sizes
    /// (`instance_type`, `instance_class`, `machine_type`, `node_type`,
    /// `vm_size`, `size` of Azure VMs) and network ranges (`cidr_block` of
    /// `aws_vpc`/`aws_subnet`, `ip_cidr_range` of
    /// `google_compute_subnetwork`, `address_space`/`address_prefixes` of
    /// Azure networks). A reusable module is a directory that a `module`
    /// block of the run calls, that lives under `modules/`, or that
    /// declares variables without configuring a provider or a backend.
    /// Root modules, examples and values taken from variables, locals or
    /// data sources are not reported.
    ///
    /// ## Why is this bad?
    /// The module then cannot serve another environment or region: AMI ids
    /// exist in one region only, sizes differ between staging and
    /// production, and network ranges collide when the module is used
    /// twice.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_instance" "web" {
    ///   ami           = "ami-0c55b159cbfafe1f0"
    ///   instance_type = "m5.large"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// variable "ami_id" {
    ///   type = string
    /// }
    ///
    /// variable "instance_type" {
    ///   type    = string
    ///   default = "t3.micro"
    /// }
    ///
    /// resource "aws_instance" "web" {
    ///   ami           = var.ami_id
    ///   instance_type = var.instance_type
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T05 (no hard-coded environment values in modules).
    pub struct HardcodedModuleValue {
        code: "TF019",
        name: "hardcoded-module-value",
        summary: "Environment-specific literal in a reusable module",
        severity: Warning,
        category: BestPractice,
        practices: ["T05"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// Size attributes, for any resource type of the provider prefix.
const SIZES: [(&str, &str); 7] = [
    ("aws", "instance_type"),
    ("aws", "instance_class"),
    ("aws", "node_type"),
    ("google", "machine_type"),
    ("google", "tier"),
    ("azurerm", "vm_size"),
    ("azurerm", "size"),
];

/// Network range attributes by resource type.
const RANGES: [(&str, &str); 6] = [
    ("aws_vpc", "cidr_block"),
    ("aws_subnet", "cidr_block"),
    ("google_compute_subnetwork", "ip_cidr_range"),
    ("azurerm_virtual_network", "address_space"),
    ("azurerm_subnet", "address_prefixes"),
    ("aws_default_subnet", "cidr_block"),
];

/// A string literal, or a list of string literals, in an expression.
fn literal_strings(expr: &Expr) -> Vec<&str> {
    match expr {
        Expr::Array(a) => a.iter().filter_map(literal_str).collect(),
        e => literal_str(e).into_iter().collect(),
    }
}

impl Rule for HardcodedModuleValue {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if !cx.module.is_reusable() || cx.module.is_root() {
            return;
        }
        if let Some(a) = r.attr("ami")
            && let Some(s) = a.literal_str()
            && s.starts_with("ami-")
        {
            out.add(a.span, format!("resource `{}` hard-codes the AMI `{s}`", r.address()))
                .help("take the AMI from a variable or an `aws_ami` data source: AMI ids exist in one region only");
        }
        for (provider, key) in SIZES {
            if r.provider() != provider {
                continue;
            }
            // Azure's `size` is only a VM size on virtual machines.
            if key == "size" && !r.kind.ends_with("virtual_machine") {
                continue;
            }
            if key == "tier" && r.kind != "google_sql_database_instance" {
                continue;
            }
            let path = if key == "tier" { "settings.tier" } else { key };
            if let Some(a) = r.attr(path)
                && let Some(s) = a.literal_str()
                && !s.is_empty()
            {
                out.add(a.span, format!("resource `{}` hard-codes `{key} = \"{s}\"`", r.address()))
                    .help("make the size a variable (with this value as its default) so each environment can choose");
            }
        }
        for (kind, key) in RANGES {
            if r.kind != kind {
                continue;
            }
            if let Some(a) = r.attr(key) {
                let values = literal_strings(a.value);
                if values.iter().any(|v| v.contains('/')) {
                    out.add(a.span, format!("resource `{}` hard-codes the network range `{}`", r.address(), values.join(", ")))
                        .help("pass network ranges in as variables so two uses of the module do not collide");
                }
            }
        }
    }
}
