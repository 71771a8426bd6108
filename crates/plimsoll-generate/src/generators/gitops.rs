//! ArgoCD objects (practices O03, G06, CI12): one AppProject per project
//! bounding what its Applications may deploy, and one Application per
//! service and environment that syncs the service's chart with that
//! environment's values overlay.
//!
//! - Non-default project: source repositories limited to the GitOps
//!   repository, destinations to the environments' namespaces, the only
//!   cluster-scoped kind allowed is Namespace (for `CreateNamespace=true`),
//!   namespaced kinds limited to what the chart renders.
//! - Automated sync with prune and selfHeal, retries with backoff, a
//!   finalizer so deleting the Application deletes what it deployed.
//! - Staging follows `main`: every merge deploys there. Production is
//!   pinned to a release tag and promoted by a reviewed change of that tag.

use super::monitoring::text::{YAML_HEADER, bounded, comment_lines, scalar};
use crate::model::{Project, Service};
use crate::options::{Options, paths};
use crate::write::GeneratedFile;
use std::fmt::Write as _;

/// The namespace ArgoCD runs in (and reads Applications from).
const ARGOCD_NAMESPACE: &str = "argocd";

/// The in-cluster API server: every environment is a namespace of the
/// cluster ArgoCD runs in.
const IN_CLUSTER: &str = "https://kubernetes.default.svc";

/// The release tag production starts pinned to (the chart's first version).
pub const FIRST_RELEASE: &str = "v0.1.0";

/// Automated sync with prune and selfHeal, retries, and the namespace.
const SYNC_POLICY: &str = "  syncPolicy:\n    automated:\n      prune: true\n      selfHeal: true\n    syncOptions:\n      - CreateNamespace=true\n      # Delete removed resources after the new ones are healthy.\n      - PruneLast=true\n    # The namespace CreateNamespace makes enforces the restricted Pod Security\n    # Standard, which the chart's pods meet (non-root, no privilege escalation,\n    # capabilities dropped, RuntimeDefault seccomp).\n    managedNamespaceMetadata:\n      labels:\n        pod-security.kubernetes.io/enforce: restricted\n        pod-security.kubernetes.io/warn: restricted\n    retry:\n      limit: 5\n      backoff:\n        duration: 10s\n        factor: 2\n        maxDuration: 3m\n  revisionHistoryLimit: 10\n";

/// Namespaced kinds the generated chart renders (group, kind): the
/// project allows these and nothing else.
const NAMESPACED_KINDS: &[(&str, &str)] = &[
    ("", "ConfigMap"),
    ("", "Service"),
    ("", "ServiceAccount"),
    ("apps", "Deployment"),
    ("autoscaling", "HorizontalPodAutoscaler"),
    ("external-secrets.io", "ExternalSecret"),
    ("monitoring.coreos.com", "PrometheusRule"),
    ("monitoring.coreos.com", "ServiceMonitor"),
    ("networking.k8s.io", "Ingress"),
    ("networking.k8s.io", "NetworkPolicy"),
    ("policy", "PodDisruptionBudget"),
];

/// The AppProject's name: the project's, unless that is ArgoCD's
/// unrestricted `default`.
pub fn project_name(project: &Project) -> String {
    if project.name == "default" {
        "default-app".to_owned()
    } else {
        bounded(&project.name, 63)
    }
}

/// The Application's name: unique across the projects one ArgoCD manages.
pub fn application_name(project: &Project, service: &Service, env: &str) -> String {
    let name = if project.name == service.name {
        format!("{}-{env}", service.name)
    } else {
        format!("{}-{}-{env}", project.name, service.name)
    };
    bounded(&name, 63)
}

/// The revision an environment's Application follows.
pub fn target_revision(options: &Options, env: &str) -> &'static str {
    if env == options.production() {
        FIRST_RELEASE
    } else {
        "main"
    }
}

pub fn generate(project: &Project, options: &Options) -> Vec<GeneratedFile> {
    let mut files = vec![GeneratedFile::new(
        paths::argocd_project(),
        app_project(project, options),
    )];
    for service in &project.services {
        for env in &options.environments {
            files.push(GeneratedFile::new(
                paths::argocd_application(service, env),
                application(project, options, service, env),
            ));
        }
    }
    files.push(GeneratedFile::new(
        paths::argocd_monitoring(),
        monitoring_application(project, options),
    ));
    files
}

fn app_project(project: &Project, options: &Options) -> String {
    let mut out = String::from(YAML_HEADER);
    out.push_str(
        "#\n# The AppProject bounding this project's Applications (practice O03):\n\
         # they may read only the GitOps repository and deploy only into the\n\
         # environments' namespaces. The one cluster-scoped kind allowed is\n\
         # Namespace, which CreateNamespace=true needs; namespaced kinds are\n\
         # limited to what the charts render (add a kind here when a chart needs it).\n\
         # Apply it first, then the Applications:\n\
         #   kubectl apply -f deploy/argocd/project.yaml\n\
         #   kubectl apply -R -f deploy/argocd/\n",
    );
    let _ = write!(
        out,
        "---\napiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: {}\n  namespace: {ARGOCD_NAMESPACE}\n  labels:\n    app.kubernetes.io/part-of: {}\n  # Deleting the project waits until no Application uses it.\n  finalizers:\n    - resources-finalizer.argocd.argoproj.io\nspec:\n  description: {}\n  sourceRepos:\n    - {}\n  destinations:\n",
        scalar(&project_name(project)),
        scalar(&project.name),
        scalar(&format!("Services of {}", project.name)),
        scalar(&options.gitops_repo),
    );
    for env in &options.environments {
        let _ = write!(
            out,
            "    - server: {IN_CLUSTER}\n      namespace: {}\n",
            scalar(&Options::namespace(project, env))
        );
    }
    out.push_str("  clusterResourceWhitelist:\n    - group: \"\"\n      kind: Namespace\n  namespaceResourceWhitelist:\n");
    for (group, kind) in NAMESPACED_KINDS {
        let group = if group.is_empty() {
            "\"\"".to_owned()
        } else {
            scalar(group)
        };
        let _ = write!(out, "    - group: {group}\n      kind: {kind}\n");
    }
    out.push_str(
        "  # Report objects in the namespaces that no Application manages.\n  orphanedResources:\n    warn: true\n",
    );
    out
}

