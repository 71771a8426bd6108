//! Terraform and Terragrunt rules (TF), one file per rule.

mod prelude;
pub(crate) mod support;

mod hcl_syntax_error;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &hcl_syntax_error::HclSyntaxError, // TF001
];
