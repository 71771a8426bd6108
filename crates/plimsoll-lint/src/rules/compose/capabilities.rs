//! DC038 and DC042: services add no dangerous capability and drop the
//! others.

use super::prelude::*;
use super::support::judged;

/// A capability as Docker reads it: upper case, without `CAP_`.
fn normalize(cap: &str) -> String {
    let upper = cap.trim().to_ascii_uppercase();
    upper
        .strip_prefix("CAP_")
        .map_or(upper.clone(), ToString::to_string)
}

/// What a capability grants, and how bad that is.
fn danger(cap: &str) -> Option<(Severity, &'static str)> {
    Some(match cap {
        "ALL" => (Severity::Error, "every capability"),
        "SYS_ADMIN" => (
            Severity::Error,
            "mounts, namespaces and most of root's powers",
        ),
        "SYS_MODULE" => (Severity::Error, "loading kernel modules"),
        "SYS_RAWIO" => (Severity::Error, "raw access to devices and memory"),
        "SYS_PTRACE" => (
            Severity::Warning,
            "tracing processes and reading their memory",
        ),
        "DAC_READ_SEARCH" => (
            Severity::Warning,
            "reading any file (and escaping with open_by_handle_at)",
        ),
        "NET_ADMIN" => (Severity::Warning, "reconfiguring the network and firewall"),
        "BPF" => (Severity::Warning, "loading eBPF programs"),
        "SYS_BOOT" => (Severity::Warning, "rebooting the host"),
        "PERFMON" => (Severity::Warning, "observing the whole system"),
        "SYS_TIME" => (Severity::Warning, "setting the host's clock"),
        "SYS_NICE" => (Severity::Warning, "starving other processes"),
        "IPC_LOCK" => (Severity::Warning, "locking host memory"),
        "LEASE" => (Severity::Warning, "holding leases on files"),
        "SYSLOG" => (Severity::Warning, "reading the kernel log"),
        _ => return None,
    })
}

declare_rule! {
    /// ## What it does
    /// Reports a `cap_add` entry that grants host-level power (with or
    /// without the `CAP_` prefix, any case). Errors: `ALL`, `SYS_ADMIN`,
    /// `SYS_MODULE`, `SYS_RAWIO`. Warnings: `SYS_PTRACE`,
    /// `DAC_READ_SEARCH`, `NET_ADMIN`, `BPF`, `SYS_BOOT`, `PERFMON`,
    /// `SYS_TIME`, `SYS_NICE`, `IPC_LOCK`, `LEASE`, `SYSLOG`.
    ///
    /// ## Why is this bad?
    /// These capabilities break the container's isolation: `SYS_ADMIN`
    /// mounts host filesystems, `SYS_MODULE` loads kernel code,
    /// `SYS_PTRACE` reads other processes' memory, `NET_ADMIN` rewrites the
    /// host's firewall when sharing its network.
    ///
    /// ## Example
    /// ```yaml
    /// cap_add:
    ///   - SYS_ADMIN
    /// ```
    ///
    /// ## Use instead
    /// Find the narrow capability the service needs (`NET_BIND_SERVICE`,
    /// `CHOWN`), or a way to do without.
    ///
    /// ## References
    /// - Practice K15 (no dangerous capabilities).
    /// - compose-lint CL-0024, CL-0011, CL-0027, CL-0028, CL-0029, CL-0030.
    pub struct ServiceAddsDangerousCapability {
        code: "DC038",
        name: "service-adds-dangerous-capability",
        summary: "Service adds a capability that grants host-level power",
        severity: Error,
        category: Security,
        practices: ["K15"],
        peers: [
            ComposeLint "CL-0024",
            ComposeLint "CL-0011",
            ComposeLint "CL-0027",
            ComposeLint "CL-0028",
            ComposeLint "CL-0029",
            ComposeLint "CL-0030",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for ServiceAddsDangerousCapability {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for c in &s.cap_add {
            let cap = normalize(&c.value);
            let Some((severity, what)) = danger(&cap) else {
                continue;
            };
            out.add(
                cx.span(c.node),
                format!("{} adds `{}`: {what}", s.display(), c.value),
            )
            .help("add only the narrow capabilities the service needs")
            .severity(severity);
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a service whose `cap_drop` does not include `ALL`, in any
    /// file merged with it (overrides of a base service defer to the base
    /// file). Off by default: most images need a few capabilities added
    /// back, which takes testing.
    ///
    /// ## Why is this bad?
    /// Docker grants about fourteen capabilities by default (`CHOWN`,
    /// `DAC_OVERRIDE`, `NET_RAW`, `SETUID`...). An attacker in the
    /// container uses them to spoof packets, read any file the container
    /// can see, or escalate.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     image: registry.example.com/api:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   api:
    ///     image: registry.example.com/api:1.4.2
    ///     cap_drop: [ALL]
    ///     cap_add: [NET_BIND_SERVICE]
    /// ```
    ///
    /// ## References
    /// - Practice K03 (capabilities drop ALL; the compose counterpart).
    /// - compose-lint CL-0006.
    pub struct ServiceCapabilitiesNotDropped {
        code: "DC042",
        name: "service-capabilities-not-dropped",
        summary: "Service does not drop all capabilities",
        severity: Info,
        category: Security,
        practices: ["K03"],
        peers: [ComposeLint "CL-0006"],
        fix: None,
        default: false,
    }
}

impl Rule for ServiceCapabilitiesNotDropped {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let Some(merged) = judged(cx, s) else { return };
        if merged.any(|d| d.cap_drop.iter().any(|c| normalize(&c.value) == "ALL")) {
            return;
        }
        out.add(
            cx.service_span(s),
            format!("{} keeps Docker's default capabilities", s.display()),
        )
        .help("add `cap_drop: [ALL]` and `cap_add` only what the service needs");
    }
}
