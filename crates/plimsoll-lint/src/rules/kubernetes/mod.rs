//! Kubernetes rules (K8S), one file per rule (a few closely related rules share one).

pub(crate) mod availability_support;
pub(crate) mod helpers;
pub(crate) mod hpa_support;
mod prelude;
pub(crate) mod requests_support;

mod ephemeral_storage_limit;
mod graceful_shutdown;
mod hpa_replicas;
mod hpa_target;
mod hpa_target_requests;
mod identical_probes;
mod missing_pdb;
mod missing_probes;
mod missing_startup_probe;
mod pdb_blocks_eviction;
mod pdb_policy;
mod pdb_selects_no_pods;
mod privilege_escalation;
mod probe_port;
mod replicas_spread;
mod replicas_with_hpa;
mod resource_quantities;
mod resources;
mod revision_history;
mod rolling_update;
mod service_wiring;
mod single_replica;
mod topology_spread;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &resources::MissingCpuRequest,                          // K8S001
    &resources::MissingCpuLimit,                            // K8S002
    &resources::MissingMemoryRequest,                       // K8S003
    &resources::MissingMemoryLimit,                         // K8S004
    &resource_quantities::RequestExceedsLimit,              // K8S005
    &resource_quantities::InvalidResourceQuantity,          // K8S006
    &ephemeral_storage_limit::MissingEphemeralStorageLimit, // K8S007
    &missing_probes::MissingReadinessProbe,                 // K8S008
    &missing_probes::MissingLivenessProbe,                  // K8S009
    &missing_startup_probe::MissingStartupProbe,            // K8S010
    &identical_probes::IdenticalLivenessReadinessProbes,    // K8S011
    &probe_port::ProbePortNotExposed,                       // K8S012
    &privilege_escalation::PrivilegeEscalationAllowed,      // K8S013
    &graceful_shutdown::MissingGracefulShutdown,            // K8S035
    &rolling_update::RollingUpdateReducesCapacity,          // K8S036
    &revision_history::RevisionHistoryDisabled,             // K8S037
    &single_replica::SingleReplicaWorkload,                 // K8S038
    &replicas_spread::ReplicasNotSpread,                    // K8S039
    &topology_spread::InvalidTopologySpread,                // K8S040
    &missing_pdb::MissingPodDisruptionBudget,               // K8S041
    &pdb_blocks_eviction::PdbBlocksEviction,                // K8S042
    &pdb_selects_no_pods::PdbSelectsNoPods,                 // K8S043
    &pdb_policy::PdbWithoutPolicy,                          // K8S044
    &pdb_policy::PdbUnhealthyEvictionPolicyUnset,           // K8S045
    &hpa_target::HpaTargetNotFound,                         // K8S046
    &hpa_replicas::HpaMinReplicasBelowTwo,                  // K8S047
    &hpa_replicas::HpaMaxNotAboveMin,                       // K8S048
    &replicas_with_hpa::ReplicasSetWithHpa,                 // K8S049
    &hpa_target_requests::HpaTargetWithoutRequests,         // K8S050
    &service_wiring::ServiceSelectsNoPods,                  // K8S080
    &service_wiring::ServiceTargetPortNotExposed,           // K8S081
];
