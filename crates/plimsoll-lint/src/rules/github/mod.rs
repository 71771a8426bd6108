//! GitHub Actions rules: workflows and action metadata.

mod prelude;
pub(crate) mod support;

mod artipacked;
mod bot_conditions;
mod cache_poisoning;
mod curl_pipe_shell;
mod excessive_permissions;
mod expression_in_run_script;
mod expressions;
mod github_env;
mod hardcoded_credentials;
mod insecure_commands;
mod missing_permissions;
mod needs;
mod privileged_trigger;
mod secret_expressions;
mod secrets_inherit;
mod self_hosted_public_trigger;
mod step_ids;
mod template_injection;
mod unpinned_images;
mod unpinned_uses;
mod unsound_contains;
mod untrusted_checkout;

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
    &step_ids::DuplicateStepId,                           // GHA019
    &step_ids::UnknownStepReference,                      // GHA020
    &expressions::InvalidExpression,                      // GHA021
    &expressions::AlwaysTrueCondition,                    // GHA022
    &secret_expressions::UnredactedSecrets,               // GHA023
    &bot_conditions::BotConditions,                       // GHA024
    &unsound_contains::UnsoundContains,                   // GHA025
    &expression_in_run_script::ExpressionInRunScript,     // GHA026
];
