//! `plimsoll detect` on the fixture projects: JSON and `--explain`
//! snapshots per fixture, agreement with the hand-built samples the
//! generators are tested with (X01–X04 rest on one model), and targeted
//! checks of the tricky parts (lockfile precedence, runner-up, guesses,
//! monorepo libraries, malformed manifests, walk bounds, git remotes).

#![allow(clippy::unwrap_used)]

use plimsoll_generate::detect::{Limits, detect_with_limits, report};
use plimsoll_generate::model::{
    BackingService, Confidence, Framework, GitHost, Language, Layout, PackageManager, Project,
    Service, ServiceKind,
};
use plimsoll_generate::{detect, samples};
use std::path::{Path, PathBuf};

const FIXTURES: &[&str] = &[
    "bun",
    "cargo-workspace",
    "django-poetry",
    "dotnet",
    "fastapi-uv",
    "flask-pipenv",
    "go",
    "go-multi-module",
    "gradle-kotlin",
    "nextjs-npm",
    "node-pnpm",
    "php-laravel",
    "pnpm-monorepo",
    "ruby-rails",
    "rust",
    "spring-maven",
    "yarn-berry",
];

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projects")
        .join(name)
}

fn fixture(name: &str) -> Project {
    detect(&fixture_dir(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn only(p: &Project) -> &Service {
    assert_eq!(p.services.len(), 1, "{}: {:#?}", p.name, p.services);
    &p.services[0]
}

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), files);
    dir
}

#[test]
fn every_fixture_json_and_explain_snapshots() {
    for name in FIXTURES {
        let project = fixture(name);
        let json = serde_json::to_string_pretty(&project).unwrap();
        insta::assert_snapshot!(format!("{name}__json"), json);
        insta::assert_snapshot!(format!("{name}__explain"), report::render(&project, true));
    }
}

#[test]
fn every_fixture_has_dns_safe_unique_service_names_and_no_empty_start() {
    for name in FIXTURES {
        let p = fixture(name);
        assert!(
            !p.services.is_empty(),
            "{name}: no service; notes {:?}",
            p.notes
        );
        let mut names: Vec<&str> = p.services.iter().map(|s| s.name.as_str()).collect();
        for n in &names {
            assert!(
                n.len() <= 40
                    && n.starts_with(|c: char| c.is_ascii_lowercase())
                    && n.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name}: {n}"
            );
        }
        names.dedup();
        assert_eq!(names.len(), p.services.len(), "{name}");
        for s in &p.services {
            assert!(!s.start_command.value.is_empty(), "{name}/{}", s.name);
        }
    }
}

/// The values the generators read, side by side.
fn key_values(s: &Service) -> Vec<(String, String)> {
    let opt = |o: Option<&str>| o.unwrap_or("-").to_owned();
    let mut backing: Vec<_> = s.backing_services.iter().map(|b| b.value.label()).collect();
    backing.sort_unstable();
    vec![
        ("name".into(), s.name.clone()),
        ("dir".into(), s.dir.clone()),
        ("context".into(), s.context.clone()),
        ("kind".into(), format!("{:?}", s.kind)),
        ("language".into(), s.language.value.to_string()),
        ("version".into(), s.language_version.value.clone()),
        (
            "package_manager".into(),
            s.package_manager.value.to_string(),
        ),
        ("framework".into(), opt(s.framework().map(Framework::label))),
        ("port".into(), s.port.value.to_string()),
        ("health".into(), s.health_path.value.clone()),
        ("readiness".into(), s.readiness_path.value.clone()),
        ("metrics".into(), opt(s.metrics_path())),
        ("start".into(), s.start_command.value.join(" ")),
        (
            "build".into(),
            opt(s.build_command.as_ref().map(|b| b.value.as_str())),
        ),
        (
            "build_output".into(),
            opt(s.build_output.as_ref().map(|b| b.value.as_str())),
        ),
        (
            "test".into(),
            opt(s.test_command.as_ref().map(|b| b.value.as_str())),
        ),
        (
            "lint".into(),
            opt(s.lint_command.as_ref().map(|b| b.value.as_str())),
        ),
        ("backing".into(), backing.join(",")),
    ]
}

