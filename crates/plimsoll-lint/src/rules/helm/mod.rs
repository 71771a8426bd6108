//! Helm chart rules (HELM): render errors, chart metadata, helm-unittest suites; Kubernetes rules run on rendered charts through `crate::helm`.

mod prelude;
pub(crate) mod support;

mod chart_metadata;
pub(crate) mod render_error;
mod unittest;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &render_error::ChartRenderError,       // HELM001
    &chart_metadata::ChartApiVersionNotV2, // HELM002
    &chart_metadata::InvalidChartVersion,  // HELM003
    &chart_metadata::MissingAppVersion,    // HELM004
    &chart_metadata::MissingKubeVersion,   // HELM005
    &chart_metadata::ChartNameMismatch,    // HELM006
    &unittest::ChartWithoutUnittests,      // HELM007
    &unittest::UnittestUnknownTemplate,    // HELM008
];
pub(crate) use render_error::ChartRenderError;
