//! The `plimsoll check` engine.
//!
//! Data flow: [`discovery`] finds files and their [`FileKind`]; [`parse`]
//! reads each once into a model; [`registry`] rules run over the models
//! ([`rule::Rule`] hooks, project rules last); findings are filtered by
//! [`suppression`], configuration ([`settings`]) and [`baseline`]; [`fix`]
//! applies edits and re-lints until stable.

pub mod baseline;
pub mod compose;
pub mod config;
pub mod cron;
pub mod discovery;
pub mod docs;
pub mod engine;
pub mod fingerprint;
pub mod fix;
pub mod github;
pub mod gitlab;
pub mod grafana;
pub mod helm;
pub mod k8s;
pub mod kind;
pub mod parse;
pub mod paths;
pub mod prometheus;
pub mod registry;
pub mod rule;
pub mod rules;
pub mod secrets;
pub mod selector;
pub mod settings;
pub mod shellcheck;
pub mod suppression;
pub mod terraform;

pub use docs::{rule_docs, rule_page, rules_index};
pub use engine::{CheckRequest, CheckResult, FixMode, Progress, check};
pub use kind::FileKind;
pub use registry::{RULES, rule_by_code, rule_index};
