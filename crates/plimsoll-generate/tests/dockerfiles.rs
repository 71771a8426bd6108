// Named dockerfiles.rs: plimsoll classifies a file named `dockerfile.<ext>` as a Dockerfile.
//! Dockerfile and `.dockerignore` generation (practices G02, D01–D15,
//! X01–X03): every sample and every language/package-manager variant passes
//! every default plimsoll rule, and the images agree with the model.

// The shared helper predates the workspace clippy settings; not ours to edit.
#[allow(clippy::map_unwrap_or)]
mod support;

use plimsoll_generate::model::{
    BackingService, Evidence, Fact, Framework, Language, PackageManager, Project, Service,
    ServiceKind,
};
use plimsoll_generate::options::{APP_UID, paths};
use plimsoll_generate::{ArtifactKind, GeneratedFile, Options, generate, samples};

fn docker_files(project: &Project) -> Vec<GeneratedFile> {
    generate(
        project,
        &Options::for_project(project),
        &[ArtifactKind::Dockerfile],
    )
}

/// One project holding one service.
fn single(svc: Service) -> Project {
    let mut p = samples::node_pnpm();
    p.services = vec![svc];
    p
}

/// The instructions of the final stage (from the last `FROM`).
fn final_stage(dockerfile: &str) -> &str {
    let at = dockerfile.rfind("\nFROM ").expect("a FROM line");
    &dockerfile[at + 1..]
}

/// Instruction lines (comments dropped, continuations kept as lines).
fn instructions(dockerfile: &str) -> Vec<&str> {
    dockerfile
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .collect()
}

/// The JSON array of an exec-form instruction (`CMD [...]`), parsed.
fn exec_form(line: &str) -> Vec<String> {
    let start = line.find('[').expect("exec form");
    serde_json::from_str(&line[start..]).expect("valid JSON array")
}

/// `HEALTHCHECK ... \` + `    CMD [...]` joined.
fn healthcheck_argv(dockerfile: &str) -> Vec<String> {
    let at = dockerfile.find("HEALTHCHECK ").expect("HEALTHCHECK");
    let cmd = dockerfile[at..]
        .lines()
        .find(|l| l.trim_start().starts_with("CMD ["))
        .expect("HEALTHCHECK CMD line");
    exec_form(cmd)
}

#[test]
fn every_sample_dockerfile_and_dockerignore_pass_every_rule_g02() {
    for (name, project) in samples::all() {
        let files = docker_files(&project);
        for svc in &project.services {
            support::file(&files, &paths::dockerfile(svc));
            support::file(&files, &paths::dockerignore(svc));
        }
        support::assert_clean(name, &files);
    }
}

