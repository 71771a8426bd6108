//! Dockerfile rules (DF), one file per rule.

pub(crate) mod helpers;
mod prelude;

mod latest_base_image;
mod syntax_error;
mod unknown_instruction;
mod untagged_base_image;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &syntax_error::SyntaxError,
    &unknown_instruction::UnknownInstruction,
    &untagged_base_image::UntaggedBaseImage,
    &latest_base_image::LatestBaseImage,
];