#[test]
fn detection_of_fixtures_matches_the_samples_x01_x04() {
    let pairs = [
        ("node-pnpm", samples::node_pnpm()),
        ("nextjs-npm", samples::nextjs_npm()),
        ("fastapi-uv", samples::fastapi_uv()),
        ("django-poetry", samples::django_poetry()),
        ("go", samples::go_service()),
        ("rust", samples::rust_service()),
        ("spring-maven", samples::spring_maven()),
        ("pnpm-monorepo", samples::pnpm_monorepo()),
    ];
    for (name, sample) in pairs {
        let got = fixture(name);
        assert_eq!(got.name, sample.name, "{name}: project name");
        assert_eq!(
            got.layout == Layout::Single,
            sample.layout == Layout::Single
        );
        let got_values: Vec<_> = got.services.iter().map(key_values).collect();
        let want_values: Vec<_> = sample.services.iter().map(key_values).collect();
        assert_eq!(got_values, want_values, "{name}");
    }
}

#[test]
fn pnpm_lockfile_wins_over_a_stale_npm_lockfile_with_a_note() {
    let dir = scratch(&[
        (
            "package.json",
            r#"{"name":"x","scripts":{"start":"node index.js"},"dependencies":{"express":"^4"}}"#,
        ),
        ("pnpm-lock.yaml", "lockfileVersion: '9.0'\n"),
        ("package-lock.json", "{\"lockfileVersion\": 3}\n"),
    ]);
    let p = detect(dir.path()).unwrap();
    let s = only(&p);
    assert_eq!(s.package_manager.value, PackageManager::Pnpm);
    assert!(!s.package_manager.is_guessed());
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("several lockfiles") && n.contains("package-lock.json")),
        "{:?}",
        p.notes
    );
}

#[test]
fn package_manager_field_decides_between_lockfiles() {
    let dir = scratch(&[
        (
            "package.json",
            r#"{"name":"x","packageManager":"npm@10.9.0","scripts":{"start":"node index.js"}}"#,
        ),
        ("pnpm-lock.yaml", "lockfileVersion: '9.0'\n"),
        ("package-lock.json", "{}\n"),
    ]);
    let p = detect(dir.path()).unwrap();
    assert_eq!(only(&p).package_manager.value, PackageManager::Npm);
}

#[test]
fn yarn_classic_and_berry_are_told_apart_and_bun_is_found() {
    let classic = scratch(&[
        (
            "package.json",
            r#"{"name":"x","scripts":{"start":"node a.js"}}"#,
        ),
        (
            "yarn.lock",
            "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n",
        ),
    ]);
    assert_eq!(
        only(&detect(classic.path()).unwrap()).package_manager.value,
        PackageManager::YarnClassic
    );
    assert_eq!(
        only(&fixture("yarn-berry")).package_manager.value,
        PackageManager::YarnBerry
    );
    let bun = fixture("bun");
    let s = only(&bun);
    assert_eq!(s.package_manager.value, PackageManager::Bun);
    assert_eq!(s.test_command.as_ref().unwrap().value, "bun run test");
    assert_eq!(s.port.value, 8081, "PORT || 8081 in src/index.ts");
    assert_eq!(s.health_path.value, "/health");
    assert_eq!(
        s.backing_services
            .iter()
            .map(|b| b.value)
            .collect::<Vec<_>>(),
        [BackingService::Mongodb, BackingService::Rabbitmq]
    );
    assert_eq!(s.language_version.value, "22", ".node-version v22.11.0");
}

#[test]
fn vite_spa_is_a_static_site_served_on_8080() {
    let p = fixture("yarn-berry");
    let s = only(&p);
    assert_eq!(s.kind, ServiceKind::Static);
    assert_eq!(s.name, "web");
    assert_eq!(s.framework(), Some(Framework::Vite));
    assert_eq!(s.build_output.as_ref().unwrap().value, "dist");
    assert_eq!(s.build_command.as_ref().unwrap().value, "yarn run build");
    assert_eq!(s.port.value, 8080);
}

