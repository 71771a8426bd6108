use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports containers with `securityContext.procMount: Unmasked` (main,
    /// init, sidecar and ephemeral containers). `Default`, a missing field
    /// and templated values are not reported.
    ///
    /// ## Why is this bad?
    /// The runtime normally masks parts of `/proc` (`/proc/kcore`,
    /// `/proc/sys`, `/proc/sysrq-trigger`...) and makes others read-only.
    /// An unmasked `/proc` exposes kernel memory and knobs that affect the
    /// whole node. Kubernetes accepts it only for pods in a user namespace
    /// (`hostUsers: false`), and the `baseline` Pod Security Standard
    /// forbids it.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   procMount: Unmasked
    /// ```
    ///
    /// ## Use instead
    /// Remove `procMount` (or set `Default`). Only nested container runtimes
    /// need an unmasked `/proc`.
    ///
    /// ## References
    /// - Practice K15 (no host access).
    /// - kube-linter unsafe-proc-mount, Polaris procMount.
    pub struct UnmaskedProcMount {
        code: "K8S028",
        name: "unmasked-proc-mount",
        summary: "Container sees an unmasked /proc",
        severity: Warning,
        category: Security,
        practices: ["K15"],
        peers: [KubeLinter "unsafe-proc-mount", Polaris "procMount"],
        fix: None,
        default: true,
    }
}

impl Rule for UnmaskedProcMount {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        let Some(sc) = helpers::container_security_context(yaml, c) else {
            return;
        };
        let Some(node) = yaml.get(sc, "procMount") else {
            return;
        };
        if yaml.str(node) != Some("Unmasked") {
            return;
        }
        let span = cx
            .entry_span(sc, "procMount")
            .unwrap_or_else(|| cx.span(node));
        out.add(
            span,
            format!(
                "{} of {} sees an unmasked `/proc` (`procMount: Unmasked`)",
                c.display(),
                o.display()
            ),
        )
        .help("remove `procMount: Unmasked`");
    }
}
