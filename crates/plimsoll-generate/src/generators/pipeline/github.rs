//! GitHub Actions: `.github/workflows/ci.yml` (one workflow per service with
//! path filters in a monorepo: `ci-<service>.yml`) and, with Terraform,
//! `.github/workflows/drift.yml` (T13).
//!
//! Practices: CI01–CI11, CI13, CI14, S02, X04, X05. Token permissions are
//! empty at the top and granted per job (CI08); actions are pinned by commit
//! SHA with the release in a comment (CI09; SHAs read from the actions'
//! repositories); `run:` scripts read nothing from `github.event` (CI13).

use super::{
    HEADER, TERRAFORM_VERSION, Toolchain, ci_services, has_terraform, helm_deploy, indent, join,
    registry_host, sh, smoke_test, suffix, terraform_plannable, terraform_roots, toolchain,
    yaml_str,
};
use crate::model::{Language, PackageManager, Project, Service};
use crate::options::{Cloud, Options, paths};
use crate::write::GeneratedFile;
use std::fmt::Write as _;

// Actions pinned by full commit SHA (tags resolved in the actions' own
// repositories; the comment names the release).
const CHECKOUT: &str = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1";
const SETUP_NODE: &str = "actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0";
const SETUP_PNPM: &str = "pnpm/action-setup@fe02b34f77f8bc703788d5817da081398fad5dd2 # v4.0.0";
const SETUP_PYTHON: &str = "actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97 # v7.0.0";
const SETUP_UV: &str = "astral-sh/setup-uv@20cfd1bf945f4377ade1205e4dbc17946fc9a30d # v10.0.1";
const SETUP_GO: &str = "actions/setup-go@b7ad1dad31e06c5925ef5d2fc7ad053ef454303e # v7.0.0";
const SETUP_JAVA: &str = "actions/setup-java@b6effb05e454b25005698d916606bdc6ffcbf961 # v5.7.0";
const CACHE: &str = "actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5";
const TRIVY: &str = "aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0";
const UPLOAD_SARIF: &str =
    "github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e # v4.36.2";
const SETUP_BUILDX: &str =
    "docker/setup-buildx-action@37fe631027851001ddb9b187196cc803df7f5f0e # v4.3.0";
const LOGIN: &str = "docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121 # v4.1.0";
const BUILD_PUSH: &str =
    "docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0";
const COSIGN: &str = "sigstore/cosign-installer@6f9f17788090df1f26f669e9d70d6ae9567deba6 # v4.1.2";
const AWS_CREDENTIALS: &str =
    "aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3";
const GCP_AUTH: &str =
    "google-github-actions/auth@7c6bc770dae815cd3e89ee6cdf493a5fab2cc093 # v3.0.0";
const GKE_CREDENTIALS: &str =
    "google-github-actions/get-gke-credentials@3da1e46a907576cefaa90c484278bb5b259dd395 # v3.0.0";
const AZURE_LOGIN: &str = "azure/login@f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca # v3.0.1";
const AKS_CONTEXT: &str = "azure/aks-set-context@60623acbdcbbdcf799ad50a1adf8703874339f8b # v5.0.0";
const SETUP_RUBY: &str = "ruby/setup-ruby@0dafeac902942906541bc140009cdbf32665b601 # v1.315.0";
const SETUP_PHP: &str = "shivammathur/setup-php@f3e473d116dcccaddc5834248c87452386958240 # 2.37.2";
const SETUP_DOTNET: &str = "actions/setup-dotnet@a98b56852c35b8e3190ac28c8c2271da59106c68 # v6.0.0";
const SETUP_BUN: &str = "oven-sh/setup-bun@0c5077e51419868618aeaa5fe8019c62421857d6 # v2.2.0";
const SETUP_TERRAFORM: &str =
    "hashicorp/setup-terraform@dfe3c3f87815947d99a8997f908cb6525fc44e9e # v4.0.1";

const RUNNER: &str = "ubuntu-24.04";

pub fn generate(project: &Project, options: &Options) -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    let monorepo = project.services.len() > 1;
    for service in &project.services {
        let path = if monorepo {
            format!(".github/workflows/ci-{}.yml", service.name)
        } else {
            ".github/workflows/ci.yml".to_owned()
        };
        let text = workflow(project, options, service, &path);
        files.push(GeneratedFile::new(path, text));
    }
    if has_terraform(project, options) && terraform_plannable(options) {
        files.push(GeneratedFile::new(
            ".github/workflows/drift.yml",
            drift(project, options),
        ));
    }
    files
}

