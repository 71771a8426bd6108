//! GitHub Actions rules: workflows and action metadata.

mod prelude;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[];
