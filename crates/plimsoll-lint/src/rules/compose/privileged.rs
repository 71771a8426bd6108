use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `privileged: true` on a service (also written `yes`, `on`
    /// or quoted, which Compose casts to true).
    ///
    /// ## Why is this bad?
    /// A privileged container has every capability, every device of the
    /// host and no seccomp or AppArmor confinement: root in the container
    /// is root on the host, a single `mount` away.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   agent:
    ///     privileged: true
    /// ```
    ///
    /// ## Use instead
    /// Grant the one capability or device the service needs:
    /// ```yaml
    /// services:
    ///   agent:
    ///     cap_add: [NET_ADMIN]
    ///     devices: ["/dev/net/tun"]
    /// ```
    ///
    /// ## References
    /// - Practice K15 (no privileged containers; the compose counterpart).
    /// - compose-lint CL-0002.
    pub struct PrivilegedService {
        code: "DC035",
        name: "privileged-service",
        summary: "Service runs privileged",
        severity: Error,
        category: Security,
        practices: ["K15"],
        peers: [ComposeLint "CL-0002"],
        fix: None,
        default: true,
    }
}

impl Rule for PrivilegedService {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        if let Some((node, true)) = s.privileged {
            out.add(
                cx.entry_span(s.node, "privileged")
                    .unwrap_or_else(|| cx.span(node)),
                format!(
                    "{} runs privileged: root in it is root on the host",
                    s.display()
                ),
            )
            .help("remove `privileged` and add only the capabilities or devices the service needs");
        }
    }
}
