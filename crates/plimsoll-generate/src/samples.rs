//! Hand-built app models of typical services, for generator tests and
//! examples; detection of the matching fixture projects should produce the
//! same values.

use crate::model::{
    BackingService, Confidence, Evidence, Existing, Fact, Framework, GitHost, Language, Layout,
    PackageManager, Project, Repository, Service, ServiceKind,
};

fn found<T>(value: T, file: &str, detail: &str) -> Fact<T> {
    Fact::found(value, Evidence::file(file, detail))
}

fn argv(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

/// A service with conventional defaults for its language; adjust fields after.
pub fn service(
    name: &str,
    language: Language,
    package_manager: PackageManager,
    version: &str,
) -> Service {
    let (manifest, port) = match language {
        Language::Node => ("package.json", 3000),
        Language::Python => ("pyproject.toml", 8000),
        Language::Go => ("go.mod", 8080),
        Language::Rust => ("Cargo.toml", 8080),
        Language::Java => ("pom.xml", 8080),
        Language::Ruby => ("Gemfile", 3000),
        Language::Php => ("composer.json", 8080),
        Language::DotNet => ("app.csproj", 8080),
    };
    Service {
        name: name.to_owned(),
        dir: ".".to_owned(),
        context: ".".to_owned(),
        kind: ServiceKind::Web,
        language: found(language, manifest, "manifest"),
        language_version: found(version.to_owned(), manifest, "version"),
        package_manager: found(package_manager, manifest, "lockfile"),
        framework: None,
        port: Fact::guessed(port, "framework default"),
        health_path: Fact::guessed("/healthz".to_owned(), "no health route found"),
        readiness_path: Fact::guessed("/readyz".to_owned(), "no readiness route found"),
        metrics_path: None,
        start_command: Fact::guessed(Vec::new(), "set by the caller"),
        build_command: None,
        build_output: None,
        test_command: None,
        lint_command: None,
        backing_services: Vec::new(),
        confidence: Confidence::High,
        runner_up: None,
    }
}

fn project(name: &str, services: Vec<Service>) -> Project {
    Project {
        name: name.to_owned(),
        layout: Layout::Single,
        services,
        repository: Repository {
            host: Some(GitHost::Github),
            slug: Some(format!("acme/{name}")),
            url: Some(format!("https://github.com/acme/{name}.git")),
        },
        existing: Existing::default(),
        notes: Vec::new(),
    }
}

/// Express API on Node 22 with pnpm, PostgreSQL and Redis, Prometheus metrics.
pub fn node_pnpm() -> Project {
    let mut s = service("api", Language::Node, PackageManager::Pnpm, "22");
    s.framework = Some(found(
        Framework::Express,
        "package.json",
        "dependencies.express",
    ));
    s.start_command = found(
        argv(&["node", "dist/server.js"]),
        "package.json",
        "scripts.start",
    );
    s.build_command = Some(found(
        "pnpm run build".to_owned(),
        "package.json",
        "scripts.build",
    ));
    s.build_output = Some(found(
        "dist".to_owned(),
        "tsconfig.json",
        "compilerOptions.outDir",
    ));
    s.test_command = Some(found(
        "pnpm test".to_owned(),
        "package.json",
        "scripts.test",
    ));
    s.lint_command = Some(found(
        "pnpm run lint".to_owned(),
        "package.json",
        "scripts.lint",
    ));
    s.metrics_path = Some(found(
        "/metrics".to_owned(),
        "package.json",
        "dependencies.prom-client",
    ));
    s.health_path = found("/healthz".to_owned(), "src/server.ts", "route /healthz");
    s.backing_services = vec![
        found(BackingService::Postgres, "package.json", "dependencies.pg"),
        found(
            BackingService::Redis,
            "package.json",
            "dependencies.ioredis",
        ),
    ];
    project("shop-api", vec![s])
}

/// Next.js 15 with npm, standalone output.
pub fn nextjs_npm() -> Project {
    let mut s = service("web", Language::Node, PackageManager::Npm, "22");
    s.framework = Some(found(
        Framework::NextJs,
        "package.json",
        "dependencies.next",
    ));
    s.start_command = found(
        argv(&["node", "server.js"]),
        "next.config.mjs",
        "output: standalone",
    );
    s.build_command = Some(found(
        "npm run build".to_owned(),
        "package.json",
        "scripts.build",
    ));
    s.build_output = Some(found(
        ".next/standalone".to_owned(),
        "next.config.mjs",
        "output: standalone",
    ));
    s.test_command = Some(found("npm test".to_owned(), "package.json", "scripts.test"));
    s.lint_command = Some(found(
        "npm run lint".to_owned(),
        "package.json",
        "scripts.lint",
    ));
    s.health_path = Fact::guessed(
        "/api/healthz".to_owned(),
        "Next.js route handler convention",
    );
    s.readiness_path = Fact::guessed(
        "/api/healthz".to_owned(),
        "same as liveness: no dependencies",
    );
    project("storefront", vec![s])
}

/// FastAPI on Python 3.12 with uv, uvicorn, PostgreSQL.
pub fn fastapi_uv() -> Project {
    let mut s = service("api", Language::Python, PackageManager::Uv, "3.12");
    s.framework = Some(found(
        Framework::FastApi,
        "pyproject.toml",
        "project.dependencies fastapi",
    ));
    s.start_command = found(
        argv(&[
            "uvicorn",
            "app.main:app",
            "--host",
            "0.0.0.0",
            "--port",
            "8000",
        ]),
        "pyproject.toml",
        "uvicorn",
    );
    s.test_command = Some(found(
        "uv run pytest".to_owned(),
        "pyproject.toml",
        "dependency-groups.dev pytest",
    ));
    s.lint_command = Some(found(
        "uv run ruff check .".to_owned(),
        "pyproject.toml",
        "dependency-groups.dev ruff",
    ));
    s.metrics_path = Some(found(
        "/metrics".to_owned(),
        "pyproject.toml",
        "prometheus-fastapi-instrumentator",
    ));
    s.backing_services = vec![found(BackingService::Postgres, "pyproject.toml", "psycopg")];
    project("orders", vec![s])
}

/// Django 5 on Python 3.12 with poetry and gunicorn.
pub fn django_poetry() -> Project {
    let mut s = service("web", Language::Python, PackageManager::Poetry, "3.12");
    s.framework = Some(found(
        Framework::Django,
        "pyproject.toml",
        "tool.poetry.dependencies django",
    ));
    s.start_command = found(
        argv(&[
            "gunicorn",
            "mysite.wsgi:application",
            "--bind",
            "0.0.0.0:8000",
        ]),
        "pyproject.toml",
        "gunicorn",
    );
    s.test_command = Some(Fact::guessed(
        "poetry run python manage.py test".to_owned(),
        "Django convention",
    ));
    s.backing_services = vec![
        found(BackingService::Postgres, "pyproject.toml", "psycopg"),
        found(BackingService::Redis, "pyproject.toml", "redis"),
    ];
    project("mysite", vec![s])
}

/// Go 1.23 HTTP service with one main package.
pub fn go_service() -> Project {
    let mut s = service("api", Language::Go, PackageManager::GoModules, "1.23");
    s.start_command = found(argv(&["/app/api"]), "cmd/api/main.go", "package main");
    s.build_command = Some(found(
        "go build -trimpath -ldflags=-s -o /out/api ./cmd/api".to_owned(),
        "cmd/api/main.go",
        "package main",
    ));
    s.build_output = Some(found("api".to_owned(), "cmd/api/main.go", "package main"));
    s.test_command = Some(Fact::guessed("go test ./...".to_owned(), "Go convention"));
    s.lint_command = Some(Fact::guessed("go vet ./...".to_owned(), "Go convention"));
    s.metrics_path = Some(found(
        "/metrics".to_owned(),
        "go.mod",
        "github.com/prometheus/client_golang",
    ));
    project("inventory", vec![s])
}

/// Rust axum service with one binary target.
pub fn rust_service() -> Project {
    let mut s = service("api", Language::Rust, PackageManager::Cargo, "1.83");
    s.framework = Some(found(Framework::Axum, "Cargo.toml", "dependencies.axum"));
    s.start_command = found(argv(&["/app/api"]), "Cargo.toml", "[[bin]] api");
    s.build_command = Some(found(
        "cargo build --release --locked --bin api".to_owned(),
        "Cargo.toml",
        "[[bin]] api",
    ));
    s.build_output = Some(found(
        "target/release/api".to_owned(),
        "Cargo.toml",
        "[[bin]] api",
    ));
    s.test_command = Some(Fact::guessed(
        "cargo test --locked".to_owned(),
        "Cargo convention",
    ));
    s.lint_command = Some(Fact::guessed(
        "cargo clippy --locked -- -D warnings".to_owned(),
        "Cargo convention",
    ));
    project("ledger", vec![s])
}

/// Spring Boot 3 with the Maven wrapper, Java 21, actuator.
pub fn spring_maven() -> Project {
    let mut s = service("api", Language::Java, PackageManager::Maven, "21");
    s.framework = Some(found(
        Framework::SpringBoot,
        "pom.xml",
        "spring-boot-starter-parent",
    ));
    s.start_command = found(
        argv(&["java", "-jar", "/app/app.jar"]),
        "pom.xml",
        "spring-boot-maven-plugin",
    );
    s.build_command = Some(found(
        "./mvnw -B package -DskipTests".to_owned(),
        "mvnw",
        "Maven wrapper",
    ));
    s.build_output = Some(found("target/*.jar".to_owned(), "pom.xml", "packaging jar"));
    s.test_command = Some(found(
        "./mvnw -B verify".to_owned(),
        "mvnw",
        "Maven wrapper",
    ));
    s.health_path = found(
        "/actuator/health/liveness".to_owned(),
        "pom.xml",
        "spring-boot-starter-actuator",
    );
    s.readiness_path = found(
        "/actuator/health/readiness".to_owned(),
        "pom.xml",
        "spring-boot-starter-actuator",
    );
    s.metrics_path = Some(found(
        "/actuator/prometheus".to_owned(),
        "pom.xml",
        "micrometer-registry-prometheus",
    ));
    s.backing_services = vec![found(
        BackingService::Postgres,
        "pom.xml",
        "org.postgresql:postgresql",
    )];
    project("payments", vec![s])
}

/// A pnpm monorepo: a Next.js web app and a Fastify API, built from the root.
pub fn pnpm_monorepo() -> Project {
    let mut web = nextjs_npm().services.remove(0);
    "apps/web".clone_into(&mut web.dir);
    ".".clone_into(&mut web.context);
    web.package_manager = found(PackageManager::Pnpm, "pnpm-lock.yaml", "lockfile");
    web.build_command = Some(found(
        "pnpm --filter web run build".to_owned(),
        "apps/web/package.json",
        "scripts.build",
    ));
    web.test_command = Some(found(
        "pnpm --filter web test".to_owned(),
        "apps/web/package.json",
        "scripts.test",
    ));
    web.lint_command = Some(found(
        "pnpm --filter web run lint".to_owned(),
        "apps/web/package.json",
        "scripts.lint",
    ));
    let mut api = node_pnpm().services.remove(0);
    "apps/api".clone_into(&mut api.dir);
    ".".clone_into(&mut api.context);
    api.port = found(4000, "apps/api/src/server.ts", "listen(4000)");
    api.framework = Some(found(
        Framework::Fastify,
        "apps/api/package.json",
        "dependencies.fastify",
    ));
    api.build_command = Some(found(
        "pnpm --filter api run build".to_owned(),
        "apps/api/package.json",
        "scripts.build",
    ));
    api.test_command = Some(found(
        "pnpm --filter api test".to_owned(),
        "apps/api/package.json",
        "scripts.test",
    ));
    api.lint_command = Some(found(
        "pnpm --filter api run lint".to_owned(),
        "apps/api/package.json",
        "scripts.lint",
    ));
    let mut p = project("acme", vec![api, web]);
    p.layout = Layout::Monorepo {
        tool: "pnpm-workspace".to_owned(),
        evidence: Evidence::file("pnpm-workspace.yaml", "packages: apps/*"),
    };
    p
}

/// Every sample, named.
pub fn all() -> Vec<(&'static str, Project)> {
    vec![
        ("node-pnpm", node_pnpm()),
        ("nextjs-npm", nextjs_npm()),
        ("fastapi-uv", fastapi_uv()),
        ("django-poetry", django_poetry()),
        ("go", go_service()),
        ("rust", rust_service()),
        ("spring-maven", spring_maven()),
        ("pnpm-monorepo", pnpm_monorepo()),
        // Added with the Dockerfile/compose generators.
        ("vite-yarn", vite_yarn()),
        ("rails", rails()),
        ("laravel", laravel()),
        ("dotnet", dotnet()),
        ("flask-pip", flask_pip()),
        ("bun", bun_service()),
        // Added for the Helm generator (worker and static variants).
        ("python-worker", python_worker()),
        ("vite-static", vite_static()),
    ]
}

// Samples added with the Dockerfile/compose generators.

/// A Vite single-page app built with Yarn 1 and served as static files.
pub fn vite_yarn() -> Project {
    let mut s = service("site", Language::Node, PackageManager::YarnClassic, "22");
    s.kind = ServiceKind::Static;
    s.framework = Some(found(
        Framework::Vite,
        "package.json",
        "devDependencies.vite",
    ));
    s.port = Fact::guessed(8080, "static site served by unprivileged nginx");
    s.start_command = Fact::guessed(
        argv(&["nginx", "-g", "daemon off;"]),
        "static site served by nginx",
    );
    s.build_command = Some(found(
        "yarn build".to_owned(),
        "package.json",
        "scripts.build",
    ));
    s.build_output = Some(found("dist".to_owned(), "vite.config.ts", "build.outDir"));
    s.test_command = Some(found(
        "yarn test".to_owned(),
        "package.json",
        "scripts.test",
    ));
    project("brochure", vec![s])
}

/// Rails 7 on Ruby 3.3 with PostgreSQL and Redis, Puma.
pub fn rails() -> Project {
    let mut s = service("web", Language::Ruby, PackageManager::Bundler, "3.3");
    s.framework = Some(found(Framework::Rails, "Gemfile", "gem rails"));
    s.start_command = found(
        argv(&["bundle", "exec", "puma", "-C", "config/puma.rb"]),
        "config/puma.rb",
        "puma config",
    );
    s.health_path = found("/up".to_owned(), "config/routes.rb", "rails/health#show");
    s.readiness_path = found("/up".to_owned(), "config/routes.rb", "rails/health#show");
    s.test_command = Some(Fact::guessed(
        "bundle exec rails test".to_owned(),
        "Rails convention",
    ));
    s.backing_services = vec![
        found(BackingService::Postgres, "Gemfile", "gem pg"),
        found(BackingService::Redis, "Gemfile", "gem redis"),
    ];
    project("blog", vec![s])
}

/// Laravel 11 on PHP 8.3 with MySQL, served by FrankenPHP.
pub fn laravel() -> Project {
    let mut s = service("app", Language::Php, PackageManager::Composer, "8.3");
    s.framework = Some(found(
        Framework::Laravel,
        "composer.json",
        "require.laravel/framework",
    ));
    s.start_command = Fact::guessed(
        argv(&["frankenphp", "run", "--config", "/etc/caddy/Caddyfile"]),
        "FrankenPHP serves Laravel's public/",
    );
    s.health_path = found("/up".to_owned(), "bootstrap/app.php", "health: '/up'");
    s.readiness_path = found("/up".to_owned(), "bootstrap/app.php", "health: '/up'");
    s.test_command = Some(Fact::guessed(
        "php artisan test".to_owned(),
        "Laravel convention",
    ));
    s.backing_services = vec![found(
        BackingService::Mysql,
        ".env.example",
        "DB_CONNECTION=mysql",
    )];
    project("crm", vec![s])
}

/// ASP.NET Core 8 minimal API.
pub fn dotnet() -> Project {
    let mut s = service("api", Language::DotNet, PackageManager::NuGet, "8.0");
    s.framework = Some(found(
        Framework::AspNetCore,
        "api.csproj",
        "Sdk=Microsoft.NET.Sdk.Web",
    ));
    s.start_command = found(argv(&["dotnet", "api.dll"]), "api.csproj", "AssemblyName");
    s.health_path = found("/healthz".to_owned(), "Program.cs", "MapHealthChecks");
    s.test_command = Some(Fact::guessed("dotnet test".to_owned(), ".NET convention"));
    project("billing", vec![s])
}

/// Flask on Python 3.12 with pip requirements, MongoDB and RabbitMQ.
pub fn flask_pip() -> Project {
    let mut s = service("api", Language::Python, PackageManager::Pip, "3.12");
    s.framework = Some(found(Framework::Flask, "requirements.txt", "flask"));
    s.port = found(5000, "app.py", "app.run(port=5000)");
    s.start_command = found(
        argv(&["gunicorn", "app:app", "--bind", "0.0.0.0:5000"]),
        "requirements.txt",
        "gunicorn",
    );
    s.backing_services = vec![
        found(BackingService::Mongodb, "requirements.txt", "pymongo"),
        found(BackingService::Rabbitmq, "requirements.txt", "pika"),
    ];
    project("events", vec![s])
}

/// A Bun HTTP server (Hono-style) with a bun.lock.
pub fn bun_service() -> Project {
    let mut s = service("api", Language::Node, PackageManager::Bun, "1.1");
    s.start_command = found(
        argv(&["bun", "run", "src/index.ts"]),
        "package.json",
        "scripts.start",
    );
    s.test_command = Some(found("bun test".to_owned(), "package.json", "scripts.test"));
    project("edge", vec![s])
}

// Samples added for the Helm generator: a queue worker and a static site.

/// A Celery worker on Python 3.12 with uv, consuming from Redis and writing
/// to PostgreSQL, with a small health and metrics server on port 9000.
pub fn python_worker() -> Project {
    let mut s = service("worker", Language::Python, PackageManager::Uv, "3.12");
    s.kind = ServiceKind::Worker;
    s.start_command = found(
        argv(&["celery", "-A", "tasks", "worker", "--loglevel=INFO"]),
        "pyproject.toml",
        "celery",
    );
    s.port = found(9000, "tasks/health.py", "start_http_server(9000)");
    s.health_path = found("/healthz".to_owned(), "tasks/health.py", "route /healthz");
    s.readiness_path = found("/readyz".to_owned(), "tasks/health.py", "route /readyz");
    s.metrics_path = Some(found(
        "/metrics".to_owned(),
        "pyproject.toml",
        "prometheus-client",
    ));
    s.test_command = Some(found(
        "uv run pytest".to_owned(),
        "pyproject.toml",
        "dependency-groups.dev pytest",
    ));
    s.backing_services = vec![
        found(BackingService::Postgres, "pyproject.toml", "psycopg"),
        found(BackingService::Redis, "pyproject.toml", "celery[redis]"),
    ];
    project("mailer", vec![s])
}

/// A Vite single-page app built to `dist` and served as static files by an
/// unprivileged web server on port 8080.
pub fn vite_static() -> Project {
    let mut s = service("site", Language::Node, PackageManager::Npm, "22");
    s.kind = ServiceKind::Static;
    s.framework = Some(found(
        Framework::Vite,
        "package.json",
        "devDependencies.vite",
    ));
    s.port = Fact::guessed(8080, "unprivileged web server default");
    s.health_path = Fact::guessed("/".to_owned(), "static site: the index page");
    s.readiness_path = Fact::guessed("/".to_owned(), "static site: the index page");
    s.start_command = Fact::guessed(
        argv(&["nginx", "-g", "daemon off;"]),
        "static site served by nginx",
    );
    s.build_command = Some(found(
        "npm run build".to_owned(),
        "package.json",
        "scripts.build",
    ));
    s.build_output = Some(found("dist".to_owned(), "vite.config.ts", "build.outDir"));
    s.test_command = Some(found("npm test".to_owned(), "package.json", "scripts.test"));
    project("brochure", vec![s])
}
