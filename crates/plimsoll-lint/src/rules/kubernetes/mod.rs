//! Kubernetes rules (K8S), one file per rule (a few closely related rules share one).

pub(crate) mod helpers;
pub(crate) mod network_policy_support;
mod prelude;
pub(crate) mod reference_support;
pub(crate) mod secret_support;
pub(crate) mod service_account_support;

mod config_references;
mod default_service_account;
mod name_syntax;
mod namespace_default_deny;
mod network_policy_selectors;
mod pod_not_isolated;
mod privilege_escalation;
mod recommended_labels;
mod resources;
mod secret_env;
mod secret_literals;
mod secret_manifest;
mod selector_mismatch;
mod service_account_references;
mod service_account_token;
mod service_wiring;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &resources::MissingCpuRequest,                              // K8S001
    &resources::MissingCpuLimit,                                // K8S002
    &resources::MissingMemoryRequest,                           // K8S003
    &resources::MissingMemoryLimit,                             // K8S004
    &privilege_escalation::PrivilegeEscalationAllowed,          // K8S013
    &service_account_token::ServiceAccountTokenAutomounted,     // K8S051
    &default_service_account::DefaultServiceAccount,            // K8S052
    &service_account_references::ServiceAccountNotFound,        // K8S053
    &service_account_references::DeprecatedServiceAccountField, // K8S054
    &secret_manifest::SecretManifestInRepository,               // K8S055
    &secret_literals::SecretInEnvValue,                         // K8S056
    &secret_literals::SecretInConfigMap,                        // K8S057
    &secret_env::SecretExposedAsEnvVar,                         // K8S058
    &config_references::ConfigMapNotFound,                      // K8S059
    &config_references::SecretNotFound,                         // K8S060
    &pod_not_isolated::PodNotIsolated,                          // K8S061
    &namespace_default_deny::NamespaceWithoutDefaultDeny,       // K8S062
    &network_policy_selectors::NetworkPolicySelectsNoPods,      // K8S063
    &network_policy_selectors::NetworkPolicyPeerSelectsNoPods,  // K8S064
    &selector_mismatch::SelectorDoesNotMatchTemplate,           // K8S076
    &recommended_labels::MissingRecommendedLabels,              // K8S077
    &name_syntax::InvalidLabel,                                 // K8S078
    &name_syntax::InvalidObjectName,                            // K8S079
    &service_wiring::ServiceSelectsNoPods,                      // K8S080
    &service_wiring::ServiceTargetPortNotExposed,               // K8S081
];
