//! GitHub Actions rules (GHA), one file per rule (a few closely related rules share one).

pub(crate) mod practice_support;
mod prelude;
pub(crate) mod support;

mod artipacked;
mod bot_conditions;
mod cache_key_without_hash;
mod cache_poisoning;
mod context_unavailable;
mod curl_pipe_shell;
mod deploy_without_concurrency;
mod deploy_without_environment;
mod deprecated_command;
mod excessive_permissions;
mod expression_in_run_script;
mod expressions;
mod github_env;
mod hardcoded_credentials;
mod insecure_commands;
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
mod missing_permissions;
mod missing_timeout;
mod mutable_image_tag;
mod needs;
mod no_security_scan;
mod outdated_action;
mod privileged_trigger;
mod retired_runner;
mod secret_expressions;
mod secrets_inherit;
mod self_hosted_public_trigger;
mod shell_without_errexit;
mod shellcheck_finding;
mod ship_without_tests;
mod template_injection;
mod undefined_reference;
mod unknown_key;
mod unpinned_images;
mod unpinned_uses;
mod unsound_contains;
mod untested_infra;
mod untrusted_checkout;
mod value_shape;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &template_injection::TemplateInjection,               // GHA001
    &untrusted_checkout::UntrustedCheckout,               // GHA002
    &missing_permissions::MissingPermissions,             // GHA003
    &excessive_permissions::ExcessivePermissions,         // GHA004
    &unpinned_uses::UnpinnedUses,                         // GHA005
    &artipacked::Artipacked,                              // GHA006
    &secrets_inherit::SecretsInherit,                     // GHA007
    &hardcoded_credentials::HardcodedCredentials,         // GHA008
    &self_hosted_public_trigger::SelfHostedPublicTrigger, // GHA009
    &insecure_commands::InsecureCommands,                 // GHA010
    &curl_pipe_shell::CurlPipeShell,                      // GHA011
    &cache_poisoning::CachePoisoning,                     // GHA012
    &github_env::GithubEnv,                               // GHA013
    &unpinned_images::UnpinnedImages,                     // GHA014
    &secret_expressions::OverprovisionedSecrets,          // GHA015
    &privileged_trigger::PrivilegedTrigger,               // GHA016
    &needs::UnknownNeeds,                                 // GHA017
    &needs::NeedsCycle,                                   // GHA018
    &expressions::InvalidExpression,                      // GHA021
    &expressions::AlwaysTrueCondition,                    // GHA022
    &secret_expressions::UnredactedSecrets,               // GHA023
    &bot_conditions::BotConditions,                       // GHA024
    &unsound_contains::UnsoundContains,                   // GHA025
    &expression_in_run_script::ExpressionInRunScript,     // GHA026
    &unknown_key::UnknownKey,                             // GHA040
    &value_shape::ValueShape,                             // GHA041
    &invalid_permissions::InvalidPermissions,             // GHA042
    &invalid_event::InvalidEvent,                         // GHA043
    &invalid_cron::InvalidCron,                           // GHA044
    &invalid_filter_pattern::InvalidFilterPattern,        // GHA045
    &invalid_id::InvalidId,                               // GHA048
    &undefined_reference::UndefinedReference,             // GHA050
    &context_unavailable::ContextUnavailable,             // GHA051
    &invalid_shell::InvalidShell,                         // GHA052
    &invalid_uses::InvalidUses,                           // GHA053
    &deprecated_command::DeprecatedCommand,               // GHA054
    &retired_runner::RetiredRunner,                       // GHA055
    &missing_timeout::MissingTimeout,                     // GHA056
    &deploy_without_concurrency::DeployWithoutConcurrency, // GHA057
    &deploy_without_environment::DeployWithoutEnvironment, // GHA058
    &long_lived_cloud_keys::LongLivedCloudKeys,           // GHA059
    &install_without_lockfile::InstallWithoutLockfile,    // GHA060
    &cache_key_without_hash::CacheKeyWithoutHash,         // GHA061
    &ship_without_tests::ShipWithoutTests,                // GHA062
    &mutable_image_tag::MutableImageTag,                  // GHA063
    &no_security_scan::NoSecurityScan,                    // GHA064
    &untested_infra::UntestedInfra,                       // GHA065
    &invalid_input::InvalidInput,                         // GHA066
    &outdated_action::OutdatedAction,                     // GHA067
    &invalid_matrix::InvalidMatrix,                       // GHA068
    &shellcheck_finding::ShellcheckFinding,               // GHA069
    &shell_without_errexit::ShellWithoutErrexit,          // GHA070
];
