//! CI/CD pipeline generator (G04): every sample on every platform and cloud
//! passes plimsoll's GitHub Actions and GitLab CI rules with zero findings,
//! stages run in CI01 order, the image built is the image deployed (X04),
//! production is gated (CI07), Terraform and charts are tested (X05, T13).
//! Jenkins and CircleCI are not linted by plimsoll: their structure is
//! checked here.

#[allow(clippy::map_unwrap_or)]
mod support;

use plimsoll_generate::generators::pipeline;
use plimsoll_generate::model::{Fact, Project};
use plimsoll_generate::options::{ArtifactKind, CiPlatform, Cloud, DeployMode, paths};
use plimsoll_generate::{GeneratedFile, Options, samples};
use plimsoll_syntax::yaml::{NodeId, YamlFile};

fn options(project: &Project, cloud: Option<Cloud>, terragrunt: bool) -> Options {
    let mut o = Options::for_project(project);
    if let Some(c) = cloud {
        o.cloud = Some(c);
        o.terraform.provider = c;
    }
    o.terraform.terragrunt = terragrunt;
    o
}

fn pipe(project: &Project, ci: CiPlatform, cloud: Option<Cloud>) -> Vec<GeneratedFile> {
    pipeline::generate(project, &options(project, cloud, false), ci)
}

fn parse(text: &str) -> YamlFile {
    let y = YamlFile::parse(text);
    assert!(y.errors.is_empty(), "YAML errors {:?} in\n{text}", y.errors);
    assert!(
        y.duplicate_keys.is_empty(),
        "duplicate keys {:?}",
        y.duplicate_keys
    );
    y
}

fn root(y: &YamlFile) -> NodeId {
    y.documents[0].root.expect("a document")
}

fn keys(y: &YamlFile, map: NodeId) -> Vec<String> {
    y.entries(map)
        .into_iter()
        .filter_map(|(k, _)| y.str(k).map(str::to_owned))
        .collect()
}

/// A scalar or a sequence of scalars, as a list.
fn strings(y: &YamlFile, node: Option<NodeId>) -> Vec<String> {
    let Some(n) = node else { return Vec::new() };
    if let Some(s) = y.str(n) {
        return vec![s.to_owned()];
    }
    y.items(n)
        .iter()
        .filter_map(|i| y.str(*i).map(str::to_owned))
        .collect()
}

/// Jobs reachable backwards through `needs` from `job`.
fn upstream(y: &YamlFile, jobs: NodeId, job: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut todo = vec![job.to_owned()];
    while let Some(j) = todo.pop() {
        let node = y.get(jobs, &j).unwrap_or_else(|| panic!("job {j}"));
        for n in strings(y, y.get(node, "needs")) {
            if !seen.contains(&n) {
                seen.push(n.clone());
                todo.push(n);
            }
        }
    }
    seen
}

fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[test]
fn every_sample_passes_plimsoll_github_and_gitlab_rules_ci01_to_ci14() {
    for (name, project) in samples::all() {
        for ci in [CiPlatform::GithubActions, CiPlatform::GitlabCi] {
            for cloud in [None, Some(Cloud::Aws), Some(Cloud::Gcp), Some(Cloud::Azure)] {
                let files = pipe(&project, ci, cloud);
                assert!(!files.is_empty());
                support::assert_clean(&format!("{name} {ci} {cloud:?}"), &files);
            }
            let files =
                pipeline::generate(&project, &options(&project, Some(Cloud::Aws), true), ci);
            support::assert_clean(&format!("{name} {ci} terragrunt"), &files);
        }
    }
}

#[test]
fn github_jobs_need_each_other_in_ci01_order() {
    for (name, project) in samples::all() {
        for file in pipe(&project, CiPlatform::GithubActions, Some(Cloud::Aws)) {
            if !file.path.contains("/ci") {
                continue;
            }
            let y = parse(&file.contents);
            let jobs = y.get(root(&y), "jobs").expect("jobs");
            assert_eq!(
                keys(&y, jobs),
                [
                    "lint",
                    "test",
                    "scan",
                    "chart",
                    "terraform",
                    "build",
                    "deploy-staging",
                    "deploy-production"
                ],
                "{name}"
            );
            let prod = upstream(&y, jobs, "deploy-production");
            for j in [
                "deploy-staging",
                "build",
                "test",
                "scan",
                "chart",
                "terraform",
                "lint",
            ] {
                assert!(prod.contains(&j.to_owned()), "{name}: production after {j}");
            }
            assert_eq!(upstream(&y, jobs, "test"), ["lint"]);
            // Build waits for tests, scan and chart checks (CI02).
            let build = upstream(&y, jobs, "build");
            assert!(build.contains(&"test".to_owned()) && build.contains(&"scan".to_owned()));
        }
    }
}

#[test]
fn gitlab_stages_are_in_ci01_order_and_jobs_need_their_inputs() {
    for (name, project) in samples::all() {
        let files = pipe(&project, CiPlatform::GitlabCi, None);
        let y = parse(support::file(&files, ".gitlab-ci.yml"));
        let r = root(&y);
        assert_eq!(
            strings(&y, y.get(r, "stages")),
            [
                "lint",
                "test",
                "scan",
                "build",
                "verify",
                "deploy-staging",
                "deploy-production"
            ],
            "{name}"
        );
        for service in &project.services {
            let sfx = if project.services.len() > 1 {
                format!("-{}", service.name)
            } else {
                String::new()
            };
            let build = y.get(r, &format!("build{sfx}")).expect("build job");
            let needs = strings(&y, y.get(build, "needs"));
            assert!(needs.contains(&format!("test{sfx}")), "{name}: {needs:?}");
            assert!(needs.contains(&"dependency-scan".to_owned()));
            assert!(needs.contains(&"chart-test".to_owned()));
            let staging = y.get(r, &format!("deploy-staging{sfx}")).expect("staging");
            assert_eq!(
                strings(&y, y.get(staging, "needs")),
                [format!("image-scan{sfx}")]
            );
            let prod = y.get(r, &format!("deploy-production{sfx}")).expect("prod");
            assert_eq!(
                strings(&y, y.get(prod, "needs")),
                [format!("deploy-staging{sfx}")]
            );
        }
    }
}

