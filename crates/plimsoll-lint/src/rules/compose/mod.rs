//! docker-compose rules (DC), one file per rule (a few closely related rules share one).

mod prelude;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[];
