use super::prelude::*;

/// Sysctls the kubelet allows without `--allowed-unsafe-sysctls`, with the
/// Kubernetes minor version that made each safe.
const SAFE: &[(&str, u32)] = &[
    ("kernel.shm_rmid_forced", 0),
    ("net.ipv4.ip_local_port_range", 0),
    ("net.ipv4.tcp_syncookies", 0),
    ("net.ipv4.ping_group_range", 0),
    ("net.ipv4.ip_unprivileged_port_start", 0),
    ("net.ipv4.ip_local_reserved_ports", 27),
    ("net.ipv4.tcp_keepalive_time", 29),
    ("net.ipv4.tcp_fin_timeout", 29),
    ("net.ipv4.tcp_keepalive_intvl", 29),
    ("net.ipv4.tcp_keepalive_probes", 29),
    ("net.ipv4.tcp_rmem", 32),
    ("net.ipv4.tcp_wmem", 32),
];

/// A sysctl name with `/` separators written with dots.
fn dotted(name: &str) -> String {
    if name.contains('/') {
        name.replace('/', ".")
    } else {
        name.to_string()
    }
}

declare_rule! {
    /// ## What it does
    /// Reports entries of a pod's `securityContext.sysctls` whose name is
    /// outside the set Kubernetes considers safe for the target version
    /// (`[kubernetes] version`, default the newest): `kernel.shm_rmid_forced`,
    /// `net.ipv4.ip_local_port_range`, `net.ipv4.ip_unprivileged_port_start`,
    /// `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`, since 1.27
    /// `net.ipv4.ip_local_reserved_ports`, since 1.29
    /// `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`,
    /// `net.ipv4.tcp_keepalive_intvl` and `net.ipv4.tcp_keepalive_probes`,
    /// and since 1.32 `net.ipv4.tcp_rmem` and `net.ipv4.tcp_wmem`. Names
    /// written with `/` separators are compared in their dotted form;
    /// templated names are not reported.
    ///
    /// ## Why is this bad?
    /// Unsafe sysctls are not isolated per pod, or let one pod eat kernel
    /// memory its limits do not account for: they can weaken or destabilise
    /// the whole node. The kubelet refuses pods that set them (the pod fails
    /// with `SysctlForbidden`) unless the node was started with
    /// `--allowed-unsafe-sysctls`, so they also tie the workload to
    /// specially configured nodes.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   sysctls:
    ///     - name: net.core.somaxconn
    ///       value: "1024"
    /// ```
    ///
    /// ## Use instead
    /// Keep to the safe sysctls, or tune the node itself (and schedule the
    /// pod there with a node selector) when a kernel setting is really
    /// needed.
    ///
    /// ## References
    /// - Practice K15 (no host-level access).
    /// - kube-linter unsafe-sysctls.
    pub struct UnsafeSysctl {
        code: "K8S029",
        name: "unsafe-sysctl",
        summary: "Pod sets a sysctl outside the safe set",
        severity: Warning,
        category: Security,
        practices: ["K15"],
        peers: [KubeLinter "unsafe-sysctls"],
        fix: None,
        default: true,
    }
}

impl Rule for UnsafeSysctl {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        let Some(list) =
            helpers::pod_security_context(yaml, w).and_then(|sc| yaml.get(sc, "sysctls"))
        else {
            return;
        };
        let minor = cx.settings.kubernetes.minor;
        for &item in yaml.items(list) {
            let Some(node) = yaml.get(item, "name") else {
                continue;
            };
            let Some(name) = yaml.str(node).filter(|s| !s.is_empty()) else {
                continue;
            };
            if helpers::is_templated(name) {
                continue;
            }
            let dotted = dotted(name);
            if let Some((_, since)) = SAFE.iter().find(|(s, _)| *s == dotted) {
                if minor >= *since {
                    continue;
                }
                out.add(
                    cx.span(node),
                    format!(
                        "{} sets sysctl `{name}`, which is safe only from Kubernetes 1.{since} (target {})",
                        o.display(),
                        cx.settings.kubernetes.version()
                    ),
                )
                .help("raise `[kubernetes] version` if the cluster is newer, or allow it on the nodes with `--allowed-unsafe-sysctls`");
                continue;
            }
            out.add(
                cx.span(node),
                format!("{} sets unsafe sysctl `{name}`", o.display()),
            )
            .help("the kubelet rejects the pod unless the node allows it with `--allowed-unsafe-sysctls`; tune the node instead");
        }
    }
}
