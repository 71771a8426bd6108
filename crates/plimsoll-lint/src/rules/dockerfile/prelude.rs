//! Imports every Dockerfile rule needs.
#![allow(unused_imports)]

pub(crate) use crate::declare_rule;
pub(crate) use crate::rule::{
    Diagnostics, DockerIgnoreContext, DockerfileContext, ProjectContext, ProjectDiagnostics, Rule,
};
pub(crate) use crate::rules::dockerfile::helpers;
pub(crate) use plimsoll_diagnostics::{Edit, Fix, Span};
pub(crate) use plimsoll_syntax::dockerfile::{Body, Command, Instruction, Keyword};
