//! Terraform and Terragrunt rules (TF), one file per rule.

mod prelude;
pub(crate) mod support;

mod backend_arguments;
mod count_and_for_each;
mod drift_detection;
mod duplicate_declaration;
mod hardcoded_module_value;
mod hcl_syntax_error;
mod local_state;
mod missing_tags;
mod module_source;
mod prevent_destroy;
mod provider_credentials;
mod s3_backend;
mod secret_output;
mod secret_variables;
mod state_in_repository;
mod terraform_versions;
mod terragrunt;
mod tfvars_secret;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &hcl_syntax_error::HclSyntaxError,                 // TF001
    &s3_backend::S3BackendUnencrypted,                 // TF002
    &s3_backend::S3BackendWithoutLocking,              // TF003
    &local_state::LocalState,                          // TF004
    &module_source::ModuleSourceUnpinned,              // TF005
    &terraform_versions::MissingRequiredVersion,       // TF006
    &terraform_versions::ProviderVersionMissing,       // TF007
    &terraform_versions::UnboundedVersionConstraint,   // TF008
    &state_in_repository::StateInRepository,           // TF009
    &secret_variables::SecretVariableNotSensitive,     // TF010
    &secret_variables::SecretVariableDefault,          // TF011
    &secret_output::SecretOutputNotSensitive,          // TF012
    &tfvars_secret::TfvarsSecret,                      // TF013
    &terragrunt::TerragruntRemoteStateWithoutGenerate, // TF014
    &terragrunt::TerragruntMissingInclude,             // TF015
    &terragrunt::TerragruntSourceUnpinned,             // TF016
    &duplicate_declaration::DuplicateDeclaration,      // TF017
    &count_and_for_each::CountAndForEach,              // TF018
    &hardcoded_module_value::HardcodedModuleValue,     // TF019
    &prevent_destroy::StatefulWithoutPreventDestroy,   // TF020
    &missing_tags::MissingTags,                        // TF021
    &drift_detection::NoDriftDetection,                // TF022
    &provider_credentials::ProviderLiteralCredentials, // TF023
    &backend_arguments::S3BackendArgument,             // TF024
];
