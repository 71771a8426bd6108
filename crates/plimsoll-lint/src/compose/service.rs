//! A service of a compose file and the parts rules look at.

use super::interpolation;
use super::ports::{self, PortMapping};
use super::typing::{compose_bool, compose_int};
use plimsoll_syntax::yaml::{NodeId, NodeKind, YamlFile};

/// A scalar value and its node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    pub node: NodeId,
    pub value: String,
}

impl Scalar {
    /// A scalar node (through aliases); `None` for collections and null.
    pub fn of(yaml: &YamlFile, node: NodeId) -> Option<Scalar> {
        if yaml.is_null(node) {
            return None;
        }
        yaml.str(node).map(|v| Scalar {
            node,
            value: v.to_string(),
        })
    }

    /// A scalar or a sequence of scalars (`env_file: a.env` or a list).
    pub fn list(yaml: &YamlFile, node: NodeId) -> Vec<Scalar> {
        if yaml.is_sequence(node) {
            yaml.items(node)
                .iter()
                .filter_map(|&i| Scalar::of(yaml, i))
                .collect()
        } else {
            Scalar::of(yaml, node).into_iter().collect()
        }
    }

    /// Whether the value reads a variable.
    pub fn is_interpolated(&self) -> bool {
        interpolation::is_interpolated(&self.value)
    }
}

/// `build`, short (a context path) or long.
#[derive(Debug, Clone)]
pub struct Build {
    pub node: NodeId,
    pub short: bool,
    pub context: Option<Scalar>,
    pub dockerfile: Option<Scalar>,
    pub dockerfile_inline: Option<Scalar>,
    pub target: Option<Scalar>,
    pub args: Vec<EnvVar>,
    pub labels: Vec<EnvVar>,
    pub secrets: Vec<FileRef>,
}

/// A `ports` item.
#[derive(Debug, Clone)]
pub struct Port {
    pub node: NodeId,
    pub long: bool,
    pub spec: PortSpec,
}

#[derive(Debug, Clone)]
pub enum PortSpec {
    Mapping(PortMapping),
    /// Reads a variable: judged only once resolved, so not judged.
    Interpolated,
    Invalid(ports::Error),
}

/// A `depends_on` entry.
#[derive(Debug, Clone)]
pub struct Dependency {
    pub service: String,
    /// The list item or the mapping key.
    pub node: NodeId,
    /// The long form's mapping.
    pub entry: Option<NodeId>,
    pub condition: Option<Scalar>,
    /// `required: false` makes a missing dependency a warning only.
    pub required: bool,
}

