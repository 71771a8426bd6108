//! Jenkins: a declarative `Jenkinsfile`.
//!
//! Practices: CI01 (stages in order), CI02, CI04, CI05 (commit-SHA tags),
//! CI06 (Trivy on the sources and the image), CI07 (`input` gate before
//! production, deploys from the main branch only), CI09 (agent images pinned
//! by version), CI13 (credentials through `withCredentials`, never echoed),
//! CI14 (pipeline timeout, health-checked sidecar databases, smoke tests),
//! CI12 (GitOps mode: promote stages commit the image tag, ArgoCD deploys).
//! plimsoll does not lint Jenkinsfiles: the tests check the structure.

use super::{
    HEADER, TRIVY_VERSION, ci_services, helm_deploy, image_setup, language_image, registry_host,
    sh, smoke_test, toolchain,
};
use crate::model::{Project, Service};
use crate::options::{Options, paths};
use crate::write::GeneratedFile;
use std::fmt::Write as _;

const HELM_IMAGE: &str = "alpine/helm:3.17.2";
const K8S_IMAGE: &str = "alpine/k8s:1.34.1";

pub fn generate(project: &Project, options: &Options) -> Vec<GeneratedFile> {
    vec![GeneratedFile::new(
        "Jenkinsfile",
        jenkinsfile(project, options),
    )]
}

/// A Groovy `'''` string holding a shell script (no Groovy interpolation).
fn groovy_sh(script: &str) -> String {
    let body = script.replace('\\', "\\\\").replace("'''", "\\'\\'\\'");
    if body.contains('\n') {
        format!("sh '''\n{body}\n'''")
    } else {
        format!("sh '''{body}'''")
    }
}

/// A Groovy single-quoted string.
fn groovy_str(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn indent(text: &str, n: usize) -> String {
    super::indent(text, n)
}

fn stage_name(project: &Project, phase: &str, service: &Service) -> String {
    if project.services.len() > 1 {
        format!("{phase} ({})", service.name)
    } else {
        phase.to_owned()
    }
}

/// The install-and-run script for a stage in the language image. Jenkins
/// runs agent containers as its own (non-root) user, so tools go to a home
/// directory inside the workspace instead of the image's system paths.
fn service_script(service: &Service, command: &str) -> String {
    let tc = toolchain(service);
    let mut lines = vec![
        "export HOME=\"$WORKSPACE/.ci-home\" PATH=\"$WORKSPACE/.ci-home/.local/bin:$PATH\" npm_config_prefix=\"$WORKSPACE/.ci-home/.local\""
            .to_owned(),
        "mkdir -p \"$HOME/.local/bin\"".to_owned(),
    ];
    if tc.workdir != "." {
        lines.push(format!("cd {}", sh(&tc.workdir)));
    }
    for line in image_setup(service) {
        if line == "corepack enable" {
            lines.push("corepack enable --install-directory \"$HOME/.local/bin\"".to_owned());
        } else if let Some(rest) = line.strip_prefix("python -m pip install ") {
            lines.push(format!("python -m pip install --user {rest}"));
        } else if !line.starts_with("rustup ") {
            lines.push(line);
        }
    }
    lines.extend(tc.install.iter().cloned());
    lines.push(command.to_owned());
    lines.join("\n")
}

fn docker_stage(
    name: &str,
    image: &str,
    args: Option<&str>,
    when_main: bool,
    body: &str,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "stage({}) {{", groovy_str(name));
    if when_main {
        s.push_str("  when { branch 'main' }\n");
    }
    let _ = writeln!(
        s,
        "  agent {{\n    docker {{\n      image {}",
        groovy_str(image)
    );
    if let Some(a) = args {
        let _ = writeln!(s, "      args {}", groovy_str(a));
    }
    s.push_str("      reuseNode true\n    }\n  }\n  steps {\n");
    s.push_str(&indent(body, 4));
    s.push_str("  }\n}\n");
    s
}

