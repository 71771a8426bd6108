//! `plimsoll helm template CHART`: renders a chart like `helm template`.

use crate::cli::HelmTemplateArgs;
use anyhow::Context as _;
use plimsoll_helm::helm::{KubeVersion, RenderOptions};
use plimsoll_helm::{Map, Value, chart, serial, strvals};
use std::io::Write as _;
use std::process::ExitCode;

pub fn template(args: &HelmTemplateArgs) -> anyhow::Result<ExitCode> {
    let mut user = Map::new();
    for f in &args.values {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        match serial::from_yaml(&text) {
            Ok(Value::Map(m)) => chart::merge_maps(&mut user, &m.borrow()),
            Ok(Value::Nil) => {}
            Ok(_) => anyhow::bail!("{}: values must be a mapping", f.display()),
            Err(e) => anyhow::bail!("failed to parse {}: {e}", f.display()),
        }
    }
    for s in &args.set {
        strvals::parse_into(s, &mut user, true)
            .map_err(|e| anyhow::anyhow!("failed parsing --set data: {e}"))?;
    }
    for s in &args.set_string {
        strvals::parse_into(s, &mut user, false)
            .map_err(|e| anyhow::anyhow!("failed parsing --set-string data: {e}"))?;
    }
    let kube_version = match &args.kube_version {
        Some(v) => {
            KubeVersion::parse(v).ok_or_else(|| anyhow::anyhow!("invalid kube version {v:?}"))?
        }
        None => KubeVersion::default(),
    };
    let opts = RenderOptions {
        release_name: args.release_name.clone(),
        namespace: args.namespace.clone(),
        kube_version,
        api_versions: args.api_versions.clone(),
        include_crds: args.include_crds,
        ..RenderOptions::default()
    };
    let out = plimsoll_helm::template(&args.chart, &user, &opts, &args.show_only)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