/// Every package manager, framework shape and service kind the generator
/// knows, as single-service projects.
fn variants() -> Vec<(String, Service)> {
    let mut out = Vec::new();
    let node = [
        PackageManager::Npm,
        PackageManager::Pnpm,
        PackageManager::YarnClassic,
        PackageManager::YarnBerry,
        PackageManager::Bun,
    ];
    for pm in node {
        // With a build step and output, and plain source without one.
        let mut built = samples::node_pnpm().services.remove(0);
        built.package_manager = Fact::guessed(pm, "variant");
        out.push((format!("node-built-{pm}"), built.clone()));
        let mut plain = built.clone();
        plain.build_command = None;
        plain.build_output = None;
        out.push((format!("node-plain-{pm}"), plain));
        let mut unknown_output = built;
        unknown_output.build_output = None;
        out.push((format!("node-no-output-{pm}"), unknown_output));
        let mut site = samples::vite_yarn().services.remove(0);
        site.package_manager = Fact::guessed(pm, "variant");
        out.push((format!("static-{pm}"), site));
    }
    for pm in [
        PackageManager::Uv,
        PackageManager::Poetry,
        PackageManager::Pipenv,
        PackageManager::Pip,
    ] {
        let mut svc = samples::fastapi_uv().services.remove(0);
        svc.package_manager = Fact::guessed(pm, "variant");
        out.push((format!("python-{pm}"), svc));
    }
    for (pm, build) in [
        (PackageManager::Maven, "./mvnw -B package"),
        (PackageManager::Maven, "mvn -B package"),
        (PackageManager::Gradle, "./gradlew build"),
        (PackageManager::Gradle, "gradle build"),
    ] {
        let mut svc = samples::spring_maven().services.remove(0);
        svc.package_manager = Fact::guessed(pm, "variant");
        svc.build_command = Some(Fact::guessed(build.to_owned(), "variant"));
        out.push((format!("java-{build}"), svc));
    }
    let mut worker = samples::go_service().services.remove(0);
    worker.kind = ServiceKind::Worker;
    out.push(("go-worker".to_owned(), worker));
    let mut go_plain = samples::go_service().services.remove(0);
    go_plain.build_command = None;
    go_plain.start_command = Fact::guessed(Vec::new(), "none found");
    out.push(("go-no-build-command".to_owned(), go_plain));
    for (lang, pm) in [
        (Language::Ruby, PackageManager::Bundler),
        (Language::Php, PackageManager::Composer),
        (Language::DotNet, PackageManager::NuGet),
    ] {
        // Defaults only: no start command, no framework.
        out.push((
            format!("{lang}-defaults"),
            samples::service("svc", lang, pm, ""),
        ));
    }
    let mut redis_php = samples::laravel().services.remove(0);
    redis_php
        .backing_services
        .push(Fact::guessed(BackingService::Redis, "variant"));
    out.push(("php-redis".to_owned(), redis_php));
    out
}

#[test]
fn every_language_and_package_manager_variant_passes_every_rule_d01_d15() {
    for (name, svc) in variants() {
        support::assert_clean(&name, &docker_files(&single(svc)));
    }
}

#[test]
fn hostile_names_paths_and_commands_do_not_break_the_dockerfile_d15() {
    let mut svc = samples::node_pnpm().services.remove(0);
    svc.dir = "services/my api".to_owned();
    svc.context = ".".to_owned();
    svc.health_path = Fact::guessed("/health check'\"$(x)".to_owned(), "hostile");
    svc.start_command = Fact::guessed(
        vec![
            "node".to_owned(),
            "dist/server \"quoted\".js".to_owned(),
            "it's".to_owned(),
        ],
        "hostile",
    );
    svc.build_command = Some(Fact::guessed(
        "pnpm run build\nrm -rf /".to_owned(),
        "hostile",
    ));
    let files = docker_files(&single(svc.clone()));
    let df = support::file(&files, "services/my api/Dockerfile");
    // The command survives as one exec-form argument each.
    let cmd = instructions(df)
        .into_iter()
        .rfind(|l| l.starts_with("CMD "))
        .expect("CMD");
    assert_eq!(exec_form(cmd), svc.start_command.value);
    // The build command stays on one RUN line.
    assert!(df.contains("RUN pnpm run build rm -rf /\n"), "{df}");
    // The health URL is percent-encoded: no quote can end the script string.
    let probe = healthcheck_argv(df);
    assert!(
        probe[2].contains("/health%20check%27%22%24%28x%29"),
        "{probe:?}"
    );
    // Paths with spaces use the JSON form of COPY.
    assert!(
        df.contains("COPY --from=build --chown=10001:10001 [\"/app/services/my api/dist\""),
        "{df}"
    );
    support::assert_clean("hostile", &files);
}

#[test]
fn expose_equals_the_model_port_x01() {
    for (name, project) in samples::all() {
        let files = docker_files(&project);
        for svc in &project.services {
            let df = support::file(&files, &paths::dockerfile(svc));
            let exposed: Vec<&str> = instructions(final_stage(df))
                .into_iter()
                .filter_map(|l| l.strip_prefix("EXPOSE "))
                .collect();
            assert_eq!(exposed, vec![svc.port.value.to_string()], "{name}");
        }
    }
}

