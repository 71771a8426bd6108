//! What the user chooses (registry, environments, CI platform, cloud) and the
//! names derived from the model and those choices. Every generator asks here
//! for paths, image names and user IDs, so the artifacts agree (X01–X04).

use crate::model::{GitHost, Project, Service};
use serde::Serialize;
use std::fmt;

/// The numeric user every generated image and pod runs as (D02, K03, X03).
pub const APP_UID: u32 = 10001;

#[derive(Debug, Clone, Serialize)]
pub struct Options {
    /// Image repository prefix; a service's image is `<registry>/<service>`.
    pub registry: String,
    /// Deployment environments in promotion order (the last is production).
    pub environments: Vec<String>,
    pub ci: CiPlatform,
    /// Cloud for `--cloud` (Terraform scaffold and workload identity), if any.
    pub cloud: Option<Cloud>,
    /// Base domain for ingress hosts: `<service>.<env>.<domain>`, production `<service>.<domain>`.
    pub domain: String,
    /// Git repository ArgoCD Applications read the charts from.
    pub gitops_repo: String,
    /// How the pipeline deploys: `helm upgrade` from CI, or a commit that
    /// ArgoCD applies (CI12).
    pub deploy: DeployMode,
    pub terraform: TerraformOptions,
}

#[derive(Debug, Clone, Serialize)]
pub struct TerraformOptions {
    pub provider: Cloud,
    pub environments: Vec<String>,
    pub modules: Vec<TerraformModule>,
    pub terragrunt: bool,
}

