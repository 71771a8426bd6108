//! docker-compose rules (DC), one file per rule (a few closely related rules share one).

mod prelude;
pub(crate) mod support;

mod build_target;
mod byte_sizes;
mod capabilities;
mod container_name;
mod depends_on_cycle;
mod durations;
mod env_values;
mod hardening;
mod health;
mod healthcheck_test;
mod host_mounts;
mod host_namespaces;
mod host_port_conflict;
mod images;
mod interpolation_syntax;
mod logging;
mod memory_limit;
mod missing_files;
mod port_exposure;
mod port_syntax;
mod privileged;
mod references;
mod restart;
mod secrets;
mod version_key;
mod volumes;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &health::ServiceWithoutHealthcheck,            // DC001
    &health::DependsOnWithoutHealthCondition,      // DC002
    &health::HealthyDependencyWithoutHealthcheck,  // DC003
    &healthcheck_test::InvalidHealthcheckTest,     // DC004
    &restart::ServiceWithoutRestartPolicy,         // DC005
    &restart::InvalidServiceRestartPolicy,         // DC006
    &memory_limit::ServiceWithoutMemoryLimit,      // DC007
    &byte_sizes::InvalidByteSize,                  // DC008
    &logging::ServiceWithoutLogRotation,           // DC009
    &images::UnpinnedServiceImage,                 // DC010
    &images::ServiceImageWithoutDigest,            // DC011
    &build_target::BuildWithoutTarget,             // DC012
    &secrets::LiteralSecretInEnvironment,          // DC013
    &secrets::CredentialInEnvironmentValue,        // DC014
    &volumes::AnonymousVolume,                     // DC015
    &volumes::DataStoreWithoutVolume,              // DC016
    &version_key::ObsoleteVersionKey,              // DC017
    &references::UndefinedServiceReference,        // DC018
    &references::UndefinedNetwork,                 // DC019
    &references::UndefinedVolume,                  // DC020
    &references::UndefinedConfigOrSecret,          // DC021
    &depends_on_cycle::DependsOnCycle,             // DC022
    &host_port_conflict::HostPortConflict,         // DC023
    &durations::InvalidDuration,                   // DC024
    &port_syntax::InvalidPortMapping,              // DC025
    &container_name::DuplicateContainerName,       // DC026
    &container_name::ContainerNameWithReplicas,    // DC027
    &container_name::InvalidContainerName,         // DC028
    &interpolation_syntax::InvalidInterpolation,   // DC029
    &missing_files::MissingEnvFile,                // DC030
    &missing_files::MissingExtendsFile,            // DC031
    &missing_files::MissingIncludeFile,            // DC032
    &env_values::EnvironmentValueRewritten,        // DC033
    &port_syntax::UnquotedPortMapping,             // DC034
    &privileged::PrivilegedService,                // DC035
    &host_mounts::ServiceMountsRuntimeSocket,      // DC036
    &host_namespaces::ServiceSharesHostNamespace,  // DC037
    &capabilities::ServiceAddsDangerousCapability, // DC038
    &hardening::MissingNoNewPrivileges,            // DC039
    &port_exposure::PortPublishedOnAllInterfaces,  // DC040
    &hardening::ServiceSecurityProfileDisabled,    // DC041
    &capabilities::ServiceCapabilitiesNotDropped,  // DC042
    &hardening::ServiceRootFilesystemWritable,     // DC043
    &host_mounts::SensitiveHostPathMounted,        // DC044
    &hardening::ServiceRunsAsRoot,                 // DC045
    &logging::ServiceLoggingDisabled,              // DC046
    &images::BuildAndImageWithoutPullPolicy,       // DC047
    &port_syntax::PortNotQuoted,                   // DC048
    &version_key::LegacyComposeFormat,             // DC049
];
