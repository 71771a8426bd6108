use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports containers whose `securityContext.allowPrivilegeEscalation`
    /// is not `false`. Kubernetes allows escalation unless it is set, so a
    /// missing field is reported too (it is implied true when the container
    /// is privileged or has `CAP_SYS_ADMIN`).
    ///
    /// ## Why is this bad?
    /// With escalation allowed, a process can gain more privileges than its
    /// parent through setuid binaries or file capabilities: an attacker in
    /// the container can become root inside it. Almost no application needs
    /// it; the `restricted` Pod Security Standard forbids it.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: registry.example.com/api:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: registry.example.com/api:1.4.2
    ///     securityContext:
    ///       allowPrivilegeEscalation: false
    /// ```
    ///
    /// ## Fix safety
    /// The fix sets `allowPrivilegeEscalation: false`. It is unsafe: a
    /// program that relies on a setuid binary (`sudo`, `ping` on old images)
    /// stops working.
    ///
    /// ## References
    /// - Practice K03 (pod and container security context).
    /// - checkov CKV_K8S_20, kube-linter privilege-escalation-container,
    ///   Polaris privilegeEscalationAllowed.
    pub struct PrivilegeEscalationAllowed {
        code: "K8S013",
        name: "privilege-escalation-allowed",
        summary: "Container may gain more privileges than its parent process",
        severity: Warning,
        category: Security,
        practices: ["K03"],
        peers: [Checkov "CKV_K8S_20", KubeLinter "privilege-escalation-container", Polaris "privilegeEscalationAllowed"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for PrivilegeEscalationAllowed {
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
        let yaml = cx.yaml;
        let setting = helpers::container_bool(yaml, c, "allowPrivilegeEscalation");
        if setting.is_some_and(|s| !s.value) {
            return;
        }
        let (span, message) = match setting {
            Some(s) => (
                cx.span(s.node),
                format!(
                    "{} of {} sets `allowPrivilegeEscalation: true`",
                    c.display(),
                    o.display()
                ),
            ),
            None => (
                cx.container_span(c),
                format!(
                    "{} of {} does not set `allowPrivilegeEscalation: false`",
                    c.display(),
                    o.display()
                ),
            ),
        };
        let fix = cx
            .set(
                c.node,
                &["securityContext", "allowPrivilegeEscalation"],
                Value::raw("false"),
            )
            .map(|e| {
                Fix::unsafe_(
                    "Set `securityContext.allowPrivilegeEscalation: false`",
                    vec![e],
                )
            });
        out.add(span, message)
            .help("set `securityContext.allowPrivilegeEscalation: false` on the container")
            .fix_opt(fix);
    }
}