#[test]
fn python_app_with_tooling_package_json_records_node_as_runner_up() {
    let p = fixture("flask-pipenv");
    let s = only(&p);
    assert_eq!(s.language.value, Language::Python);
    assert_eq!(s.package_manager.value, PackageManager::Pipenv);
    assert_eq!(s.framework(), Some(Framework::Flask));
    assert_eq!(s.language_version.value, "3.11");
    assert_eq!(
        s.start_command.value,
        ["gunicorn", "links:create_app()", "--bind", "0.0.0.0:8000"]
    );
    assert_eq!(s.metrics_path(), Some("/metrics"));
    assert_eq!(s.test_command.as_ref().unwrap().value, "pipenv run pytest");
    let r = s.runner_up.as_ref().expect("runner-up");
    assert_eq!(r.language, Language::Node);
    assert_eq!(r.confidence, Confidence::Low);
    assert!(
        r.why_not.contains("without a start script"),
        "{}",
        r.why_not
    );
    // The loser's advice (no lockfile for the tooling package.json) is not shown.
    assert!(
        !p.notes.iter().any(|n| n.contains("package.json")),
        "{:?}",
        p.notes
    );
    let text = report::render(&p, true);
    assert!(text.contains("runner-up"), "{text}");
}

#[test]
fn guessed_values_say_so_with_a_reason_and_found_values_cite_files() {
    let go = fixture("go");
    let s = only(&go);
    assert!(!s.port.is_guessed(), "\":8080\" in cmd/api/main.go");
    assert!(
        !s.readiness_path.is_guessed(),
        "GET /readyz in cmd/api/main.go"
    );
    assert!(s.test_command.as_ref().unwrap().is_guessed());
    assert!(!s.metrics_path.as_ref().unwrap().is_guessed());
    // Only a liveness route: readiness uses it rather than a route that does not exist.
    let bun = fixture("bun");
    let b = only(&bun);
    assert_eq!(b.readiness_path.value, "/health");
    assert!(b.readiness_path.is_guessed());
    // No route at all: the conventional paths, and a note saying to add them.
    let django = fixture("django-poetry");
    assert!(
        django
            .notes
            .iter()
            .any(|n| n.contains("no health route found in the code: add /healthz")),
        "{:?}",
        django.notes
    );
    let d = only(&django);
    assert!(d.port.is_guessed());
    assert!(
        !d.start_command.is_guessed(),
        "WSGI_APPLICATION in settings"
    );
    assert!(d.test_command.as_ref().unwrap().is_guessed());
    let text = report::render(&django, true);
    assert!(
        text.contains("(guessed)") && text.contains("default: "),
        "{text}"
    );
    assert!(text.contains("mysite/settings.py"), "{text}");
}

#[test]
fn monorepo_members_are_services_and_the_library_is_not() {
    let p = fixture("pnpm-monorepo");
    assert!(matches!(&p.layout, Layout::Monorepo { tool, .. } if tool == "pnpm-workspace"));
    let names: Vec<&str> = p.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["api", "web"]);
    assert!(
        p.services
            .iter()
            .all(|s| s.context == "." && s.builds_from_root())
    );
    assert!(
        p.notes
            .iter()
            .any(|n| n.starts_with("packages/ui: not a service")),
        "{:?}",
        p.notes
    );
}

#[test]
fn cargo_workspace_members_with_bins_are_services_built_from_the_root() {
    let p = fixture("cargo-workspace");
    assert!(matches!(&p.layout, Layout::Monorepo { tool, .. } if tool == "cargo-workspace"));
    let names: Vec<&str> = p.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["gateway", "worker"]);
    let gw = p.service("gateway").unwrap();
    assert_eq!(gw.framework(), Some(Framework::ActixWeb));
    assert_eq!(gw.port.value, 9000);
    assert_eq!(gw.health_path.value, "/livez");
    assert_eq!(gw.language_version.value, "1.82");
    assert_eq!(
        gw.build_command.as_ref().unwrap().value,
        "cargo build --release --locked -p gateway --bin gateway"
    );
    assert_eq!(gw.context, ".");
    let worker = p.service("worker").unwrap();
    assert_eq!(worker.kind, ServiceKind::Worker);
    assert_eq!(
        worker
            .backing_services
            .iter()
            .map(|b| b.value)
            .collect::<Vec<_>>(),
        [BackingService::Postgres, BackingService::Rabbitmq]
    );
    assert!(
        p.notes
            .iter()
            .any(|n| n.starts_with("crates/shared: not a service"))
    );
}

