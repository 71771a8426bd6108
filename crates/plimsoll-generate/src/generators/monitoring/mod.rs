//! Monitoring objects outside the chart (practices O01, O02, K16, G06): per
//! service, a PrometheusRule with the standard alert set and a Grafana
//! dashboard ConfigMap with the four golden signals. The chart's
//! ServiceMonitor (helm generator) makes Prometheus scrape the service with
//! `job=<service>`, which the alerts and panels select.

pub mod alerts;
pub mod dashboard;
pub(crate) mod text;

use crate::model::Project;
use crate::options::{Options, paths};
use crate::write::GeneratedFile;

pub fn generate(project: &Project, options: &Options) -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    for service in &project.services {
        files.push(GeneratedFile::new(
            paths::prometheus_rule(service),
            alerts::prometheus_rule(project, options, service),
        ));
        files.push(GeneratedFile::new(
            paths::dashboard(service),
            dashboard::configmap(project, options, service),
        ));
    }
    files
}
