//! K8S020 and K8S021: seccomp and AppArmor confinement of a pod's
//! containers.

use super::prelude::*;
use super::security_support::{is_windows, looks_partial, profile_type, templated};

/// The legacy pod-level seccomp annotation (non-functional since 1.27).
const POD_SECCOMP_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
const CONTAINER_SECCOMP_ANNOTATION: &str = "container.seccomp.security.alpha.kubernetes.io/";
const CONTAINER_APPARMOR_ANNOTATION: &str = "container.apparmor.security.beta.kubernetes.io/";

/// The last Kubernetes minor version that honoured the seccomp annotations.
const LAST_ANNOTATION_MINOR: u32 = 26;

/// Whether a legacy seccomp annotation value confines the pod.
fn confining_annotation(value: &str) -> bool {
    matches!(value, "runtime/default" | "docker/default") || value.starts_with("localhost/")
}

/// Whether a profile type confines (`RuntimeDefault`, `Localhost`, or a
/// template that cannot be judged).
fn confining(yaml: &YamlFile, ty: &str, node: NodeId) -> bool {
    matches!(ty, "RuntimeDefault" | "Localhost") || templated(yaml, node)
}

declare_rule! {
    /// ## What it does
    /// Reports pods (and pod templates) where some main, init or sidecar
    /// container has no seccomp profile at all: the pod's
    /// `securityContext.seccompProfile.type` is not `RuntimeDefault` or
    /// `Localhost`, and the container does not set one either. The finding
    /// is on the pod template's `spec:` and lists the unconfined containers
    /// when only some of them are.
    ///
    /// An explicit `Unconfined` profile is K8S021's finding, not this one.
    /// The legacy annotation `seccomp.security.alpha.kubernetes.io/pod:
    /// runtime/default` (or `docker/default`, `localhost/...`) counts only
    /// when `[kubernetes] version` is 1.26 or older: Kubernetes ignores the
    /// annotation since 1.27, and the message says so. Windows pods and
    /// objects that look like kustomize patches (see K8S033) are not
    /// checked.
    ///
    /// ## Why is this bad?
    /// Without a profile, containers run `Unconfined`: every system call
    /// of the kernel is reachable, including the rarely used ones most
    /// kernel exploits go through. The runtime's default profile blocks a
    /// few dozen of them and costs nothing for ordinary programs. (Kubelets
    /// started with `--seccomp-default` apply it anyway; manifests should
    /// not depend on it.)
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
    ///     seccompProfile:
    ///       type: RuntimeDefault
    ///   containers:
    ///     - name: api
    ///       image: registry.example.com/api:1.4.2
    /// ```
    ///
    /// ## Fix safety
    /// The fix sets `securityContext.seccompProfile.type: RuntimeDefault` on
    /// the pod. It is unsafe: a program that uses a blocked system call
    /// (some debuggers, old JVM options, `unshare`) fails with `EPERM`.
    ///
    /// ## References
    /// - Practice K03 (seccomp RuntimeDefault).
    /// - checkov CKV_K8S_31 (which ignores init containers and `Localhost`
    ///   on CronJobs), kube-score container-seccomp-profile.
    pub struct MissingSeccompProfile {
        code: "K8S020",
        name: "missing-seccomp-profile",
        summary: "Pod sets no seccomp profile",
        severity: Warning,
        category: Security,
        practices: ["K03"],
        peers: [Checkov "CKV_K8S_31", KubeScore "container-seccomp-profile"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for MissingSeccompProfile {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        if is_windows(yaml, w) || looks_partial(cx, o, w) {
            return;
        }
        let pod_sc = helpers::pod_security_context(yaml, w);
        if profile_type(yaml, pod_sc, "seccompProfile").is_some() {
            // Confining, `Unconfined` (K8S021) or invalid: not missing.
            return;
        }
        let old_cluster = cx.settings.kubernetes.minor <= LAST_ANNOTATION_MINOR;
        let pod_annotation = w
            .pod_annotations
            .get(POD_SECCOMP_ANNOTATION)
            .is_some_and(|v| confining_annotation(v));
        if pod_annotation && old_cluster {
            return;
        }
        let regular: Vec<&Container> = w.regular_containers().collect();
        let missing: Vec<&Container> = regular
            .iter()
            .copied()
            .filter(|c| {
                let sc = helpers::container_security_context(yaml, c);
                if profile_type(yaml, sc, "seccompProfile").is_some() {
                    return false;
                }
                let annotated = c.name.as_ref().is_some_and(|n| {
                    w.pod_annotations
                        .get(&format!("{CONTAINER_SECCOMP_ANNOTATION}{n}"))
                        .is_some_and(|v| confining_annotation(v))
                });
                !(annotated && old_cluster)
            })
            .collect();
        if missing.is_empty() {
            return;
        }
        let message = if pod_annotation {
            format!(
                "{} sets its seccomp profile only through the annotation `{POD_SECCOMP_ANNOTATION}`, which Kubernetes ignores since 1.27",
                o.display()
            )
        } else if missing.len() == regular.len() {
            format!(
                "{} sets no seccomp profile: its containers run `Unconfined`",
                o.display()
            )
        } else {
            let names = missing
                .iter()
                .map(|c| c.display())
                .collect::<Vec<_>>()
                .join(", ");
            let (verb, pronoun) = if missing.len() == 1 {
                ("sets", "it runs")
            } else {
                ("set", "they run")
            };
            format!(
                "{} sets no pod seccomp profile and {names} {verb} none: {pronoun} `Unconfined`",
                o.display()
            )
        };
        let fix = cx
            .set(
                w.spec,
                &["securityContext", "seccompProfile", "type"],
                Value::raw("RuntimeDefault"),
            )
            .map(|e| {
                Fix::unsafe_(
                    "Set the pod's `securityContext.seccompProfile.type: RuntimeDefault`",
                    vec![e],
                )
            });
        out.add(cx.pod_spec_span(o, w), message)
            .help("set `securityContext.seccompProfile.type: RuntimeDefault` on the pod")
            .fix_opt(fix);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports explicit requests to run without confinement:
    /// `seccompProfile.type: Unconfined` or `appArmorProfile.type:
    /// Unconfined`, at pod level or on a container, and the legacy
    /// annotations `seccomp.security.alpha.kubernetes.io/pod`,
    /// `container.seccomp.security.alpha.kubernetes.io/<name>` and
    /// `container.apparmor.security.beta.kubernetes.io/<name>` set to
    /// `unconfined` on the pod template. A pod-level `Unconfined` that every
    /// container overrides with its own profile is not reported. Windows
    /// pods are not checked.
    ///
    /// ## Why is this bad?
    /// Seccomp and AppArmor are the kernel-side fences around a container:
    /// they block the system calls and file accesses most container escapes
    /// use. Turning them off removes those fences deliberately, usually to
    /// work around one blocked call that a custom profile could allow.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   seccompProfile:
    ///     type: Unconfined
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// securityContext:
    ///   seccompProfile:
    ///     type: Localhost
    ///     localhostProfile: profiles/api.json
    /// ```
    /// Use `RuntimeDefault`, or a `Localhost` profile that allows the extra
    /// system calls the program needs.
    ///
    /// ## References
    /// - Practice K03 (seccomp RuntimeDefault).
    /// - checkov CKV_K8S_31 (fails pods with a non-default profile).
    pub struct UnconfinedSecurityProfile {
        code: "K8S021",
        name: "unconfined-security-profile",
        summary: "Seccomp or AppArmor confinement is turned off",
        severity: Warning,
        category: Security,
        practices: ["K03"],
        peers: [Checkov "CKV_K8S_31"],
        fix: None,
        default: true,
    }
}

impl Rule for UnconfinedSecurityProfile {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        if is_windows(yaml, w) {
            return;
        }
        let pod_sc = helpers::pod_security_context(yaml, w);
        for (profile, what) in [
            ("seccompProfile", "seccomp"),
            ("appArmorProfile", "AppArmor"),
        ] {
            if let Some(("Unconfined", node)) = profile_type(yaml, pod_sc, profile) {
                let overridden = !w.containers.is_empty()
                    && w.containers.iter().all(|c| {
                        profile_type(yaml, helpers::container_security_context(yaml, c), profile)
                            .is_some_and(|(t, n)| confining(yaml, t, n))
                    });
                if !overridden {
                    out.add(
                        cx.span(node),
                        format!(
                            "{} turns off {what} for its pod (`{profile}.type: Unconfined`)",
                            o.display()
                        ),
                    )
                    .help(format!(
                        "use `RuntimeDefault` or a `Localhost` {what} profile"
                    ));
                }
            }
            for c in &w.containers {
                let sc = helpers::container_security_context(yaml, c);
                if let Some(("Unconfined", node)) = profile_type(yaml, sc, profile) {
                    out.add(
                        cx.span(node),
                        format!(
                            "{} of {} turns off {what} (`{profile}.type: Unconfined`)",
                            c.display(),
                            o.display()
                        ),
                    )
                    .help(format!(
                        "use `RuntimeDefault` or a `Localhost` {what} profile"
                    ));
                }
            }
        }
        let Some(annotations) = w.template_metadata.and_then(|m| yaml.get(m, "annotations")) else {
            return;
        };
        for (k, v) in yaml.entries(annotations) {
            let (Some(key), Some(value)) = (yaml.str(k), yaml.str(v)) else {
                continue;
            };
            if !value.eq_ignore_ascii_case("unconfined") {
                continue;
            }
            let what = if key == POD_SECCOMP_ANNOTATION {
                "seccomp for its pod".to_string()
            } else if let Some(name) = key.strip_prefix(CONTAINER_SECCOMP_ANNOTATION) {
                format!("seccomp for container `{name}`")
            } else if let Some(name) = key.strip_prefix(CONTAINER_APPARMOR_ANNOTATION) {
                format!("AppArmor for container `{name}`")
            } else {
                continue;
            };
            let span = cx
                .entry_span(annotations, key)
                .unwrap_or_else(|| cx.span(v));
            out.add(
                span,
                format!(
                    "{} asks to turn off {what} (annotation `{key}: {value}`)",
                    o.display()
                ),
            )
            .help("remove the annotation; set a `RuntimeDefault` or `Localhost` profile in `securityContext`");
        }
    }
}
