//! GitLab CI: `.gitlab-ci.yml`.
//!
//! Practices: CI01–CI11, CI13, CI14, S02, X04, X05. Stages in CI01 order;
//! `workflow:rules` run one pipeline per push (merge request or branch,
//! never both); `needs:` start each job as soon as its inputs are ready
//! (CI02); caches keyed on the lockfile (`cache:key:files`, CI03); every
//! image pinned by version (CI09); `interruptible` and `timeout` on jobs
//! (CI10, CI14); deploys with `environment:` + `deployment_tier`,
//! `resource_group` (one at a time) and production `when: manual` on the
//! default branch only (CI07); cloud access through `id_tokens` (OIDC, CI08).

use super::{
    HEADER, TERRAFORM_VERSION, TRIVY_VERSION, Toolchain, ci_services, cloud, has_terraform,
    helm_deploy, image_setup, indent, language_image, registry_host, sh, smoke_test, suffix,
    terraform_plannable, terraform_roots, toolchain, yaml_str,
};
use crate::model::{PackageManager, Project, Service};
use crate::options::{Cloud, Options, paths};
use crate::write::GeneratedFile;
use std::fmt::Write as _;

const DOCKER_IMAGE: &str = "docker:28.5";
const DIND_IMAGE: &str = "docker:28.5-dind";
const HELM_IMAGE: &str = "alpine/helm:3.17.2";
pub(crate) const K8S_IMAGE: &str = "alpine/k8s:1.34.1";
pub(crate) const GCLOUD_IMAGE: &str = "google/cloud-sdk:537.0.0";
pub(crate) const AZURE_CLI_IMAGE: &str = "mcr.microsoft.com/azure-cli:2.77.0";
const HELM_VERSION: &str = "v3.17.2";

pub fn generate(project: &Project, options: &Options) -> Vec<GeneratedFile> {
    vec![GeneratedFile::new(
        ".gitlab-ci.yml",
        pipeline(project, options),
    )]
}

/// A `script:`-style list, one YAML item per command.
fn list(key: &str, commands: &[String]) -> String {
    let mut s = format!("  {key}:\n");
    for c in commands {
        if c.contains('\n') {
            s.push_str("    - |\n");
            s.push_str(&indent(c, 6));
        } else {
            let _ = writeln!(s, "    - {}", yaml_str(c));
        }
    }
    s
}

/// Cache directory (relative to the project) and the variables pointing the
/// package manager at it.
fn cache_setup(service: &Service) -> (Vec<&'static str>, Vec<(&'static str, &'static str)>) {
    match service.package_manager.value {
        PackageManager::Npm => (
            vec![".npm/"],
            vec![("npm_config_cache", "$CI_PROJECT_DIR/.npm")],
        ),
        PackageManager::Pnpm => (
            vec![".pnpm-store/"],
            vec![("npm_config_store_dir", "$CI_PROJECT_DIR/.pnpm-store")],
        ),
        PackageManager::YarnClassic | PackageManager::YarnBerry => (
            vec![".yarn-cache/"],
            vec![("YARN_CACHE_FOLDER", "$CI_PROJECT_DIR/.yarn-cache")],
        ),
        PackageManager::Bun => (
            vec![".bun-cache/"],
            vec![("BUN_INSTALL_CACHE_DIR", "$CI_PROJECT_DIR/.bun-cache")],
        ),
        PackageManager::Uv => (
            vec![".cache/uv/"],
            vec![("UV_CACHE_DIR", "$CI_PROJECT_DIR/.cache/uv")],
        ),
        PackageManager::Poetry => (
            vec![".cache/pypoetry/"],
            vec![("POETRY_CACHE_DIR", "$CI_PROJECT_DIR/.cache/pypoetry")],
        ),
        PackageManager::Pipenv | PackageManager::Pip => (
            vec![".cache/pip/"],
            vec![("PIP_CACHE_DIR", "$CI_PROJECT_DIR/.cache/pip")],
        ),
        PackageManager::GoModules => (
            vec![".cache/go-mod/", ".cache/go-build/"],
            vec![
                ("GOMODCACHE", "$CI_PROJECT_DIR/.cache/go-mod"),
                ("GOCACHE", "$CI_PROJECT_DIR/.cache/go-build"),
            ],
        ),
        PackageManager::Cargo => (
            vec![".cargo/registry/", "target/"],
            vec![("CARGO_HOME", "$CI_PROJECT_DIR/.cargo")],
        ),
        PackageManager::Maven => (
            vec![".m2/repository/"],
            vec![(
                "MAVEN_OPTS",
                "-Dmaven.repo.local=$CI_PROJECT_DIR/.m2/repository",
            )],
        ),
        PackageManager::Gradle => (
            vec![".gradle/"],
            vec![("GRADLE_USER_HOME", "$CI_PROJECT_DIR/.gradle")],
        ),
        PackageManager::Bundler => (
            vec!["vendor/bundle/"],
            vec![("BUNDLE_PATH", "vendor/bundle"), ("BUNDLE_FROZEN", "true")],
        ),
        PackageManager::Composer => (
            vec![".composer-cache/"],
            vec![("COMPOSER_CACHE_DIR", "$CI_PROJECT_DIR/.composer-cache")],
        ),
        PackageManager::NuGet => (
            vec![".nuget/"],
            vec![("NUGET_PACKAGES", "$CI_PROJECT_DIR/.nuget")],
        ),
    }
}