#[test]
fn go_work_modules_are_services_and_the_library_module_is_not() {
    let p = fixture("go-multi-module");
    assert!(matches!(&p.layout, Layout::Monorepo { tool, .. } if tool == "go-multi-module"));
    let billing = p.service("billing").unwrap();
    assert_eq!(billing.framework(), Some(Framework::Gin));
    assert_eq!(billing.port.value, 8090);
    assert_eq!(billing.context, "services/billing");
    assert_eq!(billing.backing_services[0].value, BackingService::Postgres);
    let search = p.service("search").unwrap();
    assert_eq!(search.framework(), Some(Framework::Echo));
    assert_eq!(search.language_version.value, "1.22");
    assert_eq!(search.start_command.value, ["/app/search"]);
    assert_eq!(p.services.len(), 2, "pkg/common is a library");
}

#[test]
fn several_roots_frontend_and_backend_are_two_services() {
    let dir = scratch(&[
        (
            "frontend/package.json",
            r#"{"name":"frontend","scripts":{"build":"vite build"},"devDependencies":{"vite":"^5"}}"#,
        ),
        ("frontend/index.html", "<!doctype html>\n"),
        ("frontend/package-lock.json", "{}\n"),
        (
            "backend/pyproject.toml",
            "[project]\nname = \"backend\"\nrequires-python = \">=3.13\"\ndependencies = [\"fastapi\", \"uvicorn\", \"asyncpg\"]\n",
        ),
        ("backend/uv.lock", "version = 1\n"),
        (
            "backend/src/backend/main.py",
            "from fastapi import FastAPI\n\napi = FastAPI()\n",
        ),
    ]);
    let p = detect(dir.path()).unwrap();
    assert!(matches!(&p.layout, Layout::Monorepo { tool, .. } if tool == "several-roots"));
    let b = p.service("backend").unwrap();
    assert_eq!(b.start_command.value[1], "backend.main:api");
    assert_eq!(b.language_version.value, "3.13");
    assert_eq!(b.context, "backend");
    let f = p.service("frontend").unwrap();
    assert_eq!(f.kind, ServiceKind::Static);
}

#[test]
fn npm_workspaces_scope_commands_to_the_member() {
    let dir = scratch(&[
        (
            "package.json",
            r#"{"name":"mono","workspaces":["services/*"],"devDependencies":{"turbo":"^2"}}"#,
        ),
        ("package-lock.json", "{}\n"),
        (
            "services/orders/package.json",
            r#"{"name":"@mono/orders","scripts":{"start":"node src/main.js","test":"node --test"},"dependencies":{"@nestjs/core":"^10","mysql2":"^3"}}"#,
        ),
    ]);
    let p = detect(dir.path()).unwrap();
    assert!(matches!(&p.layout, Layout::Monorepo { tool, .. } if tool == "npm-workspaces"));
    let s = only(&p);
    assert_eq!(s.name, "orders");
    assert_eq!(
        s.test_command.as_ref().unwrap().value,
        "npm run test --workspace @mono/orders"
    );
    assert_eq!(s.framework(), Some(Framework::NestJs));
    assert_eq!(s.backing_services[0].value, BackingService::Mysql);
    assert_eq!(s.package_manager.value, PackageManager::Npm);
}

#[test]
fn malformed_manifests_become_notes_not_panics() {
    let dir = scratch(&[
        ("package.json", "{\"name\": \"broken\", \"scripts\": {"),
        ("pyproject.toml", "[project\nname = "),
        ("Cargo.toml", "[package]\nname = 3 = 4\n"),
        ("pom.xml", "<project><parent><artifactId>"),
        ("composer.json", "not json"),
        ("go.mod", "module\n\ngo\n"),
        ("Gemfile", "gem \"rails\n"),
        (
            "x.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><TargetFramework>net",
        ),
    ]);
    let p = detect(dir.path()).unwrap();
    let notes = p.notes.join("\n");
    assert!(notes.contains("package.json is not valid JSON"), "{notes}");
    assert!(
        notes.contains("pyproject.toml is not valid TOML"),
        "{notes}"
    );
    assert!(notes.contains("composer.json is not valid JSON"), "{notes}");
    let _ = report::render(&p, true);
    let dir = scratch(&[
        ("pnpm-workspace.yaml", "packages:\n  - [\n  - \"{{\"\n"),
        ("package.json", "{\"workspaces\": 3}"),
        ("go.work", "use (\n"),
    ]);
    let p = detect(dir.path()).unwrap();
    assert!(p.services.is_empty());
}

