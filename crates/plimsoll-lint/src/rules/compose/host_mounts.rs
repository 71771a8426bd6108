//! DC036 and DC044: services do not mount the container runtime or
//! sensitive host paths.

use super::prelude::*;

/// The host path of a bind mount (`~` kept as written).
fn bind_source(m: &Mount) -> Option<&str> {
    if m.kind != MountKind::Bind || m.interpolated {
        return None;
    }
    m.source.as_ref().map(|s| s.value.as_str())
}

/// `/a/b/` -> `/a/b`, `/` stays.
fn clean(path: &str) -> &str {
    let t = path.trim_end_matches('/');
    if t.is_empty() && path.starts_with('/') {
        "/"
    } else {
        t
    }
}

fn is_or_below(path: &str, dir: &str) -> bool {
    path == dir || dir == "/" || path.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
}

const SOCKETS: [&str; 5] = [
    "docker.sock",
    "containerd.sock",
    "crio.sock",
    "podman.sock",
    "systemd/private",
];

/// Directories holding the runtime sockets: mounting one of them (or an
/// ancestor) mounts the sockets.
const SOCKET_DIRS: [&str; 5] = ["/run/containerd", "/run/systemd", "/var/run", "/run", "/"];

/// Why a host path gives control of the container runtime, if it does.
fn runtime_socket(path: &str) -> Option<&'static str> {
    let p = clean(path);
    if let Some(sock) = SOCKETS.iter().find(|s| p.ends_with(*s)) {
        return Some(sock);
    }
    SOCKET_DIRS
        .iter()
        .any(|d| is_or_below(d, p))
        .then_some("the directory holding the runtime sockets")
}

declare_rule! {
    /// ## What it does
    /// Reports a bind mount of a container runtime's API socket
    /// (`docker.sock`, `containerd.sock`, `crio.sock`, `podman.sock`,
    /// systemd's private socket) or of a directory that holds them (`/run`,
    /// `/var/run`, `/run/containerd`, `/`), read-only or not, and
    /// `use_api_socket: true`.
    ///
    /// ## Why is this bad?
    /// Whoever talks to the runtime socket can start a privileged container
    /// that mounts the host's root: it is root on the host. `:ro` does not
    /// help, since the API is used through the socket, not by writing the
    /// file.
    ///
    /// ## Example
    /// ```yaml
    /// volumes:
    ///   - /var/run/docker.sock:/var/run/docker.sock
    /// ```
    ///
    /// ## Use instead
    /// Give tools that need the API a restricted proxy (such as
    /// `tecnativa/docker-socket-proxy` allowing only the calls needed), or
    /// run them outside the stack.
    ///
    /// ## References
    /// - Practice K15 (no host paths granting host control).
    /// - compose-lint CL-0001.
    pub struct ServiceMountsRuntimeSocket {
        code: "DC036",
        name: "service-mounts-runtime-socket",
        summary: "Service mounts the container runtime's socket",
        severity: Error,
        category: Security,
        practices: ["K15"],
        peers: [ComposeLint "CL-0001"],
        fix: None,
        default: true,
    }
}

impl Rule for ServiceMountsRuntimeSocket {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for m in &s.volumes {
            let Some(source) = bind_source(m) else {
                continue;
            };
            let Some(what) = runtime_socket(source) else {
                continue;
            };
            let node = if m.long {
                m.source.as_ref().map_or(m.node, |s| s.node)
            } else {
                m.node
            };
            out.add(
                cx.span(node),
                format!("{} mounts `{source}` ({what}): it controls the host's containers", s.display()),
            )
            .help("do not mount the runtime socket; use a restricted API proxy if the service needs the API");
        }
        if let Some((node, true)) = s.use_api_socket {
            out.add(
                cx.entry_span(s.node, "use_api_socket")
                    .unwrap_or_else(|| cx.span(node)),
                format!(
                    "{} sets `use_api_socket: true`: it controls the host's containers",
                    s.display()
                ),
            )
            .help("remove `use_api_socket` unless the service must drive Docker");
        }
    }
}

/// Host paths whose write access is root on the host.
const ROOT_EQUIVALENT_TREES: [&str; 14] = [
    "/etc",
    "/root",
    "/boot",
    "/proc",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/usr/bin",
    "/usr/sbin",
    "/usr/local/bin",
    "/usr/local/sbin",
    "/bin",
    "/sbin",
    "/lib/modules",
    "/usr/lib/modules",
];
const ROOT_EQUIVALENT_EXACT: [&str; 5] = ["/var/lib", "/usr", "/usr/lib", "/lib", "/lib64"];
/// Harmless files under those trees, commonly mounted read-only.
const BENIGN: [&str; 6] = [
    "/etc/localtime",
    "/etc/timezone",
    "/etc/hosts",
    "/etc/resolv.conf",
    "/etc/machine-id",
    "/etc/os-release",
];
const SAFE_DEVICES: [&str; 5] = [
    "/dev/null",
    "/dev/zero",
    "/dev/full",
    "/dev/random",
    "/dev/urandom",
];
/// Credential directories in a home directory.
const HOME_SECRETS: [&str; 7] = [
    ".ssh",
    ".aws",
    ".docker",
    ".kube",
    ".gnupg",
    ".config/gcloud",
    ".azure",
];