#[test]
fn image_built_is_image_deployed_with_commit_sha_tag_x04_ci05() {
    for (name, project) in samples::all() {
        let o = options(&project, None, false);
        let gh = pipeline::generate(&project, &o, CiPlatform::GithubActions);
        let gl = pipeline::generate(&project, &o, CiPlatform::GitlabCi);
        let gl_text = support::file(&gl, ".gitlab-ci.yml");
        for service in &project.services {
            let path = if project.services.len() > 1 {
                format!(".github/workflows/ci-{}.yml", service.name)
            } else {
                ".github/workflows/ci.yml".to_owned()
            };
            let text = support::file(&gh, &path);
            let y = parse(text);
            let r = root(&y);
            let env = y.get(r, "env").expect("env");
            assert_eq!(
                y.str(y.get(env, "IMAGE").unwrap()),
                Some(o.image(service).as_str())
            );
            let jobs = y.get(r, "jobs").unwrap();
            let build = y.get(jobs, "build").unwrap();
            let steps = y.items(y.get(build, "steps").unwrap()).to_vec();
            let push = steps
                .iter()
                .find(|s| y.get(**s, "id").and_then(|i| y.str(i)) == Some("push"))
                .expect("push step");
            let with = y.get(*push, "with").unwrap();
            assert_eq!(
                y.str(y.get(with, "tags").unwrap()),
                Some("${{ env.IMAGE }}:${{ github.sha }}"),
                "{name}: tagged with the SHA only, never latest"
            );
            assert_eq!(
                y.str(y.get(with, "file").unwrap()),
                Some(paths::dockerfile(service).as_str())
            );
            assert_eq!(y.str(y.get(with, "sbom").unwrap()), Some("true"));
            assert_eq!(y.str(y.get(with, "provenance").unwrap()), Some("mode=max"));
            assert!(!text.contains(":latest"));
            for env_name in &o.environments {
                let deploy = y.get(jobs, &format!("deploy-{env_name}")).unwrap();
                let denv = y.get(deploy, "env").unwrap();
                assert_eq!(
                    y.str(y.get(denv, "IMAGE_TAG").unwrap()),
                    Some("${{ github.sha }}")
                );
                let chart = paths::chart_dir(service);
                let values = format!("{chart}/values-{env_name}.yaml");
                let expected = format!("helm upgrade --install {} {chart}", service.name);
                let job_text = &text[text.find(&format!("  deploy-{env_name}:")).unwrap()..];
                assert!(job_text.contains(&expected), "{name}: {expected}");
                assert!(job_text.contains(&format!("--values {values}")));
                assert!(job_text.contains("--set-string image.tag=\"$IMAGE_TAG\""));
                assert!(job_text.contains(&format!(
                    "https://{}{}",
                    o.host(service, env_name),
                    service.health_path.value
                )));
                let environment = y.get(deploy, "environment").unwrap();
                assert_eq!(
                    y.str(y.get(environment, "name").unwrap()),
                    Some(env_name.as_str())
                );
            }
            assert!(gl_text.contains(&format!("IMAGE: {}", o.image(service))));
            assert!(gl_text.contains(&format!(
                "--file {} --tag \"$IMAGE:$CI_COMMIT_SHA\"",
                paths::dockerfile(service)
            )));
        }
        assert!(gl_text.contains("IMAGE_TAG: $CI_COMMIT_SHA"));
    }
}

#[test]
fn production_is_gated_and_deploys_are_serialized_ci07() {
    let project = samples::node_pnpm();
    let gl = pipe(&project, CiPlatform::GitlabCi, None);
    let y = parse(support::file(&gl, ".gitlab-ci.yml"));
    let prod = y.get(root(&y), "deploy-production").unwrap();
    let rule = y.items(y.get(prod, "rules").unwrap())[0];
    assert_eq!(y.str(y.get(rule, "when").unwrap()), Some("manual"));
    assert_eq!(
        y.str(y.get(rule, "if").unwrap()),
        Some("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH")
    );
    let env = y.get(prod, "environment").unwrap();
    assert_eq!(
        y.str(y.get(env, "deployment_tier").unwrap()),
        Some("production")
    );
    assert_eq!(
        y.str(y.get(prod, "resource_group").unwrap()),
        Some("api-production")
    );
    assert_eq!(y.bool(y.get(prod, "interruptible").unwrap()), Some(false));

    let gh = pipe(&project, CiPlatform::GithubActions, None);
    let y = parse(support::file(&gh, ".github/workflows/ci.yml"));
    let jobs = y.get(root(&y), "jobs").unwrap();
    for env in ["staging", "production"] {
        let job = y.get(jobs, &format!("deploy-{env}")).unwrap();
        let c = y.get(job, "concurrency").unwrap();
        assert_eq!(y.bool(y.get(c, "cancel-in-progress").unwrap()), Some(false));
        assert_eq!(
            y.str(y.get(job, "if").unwrap()),
            Some("github.event_name == 'push' && github.ref == 'refs/heads/main'")
        );
    }
}

#[test]
fn github_permissions_are_least_privilege_and_cloud_access_is_oidc_ci08() {
    for cloud in [Cloud::Aws, Cloud::Gcp, Cloud::Azure] {
        let project = samples::go_service();
        let gh = pipe(&project, CiPlatform::GithubActions, Some(cloud));
        let text = support::file(&gh, ".github/workflows/ci.yml");
        let y = parse(text);
        let r = root(&y);
        assert!(y.entries(y.get(r, "permissions").unwrap()).is_empty());
        let jobs = y.get(r, "jobs").unwrap();
        for (k, job) in y.entries(jobs) {
            let job_name = y.str(k).unwrap();
            let perms = y.get(job, "permissions").expect("job permissions");
            for (scope, level) in y.entries(perms) {
                let scope = y.str(scope).unwrap();
                let level = y.str(level).unwrap();
                if level == "write" {
                    let allowed = match scope {
                        "packages" => job_name == "build",
                        "security-events" => job_name == "scan",
                        "id-token" => {
                            job_name == "build"
                                || job_name == "terraform"
                                || job_name.starts_with("deploy-")
                        }
                        _ => false,
                    };
                    assert!(allowed, "{job_name} has {scope}: write");
                }
            }
            assert!(
                y.get(job, "timeout-minutes").is_some(),
                "{job_name} timeout (CI14)"
            );
        }
        let login = match cloud {
            Cloud::Aws => "role-to-assume: ${{ vars.AWS_ROLE_ARN }}",
            Cloud::Gcp => "workload_identity_provider: ${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}",
            Cloud::Azure => "client-id: ${{ vars.AZURE_CLIENT_ID }}",
        };
        assert!(text.contains(login), "{cloud}");
        assert!(!text.contains("secrets.AWS"), "no stored cloud keys");
        assert!(!text.contains("KUBECONFIG"), "no kubeconfig secret");
        // CI13: no event data in scripts.
        for line in text.lines().filter(|l| l.contains("github.event.")) {
            assert!(
                line.contains("concurrency")
                    || line.contains("group:")
                    || line.contains("HEAD_REPO:"),
                "event data outside env/concurrency: {line}"
            );
        }
    }
}

#[test]
fn tests_get_health_checked_backing_services_ci14() {
    let project = samples::node_pnpm();
    let gh = pipe(&project, CiPlatform::GithubActions, None);
    let y = parse(support::file(&gh, ".github/workflows/ci.yml"));
    let test = y.path(root(&y), &["jobs", "test"]).unwrap();
    let services = y.get(test, "services").unwrap();
    assert_eq!(keys(&y, services), ["postgres", "redis"]);
    for (_, s) in y.entries(services) {
        assert!(
            y.str(y.get(s, "options").unwrap())
                .unwrap()
                .contains("--health-cmd")
        );
    }
    let env = y.get(test, "env").unwrap();
    assert_eq!(keys(&y, env), ["DATABASE_URL", "REDIS_URL"]);

    let gl = pipe(&project, CiPlatform::GitlabCi, None);
    let y = parse(support::file(&gl, ".gitlab-ci.yml"));
    let test = y.get(root(&y), "test").unwrap();
    assert_eq!(y.items(y.get(test, "services").unwrap()).len(), 2);
    let vars = y.get(test, "variables").unwrap();
    assert_eq!(
        y.str(y.get(vars, "DATABASE_URL").unwrap()),
        Some("postgres://postgres@postgres:5432/app")
    );
    // No service containers for a service without backing services.
    let go = pipe(&samples::go_service(), CiPlatform::GithubActions, None);
    assert!(!support::file(&go, ".github/workflows/ci.yml").contains("services:"));
}

