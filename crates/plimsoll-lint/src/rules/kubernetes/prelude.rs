//! Imports every Kubernetes rule needs.
#![allow(unused_imports)]

pub(crate) use crate::declare_rule;
pub(crate) use crate::k8s::cluster::Namespace;
pub(crate) use crate::k8s::{
    Cluster, Container, ContainerRole, ObjRef, Object, Selector, Workload, WorkloadKind,
};
pub(crate) use crate::rule::{Diagnostics, K8sContext, Rule};
pub(crate) use crate::rules::kubernetes::helpers;
pub(crate) use plimsoll_diagnostics::{Edit, Fix, Span};
pub(crate) use plimsoll_syntax::yaml::{NodeId, NodeKind, YamlFile, patch::Value};
