//! Helm chart rules (HELM): render errors, chart metadata, helm-unittest suites, values defaults, production overlays, config checksums; Kubernetes rules run on rendered charts through `crate::helm`.

mod prelude;
pub(crate) mod support;

mod chart_metadata;
pub(crate) mod config_checksum;
pub(crate) mod production;
pub(crate) mod render_error;
mod unittest;
mod unsafe_defaults;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &render_error::ChartRenderError,         // HELM001
    &chart_metadata::ChartApiVersionNotV2,   // HELM002
    &chart_metadata::InvalidChartVersion,    // HELM003
    &chart_metadata::MissingAppVersion,      // HELM004
    &chart_metadata::MissingKubeVersion,     // HELM005
    &chart_metadata::ChartNameMismatch,      // HELM006
    &unittest::ChartWithoutUnittests,        // HELM007
    &unittest::UnittestUnknownTemplate,      // HELM008
    &production::ProductionLatestImage,      // HELM009
    &production::ProductionMissingResources, // HELM010
    &config_checksum::ConfigWithoutChecksum, // HELM011
    &unsafe_defaults::UnsafeValuesDefault,   // HELM012
];
pub(crate) use config_checksum::ConfigWithoutChecksum;
pub(crate) use production::{ProductionLatestImage, ProductionMissingResources};
pub(crate) use render_error::ChartRenderError;