impl Dependency {
    /// The condition, `service_started` when not written.
    pub fn condition(&self) -> &str {
        self.condition
            .as_ref()
            .map_or("service_started", |c| c.value.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Healthcheck {
    pub node: NodeId,
    pub test: Option<NodeId>,
    /// `disable: true` or `test: ["NONE"]`.
    pub disabled: bool,
}

#[derive(Debug, Clone)]
pub struct Deploy {
    pub node: NodeId,
    pub mode: Option<Scalar>,
    pub replicas: Option<Scalar>,
    pub limits_memory: Option<Scalar>,
    pub limits_cpus: Option<Scalar>,
    pub restart_policy: Option<NodeId>,
}

/// An environment variable, build arg or label: map form `KEY: value` or
/// list form `- KEY=value` / `- KEY`.
#[derive(Debug, Clone)]
pub struct EnvVar {
    pub key: String,
    /// The mapping key (map form) or the list item (list form).
    pub key_node: NodeId,
    /// The value node (map form) or the list item (list form).
    pub value_node: Option<NodeId>,
    /// The value as written; `None` for `KEY:` (null) and `- KEY`.
    pub value: Option<String>,
    pub list_form: bool,
}

#[derive(Debug, Clone)]
pub struct EnvFile {
    pub path: Scalar,
    pub required: bool,
    pub node: NodeId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountKind {
    /// A named volume (`data:/var/lib/x`).
    Volume,
    /// A volume with no source: created anonymously for the container.
    Anonymous,
    /// A host path.
    Bind,
    Tmpfs,
    Other(String),
}

/// A `volumes` item.
#[derive(Debug, Clone)]
pub struct Mount {
    pub node: NodeId,
    pub long: bool,
    pub kind: MountKind,
    pub source: Option<Scalar>,
    pub target: Option<String>,
    pub read_only: bool,
    /// The source or target reads a variable (the kind is then a guess).
    pub interpolated: bool,
}

/// A network a service joins.
#[derive(Debug, Clone)]
pub struct NetworkRef {
    pub name: String,
    /// The list item or the mapping key.
    pub node: NodeId,
}

/// A config or secret granted to a service, or a build secret.
#[derive(Debug, Clone)]
pub struct FileRef {
    pub source: String,
    /// The short item, or the long form's `source` value.
    pub node: NodeId,
}

#[derive(Debug, Clone)]
pub struct Logging {
    pub node: NodeId,
    pub driver: Option<Scalar>,
    pub options: Option<NodeId>,
}

#[derive(Debug, Clone)]
pub struct Extends {
    pub node: NodeId,
    pub service: Option<Scalar>,
    pub file: Option<Scalar>,
}

/// A service.
#[derive(Debug, Clone)]
pub struct Service {
    pub name: String,
    pub key: NodeId,
    /// The service's mapping (may be null for `svc:`).
    pub node: NodeId,
    pub image: Option<Scalar>,
    pub build: Option<Build>,
    pub container_name: Option<Scalar>,
    pub ports: Vec<Port>,
    pub expose: Vec<NodeId>,
    pub depends_on: Vec<Dependency>,
    pub healthcheck: Option<Healthcheck>,
    pub restart: Option<Scalar>,
    pub deploy: Option<Deploy>,
    pub scale: Option<Scalar>,
    pub environment: Vec<EnvVar>,
    pub env_files: Vec<EnvFile>,
    pub labels: Vec<EnvVar>,
    pub volumes: Vec<Mount>,
    pub volumes_from: Vec<Scalar>,
    pub links: Vec<Scalar>,
    pub networks: Vec<NetworkRef>,
    pub network_mode: Option<Scalar>,
    pub configs: Vec<FileRef>,
    pub secrets: Vec<FileRef>,
    pub logging: Option<Logging>,
    pub extends: Option<Extends>,
    pub profiles: Vec<Scalar>,
    pub mem_limit: Option<Scalar>,
    pub pull_policy: Option<Scalar>,
    pub privileged: Option<(NodeId, bool)>,
    pub read_only: Option<(NodeId, bool)>,
    pub cap_add: Vec<Scalar>,
    pub cap_drop: Vec<Scalar>,
    pub security_opt: Vec<Scalar>,
    pub user: Option<Scalar>,
    pub pid: Option<Scalar>,
    pub ipc: Option<Scalar>,
    pub uts: Option<Scalar>,
    pub userns_mode: Option<Scalar>,
    pub use_api_socket: Option<(NodeId, bool)>,
    /// `x-*` keys.
    pub extensions: Vec<(String, NodeId)>,
}

fn get(yaml: &YamlFile, map: NodeId, key: &str) -> Option<NodeId> {
    yaml.get(map, key).filter(|n| !yaml.is_null(*n))
}

fn scalar(yaml: &YamlFile, map: NodeId, key: &str) -> Option<Scalar> {
    get(yaml, map, key).and_then(|n| Scalar::of(yaml, n))
}

fn flag(yaml: &YamlFile, map: NodeId, key: &str) -> Option<(NodeId, bool)> {
    let n = get(yaml, map, key)?;
    Some((n, compose_bool(yaml, n)?))
}

fn scalars(yaml: &YamlFile, map: NodeId, key: &str) -> Vec<Scalar> {
    get(yaml, map, key)
        .map(|n| Scalar::list(yaml, n))
        .unwrap_or_default()
}

/// Map form or `KEY=value` list form.
pub(crate) fn env_vars(yaml: &YamlFile, node: NodeId) -> Vec<EnvVar> {
    if yaml.is_sequence(node) {
        return yaml
            .items(node)
            .iter()
            .filter_map(|&item| {
                let text = yaml.str(item)?;
                let (key, value) = match text.split_once('=') {
                    Some((k, v)) => (k, Some(v.to_string())),
                    None => (text, None),
                };
                Some(EnvVar {
                    key: key.to_string(),
                    key_node: item,
                    value_node: Some(item),
                    value,
                    list_form: true,
                })
            })
            .collect();
    }
    yaml.entries(node)
        .into_iter()
        .filter_map(|(k, v)| {
            let key = yaml.str(k)?.to_string();
            let value = if yaml.is_null(v) {
                None
            } else {
                yaml.str(v).map(ToString::to_string)
            };
            Some(EnvVar {
                key,
                key_node: k,
                value_node: Some(v),
                value,
                list_form: false,
            })
        })
        .collect()
}

/// `configs`/`secrets` of a service: `- name` or `- source: name`.
fn file_refs(yaml: &YamlFile, node: NodeId) -> Vec<FileRef> {
    yaml.items(node)
        .iter()
        .filter_map(|&item| {
            if let Some(s) = Scalar::of(yaml, item) {
                return Some(FileRef {
                    source: s.value,
                    node: item,
                });
            }
            let src = scalar(yaml, item, "source")?;
            Some(FileRef {
                source: src.value,
                node: src.node,
            })
        })
        .collect()
}

impl Build {
    fn read(yaml: &YamlFile, node: NodeId) -> Build {
        if let Some(context) = Scalar::of(yaml, node) {
            return Build {
                node,
                short: true,
                context: Some(context),
                dockerfile: None,
                dockerfile_inline: None,
                target: None,
                args: Vec::new(),
                labels: Vec::new(),
                secrets: Vec::new(),
            };
        }
        Build {
            node,
            short: false,
            context: scalar(yaml, node, "context"),
            dockerfile: scalar(yaml, node, "dockerfile"),
            dockerfile_inline: scalar(yaml, node, "dockerfile_inline"),
            target: scalar(yaml, node, "target"),
            args: get(yaml, node, "args")
                .map(|a| env_vars(yaml, a))
                .unwrap_or_default(),
            labels: get(yaml, node, "labels")
                .map(|a| env_vars(yaml, a))
                .unwrap_or_default(),
            secrets: get(yaml, node, "secrets")
                .map(|a| file_refs(yaml, a))
                .unwrap_or_default(),
        }
    }
}

impl Port {
    fn read(yaml: &YamlFile, node: NodeId) -> Option<Port> {
        if yaml.is_mapping(node) {
            return Some(Port {
                node,
                long: true,
                spec: long_port(yaml, node),
            });
        }
        let text = yaml.str(node)?;
        let spec = if text.contains('$') && interpolation::is_interpolated(text) {
            PortSpec::Interpolated
        } else {
            let text = interpolation::literal(text).unwrap_or_else(|| text.to_string());
            match ports::parse_short(&text) {
                Ok(m) => PortSpec::Mapping(m),
                Err(e) => PortSpec::Invalid(e),
            }
        };
        Some(Port {
            node,
            long: false,
            spec,
        })
    }
}

fn long_port(yaml: &YamlFile, node: NodeId) -> PortSpec {
    let field = |key: &str| scalar(yaml, node, key);
    let fields = [
        field("target"),
        field("published"),
        field("host_ip"),
        field("protocol"),
    ];
    if fields.iter().flatten().any(Scalar::is_interpolated) {
        return PortSpec::Interpolated;
    }
    let [target, published, host_ip, protocol] = fields;
    let Some(target) = target else {
        return PortSpec::Invalid(ports::Error {
            message: "the long syntax needs `target` (the container port)".into(),
        });
    };
    let Some(target_range) = ports::parse_range(&target.value).filter(|r| r.is_single()) else {
        return PortSpec::Invalid(ports::Error {
            message: format!("`target: {}` is not a container port", target.value),
        });
    };
    let published_range = match &published {
        Some(p) if !p.value.is_empty() => match ports::parse_range(&p.value) {
            Some(r) => Some(r),
            None => {
                return PortSpec::Invalid(ports::Error {
                    message: format!("`published: {}` is not a host port or range", p.value),
                });
            }
        },
        _ => None,
    };
    let protocol = protocol.map_or_else(|| "tcp".to_string(), |p| p.value.to_ascii_lowercase());
    if !matches!(protocol.as_str(), "tcp" | "udp" | "sctp") {
        return PortSpec::Invalid(ports::Error {
            message: format!("`protocol: {protocol}` is not tcp, udp or sctp"),
        });
    }
    if let Some(ip) = &host_ip
        && !ip.value.is_empty()
        && ip
            .value
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_err()
    {
        return PortSpec::Invalid(ports::Error {
            message: format!("`host_ip: {}` is not an IP address", ip.value),
        });
    }
    PortSpec::Mapping(PortMapping {
        host_ip: host_ip
            .map(|i| {
                i.value
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .to_string()
            })
            .filter(|i| !i.is_empty()),
        published: published_range,
        target: target_range,
        protocol,
    })
}

/// A path written relative or absolute on the host (bind mount source).
pub fn is_host_path(source: &str) -> bool {
    source.starts_with(['.', '/', '~', '\\', '$'])
        || source.as_bytes().get(1) == Some(&b':')
            && source
                .as_bytes()
                .first()
                .is_some_and(u8::is_ascii_alphabetic)
}

impl Mount {
    fn read(yaml: &YamlFile, node: NodeId) -> Option<Mount> {
        if yaml.is_mapping(node) {
            let kind = scalar(yaml, node, "type").map_or_else(String::new, |t| t.value);
            let source = scalar(yaml, node, "source").filter(|s| !s.value.is_empty());
            let target = scalar(yaml, node, "target").map(|t| t.value);
            let interpolated = source.as_ref().is_some_and(Scalar::is_interpolated)
                || target
                    .as_deref()
                    .is_some_and(interpolation::is_interpolated);
            let kind = match kind.as_str() {
                "volume" if source.is_none() => MountKind::Anonymous,
                "volume" => MountKind::Volume,
                "bind" => MountKind::Bind,
                "tmpfs" => MountKind::Tmpfs,
                other => MountKind::Other(other.to_string()),
            };
            let read_only = get(yaml, node, "read_only")
                .and_then(|r| compose_bool(yaml, r))
                .unwrap_or(false);
            return Some(Mount {
                node,
                long: true,
                kind,
                source,
                target,
                read_only,
                interpolated,
            });
        }
        let text = yaml.str(node)?;
        let parts = split_volume(text);
        let (source, target, mode) = match parts.as_slice() {
            [target] => (None, (*target).to_string(), ""),
            [source, target] => (Some(*source), (*target).to_string(), ""),
            [source, target, mode, ..] => (Some(*source), (*target).to_string(), *mode),
            [] => return None,
        };
        let interpolated = interpolation::is_interpolated(text);
        let kind = match source {
            None => MountKind::Anonymous,
            Some(s) if is_host_path(s) => MountKind::Bind,
            Some(_) => MountKind::Volume,
        };
        // Offsets of the source inside the scalar are not needed: the
        // item is reported whole.
        let source = source.map(|s| Scalar {
            node,
            value: s.to_string(),
        });
        Some(Mount {
            node,
            long: false,
            kind,
            source,
            target: Some(target),
            read_only: mode.split(',').any(|m| m == "ro"),
            interpolated,
        })
    }
}

/// `SRC:TARGET[:MODE]`, keeping Windows drive letters (`C:\data:/data`)
/// and `:` inside `${...}` together.
fn split_volume(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                let part = &text[start..i];
                let drive = part.len() == 1
                    && part.as_bytes()[0].is_ascii_alphabetic()
                    && matches!(bytes.get(i + 1), Some(b'\\' | b'/'));
                if !drive {
                    parts.push(part);
                    start = i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&text[start..]);
    parts
}

impl Service {
    /// Whether two services can run at the same time, by their profiles: a
    /// service without profiles always runs.
    pub fn may_run_with(&self, other: &Service) -> bool {
        self.profiles.is_empty()
            || other.profiles.is_empty()
            || self
                .profiles
                .iter()
                .any(|p| other.profiles.iter().any(|q| q.value == p.value))
    }

    pub(super) fn read(yaml: &YamlFile, name: &str, key: NodeId, node: NodeId) -> Service {
        let mut s = Service {
            name: name.to_string(),
            key,
            node,
            image: scalar(yaml, node, "image"),
            build: get(yaml, node, "build").map(|b| Build::read(yaml, b)),
            container_name: scalar(yaml, node, "container_name"),
            ports: Vec::new(),
            expose: get(yaml, node, "expose")
                .map(|e| yaml.items(e).to_vec())
                .unwrap_or_default(),
            depends_on: Vec::new(),
            healthcheck: None,
            restart: scalar(yaml, node, "restart"),
            deploy: None,
            scale: scalar(yaml, node, "scale"),
            environment: get(yaml, node, "environment")
                .map(|e| env_vars(yaml, e))
                .unwrap_or_default(),
            env_files: Vec::new(),
            labels: get(yaml, node, "labels")
                .map(|e| env_vars(yaml, e))
                .unwrap_or_default(),
            volumes: get(yaml, node, "volumes")
                .map(|v| {
                    yaml.items(v)
                        .iter()
                        .filter_map(|&i| Mount::read(yaml, i))
                        .collect()
                })
                .unwrap_or_default(),
            volumes_from: scalars(yaml, node, "volumes_from"),
            links: scalars(yaml, node, "links"),
            networks: Vec::new(),
            network_mode: scalar(yaml, node, "network_mode"),
            configs: get(yaml, node, "configs")
                .map(|c| file_refs(yaml, c))
                .unwrap_or_default(),
            secrets: get(yaml, node, "secrets")
                .map(|c| file_refs(yaml, c))
                .unwrap_or_default(),
            logging: get(yaml, node, "logging").map(|l| Logging {
                node: l,
                driver: scalar(yaml, l, "driver"),
                options: get(yaml, l, "options"),
            }),
            extends: get(yaml, node, "extends").map(|e| match Scalar::of(yaml, e) {
                Some(service) => Extends {
                    node: e,
                    service: Some(service),
                    file: None,
                },
                None => Extends {
                    node: e,
                    service: scalar(yaml, e, "service"),
                    file: scalar(yaml, e, "file"),
                },
            }),
            profiles: scalars(yaml, node, "profiles"),
            mem_limit: scalar(yaml, node, "mem_limit"),
            pull_policy: scalar(yaml, node, "pull_policy"),
            privileged: flag(yaml, node, "privileged"),
            read_only: flag(yaml, node, "read_only"),
            cap_add: scalars(yaml, node, "cap_add"),
            cap_drop: scalars(yaml, node, "cap_drop"),
            security_opt: scalars(yaml, node, "security_opt"),
            user: scalar(yaml, node, "user"),
            pid: scalar(yaml, node, "pid"),
            ipc: scalar(yaml, node, "ipc"),
            uts: scalar(yaml, node, "uts"),
            userns_mode: scalar(yaml, node, "userns_mode"),
            use_api_socket: flag(yaml, node, "use_api_socket"),
            extensions: Vec::new(),
        };
        if let Some(p) = get(yaml, node, "ports") {
            s.ports = yaml
                .items(p)
                .iter()
                .filter_map(|&i| Port::read(yaml, i))
                .collect();
        }
        if let Some(d) = get(yaml, node, "depends_on") {
            s.depends_on = read_depends_on(yaml, d);
        }
        if let Some(h) = get(yaml, node, "healthcheck") {
            let test = get(yaml, h, "test");
            let none_test = test.is_some_and(|t| {
                yaml.items(t)
                    .first()
                    .and_then(|f| yaml.str(*f))
                    .is_some_and(|f| f == "NONE")
            });
            s.healthcheck = Some(Healthcheck {
                node: h,
                test,
                disabled: none_test
                    || get(yaml, h, "disable").and_then(|d| compose_bool(yaml, d)) == Some(true),
            });
        }
        if let Some(d) = get(yaml, node, "deploy") {
            let limits = yaml.path(d, &["resources", "limits"]);
            s.deploy = Some(Deploy {
                node: d,
                mode: scalar(yaml, d, "mode"),
                replicas: scalar(yaml, d, "replicas"),
                limits_memory: limits.and_then(|l| scalar(yaml, l, "memory")),
                limits_cpus: limits.and_then(|l| scalar(yaml, l, "cpus")),
                restart_policy: get(yaml, d, "restart_policy"),
            });
        }
        if let Some(e) = get(yaml, node, "env_file") {
            let items: Vec<NodeId> = if yaml.is_sequence(e) {
                yaml.items(e).to_vec()
            } else {
                vec![e]
            };
            s.env_files = items
                .into_iter()
                .filter_map(|item| {
                    if let Some(path) = Scalar::of(yaml, item) {
                        return Some(EnvFile {
                            path,
                            required: true,
                            node: item,
                        });
                    }
                    let path = scalar(yaml, item, "path")?;
                    let required = get(yaml, item, "required")
                        .and_then(|r| compose_bool(yaml, r))
                        .unwrap_or(true);
                    Some(EnvFile {
                        path,
                        required,
                        node: item,
                    })
                })
                .collect();
        }
        if let Some(n) = get(yaml, node, "networks") {
            s.networks = if yaml.is_sequence(n) {
                yaml.items(n)
                    .iter()
                    .filter_map(|&i| {
                        Some(NetworkRef {
                            name: yaml.str(i)?.to_string(),
                            node: i,
                        })
                    })
                    .collect()
            } else {
                yaml.entries(n)
                    .into_iter()
                    .filter_map(|(k, _)| {
                        Some(NetworkRef {
                            name: yaml.str(k)?.to_string(),
                            node: k,
                        })
                    })
                    .collect()
            };
        }
        s.extensions = yaml
            .entries(node)
            .into_iter()
            .filter_map(|(k, v)| {
                let key = yaml.str(k)?;
                key.starts_with("x-").then(|| (key.to_string(), v))
            })
            .collect();
        s
    }

    /// `service `web``, for messages.
    pub fn display(&self) -> String {
        format!("service `{}`", self.name)
    }

    /// Replicas from `deploy.replicas` or `scale` (`None` when not written
    /// or interpolated).
    pub fn replicas(&self, yaml: &YamlFile) -> Option<(NodeId, i64)> {
        let s = self
            .deploy
            .as_ref()
            .and_then(|d| d.replicas.as_ref())
            .or(self.scale.as_ref())?;
        Some((s.node, compose_int(yaml, s.node)?))
    }

    /// Whether the mapping is absent or not a mapping (`svc:`).
    pub fn is_empty(&self, yaml: &YamlFile) -> bool {
        !yaml.is_mapping(self.node)
    }
}

fn read_depends_on(yaml: &YamlFile, node: NodeId) -> Vec<Dependency> {
    if yaml.is_sequence(node) {
        return yaml
            .items(node)
            .iter()
            .filter_map(|&i| {
                Some(Dependency {
                    service: yaml.str(i)?.to_string(),
                    node: i,
                    entry: None,
                    condition: None,
                    required: true,
                })
            })
            .collect();
    }
    if !matches!(yaml.kind(node), NodeKind::Mapping { .. }) {
        return Vec::new();
    }
    yaml.entries(node)
        .into_iter()
        .filter_map(|(k, v)| {
            Some(Dependency {
                service: yaml.str(k)?.to_string(),
                node: k,
                entry: Some(v),
                condition: scalar(yaml, v, "condition"),
                required: get(yaml, v, "required")
                    .and_then(|r| compose_bool(yaml, r))
                    .unwrap_or(true),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_splitting() {
        assert_eq!(
            split_volume("data:/var/lib/x:ro"),
            ["data", "/var/lib/x", "ro"]
        );
        assert_eq!(split_volume("/data"), ["/data"]);
        assert_eq!(split_volume("C:\\data:/data"), ["C:\\data", "/data"]);
        assert_eq!(split_volume("${PWD:-.}:/src"), ["${PWD:-.}", "/src"]);
        assert!(is_host_path("./x") && is_host_path("~/x") && is_host_path("C:\\x"));
        assert!(!is_host_path("data"));
    }
}
