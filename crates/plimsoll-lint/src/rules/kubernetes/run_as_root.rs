//! K8S015 and K8S016: which user a container's processes run as, from the
//! effective securityContext (the container's setting, else the pod's).

use super::prelude::*;
use super::security_support::{
    Level, Setting, effective_bool, effective_int, linux_container, looks_partial,
};

/// Where to report an effective setting: the value itself when the
/// container sets it, else the container's name with the pod-level
/// setting as a related location.
fn report_at(
    cx: &K8sContext<'_>,
    w: &Workload,
    c: &Container,
    key: &str,
    node: NodeId,
    level: Level,
) -> (Span, Option<Span>) {
    let entry = |sc: Option<NodeId>| {
        sc.and_then(|sc| cx.entry_span(sc, key))
            .unwrap_or_else(|| cx.span(node))
    };
    match level {
        Level::Container => (entry(helpers::container_security_context(cx.yaml, c)), None),
        Level::Pod => (
            cx.container_span(c),
            Some(entry(helpers::pod_security_context(cx.yaml, w))),
        ),
    }
}

declare_rule! {
    /// ## What it does
    /// Reports main, init and sidecar containers that may run as root: the
    /// effective `runAsNonRoot` (the container's, else the pod's) is not
    /// true and the effective `runAsUser` is not a positive number. An
    /// explicit effective `runAsUser: 0` is always reported; with
    /// `runAsNonRoot: true` beside it, the kubelet refuses to start the
    /// container, and the message says so.
    ///
    /// Windows pods (`spec.os.name: windows`), ephemeral containers and
    /// templated values are not checked, nor are objects that look like
    /// kustomize patches (see K8S033) when nothing is set. Unlike checkov,
    /// init containers are checked: they often run the riskiest code
    /// (downloads, migrations).
    ///
    /// ## Why is this bad?
    /// Most images still default to root. A root process that escapes the
    /// container, or reaches a writable host mount, acts as root on the
    /// node; inside the container it can rewrite the application's binaries.
    /// `runAsNonRoot: true` makes the kubelet verify the user before
    /// starting the container.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   containers:
    ///     - name: api
    ///       image: registry.example.com/api:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: true
    ///     runAsUser: 10001
    ///   containers:
    ///     - name: api
    ///       image: registry.example.com/api:1.4.2
    /// ```
    /// With `runAsNonRoot: true` alone, the image's `USER` must be numeric
    /// for the kubelet to verify it.
    ///
    /// ## References
    /// - Practice K03 (`runAsNonRoot: true`, non-zero `runAsUser`).
    /// - checkov CKV_K8S_23 (main containers only), kube-linter
    ///   run-as-non-root, Polaris runAsRootAllowed.
    pub struct ContainerRunsAsRoot {
        code: "K8S015",
        name: "container-runs-as-root",
        summary: "Container may run as root",
        severity: Warning,
        category: Security,
        practices: ["K03"],
        peers: [Checkov "CKV_K8S_23", KubeLinter "run-as-non-root", Polaris "runAsRootAllowed"],
        fix: None,
        default: true,
    }
}

