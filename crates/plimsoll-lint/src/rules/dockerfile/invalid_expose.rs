use super::prelude::*;

const PROTOCOLS: [&str; 3] = ["tcp", "udp", "sctp"];

/// What is wrong with one `EXPOSE` argument, if anything.
fn problem(arg: &str) -> Option<String> {
    if arg.contains('$') {
        return None;
    }
    if arg.matches(':').count() >= 1 {
        return Some(format!(
            "`{arg}` maps host to container ports; EXPOSE only declares container ports (publish with `docker run -p`)"
        ));
    }
    let (ports, proto) = match arg.split_once('/') {
        Some((p, proto)) => (p, Some(proto)),
        None => (arg, None),
    };
    if let Some(proto) = proto {
        if !PROTOCOLS.contains(&proto.to_ascii_lowercase().as_str()) {
            return Some(format!("`{proto}` is not a protocol: use tcp, udp or sctp"));
        }
        if proto.chars().any(|c| c.is_ascii_uppercase()) {
            return Some(format!("protocol `{proto}` must be lower case"));
        }
    }
    let (low, high) = ports.split_once('-').unwrap_or((ports, ports));
    let parse = |s: &str| s.parse::<u32>().ok().filter(|p| *p <= 65535);
    match (parse(low), parse(high)) {
        (Some(a), Some(b)) if a <= b => None,
        (Some(a), Some(b)) => Some(format!("port range `{a}-{b}` runs backwards")),
        _ => Some(format!("`{ports}` is not a port: ports are 0 to 65535")),
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `EXPOSE` arguments that are not valid ports: numbers above
    /// 65535, words, `host:container` mappings, unknown or upper-case
    /// protocols.
    ///
    /// ## Why is this bad?
    /// The build fails on an invalid port, and a `host:container` mapping in
    /// `EXPOSE` does not publish anything: publishing belongs to
    /// `docker run -p` or the orchestrator.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27-alpine
    /// EXPOSE 80800 8080:80 53/UDP
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27-alpine
    /// EXPOSE 8080 80 53/udp
    /// ```
    ///
    /// ## References
    /// - Practice D15 (valid ports).
    /// - hadolint DL3011, BuildKit ExposeInvalidFormat, BuildKit ExposeProtoCasing.
    pub struct InvalidExpose {
        code: "DF018",
        name: "invalid-expose",
        summary: "EXPOSE argument is not a valid port",
        severity: Error,
        category: Correctness,
        practices: ["D15"],
        peers: [Hadolint "DL3011", Buildkit "ExposeInvalidFormat", Buildkit "ExposeProtoCasing"],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidExpose {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let Body::Expose(ports) = &inst.effective().body else {
            return;
        };
        for port in ports {
            if let Some(message) = problem(&port.value) {
                out.add(port.span, message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn accepts_ports_ranges_protocols_and_variables() {
        for ok in [
            "80",
            "0",
            "65535",
            "8000-8010",
            "53/udp",
            "9/sctp",
            "$PORT",
            "${PORT}/tcp",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in [
            "65536", "http", "8080:80", "80/http", "80/TCP", "90-80", "-1",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}
