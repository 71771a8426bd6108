use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container (main, init or sidecar) that declares
    /// `containerPort: 22` with the TCP protocol (the default).
    ///
    /// ## Why is this bad?
    /// Port 22 means an SSH server runs in the container: another way in,
    /// with its own credentials to leak and brute-force, that bypasses the
    /// audited `kubectl exec` path and the image's single-process design.
    /// Git servers that serve SSH are the usual exception; give them a
    /// suppression with the reason.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - name: ssh
    ///     containerPort: 22
    /// ```
    ///
    /// ## Use instead
    /// Remove the SSH server from the image and use `kubectl exec` or
    /// `kubectl debug`, which RBAC controls and the API server audits.
    ///
    /// ## References
    /// - Practice K15 (no unnecessary host or network exposure).
    /// - kube-linter ssh-port.
    pub struct SshPortExposed {
        code: "K8S092",
        name: "ssh-port-exposed",
        summary: "Container exposes the SSH port 22",
        severity: Warning,
        category: Security,
        practices: ["K15"],
        peers: [KubeLinter "ssh-port"],
        fix: None,
        default: true,
    }
}

impl Rule for SshPortExposed {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        if c.role == ContainerRole::Ephemeral {
            return;
        }
        for port in helpers::container_ports(cx.yaml, c) {
            if port.number != Some(22) || !port.protocol.eq_ignore_ascii_case("TCP") {
                continue;
            }
            let node = cx.yaml.get(port.node, "containerPort").unwrap_or(port.node);
            out.add(
                cx.span(node),
                format!("{} of {} exposes the SSH port 22", c.display(), o.display()),
            )
            .help("drop the SSH server; use `kubectl exec` or `kubectl debug` instead");
        }
    }
}
