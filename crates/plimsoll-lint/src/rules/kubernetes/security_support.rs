//! Knowledge shared by the security-context, host-access and image rules
//! (K8S014–K8S034): effective pod/container settings, Windows pods,
//! capabilities, seccomp profiles, hostPath volumes and their mounts
//! (practices K03, K04 and K15).

use crate::k8s::{Container, Object, Workload};
use crate::rule::K8sContext;
use plimsoll_syntax::yaml::{NodeId, YamlFile};

use super::helpers;

/// Whether the pod declares itself a Windows pod (`spec.os.name: windows`):
/// Linux-only security settings do not apply (the API rejects most of them).
pub fn is_windows(yaml: &YamlFile, w: &Workload) -> bool {
    yaml.path(w.spec, &["os", "name"])
        .and_then(|n| yaml.str(n))
        .is_some_and(|s| s.eq_ignore_ascii_case("windows"))
}

/// Whether the Linux security settings of a container are judged: not an
/// ephemeral (debug) container, not in a Windows pod.
pub fn linux_container(cx: &K8sContext<'_>, w: &Workload, c: &Container) -> bool {
    c.role != crate::k8s::ContainerRole::Ephemeral && !is_windows(cx.yaml, w)
}

/// Whether a workload looks like a fragment (see [`helpers::is_fragment`]):
/// rules about something *missing* stay quiet on those; what a fragment
/// does set is still judged.
pub fn looks_partial(cx: &K8sContext<'_>, o: &Object, _w: &Workload) -> bool {
    super::helpers::is_fragment(cx, o)
}

/// Whether a scalar holds template syntax (`{{ .Values.x }}`, `${X}`).
pub fn templated(yaml: &YamlFile, node: NodeId) -> bool {
    yaml.str(node).is_some_and(helpers::is_templated)
}

/// A field of a securityContext mapping, ignoring explicit nulls (which the
/// API reads as unset).
fn field(yaml: &YamlFile, sc: Option<NodeId>, key: &str) -> Option<NodeId> {
    sc.and_then(|sc| yaml.get(sc, key))
        .filter(|n| !yaml.is_null(*n))
}

/// Where an effective setting comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Container,
    Pod,
}

/// A setting of the container's securityContext, else of the pod's, with
/// the level it came from.
pub fn effective(
    yaml: &YamlFile,
    w: &Workload,
    c: &Container,
    key: &str,
) -> Option<(NodeId, Level)> {
    if let Some(n) = field(yaml, helpers::container_security_context(yaml, c), key) {
        return Some((n, Level::Container));
    }
    field(yaml, helpers::pod_security_context(yaml, w), key).map(|n| (n, Level::Pod))
}

/// A setting read as a value of type `T`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting<T> {
    Unset,
    /// Written but not readable as `T` (a template, a quoted string).
    Unknown,
    Value(T, NodeId, Level),
}

/// The effective integer setting (`runAsUser`).
pub fn effective_int(yaml: &YamlFile, w: &Workload, c: &Container, key: &str) -> Setting<i64> {
    match effective(yaml, w, c, key) {
        None => Setting::Unset,
        Some((n, level)) => match helpers::k8s_int(yaml, n) {
            Some(v) => Setting::Value(v, n, level),
            None => Setting::Unknown,
        },
    }
}

/// The effective boolean setting (`runAsNonRoot`).
pub fn effective_bool(yaml: &YamlFile, w: &Workload, c: &Container, key: &str) -> Setting<bool> {
    match effective(yaml, w, c, key) {
        None => Setting::Unset,
        Some((n, level)) => match helpers::k8s_bool(yaml, n) {
            Some(v) => Setting::Value(v, n, level),
            None => Setting::Unknown,
        },
    }
}

/// The `type` of a `seccompProfile` or `appArmorProfile` mapping inside a
/// securityContext, with its node.
pub fn profile_type<'y>(
    yaml: &'y YamlFile,
    sc: Option<NodeId>,
    profile: &str,
) -> Option<(&'y str, NodeId)> {
    let node = field(yaml, sc, profile).and_then(|p| field(yaml, Some(p), "type"))?;
    yaml.str(node).map(|s| (s, node))
}

/// A capability as the runtime reads it: upper case, without `CAP_`.
pub fn normalize_capability(cap: &str) -> String {
    let upper = cap.trim().to_ascii_uppercase();
    match upper.strip_prefix("CAP_") {
        Some(rest) => rest.to_string(),
        None => upper,
    }
}