/// The file the cache key is computed from: the lockfile, or the build file
/// for tools without one.
fn cache_key_file(service: &Service, tc: &Toolchain) -> String {
    tc.lockfile.clone().unwrap_or_else(|| {
        let f = match service.package_manager.value {
            PackageManager::Gradle => "build.gradle.kts",
            PackageManager::Pip => "requirements.txt",
            _ => "pom.xml",
        };
        super::join(&tc.workdir, f)
    })
}

/// A job running the service's language with its dependencies installed.
#[allow(clippy::too_many_arguments)]
fn language_job(
    y: &mut String,
    service: &Service,
    tc: &Toolchain,
    name: &str,
    stage: &str,
    needs: &[String],
    timeout: &str,
    command: &str,
    extra_vars: &[(String, String)],
) {
    let (cache_paths, vars) = cache_setup(service);
    let _ = writeln!(
        y,
        "{name}:\n  stage: {stage}\n  image: {}",
        language_image(service)
    );
    let _ = writeln!(y, "  needs: [{}]", needs.join(", "));
    let _ = writeln!(y, "  timeout: {timeout}");
    let _ = writeln!(
        y,
        "  # Dependencies are cached per lockfile version.\n  cache:\n    key:\n      files:\n        - {}\n    paths:",
        yaml_str(&cache_key_file(service, tc))
    );
    for p in cache_paths {
        let _ = writeln!(y, "      - {p}");
    }
    y.push_str("  variables:\n");
    for (k, v) in vars {
        let _ = writeln!(y, "    {k}: {}", yaml_str(v));
    }
    for (k, v) in extra_vars {
        let _ = writeln!(y, "    {k}: {}", yaml_str(v));
    }
    let mut script = Vec::new();
    if tc.workdir != "." {
        script.push(format!("cd {}", sh(&tc.workdir)));
    }
    script.extend(image_setup(service));
    script.extend(tc.install.iter().cloned());
    script.push(command.to_owned());
    y.push_str(&list("script", &script));
}