/// The Application syncing the alerts and dashboards (deploy/monitoring)
/// into the production namespace, pinned like production.
fn monitoring_application(project: &Project, options: &Options) -> String {
    let env = options.production();
    let namespace = Options::namespace(project, env);
    let mut out = String::from(YAML_HEADER);
    out.push_str("#\n");
    out.push_str(&comment_lines(&format!(
        "ArgoCD Application of the monitoring objects (practices O01, O02): the PrometheusRules and Grafana dashboard ConfigMaps in {}, synced into {namespace} like the services, so alerts change through Git too.",
        paths::MONITORING_DIR,
    )));
    let _ = write!(
        out,
        "---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: {}\n  namespace: {ARGOCD_NAMESPACE}\n  labels:\n    app.kubernetes.io/name: monitoring\n    app.kubernetes.io/part-of: {}\n    environment: {}\n  finalizers:\n    - resources-finalizer.argocd.argoproj.io\nspec:\n  project: {}\n  source:\n    repoURL: {}\n    # Pinned and promoted with production (see the production Applications).\n    targetRevision: {FIRST_RELEASE}\n    path: {}\n    directory:\n      recurse: false\n  destination:\n    server: {IN_CLUSTER}\n    namespace: {}\n",
        scalar(&bounded(&format!("{}-monitoring", project.name), 63)),
        scalar(&project.name),
        scalar(env),
        scalar(&project_name(project)),
        scalar(&options.gitops_repo),
        scalar(paths::MONITORING_DIR),
        scalar(&namespace),
    );
    out.push_str(SYNC_POLICY);
    out
}

fn application(project: &Project, options: &Options, service: &Service, env: &str) -> String {
    let production = env == options.production();
    let namespace = Options::namespace(project, env);
    let chart = paths::chart_dir(service);
    let mut out = String::from(YAML_HEADER);
    out.push_str("#\n");
    out.push_str(&comment_lines(&format!(
        "ArgoCD Application of {} in {env} (practices O03, CI12): ArgoCD syncs {chart} with values.yaml and values-{env}.yaml into {namespace}. Sync is automated: prune deletes what was removed from Git, selfHeal reverts changes made in the cluster by hand, failed syncs are retried with backoff.",
        service.name
    )));
    out.push_str("#\n");
    out.push_str(&comment_lines(&format!(
        "Deploy through Git: CI changes image.tag in {chart}/values-{env}.yaml and ArgoCD applies it. A helm upgrade or kubectl apply run against this namespace from elsewhere is reverted by selfHeal.",
    )));
    let _ = write!(
        out,
        "---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: {}\n  namespace: {ARGOCD_NAMESPACE}\n  labels:\n    app.kubernetes.io/name: {}\n    app.kubernetes.io/part-of: {}\n    environment: {}\n  # Deleting the Application deletes the resources it deployed.\n  finalizers:\n    - resources-finalizer.argocd.argoproj.io\nspec:\n  project: {}\n  source:\n    repoURL: {}\n",
        scalar(&application_name(project, service, env)),
        scalar(&service.name),
        scalar(&project.name),
        scalar(env),
        scalar(&project_name(project)),
        scalar(&options.gitops_repo),
    );
    if production {
        let _ = write!(
            out,
            "    # Production is pinned to a release tag, never a branch: a merge to main\n\
             \x20   # reaches staging only. To promote, tag the commit that runs well in\n\
             \x20   # staging (git tag v0.2.0 && git push origin v0.2.0), then change this\n\
             \x20   # value to the tag in a reviewed pull request; ArgoCD syncs it. Rolling\n\
             \x20   # back is the same change to the previous tag. {FIRST_RELEASE} must exist\n\
             \x20   # before this Application is applied.\n\
             \x20   targetRevision: {FIRST_RELEASE}\n"
        );
    } else {
        out.push_str(
            "    # This environment follows main on purpose: every merge deploys here\n\
             \x20   # first. Production is pinned to a release tag.\n\
             \x20   # plimsoll: ignore[ARGO001] pre-production tracks main by design\n\
             \x20   targetRevision: main\n",
        );
    }
    let _ = write!(
        out,
        "    path: {}\n    helm:\n      releaseName: {}\n      valueFiles:\n        - values.yaml\n        - {}\n  destination:\n    server: {IN_CLUSTER}\n    namespace: {}\n",
        scalar(&chart),
        scalar(&service.name),
        scalar(&format!("values-{env}.yaml")),
        scalar(&namespace),
    );
    out.push_str(SYNC_POLICY);
    out
}
