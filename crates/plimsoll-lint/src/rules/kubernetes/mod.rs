//! Kubernetes rules (K8S), one file per rule (a few closely related rules share one).

pub(crate) mod helpers;
mod prelude;
pub(crate) mod rbac_support;

mod duplicate_env_var;
mod duplicate_name_in_pod;
mod privilege_escalation;
mod rbac_allows_exec;
mod rbac_bindings;
mod rbac_can_create_workloads;
mod rbac_privilege_escalation;
mod rbac_reads_secrets;
mod rbac_wildcard;
mod resources;
mod service_wiring;
mod volume_mount_without_volume;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &resources::MissingCpuRequest,                          // K8S001
    &resources::MissingCpuLimit,                            // K8S002
    &resources::MissingMemoryRequest,                       // K8S003
    &resources::MissingMemoryLimit,                         // K8S004
    &privilege_escalation::PrivilegeEscalationAllowed,      // K8S013
    &rbac_wildcard::RbacWildcard,                           // K8S065
    &rbac_bindings::ClusterAdminBinding,                    // K8S066
    &rbac_allows_exec::RbacAllowsExec,                      // K8S067
    &rbac_reads_secrets::RbacReadsSecrets,                  // K8S068
    &rbac_privilege_escalation::RbacPrivilegeEscalation,    // K8S069
    &rbac_can_create_workloads::RbacCanCreateWorkloads,     // K8S070
    &rbac_bindings::BindingToMissingRole,                   // K8S071
    &rbac_bindings::DefaultServiceAccountBound,             // K8S072
    &service_wiring::ServiceSelectsNoPods,                  // K8S080
    &service_wiring::ServiceTargetPortNotExposed,           // K8S081
    &duplicate_env_var::DuplicateEnvVar,                    // K8S087
    &duplicate_name_in_pod::DuplicateNameInPod,             // K8S088
    &volume_mount_without_volume::VolumeMountWithoutVolume, // K8S089
];
