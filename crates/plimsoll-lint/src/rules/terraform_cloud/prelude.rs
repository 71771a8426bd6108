//! Imports every cloud resource rule needs.
#![allow(unused_imports)]

pub(crate) use super::support::{
    self, BoolCheck, Setting, check_bool, configured_by, is_set, is_set_non_null, known_str,
    setting, shown, subject,
};
pub(crate) use crate::declare_rule;
pub(crate) use crate::rule::{Diagnostics, HclSpan, Rule, TerraformContext};
pub(crate) use crate::terraform::{Attr, Lookup, Module, Resource, Value};
pub(crate) use plimsoll_diagnostics::Span;
pub(crate) use plimsoll_syntax::hcl::{Block, Expr, expr_span, traversal_path};
