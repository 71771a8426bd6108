//! Java (Maven/Gradle, wrapper or not), Ruby (Bundler deployment mode), PHP
//! (Composer + FrankenPHP) and .NET (`dotnet publish` onto the ASP.NET
//! runtime) images (D01, D07, D08, D12, D13).

use super::{ALPINE_USER, DEBIAN_USER, Df, one_line, start_argv};
use crate::model::{BackingService, Framework, PackageManager, Service};

fn version<'a>(svc: &'a Service, default: &'a str) -> &'a str {
    match svc.language_version.value.trim() {
        "" => default,
        v => v,
    }
}

pub(super) fn java(df: &mut Df, svc: &Service) {
    let v = version(svc, "21");
    let build = svc.build_command.as_ref().map_or("", |b| b.value.as_str());
    let gradle = svc.package_manager.value == PackageManager::Gradle;
    let wrapper = if gradle {
        build.starts_with("./gradlew")
    } else {
        build.starts_with("./mvnw")
    };
    let image = match (gradle, wrapper) {
        (_, true) => format!("eclipse-temurin:{v}-jdk-noble"),
        (false, false) => format!("maven:3.9-eclipse-temurin-{v}"),
        (true, false) => format!("gradle:8.11-jdk{v}"),
    };
    df.stage(
        "Build: dependencies resolved from the build files alone (cached), then the jar.",
        &image,
        "build",
    );
    df.line("WORKDIR /src");
    let jars = if gradle {
        let tool = if wrapper { "./gradlew" } else { "gradle" };
        if wrapper {
            df.copy(None, false, &["gradlew"], "./");
            df.copy(None, false, &["gradle/"], "gradle/");
        }
        df.comment("settings.gradle* and build.gradle* match the Groovy and Kotlin DSL files.");
        df.copy(None, false, &["settings.gradle*", "build.gradle*"], "./");
        df.line(format!(
            "RUN --mount=type=cache,target=/root/.gradle {tool} --no-daemon dependencies"
        ));
        df.copy(None, false, &["."], ".");
        df.line(format!(
            "RUN --mount=type=cache,target=/root/.gradle {tool} --no-daemon assemble"
        ));
        "build/libs"
    } else {
        let tool = if wrapper { "./mvnw" } else { "mvn" };
        if wrapper {
            df.copy(None, false, &["mvnw"], "./");
            df.copy(None, false, &[".mvn/"], ".mvn/");
        }
        df.copy(None, false, &["pom.xml"], "./");
        df.line(format!(
            "RUN --mount=type=cache,target=/root/.m2 {tool} -B -q dependency:go-offline"
        ));
        df.copy(None, false, &["."], ".");
        df.line(format!(
            "RUN --mount=type=cache,target=/root/.m2 {tool} -B -q package -DskipTests"
        ));
        "target"
    };
    df.comment("One runnable jar under a fixed name (plain and sources jars are skipped).");
    df.line(format!(
        "RUN mkdir -p /out \\\n && find {jars} -maxdepth 1 -name '*.jar' ! -name '*-plain.jar' ! -name '*-sources.jar' -exec cp {{}} /out/app.jar \\;"
    ));

    df.stage(
        "Runtime: the JRE only (no JDK, no build tool) on Alpine.",
        &format!("eclipse-temurin:{v}-jre-alpine"),
        super::RUNTIME_STAGE,
    );
    df.labels();
    df.comment(
        "Size the heap from the container memory limit and exit on OOM so the orchestrator restarts.",
    );
    df.line("ENV JAVA_TOOL_OPTIONS=\"-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError\"");
    df.line(ALPINE_USER);
    df.line("WORKDIR /app");
    // The jar goes where the start command expects it.
    let argv = start_argv(svc, &["java", "-jar", "/app/app.jar"]);
    let jar = argv
        .iter()
        .position(|a| a == "-jar")
        .and_then(|i| argv.get(i + 1))
        .filter(|p| p.starts_with('/') && p.ends_with(".jar"))
        .cloned()
        .unwrap_or_else(|| "/app/app.jar".to_owned());
    df.copy(Some("build"), true, &["/out/app.jar"], &jar);
    df.runtime_tail(svc, &argv);
}