fn pipeline(project: &Project, options: &Options) -> String {
    let tf = has_terraform(project, options);
    let mut y = String::new();
    y.push_str(HEADER);
    y.push_str(
        "#\n# One pipeline per change: merge request pipelines for merge requests, branch\n\
         # pipelines for the default branch (never both for one push).\n\
         # Deploy jobs read environment-scoped CI/CD variables (cluster name, cloud\n\
         # role); protect the production environment so only maintainers run it.\n",
    );
    y.push_str(
        "workflow:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS\n      when: never\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n  # A newer pipeline cancels the interruptible jobs of the older one.\n  auto_cancel:\n    on_new_commit: interruptible\n\n",
    );
    y.push_str("stages:\n  - lint\n  - test\n  - scan\n  - build\n  - verify\n");
    for env in &options.environments {
        let _ = writeln!(y, "  - {}", yaml_str(&format!("deploy-{env}")));
    }
    y.push_str("\ndefault:\n  interruptible: true\n  timeout: 20m\n  retry:\n    max: 1\n    when: [runner_system_failure, stuck_or_timeout_failure]\n\n");

    let on_main = "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH";
    let mut all_lint = Vec::new();
    let mut build_needs_common = Vec::new();

    // Lint and test per service.
    for service in &project.services {
        let tc = toolchain(service);
        let sfx = suffix(project, service);
        let lint = format!("lint{sfx}");
        language_job(
            &mut y,
            service,
            &tc,
            &lint,
            "lint",
            &[],
            "15m",
            &tc.lint,
            &[],
        );
        y.push('\n');
        all_lint.push(lint.clone());
        let test = format!("test{sfx}");
        let svcs = ci_services(service);
        let urls: Vec<(String, String)> = svcs
            .iter()
            .map(|c| (c.url_env.to_owned(), c.url(c.name)))
            .collect();
        language_job(
            &mut y,
            service,
            &tc,
            &test,
            "test",
            &[lint],
            "30m",
            &tc.test,
            &urls,
        );
        if !svcs.is_empty() {
            y.push_str("  # Throwaway databases; the runner waits until their ports answer.\n  services:\n");
            for c in &svcs {
                let _ = writeln!(y, "    - name: {}\n      alias: {}", c.image, c.name);
                if !c.env.is_empty() {
                    y.push_str("      variables:\n");
                    for (k, v) in &c.env {
                        let _ = writeln!(y, "        {k}: {}", yaml_str(v));
                    }
                }
            }
        }
        y.push('\n');
    }

    // Repository scan.
    let _ = writeln!(
        y,
        "dependency-scan:\n  stage: scan\n  image:\n    name: aquasec/trivy:{TRIVY_VERSION}\n    entrypoint: ['']\n  needs: [{}]\n  timeout: 15m\n  variables:\n    TRIVY_CACHE_DIR: .trivycache/\n  cache:\n    key: trivy-db\n    paths:\n      - .trivycache/",
        all_lint.join(", ")
    );
    y.push_str(&list(
        "script",
        &["trivy fs --scanners vuln,misconfig,secret --severity HIGH,CRITICAL --ignore-unfixed --exit-code 1 --skip-dirs .trivycache .".to_owned()],
    ));
    y.push('\n');
    build_needs_common.push("dependency-scan".to_owned());

    // Charts.
    let _ = writeln!(
        y,
        "chart-test:\n  stage: test\n  image:\n    name: {HELM_IMAGE}\n    entrypoint: ['']\n  needs: [{}]\n  timeout: 10m",
        all_lint.join(", ")
    );
    y.push_str(&list(
        "script",
        &super::chart_commands(project, options, None),
    ));
    y.push('\n');
    build_needs_common.push("chart-test".to_owned());

    if tf {
        let _ = writeln!(
            y,
            "terraform:\n  stage: test\n  image:\n    name: hashicorp/terraform:{TERRAFORM_VERSION}\n    entrypoint: ['']\n  needs: []\n  timeout: 20m"
        );
        let mut script = super::terraform_fmt(project, options);
        for root in terraform_roots(project, options) {
            script.push(format!(
                "terraform -chdir={} init -backend=false -input=false",
                sh(&root)
            ));
            script.push(format!("terraform -chdir={} validate", sh(&root)));
        }
        y.push_str(&list("script", &script));
        y.push('\n');
        build_needs_common.push("terraform".to_owned());
        if terraform_plannable(options) {
            // Plan on merge requests, with OIDC credentials from project-level variables (a read-only plan role).
            let _ = writeln!(
                y,
                "terraform-plan:\n  stage: test\n  image:\n    name: hashicorp/terraform:{TERRAFORM_VERSION}\n    entrypoint: ['']\n  needs: [terraform]\n  timeout: 20m"
            );
            y.push_str(&id_tokens(options));
            y.push_str("  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n");
            let mut script = cloud_env_login(options, false);
            for root in terraform_roots(project, options) {
                script.push(format!("terraform -chdir={} init -input=false", sh(&root)));
                script.push(format!(
                    "terraform -chdir={} plan -input=false -lock=false",
                    sh(&root)
                ));
            }
            y.push_str(&list("script", &script));
            y.push('\n');
            // Scheduled drift detection (T13): a pipeline schedule with DRIFT_CHECK=true.
            let _ = writeln!(
                y,
                "# Drift detection (T13): create a pipeline schedule with the variable\n# DRIFT_CHECK=true; exit code 2 (changes) fails the job.\nterraform-drift:\n  stage: test\n  image:\n    name: hashicorp/terraform:{TERRAFORM_VERSION}\n    entrypoint: ['']\n  needs: []\n  timeout: 30m\n  interruptible: false"
            );
            y.push_str(&id_tokens(options));
            y.push_str("  rules:\n    - if: $CI_PIPELINE_SOURCE == \"schedule\" && $DRIFT_CHECK == \"true\"\n");
            let mut script = cloud_env_login(options, false);
            for root in terraform_roots(project, options) {
                script.push(format!("terraform -chdir={} init -input=false", sh(&root)));
                script.push(format!(
                    "terraform -chdir={} plan -input=false -lock=false -detailed-exitcode",
                    sh(&root)
                ));
            }
            y.push_str(&list("script", &script));
            y.push('\n');
        }
    }

    // Build, image scan and deploys per service.
    let host = registry_host(options);
    let gitlab_registry = host == "registry.gitlab.com";
    let (user_var, password_var) = if gitlab_registry {
        ("$CI_REGISTRY_USER", "$CI_REGISTRY_PASSWORD")
    } else {
        ("$REGISTRY_USER", "$REGISTRY_PASSWORD")
    };
    for service in &project.services {
        let sfx = suffix(project, service);
        let mut needs = vec![format!("test{sfx}")];
        needs.extend(build_needs_common.iter().cloned());
        let build = format!("build{sfx}");
        let _ = writeln!(
            y,
            "{build}:\n  stage: build\n  image: {DOCKER_IMAGE}\n  services:\n    - name: {DIND_IMAGE}\n      alias: docker\n  needs: [{}]\n  timeout: 30m\n  variables:\n    IMAGE: {}\n    # Docker-in-Docker over TLS.\n    DOCKER_HOST: tcp://docker:2376\n    DOCKER_TLS_CERTDIR: /certs\n    DOCKER_TLS_VERIFY: '1'\n    DOCKER_CERT_PATH: /certs/client",
            needs.join(", "),
            yaml_str(&options.image(service)),
        );
        let build_cmd = format!(
            "docker buildx build --file {} --tag \"$IMAGE:$CI_COMMIT_SHA\"",
            sh(&paths::dockerfile(service))
        );
        let script = vec![
            "docker buildx create --use --driver docker-container".to_owned(),
            format!(
                "# Tagged with the commit SHA only; pushed from the default branch.\nif [ \"$CI_COMMIT_BRANCH\" = \"$CI_DEFAULT_BRANCH\" ]; then\n  printf '%s' \"{password_var}\" | docker login --username \"{user_var}\" --password-stdin {}\n  {build_cmd} --provenance=mode=max --sbom=true --push {ctx}\nelse\n  {build_cmd} {ctx}\nfi",
                sh(&host),
                ctx = sh(&service.context),
            ),
        ];
        y.push_str(&list("script", &script));
        y.push('\n');

        let scan = format!("image-scan{sfx}");
        let _ = writeln!(
            y,
            "{scan}:\n  stage: verify\n  image:\n    name: aquasec/trivy:{TRIVY_VERSION}\n    entrypoint: ['']\n  needs: [{build}]\n  timeout: 15m\n  variables:\n    IMAGE: {}\n    TRIVY_USERNAME: {}\n    TRIVY_PASSWORD: {}\n  rules:\n    - if: {on_main}",
            yaml_str(&options.image(service)),
            yaml_str(user_var),
            yaml_str(password_var),
        );
        y.push_str(&list(
            "script",
            &["trivy image --severity HIGH,CRITICAL --ignore-unfixed --exit-code 1 \"$IMAGE:$CI_COMMIT_SHA\"".to_owned()],
        ));
        y.push('\n');

        let mut previous = scan;
        if super::gitops(options) {
            promote_jobs(&mut y, project, options, service, &previous);
            continue;
        }
        for env in &options.environments {
            let id = format!("deploy-{env}{sfx}");
            let production = env == options.production();
            let image = match cloud(options) {
                Cloud::Aws => K8S_IMAGE,
                Cloud::Gcp => GCLOUD_IMAGE,
                Cloud::Azure => AZURE_CLI_IMAGE,
            };
            let _ = writeln!(
                y,
                "{id}:\n  stage: {}\n  image: {image}\n  needs: [{previous}]\n  timeout: 20m\n  # A deploy is never cancelled half-way.\n  interruptible: false\n  resource_group: {}\n  environment:\n    name: {}\n    url: {}\n    deployment_tier: {}\n  variables:\n    IMAGE_TAG: $CI_COMMIT_SHA",
                yaml_str(&format!("deploy-{env}")),
                yaml_str(&format!("{}-{env}", service.name)),
                yaml_str(env),
                yaml_str(&format!("https://{}", options.host(service, env))),
                if production {
                    "production"
                } else if env.contains("stag") {
                    "staging"
                } else {
                    "testing"
                },
            );
            y.push_str(&id_tokens(options));
            if production {
                y.push_str("  # Production waits for a person to press play, on the default branch only.\n");
                let _ = writeln!(y, "  rules:\n    - if: {on_main}\n      when: manual");
            } else {
                let _ = writeln!(y, "  rules:\n    - if: {on_main}");
            }
            let _ = writeln!(
                y,
                "  # Environment-scoped CI/CD variables: {}.",
                match cloud(options) {
                    Cloud::Aws =>
                        "AWS_ROLE_ARN (the role trusting this project's OIDC tokens), AWS_REGION, EKS_CLUSTER_NAME",
                    Cloud::Gcp =>
                        "GCP_WORKLOAD_IDENTITY_PROVIDER, GCP_SERVICE_ACCOUNT, GKE_CLUSTER_NAME, GKE_LOCATION",
                    Cloud::Azure =>
                        "AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_SUBSCRIPTION_ID, AKS_RESOURCE_GROUP, AKS_CLUSTER_NAME",
                }
            );
            let mut script = cloud_env_login(options, true);
            script.push(helm_deploy(project, service, env));
            script.push(smoke_test(options, service, env));
            y.push_str(&list("script", &script));
            y.push('\n');
            previous = id;
        }
    }
    while y.ends_with("\n\n") {
        y.pop();
    }
    y
}

