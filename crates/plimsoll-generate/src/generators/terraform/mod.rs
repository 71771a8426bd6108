//! Terraform scaffold (`plimsoll scaffold terraform`, G05): reusable modules
//! (network, cluster, database) for AWS, GCP or Azure, one root per
//! environment with its own remote state, a one-time `bootstrap/` root for
//! the state bucket, or a Terragrunt live tree instead of the plain roots.
//!
//! Practices honoured: T01 (remote state, encrypted and locked), T02 (one
//! state per environment, per component with Terragrunt), T03 (modules are
//! in-repo relative paths), T04 (bounded `required_version` and
//! `required_providers`), T05 (sizes, CIDRs and versions are variables set by
//! the environment roots), T06 (`prevent_destroy` on databases and the state
//! bucket), T07 (provider default tags/labels, Azure `tags`), T08/T09
//! (hardened clusters, pod-level identity), T10 (no passwords anywhere:
//! managed or IAM authentication), T11 (storage and database basics), T12
//! (Terragrunt `include` + `remote_state` with `generate`).
//!
//! Module files are static text per cloud; environment roots are built from
//! one table of inputs per module ([`Input`]), so the plain roots, their
//! `terraform.tfvars` and the Terragrunt `inputs` cannot disagree.

mod aws;
mod azure;
mod gcp;
pub(crate) mod hcl;
mod terragrunt;

use crate::model::Project;
use crate::options::{Cloud, TerraformModule, TerraformOptions, paths};
use crate::write::GeneratedFile;
use hcl::{HEADER, quote, slug};
use std::fmt::Write as _;

/// Terraform core: 1.10 brought the S3 backend's native lock file.
pub const TERRAFORM_VERSION: &str = "~> 1.10";

/// What the scaffold needs to know, derived once from the project and options.
pub(crate) struct Ctx {
    /// Cloud-safe project name.
    pub project: String,
    /// Owner/team tag: the repository owner when known.
    pub owner: String,
    pub envs: Vec<Env>,
    /// Selected modules in dependency order (network first); the network is
    /// added when the cluster or database needs it.
    pub modules: Vec<TerraformModule>,
}

pub(crate) struct Env {
    /// Cloud-safe environment name (directory and resource names).
    pub name: String,
    pub production: bool,
    pub index: usize,
}

impl Ctx {
    pub fn has(&self, m: TerraformModule) -> bool {
        self.modules.contains(&m)
    }
}

impl Env {
    /// Second octet of the environment's address space: 10, 20, 30...
    pub fn octet(&self) -> usize {
        10 + (self.index % 23) * 10
    }

    /// A distinct /16 per environment so networks can be peered later.
    pub fn cidr(&self) -> String {
        format!("10.{}.0.0/16", self.octet())
    }

    /// Pick the production or the non-production value.
    pub fn pick<'a>(&self, non_production: &'a str, production: &'a str) -> &'a str {
        if self.production {
            production
        } else {
            non_production
        }
    }
}

/// One input of a module as an environment root sets it.
pub(crate) struct Input {
    pub name: &'static str,
    pub kind: InputKind,
}

pub(crate) enum InputKind {
    /// Environment-specific value: a root variable (`<module>_<name>`) set in
    /// `terraform.tfvars`, or a Terragrunt input.
    Value {
        ty: &'static str,
        description: &'static str,
        value: String,
    },
    /// Another module's output (`module.x.y`, `dependency.x.outputs.y`).
    Output {
        module: TerraformModule,
        output: &'static str,
        list: bool,
        mock: &'static str,
    },
    /// The environment's resource prefix.
    Name,
    /// The common tags map (Azure: no provider-wide tags).
    Tags,
}

impl Input {
    pub fn value(
        name: &'static str,
        ty: &'static str,
        description: &'static str,
        value: impl Into<String>,
    ) -> Self {
        Self {
            name,
            kind: InputKind::Value {
                ty,
                description,
                value: value.into(),
            },
        }
    }

    pub fn output(
        name: &'static str,
        module: TerraformModule,
        output: &'static str,
        mock: &'static str,
    ) -> Self {
        Self {
            name,
            kind: InputKind::Output {
                module,
                output,
                list: false,
                mock,
            },
        }
    }

    pub fn output_list(
        name: &'static str,
        module: TerraformModule,
        output: &'static str,
        mock: &'static str,
    ) -> Self {
        Self {
            name,
            kind: InputKind::Output {
                module,
                output,
                list: true,
                mock,
            },
        }
    }