fn checkout() -> String {
    format!("      - uses: {CHECKOUT}\n        with:\n          persist-credentials: false\n")
}

/// Steps that install the language and the dependencies, cached on the lockfile (CI03, CI04).
fn setup_steps(service: &Service, tc: &Toolchain) -> String {
    let mut s = String::new();
    let version = yaml_str(&service.language_version.value);
    let lock = tc.lockfile.as_deref().map(yaml_str);
    let pm = service.package_manager.value;
    match service.language.value {
        Language::Node if pm == PackageManager::Bun => {
            // The Bun version comes from package.json's `packageManager` field.
            let _ = writeln!(s, "      - uses: {SETUP_BUN}");
            let _ = writeln!(s, "        with:");
            let _ = writeln!(
                s,
                "          bun-version-file: {}",
                yaml_str(&join(&tc.workdir, "package.json"))
            );
        }
        Language::Node => {
            if pm == PackageManager::YarnBerry {
                // Yarn 2+ comes from corepack (package.json `packageManager`).
                let _ = writeln!(
                    s,
                    "      - name: Enable corepack (Yarn from packageManager)"
                );
                let _ = writeln!(s, "        run: corepack enable");
            }
            if pm == PackageManager::Pnpm {
                let _ = writeln!(s, "      - uses: {SETUP_PNPM}");
                let _ = writeln!(s, "        with:");
                let _ = writeln!(
                    s,
                    "          package_json_file: {}",
                    yaml_str(&join(&tc.workdir, "package.json"))
                );
            }
            let cache = match pm {
                PackageManager::Pnpm => "pnpm",
                PackageManager::YarnClassic | PackageManager::YarnBerry => "yarn",
                _ => "npm",
            };
            let _ = writeln!(s, "      - uses: {SETUP_NODE}");
            let _ = writeln!(s, "        with:");
            let _ = writeln!(s, "          node-version: {version}");
            let _ = writeln!(s, "          cache: {cache}");
            if let Some(lock) = &lock {
                let _ = writeln!(s, "          cache-dependency-path: {lock}");
            }
        }
        Language::Python if pm == PackageManager::Uv => {
            let _ = writeln!(s, "      - uses: {SETUP_UV}");
            let _ = writeln!(s, "        with:");
            let _ = writeln!(s, "          python-version: {version}");
            let _ = writeln!(s, "          enable-cache: true");
            if let Some(lock) = &lock {
                let _ = writeln!(s, "          cache-dependency-glob: {lock}");
            }
        }
        Language::Python => {
            let (cache, tool) = match pm {
                PackageManager::Poetry => {
                    ("poetry", Some(format!("poetry=={}", super::POETRY_VERSION)))
                }
                PackageManager::Pipenv => {
                    ("pipenv", Some(format!("pipenv=={}", super::PIPENV_VERSION)))
                }
                _ => ("pip", None),
            };
            if let Some(tool) = tool {
                // setup-python's poetry/pipenv cache needs the tool first.
                let _ = writeln!(s, "      - name: Install {cache}");
                let _ = writeln!(s, "        run: pipx install {tool}");
            }
            let _ = writeln!(s, "      - uses: {SETUP_PYTHON}");
            let _ = writeln!(s, "        with:");
            let _ = writeln!(s, "          python-version: {version}");
            let _ = writeln!(s, "          cache: {cache}");
            if let Some(lock) = &lock {
                let _ = writeln!(s, "          cache-dependency-path: {lock}");
            }
        }
        Language::Go => {
            let _ = writeln!(s, "      - uses: {SETUP_GO}");
            let _ = writeln!(s, "        with:");
            let _ = writeln!(s, "          go-version: {version}");
            if let Some(lock) = &lock {
                let _ = writeln!(s, "          cache-dependency-path: {lock}");
            }
        }
        Language::Java => {
            let cache = if pm == PackageManager::Gradle {
                "gradle"
            } else {
                "maven"
            };
            let _ = writeln!(s, "      - uses: {SETUP_JAVA}");
            let _ = writeln!(s, "        with:");
            let _ = writeln!(s, "          distribution: temurin");
            let _ = writeln!(s, "          java-version: {version}");
            let _ = writeln!(s, "          cache: {cache}");
        }
        Language::Rust => {
            let _ = writeln!(s, "      - name: Install the Rust toolchain");
            let _ = writeln!(s, "        run: |");
            let _ = writeln!(
                s,
                "          rustup toolchain install {v} --profile minimal --component clippy,rustfmt\n          rustup default {v}",
                v = sh(&service.language_version.value)
            );
            let target = join(&tc.workdir, "target");
            let _ = writeln!(s, "      - uses: {CACHE}");
            let _ = writeln!(s, "        with:");
            let _ = writeln!(s, "          path: |");
            let _ = writeln!(s, "            ~/.cargo/registry/index");
            let _ = writeln!(s, "            ~/.cargo/registry/cache");
            let _ = writeln!(s, "            ~/.cargo/git/db");
            let _ = writeln!(s, "            {target}");
            let _ = writeln!(
                s,
                "          key: cargo-${{{{ runner.os }}}}-${{{{ hashFiles('**/Cargo.lock') }}}}"
            );
        }
        Language::Ruby => {
            // bundler-cache installs the Gemfile.lock in deployment mode
            // and caches it keyed on the lockfile.
            let _ = writeln!(s, "      - uses: {SETUP_RUBY}");
            let _ = writeln!(s, "        with:");
            let _ = writeln!(s, "          ruby-version: {version}");
            let _ = writeln!(s, "          bundler-cache: true");
            if tc.workdir != "." {
                let _ = writeln!(s, "          working-directory: {}", yaml_str(&tc.workdir));
            }
        }
        Language::Php => {
            let _ = writeln!(s, "      - uses: {SETUP_PHP}");
            let _ = writeln!(s, "        with:");
            let _ = writeln!(s, "          php-version: {version}");
            let _ = writeln!(s, "          tools: composer:v2");
            let _ = writeln!(s, "      - uses: {CACHE}");
            let _ = writeln!(s, "        with:");
            let _ = writeln!(s, "          path: ~/.cache/composer/files");
            let _ = writeln!(
                s,
                "          key: composer-${{{{ runner.os }}}}-${{{{ hashFiles('**/composer.lock') }}}}"
            );
        }
        Language::DotNet => {
            let v = &service.language_version.value;
            let channel = if v.matches('.').count() >= 2 || v.ends_with(".x") {
                v.clone()
            } else {
                format!("{v}.x")
            };
            let _ = writeln!(s, "      - uses: {SETUP_DOTNET}");
            let _ = writeln!(s, "        with:");
            let _ = writeln!(s, "          dotnet-version: {}", yaml_str(&channel));
            let _ = writeln!(s, "          cache: true");
            if let Some(lock) = &lock {
                let _ = writeln!(s, "          cache-dependency-path: {lock}");
            }
        }
    }
    let installs: &[String] = if pm == PackageManager::Bundler {
        &[]
    } else {
        &tc.install
    };
    for cmd in installs {
        let _ = writeln!(s, "      - name: Install dependencies from the lockfile");
        let _ = write!(s, "{}", run(cmd, tc));
    }
    s
}

