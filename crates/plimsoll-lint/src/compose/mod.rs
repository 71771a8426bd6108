//! The docker-compose model: a typed view of a compose file over its YAML
//! tree, keeping the node of every value for precise reports and fixes.
//!
//! [`ComposeFile::read`] models the first document of a file: its services
//! (image, build, ports, depends_on, healthcheck, volumes, environment...)
//! and the top-level `networks`, `volumes`, `configs`, `secrets`,
//! `include`, `name` and `version`. Values are kept as written; the
//! grammars Compose applies to them live in [`interpolation`],
//! [`duration`], [`size`] and [`ports`], and [`typing`] says how
//! compose-go types scalars. [`project::ComposeIndex`] joins the files of a
//! run into projects (a base file, its overrides, included files).

pub mod duration;
pub mod interpolation;
pub mod ports;
pub mod project;
mod service;
pub mod size;
pub mod typing;

pub use project::{ComposeIndex, Member};
pub use service::{
    Build, Dependency, Deploy, EnvFile, EnvVar, Extends, FileRef, Healthcheck, Logging, Mount,
    MountKind, NetworkRef, Port, PortSpec, Scalar, Service,
};

use plimsoll_syntax::yaml::{NodeId, YamlFile};

/// A top-level network, volume, config or secret.
#[derive(Debug, Clone)]
pub struct Resource {
    pub name: String,
    pub key: NodeId,
    /// The definition (often null: `data:`).
    pub node: NodeId,
    /// `external: true`: created outside Compose.
    pub external: bool,
}

/// An item of the top-level `include`.
#[derive(Debug, Clone)]
pub struct Include {
    pub node: NodeId,
    /// `path` (one or several files).
    pub paths: Vec<Scalar>,
    pub project_directory: Option<Scalar>,
    pub env_files: Vec<Scalar>,
}

/// One compose file (its first YAML document).
#[derive(Debug, Clone)]
pub struct ComposeFile {
    pub doc: usize,
    pub root: NodeId,
    /// The `version` key node, when present (obsolete).
    pub version: Option<NodeId>,
    pub name: Option<Scalar>,
    /// The `services` mapping.
    pub services_node: Option<NodeId>,
    pub services: Vec<Service>,
    pub networks: Vec<Resource>,
    pub volumes: Vec<Resource>,
    pub configs: Vec<Resource>,
    pub secrets: Vec<Resource>,
    pub includes: Vec<Include>,
    /// Services at the top level, without `services:` (the Compose file
    /// format v1, which current Compose rejects): no service is modelled.
    pub legacy_v1: bool,
}

impl ComposeFile {
    /// Models the first document whose root is a mapping.
    pub fn read(yaml: &YamlFile) -> Option<ComposeFile> {
        let (doc, root) = yaml
            .documents
            .iter()
            .enumerate()
            .find_map(|(i, d)| d.root.filter(|r| yaml.is_mapping(*r)).map(|r| (i, r)))?;
        let services_node = yaml.get(root, "services");
        let services = services_node
            .map(|s| {
                yaml.entries(s)
                    .into_iter()
                    .filter_map(|(k, v)| {
                        let name = yaml.str(k)?;
                        (!name.starts_with("x-")).then(|| Service::read(yaml, name, k, v))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let legacy_v1 = services_node.is_none()
            && yaml.get(root, "version").is_none()
            && !yaml.entries(root).is_empty()
            && yaml.entries(root).iter().all(|&(_, v)| {
                yaml.is_mapping(v)
                    && (yaml.get(v, "image").is_some() || yaml.get(v, "build").is_some())
            });
        let resources = |key: &str| -> Vec<Resource> {
            yaml.get(root, key)
                .map(|m| {
                    yaml.entries(m)
                        .into_iter()
                        .filter_map(|(k, v)| {
                            let name = yaml.str(k)?.to_string();
                            if name.starts_with("x-") {
                                return None;
                            }
                            let external = yaml.get(v, "external").is_some_and(|e| {
                                typing::compose_bool(yaml, e) == Some(true) || yaml.is_mapping(e)
                            });
                            Some(Resource {
                                name,
                                key: k,
                                node: v,
                                external,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let includes = yaml
            .get(root, "include")
            .map(|inc| {
                yaml.items(inc)
                    .iter()
                    .map(|&item| Include::read(yaml, item))
                    .collect()
            })
            .unwrap_or_default();
        Some(ComposeFile {
            doc,
            root,
            version: yaml.key_node(root, "version"),
            name: yaml.get(root, "name").and_then(|n| Scalar::of(yaml, n)),
            services_node,
            services,
            networks: resources("networks"),
            volumes: resources("volumes"),
            configs: resources("configs"),
            secrets: resources("secrets"),
            includes,
            legacy_v1,
        })
    }

    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }
}

impl Include {
    fn read(yaml: &YamlFile, item: NodeId) -> Include {
        if let Some(s) = Scalar::of(yaml, item) {
            return Include {
                node: item,
                paths: vec![s],
                project_directory: None,
                env_files: Vec::new(),
            };
        }
        Include {
            node: item,
            paths: yaml
                .get(item, "path")
                .map(|p| Scalar::list(yaml, p))
                .unwrap_or_default(),
            project_directory: yaml
                .get(item, "project_directory")
                .and_then(|p| Scalar::of(yaml, p)),
            env_files: yaml
                .get(item, "env_file")
                .map(|p| Scalar::list(yaml, p))
                .unwrap_or_default(),
        }
    }
}

/// Whether a path or reference is remote (a git or OCI include, a git
/// build context): the run cannot see it.
pub fn is_remote(path: &str) -> bool {
    path.contains("://")
        || path.starts_with("git@")
        || path.starts_with("github.com/")
        || path.contains(".git#")
        || path.ends_with(".git")
}

#[cfg(test)]
mod tests;