#[test]
fn lockfile_installs_and_lockfile_keyed_caches_ci03_ci04() {
    let cases = [
        (
            samples::node_pnpm(),
            "pnpm install --frozen-lockfile",
            "cache-dependency-path: pnpm-lock.yaml",
        ),
        (
            samples::nextjs_npm(),
            "npm ci",
            "cache-dependency-path: package-lock.json",
        ),
        (
            samples::fastapi_uv(),
            "uv sync --frozen",
            "cache-dependency-glob: uv.lock",
        ),
        (
            samples::django_poetry(),
            "poetry install --no-interaction",
            "cache-dependency-path: poetry.lock",
        ),
        (
            samples::go_service(),
            "go mod download",
            "cache-dependency-path: go.sum",
        ),
        (
            samples::rust_service(),
            "cargo fetch --locked",
            "hashFiles('**/Cargo.lock')",
        ),
        (samples::spring_maven(), "./mvnw -B verify", "cache: maven"),
    ];
    for (project, install, cache) in cases {
        let gh = pipe(&project, CiPlatform::GithubActions, None);
        let text = support::file(&gh, ".github/workflows/ci.yml");
        assert!(text.contains(install), "{}: {install}", project.name);
        assert!(text.contains(cache), "{}: {cache}", project.name);
        let gl = pipe(&project, CiPlatform::GitlabCi, None);
        let gl_text = support::file(&gl, ".gitlab-ci.yml");
        assert!(gl_text.contains(install), "{}: {install}", project.name);
        assert!(
            gl_text.contains("      files:\n"),
            "{}: cache:key:files",
            project.name
        );
    }
}

#[test]
fn terraform_is_validated_planned_and_checked_for_drift_x05_t13() {
    let project = samples::fastapi_uv();
    let without = pipe(&project, CiPlatform::GithubActions, None);
    assert_eq!(without.len(), 1, "no Terraform, no drift workflow");
    assert!(!without[0].contents.contains("terraform"));

    let with = pipe(&project, CiPlatform::GithubActions, Some(Cloud::Aws));
    let ci = support::file(&with, ".github/workflows/ci.yml");
    for env in ["staging", "production"] {
        assert!(ci.contains(&format!("terraform -chdir=infra/live/{env} validate")));
        assert!(ci.contains(&format!(
            "terraform -chdir=infra/live/{env} plan -input=false -lock=false"
        )));
    }
    let drift = support::file(&with, ".github/workflows/drift.yml");
    assert!(drift.contains("-detailed-exitcode"));
    let y = parse(drift);
    assert!(y.path(root(&y), &["on", "schedule"]).is_some());

    let gl = pipe(&project, CiPlatform::GitlabCi, Some(Cloud::Gcp));
    let text = support::file(&gl, ".gitlab-ci.yml");
    assert!(text.contains("terraform-plan:") && text.contains("terraform-drift:"));
    assert!(text.contains("GCP_ID_TOKEN"));

    // Terragrunt: modules validated, no plain-root plans.
    let tg = pipeline::generate(
        &project,
        &options(&project, Some(Cloud::Aws), true),
        CiPlatform::GithubActions,
    );
    assert_eq!(tg.len(), 1);
    assert!(
        tg[0]
            .contents
            .contains("terraform -chdir=infra/modules/network validate")
    );
}

#[test]
fn monorepo_gets_one_workflow_per_service_with_path_filters() {
    let project = samples::pnpm_monorepo();
    let gh = pipe(&project, CiPlatform::GithubActions, None);
    let paths: Vec<&str> = gh.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            ".github/workflows/ci-api.yml",
            ".github/workflows/ci-web.yml"
        ]
    );
    let y = parse(support::file(&gh, ".github/workflows/ci-api.yml"));
    let filters = strings(&y, y.path(root(&y), &["on", "pull_request", "paths"]));
    assert!(filters.contains(&"apps/api/**".to_owned()));
    assert!(filters.contains(&"charts/api/**".to_owned()));
    assert!(filters.contains(&"pnpm-lock.yaml".to_owned()));
    assert!(!filters.contains(&"apps/web/**".to_owned()));
    let env = y.get(root(&y), "env").unwrap();
    assert_eq!(
        y.str(y.get(env, "IMAGE").unwrap()),
        Some("ghcr.io/acme/acme/api")
    );
}

#[test]
fn hostile_model_values_do_not_break_the_files() {
    let mut project = samples::fastapi_uv();
    let s = &mut project.services[0];
    s.test_command = Some(Fact::guessed(
        "uv run pytest -k \"not slow\" --junit='a b'".to_owned(),
        "test",
    ));
    s.lint_command = Some(Fact::guessed(
        "uv run ruff check . # it's: fine".to_owned(),
        "test",
    ));
    "srv/my app".clone_into(&mut s.dir);
    "srv/my app".clone_into(&mut s.context);
    s.health_path = Fact::guessed("/health?x='1'".to_owned(), "test");
    for ci in [
        CiPlatform::GithubActions,
        CiPlatform::GitlabCi,
        CiPlatform::Circleci,
    ] {
        for f in pipe(&project, ci, Some(Cloud::Aws)) {
            let y = parse(&f.contents);
            assert!(y.documents[0].root.is_some());
            if !f.path.contains("drift") {
                assert!(f.contents.contains("not slow"), "{ci}: command kept");
                // The workflow still passes the rules.
                support::assert_clean(&format!("hostile {ci}"), std::slice::from_ref(&f));
            }
        }
    }
    let jf = pipe(&project, CiPlatform::Jenkins, None);
    assert_balanced(&jf[0].contents);
}

fn assert_balanced(text: &str) {
    let mut depth = 0i64;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        assert!(depth >= 0, "unbalanced braces");
    }
    assert_eq!(depth, 0, "unbalanced braces");
}

