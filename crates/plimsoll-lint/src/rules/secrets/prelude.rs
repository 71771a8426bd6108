//! Imports every secret rule needs.
#![allow(unused_imports)]

pub(crate) use super::support::report;
pub(crate) use crate::declare_rule;
pub(crate) use crate::rule::{Diagnostics, Rule, TextContext};
pub(crate) use crate::secrets::Detector;
