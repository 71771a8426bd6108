//! Kubernetes rules (K8S), one file per rule (a few closely related rules share one).

pub(crate) mod helpers;
mod prelude;

mod api_version;
mod availability_support;
mod capabilities;
mod config_references;
mod default_service_account;
mod duplicate_env_var;
mod duplicate_name_in_pod;
mod duplicate_object;
mod ephemeral_storage_limit;
mod graceful_shutdown;
mod host_namespaces;
mod host_path;
mod host_port;
mod hpa_replicas;
mod hpa_support;
mod hpa_target;
mod hpa_target_requests;
mod identical_probes;
mod images;
mod ingress_backend_not_found;
mod ingress_nginx_snippet;
mod ingress_support;
mod ingress_without_class;
mod ingress_without_tls;
mod invalid_port_name;
mod jobs;
mod kustomization_missing_resource;
mod log_file_on_volume;
mod metrics_not_scraped;
mod missing_container_image;
mod missing_pdb;
mod missing_probes;
mod missing_startup_probe;
mod name_syntax;
mod namespace_default_deny;
mod namespaces;
mod network_policy_selectors;
mod network_policy_support;
mod node_port_service;
mod pdb_blocks_eviction;
mod pdb_policy;
mod pdb_selects_no_pods;
mod pod_not_isolated;
mod pod_scheduling;
mod privilege_escalation;
mod privileged_container;
mod probe_port;
mod proc_mount;
mod rbac_allows_exec;
mod rbac_bindings;
mod rbac_can_create_workloads;
mod rbac_privilege_escalation;
mod rbac_reads_secrets;
mod rbac_support;
mod rbac_wildcard;
mod recommended_labels;
mod reference_support;
mod replicas_spread;
mod replicas_with_hpa;
mod requests_support;
mod resource_quantities;
mod resources;
mod revision_history;
mod rolling_update;
mod run_as_root;
mod schema_validation;
mod seccomp;
mod secret_env;
mod secret_literals;
mod secret_manifest;
mod secret_support;
mod security_support;
mod selector_mismatch;
mod service_account_references;
mod service_account_support;
mod service_account_token;
mod service_wiring;
mod single_replica;
mod ssh_port_exposed;
mod stateful_store_in_deployment;
mod statefulset_service_mismatch;
mod topology_spread;
mod undefined_env_var_reference;
mod unsafe_sysctl;
mod untrusted_image_registry;
mod volume_mount_without_volume;
mod workload_support;
mod writable_root_filesystem;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &resources::MissingCpuRequest,                                 // K8S001
    &resources::MissingCpuLimit,                                   // K8S002
    &resources::MissingMemoryRequest,                              // K8S003
    &resources::MissingMemoryLimit,                                // K8S004
    &resource_quantities::RequestExceedsLimit,                     // K8S005
    &resource_quantities::InvalidResourceQuantity,                 // K8S006
    &ephemeral_storage_limit::MissingEphemeralStorageLimit,        // K8S007
    &missing_probes::MissingReadinessProbe,                        // K8S008
    &missing_probes::MissingLivenessProbe,                         // K8S009
    &missing_startup_probe::MissingStartupProbe,                   // K8S010
    &identical_probes::IdenticalLivenessReadinessProbes,           // K8S011
    &probe_port::ProbePortNotExposed,                              // K8S012
    &privilege_escalation::PrivilegeEscalationAllowed,             // K8S013
    &privileged_container::PrivilegedContainer,                    // K8S014
    &run_as_root::ContainerRunsAsRoot,                             // K8S015
    &run_as_root::LowUserId,                                       // K8S016
    &writable_root_filesystem::WritableRootFilesystem,             // K8S017
    &capabilities::CapabilitiesNotDropped,                         // K8S018
    &capabilities::CapabilityAdded,                                // K8S019
    &seccomp::MissingSeccompProfile,                               // K8S020
    &seccomp::UnconfinedSecurityProfile,                           // K8S021
    &host_namespaces::HostNetwork,                                 // K8S022
    &host_namespaces::HostPid,                                     // K8S023
    &host_namespaces::HostIpc,                                     // K8S024
    &host_port::HostPort,                                          // K8S025
    &host_path::HostPathVolume,                                    // K8S026
    &host_path::ContainerRuntimeSocketMounted,                     // K8S027
    &proc_mount::UnmaskedProcMount,                                // K8S028
    &unsafe_sysctl::UnsafeSysctl,                                  // K8S029
    &images::LatestImageTag,                                       // K8S030
    &images::ImageNotPinnedByDigest,                               // K8S031
    &images::StaleImagePullPolicy,                                 // K8S032
    &missing_container_image::MissingContainerImage,               // K8S033
    &untrusted_image_registry::UntrustedImageRegistry,             // K8S034
    &graceful_shutdown::MissingGracefulShutdown,                   // K8S035
    &rolling_update::RollingUpdateReducesCapacity,                 // K8S036
    &revision_history::RevisionHistoryDisabled,                    // K8S037
    &single_replica::SingleReplicaWorkload,                        // K8S038
    &replicas_spread::ReplicasNotSpread,                           // K8S039
    &topology_spread::InvalidTopologySpread,                       // K8S040
    &missing_pdb::MissingPodDisruptionBudget,                      // K8S041
    &pdb_blocks_eviction::PdbBlocksEviction,                       // K8S042
    &pdb_selects_no_pods::PdbSelectsNoPods,                        // K8S043
    &pdb_policy::PdbWithoutPolicy,                                 // K8S044
    &pdb_policy::PdbUnhealthyEvictionPolicyUnset,                  // K8S045
    &hpa_target::HpaTargetNotFound,                                // K8S046
    &hpa_replicas::HpaMinReplicasBelowTwo,                         // K8S047
    &hpa_replicas::HpaMaxNotAboveMin,                              // K8S048
    &replicas_with_hpa::ReplicasSetWithHpa,                        // K8S049
    &hpa_target_requests::HpaTargetWithoutRequests,                // K8S050
    &service_account_token::ServiceAccountTokenAutomounted,        // K8S051
    &default_service_account::DefaultServiceAccount,               // K8S052
    &service_account_references::ServiceAccountNotFound,           // K8S053
    &service_account_references::DeprecatedServiceAccountField,    // K8S054
    &secret_manifest::SecretManifestInRepository,                  // K8S055
    &secret_literals::SecretInEnvValue,                            // K8S056
    &secret_literals::SecretInConfigMap,                           // K8S057
    &secret_env::SecretExposedAsEnvVar,                            // K8S058
    &config_references::ConfigMapNotFound,                         // K8S059
    &config_references::SecretNotFound,                            // K8S060
    &pod_not_isolated::PodNotIsolated,                             // K8S061
    &namespace_default_deny::NamespaceWithoutDefaultDeny,          // K8S062
    &network_policy_selectors::NetworkPolicySelectsNoPods,         // K8S063
    &network_policy_selectors::NetworkPolicyPeerSelectsNoPods,     // K8S064
    &rbac_wildcard::RbacWildcard,                                  // K8S065
    &rbac_bindings::ClusterAdminBinding,                           // K8S066
    &rbac_allows_exec::RbacAllowsExec,                             // K8S067
    &rbac_reads_secrets::RbacReadsSecrets,                         // K8S068
    &rbac_privilege_escalation::RbacPrivilegeEscalation,           // K8S069
    &rbac_can_create_workloads::RbacCanCreateWorkloads,            // K8S070
    &rbac_bindings::BindingToMissingRole,                          // K8S071
    &rbac_bindings::DefaultServiceAccountBound,                    // K8S072
    &metrics_not_scraped::MetricsNotScraped,                       // K8S073
    &log_file_on_volume::LogFileOnVolume,                          // K8S074
    &invalid_port_name::InvalidPortName,                           // K8S075
    &selector_mismatch::SelectorDoesNotMatchTemplate,              // K8S076
    &recommended_labels::MissingRecommendedLabels,                 // K8S077
    &name_syntax::InvalidLabel,                                    // K8S078
    &name_syntax::InvalidObjectName,                               // K8S079
    &service_wiring::ServiceSelectsNoPods,                         // K8S080
    &service_wiring::ServiceTargetPortNotExposed,                  // K8S081
    &ingress_backend_not_found::IngressBackendNotFound,            // K8S082
    &ingress_without_tls::IngressWithoutTls,                       // K8S083
    &ingress_without_class::IngressWithoutClass,                   // K8S084
    &ingress_nginx_snippet::IngressNginxSnippet,                   // K8S085
    &node_port_service::NodePortService,                           // K8S086
    &duplicate_env_var::DuplicateEnvVar,                           // K8S087
    &duplicate_name_in_pod::DuplicateNameInPod,                    // K8S088
    &volume_mount_without_volume::VolumeMountWithoutVolume,        // K8S089
    &statefulset_service_mismatch::StatefulsetServiceMismatch,     // K8S090
    &stateful_store_in_deployment::StatefulStoreInDeployment,      // K8S091
    &ssh_port_exposed::SshPortExposed,                             // K8S092
    &undefined_env_var_reference::UndefinedEnvVarReference,        // K8S093
    &api_version::RemovedApiVersion,                               // K8S094
    &api_version::DeprecatedApiVersion,                            // K8S095
    &schema_validation::UnknownField,                              // K8S096
    &schema_validation::MissingRequiredField,                      // K8S097
    &schema_validation::WrongValueType,                            // K8S098
    &schema_validation::Yaml11AmbiguousValue,                      // K8S099
    &namespaces::MissingNamespace,                                 // K8S100
    &namespaces::NamespaceWithoutResourceQuota,                    // K8S101
    &jobs::JobWithoutTtl,                                          // K8S102
    &jobs::CronJobWithoutDeadline,                                 // K8S103
    &jobs::InvalidRestartPolicy,                                   // K8S104
    &jobs::InvalidCronSchedule,                                    // K8S105
    &duplicate_object::DuplicateObject,                            // K8S106
    &kustomization_missing_resource::KustomizationMissingResource, // K8S107
    &pod_scheduling::PrivilegedPort,                               // K8S108
    &pod_scheduling::MissingPriorityClass,                         // K8S109
];
