//! GitLab CI rules (GL), one file per rule (a few closely related rules share one).

mod prelude;
pub(crate) mod support;

mod undefined_stage;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &undefined_stage::JobInUndefinedStage, // GL001
];
