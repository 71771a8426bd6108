//! K8S026 and K8S027: `hostPath` volumes, and the container runtime's
//! socket among them.

use super::prelude::*;
use super::security_support::{
    HostPathSource, Mount, host_path_volumes, is_at_or_below, is_runtime_socket, mounts_of,
};
use plimsoll_diagnostics::Severity;

/// Host directories whose contents control the node: writing below them
/// means owning it.
const SENSITIVE: &[&str] = &[
    "/etc",
    "/proc",
    "/sys",
    "/boot",
    "/dev",
    "/bin",
    "/sbin",
    "/lib",
    "/lib64",
    "/usr",
    "/root",
    "/home",
    "/var/lib/kubelet",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/var/run",
    "/run",
];

/// Files below sensitive directories that node agents share on purpose and
/// that give no hold on the node: the syslog socket, the iptables lock,
/// the time zone.
const BENIGN: &[&str] = &[
    "/dev/log",
    "/run/xtables.lock",
    "/var/run/xtables.lock",
    "/etc/localtime",
    "/etc/timezone",
];

fn is_sensitive(path: &str) -> bool {
    !BENIGN.contains(&path) && (path == "/" || SENSITIVE.iter().any(|d| is_at_or_below(path, d)))
}

fn volume_name(v: &HostPathSource) -> String {
    v.name
        .as_deref()
        .map_or_else(|| "a volume".to_string(), |n| format!("volume `{n}`"))
}

fn mounts<'w>(cx: &K8sContext<'_>, w: &'w Workload, v: &HostPathSource) -> Vec<Mount<'w>> {
    v.name
        .as_deref()
        .map(|n| mounts_of(cx.yaml, w, n))
        .unwrap_or_default()
}

declare_rule! {
    /// ## What it does
    /// Reports `hostPath` volumes of pods and pod templates. The finding is
    /// an error when the path is a sensitive system location (`/`, or
    /// `/etc`, `/proc`, `/sys`, `/boot`, `/dev`, `/bin`, `/sbin`, `/lib`,
    /// `/lib64`, `/usr`, `/root`, `/home`, `/var/lib/kubelet`,
    /// `/var/lib/docker`, `/var/lib/containerd`, `/var/run`, `/run` or a
    /// path below them) and some container mounts the volume without
    /// `readOnly: true`; otherwise a warning (other paths, read-only mounts,
    /// volumes no container mounts). A few files node agents share on
    /// purpose are not sensitive: the syslog socket `/dev/log`, the iptables
    /// lock `/run/xtables.lock`, `/etc/localtime` and `/etc/timezone`.
    /// Paths are compared after resolving `.`, `..` and repeated slashes.
    /// Container runtime sockets and their directories are K8S027's, not
    /// reported here; templated paths are not reported.
    ///
    /// ## Why is this bad?
    /// A host path gives the pod a piece of the node's filesystem, outside
    /// every Kubernetes control: a writable `/etc` or `/var/lib/kubelet`
    /// is a node takeover (cron jobs, SSH keys, kubelet credentials), and
    /// even a read-only `/` or `/proc` leaks secrets of every pod on the
    /// node. Data in other host paths is tied to one node, lost when the pod
    /// moves, and readable by whatever lands there next.
    ///
    /// ## Example
    /// ```yaml
    /// volumes:
    ///   - name: config
    ///     hostPath:
    ///       path: /etc
    /// ```
    ///
    /// ## Use instead
    /// Use a ConfigMap, Secret, `emptyDir` or PersistentVolumeClaim. A node
    /// agent that must read host files should mount the narrowest path with
    /// `readOnly: true`.
    ///
    /// ## References
    /// - Practice K15 (no hostPath).
    /// - kube-linter sensitive-host-mounts and writable-host-mount, Polaris
    ///   hostPathSet.
    pub struct HostPathVolume {
        code: "K8S026",
        name: "host-path-volume",
        summary: "Pod mounts a directory of the node",
        severity: Warning,
        category: Security,
        practices: ["K15"],
        peers: [KubeLinter "sensitive-host-mounts", KubeLinter "writable-host-mount", Polaris "hostPathSet"],
        fix: None,
        default: true,
    }
}