#[test]
fn jenkinsfile_is_declarative_with_stages_in_ci01_order() {
    for (name, project) in samples::all() {
        let files = pipe(&project, CiPlatform::Jenkins, None);
        let text = support::file(&files, "Jenkinsfile");
        assert_balanced(text);
        assert!(text.starts_with("// Generated by `plimsoll init`"));
        for needed in [
            "pipeline {",
            "timeout(time: 90, unit: 'MINUTES')",
            "disableConcurrentBuilds()",
            "buildDiscarder(",
            "input message:",
            "withCredentials(",
            "cleanWs()",
        ] {
            assert!(text.contains(needed), "{name}: {needed}");
        }
        let order = [
            "stage('Lint",
            "stage('Unit tests",
            "stage('Security scan')",
            "stage('Chart tests')",
            "stage('Build, push and scan",
            "stage('Deploy staging",
            "stage('Approve production')",
            "stage('Deploy production",
        ];
        let mut at = 0;
        for s in order {
            let i = text[at..]
                .find(s)
                .unwrap_or_else(|| panic!("{name}: {s} after offset {at}"));
            at += i;
        }
        for service in &project.services {
            assert!(text.contains(&format!(
                "{}:$GIT_COMMIT",
                Options::for_project(&project).image(service)
            )));
        }
    }
}

#[test]
fn circleci_workflow_references_existing_jobs_and_approval_precedes_production() {
    for (name, project) in samples::all() {
        let files = pipe(&project, CiPlatform::Circleci, None);
        let text = support::file(&files, ".circleci/config.yml");
        let y = parse(text);
        let r = root(&y);
        assert_eq!(y.str(y.get(r, "version").unwrap()), Some("2.1"));
        let jobs = keys(&y, y.get(r, "jobs").unwrap());
        let wf = y.path(r, &["workflows", "pipeline", "jobs"]).unwrap();
        let mut declared: Vec<String> = Vec::new();
        for item in y.items(wf) {
            let (id, body) = if let Some(s) = y.str(*item) {
                (s.to_owned(), None)
            } else {
                let (k, v) = y.entries(*item)[0];
                (y.str(k).unwrap().to_owned(), Some(v))
            };
            let approval =
                body.and_then(|b| y.get(b, "type")).and_then(|t| y.str(t)) == Some("approval");
            assert!(approval || jobs.contains(&id), "{name}: {id} is not a job");
            for req in strings(&y, body.and_then(|b| y.get(b, "requires"))) {
                assert!(
                    declared.contains(&req),
                    "{name}: {id} requires {req} declared later"
                );
            }
            if id.starts_with("deploy-production") {
                let req = strings(&y, body.and_then(|b| y.get(b, "requires")));
                assert!(
                    req.iter().all(|r| r.starts_with("approve-production")),
                    "{name}: {req:?}"
                );
                let ctx = strings(&y, body.and_then(|b| y.get(b, "context")));
                assert_eq!(ctx, ["production"]);
            }
            declared.push(id);
        }
        for service in &project.services {
            assert!(text.contains(&format!(
                "--values charts/{0}/values-production.yaml",
                service.name
            )));
        }
        assert!(
            text.contains("{{ checksum \""),
            "{name}: lockfile-keyed cache"
        );
        assert!(!text.contains(":latest"));
    }
}

#[test]
fn generated_files_start_with_the_header_and_end_with_a_newline() {
    for (_, project) in samples::all() {
        for ci in CiPlatform::ALL {
            for f in pipe(&project, *ci, Some(Cloud::Aws)) {
                assert!(
                    f.contents.ends_with('\n') && !f.contents.ends_with("\n\n"),
                    "{}",
                    f.path
                );
                assert!(
                    f.contents.contains("Generated by `plimsoll init`"),
                    "{}",
                    f.path
                );
                // Deterministic.
                let again = pipe(&project, *ci, Some(Cloud::Aws));
                assert!(again.iter().any(|g| g == &f));
            }
        }
    }
}

#[test]
fn snapshots() {
    for (name, project) in samples::all() {
        for ci in CiPlatform::ALL {
            for f in pipe(&project, *ci, None) {
                insta::assert_snapshot!(
                    format!("{name}__{}__{}", ci.label(), sanitize(&f.path)),
                    f.contents
                );
            }
        }
        for (ci, cloud) in [
            (CiPlatform::GithubActions, Cloud::Aws),
            (CiPlatform::GitlabCi, Cloud::Aws),
        ] {
            for f in pipe(&project, ci, Some(cloud)) {
                insta::assert_snapshot!(
                    format!(
                        "{name}__{}-{}__{}",
                        ci.label(),
                        cloud.label(),
                        sanitize(&f.path)
                    ),
                    f.contents
                );
            }
        }
    }
    // GitOps deploy mode (CI12): every sample on every platform.
    for (name, project) in samples::all() {
        for ci in CiPlatform::ALL {
            for f in pipeline::generate(&project, &gitops_options(&project), *ci) {
                insta::assert_snapshot!(
                    format!("{name}__{}-gitops__{}", ci.label(), sanitize(&f.path)),
                    f.contents
                );
            }
        }
    }
    let project = samples::node_pnpm();
    for ci in [
        CiPlatform::GithubActions,
        CiPlatform::GitlabCi,
        CiPlatform::Circleci,
    ] {
        for cloud in [Cloud::Gcp, Cloud::Azure] {
            for f in pipe(&project, ci, Some(cloud)) {
                insta::assert_snapshot!(
                    format!(
                        "node-pnpm__{}-{}__{}",
                        ci.label(),
                        cloud.label(),
                        sanitize(&f.path)
                    ),
                    f.contents
                );
            }
        }
    }
}

#[test]
fn existing_charts_and_terraform_are_tested_too_x05_ci11() {
    let mut project = samples::go_service();
    project.existing.charts = vec!["deploy/chart".to_owned()];
    project.existing.terraform_dirs = vec!["terraform".to_owned()];
    for ci in [CiPlatform::GithubActions, CiPlatform::GitlabCi] {
        let files = pipe(&project, ci, None);
        let all: String = files.iter().map(|f| f.contents.as_str()).collect();
        assert!(all.contains("helm lint --strict deploy/chart"), "{ci}");
        assert!(all.contains("helm unittest deploy/chart"), "{ci}");
        assert!(all.contains("terraform -chdir=terraform validate"), "{ci}");
        assert!(all.contains("terraform -chdir=terraform plan"), "{ci}");
        assert!(
            all.contains("terraform fmt -check -recursive terraform"),
            "{ci}"
        );
        assert!(!all.contains("recursive infra"), "{ci}: no generated tree");
        support::assert_clean(&format!("existing {ci}"), &files);
    }
}

/// Services of the languages and package managers the samples do not cover.
fn other_toolchains() -> Vec<(Project, &'static str)> {
    use plimsoll_generate::model::{Language, PackageManager};
    let cases = [
        (
            Language::Ruby,
            PackageManager::Bundler,
            "3.3",
            "bundler-cache: true",
        ),
        (
            Language::Php,
            PackageManager::Composer,
            "8.3",
            "composer install --no-interaction",
        ),
        (
            Language::DotNet,
            PackageManager::NuGet,
            "8.0",
            "dotnet restore --locked-mode",
        ),
        (
            Language::Node,
            PackageManager::Bun,
            "22",
            "bun install --frozen-lockfile",
        ),
        (
            Language::Node,
            PackageManager::YarnBerry,
            "22",
            "yarn install --immutable",
        ),
        (
            Language::Node,
            PackageManager::YarnClassic,
            "20",
            "yarn install --frozen-lockfile",
        ),
        (
            Language::Python,
            PackageManager::Pipenv,
            "3.12",
            "pipenv install --deploy --dev",
        ),
        (
            Language::Python,
            PackageManager::Pip,
            "3.12",
            "python -m pip install -r requirements.txt",
        ),
        (
            Language::Java,
            PackageManager::Gradle,
            "21",
            "./gradlew --no-daemon test",
        ),
    ];
    cases
        .into_iter()
        .map(|(lang, pm, version, expect)| {
            let mut project = samples::go_service();
            project.services = vec![samples::service("app", lang, pm, version)];
            project.name = format!("{}-{}", lang.label(), pm.label());
            (project, expect)
        })
        .collect()
}