fn has(svc: &Service, b: BackingService) -> bool {
    svc.backing_services.iter().any(|x| x.value == b)
}

pub(super) fn ruby(df: &mut Df, svc: &Service) {
    let v = version(svc, "3.3");
    let image = format!("ruby:{v}-slim-bookworm");
    let mut build_pkgs = vec!["build-essential", "libyaml-dev"];
    let mut run_pkgs = vec![];
    if has(svc, BackingService::Postgres) {
        build_pkgs.push("libpq-dev");
        run_pkgs.push("libpq5");
    }
    if has(svc, BackingService::Mysql) {
        build_pkgs.push("default-libmysqlclient-dev");
        run_pkgs.push("libmariadb3");
    }
    let bundle_env = "ENV BUNDLE_DEPLOYMENT=1 \\\n    BUNDLE_WITHOUT=development:test \\\n    BUNDLE_PATH=/usr/local/bundle";
    df.stage(
        "Build: compilers for native gems live only here.",
        &image,
        "build",
    );
    df.line(apt_install(&build_pkgs));
    df.comment("Deployment mode: Gemfile.lock is frozen, development and test gems are skipped.");
    df.line(bundle_env);
    df.line("WORKDIR /app");
    df.copy(None, false, &["Gemfile", "Gemfile.lock"], "./");
    df.line(
        "RUN bundle install \\\n && rm -rf /usr/local/bundle/cache /usr/local/bundle/ruby/*/cache",
    );
    df.copy(None, false, &["."], ".");
    if let Some(build) = &svc.build_command {
        df.line(format!("RUN {}", one_line(&build.value)));
    }

    df.stage(
        "Runtime: slim Ruby with the installed gems and the app, no compilers.",
        &image,
        super::RUNTIME_STAGE,
    );
    df.labels();
    if !run_pkgs.is_empty() {
        df.line(apt_install(&run_pkgs));
    }
    df.line(format!(
        "{bundle_env} \\\n    RAILS_ENV=production \\\n    RACK_ENV=production \\\n    RAILS_LOG_TO_STDOUT=1 \\\n    PORT={}",
        svc.port.value
    ));
    df.line(DEBIAN_USER);
    df.line("WORKDIR /app");
    df.copy(
        Some("build"),
        false,
        &["/usr/local/bundle"],
        "/usr/local/bundle",
    );
    df.copy(Some("build"), true, &["/app"], "/app");
    let port = svc.port.value.to_string();
    df.runtime_tail(
        svc,
        &start_argv(svc, &["bundle", "exec", "puma", "--port", &port]),
    );
}

/// `apt-get install` the way D12 wants it: no recommends, lists removed.
fn apt_install(pkgs: &[&str]) -> String {
    format!(
        "RUN apt-get update \\\n && apt-get install -y --no-install-recommends {} \\\n && rm -rf /var/lib/apt/lists/*",
        pkgs.join(" ")
    )
}

