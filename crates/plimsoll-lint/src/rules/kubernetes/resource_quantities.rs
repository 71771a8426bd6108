//! K8S005 and K8S006: the quantities of `resources.requests` and
//! `resources.limits`, on containers and on the pod (`spec.resources`).

use super::prelude::*;
use crate::k8s::quantity;
use plimsoll_diagnostics::Severity;

/// A `resources` mapping and whose it is (`None`: the pod's own).
struct Block<'w> {
    container: Option<&'w Container>,
    resources: NodeId,
}

fn blocks<'w>(yaml: &YamlFile, w: &'w Workload) -> Vec<Block<'w>> {
    let mut out = Vec::new();
    if let Some(r) = yaml
        .get(w.spec, "resources")
        .filter(|n| yaml.is_mapping(*n))
    {
        out.push(Block {
            container: None,
            resources: r,
        });
    }
    for c in &w.containers {
        if let Some(r) = c.get(yaml, "resources").filter(|n| yaml.is_mapping(*n)) {
            out.push(Block {
                container: Some(c),
                resources: r,
            });
        }
    }
    out
}

fn owner(block: &Block<'_>, o: &Object) -> String {
    match block.container {
        Some(c) => format!("{} of {}", c.display(), o.display()),
        None => format!("the pod of {}", o.display()),
    }
}

/// `CPU`, `memory`, or the resource name as written.
fn resource_label(name: &str) -> String {
    match name {
        "cpu" => "CPU".into(),
        "memory" => "memory".into(),
        other => format!("`{other}`"),
    }
}

/// Resources measured in bytes.
fn is_bytes(name: &str) -> bool {
    matches!(name, "memory" | "ephemeral-storage") || name.starts_with("hugepages-")
}

/// Whether requests may be below limits: native resources except huge
/// pages. Extended resources (`nvidia.com/gpu`) and huge pages need equal
/// requests and limits.
fn overcommit_allowed(name: &str) -> bool {
    let native = !name.contains('/') || name.contains("kubernetes.io/");
    native && !name.starts_with("hugepages-")
}

/// The scalar text of a quantity value, unless templated, null or not a scalar.
fn quantity_text(yaml: &YamlFile, node: NodeId) -> Option<&str> {
    if yaml.is_null(node) {
        return None;
    }
    yaml.str(node).filter(|t| !helpers::is_templated(t))
}

/// Whether two parsed quantities are equal, forgiving float rounding
/// (`0.1` and `100m`).
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= a.abs().max(b.abs()) * 1e-9
}

