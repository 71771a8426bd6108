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
//! - An app-of-apps (`deploy/argocd/root.yaml`) applies every other
//!   Application from `main`, so a promotion is only a commit: the GitOps
//!   pipeline bumps a production Application's tag on `main` and ArgoCD
//!   itself applies the bumped Application (CI12); CI never reaches the
//!   cluster.

use super::monitoring::text::{YAML_HEADER, bounded, comment_lines, environments, scalar};
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
    // The Applications the app-of-apps applies (in the argocd namespace).
    ("argoproj.io", "Application"),
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
        for env in &environments(options) {
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
    files.push(GeneratedFile::new(
        paths::argocd_root(),
        root_application(project, options),
    ));
    files
}

/// The directory the root Application syncs: where the Applications are.
fn argocd_dir() -> String {
    let root = paths::argocd_root();
    root.rsplit_once('/')
        .map_or_else(|| ".".to_owned(), |(dir, _)| dir.to_owned())
}

/// The app-of-apps: every Application under `deploy/argocd`, applied by
/// ArgoCD from `main` into its own namespace.
fn root_application(project: &Project, options: &Options) -> String {
    let dir = argocd_dir();
    let root_file = paths::argocd_root();
    let project_file = paths::argocd_project();
    let file_name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_owned();
    let mut out = String::from(YAML_HEADER);
    out.push_str("#\n");
    out.push_str(&comment_lines(&format!(
        "The app-of-apps (practices O03, CI12): ArgoCD applies every Application in {dir} as it is on main, so deploys are commits. The pipeline promotes to production by changing the production Applications' targetRevision to a new release tag on main; this Application applies that change, and the production Application then syncs the tag. CI never talks to the cluster, and nothing else changes the Applications (selfHeal reverts edits made by hand)."
    )));
    out.push_str("#\n");
    out.push_str(&comment_lines(&format!(
        "The AppProject ({project_file}) is not synced from here: an Application must not be able to widen the project that bounds it. Bootstrap once, as an administrator of the {ARGOCD_NAMESPACE} namespace:"
    )));
    let _ = write!(
        out,
        "#   kubectl apply -f {project_file} -f {root_file}\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: {}\n  namespace: {ARGOCD_NAMESPACE}\n  labels:\n    app.kubernetes.io/name: root\n    app.kubernetes.io/part-of: {}\n  # No resources finalizer: deleting this Application by mistake leaves the\n  # environments running. Removing one Application file from Git does delete\n  # that Application (prune), and its own finalizer deletes what it deployed.\nspec:\n  project: {}\n  source:\n    repoURL: {}\n    # The Applications follow main: that is how promotions reach ArgoCD. What\n    # production runs stays pinned by the release tag inside its Applications.\n    # plimsoll: ignore[ARGO001] the app-of-apps follows main by design\n    targetRevision: main\n    path: {}\n    directory:\n      recurse: true\n      # This file and the AppProject are applied by hand (see above).\n      exclude: {}\n  destination:\n    server: {IN_CLUSTER}\n    namespace: {ARGOCD_NAMESPACE}\n",
        scalar(&bounded(&format!("{}-root", project.name), 63)),
        scalar(&project.name),
        scalar(&project_name(project)),
        scalar(&options.gitops_repo),
        scalar(&dir),
        scalar(&format!(
            "{{{},{}}}",
            file_name(&root_file),
            file_name(&project_file)
        )),
    );
    out.push_str("  syncPolicy:\n    automated:\n      prune: true\n      selfHeal: true\n    retry:\n      limit: 5\n      backoff:\n        duration: 10s\n        factor: 2\n        maxDuration: 3m\n  revisionHistoryLimit: 10\n");
    out
}

fn app_project(project: &Project, options: &Options) -> String {
    let mut out = String::from(YAML_HEADER);
    out.push_str(
        "#\n# The AppProject bounding this project's Applications (practice O03):\n\
         # they may read only the GitOps repository and deploy only into the\n\
         # environments' namespaces. The one cluster-scoped kind allowed is\n\
         # Namespace, which CreateNamespace=true needs; namespaced kinds are\n\
         # limited to what the charts render (add a kind here when a chart needs it).\n\
         # Apply it first, then the app-of-apps, which applies the Applications:\n\
         #   kubectl apply -f deploy/argocd/project.yaml -f deploy/argocd/root.yaml\n",
    );
    let _ = write!(
        out,
        "---\napiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: {}\n  namespace: {ARGOCD_NAMESPACE}\n  labels:\n    app.kubernetes.io/part-of: {}\n  # Deleting the project waits until no Application uses it.\n  finalizers:\n    - resources-finalizer.argocd.argoproj.io\nspec:\n  description: {}\n  sourceRepos:\n    - {}\n  destinations:\n",
        scalar(&project_name(project)),
        scalar(&project.name),
        scalar(&format!("Services of {}", project.name)),
        scalar(&options.gitops_repo),
    );
    for env in &environments(options) {
        let _ = write!(
            out,
            "    - server: {IN_CLUSTER}\n      namespace: {}\n",
            scalar(&Options::namespace(project, env))
        );
    }
    let _ = write!(
        out,
        "    # The app-of-apps ({}) applies the Applications into\n    # ArgoCD's namespace. Empty ArgoCD's `default` project (no destinations):\n    # an Application created here then deploys nothing outside this project.\n    - server: {IN_CLUSTER}\n      namespace: {ARGOCD_NAMESPACE}\n",
        paths::argocd_root()
    );
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
             \x20   # reaches staging only. The pipeline's approved promote job (GitOps\n\
             \x20   # mode) tags a release and rewrites this exact line on main; the\n\
             \x20   # app-of-apps applies it. By hand: tag the commit that runs well in\n\
             \x20   # staging, push the tag, change this value in a reviewed pull request.\n\
             \x20   # Rolling back is the same change to the previous tag. {FIRST_RELEASE} must\n\
             \x20   # exist before this Application is applied.\n\
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
