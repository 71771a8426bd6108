use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a service that shares a namespace of the host:
    /// `network_mode: host`, `pid: host`, `ipc: host`, `uts: host` or
    /// `userns_mode: host`.
    ///
    /// ## Why is this bad?
    /// The container's isolation from the host is gone for that resource:
    /// with the host's network it reaches services bound to the host's
    /// `localhost` and can listen on any host port; with its PIDs it sees
    /// (and with enough capabilities, signals or traces) every process of
    /// the host; with its IPC it reads shared memory of host processes;
    /// with the host user namespace it escapes user-namespace remapping.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   monitor:
    ///     network_mode: host
    ///     pid: host
    /// ```
    ///
    /// ## Use instead
    /// Publish the ports the service needs, and keep the default
    /// namespaces.
    ///
    /// ## References
    /// - Practice K15 (no host namespaces).
    /// - compose-lint CL-0008 (host network) and CL-0010 (host PID and IPC).
    pub struct ServiceSharesHostNamespace {
        code: "DC037",
        name: "service-shares-host-namespace",
        summary: "Service shares a namespace of the host",
        severity: Error,
        category: Security,
        practices: ["K15"],
        peers: [ComposeLint "CL-0008", ComposeLint "CL-0010"],
        fix: None,
        default: true,
    }
}

impl Rule for ServiceSharesHostNamespace {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for (key, value, what) in [
            ("network_mode", &s.network_mode, "network"),
            ("pid", &s.pid, "process"),
            ("ipc", &s.ipc, "IPC"),
            ("uts", &s.uts, "hostname (UTS)"),
            ("userns_mode", &s.userns_mode, "user"),
        ] {
            let Some(v) = value else { continue };
            if v.value != "host" {
                continue;
            }
            out.add(
                cx.entry_span(s.node, key)
                    .unwrap_or_else(|| cx.span(v.node)),
                format!(
                    "{} shares the host's {what} namespace (`{key}: host`)",
                    s.display()
                ),
            )
            .help(format!("remove `{key}: host`"));
        }
    }
}
