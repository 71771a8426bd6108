//! CircleCI: `.circleci/config.yml` (version 2.1).
//!
//! Practices: CI01, CI02 (`requires`), CI03 (caches keyed on the lockfile
//! checksum), CI04, CI05 (commit-SHA tags), CI06 (Trivy), CI07 (an approval
//! job before production, deploys from main only, secrets in per-environment
//! contexts), CI08 (CircleCI's OIDC token exchanged for cloud credentials),
//! CI09 (images pinned by version, no orbs), CI14 (`no_output_timeout`,
//! databases waited for, smoke tests), CI12 (GitOps mode: promote jobs
//! commit the image tag, ArgoCD deploys). plimsoll does not lint CircleCI
//! configuration: the tests check the structure.

use super::{
    HEADER, TRIVY_VERSION, ci_services, helm_deploy, indent, registry_host, sh, smoke_test, suffix,
    toolchain, yaml_str,
};
use crate::model::{Language, PackageManager, Project, Service};
use crate::options::{Cloud, Options, paths};
use crate::write::GeneratedFile;
use std::fmt::Write as _;

const MACHINE_IMAGE: &str = "ubuntu-2404:2024.11.1";
const HELM_IMAGE: &str = "alpine/helm:3.17.2";

pub fn generate(project: &Project, options: &Options) -> Vec<GeneratedFile> {
    vec![GeneratedFile::new(
        ".circleci/config.yml",
        config(project, options),
    )]
}

/// CircleCI's convenience image for the language (git, ssh and build tools
/// included, which `checkout` needs).
fn cimg(service: &Service) -> String {
    let v = service.language_version.value.trim();
    let full = |v: &str, default_minor: &str| {
        if v.contains('.') {
            v.to_owned()
        } else {
            format!("{v}.{default_minor}")
        }
    };
    match service.language.value {
        Language::Node => format!(
            "cimg/node:{}",
            match v {
                "22" => "22.12".to_owned(),
                "20" => "20.18".to_owned(),
                other => full(other, "0"),
            }
        ),
        Language::Python => format!("cimg/python:{v}"),
        Language::Go => format!("cimg/go:{v}"),
        Language::Rust => format!("cimg/rust:{v}"),
        Language::Java => format!("cimg/openjdk:{}", full(v, "0")),
        Language::Ruby => format!("cimg/ruby:{v}"),
        Language::Php => format!("cimg/php:{v}"),
        Language::DotNet => format!("mcr.microsoft.com/dotnet/sdk:{v}"),
    }
}

/// Cache paths for the package manager (relative to the working directory or home).
fn cache_paths(service: &Service) -> Vec<&'static str> {
    match service.package_manager.value {
        PackageManager::Npm => vec!["~/.npm"],
        PackageManager::Pnpm => vec!["~/.local/share/pnpm/store"],
        PackageManager::YarnClassic | PackageManager::YarnBerry => vec!["~/.cache/yarn"],
        PackageManager::Bun => vec!["~/.bun/install/cache"],
        PackageManager::Uv => vec!["~/.cache/uv"],
        PackageManager::Poetry => vec!["~/.cache/pypoetry"],
        PackageManager::Pipenv | PackageManager::Pip => vec!["~/.cache/pip"],
        PackageManager::GoModules => vec!["~/go/pkg/mod"],
        PackageManager::Cargo => vec!["~/.cargo/registry", "~/.cargo/git"],
        PackageManager::Maven => vec!["~/.m2/repository"],
        PackageManager::Gradle => vec!["~/.gradle/caches"],
        PackageManager::Bundler => vec!["vendor/bundle"],
        PackageManager::Composer => vec!["~/.cache/composer"],
        PackageManager::NuGet => vec!["~/.nuget/packages"],
    }
}

fn run_step(name: &str, command: &str) -> String {
    format!(
        "      - run:\n          name: {}\n          command: |\n{}",
        yaml_str(name),
        indent(command, 12)
    )
}

