use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports containers with `securityContext.privileged: true` (also
    /// written `yes`/`on`, which Kubernetes reads as true). Every kind of
    /// container is checked: main, init, sidecar and ephemeral ones.
    /// `privileged: false`, a missing field and templated values are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// A privileged container gets every capability, every host device and
    /// no seccomp or AppArmor confinement: root in it is root on the node,
    /// one `mount` or `nsenter` away from every other pod and the kubelet's
    /// credentials. The `baseline` Pod Security Standard forbids it.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: agent
    ///     image: registry.example.com/agent:2.1.0
    ///     securityContext:
    ///       privileged: true
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: agent
    ///     image: registry.example.com/agent:2.1.0
    ///     securityContext:
    ///       capabilities:
    ///         drop: [ALL]
    ///         add: [NET_BIND_SERVICE]
    /// ```
    /// Grant the few capabilities or devices the program really needs.
    /// Node-level agents (CNI plugins, storage drivers) that cannot avoid it
    /// should be suppressed explicitly, with a reason.
    ///
    /// ## References
    /// - Practices K15 (no privileged containers or host access) and K03
    ///   (security context).
    /// - checkov CKV_K8S_16, kube-linter privileged-container, kube-score
    ///   container-security-context-privileged, Polaris runAsPrivileged.
    pub struct PrivilegedContainer {
        code: "K8S014",
        name: "privileged-container",
        summary: "Container runs privileged",
        severity: Error,
        category: Security,
        practices: ["K15", "K03"],
        peers: [Checkov "CKV_K8S_16", KubeLinter "privileged-container", KubeScore "container-security-context-privileged", Polaris "runAsPrivileged"],
        fix: None,
        default: true,
    }
}

impl Rule for PrivilegedContainer {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(setting) = helpers::container_bool(cx.yaml, c, "privileged") else {
            return;
        };
        if !setting.value {
            return;
        }
        let span = helpers::container_security_context(cx.yaml, c)
            .and_then(|sc| cx.entry_span(sc, "privileged"))
            .unwrap_or_else(|| cx.span(setting.node));
        out.add(
            span,
            format!("{} of {} runs privileged", c.display(), o.display()),
        )
        .help("remove `privileged: true`; add only the capabilities the program needs");
    }
}