#[test]
fn other_languages_and_package_managers_pass_the_rules_ci03_ci04() {
    for (project, expect) in other_toolchains() {
        let gh = pipe(&project, CiPlatform::GithubActions, None);
        let text = support::file(&gh, ".github/workflows/ci.yml");
        assert!(text.contains(expect), "{}: {expect}", project.name);
        support::assert_clean(&project.name, &gh);
        let gl = pipe(&project, CiPlatform::GitlabCi, None);
        support::assert_clean(&project.name, &gl);
        for ci in [CiPlatform::Jenkins, CiPlatform::Circleci] {
            let files = pipe(&project, ci, None);
            assert_eq!(files.len(), 1);
        }
        // For the peer script: PIPELINE_DUMP=DIR writes these projects' files.
        if let Some(dir) = std::env::var_os("PIPELINE_DUMP") {
            for (ci, files) in [("github-actions", &gh), ("gitlab-ci", &gl)] {
                let root = std::path::Path::new(&dir).join(ci).join(&project.name);
                support::write_all(&root, files);
            }
        }
    }
}

/// Findings of the ShellCheck rules (off by default: GHA069, GL029) on files.
fn shellcheck_findings(files: &[GeneratedFile]) -> Vec<String> {
    use plimsoll_lint::engine::{CheckRequest, FixMode, NoProgress};
    use plimsoll_lint::settings::CliOverrides;
    let scratch = tempfile::tempdir().expect("tempdir");
    support::write_all(scratch.path(), files);
    let request = CheckRequest {
        paths: vec![scratch.path().to_path_buf()],
        config: None,
        isolated: true,
        overrides: CliOverrides {
            select: Some(vec!["GHA069".to_owned(), "GL029".to_owned()]),
            min_severity: Some(plimsoll_diagnostics::Severity::Info),
            ..CliOverrides::default()
        },
        fix: FixMode::Off,
        write_fixes: false,
        baseline: None,
    };
    let result = plimsoll_lint::engine::check(&request, &NoProgress).expect("check runs");
    result
        .findings
        .iter()
        .map(|f| format!("{}:{} {}", f.location.start.line, f.rule.code, f.message))
        .collect()
}

