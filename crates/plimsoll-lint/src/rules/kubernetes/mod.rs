//! Kubernetes rules (K8S), one file per rule (a few closely related rules share one).

pub(crate) mod helpers;
mod prelude;
pub(crate) mod security_support;

mod capabilities;
mod host_namespaces;
mod host_path;
mod host_port;
mod images;
mod missing_container_image;
mod privilege_escalation;
mod privileged_container;
mod proc_mount;
mod resources;
mod run_as_root;
mod seccomp;
mod service_wiring;
mod unsafe_sysctl;
mod untrusted_image_registry;
mod writable_root_filesystem;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &resources::MissingCpuRequest,                     // K8S001
    &resources::MissingCpuLimit,                       // K8S002
    &resources::MissingMemoryRequest,                  // K8S003
    &resources::MissingMemoryLimit,                    // K8S004
    &privilege_escalation::PrivilegeEscalationAllowed, // K8S013
    &privileged_container::PrivilegedContainer,        // K8S014
    &run_as_root::ContainerRunsAsRoot,                 // K8S015
    &run_as_root::LowUserId,                           // K8S016
    &writable_root_filesystem::WritableRootFilesystem, // K8S017
    &capabilities::CapabilitiesNotDropped,             // K8S018
    &capabilities::CapabilityAdded,                    // K8S019
    &seccomp::MissingSeccompProfile,                   // K8S020
    &seccomp::UnconfinedSecurityProfile,               // K8S021
    &host_namespaces::HostNetwork,                     // K8S022
    &host_namespaces::HostPid,                         // K8S023
    &host_namespaces::HostIpc,                         // K8S024
    &host_port::HostPort,                              // K8S025
    &host_path::HostPathVolume,                        // K8S026
    &host_path::ContainerRuntimeSocketMounted,         // K8S027
    &proc_mount::UnmaskedProcMount,                    // K8S028
    &unsafe_sysctl::UnsafeSysctl,                      // K8S029
    &images::LatestImageTag,                           // K8S030
    &images::ImageNotPinnedByDigest,                   // K8S031
    &images::StaleImagePullPolicy,                     // K8S032
    &missing_container_image::MissingContainerImage,   // K8S033
    &untrusted_image_registry::UntrustedImageRegistry, // K8S034
    &service_wiring::ServiceSelectsNoPods,             // K8S080
    &service_wiring::ServiceTargetPortNotExposed,      // K8S081
];
