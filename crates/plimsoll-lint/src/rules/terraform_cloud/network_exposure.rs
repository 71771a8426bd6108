//! TF046 and TF047: firewall rules (AWS security groups, GCP firewalls,
//! Azure network security groups) that open administration or database
//! ports to the whole internet.

use super::prelude::*;
use super::support::{is_anywhere, is_world_cidr, item_span, strings};
use plimsoll_syntax::hcl::Body;

/// Ports whose services must never face the internet directly.
const ADMIN_PORTS: [(u32, &str); 11] = [
    (22, "SSH"),
    (23, "Telnet"),
    (3389, "RDP"),
    (5900, "VNC"),
    (5985, "WinRM"),
    (5986, "WinRM"),
    (2375, "Docker API"),
    (2376, "Docker API"),
    (2379, "etcd"),
    (2380, "etcd"),
    (10250, "kubelet"),
];

const DATABASE_PORTS: [(u32, &str); 10] = [
    (3306, "MySQL"),
    (5432, "PostgreSQL"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (27017, "MongoDB"),
    (6379, "Redis"),
    (9200, "Elasticsearch"),
    (11211, "Memcached"),
    (5984, "CouchDB"),
    (9042, "Cassandra"),
];

/// The ports a rule opens.
#[derive(Debug)]
enum Ports {
    All,
    Ranges(Vec<(u32, u32)>),
}

/// One rule that lets traffic in from anywhere.
struct OpenRule {
    /// The source that means "anywhere", where findings point.
    span: Span,
    source: String,
    ports: Ports,
    /// `an `ingress` block`, for messages.
    place: &'static str,
}

/// A known value of an attribute of a block body.
fn body_value(cx: &TerraformContext<'_>, body: &Body, key: &str) -> Option<Value> {
    let a = body.attr(key)?;
    let v = cx.eval(&a.value);
    (!v.has_unknown()).then_some(v)
}

/// The first "anywhere" source among the attributes `keys` of a body,
/// with its span (the list item when written literally).
fn open_source(
    cx: &TerraformContext<'_>,
    body: &Body,
    keys: &[&str],
    anywhere: fn(&str) -> bool,
) -> Option<(Span, String)> {
    for key in keys {
        let Some(a) = body.attr(key) else { continue };
        let v = cx.eval(&a.value);
        let found = match &v {
            Value::List(items) => items
                .iter()
                .filter_map(Value::as_str)
                .find(|s| anywhere(s))
                .map(str::to_string),
            Value::String(s) if anywhere(s) => Some(s.clone()),
            _ => None,
        };
        if let Some(cidr) = found {
            let attr: Attr<'_> = a.into();
            let via = support::shown_expr(cx, &a.value, &v);
            let source = if via.starts_with("`var.") || via.starts_with("`local.") {
                format!("`{cidr}` (through {via})")
            } else {
                format!("`{cidr}`")
            };
            return Some((item_span(cx, &attr, &cidr), source));
        }
    }
    None
}

fn number(v: &Value) -> Option<i64> {
    let n = v.as_number()?;
    // Ports are small integers; anything else is not a port.
    (n.fract() == 0.0 && (-1.0..=65535.0).contains(&n)).then(|| {
        #[allow(clippy::cast_possible_truncation)]
        let port = n as i64;
        port
    })
}

/// AWS: protocol and port range of a security group rule.
fn aws_ports(cx: &TerraformContext<'_>, body: &Body, protocol_key: &str) -> Option<Ports> {
    let protocol = body_value(cx, body, protocol_key)?
        .to_text()?
        .to_ascii_lowercase();
    match protocol.as_str() {
        "-1" | "all" => return Some(Ports::All),
        "tcp" | "6" | "udp" | "17" => {}
        _ => return Some(Ports::Ranges(Vec::new())),
    }
    let from = number(&body_value(cx, body, "from_port")?)?;
    let to = number(&body_value(cx, body, "to_port")?)?;
    if from <= 0 && to >= 65535 || (from == 0 && to == 0) {
        return Some(Ports::All);
    }
    let from = u32::try_from(from.max(0)).ok()?;
    let to = u32::try_from(to.max(0)).ok()?;
    Some(Ports::Ranges(vec![(from, to.max(from))]))
}

/// `"22"`, `"1000-2000"`, `"*"`.
fn parse_port_spec(spec: &str) -> Option<Ports> {
    let spec = spec.trim();
    if spec == "*" {
        return Some(Ports::All);
    }
    let (a, b) = spec.split_once('-').unwrap_or((spec, spec));
    let a: u32 = a.trim().parse().ok()?;
    let b: u32 = b.trim().parse().ok()?;
    if a == 0 && b >= 65535 {
        return Some(Ports::All);
    }
    Some(Ports::Ranges(vec![(a, b.max(a))]))
}

fn merge(specs: &[String]) -> Option<Ports> {
    let mut ranges = Vec::new();
    for s in specs {
        match parse_port_spec(s)? {
            Ports::All => return Some(Ports::All),
            Ports::Ranges(r) => ranges.extend(r),
        }
    }
    Some(Ports::Ranges(ranges))
}

/// Every rule of a resource that lets traffic in from anywhere.
fn open_rules(cx: &TerraformContext<'_>, r: &Resource<'_>) -> Vec<OpenRule> {
    let mut out = Vec::new();
    let aws_cidrs = ["cidr_blocks", "ipv6_cidr_blocks"];
    match r.kind {
        "aws_security_group" => {
            for b in r.blocks("ingress") {
                if let (Some((span, source)), Some(ports)) = (
                    open_source(cx, &b.body, &aws_cidrs, is_world_cidr),
                    aws_ports(cx, &b.body, "protocol"),
                ) {
                    out.push(OpenRule {
                        span,
                        source,
                        ports,
                        place: "an `ingress` block",
                    });
                }
            }
        }
        "aws_security_group_rule" => {
            let body = r.body();
            let ingress = body_value(cx, body, "type")
                .and_then(|v| v.as_str().map(|s| s.eq_ignore_ascii_case("ingress")))
                .unwrap_or(false);
            if ingress
                && let (Some((span, source)), Some(ports)) = (
                    open_source(cx, body, &aws_cidrs, is_world_cidr),
                    aws_ports(cx, body, "protocol"),
                )
            {
                out.push(OpenRule {
                    span,
                    source,
                    ports,
                    place: "the rule",
                });
            }
        }
        "aws_vpc_security_group_ingress_rule" => {
            let body = r.body();
            if let (Some((span, source)), Some(ports)) = (
                open_source(cx, body, &["cidr_ipv4", "cidr_ipv6"], is_world_cidr),
                aws_ports(cx, body, "ip_protocol"),
            ) {
                out.push(OpenRule {
                    span,
                    source,
                    ports,
                    place: "the rule",
                });
            }
        }
        "google_compute_firewall" => {
            let body = r.body();
            let ingress = body.attr("direction").is_none()
                || body_value(cx, body, "direction").is_some_and(|v| {
                    v.as_str()
                        .is_some_and(|d| d.eq_ignore_ascii_case("ingress"))
                });
            let disabled = body_value(cx, body, "disabled").and_then(|v| v.as_bool()) == Some(true);
            if !ingress || disabled {
                return out;
            }
            let Some((span, source)) = open_source(cx, body, &["source_ranges"], is_world_cidr)
            else {
                return out;
            };
            let mut ranges = Vec::new();
            for allow in r.blocks("allow") {
                let Some(protocol) =
                    body_value(cx, &allow.body, "protocol").and_then(|v| v.to_text())
                else {
                    return out;
                };
                match protocol.to_ascii_lowercase().as_str() {
                    "all" => {
                        out.push(OpenRule {
                            span,
                            source,
                            ports: Ports::All,
                            place: "the firewall",
                        });
                        return out;
                    }
                    "tcp" | "udp" | "sctp" | "6" | "17" | "132" => {}
                    _ => continue,
                }
                let ports = match allow.body.attr("ports") {
                    None => Some(Ports::All),
                    Some(_) => {
                        body_value(cx, &allow.body, "ports").and_then(|v| merge(&strings(&v)))
                    }
                };
                match ports {
                    None => return out,
                    Some(Ports::All) => {
                        out.push(OpenRule {
                            span,
                            source,
                            ports: Ports::All,
                            place: "the firewall",
                        });
                        return out;
                    }
                    Some(Ports::Ranges(r)) => ranges.extend(r),
                }
            }
            out.push(OpenRule {
                span,
                source,
                ports: Ports::Ranges(ranges),
                place: "the firewall",
            });
        }
        "azurerm_network_security_rule" => {
            if let Some(rule) = azure_rule(cx, r.body(), "the rule") {
                out.push(rule);
            }
        }
        "azurerm_network_security_group" => {
            for b in r.blocks("security_rule") {
                if let Some(rule) = azure_rule(cx, &b.body, "a `security_rule` block") {
                    out.push(rule);
                }
            }
        }
        _ => {}
    }
    out
}

fn azure_rule(cx: &TerraformContext<'_>, body: &Body, place: &'static str) -> Option<OpenRule> {
    let is = |key: &str, want: &str| {
        body_value(cx, body, key)
            .and_then(|v| v.as_str().map(|s| s.eq_ignore_ascii_case(want)))
            .unwrap_or(false)
    };
    if !is("direction", "Inbound") || !is("access", "Allow") {
        return None;
    }
    let protocol = body_value(cx, body, "protocol")?
        .to_text()?
        .to_ascii_lowercase();
    if !matches!(protocol.as_str(), "*" | "tcp" | "udp") {
        return None;
    }
    let (span, source) = open_source(
        cx,
        body,
        &["source_address_prefix", "source_address_prefixes"],
        is_anywhere,
    )?;
    let mut specs = Vec::new();
    if body.attr("destination_port_range").is_some() {
        specs.extend(strings(&body_value(cx, body, "destination_port_range")?));
    }
    if body.attr("destination_port_ranges").is_some() {
        specs.extend(strings(&body_value(cx, body, "destination_port_ranges")?));
    }
    let ports = merge(&specs)?;
    Some(OpenRule {
        span,
        source,
        ports,
        place,
    })
}

/// The services of `table` a rule opens.
fn services(ports: &Ports, table: &[(u32, &'static str)]) -> Vec<String> {
    let Ports::Ranges(ranges) = ports else {
        return Vec::new();
    };
    table
        .iter()
        .filter(|(p, _)| ranges.iter().any(|(a, b)| a <= p && p <= b))
        .map(|(p, name)| format!("{name} ({p})"))
        .collect()
}

declare_rule! {
    /// ## What it does
    /// Reports firewall rules that let traffic in from anywhere
    /// (`0.0.0.0/0`, `::/0`; for Azure also `*`, `Internet`, `Any`) to an
    /// administration port (SSH 22, Telnet 23, RDP 3389, VNC 5900, WinRM
    /// 5985-5986, Docker API 2375-2376, etcd 2379-2380, kubelet 10250) or
    /// to every port: inline `ingress` blocks of `aws_security_group`,
    /// `aws_security_group_rule` of type `ingress`,
    /// `aws_vpc_security_group_ingress_rule`, ingress
    /// `google_compute_firewall` `allow` rules, and inbound `Allow` rules
    /// of `azurerm_network_security_rule` or an
    /// `azurerm_network_security_group`'s `security_rule` blocks. Sources
    /// from a variable's default are judged; unknown sources and ports are
    /// not. Egress and deny rules are never reported.
    ///
    /// ## Why is this bad?
    /// Administration services are scanned from the whole internet within
    /// minutes of appearing and brute-forced or exploited (RDP and SSH
    /// credential stuffing, unauthenticated Docker APIs, kubelets). Reach
    /// them through a bastion, a VPN, SSM Session Manager or IAP with a
    /// source restricted to known networks.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_security_group_rule" "ssh" {
    ///   type              = "ingress"
    ///   from_port         = 22
    ///   to_port           = 22
    ///   protocol          = "tcp"
    ///   cidr_blocks       = ["0.0.0.0/0"]
    ///   security_group_id = aws_security_group.bastion.id
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_security_group_rule" "ssh" {
    ///   type              = "ingress"
    ///   from_port         = 22
    ///   to_port           = 22
    ///   protocol          = "tcp"
    ///   cidr_blocks       = [var.admin_cidr]
    ///   security_group_id = aws_security_group.bastion.id
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T08 (restricted network exposure of clusters and their
    ///   hosts).
    /// - checkov CKV_AWS_24, CKV_AWS_25, CKV_AWS_277, CKV_GCP_2, CKV_GCP_3,
    ///   CKV_AZURE_9, CKV_AZURE_10; Trivy AVD-AWS-0107, AVD-GCP-0027,
    ///   AVD-AZU-0047, AVD-AZU-0048, AVD-AZU-0050.
    pub struct AdminPortOpenToInternet {
        code: "TF046",
        name: "admin-port-open-to-internet",
        summary: "Firewall rule opening an administration port or every port to the internet",
        severity: Error,
        category: Security,
        practices: ["T08"],
        peers: [
            Checkov "CKV_AWS_24", Checkov "CKV_AWS_25", Checkov "CKV_AWS_277",
            Checkov "CKV_GCP_2", Checkov "CKV_GCP_3", Checkov "CKV_AZURE_9",
            Checkov "CKV_AZURE_10", Trivy "AVD-AWS-0107", Trivy "AVD-GCP-0027",
            Trivy "AVD-AZU-0047", Trivy "AVD-AZU-0048", Trivy "AVD-AZU-0050",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for AdminPortOpenToInternet {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        for rule in open_rules(cx, r) {
            let what = match &rule.ports {
                Ports::All => "every port".to_string(),
                ports @ Ports::Ranges(_) => {
                    let s = services(ports, &ADMIN_PORTS);
                    if s.is_empty() {
                        continue;
                    }
                    s.join(", ")
                }
            };
            out.add(
                rule.span,
                format!(
                    "{} opens {what} to {} in {}",
                    subject(r),
                    rule.source,
                    rule.place
                ),
            )
            .help("restrict the source to known networks, or reach hosts through a bastion, VPN or session manager");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports firewall rules (the same resources as
    /// `admin-port-open-to-internet`) that let traffic in from anywhere to a
    /// database or cache port: MySQL 3306, PostgreSQL 5432, SQL Server 1433,
    /// Oracle 1521, MongoDB 27017, Redis 6379, Elasticsearch 9200,
    /// Memcached 11211, CouchDB 5984, Cassandra 9042. Rules opening every
    /// port or an administration port too are left to
    /// `admin-port-open-to-internet`.
    ///
    /// ## Why is this bad?
    /// Databases exposed to the internet are found by scanners and
    /// attacked with default credentials, brute force and known exploits;
    /// Redis, Memcached, MongoDB and Elasticsearch have a long history of
    /// unauthenticated public instances being wiped or ransomed.
    /// Applications reach databases inside the network.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_security_group" "db" {
    ///   ingress {
    ///     from_port   = 5432
    ///     to_port     = 5432
    ///     protocol    = "tcp"
    ///     cidr_blocks = ["0.0.0.0/0"]
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_security_group" "db" {
    ///   ingress {
    ///     from_port       = 5432
    ///     to_port         = 5432
    ///     protocol        = "tcp"
    ///     security_groups = [aws_security_group.app.id]
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: databases are not public).
    /// - checkov CKV_GCP_88; Trivy AVD-AWS-0107 (any port), AVD-GCP-0027.
    pub struct DatabasePortOpenToInternet {
        code: "TF047",
        name: "database-port-open-to-internet",
        summary: "Firewall rule opening a database port to the internet",
        severity: Error,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_GCP_88", Trivy "AVD-AWS-0107", Trivy "AVD-GCP-0027"],
        fix: None,
        default: true,
    }
}

impl Rule for DatabasePortOpenToInternet {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        for rule in open_rules(cx, r) {
            if matches!(rule.ports, Ports::All) || !services(&rule.ports, &ADMIN_PORTS).is_empty() {
                continue;
            }
            let s = services(&rule.ports, &DATABASE_PORTS);
            if s.is_empty() {
                continue;
            }
            out.add(
                rule.span,
                format!(
                    "{} opens {} to {} in {}",
                    subject(r),
                    s.join(", "),
                    rule.source,
                    rule.place
                ),
            )
            .help("allow the database port only from the application's security group or subnets");
        }
    }
}
