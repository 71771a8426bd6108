//! Imports every Prometheus rule needs.
#![allow(unused_imports)]

pub(crate) use super::support;
pub(crate) use crate::declare_rule;
pub(crate) use crate::prometheus::promql::{self, LabelSet, Parsed};
pub(crate) use crate::prometheus::{Entry, PromFile, PromRule, RuleGroup, duration, template};
pub(crate) use crate::rule::{Diagnostics, PrometheusContext, Rule};
pub(crate) use plimsoll_diagnostics::{Edit, Fix, Severity, Span};
pub(crate) use plimsoll_syntax::yaml::{NodeId, NodeKind, YamlFile};
pub(crate) use promql_parser::label::MatchOp;
pub(crate) use promql_parser::parser::Expr;