/// A host path with `.`/`..` segments, repeated and trailing slashes
/// resolved: `/var/run/` and `/var//run/.` are both `/var/run`.
pub fn normalize_host_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Whether `path` is `dir` or below it (both normalised).
pub fn is_at_or_below(path: &str, dir: &str) -> bool {
    dir == "/"
        || path == dir
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// `/var/run/x` is `/run/x` on every modern distribution.
fn canonical_run(path: &str) -> String {
    match path.strip_prefix("/var/run") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("/run{rest}"),
        _ => path.to_string(),
    }
}

/// Socket files of container runtimes.
const RUNTIME_SOCKETS: &[&str] = &[
    "docker.sock",
    "containerd.sock",
    "crio.sock",
    "cri-dockerd.sock",
    "dockershim.sock",
    "podman.sock",
];

/// Directories holding a runtime's socket (after `/var/run` -> `/run`).
const RUNTIME_DIRS: &[&str] = &[
    "/run",
    "/run/docker",
    "/run/containerd",
    "/run/crio",
    "/run/cri-dockerd",
    "/run/podman",
    "/run/k3s/containerd",
    "/run/dockershim",
];

/// Whether a (normalised) host path is a container runtime's socket or a
/// directory that holds one.
pub fn is_runtime_socket(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    if RUNTIME_SOCKETS.contains(&name) || name.ends_with(".sock") && name.contains("containerd") {
        return true;
    }
    let canonical = canonical_run(path);
    RUNTIME_DIRS.contains(&canonical.as_str())
        || RUNTIME_DIRS
            .iter()
            .filter(|d| **d != "/run")
            .any(|d| is_at_or_below(&canonical, d))
}

/// A `hostPath` volume of a pod.
#[derive(Debug, Clone)]
pub struct HostPathSource {
    pub name: Option<String>,
    /// The `path` scalar.
    pub path_node: NodeId,
    /// The path as written.
    pub path: String,
    /// The path normalised ([`normalize_host_path`]).
    pub normalized: String,
}

/// The pod's `hostPath` volumes whose path is a literal (not templated).
pub fn host_path_volumes(yaml: &YamlFile, w: &Workload) -> Vec<HostPathSource> {
    let Some(list) = yaml.get(w.spec, "volumes") else {
        return Vec::new();
    };
    yaml.items(list)
        .iter()
        .filter_map(|&v| {
            let path_node = yaml.path(v, &["hostPath", "path"])?;
            let path = yaml.str(path_node)?;
            if path.is_empty() || helpers::is_templated(path) {
                return None;
            }
            Some(HostPathSource {
                name: yaml
                    .get(v, "name")
                    .and_then(|n| yaml.str(n))
                    .map(str::to_string),
                path_node,
                path: path.to_string(),
                normalized: normalize_host_path(path),
            })
        })
        .collect()
}

/// A `volumeMounts` entry of a container for a volume.
#[derive(Debug, Clone, Copy)]
pub struct Mount<'w> {
    pub container: &'w Container,
    pub node: NodeId,
    pub read_only: bool,
}

/// Every mount of the volume `name` in the pod's containers.
pub fn mounts_of<'w>(yaml: &YamlFile, w: &'w Workload, name: &str) -> Vec<Mount<'w>> {
    let mut out = Vec::new();
    for c in &w.containers {
        let Some(list) = c.get(yaml, "volumeMounts") else {
            continue;
        };
        for &m in yaml.items(list) {
            if yaml.get(m, "name").and_then(|n| yaml.str(n)) != Some(name) {
                continue;
            }
            let read_only = yaml
                .get(m, "readOnly")
                .and_then(|n| helpers::k8s_bool(yaml, n))
                .unwrap_or(false);
            out.push(Mount {
                container: c,
                node: m,
                read_only,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise() {
        assert_eq!(normalize_host_path("/var//run/./"), "/var/run");
        assert_eq!(normalize_host_path("/"), "/");
        assert_eq!(normalize_host_path("/etc/../proc"), "/proc");
        assert!(is_at_or_below("/etc/ssl", "/etc"));
        assert!(!is_at_or_below("/etcd", "/etc"));
        assert!(is_at_or_below("/anything", "/"));
    }

    #[test]
    fn runtime_sockets() {
        for p in [
            "/var/run/docker.sock",
            "/run/containerd/containerd.sock",
            "/var/run/crio/crio.sock",
            "/var/run",
            "/run/containerd",
            "/var/run/docker",
        ] {
            assert!(is_runtime_socket(&normalize_host_path(p)), "{p}");
        }
        for p in ["/var/log", "/run/xtables.lock", "/var/lib/docker", "/"] {
            assert!(!is_runtime_socket(p), "{p}");
        }
    }

    #[test]
    fn capabilities() {
        assert_eq!(normalize_capability("cap_sys_admin"), "SYS_ADMIN");
        assert_eq!(normalize_capability("NET_RAW"), "NET_RAW");
    }
}