fn language_job(service: &Service, id: &str, command: &str, test: bool) -> String {
    let tc = toolchain(service);
    let mut y = String::new();
    let _ = writeln!(y, "  {id}:\n    docker:\n      - image: {}", cimg(service));
    let svcs = if test {
        ci_services(service)
    } else {
        Vec::new()
    };
    for c in &svcs {
        let _ = writeln!(y, "      - image: {}", c.image);
        if !c.env.is_empty() {
            y.push_str("        environment:\n");
            for (k, v) in &c.env {
                let _ = writeln!(y, "          {k}: {}", yaml_str(v));
            }
        }
    }
    y.push_str("    resource_class: medium\n");
    if !svcs.is_empty() {
        y.push_str("    environment:\n");
        for c in &svcs {
            let _ = writeln!(y, "      {}: {}", c.url_env, yaml_str(&c.url("localhost")));
        }
    }
    if tc.workdir != "." {
        let _ = writeln!(
            y,
            "    working_directory: ~/project/{}",
            yaml_str(&tc.workdir).trim_matches('\'')
        );
    }
    y.push_str("    steps:\n      - checkout:\n          path: ~/project\n");
    let key_file = tc.lockfile.as_deref().map_or_else(
        || "pom.xml".to_owned(),
        |l| l.rsplit('/').next().unwrap_or(l).to_owned(),
    );
    let key = format!(
        "deps-v1-{}-{{{{ checksum \"{}\" }}}}",
        service.name,
        key_file.replace('"', "")
    );
    let _ = writeln!(
        y,
        "      - restore_cache:\n          keys:\n            - {}",
        yaml_str(&key)
    );
    let mut install: Vec<String> = super::image_setup(service)
        .into_iter()
        .filter(|l| !l.starts_with("corepack"))
        .map(|l| {
            if l.starts_with("npm install -g") {
                format!("sudo {l}")
            } else {
                l
            }
        })
        .collect();
    if matches!(
        service.package_manager.value,
        PackageManager::Pnpm | PackageManager::YarnBerry
    ) {
        install.push("sudo corepack enable".to_owned());
    }
    install.extend(tc.install.iter().cloned());
    if !install.is_empty() {
        y.push_str(&run_step(
            "Install dependencies from the lockfile",
            &install.join("\n"),
        ));
    }
    let _ = writeln!(
        y,
        "      - save_cache:\n          key: {}\n          paths:",
        yaml_str(&key)
    );
    for p in cache_paths(service) {
        let _ = writeln!(y, "            - {p}");
    }
    for c in &svcs {
        y.push_str(&run_step(
            &format!("Wait for {}", c.name),
            &format!(
                "for _ in $(seq 1 60); do\n  if (echo > /dev/tcp/localhost/{p}) 2>/dev/null; then exit 0; fi\n  sleep 2\ndone\necho '{n} did not start' >&2\nexit 1",
                p = c.port,
                n = c.name
            ),
        ));
    }
    y.push_str(&run_step(if test { "Test" } else { "Lint" }, command));
    y.push('\n');
    y
}

/// Commands exchanging CircleCI's OIDC token for cloud credentials and the
/// cluster's kubeconfig (variables come from the environment's context).
fn cloud_login(options: &Options) -> String {
    super::gitlab::token_login(
        options,
        true,
        Some("CIRCLE_OIDC_TOKEN_V2"),
        "circleci-$CIRCLE_WORKFLOW_ID",
    )
    .join("\n")
}

/// GitOps promotions (CI12): per environment a job committing the image
/// tag (production: after an approval, with a release tag), then a smoke
/// test. The `gitops` context holds GITOPS_USER/GITOPS_TOKEN (may push to
/// main); no cloud or cluster credentials.
fn promote_jobs(
    y: &mut String,
    workflow: &mut String,
    project: &Project,
    options: &Options,
    service: &Service,
    after: &str,
) {
    let sfx = suffix(project, service);
    let main_only = "          filters:\n            branches:\n              only: main\n";
    let mut previous = after.to_owned();
    for env in &options.environments {
        let id = format!("promote-{env}{sfx}");
        let _ = writeln!(
            y,
            "  {id}:\n    docker:\n      - image: {}\n    resource_class: small\n    environment:\n      IMAGE_TAG: << pipeline.git.revision >>\n    steps:\n      - checkout",
            super::GIT_IMAGE
        );
        y.push_str(&run_step(
            &format!("Commit the image tag to values-{env}.yaml"),
            &super::promote_script(
                project,
                options,
                service,
                env,
                "main",
                ("CircleCI", "circleci@noreply.invalid"),
            ),
        ));
        y.push('\n');
        let smoke = format!("smoke-{env}{sfx}");
        let _ = writeln!(
            y,
            "  {smoke}:\n    docker:\n      - image: {}\n    resource_class: small\n    steps:",
            super::gitlab::K8S_IMAGE
        );
        y.push_str(&run_step(
            "Wait for ArgoCD, then check the liveness path",
            &super::gitops_smoke_test(options, service, env),
        ));
        y.push('\n');
        let mut requires = previous.clone();
        if env == options.production() {
            let hold = format!("approve-{env}{sfx}");
            let _ = write!(
                workflow,
                "      - {hold}:\n          type: approval\n          requires: [{previous}]\n{main_only}"
            );
            requires = hold;
        }
        let _ = write!(
            workflow,
            "      - {id}:\n          context: [gitops]\n          requires: [{requires}]\n{main_only}      - {smoke}:\n          requires: [{id}]\n{main_only}"
        );
        previous = smoke;
    }
}

