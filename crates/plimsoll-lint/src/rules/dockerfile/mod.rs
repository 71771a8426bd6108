//! Dockerfile rules (DF), one file per rule (a few closely related rules share one).

pub(crate) mod helpers;
pub(crate) mod package_managers;
mod prelude;

mod base_image_not_digest_pinned;
mod exposed_ssh_port;
mod instruction_before_from;
mod invalid_expose;
mod latest_base_image;
mod missing_healthcheck;
mod missing_user;
mod non_minimal_base_image;
mod relative_workdir;
mod repeated_instruction;
mod root_final_user;
mod shell_form_cmd;
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
];