/// A `run:` step body (literal block), in the service's directory.
fn run(script: &str, tc: &Toolchain) -> String {
    let mut s = String::new();
    if tc.workdir != "." {
        let _ = writeln!(s, "        working-directory: {}", yaml_str(&tc.workdir));
    }
    let _ = writeln!(s, "        run: |");
    s.push_str(&indent(script, 10));
    s
}

fn workflow(project: &Project, options: &Options, service: &Service, path: &str) -> String {
    let tc = toolchain(service);
    let monorepo = project.services.len() > 1;
    let sfx = suffix(project, service);
    let tf = has_terraform(project, options);
    let mut y = String::new();
    y.push_str(HEADER);
    let _ = writeln!(
        y,
        "#\n# Pipeline of `{}`: lint -> test -> security scan -> chart{} checks ->\n# build and push (main only) -> {}.\n# Deploys are gated by GitHub environments: protect `{}` with required reviewers.",
        service.name,
        if tf { " and Terraform" } else { "" },
        options
            .environments
            .iter()
            .map(|e| if super::gitops(options) {
                format!("promote {e}")
            } else {
                format!("deploy {e}")
            })
            .collect::<Vec<_>>()
            .join(" -> "),
        options.production(),
    );
    if super::gitops(options) {
        y.push_str(
            "# GitOps (CI12): CI never touches the cluster. A promotion commits the image\n\
             # tag to the environment's values file on main and ArgoCD applies it; production\n\
             # also gets a release tag its Applications are pinned to. If main is protected,\n\
             # let GitHub Actions push to it (a ruleset bypass for the promote jobs).\n",
        );
    }
    let _ = writeln!(y, "name: {}", yaml_str(&format!("ci{sfx}")));
    y.push('\n');
    y.push_str("on:\n");
    let filters = if monorepo {
        let mut p = vec![format!("{}/**", service.dir)];
        if service.builds_from_root() {
            // Workspace members build from the root: the root manifests
            // and shared packages change them too.
            p.push("package.json".to_owned());
            if let Some(lock) = &tc.lockfile {
                p.push(lock.clone());
            }
            p.push("packages/**".to_owned());
        }
        p.push(format!("{}/**", paths::chart_dir(service)));
        if tf {
            p.push(format!("{}/**", paths::TERRAFORM));
        }
        p.push(path.to_owned());
        let mut f = String::from("    paths:\n");
        for x in p {
            let _ = writeln!(f, "      - {}", yaml_str(&x));
        }
        f
    } else {
        String::new()
    };
    let _ = write!(
        y,
        "  pull_request:\n{filters}  push:\n    branches: [main]\n{filters}"
    );
    y.push('\n');
    y.push_str(
        "# No token permissions by default; each job asks for what it needs.\npermissions: {}\n\n",
    );
    y.push_str(
        "# One run per pull request: a new push cancels the previous run. Pushes to\n\
         # main get a group per commit, so a deploy is never cancelled half-way.\n",
    );
    let _ = writeln!(
        y,
        "concurrency:\n  group: ${{{{ github.workflow }}}}-${{{{ github.event.pull_request.number || github.sha }}}}\n  cancel-in-progress: true\n"
    );
    let image = options.image(service);
    let _ = writeln!(y, "env:\n  IMAGE: {}\n", yaml_str(&image));
    y.push_str("jobs:\n");

    // Lint.
    let _ = writeln!(
        y,
        "  lint:\n    name: Lint\n    runs-on: {RUNNER}\n    timeout-minutes: 15\n    permissions:\n      contents: read\n    steps:"
    );
    y.push_str(&checkout());
    y.push_str(&setup_steps(service, &tc));
    y.push_str("      - name: Lint\n");
    y.push_str(&run(&tc.lint, &tc));
    y.push('\n');

    // Test, with service containers.
    let _ = writeln!(
        y,
        "  test:\n    name: Unit tests\n    needs: lint\n    runs-on: {RUNNER}\n    timeout-minutes: 30\n    permissions:\n      contents: read"
    );
    let svcs = ci_services(service);
    if !svcs.is_empty() {
        y.push_str("    # Throwaway databases for the tests, healthy before the first step runs.\n    services:\n");
        for c in &svcs {
            let _ = writeln!(y, "      {}:\n        image: {}", c.name, c.image);
            if !c.env.is_empty() {
                y.push_str("        env:\n");
                for (k, v) in &c.env {
                    let _ = writeln!(y, "          {k}: {}", yaml_str(v));
                }
            }
            let _ = writeln!(y, "        ports:\n          - {p}:{p}", p = c.port);
            let _ = writeln!(
                y,
                "        options: >-\n          --health-cmd \"{}\"\n          --health-interval 5s\n          --health-timeout 5s\n          --health-retries 10",
                c.health
            );
        }
        y.push_str("    env:\n");
        for c in &svcs {
            let _ = writeln!(y, "      {}: {}", c.url_env, yaml_str(&c.url("localhost")));
        }
    }
    y.push_str("    steps:\n");
    y.push_str(&checkout());
    y.push_str(&setup_steps(service, &tc));
    y.push_str("      - name: Test\n");
    y.push_str(&run(&tc.test, &tc));
    y.push('\n');

    // Security scan of the repository (dependencies, misconfigurations, secrets).
    let _ = writeln!(
        y,
        "  scan:\n    name: Security scan\n    needs: lint\n    runs-on: {RUNNER}\n    timeout-minutes: 15\n    permissions:\n      actions: read # upload-sarif reads the run (private repositories)\n      contents: read\n      security-events: write # uploads the Trivy SARIF to code scanning\n    steps:"
    );
    y.push_str(&checkout());
    let _ = writeln!(
        y,
        "      - name: Trivy (vulnerabilities, misconfigurations, secrets)\n        uses: {TRIVY}\n        with:\n          scan-type: fs\n          scan-ref: {}\n          scanners: vuln,misconfig,secret\n          severity: HIGH,CRITICAL\n          ignore-unfixed: true\n          exit-code: '1'\n          format: sarif\n          output: trivy-fs.sarif",
        yaml_str(&service.context)
    );
    let _ = writeln!(
        y,
        "      - name: Upload the findings to code scanning\n        if: ${{{{ !cancelled() && hashFiles('trivy-fs.sarif') != '' }}}}\n        uses: {UPLOAD_SARIF}\n        with:\n          sarif_file: trivy-fs.sarif\n          category: {}\n",
        yaml_str(&format!("trivy-fs{sfx}"))
    );

    // Charts.
    let _ = writeln!(
        y,
        "  chart:\n    name: Chart lint and unit tests\n    needs: lint\n    runs-on: {RUNNER}\n    timeout-minutes: 10\n    permissions:\n      contents: read\n    steps:"
    );
    y.push_str(&checkout());
    y.push_str("      # Helm is preinstalled on GitHub's Ubuntu runners.\n      - name: Lint and unit-test the charts\n        run: |\n");
    y.push_str(&indent(
        &super::chart_commands(project, options, Some(service)).join("\n"),
        10,
    ));
    y.push('\n');

    let mut build_needs = vec!["test", "scan", "chart"];
    if tf {
        build_needs.push("terraform");
        y.push_str(&terraform_job(project, options));
    }

    // Build.
    y.push_str(&build_job(options, service, &build_needs));

    // Deploys: helm upgrade from CI (push), or commits ArgoCD applies (GitOps, CI12).
    let mut previous = "build".to_owned();
    for env in &options.environments {
        if super::gitops(options) {
            let id = format!("promote-{env}");
            y.push_str(&promote_job(project, options, service, env, &id, &previous));
            let smoke = format!("smoke-{env}");
            y.push_str(&smoke_job(options, service, env, &smoke, &id));
            previous = smoke;
        } else {
            let id = format!("deploy-{env}");
            y.push_str(&deploy_job(project, options, service, env, &id, &previous));
            previous = id;
        }
    }
    while y.ends_with("\n\n") {
        y.pop();
    }
    y
}

