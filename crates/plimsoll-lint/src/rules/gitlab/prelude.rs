//! Imports every GitLab CI rule needs.
#![allow(unused_imports)]

#[allow(unused_imports)]
pub(crate) use super::support;
pub(crate) use crate::declare_rule;
pub(crate) use crate::gitlab::index::JobRef;
pub(crate) use crate::gitlab::script::ScriptLine;
pub(crate) use crate::gitlab::{
    GitlabFile, Include, IncludeKind, Job, Need, Src, Variable, duration, environment_name,
    image_name, is_dynamic, is_reference, needs, script_lines, service_images,
};
pub(crate) use crate::rule::{Diagnostics, GitlabContext, Rule};
pub(crate) use plimsoll_diagnostics::{Edit, Fix, Severity, Span};
pub(crate) use plimsoll_syntax::yaml::{NodeId, NodeKind, YamlFile, patch, patch::Value};