pub(super) fn php(df: &mut Df, svc: &Service) {
    let v = version(svc, "8.3");
    let image = format!("dunglas/frankenphp:1.3-php{v}-bookworm");
    df.stage(
        "Dependencies: Composer's own image (zip, git) resolves vendor/ from composer.lock.\n\
         Platform checks are skipped here because the extensions live in the runtime image.",
        "composer:2.8",
        "vendor",
    );
    df.line("WORKDIR /app");
    df.copy(None, false, &["composer.json", "composer.lock"], "./");
    df.line(
        "RUN --mount=type=cache,target=/tmp/cache \\\n    composer install --no-dev --no-scripts --no-autoloader --prefer-dist --no-interaction --ignore-platform-reqs",
    );
    df.copy(None, false, &["."], ".");
    df.line(
        "RUN composer dump-autoload --no-dev --optimize --classmap-authoritative --no-interaction",
    );

    df.stage(
        "Runtime: FrankenPHP serves HTTP and runs PHP in one process (no php-fpm + nginx pair).",
        &image,
        super::RUNTIME_STAGE,
    );
    df.labels();
    let mut exts = vec!["opcache"];
    if has(svc, BackingService::Postgres) {
        exts.push("pdo_pgsql");
    }
    if has(svc, BackingService::Mysql) {
        exts.push("pdo_mysql");
    }
    if has(svc, BackingService::Redis) {
        exts.push("redis");
    }
    df.comment(
        "Production php.ini, the extensions the app uses, and a user that can run FrankenPHP\n\
         without the bind capability (ports above 1024 need none; Kubernetes drops them all).",
    );
    df.line(format!(
        "RUN cp \"$PHP_INI_DIR/php.ini-production\" \"$PHP_INI_DIR/php.ini\" \\\n && install-php-extensions {} \\\n && groupadd --system --gid 10001 app \\\n && useradd --system --uid 10001 --gid app --no-log-init --no-create-home --shell /usr/sbin/nologin app \\\n && setcap -r /usr/local/bin/frankenphp \\\n && mkdir -p /data/caddy /config/caddy \\\n && chown 10001:10001 /data/caddy /config/caddy",
        exts.join(" ")
    ));
    df.comment("Caddy listens on the service port; TLS is terminated by the ingress.");
    df.line(format!(
        "ENV SERVER_NAME=\":{}\" \\\n    APP_ENV=prod",
        svc.port.value
    ));
    df.line("WORKDIR /app");
    df.copy(None, true, &["."], "/app/");
    df.copy(Some("vendor"), true, &["/app/vendor"], "/app/vendor/");
    if svc.framework() == Some(Framework::Laravel) {
        df.comment(
            "Composer scripts were skipped in the vendor stage (no app runtime there); Laravel's\n\
             package discovery writes bootstrap/cache/packages.php, which the app needs.",
        );
        df.line("RUN php artisan package:discover --ansi");
    }
    df.runtime_tail(
        svc,
        &start_argv(
            svc,
            &["frankenphp", "run", "--config", "/etc/caddy/Caddyfile"],
        ),
    );
}

pub(super) fn dotnet(df: &mut Df, svc: &Service) {
    let v = match version(svc, "8.0") {
        v if !v.contains('.') => format!("{v}.0"),
        v => v.to_owned(),
    };
    df.stage(
        "Build: restore from the project files alone (cached), then publish.",
        &format!("mcr.microsoft.com/dotnet/sdk:{v}"),
        "build",
    );
    df.line("WORKDIR /src");
    df.copy(None, false, &["*.csproj", "packages.lock.json*"], "./");
    df.line("RUN --mount=type=cache,target=/root/.nuget/packages dotnet restore");
    df.copy(None, false, &["."], ".");
    df.line(
        "RUN --mount=type=cache,target=/root/.nuget/packages \\\n    dotnet publish -c Release -o /out --no-restore /p:UseAppHost=false",
    );

    df.stage(
        "Runtime: the ASP.NET runtime only (no SDK) on Alpine.",
        &format!("mcr.microsoft.com/dotnet/aspnet:{v}-alpine"),
        super::RUNTIME_STAGE,
    );
    df.labels();
    df.line(format!(
        "ENV ASPNETCORE_HTTP_PORTS={} \\\n    DOTNET_CLI_TELEMETRY_OPTOUT=1",
        svc.port.value
    ));
    df.line(ALPINE_USER);
    df.line("WORKDIR /app");
    df.copy(Some("build"), true, &["/out"], "/app");
    let dll = format!("{}.dll", svc.name);
    df.runtime_tail(svc, &start_argv(svc, &["dotnet", &dll]));
}
