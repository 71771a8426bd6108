//! Imports every GitOps and observability rule needs.
#![allow(unused_imports)]

pub(crate) use super::support;
pub(crate) use crate::declare_rule;
pub(crate) use crate::grafana::{Seg, path_text};
pub(crate) use crate::k8s::{ObjRef, Object};
pub(crate) use crate::rule::{DashboardContext, DashboardSource, Diagnostics, K8sContext, Rule};
pub(crate) use crate::rules::kubernetes::helpers::is_templated;
pub(crate) use plimsoll_diagnostics::{Edit, Fix, Severity, Span};
pub(crate) use plimsoll_syntax::yaml::{NodeId, YamlFile, patch::Value};
pub(crate) use serde_json::Value as Json;