fn terraform_job(project: &Project, options: &Options) -> String {
    let mut y = String::new();
    let _ = writeln!(
        y,
        "  terraform:\n    name: Terraform format, validate and plan\n    needs: lint\n    runs-on: {RUNNER}\n    timeout-minutes: 20\n    permissions:\n      contents: read\n      id-token: write # OIDC federation with the cloud for plans\n    steps:"
    );
    y.push_str(&checkout());
    let _ = writeln!(
        y,
        "      - uses: {SETUP_TERRAFORM}\n        with:\n          terraform_version: {TERRAFORM_VERSION}\n          terraform_wrapper: false"
    );
    let _ = writeln!(y, "      - name: Format and validate\n        run: |");
    let mut script = super::terraform_fmt(project, options).join("\n");
    script.push('\n');
    for root in terraform_roots(project, options) {
        let _ = writeln!(
            script,
            "terraform -chdir={r} init -backend=false -input=false\nterraform -chdir={r} validate",
            r = sh(&root)
        );
    }
    y.push_str(&indent(&script, 10));
    if terraform_plannable(options) {
        // Plans need the state: only for pull requests from this repository
        // (forks get no OIDC token).
        let _ = writeln!(
            y,
            "      # Plans read the remote state through OIDC with the repository-level variables\n      # (a read-only plan role);\n      # forks get no OIDC token, so plans run for this repository's branches only.\n      - name: Skip plans for forks\n        id: plan-enabled\n        env:\n          HEAD_REPO: ${{{{ github.event.pull_request.head.repo.full_name || github.repository }}}}\n          THIS_REPO: ${{{{ github.repository }}}}\n        run: |\n          if [ \"$HEAD_REPO\" = \"$THIS_REPO\" ]; then echo 'enabled=true' >> \"$GITHUB_OUTPUT\"; else echo 'enabled=false' >> \"$GITHUB_OUTPUT\"; fi"
        );
        y.push_str(&cloud_login(
            options,
            "steps.plan-enabled.outputs.enabled == 'true'",
            false,
        ));
        let _ = writeln!(
            y,
            "      - name: Plan\n        if: steps.plan-enabled.outputs.enabled == 'true'\n        run: |"
        );
        let mut plan = String::new();
        for root in terraform_roots(project, options) {
            let _ = writeln!(
                plan,
                "terraform -chdir={r} init -input=false\nterraform -chdir={r} plan -input=false -lock=false",
                r = sh(&root)
            );
        }
        y.push_str(&indent(&plan, 10));
    }
    y.push('\n');
    y
}

