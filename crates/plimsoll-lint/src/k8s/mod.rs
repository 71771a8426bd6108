//! The Kubernetes model: objects found in YAML documents, their pod
//! templates and containers, label selectors, quantities, and an index of
//! every object in a run for checks that cross resources and files.

pub mod api_versions;
pub mod cluster;
pub mod kustomize;
pub mod object;
pub mod quantity;
pub mod schema;
pub mod selector;
pub mod workload;

pub use cluster::{Cluster, ObjRef};
pub use object::{Labels, Object, objects_in};
pub use selector::Selector;
pub use workload::{Container, ContainerRole, Workload, WorkloadKind};