    pub fn named(name: &'static str, kind: InputKind) -> Self {
        Self { name, kind }
    }
}

/// The static text of one module.
pub(crate) struct ModuleText {
    pub main: std::borrow::Cow<'static, str>,
    pub variables: &'static str,
    pub outputs: &'static str,
}

/// What each cloud provides; the layout code is shared.
pub(crate) trait CloudScaffold {
    /// `required_providers` entries (without the surrounding block).
    fn required_providers(&self) -> &'static str;
    fn module(&self, m: TerraformModule) -> ModuleText;
    /// Inputs of a module in an environment.
    fn inputs(&self, ctx: &Ctx, env: &Env, m: TerraformModule) -> Vec<Input>;
    /// Root variables every environment has (besides module inputs), as
    /// `(name, type, description, value)`.
    fn root_settings(
        &self,
        ctx: &Ctx,
        env: &Env,
    ) -> Vec<(&'static str, &'static str, &'static str, String)>;
    /// The provider block of a plain root (reads the root settings).
    fn providers(&self) -> &'static str;
    /// The backend block of a plain root.
    fn backend(&self, ctx: &Ctx, env: &Env) -> String;
    /// Outputs of a plain root.
    fn outputs(&self, ctx: &Ctx) -> String;
    /// The bootstrap root, `(file name, contents)`.
    fn bootstrap(&self, ctx: &Ctx) -> Vec<(&'static str, String)>;
    /// Terragrunt: `remote_state` and `generate "provider"` blocks of root.hcl.
    fn terragrunt_root(&self, ctx: &Ctx) -> String;
    /// Terragrunt: locals of `env.hcl` besides `environment`.
    fn terragrunt_env_locals(&self, ctx: &Ctx, env: &Env) -> Vec<(&'static str, String)>;
    /// How the state is created and reached, for the README.
    fn readme_bootstrap(&self, ctx: &Ctx) -> String;
}

fn scaffold(cloud: Cloud) -> &'static dyn CloudScaffold {
    match cloud {
        Cloud::Aws => &aws::Aws,
        Cloud::Gcp => &gcp::Gcp,
        Cloud::Azure => &azure::Azure,
    }
}

pub fn generate(project: &Project, options: &TerraformOptions) -> Vec<GeneratedFile> {
    let ctx = context(project, options);
    let cloud = scaffold(options.provider);
    let mut files = Vec::new();
    let mut add = |path: String, contents: String| {
        files.push(GeneratedFile::new(
            format!("{}/{path}", paths::TERRAFORM),
            contents,
        ));
    };
    for &m in &ctx.modules {
        let text = cloud.module(m);
        let dir = format!("modules/{}", m.label());
        add(format!("{dir}/main.tf"), format!("{HEADER}\n{}", text.main));
        add(
            format!("{dir}/variables.tf"),
            format!("{HEADER}\n{}", text.variables),
        );
        add(
            format!("{dir}/outputs.tf"),
            format!("{HEADER}\n{}", text.outputs),
        );
        add(
            format!("{dir}/versions.tf"),
            versions(
                cloud,
                "The module's callers configure the provider; this bounds what they may use.",
            ),
        );
    }
    for (name, contents) in cloud.bootstrap(&ctx) {
        add(format!("bootstrap/{name}"), contents);
    }
    if options.terragrunt {
        for (path, contents) in terragrunt::files(cloud, &ctx) {
            add(path, contents);
        }
    } else {
        for env in &ctx.envs {
            let dir = format!("live/{}", env.name);
            add(
                format!("{dir}/versions.tf"),
                versions(
                    cloud,
                    "One root per environment: its own state, its own plan (T02).",
                ),
            );
            add(format!("{dir}/backend.tf"), cloud.backend(&ctx, env));
            add(
                format!("{dir}/providers.tf"),
                format!("{HEADER}\n{}", cloud.providers()),
            );
            add(format!("{dir}/main.tf"), root_main(cloud, &ctx, env));
            add(
                format!("{dir}/variables.tf"),
                root_variables(cloud, &ctx, env),
            );
            add(
                format!("{dir}/terraform.tfvars"),
                root_tfvars(cloud, &ctx, env),
            );
            add(format!("{dir}/outputs.tf"), cloud.outputs(&ctx));
        }
    }
    add(
        "README.md".to_owned(),
        readme(cloud, &ctx, options.terragrunt),
    );
    add(".gitignore".to_owned(), GITIGNORE.to_owned());
    files
}

/// Local working files never belong in Git: state holds secrets in clear
/// text (T01, T10); lock files stay committed, they pin provider checksums.
const GITIGNORE: &str = "# Generated by `plimsoll init` (plimsoll scaffold terraform). You may edit this\n# file: plimsoll keeps your edits when it runs again.\n\n# Provider downloads and Terragrunt caches.\n.terraform/\n.terragrunt-cache/\n# State lives in the remote backend; a local copy may hold secrets.\n*.tfstate\n*.tfstate.*\n# Saved plans contain values of sensitive variables.\n*.tfplan\ntfplan\ncrash.log\ncrash.*.log\n# Keep .terraform.lock.hcl: it pins provider checksums.\n";

fn context(project: &Project, options: &TerraformOptions) -> Ctx {
    let mut names: Vec<String> = Vec::new();
    for e in &options.environments {
        let s = slug(e, 20);
        if !names.contains(&s) {
            names.push(s);
        }
    }
    if names.is_empty() {
        names = vec!["staging".to_owned(), "production".to_owned()];
    }
    let last = names.len() - 1;
    let envs = names
        .into_iter()
        .enumerate()
        .map(|(index, name)| Env {
            name,
            production: index == last,
            index,
        })
        .collect();
    // No selection means every module.
    let wants = |m| options.modules.is_empty() || options.modules.contains(&m);
    let mut modules = Vec::new();
    if wants(TerraformModule::Network)
        || wants(TerraformModule::Cluster)
        || wants(TerraformModule::Database)
    {
        modules.push(TerraformModule::Network);
    }
    for m in [TerraformModule::Cluster, TerraformModule::Database] {
        if wants(m) {
            modules.push(m);
        }
    }
    let owner = project
        .repository
        .slug
        .as_deref()
        .and_then(|s| s.split('/').next())
        .map_or_else(|| "platform".to_owned(), |o| slug(o, 40));
    Ctx {
        project: slug(&project.name, 24),
        owner,
        envs,
        modules,
    }
}

fn versions(cloud: &dyn CloudScaffold, why: &str) -> String {
    format!(
        "{HEADER}# {why}\n# Bounded constraints: minor upgrades arrive with `terraform init -upgrade`,\n# a major version is a deliberate change (T04).\nterraform {{\n  required_version = {}\n\n  required_providers {{\n{}  }}\n}}\n",
        quote(TERRAFORM_VERSION),
        cloud.required_providers()
    )
}

/// An attribute line `key = value` of a group aligned the way
/// `terraform fmt` aligns consecutive attributes.
pub(crate) struct Line(String, String);

/// Renders attribute lines at an indentation, `=` aligned.
pub(crate) fn render(out: &mut String, indent: usize, lines: &[Line]) {
    let width = lines.iter().map(|l| l.0.len()).max().unwrap_or(0);
    for Line(k, v) in lines {
        let _ = writeln!(out, "{:indent$}{k:<width$} = {v}", "");
    }
}

fn attr(k: impl Into<String>, v: impl Into<String>) -> Line {
    Line(k.into(), v.into())
}

fn root_var(m: TerraformModule, name: &str) -> String {
    format!("{}_{name}", m.label())
}

fn root_main(cloud: &dyn CloudScaffold, ctx: &Ctx, env: &Env) -> String {
    let mut out = format!(
        "{HEADER}\n# The {} environment: the modules wired together. Values that differ\n# between environments live in terraform.tfvars (T05).\n\nlocals {{\n  name = \"${{var.project}}-${{var.environment}}\"\n  tags = {{\n    environment = var.environment\n    project     = var.project\n    owner       = var.owner\n    managed-by  = \"terraform\"\n  }}\n}}\n",
        env.name
    );
    for &m in &ctx.modules {
        let mut lines = vec![attr(
            "source",
            quote(&format!("../../modules/{}", m.label())),
        )];
        for input in cloud.inputs(ctx, env, m) {
            let value = match input.kind {
                InputKind::Value { .. } => format!("var.{}", root_var(m, input.name)),
                InputKind::Output {
                    module,
                    output,
                    list,
                    ..
                } => {
                    let e = format!("module.{}.{output}", module.label());
                    if list { format!("[{e}]") } else { e }
                }
                InputKind::Name => "local.name".to_owned(),
                InputKind::Tags => "local.tags".to_owned(),
            };
            lines.push(attr(input.name, value));
        }
        let _ = writeln!(out, "\nmodule \"{}\" {{", m.label());
        render(&mut out, 2, &lines);
        out.push_str("}\n");
    }
    out
}

fn root_variables(cloud: &dyn CloudScaffold, ctx: &Ctx, env: &Env) -> String {
    let mut out = format!(
        "{HEADER}\n# Set in terraform.tfvars; no defaults, so a missing value fails the plan\n# instead of silently taking another environment's setting.\n"
    );
    let mut var = |name: &str, ty: &str, description: &str| {
        let _ = write!(
            out,
            "\nvariable \"{name}\" {{\n  description = {}\n  type        = {ty}\n}}\n",
            quote(description)
        );
    };
    var(
        "project",
        "string",
        "Project name, the prefix of every resource.",
    );
    var(
        "environment",
        "string",
        "Environment name (tags, resource names).",
    );
    var(
        "owner",
        "string",
        "Team that owns the resources (owner tag).",
    );
    for (name, ty, description, _) in cloud.root_settings(ctx, env) {
        var(name, ty, description);
    }
    for &m in &ctx.modules {
        for input in cloud.inputs(ctx, env, m) {
            if let InputKind::Value {
                ty, description, ..
            } = input.kind
            {
                var(&root_var(m, input.name), ty, description);
            }
        }
    }
    out
}

fn root_tfvars(cloud: &dyn CloudScaffold, ctx: &Ctx, env: &Env) -> String {
    let mut out = format!(
        "{HEADER}\n# Settings of the {} environment: {}.\n# No secrets here (T10): databases use managed or IAM authentication.\n\n",
        env.name,
        if env.production {
            "production, highly available, longer retention"
        } else {
            "non-production, smaller and cheaper"
        }
    );
    let mut lines = vec![
        attr("project", quote(&ctx.project)),
        attr("environment", quote(&env.name)),
        attr("owner", quote(&ctx.owner)),
    ];
    for (name, _, _, value) in cloud.root_settings(ctx, env) {
        lines.push(attr(name, value));
    }
    render(&mut out, 0, &lines);
    for &m in &ctx.modules {
        let mut lines = Vec::new();
        for input in cloud.inputs(ctx, env, m) {
            if let InputKind::Value { value, .. } = input.kind {
                lines.push(attr(root_var(m, input.name), value));
            }
        }
        if !lines.is_empty() {
            out.push('\n');
            render(&mut out, 0, &lines);
        }
    }
    out
}

fn readme(cloud: &dyn CloudScaffold, ctx: &Ctx, terragrunt: bool) -> String {
    let envs: Vec<&str> = ctx.envs.iter().map(|e| e.name.as_str()).collect();
    let modules: Vec<&str> = ctx.modules.iter().map(|m| m.label()).collect();
    let mut out = String::from(
        "<!-- Generated by `plimsoll init` (plimsoll scaffold terraform). You may edit this file: plimsoll keeps your edits when it runs again. -->\n\n# Infrastructure\n\n",
    );
    let _ = writeln!(
        out,
        "Modules: {} (`modules/`). Environments: {} (`live/<env>/`, the last is production).\n",
        modules.join(", "),
        envs.join(", ")
    );
    out.push_str("## 1. Create the state storage (once)\n\n");
    out.push_str(&cloud.readme_bootstrap(ctx));
    out.push_str("\n## 2. Plan and apply an environment\n\n");
    if terragrunt {
        out.push_str("Each module of each environment has its own state (`live/<env>/<module>/`).\n`root.hcl` generates the backend and provider of every unit.\n\n```sh\ncd live/<env>\nterragrunt run --all plan\nterragrunt run --all apply\n```\n");
    } else {
        out.push_str("```sh\ncd live/<env>\nterraform init\nterraform plan -out=tfplan\nterraform apply tfplan\n```\n");
    }
    out.push_str("\n## 3. Detect drift\n\nRun `plan -detailed-exitcode` on a schedule in CI (exit code 2 means the\ncloud no longer matches the code) (T13).\n\n## What to review before the first apply\n\n- The state bucket/account name in the backend configuration must be globally unique.\n- Control planes are private by default; list your office/VPN CIDRs to reach them\n  from outside the network.\n- Sizes in `terraform.tfvars` (or the Terragrunt inputs) are starting points.\n");
    out
}
