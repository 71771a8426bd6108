//! DC025, DC034 and DC048: `ports` and `expose` items are well formed and
//! read the same in every YAML parser.

use super::prelude::*;
use crate::compose::ports;
use plimsoll_syntax::yaml::{ScalarStyle, Yaml11Hazard, yaml11_hazard};

declare_rule! {
    /// ## What it does
    /// Reports a `ports` item Compose cannot parse: a host IP that is not
    /// an address, a port outside 0-65535 or not a number, an empty
    /// container port, host and container ranges of different lengths, a
    /// protocol other than `tcp`, `udp` and `sctp`, a long-syntax item
    /// without `target`; and an `expose` item that is not a port or range
    /// with an optional protocol. Items that read a variable are not
    /// judged.
    ///
    /// ## Why is this bad?
    /// Compose refuses the project ("invalid containerPort", "invalid IP
    /// address", "invalid proto"); a host name in place of an address
    /// (`localhost:8080:80`) is the usual slip.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - "localhost:8080:80"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// ports:
    ///   - "127.0.0.1:8080:80"
    /// ```
    ///
    /// ## References
    /// - Practice X01 (compose ports).
    /// - compose-lint and dclint have no equivalent check (dclint's schema
    ///   accepts any string).
    pub struct InvalidPortMapping {
        code: "DC025",
        name: "invalid-port-mapping",
        summary: "Port mapping is not one Compose can parse",
        severity: Error,
        category: Correctness,
        practices: ["X01"],
        peers: [],
        fix: None,
        default: true,
    }
}

fn valid_expose(text: &str) -> bool {
    let (port, proto) = match text.split_once('/') {
        Some((p, proto)) => (p, proto.to_ascii_lowercase()),
        None => (text, "tcp".to_string()),
    };
    ports::parse_range(port).is_some() && matches!(proto.as_str(), "tcp" | "udp" | "sctp")
}

impl Rule for InvalidPortMapping {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for p in &s.ports {
            if let PortSpec::Invalid(e) = &p.spec {
                out.add(cx.span(p.node), format!("{}: invalid port mapping: {}", s.display(), e.message))
                    .help("write `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, e.g. `127.0.0.1:8080:80/tcp`");
            }
        }
        for &e in &s.expose {
            let Some(text) = cx.yaml.str(e) else { continue };
            if interpolation::is_interpolated(text) || valid_expose(text) {
                continue;
            }
            out.add(
                cx.span(e),
                format!("{}: `expose: {text}` is not a port or range", s.display()),
            )
            .help("write a container port (`8080`), a range (`8000-8010`) or `8080/udp`");
        }
    }
}

/// The `ports` and `expose` items of a service.
fn port_items(s: &Service) -> impl Iterator<Item = NodeId> + '_ {
    s.ports
        .iter()
        .filter(|p| !p.long)
        .map(|p| p.node)
        .chain(s.expose.iter().copied())
}

fn quoted(text: &str) -> String {
    format!("\"{text}\"")
}

declare_rule! {
    /// ## What it does
    /// Reports an unquoted `ports` or `expose` item that a YAML 1.1 parser
    /// reads as a base-60 number: `HOST:CONTAINER` where the container part
    /// has two digits below 60 (`22:22`, `3000:50`).
    ///
    /// ## Why is this bad?
    /// Docker Compose v2 (go-yaml) keeps `22:22` a string, but YAML 1.1
    /// parsers — docker-compose v1, PyYAML-based tools, many editors'
    /// plugins — read it as the number 1342, publishing the wrong port.
    /// The Compose Specification says to quote port mappings for this
    /// reason.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - 22:22
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// ports:
    ///   - "22:22"
    /// ```
    ///
    /// ## Fix safety
    /// The fix quotes the item. It is safe: Compose reads the same string.
    ///
    /// ## References
    /// - Practice X01 (compose ports).
    /// - dclint require-quotes-in-ports (which asks for quotes on every
    ///   item).
    pub struct UnquotedPortMapping {
        code: "DC034",
        name: "unquoted-port-mapping",
        summary: "Unquoted port mapping reads as a base-60 number in YAML 1.1",
        severity: Warning,
        category: Correctness,
        practices: ["X01"],
        peers: [Dclint "require-quotes-in-ports"],
        fix: Always,
        default: true,
    }
}

impl Rule for UnquotedPortMapping {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for node in port_items(s) {
            let NodeKind::Scalar {
                value,
                style: ScalarStyle::Plain,
            } = &cx.yaml.node(node).kind
            else {
                continue;
            };
            if yaml11_hazard(value) != Some(Yaml11Hazard::Sexagesimal) {
                continue;
            }
            #[allow(clippy::cast_possible_truncation)]
            let base60 = value.split(':').try_fold(0u64, |acc, p| {
                p.parse::<u64>()
                    .ok()
                    .map(|d| acc.saturating_mul(60).saturating_add(d))
            });
            let fix = Fix::safe(
                format!("Quote `{value}`"),
                vec![Edit::replace(cx.yaml.node(node).span, quoted(value))],
            );
            out.add(
                cx.span(node),
                format!(
                    "{}: `{value}` is read as the number {} by YAML 1.1 parsers",
                    s.display(),
                    base60.map_or_else(|| "?".to_string(), |n| n.to_string())
                ),
            )
            .help("quote port mappings: `\"HOST:CONTAINER\"`")
            .fix(fix);
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports any unquoted `ports` or `expose` item (`- 8080:80`,
    /// `- 3000`). Off by default: it is a style rule for teams that quote
    /// every port, as the Compose Specification recommends. DC034 reports
    /// the items that actually read differently.
    ///
    /// ## Why is this bad?
    /// Quoting every mapping keeps the YAML 1.1 base-60 trap (`22:22`)
    /// out of reach and makes ports read the same in every tool.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - 8080:80
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// ports:
    ///   - "8080:80"
    /// ```
    ///
    /// ## Fix safety
    /// The fix quotes the item. It is safe: Compose reads the same value.
    ///
    /// ## References
    /// - Practice X01 (compose ports).
    /// - dclint require-quotes-in-ports (which also wants single rather
    ///   than double quotes by default; plimsoll accepts both).
    pub struct PortNotQuoted {
        code: "DC048",
        name: "port-not-quoted",
        summary: "Port mapping is not quoted",
        severity: Info,
        category: BestPractice,
        practices: ["X01"],
        peers: [Dclint "require-quotes-in-ports"],
        fix: Always,
        default: false,
    }
}

impl Rule for PortNotQuoted {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for node in port_items(s) {
            let NodeKind::Scalar {
                value,
                style: ScalarStyle::Plain,
            } = &cx.yaml.node(node).kind
            else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            let fix = Fix::safe(
                format!("Quote `{value}`"),
                vec![Edit::replace(cx.yaml.node(node).span, quoted(value))],
            );
            out.add(
                cx.span(node),
                format!("{}: port `{value}` is not quoted", s.display()),
            )
            .help("quote port mappings")
            .fix(fix);
        }
    }
}