/// OIDC login steps for the chosen cloud; with `kube`, also the cluster credentials.
fn cloud_login(options: &Options, condition: &str, kube: bool) -> String {
    let mut y = String::new();
    let cond = if condition.is_empty() {
        String::new()
    } else {
        format!("        if: {condition}\n")
    };
    match super::cloud(options) {
        Cloud::Aws => {
            let _ = write!(
                y,
                "      - name: AWS credentials (OIDC, no stored keys)\n{cond}        uses: {AWS_CREDENTIALS}\n        with:\n          role-to-assume: ${{{{ vars.AWS_ROLE_ARN }}}}\n          aws-region: ${{{{ vars.AWS_REGION }}}}\n"
            );
            if kube {
                let _ = write!(
                    y,
                    "      - name: Cluster credentials\n{cond}        env:\n          CLUSTER: ${{{{ vars.EKS_CLUSTER_NAME }}}}\n        run: aws eks update-kubeconfig --name \"$CLUSTER\" --region \"$AWS_REGION\"\n"
                );
            }
        }
        Cloud::Gcp => {
            let _ = write!(
                y,
                "      - name: Google Cloud credentials (workload identity federation)\n{cond}        uses: {GCP_AUTH}\n        with:\n          workload_identity_provider: ${{{{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}}}\n          service_account: ${{{{ vars.GCP_SERVICE_ACCOUNT }}}}\n"
            );
            if kube {
                let _ = write!(
                    y,
                    "      - name: Cluster credentials\n{cond}        uses: {GKE_CREDENTIALS}\n        with:\n          cluster_name: ${{{{ vars.GKE_CLUSTER_NAME }}}}\n          location: ${{{{ vars.GKE_LOCATION }}}}\n"
                );
            }
        }
        Cloud::Azure => {
            let _ = write!(
                y,
                "      - name: Azure login (OIDC federated credential)\n{cond}        uses: {AZURE_LOGIN}\n        with:\n          client-id: ${{{{ vars.AZURE_CLIENT_ID }}}}\n          tenant-id: ${{{{ vars.AZURE_TENANT_ID }}}}\n          subscription-id: ${{{{ vars.AZURE_SUBSCRIPTION_ID }}}}\n"
            );
            if kube {
                let _ = write!(
                    y,
                    "      - name: Cluster credentials\n{cond}        uses: {AKS_CONTEXT}\n        with:\n          resource-group: ${{{{ vars.AKS_RESOURCE_GROUP }}}}\n          cluster-name: ${{{{ vars.AKS_CLUSTER_NAME }}}}\n"
                );
            }
        }
    }
    y
}