#[test]
fn scripts_pass_shellcheck_ci13() {
    if std::process::Command::new("shellcheck")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("shellcheck not on PATH: skipped");
        return;
    }
    // The rule must see a bad script (or this test could not fail).
    let bad = vec![GeneratedFile::new(
        ".github/workflows/x.yml",
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    timeout-minutes: 5\n    steps:\n      - run: echo $FOO\n",
    )];
    assert!(!shellcheck_findings(&bad).is_empty());
    for (name, project) in samples::all() {
        for ci in [CiPlatform::GithubActions, CiPlatform::GitlabCi] {
            for cloud in [None, Some(Cloud::Gcp), Some(Cloud::Azure)] {
                let found = shellcheck_findings(&pipe(&project, ci, cloud));
                assert!(found.is_empty(), "{name} {ci} {cloud:?}: {found:#?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// GitOps deploy mode (CI12): CI commits, ArgoCD applies.

fn gitops_options(project: &Project) -> Options {
    let mut o = Options::for_project(project);
    o.deploy = DeployMode::Gitops;
    o
}

/// The pipeline with the charts and the ArgoCD files it edits (what
/// `plimsoll init` writes in GitOps mode).
fn gitops_files(project: &Project, options: &Options) -> Vec<GeneratedFile> {
    plimsoll_generate::generate(
        project,
        options,
        &[ArtifactKind::Ci, ArtifactKind::Helm, ArtifactKind::Argocd],
    )
}

#[test]
fn ci12_every_sample_and_platform_passes_in_push_and_gitops_mode() {
    for (name, project) in samples::all() {
        for ci in [CiPlatform::GithubActions, CiPlatform::GitlabCi] {
            let mut push = options(&project, None, false);
            push.ci = ci;
            let files = plimsoll_generate::generate(&project, &push, &[ArtifactKind::Ci]);
            support::assert_clean(&format!("{name} {ci} push"), &files);
            let mut gitops = gitops_options(&project);
            gitops.ci = ci;
            let files = gitops_files(&project, &gitops);
            assert!(
                files.iter().any(|f| f.path == paths::argocd_root()),
                "{name}: no app-of-apps"
            );
            support::assert_clean(&format!("{name} {ci} gitops"), &files);
        }
    }
}

#[test]
fn ci12_gitops_pipelines_never_deploy_from_ci_and_push_mode_is_unchanged() {
    for (name, project) in samples::all() {
        for ci in CiPlatform::ALL {
            for f in pipeline::generate(&project, &gitops_options(&project), *ci) {
                for banned in [
                    "helm upgrade",
                    "kubectl apply",
                    "update-kubeconfig",
                    "get-credentials",
                    "kubeconfig-",
                ] {
                    assert!(
                        !f.contents.contains(banned),
                        "{name} {ci} {}: `{banned}` in GitOps mode",
                        f.path
                    );
                }
                for env in ["staging", "production"] {
                    assert!(
                        f.contents.contains(&format!("promote-{env}"))
                            || f.contents.contains(&format!("Promote {env}")),
                        "{name} {ci}: no promotion to {env}"
                    );
                }
            }
            // Push mode still deploys with helm (the default of `plimsoll pipeline`).
            let push = pipeline::generate(&project, &Options::for_project(&project), *ci);
            assert!(
                push.iter()
                    .any(|f| f.contents.contains("helm upgrade --install")),
                "{name} {ci}: push mode lost its deploys"
            );
            assert!(
                push.iter().all(|f| !f.contents.contains("promote-staging")),
                "{name} {ci}: push mode promotes"
            );
        }
    }
}

#[test]
fn ci12_github_promotions_are_least_privilege_gated_and_serialized() {
    for (name, project) in samples::all() {
        let mut o = gitops_options(&project);
        o.cloud = Some(Cloud::Aws);
        o.terraform.provider = Cloud::Aws;
        for file in pipeline::generate(&project, &o, CiPlatform::GithubActions) {
            if !file.path.contains("/ci") {
                continue;
            }
            let y = parse(&file.contents);
            let jobs = y.get(root(&y), "jobs").expect("jobs");
            let order = [
                "build",
                "promote-staging",
                "smoke-staging",
                "promote-production",
                "smoke-production",
            ];
            for pair in order.windows(2) {
                let job = y
                    .get(jobs, pair[1])
                    .unwrap_or_else(|| panic!("{name}: {}", pair[1]));
                assert_eq!(
                    strings(&y, y.get(job, "needs")),
                    [pair[0]],
                    "{name}: {}",
                    pair[1]
                );
            }
            for (job_name, job) in y.entries(jobs) {
                let job_name = y.str(job_name).unwrap().to_owned();
                let perms = y.get(job, "permissions");
                let writes_contents = perms
                    .and_then(|p| y.get(p, "contents"))
                    .and_then(|c| y.str(c))
                    == Some("write");
                assert_eq!(
                    writes_contents,
                    job_name.starts_with("promote-"),
                    "{name}: {job_name} contents permission"
                );
                if !job_name.starts_with("promote-") {
                    continue;
                }
                let perms = perms.unwrap();
                assert_eq!(
                    keys(&y, perms),
                    ["contents"],
                    "{name}: {job_name} asks for more than contents"
                );
                let env = y.get(job, "environment").unwrap();
                let env_name = job_name.trim_start_matches("promote-");
                assert_eq!(y.str(y.get(env, "name").unwrap()), Some(env_name));
                let c = y.get(job, "concurrency").unwrap();
                let service = project
                    .services
                    .iter()
                    .find(|s| file.path.contains(&format!("ci-{}.", s.name)))
                    .unwrap_or(&project.services[0]);
                assert_eq!(
                    y.str(y.get(c, "group").unwrap()),
                    Some(format!("promote-{}-{env_name}", service.name).as_str())
                );
                assert_eq!(y.bool(y.get(c, "cancel-in-progress").unwrap()), Some(false));
                assert!(y.get(job, "timeout-minutes").is_some());
                assert_eq!(
                    y.str(y.get(job, "if").unwrap()),
                    Some("github.event_name == 'push' && github.ref == 'refs/heads/main'")
                );
                let job_text = file
                    .contents
                    .split("\n\n")
                    .find(|chunk| chunk.starts_with(&format!("  {job_name}:\n")))
                    .expect("job text");
                assert!(
                    !job_text.contains("id-token"),
                    "{name}: {job_name} gets an OIDC token"
                );
                assert!(
                    job_text.contains("persist-credentials: false"),
                    "{name}: {job_name}"
                );
            }
            // Terraform and signing keep their OIDC token.
            assert!(
                file.contents.contains("id-token: write # keyless cosign"),
                "{name}"
            );
        }
    }
}

#[test]
fn ci07_ci12_gitlab_production_promotion_is_manual_on_the_default_branch() {
    for (name, project) in samples::all() {
        let files = pipeline::generate(&project, &gitops_options(&project), CiPlatform::GitlabCi);
        let y = parse(support::file(&files, ".gitlab-ci.yml"));
        for service in &project.services {
            let sfx = if project.services.len() > 1 {
                format!("-{}", service.name)
            } else {
                String::new()
            };
            for env in ["staging", "production"] {
                let job = y
                    .get(root(&y), &format!("promote-{env}{sfx}"))
                    .unwrap_or_else(|| panic!("{name}: promote-{env}{sfx}"));
                let rule = y.items(y.get(job, "rules").unwrap())[0];
                assert_eq!(
                    y.str(y.get(rule, "if").unwrap()),
                    Some("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH")
                );
                assert_eq!(
                    y.get(rule, "when").and_then(|w| y.str(w)),
                    (env == "production").then_some("manual"),
                    "{name}: {env}"
                );
                let e = y.get(job, "environment").unwrap();
                assert_eq!(y.str(y.get(e, "name").unwrap()), Some(env));
                assert_eq!(y.str(y.get(e, "deployment_tier").unwrap()), Some(env));
                assert_eq!(y.bool(y.get(job, "interruptible").unwrap()), Some(false));
                assert_eq!(
                    y.str(y.get(job, "resource_group").unwrap()),
                    Some(format!("promote-{env}").as_str())
                );
                assert!(
                    y.get(job, "id_tokens").is_none(),
                    "{name}: promote gets cloud tokens"
                );
                let smoke = y.get(root(&y), &format!("smoke-{env}{sfx}")).unwrap();
                assert_eq!(
                    strings(&y, y.get(smoke, "needs")),
                    [format!("promote-{env}{sfx}")]
                );
            }
            let prod = y
                .get(root(&y), &format!("promote-production{sfx}"))
                .unwrap();
            assert_eq!(
                strings(&y, y.get(prod, "needs")),
                [format!("smoke-staging{sfx}")]
            );
        }
    }
}

/// Runs `script` with `sh` in `dir`; (success, stdout+stderr).
fn sh_run(dir: &std::path::Path, script: &str, env: &[(&str, &str)]) -> (bool, String) {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .envs(env.iter().copied())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("sh runs");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn git(dir: &std::path::Path, args: &str) -> String {
    let (ok, out) = sh_run(dir, &format!("git {args}"), &[]);
    assert!(ok, "git {args}: {out}");
    out
}

/// The `run:` of a GitHub job's last step, or the script of a GitLab job.
fn promote_script_of(files: &[GeneratedFile], ci: CiPlatform, workflow: &str, job: &str) -> String {
    if ci == CiPlatform::GithubActions {
        let y = parse(support::file(files, workflow));
        let jobs = y.get(root(&y), "jobs").expect("jobs");
        let job = y.get(jobs, job).expect("the promote job");
        let steps = y.items(y.get(job, "steps").expect("steps"));
        let last = *steps.last().expect("a step");
        y.str(y.get(last, "run").expect("run"))
            .expect("a script")
            .to_owned()
    } else {
        let y = parse(support::file(files, ".gitlab-ci.yml"));
        let job = y.get(root(&y), job).expect("the promote job");
        strings(&y, y.get(job, "script")).join("\n")
    }
}

/// The image of the rendered Deployment of a chart with an overlay.
fn rendered_image(chart_dir: &std::path::Path, release: &str, overlay: &str) -> String {
    use plimsoll_helm::{Map, Value, serial};
    let text = std::fs::read_to_string(chart_dir.join(overlay)).expect("overlay");
    let user = match serial::from_yaml(&text).expect("overlay YAML") {
        Value::Map(m) => m.borrow().clone(),
        _ => Map::new(),
    };
    let opts = plimsoll_helm::helm::RenderOptions {
        release_name: release.to_owned(),
        namespace: "test".to_owned(),
        ..Default::default()
    };
    let out = plimsoll_helm::helm::template(chart_dir, &user, &opts, &[]).expect("chart renders");
    let docs: Vec<serde_json::Value> = serial::from_yaml_all(&out)
        .expect("rendered YAML")
        .iter()
        .map(|d| serial::to_serde(d, 0))
        .collect();
    let deployment = docs
        .iter()
        .find(|d| d["kind"] == "Deployment")
        .expect("a Deployment");
    deployment["spec"]["template"]["spec"]["containers"][0]["image"]
        .as_str()
        .expect("image")
        .to_owned()
}

/// End to end on a real Git repository: the generated promote scripts
/// rewrite exactly the overlay line the Helm generator writes, the chart
/// then renders the promoted SHA, production gets the same SHA and a
/// release tag its Applications are pinned to (and which passes the ARGO
/// rules), a re-run is a no-op, and a missing line fails the job.
#[test]
fn ci12_promote_scripts_edit_the_overlay_line_and_pin_production_to_a_release_tag() {
    let sha = "0123456789abcdef0123456789abcdef01234567";
    for (sample, ci) in [
        ("node-pnpm", CiPlatform::GithubActions),
        ("node-pnpm", CiPlatform::GitlabCi),
        ("pnpm-monorepo", CiPlatform::GithubActions),
    ] {
        let project = samples::all()
            .into_iter()
            .find(|(n, _)| *n == sample)
            .unwrap()
            .1;
        let scratch = tempfile::tempdir().unwrap();
        let origin = scratch.path().join("origin.git");
        let work = scratch.path().join("work");
        std::fs::create_dir_all(&work).unwrap();
        let mut o = gitops_options(&project);
        o.ci = ci;
        o.gitops_repo = origin.display().to_string();
        let files = gitops_files(&project, &o);
        support::write_all(&work, &files);
        git(
            scratch.path(),
            "init --quiet --bare --initial-branch=main origin.git",
        );
        git(&work, "init --quiet --initial-branch=main");
        git(&work, "add -A");
        git(
            &work,
            "-c user.name=t -c user.email=t@example.com commit --quiet -m init",
        );
        git(&work, &format!("push --quiet {} main", origin.display()));
        let service = &project.services[0];
        let sfx = if project.services.len() > 1 {
            format!("-{}", service.name)
        } else {
            String::new()
        };
        let job_suffix = if ci == CiPlatform::GitlabCi {
            sfx.clone()
        } else {
            String::new()
        };
        let env = [
            ("IMAGE_TAG", sha),
            ("GITOPS_USER", "x"),
            ("GITOPS_TOKEN", "y"),
            ("CI_DEFAULT_BRANCH", "main"),
        ];
        let chart = paths::chart_dir(service);
        let check = scratch.path().join("check");
        let reclone = |what: &str| -> String {
            let _ = std::fs::remove_dir_all(&check);
            git(
                scratch.path(),
                &format!("clone --quiet {} check", origin.display()),
            );
            git(&check, &format!("log -1 --format=%s {what}"))
        };

        // Staging.
        let workflow = if sfx.is_empty() {
            ".github/workflows/ci.yml".to_owned()
        } else {
            format!(".github/workflows/ci{sfx}.yml")
        };
        let staging = promote_script_of(
            &files,
            ci,
            &workflow,
            &format!("promote-staging{job_suffix}"),
        );
        let (ok, out) = sh_run(&work, &staging, &env);
        assert!(ok, "{sample} {ci}: staging promotion failed: {out}");
        let subject = reclone("main");
        assert_eq!(
            subject.trim(),
            format!("deploy({}): staging {sha} [skip ci]", service.name)
        );
        let overlay =
            std::fs::read_to_string(check.join(&chart).join("values-staging.yaml")).unwrap();
        assert_eq!(overlay.matches(sha).count(), 1, "{overlay}");
        assert_eq!(
            rendered_image(&check.join(&chart), &service.name, "values-staging.yaml"),
            format!("{}:{sha}", o.image(service)),
            "{sample} {ci}: staging does not render the promoted SHA"
        );
        // The production overlay is untouched until production is promoted.
        let prod_overlay =
            std::fs::read_to_string(check.join(&chart).join("values-production.yaml")).unwrap();
        assert!(!prod_overlay.contains(sha));
        // A re-run is a no-op, not a second commit.
        let (ok, out) = sh_run(&work, &staging, &env);
        assert!(ok && out.contains("already runs"), "{out}");
        assert_eq!(git(&origin, "rev-list --count main").trim(), "2");

        // Production: the same SHA, and a release tag.
        let production = promote_script_of(
            &files,
            ci,
            &workflow,
            &format!("promote-production{job_suffix}"),
        );
        let (ok, out) = sh_run(&work, &production, &env);
        assert!(ok, "{sample} {ci}: production promotion failed: {out}");
        reclone("main");
        assert_eq!(
            rendered_image(&check.join(&chart), &service.name, "values-production.yaml"),
            format!("{}:{sha}", o.image(service))
        );
        let tags = git(&check, "tag --list");
        let tag = tags.trim();
        assert!(
            tag.starts_with("release-")
                && tag.contains(&format!("-{}", &sha[..7]))
                && !tag.contains('\n'),
            "{sample}: tags {tags:?}"
        );
        assert_eq!(
            git(&check, &format!("cat-file -t {tag}")).trim(),
            "tag",
            "annotated"
        );
        assert_eq!(
            git(&check, &format!("rev-parse {tag}^{{commit}}")),
            git(&check, "rev-parse main"),
            "the tag is the promotion commit"
        );
        let app =
            std::fs::read_to_string(check.join(paths::argocd_application(service, "production")))
                .unwrap();
        assert!(
            app.contains(&format!("    targetRevision: {tag}\n")),
            "{app}"
        );
        let monitoring = std::fs::read_to_string(check.join(paths::argocd_monitoring())).unwrap();
        assert!(monitoring.contains(&format!("    targetRevision: {tag}\n")));
        // The bumped Applications still pass every rule (ARGO001: a tag is pinned).
        let found = support::findings_in(&check.join("deploy"));
        assert!(found.is_empty(), "{sample}: {found:#?}");

        // A missing line is a failure, not a silent no-op.
        git(&work, "checkout --quiet --force -B main");
        let broken = work.join(&chart).join("values-staging.yaml");
        let text = std::fs::read_to_string(&broken).unwrap();
        let marker = plimsoll_generate::generators::helm::PROMOTED_TAG_MARK;
        std::fs::write(&broken, text.replace(marker, "# edited by hand")).unwrap();
        git(
            &work,
            "-c user.name=t -c user.email=t@example.com commit --quiet -am edit",
        );
        git(
            &work,
            &format!("push --quiet --force {} main", origin.display()),
        );
        let (ok, out) = sh_run(&work, &staging, &env);
        assert!(
            !ok && out.contains("expected exactly one line"),
            "{sample}: {out}"
        );
        // A value that is not a commit SHA is refused before anything runs.
        let (ok, out) = sh_run(
            &work,
            &staging,
            &[
                ("IMAGE_TAG", "1; touch injected"),
                ("CI_DEFAULT_BRANCH", "main"),
            ],
        );
        assert!(!ok && out.contains("not a commit SHA"), "{out}");
        assert!(!work.join("injected").exists());
    }
}

#[test]
fn ci12_release_tags_are_pinned_for_argo001() {
    // The same Application with a release tag is clean, with a branch it is
    // flagged: the test would notice a tag format ARGO001 reads as moving.
    let project = samples::node_pnpm();
    let o = gitops_options(&project);
    let files = plimsoll_generate::generate(&project, &o, &[ArtifactKind::Argocd]);
    let path = paths::argocd_application(&project.services[0], "production");
    let app = support::file(&files, &path);
    assert!(app.contains("    targetRevision: v0.1.0\n"));
    for (rev, clean) in [("release-20261122-0123456", true), ("main", false)] {
        let bumped = vec![GeneratedFile::new(
            path.clone(),
            app.replace(
                "    targetRevision: v0.1.0\n",
                &format!("    targetRevision: {rev}\n"),
            ),
        )];
        assert_eq!(support::findings(&bumped).is_empty(), clean, "{rev}");
    }
}

#[test]
fn ci12_hostile_values_do_not_break_the_promote_scripts() {
    let mut project = samples::fastapi_uv();
    let s = &mut project.services[0];
    "srv/my app".clone_into(&mut s.dir);
    "srv/my app".clone_into(&mut s.context);
    s.health_path = Fact::guessed("/health?x='1'".to_owned(), "test");
    let mut o = gitops_options(&project);
    o.gitops_repo = "https://git.example.com/a b/it's \"x\" $(touch pwned).git".to_owned();
    for ci in [CiPlatform::GithubActions, CiPlatform::GitlabCi] {
        o.ci = ci;
        let files = pipeline::generate(&project, &o, ci);
        let path = if ci == CiPlatform::GithubActions {
            ".github/workflows/ci.yml"
        } else {
            ".gitlab-ci.yml"
        };
        support::assert_clean(&format!("hostile gitops {ci}"), &files);
        for env in ["staging", "production"] {
            let script = promote_script_of(&files, ci, path, &format!("promote-{env}"));
            // The repository URL is one quoted word, never code.
            assert!(
                script.contains(
                    "repo='https://git.example.com/a b/it'\\''s \"x\" $(touch pwned).git'"
                ),
                "{script}"
            );
            let scratch = tempfile::tempdir().expect("tempdir");
            let (ok, out) = sh_run(
                scratch.path(),
                &format!("sh -n -c {}", shell_quote(&script)),
                &[],
            );
            assert!(ok, "{ci} {env}: {out}");
        }
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[test]
fn ci12_every_environment_is_promoted_in_order_and_only_the_last_is_gated() {
    let project = samples::node_pnpm();
    let mut o = gitops_options(&project);
    o.environments = vec!["dev".into(), "staging".into(), "prod".into()];
    o.ci = CiPlatform::GithubActions;
    let files = gitops_files(&project, &o);
    support::assert_clean("three environments, github", &files);
    let y = parse(support::file(&files, ".github/workflows/ci.yml"));
    let jobs = y.get(root(&y), "jobs").expect("jobs");
    let chain = [
        "build",
        "promote-dev",
        "smoke-dev",
        "promote-staging",
        "smoke-staging",
        "promote-prod",
        "smoke-prod",
    ];
    for pair in chain.windows(2) {
        let job = y.get(jobs, pair[1]).expect("job");
        assert_eq!(strings(&y, y.get(job, "needs")), [pair[0]]);
    }
    // Only production bumps the Applications' release tag.
    let script = |env: &str| {
        promote_script_of(
            &files,
            CiPlatform::GithubActions,
            ".github/workflows/ci.yml",
            &format!("promote-{env}"),
        )
    };
    assert!(script("prod").contains("deploy/argocd/prod/api.yaml"));
    for env in ["dev", "staging"] {
        assert!(!script(env).contains("targetRevision"), "{env}");
        assert!(script(env).contains(&format!("charts/api/values-{env}.yaml")));
    }
    o.ci = CiPlatform::GitlabCi;
    let files = gitops_files(&project, &o);
    support::assert_clean("three environments, gitlab", &files);
    let y = parse(support::file(&files, ".gitlab-ci.yml"));
    for (env, manual) in [("dev", false), ("staging", false), ("prod", true)] {
        let job = y.get(root(&y), &format!("promote-{env}")).expect("job");
        let rule = y.items(y.get(job, "rules").expect("rules"))[0];
        assert_eq!(y.get(rule, "when").is_some(), manual, "{env}");
    }
}

#[test]
fn ci07_ci12_jenkins_and_circleci_promote_through_git_after_an_approval() {
    for (name, project) in samples::all() {
        let o = gitops_options(&project);
        let jf = pipeline::generate(&project, &o, CiPlatform::Jenkins);
        let text = &jf[0].contents;
        assert_balanced(text);
        let approve = text.find("stage('Approve production')").expect("approval");
        let staging = text
            .find("stage('Promote staging")
            .expect("promote staging");
        let production = text
            .find("stage('Promote production")
            .expect("promote production");
        assert!(staging < approve && approve < production, "{name}: order");
        assert!(text.contains("credentialsId: 'gitops-push'"), "{name}");
        assert!(
            !text.contains("kubeconfig"),
            "{name}: cluster credentials in GitOps mode"
        );

        let cc = pipeline::generate(&project, &o, CiPlatform::Circleci);
        let y = parse(&cc[0].contents);
        let wf = y
            .path(root(&y), &["workflows", "pipeline", "jobs"])
            .expect("workflow jobs");
        let mut requires = std::collections::HashMap::<String, Vec<String>>::new();
        let mut contexts = std::collections::HashMap::<String, Vec<String>>::new();
        for item in y.items(wf) {
            for (k, v) in y.entries(*item) {
                let job = y.str(k).expect("job name").to_owned();
                requires.insert(job.clone(), strings(&y, y.get(v, "requires")));
                contexts.insert(job, strings(&y, y.get(v, "context")));
            }
        }
        for service in &project.services {
            let sfx = if project.services.len() > 1 {
                format!("-{}", service.name)
            } else {
                String::new()
            };
            assert_eq!(
                requires[&format!("approve-production{sfx}")],
                [format!("smoke-staging{sfx}")],
                "{name}"
            );
            assert_eq!(
                requires[&format!("promote-production{sfx}")],
                [format!("approve-production{sfx}")],
                "{name}"
            );
            for env in ["staging", "production"] {
                assert_eq!(
                    contexts[&format!("promote-{env}{sfx}")],
                    ["gitops"],
                    "{name}"
                );
            }
        }
    }
}

#[test]
fn ci12_every_overlay_has_exactly_one_line_the_promotion_rewrites() {
    let line = plimsoll_generate::generators::helm::promoted_tag_line("");
    let pattern = pipeline::image_tag_pattern();
    // The pattern the scripts use is that line with any quoted tag.
    assert_eq!(pattern, format!("^{}$", line.replace("\"\"", "\"[^\"]*\"")));
    for (name, project) in samples::all() {
        let o = gitops_options(&project);
        let files = plimsoll_generate::generate(&project, &o, &[ArtifactKind::Helm]);
        for service in &project.services {
            for env in &o.environments {
                let path = format!("{}/values-{env}.yaml", paths::chart_dir(service));
                let text = support::file(&files, &path);
                assert_eq!(
                    text.lines().filter(|l| *l == line).count(),
                    1,
                    "{name}: {path}"
                );
                // Under `image:`, so it sets image.tag.
                let y = parse(text);
                let tag = y.path(root(&y), &["image", "tag"]).expect("image.tag");
                assert_eq!(y.str(tag), Some(""), "{name}: {path}");
            }
        }
    }
}