#[test]
fn walk_is_bounded_in_depth_files_and_bytes() {
    let deep = "a/b/c/d/e/f/g/h/i/j/package.json";
    let dir = scratch(&[(deep, r#"{"name":"deep","scripts":{"start":"node x.js"}}"#)]);
    let p = detect(dir.path()).unwrap();
    assert!(p.services.is_empty());
    assert!(
        p.notes.iter().any(|n| n.contains("deeper than")),
        "{:?}",
        p.notes
    );

    let many = tempfile::tempdir().unwrap();
    for i in 0..50 {
        std::fs::write(many.path().join(format!("f{i:02}.txt")), "x").unwrap();
    }
    let limits = Limits {
        max_files: 10,
        ..Limits::default()
    };
    let p = detect_with_limits(many.path(), &limits).unwrap();
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("stopped listing files after 10"))
    );

    let big = "x".repeat(2048);
    let dir = scratch(&[("package.json", &format!(r#"{{"name":"{big}"}}"#))]);
    let limits = Limits {
        max_read: 1024,
        ..Limits::default()
    };
    let p = detect_with_limits(dir.path(), &limits).unwrap();
    assert!(
        p.notes.iter().any(|n| n.contains("larger than 1 KiB")),
        "{:?}",
        p.notes
    );

    // Dependency directories are never entered.
    let dir = scratch(&[
        (
            "package.json",
            r#"{"name":"x","scripts":{"start":"node a.js"}}"#,
        ),
        ("node_modules/dep/Dockerfile", "FROM scratch\n"),
        ("node_modules/dep/package.json", "{}"),
    ]);
    let p = detect(dir.path()).unwrap();
    assert!(p.existing.dockerfiles.is_empty());
}

#[test]
fn repository_from_git_remote_in_https_ssh_and_scp_forms() {
    let cases = [
        (
            "https://github.com/acme/shop.git",
            GitHost::Github,
            "acme/shop",
        ),
        ("git@github.com:acme/shop.git", GitHost::Github, "acme/shop"),
        (
            "ssh://git@gitlab.com/group/sub/app.git",
            GitHost::Gitlab,
            "group/sub/app",
        ),
        (
            "https://oauth2:tok@gitlab.example.com/team/app",
            GitHost::Gitlab,
            "team/app",
        ),
    ];
    for (url, host, slug) in cases {
        let config = format!(
            "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = https://github.com/other/x.git\n[remote \"origin\"]\n\turl = {url}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
        );
        let dir = scratch(&[(".git/config", &config), ("go.mod", "module x\n")]);
        let p = detect(dir.path()).unwrap();
        assert_eq!(p.repository.host, Some(host), "{url}");
        assert_eq!(p.repository.slug.as_deref(), Some(slug), "{url}");
        assert!(
            !p.repository.url.as_deref().unwrap().contains("tok@"),
            "{url}"
        );
    }
}

#[test]
fn existing_delivery_files_and_compose_backing_services_are_found() {
    let dir = scratch(&[
        (
            "package.json",
            r#"{"name":"x","scripts":{"start":"node a.js"},"dependencies":{"express":"^4"}}"#,
        ),
        ("package-lock.json", "{}"),
        ("Dockerfile", "FROM node:22\n"),
        ("docker/worker.Dockerfile", "FROM node:22\n"),
        (
            "docker-compose.yml",
            "services:\n  db:\n    image: \"postgres:16-alpine\"\n  mq:\n    image: rabbitmq:4-management\n",
        ),
        (
            "charts/x/Chart.yaml",
            "apiVersion: v2\nname: x\nversion: 0.1.0\n",
        ),
        ("infra/main.tf", "terraform {}\n"),
        ("infra/vars.tf", "\n"),
        (".github/workflows/ci.yml", "on: push\n"),
        (".gitlab-ci.yml", "stages: [test]\n"),
    ]);
    let p = detect(dir.path()).unwrap();
    let e = &p.existing;
    assert_eq!(e.dockerfiles, ["Dockerfile", "docker/worker.Dockerfile"]);
    assert_eq!(e.compose_files, ["docker-compose.yml"]);
    assert_eq!(e.charts, ["charts/x"]);
    assert_eq!(e.terraform_dirs, ["infra"]);
    assert_eq!(e.github_workflows, [".github/workflows/ci.yml"]);
    assert!(e.gitlab_ci);
    let s = only(&p);
    let backing: Vec<_> = s.backing_services.iter().map(|b| b.value).collect();
    assert_eq!(
        backing,
        [BackingService::Postgres, BackingService::Rabbitmq]
    );
    assert!(!s.backing_services[0].is_guessed());
}

#[test]
fn no_lockfile_is_a_note_and_a_guess() {
    let dir = scratch(&[(
        "package.json",
        r#"{"name":"x","scripts":{"start":"node a.js"},"dependencies":{"fastify":"^5"}}"#,
    )]);
    let p = detect(dir.path()).unwrap();
    let s = only(&p);
    assert!(s.package_manager.is_guessed());
    assert_eq!(s.confidence, Confidence::Medium);
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("installs will not be reproducible"))
    );
}

#[test]
fn other_languages_language_package_manager_and_framework() {
    let rails = fixture("ruby-rails");
    let s = only(&rails);
    assert_eq!(
        (s.language.value, s.package_manager.value, s.framework()),
        (
            Language::Ruby,
            PackageManager::Bundler,
            Some(Framework::Rails)
        )
    );
    assert_eq!(
        (
            s.language_version.value.as_str(),
            s.health_path.value.as_str()
        ),
        ("3.3", "/up")
    );
    let php = fixture("php-laravel");
    let s = only(&php);
    assert_eq!(
        (s.language.value, s.package_manager.value, s.framework()),
        (
            Language::Php,
            PackageManager::Composer,
            Some(Framework::Laravel)
        )
    );
    assert_eq!(php.name, "helpdesk");
    let backing: Vec<_> = s.backing_services.iter().map(|b| b.value).collect();
    assert_eq!(backing, [BackingService::Postgres, BackingService::Redis]);
    let dotnet = fixture("dotnet");
    let s = only(&dotnet);
    assert_eq!(
        (s.language.value, s.package_manager.value, s.framework()),
        (
            Language::DotNet,
            PackageManager::NuGet,
            Some(Framework::AspNetCore)
        )
    );
    assert_eq!(s.dir, "Weather.Api");
    assert_eq!(s.start_command.value, ["dotnet", "Weather.Api.dll"]);
    assert_eq!(s.language_version.value, "8.0");
    let gradle = fixture("gradle-kotlin");
    let s = only(&gradle);
    assert_eq!(gradle.name, "catalog");
    assert_eq!(s.package_manager.value, PackageManager::Gradle);
    assert_eq!(s.port.value, 8081, "server.port ${{PORT:8081}}");
    assert_eq!(s.metrics_path(), Some("/actuator/prometheus"));
    assert_eq!(s.language_version.value, "21");
}

#[test]
fn member_names_are_dns_safe_and_unique() {
    let member = r#"{"name":"m","scripts":{"start":"node a.js"}}"#;
    let dir = scratch(&[
        (
            "package.json",
            r#"{"name":"x","workspaces":["apps/*","services/*"]}"#,
        ),
        ("yarn.lock", "# yarn lockfile v1\n"),
        ("apps/api/package.json", member),
        ("services/api/package.json", member),
        ("apps/My App!/package.json", member),
        ("apps/9lives/package.json", member),
    ]);
    let p = detect(dir.path()).unwrap();
    assert!(matches!(&p.layout, Layout::Monorepo { tool, .. } if tool == "yarn-workspaces"));
    let names: Vec<&str> = p.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["api", "app-9lives", "my-app", "services-api"]);
    let api = p.service("services-api").unwrap();
    assert_eq!(api.dir, "services/api");
    assert_eq!(
        api.start_command.value,
        ["node", "a.js"],
        "a plain node start script runs without the package manager"
    );
}

#[test]
fn detecting_this_repository_is_bounded_and_does_not_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let p = detect(&root).unwrap();
    assert!(matches!(&p.layout, Layout::Monorepo { tool, .. } if tool == "cargo-workspace"));
    assert!(
        p.services
            .iter()
            .any(|s| s.language.value == Language::Rust && s.dir == "crates/plimsoll"),
        "{:#?}",
        p.services.iter().map(|s| &s.dir).collect::<Vec<_>>()
    );
}

#[test]
fn several_go_modules_without_go_work_and_a_celery_worker() {
    let main = "package main\n\nfunc main() {}\n";
    let dir = scratch(&[
        ("a/go.mod", "module example.com/a\n\ngo 1.23.2\n"),
        ("a/main.go", main),
        ("b/go.mod", "module example.com/b/v2\n\ngo 1.23.2\n"),
        ("b/cmd/b-server/main.go", main),
        ("b/cmd/migrate/main.go", main),
    ]);
    let p = detect(dir.path()).unwrap();
    assert!(matches!(&p.layout, Layout::Monorepo { tool, .. } if tool == "go-multi-module"));
    let b = p.service("b").unwrap();
    assert_eq!(b.start_command.value, ["/app/b-server"]);
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("migrate is not deployed")),
        "{:?}",
        p.notes
    );
    assert_eq!(p.service("a").unwrap().start_command.value, ["/app/a"]);

    let dir = scratch(&[("requirements.txt", "celery[amqp]==5.4.0\nredis==5.2.0\n")]);
    let p = detect(dir.path()).unwrap();
    let s = only(&p);
    assert_eq!(s.kind, ServiceKind::Worker);
    assert_eq!(s.name, "worker");
    assert_eq!(s.package_manager.value, PackageManager::Pip);
    let backing: Vec<_> = s.backing_services.iter().map(|b| b.value).collect();
    assert_eq!(backing, [BackingService::Redis, BackingService::Rabbitmq]);
}

