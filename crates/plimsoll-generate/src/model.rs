//! The app model: what detection found, and what every generator reads.
//!
//! One model feeds every generator so that ports, health paths, user IDs and
//! image names agree across the Dockerfile, compose file, chart, pipeline and
//! monitoring objects (practices X01–X04 by construction). Every value says
//! where it came from: evidence in the project's files, or a default that was
//! guessed (and `detect --explain` says so).

use serde::Serialize;
use std::fmt;

/// A project: one repository, one or more deployable services.
#[derive(Debug, Clone, Serialize)]
pub struct Project {
    /// DNS-safe project name (directory name or root manifest name).
    pub name: String,
    pub layout: Layout,
    pub services: Vec<Service>,
    /// Where the repository is hosted, from `.git/config` (used for image
    /// registries and GitOps repository URLs).
    pub repository: Repository,
    /// Delivery files the project already has.
    pub existing: Existing,
    /// Things detection noticed that the user should know.
    pub notes: Vec<String>,
}

/// Single service or a monorepo, and what made it one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Layout {
    Single,
    /// Several deployable packages; `tool` names the workspace mechanism
    /// (`pnpm-workspace`, `npm-workspaces`, `yarn-workspaces`, `bun-workspaces`, `cargo-workspace`,
    /// `go-multi-module`, `several-roots`).
    Monorepo {
        tool: String,
        evidence: Evidence,
    },
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Repository {
    pub host: Option<GitHost>,
    /// `owner/name` as written in the remote URL (may contain GitLab subgroups).
    pub slug: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GitHost {
    Github,
    Gitlab,
    Other,
}

/// Delivery files found in the project before generation (relative paths).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Existing {
    pub dockerfiles: Vec<String>,
    pub compose_files: Vec<String>,
    pub charts: Vec<String>,
    pub terraform_dirs: Vec<String>,
    pub github_workflows: Vec<String>,
    pub gitlab_ci: bool,
}

