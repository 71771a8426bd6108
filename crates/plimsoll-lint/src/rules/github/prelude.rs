//! Imports every GitHub Actions rule needs.
#![allow(unused_imports)]

pub(crate) use crate::declare_rule;
pub(crate) use crate::github::exprs::ScalarText;
pub(crate) use crate::github::{
    Action, ActionKind, Container, Entry, Job, JobSecrets, Permission, Permissions, Step, Str,
    Trigger, Uses, Workflow,
};
pub(crate) use crate::rule::{ActionContext, Diagnostics, Rule, WorkflowContext};
pub(crate) use plimsoll_diagnostics::{Edit, Fix, Severity, Span};
pub(crate) use plimsoll_syntax::expr::{self, ContextPath, Expr, ExprKind, Template};
pub(crate) use plimsoll_syntax::yaml::{NodeId, NodeKind, YamlFile, patch, patch::Value};