#[test]
fn healthcheck_probes_the_liveness_path_on_the_port_x02_d04() {
    for (name, project) in samples::all() {
        let files = docker_files(&project);
        for svc in &project.services {
            let df = support::file(&files, &paths::dockerfile(svc));
            let argv = healthcheck_argv(df);
            let url = format!(
                "http://127.0.0.1:{}{}",
                svc.port.value, svc.health_path.value
            );
            assert!(
                argv.iter()
                    .any(|a| a.contains(&format!("'{url}'")) || *a == url),
                "{name}: {argv:?} does not probe {url}"
            );
            // Not the readiness path when they differ (liveness checks the process only).
            if svc.readiness_path.value != svc.health_path.value {
                assert!(!argv.iter().any(|a| a.contains(&svc.readiness_path.value)));
            }
        }
    }
}

#[test]
fn final_user_is_the_numeric_app_uid_d02_x03() {
    for (name, project) in samples::all() {
        let files = docker_files(&project);
        for svc in &project.services {
            let df = support::file(&files, &paths::dockerfile(svc));
            let users: Vec<&str> = instructions(final_stage(df))
                .into_iter()
                .filter_map(|l| l.strip_prefix("USER "))
                .collect();
            assert_eq!(users, vec![format!("{APP_UID}:{APP_UID}")], "{name}");
            // Files the app owns are handed over with COPY --chown, never chown -R.
            assert!(!df.contains("chown -R"), "{name}");
        }
    }
}

#[test]
fn lockfile_and_manifests_are_copied_before_the_source_d07_d08() {
    for (name, project) in samples::all() {
        let files = docker_files(&project);
        for svc in &project.services {
            let df = support::file(&files, &paths::dockerfile(svc));
            let lock =
                svc.package_manager
                    .value
                    .lockfile()
                    .unwrap_or(match svc.package_manager.value {
                        PackageManager::Maven => "pom.xml",
                        PackageManager::Gradle => "build.gradle",
                        _ => "requirements.txt",
                    });
            if svc.language.value == Language::Rust {
                // Cargo cannot fetch without the sources; the registry and
                // target/ cache mounts keep dependency builds instead.
                assert!(df.contains("--mount=type=cache,target=/src/target"));
                continue;
            }
            let lock = if svc.language.value == Language::DotNet {
                "*.csproj"
            } else {
                lock
            };
            let lock_at = df
                .lines()
                .position(|l| l.starts_with("COPY ") && !l.contains("--from") && l.contains(lock))
                .unwrap_or_else(|| panic!("{name}: {lock} never copied alone\n{df}"));
            let source_at = df
                .lines()
                .position(|l| l == "COPY . ." || l.starts_with("COPY --chown=10001:10001 . "))
                .expect("source copied");
            assert!(lock_at < source_at, "{name}: source before {lock}");
        }
    }
}

#[test]
fn installs_are_frozen_and_use_cache_mounts_d08_d12() {
    for (name, project) in samples::all() {
        let files = docker_files(&project);
        for svc in &project.services {
            let df = support::file(&files, &paths::dockerfile(svc));
            let frozen = match svc.package_manager.value {
                PackageManager::Npm => "npm ci",
                PackageManager::Pnpm => "--frozen-lockfile",
                PackageManager::YarnClassic => "yarn install --frozen-lockfile",
                PackageManager::Bun => "bun install --frozen-lockfile",
                PackageManager::Uv => "uv sync --frozen",
                PackageManager::Poetry => "poetry install --only main",
                PackageManager::Pip => "pip install -r requirements.txt",
                PackageManager::GoModules => "go mod download",
                PackageManager::Cargo => "--locked",
                PackageManager::Maven => "dependency:go-offline",
                PackageManager::Bundler => "BUNDLE_DEPLOYMENT=1",
                PackageManager::Composer => "composer install --no-dev",
                PackageManager::NuGet => "dotnet restore",
                other => panic!("{name}: no sample uses {other}"),
            };
            assert!(df.contains(frozen), "{name}: no `{frozen}`");
            if svc.language.value != Language::Ruby {
                assert!(df.contains("--mount=type=cache"), "{name}: no cache mount");
            }
        }
    }
}

