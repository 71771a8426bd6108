//! The Terragrunt live tree (T12): `root.hcl` generates the backend and the
//! provider for every unit, `live/<env>/env.hcl` holds the environment's
//! settings, and `live/<env>/<module>/terragrunt.hcl` includes the root,
//! takes the module from `modules/` and its neighbours' outputs through
//! `dependency` blocks. One state per environment per module (T02).

use super::hcl::{HEADER, quote};
use super::{CloudScaffold, Ctx, InputKind, Line, attr, render};
use std::fmt::Write as _;

pub(super) fn files(cloud: &dyn CloudScaffold, ctx: &Ctx) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut root = format!(
        "{HEADER}\n# Included by every unit under live/: one place for the state backend, the\n# provider and the inputs all modules share.\n\nlocals {{\n  env         = read_terragrunt_config(find_in_parent_folders(\"env.hcl\"))\n  environment = local.env.locals.environment\n  project     = {}\n  owner       = {}\n}}\n\n",
        quote(&ctx.project),
        quote(&ctx.owner)
    );
    root.push_str(&cloud.terragrunt_root(ctx));
    root.push_str("\n# Merged into every unit's inputs (a module ignores what it does not declare).\ninputs = {\n  name = \"${local.project}-${local.environment}\"\n  tags = {\n    environment = local.environment\n    project     = local.project\n    owner       = local.owner\n    managed-by  = \"terragrunt\"\n  }\n}\n");
    files.push(("root.hcl".to_owned(), root));
    for env in &ctx.envs {
        let mut out = format!(
            "{HEADER}\n# Settings of the {} environment, read by root.hcl.\n\nlocals {{\n",
            env.name
        );
        let mut lines = vec![attr("environment", quote(&env.name))];
        for (k, v) in cloud.terragrunt_env_locals(ctx, env) {
            lines.push(attr(k, v));
        }
        render(&mut out, 2, &lines);
        out.push_str("}\n");
        files.push((format!("live/{}/env.hcl", env.name), out));
        for &m in &ctx.modules {
            let inputs = cloud.inputs(ctx, env, m);
            let mut out = format!(
                "{HEADER}\n# The {} module of the {} environment: its own state.\n\ninclude \"root\" {{\n  path = find_in_parent_folders(\"root.hcl\")\n}}\n\n# In-repo module: pinned by this commit. The double slash copies all of\n# modules/ so relative references keep working.\nterraform {{\n  source = {}\n}}\n",
                m.label(),
                env.name,
                quote(&format!("../../../modules//{}", m.label()))
            );
            let mut deps: Vec<(&str, Vec<(&str, &str)>)> = Vec::new();
            for input in &inputs {
                if let InputKind::Output {
                    module,
                    output,
                    mock,
                    ..
                } = input.kind
                {
                    match deps.iter_mut().find(|(d, _)| *d == module.label()) {
                        Some((_, outs)) => {
                            if !outs.iter().any(|(o, _)| *o == output) {
                                outs.push((output, mock));
                            }
                        }
                        None => deps.push((module.label(), vec![(output, mock)])),
                    }
                }
            }
            for (dep, outs) in deps {
                let _ = write!(
                    out,
                    "\n# Outputs of {dep}; mocks let `plan` run before {dep} is applied.\ndependency \"{dep}\" {{\n  config_path = \"../{dep}\"\n\n  mock_outputs_allowed_terraform_commands = [\"init\", \"validate\", \"plan\"]\n  mock_outputs = {{\n"
                );
                let lines: Vec<Line> = outs.iter().map(|(o, v)| attr(*o, *v)).collect();
                render(&mut out, 4, &lines);
                out.push_str("  }\n}\n");
            }
            let mut lines = Vec::new();
            for input in inputs {
                let value = match input.kind {
                    InputKind::Value { value, .. } => value,
                    InputKind::Output {
                        module,
                        output,
                        list,
                        ..
                    } => {
                        let e = format!("dependency.{}.outputs.{output}", module.label());
                        if list { format!("[{e}]") } else { e }
                    }
                    // `name` and `tags` come from root.hcl's inputs.
                    InputKind::Name | InputKind::Tags => continue,
                };
                lines.push(attr(input.name, value));
            }
            out.push_str("\ninputs = {\n");
            render(&mut out, 2, &lines);
            out.push_str("}\n");
            files.push((
                format!("live/{}/{}/terragrunt.hcl", env.name, m.label()),
                out,
            ));
        }
    }
    files
}
