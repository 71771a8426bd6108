//! K8S018 and K8S019: Linux capabilities a container keeps or adds.

use super::prelude::*;
use super::security_support::{linux_container, looks_partial, normalize_capability, templated};
use plimsoll_diagnostics::Severity;
use plimsoll_syntax::yaml::patch;

/// The container's `securityContext.capabilities` mapping.
fn capabilities(yaml: &YamlFile, c: &Container) -> Option<NodeId> {
    helpers::container_security_context(yaml, c)
        .and_then(|sc| yaml.get(sc, "capabilities"))
        .filter(|n| yaml.is_mapping(*n))
}

declare_rule! {
    /// ## What it does
    /// Reports main, init and sidecar containers whose
    /// `securityContext.capabilities.drop` does not contain `ALL` (in any
    /// case). A drop list of single capabilities, even `NET_RAW`, is
    /// reported too: the runtime's default set still applies minus those.
    /// Ephemeral containers, Windows pods and drop lists with templated
    /// entries are not checked; a missing drop list is not reported on
    /// objects that look like kustomize patches (see K8S033).
    ///
    /// ## Why is this bad?
    /// Container runtimes grant a default set of about fourteen
    /// capabilities (`CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `SETUID`, `SETGID`,
    /// `NET_RAW`, `KILL`...). Few programs need any of them, and each is a
    /// step in known attacks: `NET_RAW` allows spoofing on the pod
    /// network, `SETUID` helps escalation. Dropping `ALL` and adding back
    /// what is needed is the `restricted` Pod Security Standard.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     drop: [NET_RAW]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     drop: [ALL]
    ///     add: [NET_BIND_SERVICE]   # only if it binds a port below 1024
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `ALL` to the drop list, or creates `capabilities: {drop:
    /// [ALL]}` (an existing `add` list is kept). It is unsafe: a program that
    /// relied on a default capability (changing file ownership, switching
    /// users, binding a low port as root) fails until it is added back.
    ///
    /// ## References
    /// - Practice K03 (capabilities drop ALL).
    /// - checkov CKV_K8S_37 and CKV_K8S_28 (which also accepts dropping only
    ///   `NET_RAW`), kube-linter drop-net-raw-capability, Polaris
    ///   insecureCapabilities.
    pub struct CapabilitiesNotDropped {
        code: "K8S018",
        name: "capabilities-not-dropped",
        summary: "Container does not drop all capabilities",
        severity: Warning,
        category: Security,
        practices: ["K03"],
        peers: [Checkov "CKV_K8S_37", Checkov "CKV_K8S_28", KubeLinter "drop-net-raw-capability", Polaris "insecureCapabilities"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for CapabilitiesNotDropped {
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
        let caps = capabilities(yaml, c);
        let drop = caps
            .and_then(|m| yaml.get(m, "drop"))
            .filter(|n| !yaml.is_null(*n));
        let dropped = helpers::string_items(yaml, drop);
        if dropped
            .iter()
            .any(|(s, n)| normalize_capability(s) == "ALL" || templated(yaml, *n))
        {
            return;
        }
        if drop.is_some_and(|d| !yaml.is_sequence(d)) {
            // A templated or malformed list: nothing to judge.
            return;
        }
        if drop.is_none() && looks_partial(cx, o, w) {
            return;
        }
        let who = format!("{} of {}", c.display(), o.display());
        let (span, message) = match (caps, drop) {
            (Some(m), Some(_)) => (
                cx.entry_span(m, "drop")
                    .unwrap_or_else(|| cx.container_span(c)),
                if dropped.is_empty() {
                    format!("{who} does not drop `ALL` capabilities (empty `drop` list)")
                } else {
                    format!("{who} drops some capabilities but not `ALL`")
                },
            ),
            (Some(_), None) => (
                helpers::container_security_context(yaml, c)
                    .and_then(|sc| cx.entry_span(sc, "capabilities"))
                    .unwrap_or_else(|| cx.container_span(c)),
                format!("{who} does not drop `ALL` capabilities"),
            ),
            (None, _) => (
                cx.container_span(c),
                format!("{who} keeps the runtime's default capabilities (no `drop: [ALL]`)"),
            ),
        };
        let edit = if let Some(d) = drop {
            patch::append_item(yaml, cx.text(), d, &Value::raw("ALL"))
        } else {
            // `drop:` or `capabilities:` without a value: an edit would
            // replace an empty node, which is left to the user.
            let null_drop = caps.is_some_and(|m| yaml.get(m, "drop").is_some());
            let null_caps = caps.is_none()
                && helpers::container_security_context(yaml, c)
                    .is_some_and(|sc| yaml.get(sc, "capabilities").is_some());
            if null_drop || null_caps {
                None
            } else {
                cx.set(
                    c.node,
                    &["securityContext", "capabilities", "drop"],
                    Value::raw("[ALL]"),
                )
            }
        };
        let fix = edit.map(|e| Fix::unsafe_("Drop `ALL` capabilities", vec![e]));
        out.add(span, message)
            .help("set `securityContext.capabilities.drop: [ALL]` and add back only what the program needs")
            .fix_opt(fix);
    }
}

/// Capabilities that give a container power over the node or its
/// neighbours, with what they allow.
const DANGEROUS: &[(&str, &str)] = &[
    ("ALL", "every capability, close to a privileged container"),
    (
        "SYS_ADMIN",
        "mounts, namespaces and many admin operations: a common escape route",
    ),
    (
        "NET_ADMIN",
        "reconfiguring interfaces, routes and firewall rules",
    ),
    (
        "SYS_PTRACE",
        "tracing and injecting code into other processes",
    ),
    ("SYS_MODULE", "loading kernel modules"),
    ("SYS_RAWIO", "raw access to I/O ports and memory"),
    (
        "DAC_READ_SEARCH",
        "reading any file and opening files by handle, a known escape",
    ),
    ("BPF", "loading eBPF programs into the kernel"),
    ("PERFMON", "kernel tracing and performance monitoring"),
    ("SYS_BOOT", "rebooting the node"),
    ("SYSLOG", "reading the kernel log and kernel addresses"),
    ("MAC_ADMIN", "changing the AppArmor or SELinux policy"),
    ("MAC_OVERRIDE", "bypassing AppArmor or SELinux"),
];

declare_rule! {
    /// ## What it does
    /// Reports every entry of a container's
    /// `securityContext.capabilities.add` other than `NET_BIND_SERVICE`
    /// (names are compared in upper case without a `CAP_` prefix). The
    /// finding is a warning, raised to an error for the capabilities that
    /// reach beyond the container: `ALL`, `SYS_ADMIN`, `NET_ADMIN`,
    /// `SYS_PTRACE`, `SYS_MODULE`, `SYS_RAWIO`, `DAC_READ_SEARCH`, `BPF`,
    /// `PERFMON`, `SYS_BOOT`, `SYSLOG`, `MAC_ADMIN` and `MAC_OVERRIDE`
    /// (`NET_RAW` stays a warning). Main, init and sidecar containers are
    /// checked; Windows pods and templated entries are not.
    ///
    /// ## Why is this bad?
    /// Each added capability is a piece of root. The dangerous ones let a
    /// compromised container load kernel code, trace other processes,
    /// mount filesystems or rewrite the node's network: enough to escape.
    /// `NET_BIND_SERVICE` (binding ports below 1024) is the only one the
    /// `restricted` Pod Security Standard allows.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     add: [SYS_ADMIN]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     drop: [ALL]
    /// ```
    /// Listen on a port above 1024, or add only `NET_BIND_SERVICE`. Node
    /// agents that truly need a capability deserve an explicit suppression.
    ///
    /// ## References
    /// - Practice K15 (no dangerous capabilities).
    /// - checkov CKV_K8S_25 (any added capability) and CKV_K8S_39
    ///   (`SYS_ADMIN`), Polaris dangerousCapabilities.
    pub struct CapabilityAdded {
        code: "K8S019",
        name: "capability-added",
        summary: "Container adds Linux capabilities",
        severity: Warning,
        category: Security,
        practices: ["K15"],
        peers: [Checkov "CKV_K8S_25", Checkov "CKV_K8S_39", Polaris "dangerousCapabilities"],
        fix: None,
        default: true,
    }
}

impl Rule for CapabilityAdded {
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
        let add = capabilities(yaml, c).and_then(|m| yaml.get(m, "add"));
        for (text, node) in helpers::string_items(yaml, add) {
            if helpers::is_templated(&text) || text.trim().is_empty() {
                continue;
            }
            let name = normalize_capability(&text);
            if name == "NET_BIND_SERVICE" {
                continue;
            }
            let who = format!("{} of {}", c.display(), o.display());
            match DANGEROUS.iter().find(|(d, _)| *d == name) {
                Some((_, what)) => {
                    out.add(
                        cx.span(node),
                        format!("{who} adds capability `{name}`: {what}"),
                    )
                    .severity(Severity::Error)
                    .help("remove it; grant node-level powers only to audited agents");
                }
                None => {
                    out.add(cx.span(node), format!("{who} adds capability `{name}`"))
                        .help("remove it unless the program fails without it");
                }
            }
        }
    }
}