#[test]
fn plain_text_report_marks_guesses_and_points_to_explain() {
    let text = report::render(&fixture("go"), false);
    insta::assert_snapshot!("go__text", text);
    assert!(
        text.contains("test           go test ./... (guessed)"),
        "{text}"
    );
    assert!(text.contains("--explain"), "{text}");
    assert!(!text.contains('←'), "evidence only with --explain: {text}");
}

#[test]
fn remix_serve_start_script_runs_the_server_binary_and_tsx_is_not_used_in_production() {
    let dir = scratch(&[
        (
            "package.json",
            r#"{"name":"r","scripts":{"build":"remix vite:build","start":"remix-serve ./build/server/index.js"},"dependencies":{"@remix-run/node":"^2","@remix-run/serve":"^2"}}"#,
        ),
        ("package-lock.json", "{}"),
    ]);
    let p = detect(dir.path()).unwrap();
    let s = only(&p);
    assert_eq!(s.framework(), Some(Framework::Remix));
    assert_eq!(s.name, "web");
    assert_eq!(
        s.start_command.value,
        ["node_modules/.bin/remix-serve", "./build/server/index.js"]
    );
    let dir = scratch(&[
        (
            "package.json",
            r#"{"name":"t","scripts":{"start":"tsx src/index.ts"},"dependencies":{"express":"^4"}}"#,
        ),
        ("package-lock.json", "{}"),
    ]);
    let p = detect(dir.path()).unwrap();
    let s = only(&p);
    assert!(s.start_command.is_guessed(), "{:?}", s.start_command);
}

