//! Helm chart rules (HELM): chart render errors and chart metadata; Kubernetes rules run on rendered charts through `crate::helm`.

mod prelude;

pub(crate) mod render_error;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &render_error::ChartRenderError, // HELM001
];
pub(crate) use render_error::ChartRenderError;
