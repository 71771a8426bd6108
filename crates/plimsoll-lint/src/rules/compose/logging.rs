//! DC009 and DC046: container logs are rotated, and kept.

use super::prelude::*;
use super::support::judged;

declare_rule! {
    /// ## What it does
    /// Reports a service that logs with the `json-file` driver (written, or
    /// the engine default when `logging.driver` is not set) without
    /// `logging.options.max-size`. Other drivers (`local` rotates by
    /// default; `journald`, `syslog`, `fluentd`... ship logs elsewhere) are
    /// not reported, nor is a driver read from a variable. The merged view
    /// of the project counts (an override may add the options), and
    /// overrides of a base service defer to the base file.
    ///
    /// ## Why is this bad?
    /// `json-file` keeps every line forever by default (`max-size: -1`):
    /// a chatty service fills the host's disk and takes every container
    /// down with it. The daemon's `log-opts` may set a default, which a
    /// compose file cannot show, so this is advice.
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
    ///     logging:
    ///       options:
    ///         max-size: "10m"
    ///         max-file: "3"
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `max-size: "10m"` (and `max-file: "3"` when it creates
    /// the options). It is unsafe: older log lines are discarded.
    ///
    /// ## References
    /// - Practice C04 (log rotation: `max-size`, `max-file`).
    /// - compose-lint and dclint have no equivalent check.
    pub struct ServiceWithoutLogRotation {
        code: "DC009",
        name: "service-without-log-rotation",
        summary: "Service logs to json-file without `max-size`",
        severity: Info,
        category: Reliability,
        practices: ["C04"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

/// Whether a definition's logging needs no rotation options: another
/// driver, or `max-size` already set.
fn rotated(yaml: &YamlFile, s: &Service) -> bool {
    let Some(l) = &s.logging else { return false };
    if let Some(d) = &l.driver
        && (d.value != "json-file" || d.is_interpolated())
    {
        return true;
    }
    l.options.is_some_and(|o| yaml.get(o, "max-size").is_some())
}

impl Rule for ServiceWithoutLogRotation {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        if cx.yaml.get(s.node, "provider").is_some() {
            return;
        }
        let Some(merged) = judged(cx, s) else { return };
        if merged
            .defs
            .iter()
            .any(|d| rotated(d.member.yaml(), d.service))
        {
            return;
        }
        let options = Value::Map(vec![
            ("max-size".into(), Value::raw("\"10m\"")),
            ("max-file".into(), Value::raw("\"3\"")),
        ]);
        let edit = match &s.logging {
            None => cx.set(s.node, &["logging", "options"], options),
            Some(l) => match l.options {
                None => cx.set(l.node, &["options"], options),
                Some(o) => cx.set(o, &["max-size"], Value::raw("\"10m\"")),
            },
        };
        let (span, message) = match &s.logging {
            Some(l) => (
                cx.entry_span(s.node, "logging")
                    .unwrap_or_else(|| cx.span(l.node)),
                format!(
                    "{} logs to `json-file` without `max-size`: its logs grow without bound",
                    s.display()
                ),
            ),
            None => (
                cx.service_span(s),
                format!(
                    "{} uses the default `json-file` log driver without `max-size`: its logs grow without bound",
                    s.display()
                ),
            ),
        };
        out.add(span, message)
            .help("set `logging.options.max-size` and `max-file`, or use the `local` driver")
            .fix_opt(edit.map(|e| Fix::unsafe_("Rotate logs at 10m, keeping 3 files", vec![e])));
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `logging.driver: none` (any case).
    ///
    /// ## Why is this bad?
    /// The container's output is discarded: `docker compose logs` shows
    /// nothing, and the evidence of a crash or an intrusion is gone.
    ///
    /// ## Example
    /// ```yaml
    /// logging:
    ///   driver: none
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// logging:
    ///   driver: local
    /// ```
    ///
    /// ## Fix safety
    /// The fix removes the driver setting (the whole `logging` key when it
    /// holds nothing else). It is unsafe: logs start filling the host's
    /// disk unless rotation is configured.
    ///
    /// ## References
    /// - Practice C04 (logs kept and rotated).
    /// - compose-lint CL-0014.
    pub struct ServiceLoggingDisabled {
        code: "DC046",
        name: "service-logging-disabled",
        summary: "Service discards its logs (`logging.driver: none`)",
        severity: Info,
        category: Security,
        practices: ["C04"],
        peers: [ComposeLint "CL-0014"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for ServiceLoggingDisabled {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let Some(l) = &s.logging else { return };
        let Some(d) = &l.driver else { return };
        if !d.value.eq_ignore_ascii_case("none") {
            return;
        }
        let only_driver = cx.yaml.entries(l.node).len() == 1;
        let edit = if only_driver {
            patch::delete_entry(cx.yaml, cx.text(), s.node, "logging")
        } else {
            patch::delete_entry(cx.yaml, cx.text(), l.node, "driver")
        };
        out.add(
            cx.entry_span(l.node, "driver")
                .unwrap_or_else(|| cx.span(d.node)),
            format!("{} discards its logs (`logging.driver: none`)", s.display()),
        )
        .help("use a driver that keeps logs (`local`, `json-file` with rotation, or a log shipper)")
        .fix_opt(edit.map(|e| Fix::unsafe_("Remove `driver: none`", vec![e])));
    }
}
