use super::prelude::*;
use super::security_support::{is_windows, looks_partial};

declare_rule! {
    /// ## What it does
    /// Reports main, init and sidecar containers whose
    /// `securityContext.readOnlyRootFilesystem` is not `true` (missing or
    /// `false`). The field exists only on containers; there is no pod-level
    /// default. Ephemeral containers, Windows pods (`spec.os.name:
    /// windows`, where the field is not allowed) and templated values are
    /// not checked; a missing field is not reported on objects that look
    /// like kustomize patches (see K8S033).
    ///
    /// ## Why is this bad?
    /// A writable root filesystem lets an attacker who got code execution
    /// drop tools, rewrite the application's binaries or configuration, and
    /// persist until the container restarts. A read-only one also keeps
    /// writes where they belong: in volumes, visible and bounded.
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
    ///       readOnlyRootFilesystem: true
    ///     volumeMounts:
    ///       - {name: tmp, mountPath: /tmp}
    /// volumes:
    ///   - name: tmp
    ///     emptyDir: {}
    /// ```
    /// Mount an `emptyDir` wherever the program writes: `/tmp`, caches,
    /// PID files.
    ///
    /// ## Fix safety
    /// The fix sets `readOnlyRootFilesystem: true`. It is unsafe: a program
    /// that writes outside its volumes (`/tmp`, a cache directory, nginx's
    /// `/var/cache/nginx`) fails until those paths get an `emptyDir`.
    ///
    /// ## References
    /// - Practice K03 (`readOnlyRootFilesystem: true` with an emptyDir for /tmp).
    /// - checkov CKV_K8S_22, kube-linter no-read-only-root-fs, kube-score
    ///   container-security-context-readonlyrootfilesystem, Polaris
    ///   notReadOnlyRootFilesystem.
    pub struct WritableRootFilesystem {
        code: "K8S017",
        name: "writable-root-filesystem",
        summary: "Container root filesystem is writable",
        severity: Warning,
        category: Security,
        practices: ["K03"],
        peers: [Checkov "CKV_K8S_22", KubeLinter "no-read-only-root-fs", KubeScore "container-security-context-readonlyrootfilesystem", Polaris "notReadOnlyRootFilesystem"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for WritableRootFilesystem {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        if c.role == ContainerRole::Ephemeral || is_windows(yaml, w) {
            return;
        }
        let sc = helpers::container_security_context(yaml, c);
        let written = sc.and_then(|sc| yaml.get(sc, "readOnlyRootFilesystem"));
        // `readOnlyRootFilesystem:` without a value reads as unset; an edit
        // would have to replace an empty node, which is left to the user.
        let null = written.is_some_and(|n| yaml.is_null(n));
        let node = written.filter(|_| !null);
        let (span, message) = match node {
            Some(n) => match helpers::k8s_bool(yaml, n) {
                Some(true) | None => return,
                Some(false) => (
                    sc.and_then(|sc| cx.entry_span(sc, "readOnlyRootFilesystem"))
                        .unwrap_or_else(|| cx.span(n)),
                    format!(
                        "{} of {} sets `readOnlyRootFilesystem: false`",
                        c.display(),
                        o.display()
                    ),
                ),
            },
            None if looks_partial(cx, o, w) => return,
            None => (
                cx.container_span(c),
                format!(
                    "{} of {} has a writable root filesystem (`readOnlyRootFilesystem` is not set)",
                    c.display(),
                    o.display()
                ),
            ),
        };
        let fix = (!null)
            .then(|| {
                cx.set(
                    c.node,
                    &["securityContext", "readOnlyRootFilesystem"],
                    Value::raw("true"),
                )
            })
            .flatten()
            .map(|e| {
                Fix::unsafe_(
                    "Set `securityContext.readOnlyRootFilesystem: true`",
                    vec![e],
                )
            });
        out.add(span, message)
            .help("set `securityContext.readOnlyRootFilesystem: true` and mount an `emptyDir` for /tmp and caches")
            .fix_opt(fix);
    }
}