impl Rule for HostPathVolume {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        for v in host_path_volumes(cx.yaml, w) {
            if is_runtime_socket(&v.normalized) {
                continue;
            }
            let mounts = mounts(cx, w, &v);
            let writable: Vec<&Mount<'_>> = mounts.iter().filter(|m| !m.read_only).collect();
            let sensitive = is_sensitive(&v.normalized);
            let path = &v.path;
            let span = cx.span(v.path_node);
            if sensitive && !writable.is_empty() {
                let names = writable
                    .iter()
                    .map(|m| m.container.display())
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut b = out
                    .add(
                        span,
                        format!(
                            "{} mounts the sensitive host path `{path}` writable into {names}",
                            o.display()
                        ),
                    )
                    .severity(Severity::Error)
                    .help("avoid the host path, or mount the narrowest path with `readOnly: true`");
                for m in writable {
                    b = b.related(
                        cx.span(m.node),
                        format!(
                            "mounted without `readOnly: true` in {}",
                            m.container.display()
                        ),
                    );
                }
            } else {
                let what = if sensitive {
                    "the sensitive host path"
                } else {
                    "the host path"
                };
                let how = if mounts.is_empty() {
                    ", mounted by no container"
                } else if sensitive {
                    ", mounted read-only"
                } else {
                    ""
                };
                let message = format!(
                    "{} uses {what} `{path}` ({}{how})",
                    o.display(),
                    volume_name(&v)
                );
                out.add(span, message).help(
                    "use a ConfigMap, Secret, emptyDir or PersistentVolumeClaim instead of a host path",
                );
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `hostPath` volumes whose path is a container runtime socket
    /// (`docker.sock`, `containerd.sock`, `crio.sock`, `cri-dockerd.sock`,
    /// `dockershim.sock`, `podman.sock`, anywhere) or a directory holding
    /// one (`/var/run` or `/run` themselves, `/run/docker`, `/run/containerd`,
    /// `/run/crio`, `/run/podman`, `/run/k3s/containerd` and below; `/var/run`
    /// and `/run` are the same directory). The volume is reported whether
    /// or not a container mounts it, and `readOnly` does not help: a read-only
    /// mount still lets a process connect to the socket.
    ///
    /// ## Why is this bad?
    /// Whoever talks to the runtime's socket controls every container on
    /// the node: they can start a privileged container with the node's
    /// root filesystem mounted, read any pod's secrets, or stop the
    /// kubelet's containers. It is root on the node with extra steps.
    ///
    /// ## Example
    /// ```yaml
    /// volumes:
    ///   - name: docker
    ///     hostPath:
    ///       path: /var/run/docker.sock
    /// ```
    ///
    /// ## Use instead
    /// Build images with a daemonless builder (BuildKit rootless, kaniko,
    /// buildah) and inspect containers through the Kubernetes API or the
    /// kubelet's metrics instead of the runtime.
    ///
    /// ## References
    /// - Practice K15 (no hostPath).
    /// - checkov CKV_K8S_27 (only `/var/run/docker.sock` exactly), kube-linter
    ///   docker-sock.
    pub struct ContainerRuntimeSocketMounted {
        code: "K8S027",
        name: "container-runtime-socket-mounted",
        summary: "Pod mounts the container runtime socket",
        severity: Error,
        category: Security,
        practices: ["K15"],
        peers: [Checkov "CKV_K8S_27", KubeLinter "docker-sock"],
        fix: None,
        default: true,
    }
}

impl Rule for ContainerRuntimeSocketMounted {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        for v in host_path_volumes(cx.yaml, w) {
            if !is_runtime_socket(&v.normalized) {
                continue;
            }
            let path = &v.path;
            let message = if v.normalized.ends_with(".sock") {
                format!(
                    "{} mounts the container runtime socket `{path}` ({})",
                    o.display(),
                    volume_name(&v)
                )
            } else {
                format!(
                    "{} mounts `{path}`, which holds the container runtime socket ({})",
                    o.display(),
                    volume_name(&v)
                )
            };
            let mut b = out.add(cx.span(v.path_node), message).help(
                "do not hand the runtime to a pod: use a daemonless builder or the Kubernetes API",
            );
            for m in mounts(cx, w, &v) {
                b = b.related(
                    cx.span(m.node),
                    format!("mounted in {}", m.container.display()),
                );
            }
        }
    }
}
