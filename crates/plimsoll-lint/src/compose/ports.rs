//! Port mappings. The short syntax is split as go-connections'
//! `nat.ParsePortSpec` does, which Compose uses:
//! `[[HOST_IP:][HOST_PORT]:]CONTAINER_PORT[/PROTOCOL]`, where the last
//! `:` field is the container port, the one before it the host port, and
//! everything before that (colons included) the host IP, optionally in
//! brackets (`[::1]:80:80`, `::1:80:80`). Ports may be ranges (`a-b`); a
//! host range with a single container port means "one free port of the
//! range". The protocol is `tcp` (default), `udp` or `sctp`.

use std::net::IpAddr;

/// An inclusive range of ports (`start == end` for one port).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PortRange {
    pub start: u16,
    pub end: u16,
}

impl PortRange {
    pub fn single(port: u16) -> PortRange {
        PortRange {
            start: port,
            end: port,
        }
    }

    /// How many ports the range holds (at least one).
    #[allow(clippy::len_without_is_empty)]
    pub fn len(self) -> u32 {
        u32::from(self.end) - u32::from(self.start) + 1
    }

    pub fn is_single(self) -> bool {
        self.start == self.end
    }

    pub fn ports(self) -> impl Iterator<Item = u16> {
        self.start..=self.end
    }
}

impl std::fmt::Display for PortRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_single() {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}-{}", self.start, self.end)
        }
    }
}

/// One mapping, short or long syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortMapping {
    /// Brackets removed; `None` when not written (all interfaces).
    pub host_ip: Option<String>,
    /// `None`: not published on a chosen host port (ephemeral host port).
    pub published: Option<PortRange>,
    pub target: PortRange,
    /// Lower case.
    pub protocol: String,
}

impl PortMapping {
    /// The fixed host ports this mapping takes: none for an ephemeral port
    /// or a host range serving one container port (Compose picks one free
    /// port of the range).
    pub fn fixed_host_ports(&self) -> Vec<u16> {
        match self.published {
            Some(p) if p.len() == self.target.len() => p.ports().collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the mapping listens on every interface of the host.
    pub fn binds_all_interfaces(&self) -> bool {
        self.host_ip.as_deref().is_none_or(is_unspecified_ip)
    }
}

/// `0.0.0.0`, `::` and friends: every interface.
pub fn is_unspecified_ip(ip: &str) -> bool {
    let ip = ip.trim_start_matches('[').trim_end_matches(']');
    ip.is_empty()
        || ip == "*"
        || ip.parse::<IpAddr>().is_ok_and(|a| match a {
            IpAddr::V4(v4) => v4.is_unspecified(),
            IpAddr::V6(v6) => {
                v6.is_unspecified() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_unspecified())
            }
        })
}

/// Why a mapping is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
}

fn err<T>(message: String) -> Result<T, Error> {
    Err(Error { message })
}

/// A port or range: `80`, `8000-8010` (Go's 16-bit `ParseUint`).
pub fn parse_range(text: &str) -> Option<PortRange> {
    let port = |s: &str| -> Option<u16> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    match text.split_once('-') {
        None => port(text).map(PortRange::single),
        Some((a, b)) => {
            let (start, end) = (port(a)?, port(b)?);
            (start <= end).then_some(PortRange { start, end })
        }
    }
}

fn valid_protocol(p: &str) -> bool {
    matches!(p, "tcp" | "udp" | "sctp")
}