/// One deployable unit: gets its own image, chart and alerts.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    /// DNS-label-safe name (lowercase, `-`, at most 40 characters), unique in the project.
    pub name: String,
    /// The service's directory relative to the project root, `/`-separated; `.` for the root.
    pub dir: String,
    /// The Docker build context relative to the project root: the service
    /// directory, or the root for workspace members that need the root lockfile.
    pub context: String,
    pub kind: ServiceKind,
    pub language: Fact<Language>,
    /// Runtime version to build and run with (`22`, `3.12`, `1.23`, `21`...).
    pub language_version: Fact<String>,
    pub package_manager: Fact<PackageManager>,
    pub framework: Option<Fact<Framework>>,
    /// The port the process listens on inside the container.
    pub port: Fact<u16>,
    /// Liveness: the process answers (no dependency checks).
    pub health_path: Fact<String>,
    /// Readiness: the service and its dependencies are ready.
    pub readiness_path: Fact<String>,
    /// Prometheus metrics endpoint, when the service exposes one.
    pub metrics_path: Option<Fact<String>>,
    /// The command the image runs, exec form (argv).
    pub start_command: Fact<Vec<String>>,
    /// The build step, shell words (`pnpm run build`), when there is one.
    pub build_command: Option<Fact<String>>,
    /// What the build produces, relative to the service directory
    /// (`.next/standalone`, `dist`, `target/release/api`, `target/*.jar`).
    pub build_output: Option<Fact<String>>,
    /// Test and lint commands for CI, shell words.
    pub test_command: Option<Fact<String>>,
    pub lint_command: Option<Fact<String>>,
    /// Databases, caches and brokers the code depends on.
    pub backing_services: Vec<Fact<BackingService>>,
    /// How sure detection is of the language/framework verdict.
    pub confidence: Confidence,
    /// The provider that came second for this directory, if any.
    pub runner_up: Option<RunnerUp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceKind {
    /// A long-running HTTP server.
    Web,
    /// A static site built to files and served by an unprivileged web server.
    Static,
    /// A long-running process without an HTTP API of its own (queue consumer).
    Worker,
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Fact<T> {
    /// A value read from the project.
    pub fn found(value: T, evidence: Evidence) -> Self {
        Self {
            value,
            origin: Origin::Detected {
                evidence: vec![evidence],
            },
        }
    }

    /// A default chosen because the project did not say.
    pub fn guessed(value: T, reason: impl Into<String>) -> Self {
        Self {
            value,
            origin: Origin::Default {
                reason: reason.into(),
            },
        }
    }

    pub fn is_guessed(&self) -> bool {
        matches!(self.origin, Origin::Default { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "source")]
pub enum Origin {
    Detected { evidence: Vec<Evidence> },
    Default { reason: String },
}

/// A file (and field) that supports a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Relative to the project root, `/`-separated.
    pub file: String,
    /// The field or pattern inside the file (`packageManager`, `dependencies.next`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What it says, in words (`pnpm@9.12.0`).
    pub detail: String,
}

impl Evidence {
    pub fn file(file: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            field: None,
            detail: detail.into(),
        }
    }

    pub fn field(
        file: impl Into<String>,
        field: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            field: Some(field.into()),
            detail: detail.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// The provider that lost for a directory, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunnerUp {
    pub language: Language,
    pub confidence: Confidence,
    pub why_not: String,
}

macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum $name { $(#[serde(rename = $label)] $variant),+ }

        impl $name {
            /// The kebab-case name used in output and on the command line.
            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

named_enum!(Language {
    Node => "node",
    Python => "python",
    Go => "go",
    Rust => "rust",
    Java => "java",
    Ruby => "ruby",
    Php => "php",
    DotNet => "dotnet",
});

named_enum!(PackageManager {
    Npm => "npm",
    Pnpm => "pnpm",
    YarnClassic => "yarn-classic",
    YarnBerry => "yarn-berry",
    Bun => "bun",
    Uv => "uv",
    Poetry => "poetry",
    Pipenv => "pipenv",
    Pip => "pip",
    GoModules => "go-modules",
    Cargo => "cargo",
    Maven => "maven",
    Gradle => "gradle",
    Bundler => "bundler",
    Composer => "composer",
    NuGet => "nuget",
});

impl PackageManager {
    /// The lockfile a reproducible install reads, relative to the package root.
    pub fn lockfile(self) -> Option<&'static str> {
        Some(match self {
            Self::Npm => "package-lock.json",
            Self::Pnpm => "pnpm-lock.yaml",
            Self::YarnClassic | Self::YarnBerry => "yarn.lock",
            Self::Bun => "bun.lock",
            Self::Uv => "uv.lock",
            Self::Poetry => "poetry.lock",
            Self::Pipenv => "Pipfile.lock",
            Self::GoModules => "go.sum",
            Self::Cargo => "Cargo.lock",
            Self::Bundler => "Gemfile.lock",
            Self::Composer => "composer.lock",
            Self::NuGet => "packages.lock.json",
            Self::Pip | Self::Maven | Self::Gradle => return None,
        })
    }
}

named_enum!(Framework {
    NextJs => "nextjs",
    NestJs => "nestjs",
    Express => "express",
    Fastify => "fastify",
    Vite => "vite",
    Remix => "remix",
    ReactRouter => "react-router",
    FastApi => "fastapi",
    Django => "django",
    Flask => "flask",
    SpringBoot => "spring-boot",
    Rails => "rails",
    Laravel => "laravel",
    AspNetCore => "aspnet-core",
    Axum => "axum",
    ActixWeb => "actix-web",
    Gin => "gin",
    Echo => "echo",
    Fiber => "fiber",
});

named_enum!(BackingService {
    Postgres => "postgres",
    Redis => "redis",
    Mysql => "mysql",
    Mongodb => "mongodb",
    Rabbitmq => "rabbitmq",
});

impl BackingService {
    /// The conventional environment variable holding its connection URL.
    pub fn url_env(self) -> &'static str {
        match self {
            Self::Postgres | Self::Mysql => "DATABASE_URL",
            Self::Redis => "REDIS_URL",
            Self::Mongodb => "MONGODB_URL",
            Self::Rabbitmq => "AMQP_URL",
        }
    }

    /// Its default port.
    pub fn port(self) -> u16 {
        match self {
            Self::Postgres => 5432,
            Self::Redis => 6379,
            Self::Mysql => 3306,
            Self::Mongodb => 27017,
            Self::Rabbitmq => 5672,
        }
    }
}

impl Project {
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }

    /// Every backing service any service needs, deduplicated, in a stable order.
    pub fn backing_services(&self) -> Vec<BackingService> {
        let mut all: Vec<BackingService> = self
            .services
            .iter()
            .flat_map(|s| s.backing_services.iter().map(|b| b.value))
            .collect();
        all.sort();
        all.dedup();
        all
    }
}

impl Service {
    pub fn framework(&self) -> Option<Framework> {
        self.framework.as_ref().map(|f| f.value)
    }

    pub fn metrics_path(&self) -> Option<&str> {
        self.metrics_path.as_ref().map(|m| m.value.as_str())
    }

    /// Whether the service is a member of a workspace built from the root.
    pub fn builds_from_root(&self) -> bool {
        self.context == "." && self.dir != "."
    }
}
