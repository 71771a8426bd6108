//! Imports every Helm rule needs.
#![allow(unused_imports)]

pub(crate) use crate::declare_rule;
pub(crate) use crate::rule::{Diagnostics, ProjectContext, ProjectDiagnostics, Rule};
pub(crate) use plimsoll_diagnostics::{Severity, Span};
