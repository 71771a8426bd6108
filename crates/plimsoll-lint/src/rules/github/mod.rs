//! GitHub Actions rules: workflows and action metadata.

mod prelude;
pub(crate) mod support;

mod template_injection;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &template_injection::TemplateInjection, // GHA001
];