/// Parses the short syntax.
pub fn parse_short(text: &str) -> Result<PortMapping, Error> {
    let parts: Vec<&str> = text.split(':').collect();
    let n = parts.len();
    let container = parts[n - 1];
    let (ip, host) = match n {
        1 => ("", ""),
        2 => ("", parts[0]),
        3 => (parts[0], parts[1]),
        _ => (
            &text[..text.len() - container.len() - parts[n - 2].len() - 2],
            parts[n - 2],
        ),
    };
    // `80/udp`; an empty protocol after the slash means tcp.
    let (container, protocol) = match container.split_once('/') {
        Some((port, proto)) if !proto.is_empty() => (port, proto.to_ascii_lowercase()),
        Some((port, _)) => (port, "tcp".to_string()),
        None => (container, "tcp".to_string()),
    };
    let host_ip = if ip.is_empty() {
        None
    } else {
        let bare = match ip.strip_prefix('[') {
            Some(inner) => match inner.strip_suffix(']') {
                Some(b) => b,
                None => return err(format!("`{ip}` is not an IP address (unclosed `[`)")),
            },
            None => ip,
        };
        if bare.parse::<IpAddr>().is_err() {
            return err(format!("`{ip}` is not an IP address"));
        }
        Some(bare.to_string())
    };
    if container.is_empty() {
        return err(format!("`{text}` names no container port"));
    }
    let Some(target) = parse_range(container) else {
        return err(format!(
            "`{container}` is not a container port or range (1-65535)"
        ));
    };
    let published = if host.is_empty() {
        None
    } else {
        let Some(p) = parse_range(host) else {
            return err(format!("`{host}` is not a host port or range (0-65535)"));
        };
        Some(p)
    };
    if let Some(p) = published
        && p.len() != target.len()
        && !target.is_single()
    {
        return err(format!(
            "the host range `{p}` and the container range `{target}` differ in length"
        ));
    }
    if !valid_protocol(&protocol) {
        return err(format!("`{protocol}` is not a protocol (tcp, udp or sctp)"));
    }
    Ok(PortMapping {
        host_ip,
        published,
        target,
        protocol,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> PortMapping {
        parse_short(text).unwrap_or_else(|e| panic!("{text}: {}", e.message))
    }

    #[test]
    fn short_syntax_fields() {
        let p = m("3000");
        assert_eq!((p.host_ip, p.published, p.target.start), (None, None, 3000));
        let p = m("8080:80");
        assert_eq!(p.published, Some(PortRange::single(8080)));
        assert_eq!(p.fixed_host_ports(), [8080]);
        let p = m("127.0.0.1:8001:8001");
        assert_eq!(p.host_ip.as_deref(), Some("127.0.0.1"));
        assert!(!p.binds_all_interfaces());
        let p = m("127.0.0.1::80");
        assert_eq!(p.published, None);
        let p = m("::1:6000:6000");
        assert_eq!(p.host_ip.as_deref(), Some("::1"));
        let p = m("[::1]:6001:6001");
        assert_eq!(p.host_ip.as_deref(), Some("::1"));
        let p = m("6060:6060/udp");
        assert_eq!(p.protocol, "udp");
        let p = m("80/");
        assert_eq!(p.protocol, "tcp");
        let p = m("0.0.0.0:80:80");
        assert!(p.binds_all_interfaces());
    }

    #[test]
    fn ranges() {
        let p = m("9090-9091:8080-8081");
        assert_eq!(p.fixed_host_ports(), [9090, 9091]);
        let p = m("8000-9000:80");
        assert!(p.fixed_host_ports().is_empty());
        let p = m("3000-3005");
        assert_eq!(p.target.len(), 6);
        assert!(p.fixed_host_ports().is_empty());
        assert!(parse_short("9090-9092:8080-8081").is_err());
        assert!(parse_short("10-5").is_err());
    }

    #[test]
    fn invalid_mappings() {
        for text in [
            "",
            ":",
            "80:",
            "abc",
            "70000",
            "8080:80/http",
            "1.2.3:80:80",
            "[::1:80:80",
            "localhost:80:80",
            "80:80:80:80",
            "-1",
            "1-2-3",
        ] {
            assert!(parse_short(text).is_err(), "{text}");
        }
    }

    #[test]
    fn unspecified_addresses() {
        for ip in ["0.0.0.0", "::", "[::]", "::ffff:0.0.0.0", "*", ""] {
            assert!(is_unspecified_ip(ip), "{ip}");
        }
        assert!(!is_unspecified_ip("127.0.0.1"));
    }
}