/// GitOps promotions (CI12) of one service: per environment, a job that
/// commits the image tag (production: and a release tag) to the default
/// branch, then a smoke test. No cloud credentials and no cluster access:
/// ArgoCD applies the commit.
fn promote_jobs(
    y: &mut String,
    project: &Project,
    options: &Options,
    service: &Service,
    after: &str,
) {
    let sfx = suffix(project, service);
    let on_main = "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH";
    let mut previous = after.to_owned();
    for env in &options.environments {
        let id = format!("promote-{env}{sfx}");
        let production = env == options.production();
        let _ = writeln!(
            y,
            "# GitOps (CI12): commits image.tag to the {env} values on the default branch\n\
             # and ArgoCD applies it. GITOPS_TOKEN: a protected, masked CI/CD variable\n\
             # holding a project access token with the write_repository scope (allow it\n\
             # to push to the protected default branch).\n\
             {id}:\n  stage: {}\n  image:\n    name: {}\n    entrypoint: ['']\n  needs: [{previous}]\n  timeout: 10m\n  # A promotion is never cancelled half-way; one at a time per environment\n  # (every service pushes to the default branch).\n  interruptible: false\n  resource_group: {}\n  environment:\n    name: {}\n    url: {}\n    deployment_tier: {}\n  variables:\n    IMAGE_TAG: $CI_COMMIT_SHA\n    GITOPS_USER: oauth2",
            yaml_str(&format!("deploy-{env}")),
            super::GIT_IMAGE,
            yaml_str(&format!("promote-{env}")),
            yaml_str(env),
            yaml_str(&format!("https://{}", options.host(service, env))),
            if production {
                "production"
            } else if env.contains("stag") {
                "staging"
            } else {
                "testing"
            },
        );
        if production {
            y.push_str("  # Production waits for a person to press play, on the default branch only,\n  # and gets the commit SHA staging got in this pipeline.\n");
            let _ = writeln!(y, "  rules:\n    - if: {on_main}\n      when: manual");
        } else {
            let _ = writeln!(y, "  rules:\n    - if: {on_main}");
        }
        let script = super::promote_script(
            project,
            options,
            service,
            env,
            "\"$CI_DEFAULT_BRANCH\"",
            ("GitLab CI", "gitlab-ci@noreply.gitlab.com"),
        );
        y.push_str(&list("script", &[script]));
        y.push('\n');
        let smoke = format!("smoke-{env}{sfx}");
        let _ = writeln!(
            y,
            "# No version endpoint is known, so this cannot tell the new image from the\n\
             # old: it waits for ArgoCD's Git polling (3 minutes by default; a webhook\n\
             # makes it immediate) and fails the pipeline when {env} stops answering.\n\
             {smoke}:\n  stage: {}\n  image: {K8S_IMAGE}\n  needs: [{id}]\n  timeout: 15m\n  interruptible: false\n  rules:\n    - if: {on_main}",
            yaml_str(&format!("deploy-{env}")),
        );
        y.push_str(&list(
            "script",
            &[super::gitops_smoke_test(options, service, env)],
        ));
        y.push('\n');
        previous = smoke;
    }
}

