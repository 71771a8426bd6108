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