declare_rule! {
    /// ## What it does
    /// Reports a container (init, sidecar and main containers, and the
    /// pod-level `spec.resources`) whose `resources.requests` value for a
    /// resource is greater than its `resources.limits` value: CPU, memory,
    /// `ephemeral-storage`, huge pages or an extended resource. For
    /// resources that cannot be overcommitted (huge pages and extended
    /// resources such as `nvidia.com/gpu`) it also reports a request that
    /// differs from its limit, or that has no limit at all. Quantities are
    /// compared by value (`1Gi` is `1024Mi`); templated and invalid values
    /// (K8S006) are skipped.
    ///
    /// ## Why is this bad?
    /// The API server rejects the pod: a container cannot be guaranteed more
    /// than it is allowed to use. For a Deployment the object is accepted
    /// but its ReplicaSet cannot create a single pod, and the rollout
    /// silently stalls.
    ///
    /// ## Example
    /// ```yaml
    /// resources:
    ///   requests: {cpu: "2", memory: 1Gi}
    ///   limits: {cpu: "1", memory: 512Mi}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// resources:
    ///   requests: {cpu: 500m, memory: 512Mi}
    ///   limits: {cpu: "1", memory: 512Mi}
    /// ```
    ///
    /// ## References
    /// - Practice K01 (requests and limits on every container).
    pub struct RequestExceedsLimit {
        code: "K8S005",
        name: "request-exceeds-limit",
        summary: "Container requests more of a resource than its limit",
        severity: Error,
        category: Correctness,
        practices: ["K01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for RequestExceedsLimit {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        for block in blocks(yaml, w) {
            let Some(requests) = yaml.get(block.resources, "requests") else {
                continue;
            };
            let limits = yaml.get(block.resources, "limits");
            for (key, value) in yaml.entries(requests) {
                let Some(name) = yaml.str(key) else { continue };
                let Some(req_text) = quantity_text(yaml, value) else {
                    continue;
                };
                let Some(req) = quantity::parse(req_text) else {
                    continue;
                };
                let limit = limits.and_then(|l| yaml.get(l, name));
                let strict = !overcommit_allowed(name);
                let Some(limit) = limit else {
                    if strict && req > 0.0 && !helpers::is_templated(name) {
                        out.add(
                            cx.span(value),
                            format!(
                                "{} requests {} without a limit; huge pages and extended resources need a limit equal to the request",
                                owner(&block, o),
                                resource_label(name)
                            ),
                        )
                        .help(format!("set `limits.{name}` to `{req_text}`"));
                    }
                    continue;
                };
                let Some(lim_text) = quantity_text(yaml, limit) else {
                    continue;
                };
                let Some(lim) = quantity::parse(lim_text) else {
                    continue;
                };
                let message = if strict && !same(req, lim) {
                    format!(
                        "{} requests `{req_text}` of {} but limits it to `{lim_text}`; huge pages and extended resources need equal requests and limits",
                        owner(&block, o),
                        resource_label(name)
                    )
                } else if req > lim && !same(req, lim) {
                    format!(
                        "{} requests more {} than its limit (`{req_text}` > `{lim_text}`)",
                        owner(&block, o),
                        resource_label(name)
                    )
                } else {
                    continue;
                };
                out.add(cx.span(value), message)
                    .related(cx.span(limit), "the limit")
                    .help(if strict {
                        "make the request equal to the limit"
                    } else {
                        "lower the request or raise the limit; the API server rejects a request above its limit"
                    });
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports values of `resources.requests` and `resources.limits` (on
    /// every container, and on the pod's `spec.resources`) that are not
    /// Kubernetes quantities, such as `512MB`, `1.5 Gi`, `100mi` or `1K`
    /// (suffixes are case-sensitive, take no `B`, and follow the number
    /// without a space), and negative values. These are errors.
    ///
    /// It also warns about a memory, ephemeral-storage or huge-page
    /// quantity with the `m` (thousandths) suffix: `500m` of memory is half
    /// a byte, almost certainly a mistake for `500Mi`. Templated values are
    /// skipped.
    ///
    /// ## Why is this bad?
    /// The API server rejects an object with an invalid quantity, so the
    /// workload is not deployed at all. A memory value in thousandths of a
    /// byte is accepted and rounded up to one byte: a limit of `512m`
    /// kills the container as soon as it starts.
    ///
    /// ## Example
    /// ```yaml
    /// resources:
    ///   requests: {cpu: 250m, memory: 512MB}
    ///   limits: {memory: 512m}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// resources:
    ///   requests: {cpu: 250m, memory: 512Mi}
    ///   limits: {memory: 512Mi}
    /// ```
    ///
    /// ## References
    /// - Practice K01 (requests and limits on every container).
    pub struct InvalidResourceQuantity {
        code: "K8S006",
        name: "invalid-resource-quantity",
        summary: "Resource request or limit is not a valid quantity",
        severity: Error,
        category: Correctness,
        practices: ["K01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidResourceQuantity {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        for block in blocks(yaml, w) {
            for field in ["requests", "limits"] {
                let Some(map) = yaml.get(block.resources, field) else {
                    continue;
                };
                for (key, value) in yaml.entries(map) {
                    let Some(name) = yaml.str(key) else { continue };
                    let Some(text) = quantity_text(yaml, value) else {
                        continue;
                    };
                    check_quantity(cx, o, &block, field, name, text, value, out);
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_quantity(
    cx: &K8sContext<'_>,
    o: &Object,
    block: &Block<'_>,
    field: &str,
    name: &str,
    text: &str,
    node: NodeId,
    out: &mut Diagnostics<'_>,
) {
    let what = format!("`{field}.{name}` of {}", owner(block, o));
    match quantity::parse(text) {
        None => {
            let help = match suggest(name, text) {
                Some(s) => format!("write {s}"),
                None => "write a number with an optional case-sensitive suffix: `250m` or `0.5` for CPU, `128Mi` or `128M` for bytes".into(),
            };
            out.add(
                cx.span(node),
                format!("{what} is `{text}`, which is not a valid quantity"),
            )
            .help(help);
        }
        Some(q) if q < 0.0 => {
            out.add(cx.span(node), format!("{what} is negative (`{text}`)"))
                .help("requests and limits must be zero or more");
        }
        Some(q) if q > 0.0 && is_bytes(name) && text.trim_end().ends_with(['m', 'u', 'n']) => {
            let number = text.trim().trim_end_matches(['m', 'u', 'n']);
            out.add(
                cx.span(node),
                format!(
                    "{what} is `{text}`, which is {} byte{} (`{}` means thousandths)",
                    format_bytes(q),
                    if (q - 1.0).abs() < f64::EPSILON { "" } else { "s" },
                    text.trim().chars().last().unwrap_or('m')
                ),
            )
            .severity(Severity::Warning)
            .help(format!(
                "did you mean `{number}Mi`? Byte quantities take `Ki`, `Mi`, `Gi` (or `k`, `M`, `G`)"
            ));
        }
        Some(_) => {}
    }
}

/// `0.5`, `0.001`, `2`: a small number of bytes, without float noise.
fn format_bytes(q: f64) -> String {
    let s = format!("{q:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A corrected spelling of an invalid quantity, as backquoted alternatives.
fn suggest(resource: &str, text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact != text && quantity::parse(&compact).is_some() {
        return Some(format!("`{compact}`"));
    }
    let split = compact
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(compact.len());
    let (number, suffix) = compact.split_at(split);
    if number.is_empty() || number.parse::<f64>().is_err() {
        return None;
    }
    let lower = suffix.to_ascii_lowercase();
    if resource == "cpu" {
        return matches!(
            lower.as_str(),
            "mi" | "mc" | "milli" | "millicores" | "mcpu"
        )
        .then(|| format!("`{number}m`"));
    }
    let (base, bytes_suffix) = match lower.strip_suffix('b') {
        Some(b) => (b.to_string(), true),
        None => (lower.clone(), false),
    };
    let decimal = |c: &str| match c {
        "k" => Some("k"),
        "m" => Some("M"),
        "g" => Some("G"),
        "t" => Some("T"),
        "p" => Some("P"),
        "e" => Some("E"),
        _ => None,
    };
    match base.as_str() {
        "" if bytes_suffix => Some(format!("`{number}` (bytes)")),
        "ki" | "mi" | "gi" | "ti" | "pi" | "ei" => {
            let mut chars = base.chars();
            let first = chars.next()?.to_ascii_uppercase();
            Some(format!("`{number}{first}i`"))
        }
        b if (bytes_suffix || b == "k") && decimal(b).is_some() => {
            let d = decimal(b)?;
            let binary = d.to_ascii_uppercase();
            Some(format!(
                "`{number}{d}` (powers of 1000) or `{number}{binary}i` (powers of 1024)"
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggests_spellings() {
        assert_eq!(suggest("memory", "1.5 Gi").as_deref(), Some("`1.5Gi`"));
        assert_eq!(
            suggest("memory", "512MB").as_deref(),
            Some("`512M` (powers of 1000) or `512Mi` (powers of 1024)")
        );
        assert_eq!(suggest("memory", "100mi").as_deref(), Some("`100Mi`"));
        assert_eq!(suggest("cpu", "100mi").as_deref(), Some("`100m`"));
        assert_eq!(
            suggest("memory", "1K").as_deref(),
            Some("`1k` (powers of 1000) or `1Ki` (powers of 1024)")
        );
        assert_eq!(suggest("memory", "lots"), None);
    }
}