fn build_job(options: &Options, service: &Service, needs: &[&str]) -> String {
    let mut y = String::new();
    let host = registry_host(options);
    let ghcr = host == "ghcr.io";
    let dockerfile = paths::dockerfile(service);
    let _ = writeln!(
        y,
        "  build:\n    name: Build, scan and push the image\n    needs: [{}]\n    runs-on: {RUNNER}\n    timeout-minutes: 30\n    permissions:\n      contents: read\n{}      id-token: write # keyless cosign signing with the workflow's OIDC identity\n    # One build per commit; never cancelled half-way through a push.\n    concurrency:\n      group: build-{}-${{{{ github.sha }}}}\n      cancel-in-progress: false\n    outputs:\n      digest: ${{{{ steps.push.outputs.digest }}}}\n    steps:",
        needs.join(", "),
        if ghcr {
            "      packages: write # pushes the image to GHCR\n"
        } else {
            ""
        },
        service.name
    );
    y.push_str(&checkout());
    let _ = writeln!(y, "      - uses: {SETUP_BUILDX}");
    // Build once, load locally, scan; push (same layers from the cache) on main only.
    let _ = writeln!(
        y,
        "      - name: Build\n        uses: {BUILD_PUSH}\n        with:\n          context: {ctx}\n          file: {file}\n          load: true\n          push: false\n          provenance: false\n          tags: ${{{{ env.IMAGE }}}}:${{{{ github.sha }}}}\n          cache-from: type=gha,scope={scope}\n          cache-to: type=gha,mode=max,scope={scope}",
        ctx = yaml_str(&service.context),
        file = yaml_str(&dockerfile),
        scope = service.name,
    );
    let _ = writeln!(
        y,
        "      - name: Scan the image\n        uses: {TRIVY}\n        with:\n          scan-type: image\n          image-ref: ${{{{ env.IMAGE }}}}:${{{{ github.sha }}}}\n          severity: HIGH,CRITICAL\n          ignore-unfixed: true\n          exit-code: '1'"
    );
    let on_main = "github.event_name == 'push' && github.ref == 'refs/heads/main'";
    if ghcr {
        let _ = writeln!(
            y,
            "      - name: Log in to the registry\n        if: {on_main}\n        uses: {LOGIN}\n        with:\n          registry: ghcr.io\n          username: ${{{{ github.actor }}}}\n          password: ${{{{ secrets.GITHUB_TOKEN }}}}"
        );
    } else {
        let _ = writeln!(
            y,
            "      - name: Log in to the registry\n        if: {on_main}\n        uses: {LOGIN}\n        with:\n          registry: {}\n          username: ${{{{ vars.REGISTRY_USERNAME }}}}\n          password: ${{{{ secrets.REGISTRY_PASSWORD }}}}",
            yaml_str(&host)
        );
    }
    let _ = writeln!(
        y,
        "      # Tagged with the commit SHA only: deploys name exactly this build.\n      - name: Push with SBOM and provenance\n        id: push\n        if: {on_main}\n        uses: {BUILD_PUSH}\n        with:\n          context: {ctx}\n          file: {file}\n          push: true\n          provenance: mode=max\n          sbom: true\n          tags: ${{{{ env.IMAGE }}}}:${{{{ github.sha }}}}\n          cache-from: type=gha,scope={scope}",
        ctx = yaml_str(&service.context),
        file = yaml_str(&dockerfile),
        scope = service.name,
    );
    let _ = writeln!(
        y,
        "      - uses: {COSIGN}\n        if: {on_main}\n      - name: Sign the image (keyless)\n        if: {on_main}\n        env:\n          DIGEST: ${{{{ steps.push.outputs.digest }}}}\n        run: cosign sign --yes \"$IMAGE@$DIGEST\"\n"
    );
    y
}

