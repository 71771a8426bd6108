use super::prelude::*;

/// Ports of common databases and brokers, which should not face the
/// network.
const DATABASE_PORTS: [u16; 14] = [
    5432, 3306, 27017, 6379, 9200, 9300, 5984, 11211, 9042, 1433, 8086, 7687, 5672, 2379,
];

declare_rule! {
    /// ## What it does
    /// Reports a `ports` item published on every host interface: short
    /// syntax without a host IP (`8080:80`, and a bare `3000`, which takes
    /// a free host port on every interface) or with `0.0.0.0`/`::`, long
    /// syntax without `host_ip`. A mapping whose host part reads a
    /// variable (`${PORT:-8080}:80`) still has no address and is reported.
    /// Advice in general; a warning when the container port is a database's
    /// (5432, 3306, 27017, 6379, 9200...).
    ///
    /// ## Why is this bad?
    /// Docker publishes such ports on every interface of the host and adds
    /// firewall rules ahead of the host's own (ufw, firewalld): a database
    /// meant for local tools is reachable from the network.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - "5432:5432"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// ports:
    ///   - "127.0.0.1:5432:5432"
    /// ```
    ///
    /// ## Fix safety
    /// The fix binds the short-syntax mapping to `127.0.0.1`. It is unsafe:
    /// other machines can no longer reach the port.
    ///
    /// ## References
    /// - Practice K15 (no host-wide exposure; the closest practice) and
    ///   X01 (compose ports).
    /// - dclint no-unbound-port-interfaces (which accepts `0.0.0.0`),
    ///   compose-lint CL-0005.
    pub struct PortPublishedOnAllInterfaces {
        code: "DC040",
        name: "port-published-on-all-interfaces",
        summary: "Port is published on every host interface",
        severity: Info,
        category: Security,
        practices: ["K15", "X01"],
        peers: [Dclint "no-unbound-port-interfaces", ComposeLint "CL-0005"],
        fix: Sometimes,
        default: true,
    }
}

/// `:` outside `${...}` in a template.
fn top_level_colons(text: &str) -> usize {
    let Ok(t) = interpolation::parse(text) else {
        return usize::MAX;
    };
    t.segments
        .iter()
        .filter_map(|s| match s {
            interpolation::Segment::Literal(r) => text.get(r.clone()),
            _ => None,
        })
        .map(|l| l.matches(':').count())
        .sum()
}

impl Rule for PortPublishedOnAllInterfaces {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for p in &s.ports {
            let (target, edit) = match &p.spec {
                PortSpec::Mapping(m) => {
                    if !m.binds_all_interfaces() {
                        continue;
                    }
                    let edit = (!p.long).then(|| {
                        let proto = if m.protocol == "tcp" {
                            String::new()
                        } else {
                            format!("/{}", m.protocol)
                        };
                        let host = m.published.map(|r| r.to_string()).unwrap_or_default();
                        Edit::replace(
                            cx.yaml.node(p.node).span,
                            format!("\"127.0.0.1:{host}:{}{proto}\"", m.target),
                        )
                    });
                    (Some(m.target.start), edit)
                }
                PortSpec::Interpolated if !p.long => {
                    // `${PORT:-8080}:80`: no address field whatever the value.
                    let Some(text) = cx.yaml.str(p.node) else {
                        continue;
                    };
                    if top_level_colons(text) > 1 {
                        continue;
                    }
                    let target = text
                        .rsplit(':')
                        .next()
                        .and_then(|t| t.split('/').next())
                        .and_then(|t| t.parse::<u16>().ok());
                    (target, None)
                }
                _ => continue,
            };
            let database = target.is_some_and(|t| DATABASE_PORTS.contains(&t));
            let text = cx.yaml.str(p.node).map_or_else(
                || target.map_or_else(String::new, |t| t.to_string()),
                ToString::to_string,
            );
            let shown = if p.long {
                format!(
                    "container port {}",
                    target.map_or_else(|| "?".to_string(), |t| t.to_string())
                )
            } else {
                format!("`{text}`")
            };
            out.add(
                cx.span(p.node),
                format!("{} publishes {shown} on every host interface", s.display()),
            )
            .help("bind it to an address: `127.0.0.1:HOST:CONTAINER` (or `host_ip` in the long syntax)")
            .severity(if database { Severity::Warning } else { Severity::Info })
            .fix_opt(edit.map(|e| Fix::unsafe_("Bind to 127.0.0.1", vec![e])));
        }
    }
}
