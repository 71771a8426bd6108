//! Dockerfile rules (DF), one file per rule (a few closely related rules share one).

pub(crate) mod helpers;
pub(crate) mod package_managers;
mod prelude;

mod add_instead_of_copy;
mod base_image_not_digest_pinned;
mod copy_destination;
mod copy_from_stage;
mod empty_continuation_line;
mod env_self_reference;
mod exposed_ssh_port;
mod from_args;
mod instruction_before_from;
mod invalid_expose;
mod keyword_casing;
mod latest_base_image;
mod legacy_key_value_format;
mod maintainer_deprecated;
mod missing_healthcheck;
mod missing_user;
mod non_minimal_base_image;
mod onbuild_forbidden_trigger;
mod relative_workdir;
mod repeated_instruction;
mod root_final_user;
mod shell_form_cmd;
mod stage_names;
mod syntax_error;
mod unknown_instruction;
mod untagged_base_image;
mod untrusted_registry;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &syntax_error::SyntaxError,                              // DF001
    &unknown_instruction::UnknownInstruction,                // DF002
    &instruction_before_from::InstructionBeforeFrom,         // DF003
    &relative_workdir::RelativeWorkdir,                      // DF004
    &root_final_user::RootFinalUser,                         // DF005
    &missing_user::MissingUser,                              // DF006
    &untagged_base_image::UntaggedBaseImage,                 // DF008
    &latest_base_image::LatestBaseImage,                     // DF009
    &base_image_not_digest_pinned::BaseImageNotDigestPinned, // DF010
    &untrusted_registry::UntrustedRegistry,                  // DF011
    &non_minimal_base_image::NonMinimalBaseImage,            // DF012
    &shell_form_cmd::ShellFormCmd,                           // DF013
    &repeated_instruction::MultipleCmd,                      // DF014
    &repeated_instruction::MultipleEntrypoint,               // DF015
    &repeated_instruction::MultipleHealthchecks,             // DF016
    &missing_healthcheck::MissingHealthcheck,                // DF017
    &invalid_expose::InvalidExpose,                          // DF018
    &exposed_ssh_port::ExposedSshPort,                       // DF019
    &copy_from_stage::CopyFromUnknownStage,                  // DF020
    &copy_from_stage::CopyFromOwnStage,                      // DF021
    &stage_names::DuplicateStageName,                        // DF022
    &stage_names::ReservedStageName,                         // DF023
    &copy_destination::CopyMultipleSourcesFileDest,          // DF024
    &copy_destination::CopyRelativeDestWithoutWorkdir,       // DF025
    &add_instead_of_copy::AddInsteadOfCopy,                  // DF026
    &add_instead_of_copy::AddUrlWithoutChecksum,             // DF027
    &maintainer_deprecated::MaintainerDeprecated,            // DF029
    &onbuild_forbidden_trigger::OnbuildForbiddenTrigger,     // DF030
    &env_self_reference::EnvSelfReference,                   // DF031
    &legacy_key_value_format::LegacyKeyValueFormat,          // DF032
    &keyword_casing::InconsistentInstructionCasing,          // DF033
    &keyword_casing::FromAsCasing,                           // DF034
    &from_args::UndefinedArgInFrom,                          // DF035
    &from_args::FromPlatformConstant,                        // DF036
    &from_args::RedundantTargetPlatform,                     // DF037
    &empty_continuation_line::EmptyContinuationLine,         // DF038
    &stage_names::StageNameCasing,                           // DF039
];