#[test]
fn pnpm_flow_list_and_tool_versions() {
    let dir = scratch(&[
        ("pnpm-workspace.yaml", "packages: ['apps/*']\n"),
        ("pnpm-lock.yaml", "lockfileVersion: '9.0'\n"),
        (".tool-versions", "python 3.13.1\nnodejs 20.18.1\n"),
        ("package.json", r#"{"name":"m","private":true}"#),
        (
            "apps/site/package.json",
            r#"{"name":"site","scripts":{"start":"node server.js"},"dependencies":{"express":"^4"}}"#,
        ),
    ]);
    let p = detect(dir.path()).unwrap();
    let s = only(&p);
    assert_eq!(s.name, "site");
    assert_eq!(s.language_version.value, "20");
    assert!(!s.language_version.is_guessed());
}

#[test]
fn candidate_service_directories_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..70 {
        write(
            dir.path(),
            &[(
                &format!("svc{i:02}/package.json"),
                r#"{"name":"s","scripts":{"start":"node a.js"}}"#,
            )],
        );
    }
    let p = detect(dir.path()).unwrap();
    assert_eq!(p.services.len(), 64);
    assert!(
        p.notes
            .iter()
            .any(|n| n.starts_with("70 candidate service directories")),
        "{:?}",
        p.notes
    );
}