fn deploy_job(
    project: &Project,
    options: &Options,
    service: &Service,
    env: &str,
    id: &str,
    needs: &str,
) -> String {
    let mut y = String::new();
    let production = env == options.production();
    let _ = writeln!(
        y,
        "  {id}:\n    name: {}\n    needs: {needs}\n    if: github.event_name == 'push' && github.ref == 'refs/heads/main'\n    runs-on: {RUNNER}\n    timeout-minutes: 20\n    permissions:\n      contents: read\n      id-token: write # OIDC federation with the cloud, no stored keys\n{}    environment:\n      name: {}\n      url: {}\n    # One deploy at a time per environment, never cancelled half-way.\n    concurrency:\n      group: {}\n      cancel-in-progress: false\n    env:\n      IMAGE_TAG: ${{{{ github.sha }}}}\n    steps:",
        yaml_str(&format!("Deploy to {env}")),
        if production {
            "    # Protect this environment (required reviewers) so production waits for approval.\n"
        } else {
            ""
        },
        yaml_str(env),
        yaml_str(&format!("https://{}", options.host(service, env))),
        yaml_str(&format!("deploy-{}-{env}", service.name)),
    );
    y.push_str(&checkout());
    y.push_str(&cloud_login(options, "", true));
    let _ = writeln!(
        y,
        "      - name: Deploy the image built from this commit\n        run: |\n{}      - name: Smoke test\n        run: {}\n",
        indent(&helm_deploy(project, service, env), 10),
        smoke_test(options, service, env)
    );
    y
}