#[test]
fn final_stage_is_minimal_and_has_no_build_tools_d01_d13() {
    let tools = [
        "npm ci",
        "pnpm install",
        "yarn install",
        "go build",
        "cargo ",
        "mvnw",
        "gradlew",
        "build-essential",
        "uv sync",
        "poetry",
        "pipenv",
        "pip install",
        "composer install",
        "dotnet publish",
        "bundle install",
    ];
    let minimal = [
        "-slim",
        "-alpine",
        "distroless",
        "frankenphp",
        "nginx-unprivileged",
    ];
    for (name, project) in samples::all() {
        let files = docker_files(&project);
        for svc in &project.services {
            let df = support::file(&files, &paths::dockerfile(svc));
            let last = final_stage(df);
            assert!(
                last.starts_with("FROM ") && last.lines().next().unwrap().ends_with(" AS runtime")
            );
            for t in tools {
                assert!(
                    !last.contains(t),
                    "{name}: `{t}` in the final stage\n{last}"
                );
            }
            let from = last.lines().next().unwrap();
            assert!(
                minimal.iter().any(|m| from.contains(m)),
                "{name}: {from} is not a minimal image"
            );
            assert!(
                df.matches("\nFROM ").count() >= 2,
                "{name}: not multi-stage"
            );
        }
    }
}

#[test]
fn base_images_are_pinned_and_directives_come_first_d03_d15() {
    for (name, project) in samples::all() {
        let files = docker_files(&project);
        for svc in &project.services {
            let df = support::file(&files, &paths::dockerfile(svc));
            assert!(df.starts_with("# syntax=docker/dockerfile:1\n# Generated by `plimsoll init`"));
            assert!(df.ends_with('\n'));
            for from in df.lines().filter_map(|l| l.strip_prefix("FROM ")) {
                let image = from.split_whitespace().next().unwrap();
                if ["base", "build", "deps", "vendor"].contains(&image) {
                    continue;
                }
                let tag = image.rsplit_once(':').map_or("", |(_, t)| t);
                assert!(
                    !tag.is_empty() && tag != "latest",
                    "{name}: {image} not pinned"
                );
                // A version in the tag, not only a variant name.
                assert!(
                    tag.chars().next().unwrap().is_ascii_digit() || tag == "nonroot",
                    "{name}: {image}"
                );
            }
        }
    }
}

#[test]
fn cmd_is_exec_form_and_equals_the_start_command_d11() {
    for (name, project) in samples::all() {
        let files = docker_files(&project);
        for svc in &project.services {
            let df = support::file(&files, &paths::dockerfile(svc));
            let cmds: Vec<&str> = instructions(final_stage(df))
                .into_iter()
                .filter(|l| l.starts_with("CMD "))
                .collect();
            assert_eq!(cmds.len(), 1, "{name}");
            assert_eq!(exec_form(cmds[0]), svc.start_command.value, "{name}");
        }
    }
}

#[test]
fn dockerignore_keeps_secrets_vcs_tests_and_dependencies_out_d05() {
    for (name, project) in samples::all() {
        let files = docker_files(&project);
        for svc in &project.services {
            let ignore = support::file(&files, &paths::dockerignore(svc));
            let lines: Vec<&str> = ignore.lines().collect();
            for entry in [".git", "**/.env", "**/.env.*", "**/tests", "**/test"] {
                assert!(lines.contains(&entry), "{name}: {entry} missing");
            }
            let deps = match svc.language.value {
                Language::Node => "**/node_modules",
                Language::Python => "**/.venv",
                Language::Rust | Language::Java => "**/target",
                Language::Php => "**/vendor",
                Language::Ruby => "**/vendor/bundle",
                Language::DotNet => "**/obj",
                Language::Go => "**/bin",
            };
            assert!(lines.contains(&deps), "{name}: {deps} missing");
        }
    }
}