impl Rule for ContainerRunsAsRoot {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        if !linux_container(cx, w, c) {
            return;
        }
        let yaml = cx.yaml;
        let user = effective_int(yaml, w, c, "runAsUser");
        let non_root = effective_bool(yaml, w, c, "runAsNonRoot");
        let who = format!("{} of {}", c.display(), o.display());
        match user {
            Setting::Value(0, node, level) => {
                let (span, related) = report_at(cx, w, c, "runAsUser", node, level);
                let message = if matches!(non_root, Setting::Value(true, ..)) {
                    format!(
                        "{who} runs as root (`runAsUser: 0`) although `runAsNonRoot: true`: the kubelet refuses to start it"
                    )
                } else {
                    format!("{who} runs as root (`runAsUser: 0`)")
                };
                let b = out
                    .add(span, message)
                    .help("set `runAsUser` to a non-zero UID the image can run as");
                if let Some(r) = related {
                    b.related(r, "`runAsUser: 0` set for the whole pod here");
                }
            }
            Setting::Value(..) | Setting::Unknown => {}
            Setting::Unset => {
                match non_root {
                    Setting::Value(true, ..) | Setting::Unknown => {}
                    Setting::Value(false, node, level) => {
                        let (span, related) = report_at(cx, w, c, "runAsNonRoot", node, level);
                        let b = out
                        .add(
                            span,
                            format!("{who} may run as root (`runAsNonRoot: false` and no `runAsUser`)"),
                        )
                        .help("set `runAsNonRoot: true` and a non-zero `runAsUser`");
                        if let Some(r) = related {
                            b.related(r, "`runAsNonRoot: false` set for the whole pod here");
                        }
                    }
                    Setting::Unset if looks_partial(cx, o, w) => {}
                    Setting::Unset => {
                        out.add(
                        cx.container_span(c),
                        format!(
                            "{who} may run as root: neither `runAsNonRoot: true` nor a non-zero `runAsUser` is set"
                        ),
                    )
                    .help("set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` on the pod or the container");
                    }
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports main, init and sidecar containers whose effective
    /// `runAsUser` (the container's, else the pod's) is unset or below
    /// 10000. Pods with `hostUsers: false` (user namespaces: container UIDs
    /// are remapped on the node), Windows pods, ephemeral containers and
    /// templated values are not checked; an unset `runAsUser` is not
    /// reported on objects that look like kustomize patches (see K8S033).
    ///
    /// This rule is off by default: enable it where UIDs are managed.
    ///
    /// ## Why is this bad?
    /// Low UIDs are the ones the node itself uses for system accounts and
    /// daemons. A process that escapes its container with such a UID may own
    /// host files or signal host processes of the same UID. A high UID,
    /// unused on nodes, keeps an escaped process an unprivileged stranger.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 1000
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 10001
    ///   runAsGroup: 10001
    /// ```
    ///
    /// ## References
    /// - Practice K03 (non-zero `runAsUser`).
    /// - checkov CKV_K8S_40, kube-score container-security-context-user-group-id
    ///   (which also requires `runAsGroup` ≥ 10000).
    pub struct LowUserId {
        code: "K8S016",
        name: "low-user-id",
        summary: "Container runs with a UID below 10000",
        severity: Info,
        category: Security,
        practices: ["K03"],
        peers: [Checkov "CKV_K8S_40", KubeScore "container-security-context-user-group-id"],
        fix: None,
        default: false,
    }
}

impl Rule for LowUserId {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        if !linux_container(cx, w, c) {
            return;
        }
        let yaml = cx.yaml;
        if yaml
            .get(w.spec, "hostUsers")
            .and_then(|n| helpers::k8s_bool(yaml, n))
            == Some(false)
        {
            return;
        }
        let who = format!("{} of {}", c.display(), o.display());
        match effective_int(yaml, w, c, "runAsUser") {
            Setting::Value(uid, node, level) if uid < 10000 => {
                let (span, related) = report_at(cx, w, c, "runAsUser", node, level);
                let b = out
                    .add(
                        span,
                        format!("{who} runs as UID {uid}, which may overlap host users"),
                    )
                    .help("run as a UID of 10000 or more");
                if let Some(r) = related {
                    b.related(r, "`runAsUser` set for the whole pod here");
                }
            }
            Setting::Value(..) | Setting::Unknown => {}
            Setting::Unset if looks_partial(cx, o, w) => {}
            Setting::Unset => {
                out.add(
                    cx.container_span(c),
                    format!(
                        "{who} does not set `runAsUser`: the image's user, often a low UID, applies"
                    ),
                )
                .help("set `securityContext.runAsUser` to a UID of 10000 or more");
            }
        }
    }
}