/// A GitOps promotion (CI12): commits the image tag (and production's
/// release tag) to main; ArgoCD deploys. No cloud credentials, no cluster
/// access: the job's token may only write to this repository.
fn promote_job(
    project: &Project,
    options: &Options,
    service: &Service,
    env: &str,
    id: &str,
    needs: &str,
) -> String {
    let mut y = String::new();
    let production = env == options.production();
    let _ = writeln!(
        y,
        "  {id}:\n    name: {}\n    needs: {needs}\n    if: github.event_name == 'push' && github.ref == 'refs/heads/main'\n    runs-on: {RUNNER}\n    timeout-minutes: 10\n    permissions:\n      contents: write # commits the image tag to main{}\n{}    environment:\n      name: {}\n      url: {}\n    # One promotion of this service at a time per environment, never cancelled\n    # half-way (a push that loses a race with another commit starts again).\n    concurrency:\n      group: {}\n      cancel-in-progress: false\n    env:\n      IMAGE_TAG: ${{{{ github.sha }}}}\n      # Read at run time by a Git credential helper: never on a command line.\n      GITOPS_USER: x-access-token\n      GITOPS_TOKEN: ${{{{ secrets.GITHUB_TOKEN }}}}\n    steps:",
        yaml_str(&format!("Promote to {env}")),
        if production {
            " and pushes the release tag"
        } else {
            ""
        },
        if production {
            "    # Protect this environment (required reviewers): production waits for\n    # approval, and gets exactly the commit SHA staging got in this run.\n"
        } else {
            ""
        },
        yaml_str(env),
        yaml_str(&format!("https://{}", options.host(service, env))),
        yaml_str(&format!("promote-{}-{env}", service.name)),
    );
    y.push_str(&checkout());
    let what = if production {
        format!("Commit the image tag to values-{env}.yaml and tag a release")
    } else {
        format!("Commit the image tag to values-{env}.yaml")
    };
    let _ = writeln!(
        y,
        "      - name: {}\n        run: |\n{}",
        yaml_str(&what),
        indent(
            &super::promote_script(
                project,
                options,
                service,
                env,
                "main",
                (
                    "github-actions[bot]",
                    "41898282+github-actions[bot]@users.noreply.github.com"
                ),
            ),
            10
        )
    );
    y
}

/// After a promotion: the environment answers on its liveness path (see
/// `gitops_smoke_test` for why this is a bounded health poll).
fn smoke_job(options: &Options, service: &Service, env: &str, id: &str, needs: &str) -> String {
    let mut y = String::new();
    let _ = writeln!(
        y,
        "  {id}:\n    name: {}\n    needs: {needs}\n    runs-on: {RUNNER}\n    timeout-minutes: 15\n    permissions: {{}}\n    steps:\n      # No version endpoint is known, so this cannot tell the new image from the\n      # old: it waits for ArgoCD's Git polling (3 minutes by default; a webhook\n      # makes it immediate) and fails the run when {env} stops answering.\n      - name: Wait for ArgoCD, then check the liveness path\n        run: |\n{}",
        yaml_str(&format!("Smoke test {env}")),
        indent(&super::gitops_smoke_test(options, service, env), 10)
    );
    y
}

fn drift(project: &Project, options: &Options) -> String {
    let mut y = String::new();
    y.push_str(HEADER);
    y.push_str("#\n# Drift detection (T13): a scheduled plan per environment; a plan with\n# changes (exit code 2) fails the run so somebody looks.\nname: terraform-drift\n\non:\n  schedule:\n    - cron: '17 6 * * 1-5'\n  workflow_dispatch:\n\npermissions: {}\n\nconcurrency:\n  group: terraform-drift\n  cancel-in-progress: false\n\njobs:\n");
    let roots = terraform_roots(project, options);
    let _ = writeln!(
        y,
        "  drift:\n    name: Plan (drift check)\n    runs-on: {RUNNER}\n    timeout-minutes: 30\n    permissions:\n      contents: read\n      id-token: write # OIDC federation with the cloud, no stored keys\n    strategy:\n      fail-fast: false\n      matrix:\n        root: [{}]\n    steps:",
        roots
            .iter()
            .map(|r| super::yaml_quoted(r))
            .collect::<Vec<_>>()
            .join(", ")
    );
    y.push_str(&checkout());
    let _ = writeln!(
        y,
        "      - uses: {SETUP_TERRAFORM}\n        with:\n          terraform_version: {TERRAFORM_VERSION}\n          terraform_wrapper: false"
    );
    y.push_str(&cloud_login(options, "", false));
    y.push_str(
        "      - name: Plan with a detailed exit code\n        env:\n          ROOT: ${{ matrix.root }}\n        run: |\n          terraform -chdir=\"$ROOT\" init -input=false\n          status=0\n          terraform -chdir=\"$ROOT\" plan -input=false -lock=false -detailed-exitcode || status=$?\n          if [ \"$status\" -eq 2 ]; then\n            echo \"::error::Drift in $ROOT: the infrastructure differs from the code\"\n          fi\n          exit \"$status\"\n",
    );
    y
}