#[test]
fn workspace_members_build_from_the_root_with_one_dockerignore() {
    let project = samples::pnpm_monorepo();
    let files = docker_files(&project);
    let ignores: Vec<&str> = files
        .iter()
        .filter(|f| f.path.ends_with(".dockerignore"))
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(ignores, vec![".dockerignore"]);
    let api = support::file(&files, "apps/api/Dockerfile");
    assert!(api.contains("COPY pnpm-lock.yaml pnpm-workspace.yaml ./\nRUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm fetch"));
    assert!(api.contains("--prod --filter '{apps/api}...'"), "{api}");
    assert!(api.contains("RUN pnpm --filter api run build"));
    assert!(api.contains("WORKDIR /app/apps/api\n"));
    let web = support::file(&files, "apps/web/Dockerfile");
    assert!(web.contains("/app/apps/web/.next/standalone /app/"));
    assert!(web.contains("docker build -f apps/web/Dockerfile --target runtime ."));
}

#[test]
fn nextjs_ships_the_standalone_server_only() {
    let files = docker_files(&samples::nextjs_npm());
    let df = support::file(&files, "Dockerfile");
    let last = final_stage(df);
    assert!(last.contains("COPY --from=build --chown=10001:10001 /app/.next/standalone /app/"));
    assert!(last.contains("/app/.next/static /app/.next/static/"));
    assert!(last.contains("/app/public /app/public/"));
    assert!(last.contains("HOSTNAME=0.0.0.0"));
    assert!(
        !df.contains("prod-deps"),
        "standalone output has its own node_modules"
    );
}

#[test]
fn static_site_is_served_by_unprivileged_nginx_on_the_port() {
    let project = samples::vite_yarn();
    let svc = &project.services[0];
    let files = docker_files(&project);
    let conf = support::file(&files, &paths::nginx_conf(svc));
    assert!(conf.contains(&format!("listen {};", svc.port.value)));
    assert!(conf.contains(&format!("location = {} {{", svc.health_path.value)));
    assert!(conf.contains("try_files $uri $uri/ /index.html;"));
    let df = support::file(&files, "Dockerfile");
    assert!(final_stage(df).starts_with("FROM nginxinc/nginx-unprivileged:"));
    assert!(df.contains("COPY nginx.conf /etc/nginx/conf.d/default.conf"));
}

#[test]
fn distroless_images_get_a_static_wget_for_the_healthcheck_d04() {
    for project in [samples::go_service(), samples::rust_service()] {
        let files = docker_files(&project);
        let df = support::file(&files, "Dockerfile");
        let last = final_stage(df);
        assert!(last.contains("gcr.io/distroless/"));
        assert!(last.contains("COPY --from=busybox:1.37.0-musl /bin/wget /usr/local/bin/wget"));
        assert_eq!(healthcheck_argv(df)[0], "/usr/local/bin/wget");
    }
}

#[test]
fn workers_expose_and_check_their_health_port_like_the_chart_x01_x02() {
    let mut svc = samples::go_service().services.remove(0);
    svc.kind = ServiceKind::Worker;
    let files = docker_files(&single(svc));
    let df = support::file(&files, "Dockerfile");
    assert!(df.contains("EXPOSE 8080\n"));
    assert!(df.contains("HEALTHCHECK --") && !df.contains("HEALTHCHECK NONE"));
    assert!(df.contains("USER 10001:10001"));
}

#[test]
fn native_libraries_follow_the_backing_services() {
    let files = docker_files(&samples::rails());
    let df = support::file(&files, "Dockerfile");
    assert!(df.contains("libpq-dev"));
    assert!(final_stage(df).contains("libpq5"));
    assert!(!final_stage(df).contains("build-essential"));
    let files = docker_files(&samples::laravel());
    assert!(
        support::file(&files, "Dockerfile").contains("install-php-extensions opcache pdo_mysql")
    );
}

#[test]
fn framework_detail_is_in_the_header() {
    let mut svc = samples::node_pnpm().services.remove(0);
    svc.framework = Some(Fact::found(
        Framework::NestJs,
        Evidence::file("package.json", "@nestjs/core"),
    ));
    let files = docker_files(&single(svc));
    assert!(support::file(&files, "Dockerfile").contains("# Service api (node, nestjs)."));
}

#[test]
fn snapshots() {
    for (sample, project) in samples::all() {
        for f in docker_files(&project) {
            let name = format!("{sample}__{}", f.path).replace(['/', '.'], "_");
            insta::assert_snapshot!(name, f.contents);
        }
    }
}
