//! Imports every compose rule needs.
#![allow(unused_imports)]

pub(crate) use crate::compose::project::{Def, MergedService, is_overlay};
pub(crate) use crate::compose::{
    Build, ComposeFile, Dependency, EnvVar, Mount, MountKind, Port, PortSpec, Scalar, Service,
    interpolation,
};
pub(crate) use crate::declare_rule;
pub(crate) use crate::rule::{ComposeContext, Diagnostics, Rule};
pub(crate) use plimsoll_diagnostics::{Edit, Fix, Severity, Span};
pub(crate) use plimsoll_syntax::yaml::{NodeId, NodeKind, YamlFile, patch, patch::Value};