fn config(project: &Project, options: &Options) -> String {
    let mut y = String::new();
    y.push_str(HEADER);
    if super::gitops(options) {
        y.push_str("#\n# lint -> test -> security scan -> chart checks -> build, push and scan (main)\n# -> promote each environment through Git (GitOps, CI12: commit the image tag,\n# ArgoCD applies it); production waits for an approval. Contexts: `registry`\n# (image registry) and `gitops` (GITOPS_USER and GITOPS_TOKEN, allowed to push\n# to main). No cloud or cluster credentials.\nversion: 2.1\n\njobs:\n");
    } else {
        y.push_str("#\n# lint -> test -> security scan -> chart checks -> build, push and scan (main)\n# -> deploy each environment; production waits for an approval. Secrets live\n# in one context per environment (and `registry` for the image registry).\nversion: 2.1\n\njobs:\n");
    }
    let mut workflow = String::new();
    let mut lints = Vec::new();
    for service in &project.services {
        let sfx = suffix(project, service);
        let tc = toolchain(service);
        let lint = format!("lint{sfx}");
        let test = format!("test{sfx}");
        y.push_str(&language_job(service, &lint, &tc.lint, false));
        y.push_str(&language_job(service, &test, &tc.test, true));
        let _ = writeln!(
            workflow,
            "      - {lint}\n      - {test}:\n          requires: [{lint}]"
        );
        lints.push(lint);
    }
    // Security scan and charts.
    let _ = writeln!(
        y,
        "  security-scan:\n    machine:\n      image: {MACHINE_IMAGE}\n    resource_class: medium\n    steps:\n      - checkout"
    );
    y.push_str(&run_step(
        "Trivy (vulnerabilities, misconfigurations, secrets)",
        &format!("docker run --rm -v \"$PWD:/src\" aquasec/trivy:{TRIVY_VERSION} fs --scanners vuln,misconfig,secret --severity HIGH,CRITICAL --ignore-unfixed --exit-code 1 /src"),
    ));
    y.push('\n');
    let _ = writeln!(
        y,
        "  chart-test:\n    docker:\n      - image: {HELM_IMAGE}\n    resource_class: small\n    steps:\n      - checkout"
    );
    y.push_str(&run_step(
        "Lint and unit-test the charts",
        &super::chart_commands(project, options, None).join("\n"),
    ));
    y.push('\n');
    let _ = writeln!(
        workflow,
        "      - security-scan:\n          requires: [{l}]\n      - chart-test:\n          requires: [{l}]",
        l = lints.join(", ")
    );
    let main_only = "          filters:\n            branches:\n              only: main\n";
    let host = registry_host(options);
    for service in &project.services {
        let sfx = suffix(project, service);
        let build = format!("build{sfx}");
        let image = options.image(service);
        let _ = writeln!(
            y,
            "  {build}:\n    machine:\n      image: {MACHINE_IMAGE}\n    resource_class: medium\n    environment:\n      IMAGE: {}\n    steps:\n      - checkout",
            yaml_str(&image)
        );
        y.push_str(&run_step(
            "Build, push (tagged with the commit SHA) and scan",
            &format!(
                "printf '%s' \"$REGISTRY_PASSWORD\" | docker login --username \"$REGISTRY_USER\" --password-stdin {}\ndocker buildx create --use --driver docker-container\ndocker buildx build --file {} --tag \"$IMAGE:$CIRCLE_SHA1\" --provenance=mode=max --sbom=true --push {}\ndocker run --rm aquasec/trivy:{TRIVY_VERSION} image --severity HIGH,CRITICAL --ignore-unfixed --exit-code 1 \"$IMAGE:$CIRCLE_SHA1\"",
                sh(&host),
                sh(&paths::dockerfile(service)),
                sh(&service.context)
            ),
        ));
        y.push('\n');
        let _ = write!(
            workflow,
            "      - {build}:\n          context: [registry]\n          requires: [test{sfx}, security-scan, chart-test]\n{main_only}"
        );
        let mut previous = build;
        if super::gitops(options) {
            promote_jobs(&mut y, &mut workflow, project, options, service, &previous);
            continue;
        }
        for env in &options.environments {
            let id = format!("deploy-{env}{sfx}");
            let _ = writeln!(
                y,
                "  {id}:\n    docker:\n      - image: {}\n    resource_class: small\n    environment:\n      IMAGE_TAG: << pipeline.git.revision >>\n    steps:\n      - checkout",
                match super::cloud(options) {
                    Cloud::Aws => super::gitlab::K8S_IMAGE,
                    Cloud::Gcp => super::gitlab::GCLOUD_IMAGE,
                    Cloud::Azure => super::gitlab::AZURE_CLI_IMAGE,
                }
            );
            y.push_str(&run_step(
                &format!("Deploy to {env}"),
                &format!(
                    "{}\n{}",
                    cloud_login(options),
                    helm_deploy(project, service, env)
                ),
            ));
            y.push_str(&run_step("Smoke test", &smoke_test(options, service, env)));
            y.push('\n');
            let mut requires = previous.clone();
            if env == options.production() {
                let hold = format!("approve-{env}{sfx}");
                let _ = write!(
                    workflow,
                    "      - {hold}:\n          type: approval\n          requires: [{previous}]\n{main_only}"
                );
                requires = hold;
            }
            let _ = write!(
                workflow,
                "      - {id}:\n          context: [{}]\n          requires: [{requires}]\n{main_only}",
                yaml_str(env)
            );
            previous = id;
        }
    }
    y.push_str("workflows:\n  pipeline:\n    jobs:\n");
    y.push_str(&workflow);
    y
}
