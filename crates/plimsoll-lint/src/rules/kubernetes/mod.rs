//! Kubernetes rules (K8S), one file per rule (a few closely related rules share one).

pub(crate) mod helpers;
mod prelude;

mod api_version;
mod privilege_escalation;
mod resources;
mod schema_validation;
mod service_wiring;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &resources::MissingCpuRequest,                     // K8S001
    &resources::MissingCpuLimit,                       // K8S002
    &resources::MissingMemoryRequest,                  // K8S003
    &resources::MissingMemoryLimit,                    // K8S004
    &privilege_escalation::PrivilegeEscalationAllowed, // K8S013
    &service_wiring::ServiceSelectsNoPods,             // K8S080
    &service_wiring::ServiceTargetPortNotExposed,      // K8S081
    &api_version::RemovedApiVersion,                   // K8S094
    &api_version::DeprecatedApiVersion,                // K8S095
    &schema_validation::UnknownField,                  // K8S096
    &schema_validation::MissingRequiredField,          // K8S097
    &schema_validation::WrongValueType,                // K8S098
    &schema_validation::Yaml11AmbiguousValue,          // K8S099
];
