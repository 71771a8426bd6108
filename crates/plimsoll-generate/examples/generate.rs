//! Writes every artifact generated for the sample app models into a
//! directory, one sub-directory per sample, for peer tools to inspect:
//! `cargo run -p plimsoll-generate --example generate -- OUT [SAMPLE] [--cloud aws|gcp|azure] [--ci PLATFORM] [--terragrunt] [--deploy push|gitops]`
//! (deploy mode defaults to gitops, like `plimsoll init`)

use plimsoll_generate::options::{CiPlatform, Cloud, DeployMode};
use plimsoll_generate::{Options, generate, samples};
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: generate OUT [SAMPLE] [--cloud C] [--ci P] [--terragrunt] [--deploy D]");
        std::process::exit(2);
    };
    let mut only_sample = None;
    let mut cloud = None;
    let mut ci = None;
    let mut terragrunt = false;
    let mut deploy = DeployMode::Gitops;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--cloud" => cloud = args.next().and_then(|c| Cloud::parse(&c)),
            "--ci" => ci = args.next().and_then(|c| CiPlatform::parse(&c)),
            "--terragrunt" => terragrunt = true,
            "--deploy" => {
                deploy = args
                    .next()
                    .and_then(|d| DeployMode::parse(&d))
                    .unwrap_or(deploy);
            }
            other => only_sample = Some(other.to_owned()),
        }
    }
    for (name, project) in samples::all() {
        if only_sample.as_deref().is_some_and(|s| s != name) {
            continue;
        }
        let mut options = Options::for_project(&project);
        if let Some(c) = cloud {
            options.cloud = Some(c);
            options.terraform.provider = c;
        }
        options.terraform.terragrunt = terragrunt;
        options.deploy = deploy;
        if let Some(p) = ci {
            options.ci = p;
        }
        let dir = out.join(name);
        for f in generate(&project, &options, &[]) {
            let path = dir.join(&f.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("create directories");
            }
            std::fs::write(&path, &f.contents).expect("write file");
        }
        println!("{}", dir.display());
    }
}