macro_rules! choice_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum $name { $(#[serde(rename = $label)] $variant),+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }

            /// Parses the kebab-case label.
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.label() == s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

choice_enum!(CiPlatform {
    GithubActions => "github-actions",
    GitlabCi => "gitlab-ci",
    Jenkins => "jenkins",
    Circleci => "circleci",
});

choice_enum!(
    /// How releases reach the cluster (practice CI12). `push`: CI runs
    /// `helm upgrade --install` with the commit SHA. `gitops`: CI commits the
    /// commit SHA to the environment's values file (and production's release
    /// tag) and ArgoCD applies it; CI needs no cluster access.
    DeployMode {
    Push => "push",
    Gitops => "gitops",
});

choice_enum!(Cloud {
    Aws => "aws",
    Gcp => "gcp",
    Azure => "azure",
});

choice_enum!(TerraformModule {
    Network => "network",
    Cluster => "cluster",
    Database => "database",
});

choice_enum!(
    /// The families of files `init --only` selects.
    ArtifactKind {
    Dockerfile => "dockerfile",
    Compose => "compose",
    Helm => "helm",
    Ci => "ci",
    Argocd => "argocd",
    Monitoring => "monitoring",
    Docs => "docs",
    Terraform => "terraform",
});

impl Options {
    /// Defaults derived from the project: the registry follows the Git host
    /// (GHCR for GitHub, the GitLab registry for GitLab).
    pub fn for_project(project: &Project) -> Self {
        let slug = project
            .repository
            .slug
            .as_deref()
            .map(str::to_ascii_lowercase);
        let (registry, gitops_repo, ci) = match (project.repository.host, slug) {
            (Some(GitHost::Github), Some(slug)) => (
                format!("ghcr.io/{slug}"),
                format!("https://github.com/{slug}.git"),
                CiPlatform::GithubActions,
            ),
            (Some(GitHost::Gitlab), Some(slug)) => (
                format!("registry.gitlab.com/{slug}"),
                format!("https://gitlab.com/{slug}.git"),
                CiPlatform::GitlabCi,
            ),
            _ => (
                format!("registry.example.com/{}", project.name),
                format!("https://git.example.com/{}.git", project.name),
                if project.existing.gitlab_ci {
                    CiPlatform::GitlabCi
                } else {
                    CiPlatform::GithubActions
                },
            ),
        };
        let environments = vec!["staging".to_owned(), "production".to_owned()];
        Self {
            registry,
            environments: environments.clone(),
            ci,
            cloud: None,
            domain: "example.com".to_owned(),
            gitops_repo,
            deploy: DeployMode::Push,
            terraform: TerraformOptions {
                provider: Cloud::Aws,
                environments,
                modules: TerraformModule::ALL.to_vec(),
                terragrunt: false,
            },
        }
    }

    /// The image repository of a service (no tag: CI tags with the commit SHA).
    pub fn image(&self, service: &Service) -> String {
        format!("{}/{}", self.registry.trim_end_matches('/'), service.name)
    }

    /// The production environment: the last one.
    pub fn production(&self) -> &str {
        self.environments
            .last()
            .map_or("production", String::as_str)
    }

    /// Ingress host of a service in an environment.
    pub fn host(&self, service: &Service, env: &str) -> String {
        if env == self.production() {
            format!("{}.{}", service.name, self.domain)
        } else {
            format!("{}.{env}.{}", service.name, self.domain)
        }
    }

    /// Kubernetes namespace of an environment.
    pub fn namespace(project: &Project, env: &str) -> String {
        format!("{}-{env}", project.name)
    }
}

/// Where each generated file goes, relative to the project root.
pub mod paths {
    use crate::model::Service;

    fn under(service: &Service, file: &str) -> String {
        if service.dir == "." {
            file.to_owned()
        } else {
            format!("{}/{file}", service.dir)
        }
    }

    /// `Dockerfile` in the service directory.
    pub fn dockerfile(service: &Service) -> String {
        under(service, "Dockerfile")
    }

    /// `.dockerignore` at the root of the build context.
    pub fn dockerignore(service: &Service) -> String {
        if service.context == "." {
            ".dockerignore".to_owned()
        } else {
            format!("{}/.dockerignore", service.context)
        }
    }

    pub const COMPOSE: &str = "compose.yaml";

    /// Variables the compose file reads, documented (never `.env` itself).
    pub const ENV_EXAMPLE: &str = ".env.example";

    /// nginx server configuration of a static site, next to its Dockerfile.
    pub fn nginx_conf(service: &Service) -> String {
        under(service, "nginx.conf")
    }

    /// The chart of a service: `charts/<service>`.
    pub fn chart_dir(service: &Service) -> String {
        format!("charts/{}", service.name)
    }

    /// ArgoCD Application of a service in an environment.
    pub fn argocd_application(service: &Service, env: &str) -> String {
        format!("deploy/argocd/{env}/{}.yaml", service.name)
    }

    /// The AppProject that bounds every Application of the project.
    pub fn argocd_project() -> String {
        "deploy/argocd/project.yaml".to_owned()
    }

    /// The app-of-apps: the Application that syncs every other file of
    /// `deploy/argocd` (GitOps deploy mode).
    pub fn argocd_root() -> String {
        "deploy/argocd/root.yaml".to_owned()
    }

    /// The Application that syncs `deploy/monitoring` (alerts, dashboards).
    pub fn argocd_monitoring() -> String {
        "deploy/argocd/monitoring.yaml".to_owned()
    }

    /// The directory of the PrometheusRules and dashboard ConfigMaps.
    pub const MONITORING_DIR: &str = "deploy/monitoring";

    /// PrometheusRule and dashboard ConfigMap of a service.
    pub fn prometheus_rule(service: &Service) -> String {
        format!("deploy/monitoring/{}-alerts.yaml", service.name)
    }

    pub fn dashboard(service: &Service) -> String {
        format!("deploy/monitoring/{}-dashboard.yaml", service.name)
    }

    pub fn runbook(service: &Service) -> String {
        format!("docs/runbooks/{}.md", service.name)
    }

    pub const POSTMORTEM_TEMPLATE: &str = "docs/postmortem-template.md";

    /// Root of the Terraform scaffold.
    pub const TERRAFORM: &str = "infra";
}
