//! Kubernetes rules (K8S), one file per rule (a few closely related rules share one).

pub(crate) mod helpers;
mod prelude;

mod privilege_escalation;
mod resources;
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
];
