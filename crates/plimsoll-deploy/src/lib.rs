//! Progressive delivery for `plimsoll deploy`.
//!
//! The shape: configuration (`config`) → a deterministic [`plan::Plan`] →
//! a pure state machine ([`machine`]) that turns observations into commands
//! on a virtual clock → a runner that performs those commands against
//! Kubernetes ([`kube_backend`]) and Prometheus ([`analysis`]). Only the
//! runner and the backends are async; everything that decides is pure.

pub mod analysis;
pub mod config;
pub mod duration;
pub mod http;
pub mod kube_backend;
pub mod machine;
pub mod ops;
pub mod plan;
pub mod runner;

/// An error and its causes on one line (hyper's own message alone is often
/// just "client error (Connect)").
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = cause.source();
    }
    text
}
