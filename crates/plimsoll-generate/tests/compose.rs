//! compose.yaml and .env.example generation (practices G02, C01–C08,
//! X01–X03): clean under every default rule together with the Dockerfiles,
//! consistent with them, no literal secrets.

// The shared helper predates the workspace clippy settings; not ours to edit.
#[allow(clippy::map_unwrap_or)]
mod support;

use plimsoll_generate::generators::dockerfile::probe_for;
use plimsoll_generate::model::{BackingService, Fact, Project};
use plimsoll_generate::options::{APP_UID, paths};
use plimsoll_generate::{ArtifactKind, GeneratedFile, Options, generate, samples};

fn compose_and_docker(project: &Project) -> Vec<GeneratedFile> {
    generate(
        project,
        &Options::for_project(project),
        &[ArtifactKind::Compose, ArtifactKind::Dockerfile],
    )
}

/// The block of one service: services are separated by blank lines.
fn service_block<'a>(compose: &'a str, name: &str) -> &'a str {
    let start = compose
        .find(&format!("\n  {name}:\n"))
        .unwrap_or_else(|| panic!("service {name} missing\n{compose}"))
        + 1;
    let rest = &compose[start..];
    &rest[..rest.find("\n\n").unwrap_or(rest.len())]
}

#[test]
fn every_sample_compose_with_its_dockerfiles_passes_every_rule_g02() {
    for (name, project) in samples::all() {
        let files = compose_and_docker(&project);
        support::file(&files, paths::COMPOSE);
        support::file(&files, paths::ENV_EXAMPLE);
        support::assert_clean(name, &files);
    }
}

#[test]
fn every_backing_service_combination_passes_every_rule_c01_c07() {
    let all = [
        BackingService::Postgres,
        BackingService::Redis,
        BackingService::Mysql,
        BackingService::Mongodb,
        BackingService::Rabbitmq,
    ];
    let mut project = samples::node_pnpm();
    project.services[0].backing_services =
        all.iter().map(|b| Fact::guessed(*b, "variant")).collect();
    let files = compose_and_docker(&project);
    let compose = support::file(&files, paths::COMPOSE);
    for b in all {
        assert!(compose.contains(&format!("\n  {b}:\n")), "{b} missing");
    }
    // Postgres and MySQL both want DATABASE_URL: the first wins, no duplicate key.
    assert_eq!(compose.matches("DATABASE_URL:").count(), 1);
    support::assert_clean("all backing services", &files);
}

#[test]
fn no_version_key_and_no_literal_secrets_c06_c08() {
    for (name, project) in samples::all() {
        let files = compose_and_docker(&project);
        let compose = support::file(&files, paths::COMPOSE);
        assert!(
            !compose.lines().any(|l| l.starts_with("version:")),
            "{name}"
        );
        for line in compose.lines() {
            let t = line.trim();
            if let Some((k, v)) = t.split_once(": ")
                && (k.contains("PASSWORD") || k.contains("_PASS"))
            {
                assert!(
                    v.starts_with("\"${") && v.contains(":?"),
                    "{name}: {k} is not a required interpolation: {v}"
                );
            }
        }
        let env = support::file(&files, paths::ENV_EXAMPLE);
        for line in env.lines().filter(|l| l.contains("PASSWORD=")) {
            assert!(line.ends_with('='), "{name}: example has a value: {line}");
        }
    }
}

#[test]
fn app_services_build_the_runtime_stage_and_never_run_latest_c05_x04() {
    for (name, project) in samples::all() {
        let options = Options::for_project(&project);
        let files = compose_and_docker(&project);
        let compose = support::file(&files, paths::COMPOSE);
        for svc in &project.services {
            let block = service_block(compose, &svc.name);
            assert!(block.contains("      target: runtime\n"), "{name}\n{block}");
            assert!(
                block.contains(&format!("image: \"{}:${{TAG:-dev}}\"", options.image(svc))),
                "{name}\n{block}"
            );
            let dockerfile = paths::dockerfile(svc);
            let ctx_rel = if svc.context == "." {
                dockerfile.clone()
            } else {
                dockerfile[svc.context.len() + 1..].to_owned()
            };
            assert!(
                block.contains(&format!("dockerfile: \"{ctx_rel}\"")),
                "{name}"
            );
            // The Dockerfile named exists among the generated files.
            support::file(&files, &dockerfile);
        }
        assert!(!compose.contains(":latest"), "{name}");
    }
}

#[test]
fn ports_healthchecks_and_user_agree_with_the_dockerfile_x01_x02_x03() {
    for (name, project) in samples::all() {
        let files = compose_and_docker(&project);
        let compose = support::file(&files, paths::COMPOSE);
        for svc in &project.services {
            let block = service_block(compose, &svc.name);
            let port = svc.port.value;
            // Workers publish nothing; their health port stays inside.
            if svc.kind != plimsoll_generate::model::ServiceKind::Worker {
                assert!(
                    block.contains(&format!(":{port}'\n")),
                    "{name}: container port {port} not published\n{block}"
                );
                assert!(
                    block.contains("'127.0.0.1:"),
                    "{name}: published beyond loopback"
                );
            }
            let df = support::file(&files, &paths::dockerfile(svc));
            assert!(df.contains(&format!("\nEXPOSE {port}\n")));
            // Same probe command in both files.
            let test_line = block
                .lines()
                .find(|l| l.trim_start().starts_with("test: ["))
                .expect("healthcheck test");
            let test: Vec<String> =
                serde_json::from_str(test_line.trim_start().trim_start_matches("test: ")).unwrap();
            assert_eq!(test[0], "CMD");
            assert_eq!(test[1..], probe_for(svc).argv(svc)[..], "{name}");
            assert!(
                test.iter().any(|a| a.contains(&svc.health_path.value)),
                "{name}"
            );
            assert!(block.contains(&format!("user: \"{APP_UID}:{APP_UID}\"")));
            assert!(df.contains(&format!("USER {APP_UID}:{APP_UID}")));
        }
    }
}

