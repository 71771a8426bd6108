//! DC039, DC041, DC043 and DC045: the container's own hardening.

use super::prelude::*;
use super::support::judged;

/// A `security_opt` entry as `(name, value)`: lower case, `=` read as `:`.
fn security_opt(entry: &str) -> (String, Option<String>) {
    let lower = entry.trim().to_ascii_lowercase();
    match lower.split_once([':', '=']) {
        Some((k, v)) => (k.to_string(), Some(v.to_string())),
        None => (lower, None),
    }
}

/// Whether `security_opt` ends up with no-new-privileges on (the last
/// entry wins; the bare form means true).
fn no_new_privileges(opts: &[Scalar]) -> Option<bool> {
    opts.iter().rev().find_map(|o| {
        let (k, v) = security_opt(&o.value);
        let on = match v.as_deref() {
            None => true,
            Some(v) => matches!(v, "1" | "t" | "true"),
        };
        (k == "no-new-privileges").then_some(on)
    })
}

declare_rule! {
    /// ## What it does
    /// Reports a service whose `security_opt` does not turn
    /// `no-new-privileges` on (`no-new-privileges:true`, `=true` or the
    /// bare form; the last entry wins), in any file merged with it
    /// (overrides of a base service defer to the base file). Off by
    /// default, since it applies to nearly every service.
    ///
    /// ## Why is this bad?
    /// Without it a process can gain privileges through setuid binaries
    /// and file capabilities: an attacker running as an unprivileged user
    /// in the container becomes root in it.
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
    ///     security_opt:
    ///       - no-new-privileges:true
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `no-new-privileges:true`. It is unsafe: programs that
    /// rely on setuid (`sudo`, `su`) stop working; entrypoints that drop
    /// privileges (`gosu`, `su-exec`) are not affected.
    ///
    /// ## References
    /// - Practice K03 (`allowPrivilegeEscalation: false`; the compose
    ///   counterpart).
    /// - compose-lint CL-0003.
    pub struct MissingNoNewPrivileges {
        code: "DC039",
        name: "missing-no-new-privileges",
        summary: "Service does not set `no-new-privileges`",
        severity: Warning,
        category: Security,
        practices: ["K03"],
        peers: [ComposeLint "CL-0003"],
        fix: Sometimes,
        default: false,
    }
}

impl Rule for MissingNoNewPrivileges {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let Some(merged) = judged(cx, s) else { return };
        // The last definition that says anything wins.
        let setting = merged
            .defs
            .iter()
            .rev()
            .find_map(|d| no_new_privileges(&d.service.security_opt));
        if setting == Some(true) {
            return;
        }
        let value = Value::raw("no-new-privileges:true");
        let edit = match cx.yaml.get(s.node, "security_opt") {
            Some(list) if cx.yaml.is_sequence(list) && !cx.yaml.items(list).is_empty() => {
                patch::append_item(cx.yaml, cx.text(), list, &value)
            }
            Some(_) => None,
            None => cx.set(s.node, &["security_opt"], Value::Seq(vec![value])),
        };
        out.add(
            cx.service_span(s),
            format!(
                "{} does not set `no-new-privileges`: setuid binaries can raise privileges",
                s.display()
            ),
        )
        .help("add `security_opt: [\"no-new-privileges:true\"]`")
        .fix_opt(edit.map(|e| Fix::unsafe_("Add `no-new-privileges:true`", vec![e])));
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `security_opt` entries that switch off a kernel security
    /// layer: `seccomp:unconfined`, `apparmor:unconfined`, `label:disable`
    /// (with `:` or `=`, any case).
    ///
    /// ## Why is this bad?
    /// Docker's default seccomp profile blocks about 44 dangerous system
    /// calls, and AppArmor or SELinux confine what the process may touch.
    /// Without them a kernel bug or a misconfiguration is a direct way out
    /// of the container.
    ///
    /// ## Example
    /// ```yaml
    /// security_opt:
    ///   - seccomp:unconfined
    /// ```
    ///
    /// ## Use instead
    /// Keep the default profile, or write a custom seccomp profile that
    /// allows the one call the service needs.
    ///
    /// ## References
    /// - Practice K03 (seccomp `RuntimeDefault`; the compose counterpart).
    /// - compose-lint CL-0009.
    pub struct ServiceSecurityProfileDisabled {
        code: "DC041",
        name: "service-security-profile-disabled",
        summary: "Service disables seccomp, AppArmor or SELinux confinement",
        severity: Warning,
        category: Security,
        practices: ["K03"],
        peers: [ComposeLint "CL-0009"],
        fix: None,
        default: true,
    }
}