fn jenkinsfile(project: &Project, options: &Options) -> String {
    let mut stages = String::new();
    // Lint.
    for service in &project.services {
        let tc = toolchain(service);
        stages.push_str(&docker_stage(
            &stage_name(project, "Lint", service),
            &language_image(service),
            None,
            false,
            &groovy_sh(&service_script(service, &tc.lint)),
        ));
    }
    // Unit tests, with sidecar databases started and waited for.
    for service in &project.services {
        let tc = toolchain(service);
        let svcs = ci_services(service);
        let name = stage_name(project, "Unit tests", service);
        if svcs.is_empty() {
            stages.push_str(&docker_stage(
                &name,
                &language_image(service),
                None,
                false,
                &groovy_sh(&service_script(service, &tc.test)),
            ));
            continue;
        }
        // Scripted nesting: each database runs beside the test container,
        // which reaches it by its name.
        let mut links = String::new();
        let mut env = Vec::new();
        for (i, c) in svcs.iter().enumerate() {
            let _ = write!(links, " --link ${{db{i}.id}}:{}", c.name);
            env.push(format!("{}={}", c.url_env, c.url(c.name)));
        }
        let mut inner = format!(
            "docker.image({}).inside(\"{}\") {{\n  withEnv([{}]) {{\n{}  }}\n}}\n",
            groovy_str(&language_image(service)),
            links.trim_start(),
            env.iter()
                .map(|e| groovy_str(e))
                .collect::<Vec<_>>()
                .join(", "),
            indent(&groovy_sh(&service_script(service, &tc.test)), 4)
        );
        for (i, c) in svcs.iter().enumerate().rev() {
            let mut run_args = String::new();
            for (k, v) in &c.env {
                let _ = write!(run_args, "-e {k}={v} ");
            }
            inner = format!(
                "docker.image({}).withRun({}) {{ db{i} ->\n  // Wait until the database answers.\n  sh \"until docker exec ${{db{i}.id}} {}; do sleep 2; done\"\n{}}}\n",
                groovy_str(c.image),
                groovy_str(run_args.trim_end()),
                c.health.replace('"', "\\\"").replace('$', "\\$"),
                indent(&inner, 2)
            );
        }
        let _ = write!(
            stages,
            "stage({}) {{\n  steps {{\n    script {{\n{}    }}\n  }}\n}}\n",
            groovy_str(&name),
            indent(&inner, 6)
        );
    }
    // Security scan.
    stages.push_str(&docker_stage(
        "Security scan",
        &format!("aquasec/trivy:{TRIVY_VERSION}"),
        Some("--entrypoint="),
        false,
        &groovy_sh("trivy fs --scanners vuln,misconfig,secret --severity HIGH,CRITICAL --ignore-unfixed --exit-code 1 ."),
    ));
    // Charts.
    stages.push_str(&docker_stage(
        "Chart tests",
        HELM_IMAGE,
        Some("--entrypoint="),
        false,
        &groovy_sh(&super::chart_commands(project, options, None).join("\n")),
    ));
    if super::has_terraform(project, options) {
        let mut script = super::terraform_fmt(project, options).join("\n");
        script.push('\n');
        for root in super::terraform_roots(project, options) {
            let _ = writeln!(
                script,
                "terraform -chdir={r} init -backend=false -input=false\nterraform -chdir={r} validate",
                r = sh(&root)
            );
        }
        stages.push_str(&docker_stage(
            "Terraform validate",
            &format!("hashicorp/terraform:{}", super::TERRAFORM_VERSION),
            Some("--entrypoint="),
            false,
            &groovy_sh(script.trim_end()),
        ));
    }
    // Build and push (on the agent's Docker), then scan the image.
    let host = registry_host(options);
    for service in &project.services {
        let body = format!(
            "withCredentials([usernamePassword(credentialsId: 'registry', usernameVariable: 'REGISTRY_USER', passwordVariable: 'REGISTRY_PASSWORD')]) {{\n{}}}\n",
            indent(
                &groovy_sh(&format!(
                    "printf '%s' \"$REGISTRY_PASSWORD\" | docker login --username \"$REGISTRY_USER\" --password-stdin {host}\ndocker buildx build --file {file} --tag \"{image}:$GIT_COMMIT\" --provenance=mode=max --sbom=true --push {ctx}\ndocker run --rm aquasec/trivy:{TRIVY_VERSION} image --severity HIGH,CRITICAL --ignore-unfixed --exit-code 1 \"{image}:$GIT_COMMIT\"",
                    host = sh(&host),
                    file = sh(&paths::dockerfile(service)),
                    image = options.image(service),
                    ctx = sh(&service.context),
                )),
                2
            )
        );
        let _ = write!(
            stages,
            "stage({}) {{\n  // Tagged with the commit SHA only; pushed from main.\n  when {{ branch 'main' }}\n  steps {{\n{}  }}\n}}\n",
            groovy_str(&stage_name(project, "Build, push and scan", service)),
            indent(&body, 4)
        );
    }
    // Deploys: GitOps promotions (CI12) or helm upgrades.
    for env in options
        .environments
        .iter()
        .filter(|_| super::gitops(options))
    {
        if env == options.production() {
            let _ = write!(
                stages,
                "stage({}) {{\n  when {{ branch 'main' }}\n  options {{ timeout(time: 1, unit: 'DAYS') }}\n  steps {{\n    input message: {}, ok: 'Promote'\n  }}\n}}\n",
                groovy_str(&format!("Approve {env}")),
                groovy_str(&format!("Promote this commit to {env}?")),
            );
        }
        for service in &project.services {
            let script = super::promote_script(
                project,
                options,
                service,
                env,
                "main",
                ("Jenkins", "jenkins@noreply.invalid"),
            );
            // `gitops-push`: username and token allowed to push to main.
            let body = format!(
                "withCredentials([usernamePassword(credentialsId: 'gitops-push', usernameVariable: 'GITOPS_USER', passwordVariable: 'GITOPS_TOKEN')]) {{\n{}}}\n",
                indent(&groovy_sh(&script), 2)
            );
            stages.push_str(&docker_stage(
                &stage_name(project, &format!("Promote {env}"), service),
                super::GIT_IMAGE,
                Some("--entrypoint="),
                true,
                &body,
            ));
            stages.push_str(&docker_stage(
                &stage_name(project, &format!("Smoke test {env}"), service),
                K8S_IMAGE,
                Some("--entrypoint="),
                true,
                &format!(
                    "// Waits for ArgoCD's Git polling, then polls the liveness path (no\n// version endpoint is known to tell the new image from the old).\n{}\n",
                    groovy_sh(&super::gitops_smoke_test(options, service, env))
                ),
            ));
        }
    }
    for env in options
        .environments
        .iter()
        .filter(|_| !super::gitops(options))
    {
        if env == options.production() {
            let _ = write!(
                stages,
                "stage({}) {{\n  when {{ branch 'main' }}\n  options {{ timeout(time: 1, unit: 'DAYS') }}\n  steps {{\n    input message: {}, ok: 'Deploy'\n  }}\n}}\n",
                groovy_str(&format!("Approve {env}")),
                groovy_str(&format!("Deploy this commit to {env}?")),
            );
        }
        for service in &project.services {
            let script = format!(
                "{}\n{}",
                helm_deploy(project, service, env),
                smoke_test(options, service, env)
            );
            let body = format!(
                "withCredentials([file(credentialsId: {}, variable: 'KUBECONFIG')]) {{\n{}}}\n",
                groovy_str(&format!("kubeconfig-{env}")),
                indent(&groovy_sh(&script), 2)
            );
            stages.push_str(&docker_stage(
                &stage_name(project, &format!("Deploy {env}"), service),
                K8S_IMAGE,
                Some("--entrypoint="),
                true,
                &body,
            ));
        }
    }

    let mut j = String::new();
    for line in HEADER.lines() {
        let _ = writeln!(j, "//{}", line.trim_start_matches('#'));
    }
    if super::gitops(options) {
        j.push_str("//\n// Declarative pipeline: lint -> unit tests -> security scan -> chart checks ->\n// build, push and scan the image (main) -> promote each environment through\n// Git (GitOps, CI12: commit the image tag, ArgoCD applies it), production after\n// an approval. Credentials: `registry` and `gitops-push` (username/password; a\n// token that may push to main). No cluster credentials.\n");
    } else {
        j.push_str("//\n// Declarative pipeline: lint -> unit tests -> security scan -> chart checks ->\n// build, push and scan the image (main) -> deploy each environment, production\n// after an approval. Credentials: `registry` (username/password) and\n// `kubeconfig-<environment>` (secret file, a deploy-only service account).\n");
    }
    j.push_str("pipeline {\n  agent any\n  options {\n    timeout(time: 90, unit: 'MINUTES')\n    disableConcurrentBuilds()\n    buildDiscarder(logRotator(numToKeepStr: '30'))\n  }\n  environment {\n    IMAGE_TAG = \"${env.GIT_COMMIT}\"\n  }\n  stages {\n");
    j.push_str(&indent(&stages, 4));
    j.push_str("  }\n  post {\n    always {\n      cleanWs()\n    }\n  }\n}\n");
    j
}