#[test]
fn next_health_route_handler_and_bare_django_manage_py() {
    let dir = scratch(&[
        (
            "package.json",
            r#"{"name":"n","scripts":{"build":"next build"},"dependencies":{"next":"15.0.3"}}"#,
        ),
        ("package-lock.json", "{}"),
        (
            "next.config.ts",
            "export default { output: 'standalone' };\n",
        ),
        (
            "src/app/api/health/route.ts",
            "export const GET = () => Response.json({ ok: true });\n",
        ),
    ]);
    let p = detect(dir.path()).unwrap();
    let s = only(&p);
    assert_eq!(s.health_path.value, "/api/health");
    assert!(!s.health_path.is_guessed());
    assert_eq!(s.start_command.value, ["node", "server.js"]);

    let dir = scratch(&[(
        "manage.py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\nfrom django.core.management import execute_from_command_line\n",
    )]);
    let p = detect(dir.path()).unwrap();
    let s = only(&p);
    assert_eq!(s.framework(), Some(Framework::Django));
    assert_eq!(s.start_command.value[1], "shop.wsgi:application");
    assert_eq!(s.confidence, Confidence::Medium);
}

#[test]
fn node_and_go_processes_without_a_server_are_workers() {
    let dir = scratch(&[
        (
            "package.json",
            r#"{"name":"jobs","scripts":{"start":"node src/worker.js"},"dependencies":{"bullmq":"^5"}}"#,
        ),
        ("package-lock.json", "{}"),
        (
            "src/worker.js",
            "import { Worker } from 'bullmq';\nnew Worker('emails', async (job) => send(job.data));\n",
        ),
    ]);
    let p = detect(dir.path()).unwrap();
    let s = only(&p);
    assert_eq!((s.kind, s.name.as_str()), (ServiceKind::Worker, "worker"));
    assert_eq!(s.backing_services[0].value, BackingService::Redis);

    let dir = scratch(&[
        ("go.mod", "module example.com/consumer\n\ngo 1.23\n"),
        (
            "main.go",
            "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"consume\") }\n",
        ),
    ]);
    let p = detect(dir.path()).unwrap();
    assert_eq!(only(&p).kind, ServiceKind::Worker);
}

#[test]
fn odd_names_never_break_the_model() {
    let dir = scratch(&[
        ("requirements.txt", "fastapi==0.115.5\nuvicorn==0.32.0\n"),
        (
            "my app/main.py",
            "from fastapi import FastAPI\napp = FastAPI()\n",
        ),
        (
            "web-1/server.py",
            "from fastapi import FastAPI\n\napi = FastAPI()\n",
        ),
        (
            "package.json",
            r#"{"name":"it's \"quoted\"","scripts":{"start":"node \"a b.js\""}}"#,
        ),
    ]);
    let p = detect(dir.path()).unwrap();
    assert!(!p.name.contains(['"', '\'', ' ']), "{}", p.name);
    let s = only(&p);
    // Neither `my app` nor `web-1` is an importable package: a guess, not a broken module path.
    assert!(s.start_command.is_guessed(), "{:?}", s.start_command);
    assert_eq!(s.start_command.value[1], "main:app");
    let text = report::render(&p, true);
    assert!(text.contains("runner-up"), "{text}");
}

#[test]
fn task_runner_start_scripts_are_not_production_start_commands() {
    // `nx serve` (a dev server through a task runner), as in the RealWorld
    // Express example: never run it in the image; say the start is a guess.
    let dir = scratch(&[
        (
            "package.json",
            r#"{"name":"api","scripts":{"start":"nx serve","build":"nx build"},"dependencies":{"express":"4.18.1"}}"#,
        ),
        ("package-lock.json", r#"{"lockfileVersion":3}"#),
        ("src/main.ts", "app.listen(3000)"),
    ]);
    let project = plimsoll_generate::detect(dir.path()).unwrap();
    let svc = &project.services[0];
    assert!(
        !svc.start_command.value.iter().any(|w| w.contains("nx")),
        "{:?}",
        svc.start_command.value
    );
    assert!(svc.start_command.is_guessed());
}