impl Rule for ServiceSecurityProfileDisabled {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for o in &s.security_opt {
            let (k, v) = security_opt(&o.value);
            let disabled = matches!(
                (k.as_str(), v.as_deref()),
                ("seccomp" | "apparmor", Some("unconfined")) | ("label", Some("disable"))
            );
            if disabled {
                out.add(
                    cx.span(o.node),
                    format!(
                        "{} sets `{}`, removing a kernel confinement layer",
                        s.display(),
                        o.value
                    ),
                )
                .help("remove the entry, or use a custom profile that allows only what is needed");
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a service without `read_only: true` (in any file merged
    /// with it; overrides of a base service defer to the base file). Off by
    /// default: most images write somewhere, and the writable paths must be
    /// found and given `tmpfs` or volumes first.
    ///
    /// ## Why is this bad?
    /// With a writable root filesystem an attacker can replace binaries,
    /// plant tools and persist across process restarts inside the
    /// container.
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
    ///     read_only: true
    ///     tmpfs: [/tmp]
    /// ```
    ///
    /// ## Fix safety
    /// The fix sets `read_only: true`. It is unsafe: the service fails
    /// where it writes outside volumes and `tmpfs`.
    ///
    /// ## References
    /// - Practice K03 (`readOnlyRootFilesystem`; the compose counterpart).
    /// - compose-lint CL-0007.
    pub struct ServiceRootFilesystemWritable {
        code: "DC043",
        name: "service-root-filesystem-writable",
        summary: "Service's root filesystem is writable",
        severity: Info,
        category: Security,
        practices: ["K03"],
        peers: [ComposeLint "CL-0007"],
        fix: Sometimes,
        default: false,
    }
}

impl Rule for ServiceRootFilesystemWritable {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let Some(merged) = judged(cx, s) else { return };
        if merged.any(|d| d.read_only.is_some_and(|(_, v)| v)) {
            return;
        }
        let edit = cx
            .set(s.node, &["read_only"], Value::raw("true"))
            .map(|e| Fix::unsafe_("Set `read_only: true`", vec![e]));
        out.add(
            cx.service_span(s),
            format!("{} has a writable root filesystem", s.display()),
        )
        .help("set `read_only: true` and give the paths it writes a `tmpfs` or a volume")
        .fix_opt(edit);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `user` that is explicitly root: `root`, `0`, `root:...`
    /// or `0:...`. Services without `user` run as the image's `USER`, which
    /// the Dockerfile rules judge.
    ///
    /// ## Why is this bad?
    /// It overrides a non-root `USER` of the image: a compromise of the
    /// process is root in the container, one kernel bug away from root on
    /// the host, and owns every file of mounted volumes.
    ///
    /// ## Example
    /// ```yaml
    /// user: root
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// user: "10001:10001"
    /// ```
    ///
    /// ## References
    /// - Practice D02 (non-root user; the compose counterpart).
    /// - compose-lint CL-0018.
    pub struct ServiceRunsAsRoot {
        code: "DC045",
        name: "service-runs-as-root",
        summary: "Service explicitly runs as root",
        severity: Warning,
        category: Security,
        practices: ["D02"],
        peers: [ComposeLint "CL-0018"],
        fix: None,
        default: true,
    }
}

impl Rule for ServiceRunsAsRoot {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let Some(user) = &s.user else { return };
        let name = user.value.split(':').next().unwrap_or("").trim();
        let root = name == "root" || (!name.is_empty() && name.bytes().all(|b| b == b'0'));
        if root {
            out.add(
                cx.span(user.node),
                format!("{} runs as root (`user: {}`)", s.display(), user.value),
            )
            .help("run as an unprivileged user: `user: \"10001:10001\"`");
        }
    }
}
