use super::prelude::*;
use crate::compose::duration;
use crate::compose::typing::node_type;
use plimsoll_syntax::yaml::GoYamlType;

declare_rule! {
    /// ## What it does
    /// Reports a duration Compose cannot read in `healthcheck` (`interval`,
    /// `timeout`, `start_period`, `start_interval`), `stop_grace_period`,
    /// and `deploy` (`restart_policy.delay`/`window`,
    /// `update_config`/`rollback_config` `delay`/`monitor`). Compose reads
    /// Go durations — a number and a unit, repeated: `10s`, `1m30s`,
    /// `500ms`, also `d` and `w` — and the schema wants a string, so a bare
    /// number (`interval: 10`) is rejected too. Values that read a variable
    /// are not judged.
    ///
    /// ## Why is this bad?
    /// Compose refuses the project ("invalid duration", "must be a
    /// string"). A bare number is the usual slip: it has no unit.
    ///
    /// ## Example
    /// ```yaml
    /// healthcheck:
    ///   interval: 10
    ///   timeout: 3sec
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// healthcheck:
    ///   interval: 10s
    ///   timeout: 3s
    /// ```
    ///
    /// ## Fix safety
    /// For a bare number the fix appends `s` (seconds), the unit Docker
    /// uses for these settings on the command line. It is unsafe: the
    /// author may have meant another unit.
    ///
    /// ## References
    /// - Practice C01 (health checks; durations of healthchecks).
    /// - compose-lint and dclint have no equivalent check.
    pub struct InvalidDuration {
        code: "DC024",
        name: "invalid-duration",
        summary: "Duration is not in a form Compose reads",
        severity: Error,
        category: Correctness,
        practices: ["C01"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

/// Every duration field of a service, with its path for messages.
fn duration_fields(yaml: &YamlFile, s: &Service) -> Vec<(String, NodeId)> {
    let mut out = Vec::new();
    if let Some(h) = &s.healthcheck {
        for key in ["interval", "timeout", "start_period", "start_interval"] {
            if let Some(n) = yaml.get(h.node, key) {
                out.push((format!("healthcheck.{key}"), n));
            }
        }
    }
    if let Some(n) = yaml.get(s.node, "stop_grace_period") {
        out.push(("stop_grace_period".into(), n));
    }
    if let Some(d) = &s.deploy {
        for (section, keys) in [
            ("restart_policy", &["delay", "window"][..]),
            ("update_config", &["delay", "monitor"][..]),
            ("rollback_config", &["delay", "monitor"][..]),
        ] {
            for key in keys {
                if let Some(n) = yaml.path(d.node, &[section, key]) {
                    out.push((format!("deploy.{section}.{key}"), n));
                }
            }
        }
    }
    out
}

impl Rule for InvalidDuration {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for (field, node) in duration_fields(cx.yaml, s) {
            if cx.yaml.is_null(node) {
                continue;
            }
            let Some(text) = cx.yaml.str(node) else {
                out.add(
                    cx.span(node),
                    format!(
                        "{}: `{field}` must be a duration such as `10s`",
                        s.display()
                    ),
                );
                continue;
            };
            if interpolation::is_interpolated(text) {
                continue;
            }
            let (message, fix) = match node_type(cx.yaml, node) {
                Some(GoYamlType::Int(_) | GoYamlType::Float(_)) => (
                    format!(
                        "`{field}: {text}` has no unit: Compose wants a string such as `{text}s`"
                    ),
                    Some(Fix::unsafe_(
                        format!("Read `{text}` as seconds"),
                        vec![Edit::replace(cx.yaml.node(node).span, format!("{text}s"))],
                    )),
                ),
                _ => match duration::parse(text) {
                    Ok(_) => continue,
                    Err(e) => (format!("`{field}`: {}", e.message), None),
                },
            };
            out.add(cx.span(node), format!("{}: {message}", s.display()))
                .help("write a number and a unit: `500ms`, `10s`, `1m30s`")
                .fix_opt(fix);
        }
    }
}