#[test]
fn every_service_is_hardened_limited_restarted_and_rotates_logs_c02_c03_c04() {
    for (name, project) in samples::all() {
        let files = compose_and_docker(&project);
        let compose = support::file(&files, paths::COMPOSE);
        let mut names: Vec<String> = project.services.iter().map(|s| s.name.clone()).collect();
        names.extend(project.backing_services().iter().map(ToString::to_string));
        for svc in names {
            let block = service_block(compose, &svc);
            for needle in [
                "restart: unless-stopped",
                "no-new-privileges:true",
                "cap_drop:\n      - ALL",
                "limits:\n          cpus:",
                "reservations:\n          cpus:",
                "max-size: 10m",
                "max-file: \"3\"",
                "healthcheck:",
            ] {
                assert!(
                    block.contains(needle),
                    "{name}/{svc}: no `{needle}`\n{block}"
                );
            }
        }
    }
}

#[test]
fn apps_wait_for_healthy_backing_services_with_urls_from_variables_c01_c06() {
    let project = samples::node_pnpm();
    let files = compose_and_docker(&project);
    let compose = support::file(&files, paths::COMPOSE);
    let api = service_block(compose, "api");
    assert!(api.contains("depends_on:\n      postgres:\n        condition: service_healthy\n      redis:\n        condition: service_healthy\n"));
    assert!(api.contains("DATABASE_URL: \"postgres://${POSTGRES_USER:-app}:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env (see .env.example)}@postgres:5432/${POSTGRES_DB:-app}\""));
    assert!(api.contains("REDIS_URL: \"redis://:${REDIS_PASSWORD:?"));
    let pg = service_block(compose, "postgres");
    assert!(pg.contains("image: postgres:17.2-alpine"));
    assert!(pg.contains("pg_isready"));
    assert!(pg.contains("- postgres-data:/var/lib/postgresql/data"));
    assert!(!pg.contains("ports:"), "backing services stay off the host");
    assert!(compose.contains("\nvolumes:\n  postgres-data:\n  redis-data:\n"));
    let env = support::file(&files, paths::ENV_EXAMPLE);
    for var in [
        "TAG=dev",
        "POSTGRES_PASSWORD=",
        "REDIS_PASSWORD=",
        "POSTGRES_USER=app",
    ] {
        assert!(
            env.lines().any(|l| l == var),
            "{var} missing from .env.example"
        );
    }
}

#[test]
fn host_ports_never_collide() {
    let mut project = samples::pnpm_monorepo();
    project.services[1].port = project.services[0].port.clone();
    let files = compose_and_docker(&project);
    let compose = support::file(&files, paths::COMPOSE);
    assert!(compose.contains("'127.0.0.1:4000:4000'"));
    assert!(compose.contains("'127.0.0.1:4001:4000'"));
    support::assert_clean("same port twice", &files);
}

#[test]
fn read_only_roots_keep_writable_paths_in_tmpfs() {
    let files = compose_and_docker(&samples::nextjs_npm());
    let web = service_block(support::file(&files, paths::COMPOSE), "web");
    assert!(web.contains("read_only: true"));
    assert!(web.contains("- \"/app/.next/cache\""));
    let files = compose_and_docker(&samples::laravel());
    let app = service_block(support::file(&files, paths::COMPOSE), "app");
    assert!(!app.contains("read_only"), "FrankenPHP writes its state");
}

#[test]
fn services_are_in_alphabetical_order() {
    let files = compose_and_docker(&samples::rails());
    let compose = support::file(&files, paths::COMPOSE);
    let names: Vec<&str> = compose
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   ") && l.ends_with(':'))
        .map(|l| l.trim().trim_end_matches(':'))
        .collect();
    assert_eq!(
        names,
        ["postgres", "redis", "web", "postgres-data", "redis-data"]
    );
}

#[test]
fn snapshots() {
    for (sample, project) in samples::all() {
        let files = generate(
            &project,
            &Options::for_project(&project),
            &[ArtifactKind::Compose],
        );
        for f in files {
            let name = format!("{sample}__{}", f.path).replace(['/', '.'], "_");
            insta::assert_snapshot!(name, f.contents);
        }
    }
}

#[test]
fn workers_publish_nothing_and_still_pass_every_rule() {
    let mut project = samples::fastapi_uv();
    let mut worker = project.services[0].clone();
    worker.name = "worker".to_owned();
    worker.kind = plimsoll_generate::model::ServiceKind::Worker;
    worker.dir = "worker".to_owned();
    worker.context = "worker".to_owned();
    project.services.push(worker);
    let files = compose_and_docker(&project);
    let block = service_block(support::file(&files, paths::COMPOSE), "worker");
    assert!(!block.contains("ports:"));
    // Its health endpoint is checked like any other (the chart probes it too).
    assert!(block.contains("healthcheck:") && !block.contains("disable: true"));
    assert!(block.contains("dockerfile: \"Dockerfile\""));
    assert!(block.contains("context: \"worker\""));
    support::assert_clean("worker", &files);
}
