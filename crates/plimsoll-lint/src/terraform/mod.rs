//! The Terraform model: typed blocks per file ([`model`]), modules and the
//! run-wide index ([`index`]), and a small evaluator ([`eval`]).

pub mod eval;
pub mod expect;
pub mod index;
pub mod model;

pub use eval::Value;
pub use expect::{Expect, require_attr};
pub use index::{FileId, Module, TerraformIndex};
pub use model::{
    Attr, Backend, Local, Lookup, ModuleCall, Output, Provider, Ref, RequiredProvider, Resource,
    TerraformBlock, TfFile, Variable, literal_str,
};

#[cfg(test)]
mod tests;
