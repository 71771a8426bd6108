//! ArgoCD, Argo Rollouts (ARGO), External Secrets and Grafana dashboards (OBS): GitOps and observability objects, one file per rule (a few related rules share one).

mod prelude;
pub(crate) mod support;

mod analysis_metrics;
mod app_project_wildcards;
mod automated_sync;
mod dashboard_configmap_without_label;
mod dashboard_identity;
mod datasource_references;
mod default_project;
mod destination_server_and_name;
mod duplicate_panel_id;
mod external_secret_refresh;
mod external_secret_store;
mod go_template_missing_key;
mod invalid_dashboard_json;
mod panel_without_targets;
mod rollout_strategy;
mod secret_store_inline_credentials;
mod unknown_analysis_template;
mod unknown_app_project;
mod unknown_source_ref;
mod unpinned_target_revision;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &unpinned_target_revision::UnpinnedTargetRevision, // ARGO001
    &automated_sync::AutomatedSyncWithoutPrune,        // ARGO002
    &automated_sync::AutomatedSyncWithoutSelfHeal,     // ARGO003
    &automated_sync::AutomatedSyncWithoutRetry,        // ARGO004
    &default_project::DefaultProject,                  // ARGO005
    &destination_server_and_name::DestinationServerAndName, // ARGO006
    &unknown_app_project::UnknownAppProject,           // ARGO007
    &go_template_missing_key::GoTemplateMissingKey,    // ARGO008
    &app_project_wildcards::ProjectAnySource,          // ARGO009
    &app_project_wildcards::ProjectAnyDestination,     // ARGO010
    &app_project_wildcards::ProjectAnyClusterResource, // ARGO011
    &rollout_strategy::CanaryWithoutAnalysis,          // ARGO012
    &rollout_strategy::CanaryWithoutPause,             // ARGO013
    &rollout_strategy::BlueGreenWithoutAnalysis,       // ARGO014
    &analysis_metrics::MetricWithoutCondition,         // ARGO015
    &analysis_metrics::MetricWithoutFailureLimit,      // ARGO016
    &analysis_metrics::InvalidMetricCount,             // ARGO017
    &unknown_analysis_template::UnknownAnalysisTemplate, // ARGO018
    &unknown_source_ref::UnknownSourceRef,             // ARGO019
    &external_secret_store::ExternalSecretWithoutStore, // OBS001
    &external_secret_refresh::RefreshDisabled,         // OBS002
    &external_secret_refresh::OrphanCreationPolicy,    // OBS003
    &external_secret_store::UnknownSecretStore,        // OBS004
    &secret_store_inline_credentials::SecretStoreInlineCredentials, // OBS005
    &invalid_dashboard_json::InvalidDashboardJson,     // OBS010
    &dashboard_identity::DashboardWithoutUid,          // OBS011
    &dashboard_identity::DashboardWithoutTitle,        // OBS012
    &datasource_references::DatasourceImportPlaceholder, // OBS013
    &datasource_references::DatasourceByName,          // OBS014
    &duplicate_panel_id::DuplicatePanelId,             // OBS015
    &panel_without_targets::PanelWithoutTargets,       // OBS016
    &dashboard_configmap_without_label::DashboardConfigMapWithoutLabel, // OBS017
];
