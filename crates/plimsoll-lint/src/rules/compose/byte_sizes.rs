use super::prelude::*;
use crate::compose::size;
use crate::compose::typing::node_type;
use plimsoll_syntax::yaml::GoYamlType;

declare_rule! {
    /// ## What it does
    /// Reports a byte size Compose cannot read, in `mem_limit`,
    /// `mem_reservation`, `memswap_limit`, `shm_size`, `build.shm_size`,
    /// `deploy.resources.limits.memory` and `.reservations.memory`, the
    /// long volume syntax's `tmpfs.size`, and `blkio_config` rates. Compose
    /// accepts an integer (bytes) or a number with an optional suffix `b`,
    /// `k`, `m`, `g`, `t`, `p` (binary multiples, any case, optionally
    /// followed by `b` or `ib`); Kubernetes-style `512Mi` is rejected, and
    /// the `deploy.resources` memory fields must be strings. Values that
    /// read a variable are not judged.
    ///
    /// ## Why is this bad?
    /// Compose refuses the whole file ("invalid suffix", or a schema error
    /// for a number where a string is required), so no service starts.
    ///
    /// ## Example
    /// ```yaml
    /// deploy:
    ///   resources:
    ///     limits:
    ///       memory: 512Mi
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// deploy:
    ///   resources:
    ///     limits:
    ///       memory: 512m
    /// ```
    ///
    /// ## References
    /// - Practice C03 (resource limits and reservations).
    /// - compose-lint and dclint have no equivalent check.
    pub struct InvalidByteSize {
        code: "DC008",
        name: "invalid-byte-size",
        summary: "Byte size is not in a form Compose reads",
        severity: Error,
        category: Correctness,
        practices: ["C03"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// Every byte-size field of a service: (path for messages, node, whether
/// the schema wants a string).
fn size_fields(yaml: &YamlFile, s: &Service) -> Vec<(String, NodeId, bool)> {
    let mut out = Vec::new();
    for key in ["mem_limit", "mem_reservation", "memswap_limit", "shm_size"] {
        if let Some(n) = yaml.get(s.node, key) {
            out.push((key.to_string(), n, false));
        }
    }
    if let Some(b) = &s.build
        && let Some(n) = yaml.get(b.node, "shm_size")
    {
        out.push(("build.shm_size".into(), n, false));
    }
    if let Some(d) = &s.deploy {
        for kind in ["limits", "reservations"] {
            if let Some(n) = yaml.path(d.node, &["resources", kind, "memory"]) {
                out.push((format!("deploy.resources.{kind}.memory"), n, true));
            }
        }
    }
    for m in &s.volumes {
        if let Some(n) = yaml.path(m.node, &["tmpfs", "size"]) {
            out.push(("tmpfs.size".into(), n, false));
        }
    }
    if let Some(blkio) = yaml.get(s.node, "blkio_config") {
        for key in ["device_read_bps", "device_write_bps"] {
            for &item in yaml.get(blkio, key).map_or(&[][..], |l| yaml.items(l)) {
                if let Some(n) = yaml.get(item, "rate") {
                    out.push((format!("blkio_config.{key}.rate"), n, false));
                }
            }
        }
    }
    out
}

impl Rule for InvalidByteSize {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for (field, node, string_only) in size_fields(cx.yaml, s) {
            if cx.yaml.is_null(node) {
                continue;
            }
            let Some(text) = cx.yaml.str(node) else {
                out.add(
                    cx.span(node),
                    format!(
                        "{}: `{field}` must be a size, not a collection",
                        s.display()
                    ),
                );
                continue;
            };
            if interpolation::is_interpolated(text) {
                continue;
            }
            let message = match node_type(cx.yaml, node) {
                Some(GoYamlType::Int(_)) if string_only => Some(format!(
                    "`{field}: {text}` must be a string with a unit, such as `512m`"
                )),
                Some(GoYamlType::Int(_)) => None,
                Some(GoYamlType::Float(_) | GoYamlType::Bool(_)) => {
                    Some(format!("`{field}: {text}` is not a byte size"))
                }
                _ => size::parse(text)
                    .err()
                    .map(|e| format!("`{field}`: {}", e.message)),
            };
            if let Some(message) = message {
                out.add(cx.span(node), format!("{}: {message}", s.display()))
                    .help("write bytes as an integer, or a number with `b`, `k`, `m` or `g` (`512m`, `1g`)");
            }
        }
    }
}