/// The OIDC token the job exchanges for cloud credentials.
fn id_tokens(options: &Options) -> String {
    let (var, aud) = match cloud(options) {
        Cloud::Aws => ("AWS_ID_TOKEN", "sts.amazonaws.com"),
        Cloud::Gcp => (
            "GCP_ID_TOKEN",
            "https://iam.googleapis.com/$GCP_WORKLOAD_IDENTITY_PROVIDER",
        ),
        Cloud::Azure => ("AZURE_ID_TOKEN", "api://AzureADTokenExchange"),
    };
    format!("  id_tokens:\n    {var}:\n      aud: {}\n", yaml_str(aud))
}

/// Commands exchanging the job's OIDC token for cloud credentials (no stored
/// keys); with `kube`, also the cluster credentials and Helm.
pub(crate) fn cloud_env_login(options: &Options, kube: bool) -> Vec<String> {
    token_login(options, kube, None, "gitlab-$CI_PIPELINE_ID")
}

/// Like [`cloud_env_login`], with the OIDC token in `token` (a shell
/// variable name; the GitLab `id_tokens` variable of the cloud when None).
pub(crate) fn token_login(
    options: &Options,
    kube: bool,
    token: Option<&str>,
    session: &str,
) -> Vec<String> {
    let mut s = Vec::new();
    match cloud(options) {
        Cloud::Aws => {
            // The AWS CLI and SDKs assume AWS_ROLE_ARN with the token file.
            s.push(format!(
                "printf '%s' \"${}\" > /tmp/web-identity-token",
                token.unwrap_or("AWS_ID_TOKEN")
            ));
            s.push(format!(
                "export AWS_WEB_IDENTITY_TOKEN_FILE=/tmp/web-identity-token AWS_ROLE_SESSION_NAME=\"{session}\""
            ));
            if kube {
                s.push("aws eks update-kubeconfig --name \"$EKS_CLUSTER_NAME\" --region \"$AWS_REGION\"".to_owned());
            }
        }
        Cloud::Gcp => {
            s.push(format!(
                "printf '%s' \"${}\" > /tmp/gcp-oidc-token",
                token.unwrap_or("GCP_ID_TOKEN")
            ));
            // A workload identity federation credential file (what
            // `gcloud iam workload-identity-pools create-cred-config` writes),
            // usable by Terraform's Google provider and by gcloud.
            s.push("printf '{\"type\":\"external_account\",\"audience\":\"//iam.googleapis.com/%s\",\"subject_token_type\":\"urn:ietf:params:oauth:token-type:jwt\",\"token_url\":\"https://sts.googleapis.com/v1/token\",\"credential_source\":{\"file\":\"/tmp/gcp-oidc-token\"},\"service_account_impersonation_url\":\"https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/%s:generateAccessToken\"}' \"$GCP_WORKLOAD_IDENTITY_PROVIDER\" \"$GCP_SERVICE_ACCOUNT\" > /tmp/gcp-credentials.json".to_owned());
            s.push("export GOOGLE_APPLICATION_CREDENTIALS=/tmp/gcp-credentials.json".to_owned());
            if kube {
                s.push("gcloud auth login --cred-file=/tmp/gcp-credentials.json".to_owned());
                s.push("gcloud container clusters get-credentials \"$GKE_CLUSTER_NAME\" --location \"$GKE_LOCATION\"".to_owned());
            }
        }
        Cloud::Azure => {
            let t = token.unwrap_or("AZURE_ID_TOKEN");
            s.push(format!("export ARM_USE_OIDC=true ARM_OIDC_TOKEN=\"${t}\" ARM_CLIENT_ID=\"$AZURE_CLIENT_ID\" ARM_TENANT_ID=\"$AZURE_TENANT_ID\" ARM_SUBSCRIPTION_ID=\"$AZURE_SUBSCRIPTION_ID\""));
            if kube {
                s.push(format!("az login --service-principal --username \"$AZURE_CLIENT_ID\" --tenant \"$AZURE_TENANT_ID\" --federated-token \"${t}\""));
                s.push("az aks install-cli".to_owned());
                s.push("az aks get-credentials --resource-group \"$AKS_RESOURCE_GROUP\" --name \"$AKS_CLUSTER_NAME\"".to_owned());
                s.push("kubelogin convert-kubeconfig -l azurecli".to_owned());
            }
        }
    }
    if kube && cloud(options) != Cloud::Aws {
        s.push(install_helm());
    }
    s
}

/// Helm for the cloud CLI images (the release archive, checked against its
/// published SHA-256).
fn install_helm() -> String {
    format!(
        "# Helm {HELM_VERSION}, checked against the published checksum.\ncurl -fsSLo /tmp/helm.tgz https://get.helm.sh/helm-{HELM_VERSION}-linux-amd64.tar.gz\ncurl -fsSLo /tmp/helm.tgz.sha256sum https://get.helm.sh/helm-{HELM_VERSION}-linux-amd64.tar.gz.sha256sum\necho \"$(cut -d ' ' -f 1 /tmp/helm.tgz.sha256sum)  /tmp/helm.tgz\" | sha256sum -c -\ntar -xzf /tmp/helm.tgz -C /tmp linux-amd64/helm\ninstall /tmp/linux-amd64/helm /usr/local/bin/helm"
    )
}