/// How sensitive a host path is: `Some((severity, why))`.
fn sensitivity(source: &str, read_only: bool) -> Option<(Severity, String)> {
    let p = clean(source);
    if BENIGN.contains(&p) {
        return None;
    }
    let root_equivalent = ROOT_EQUIVALENT_TREES.iter().any(|d| is_or_below(p, d))
        || ROOT_EQUIVALENT_EXACT.contains(&p);
    if root_equivalent {
        return Some(if read_only {
            (
                Severity::Warning,
                "a system directory, read-only (it exposes the host's configuration)".to_string(),
            )
        } else {
            (
                Severity::Error,
                "a system directory, writable (writing to it is root on the host)".to_string(),
            )
        });
    }
    if is_or_below(p, "/sys") {
        return Some((Severity::Warning, "the kernel's sysfs".into()));
    }
    if is_or_below(p, "/dev") && !SAFE_DEVICES.contains(&p) {
        return Some((Severity::Warning, "host devices".into()));
    }
    let home_rel = p
        .strip_prefix("~/")
        .or_else(|| {
            p.strip_prefix("/home/")
                .and_then(|r| r.split_once('/').map(|(_, rest)| rest))
        })
        .or_else(|| p.strip_prefix("/root/"));
    if p == "~" || p == "/home" {
        return Some((Severity::Warning, "home directories".into()));
    }
    if let Some(rel) = home_rel
        && HOME_SECRETS.iter().any(|h| is_or_below(rel, h))
    {
        return Some((Severity::Warning, "a directory of credentials".into()));
    }
    None
}

declare_rule! {
    /// ## What it does
    /// Reports a bind mount of a sensitive host path: system directories
    /// whose write access is root on the host (`/etc`, `/root`, `/boot`,
    /// `/proc`, `/var/lib/docker`, `/usr/bin`, `/lib/modules`..., and
    /// exactly `/usr`, `/lib`, `/var/lib`) — an error when writable, a
    /// warning when read-only — and, as warnings, `/sys`, `/dev` (not
    /// `/dev/null`, `/dev/urandom`...), `/home` and credential directories
    /// of a home (`~/.ssh`, `~/.aws`, `~/.docker`, `~/.kube`...). Common
    /// read-only files (`/etc/localtime`, `/etc/timezone`, `/etc/hosts`,
    /// `/etc/resolv.conf`) are not reported. Runtime sockets are DC036's.
    ///
    /// ## Why is this bad?
    /// The container can read the host's secrets or change what the host
    /// runs: a writable `/etc` means a new root user, a writable
    /// `/usr/bin` a trojaned binary.
    ///
    /// ## Example
    /// ```yaml
    /// volumes:
    ///   - /etc:/host/etc
    /// ```
    ///
    /// ## Use instead
    /// Mount the one file needed, read-only:
    /// ```yaml
    /// volumes:
    ///   - /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro
    /// ```
    ///
    /// ## References
    /// - Practice K15 (no sensitive host paths).
    /// - compose-lint CL-0013 and CL-0025.
    pub struct SensitiveHostPathMounted {
        code: "DC044",
        name: "sensitive-host-path-mounted",
        summary: "Service mounts a sensitive host path",
        severity: Error,
        category: Security,
        practices: ["K15"],
        peers: [ComposeLint "CL-0013", ComposeLint "CL-0025"],
        fix: None,
        default: true,
    }
}

impl Rule for SensitiveHostPathMounted {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for m in &s.volumes {
            let Some(source) = bind_source(m) else {
                continue;
            };
            if runtime_socket(source).is_some() {
                continue;
            }
            let Some((severity, what)) = sensitivity(source, m.read_only) else {
                continue;
            };
            let node = if m.long {
                m.source.as_ref().map_or(m.node, |s| s.node)
            } else {
                m.node
            };
            out.add(
                cx.span(node),
                format!("{} mounts `{source}`, {what}", s.display()),
            )
            .help("mount only the files the service needs, read-only")
            .severity(severity);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sockets_and_paths() {
        assert!(runtime_socket("/var/run/docker.sock").is_some());
        assert!(runtime_socket("/run/").is_some());
        assert!(runtime_socket("/").is_some());
        assert!(runtime_socket("/run/user/1000/podman/podman.sock").is_some());
        assert!(runtime_socket("/srv/data").is_none());
        assert!(runtime_socket("./run").is_none());
        assert_eq!(
            sensitivity("/etc", false).map(|s| s.0),
            Some(Severity::Error)
        );
        assert_eq!(
            sensitivity("/etc/nginx", true).map(|s| s.0),
            Some(Severity::Warning)
        );
        assert!(sensitivity("/etc/localtime", true).is_none());
        assert!(sensitivity("/dev/null", false).is_none());
        assert!(sensitivity("~/.ssh", true).is_some());
        assert!(sensitivity("/home/me/.aws/credentials", true).is_some());
        assert!(sensitivity("/home/me/project", false).is_none());
        assert!(sensitivity("/usr/share/zoneinfo", true).is_none());
        assert!(sensitivity("/usr", true).is_some());
        assert!(sensitivity("./etc", false).is_none());
    }
}
