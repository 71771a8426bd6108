//! Imports every Terraform rule needs.
#![allow(unused_imports)]

pub(crate) use super::support;
pub(crate) use crate::declare_rule;
pub(crate) use crate::rule::{
    Diagnostics, HclSpan, ProjectContext, ProjectDiagnostics, Rule, TerraformContext,
    TerragruntContext,
};
pub(crate) use crate::terraform::expect::check_attr;
pub(crate) use crate::terraform::{
    Attr, Expect, Lookup, Module, Resource, TfFile, Value, literal_str, require_attr,
};
pub(crate) use plimsoll_diagnostics::{Edit, Fix, Severity, Span};
pub(crate) use plimsoll_syntax::hcl::{Attribute, Block, Body, Expr};
