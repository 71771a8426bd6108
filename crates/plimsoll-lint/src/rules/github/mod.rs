//! GitHub Actions rules: workflows and action metadata.

pub(crate) mod practice_support;
mod prelude;
pub(crate) mod support;

mod cache_key_without_hash;
mod context_unavailable;
mod deploy_without_concurrency;
mod deploy_without_environment;
mod deprecated_command;
mod expression_syntax;
mod install_without_lockfile;
mod invalid_cron;
mod invalid_event;
mod invalid_filter_pattern;
mod invalid_id;
mod invalid_input;
mod invalid_matrix;
mod invalid_permissions;
mod invalid_shell;
mod invalid_uses;
mod long_lived_cloud_keys;
mod missing_timeout;
mod mutable_image_tag;
mod no_security_scan;
mod outdated_action;
mod retired_runner;
mod ship_without_tests;
mod template_injection;
mod undefined_reference;
mod unknown_key;
mod untested_infra;
mod untrusted_checkout;
mod value_shape;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &template_injection::TemplateInjection,        // GHA001
    &untrusted_checkout::UntrustedCheckout,        // GHA002
    &unknown_key::UnknownKey,                      // GHA040
    &value_shape::ValueShape,                      // GHA041
    &invalid_permissions::InvalidPermissions,      // GHA042
    &invalid_event::InvalidEvent,                  // GHA043
    &invalid_cron::InvalidCron,                    // GHA044
    &invalid_filter_pattern::InvalidFilterPattern, // GHA045
    &invalid_id::InvalidId,                        // GHA048
    &expression_syntax::ExpressionSyntax,          // GHA049
    &undefined_reference::UndefinedReference,      // GHA050
    &context_unavailable::ContextUnavailable,      // GHA051
    &invalid_shell::InvalidShell,                  // GHA052
    &invalid_uses::InvalidUses,                    // GHA053
    &deprecated_command::DeprecatedCommand,        // GHA054
    &retired_runner::RetiredRunner,                // GHA055
    &missing_timeout::MissingTimeout,              // GHA056
    &deploy_without_concurrency::DeployWithoutConcurrency, // GHA057
    &deploy_without_environment::DeployWithoutEnvironment, // GHA058
    &long_lived_cloud_keys::LongLivedCloudKeys,    // GHA059
    &install_without_lockfile::InstallWithoutLockfile, // GHA060
    &cache_key_without_hash::CacheKeyWithoutHash,  // GHA061
    &ship_without_tests::ShipWithoutTests,         // GHA062
    &mutable_image_tag::MutableImageTag,           // GHA063
    &no_security_scan::NoSecurityScan,             // GHA064
    &untested_infra::UntestedInfra,                // GHA065
    &invalid_input::InvalidInput,                  // GHA066
    &outdated_action::OutdatedAction,              // GHA067
    &invalid_matrix::InvalidMatrix,                // GHA068
];
