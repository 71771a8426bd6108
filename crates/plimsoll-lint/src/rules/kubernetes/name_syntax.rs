//! K8S078 and K8S079: label keys and values, annotation keys and object
//! names must have the syntax the API server validates.

use super::network_policy_support::is_network_policy;
use super::prelude::*;

fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn is_lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// A DNS-1123 label: at most 63 lowercase alphanumerics or `-`, starting
/// and ending with an alphanumeric.
fn dns1123_label(s: &str) -> Result<(), String> {
    if s.len() > 63 {
        return Err(format!("it is {} characters long, over 63", s.len()));
    }
    if !s.chars().all(|c| is_lower_alnum(c) || c == '-') {
        return Err("only lowercase letters, digits and `-` are allowed".into());
    }
    if !s.starts_with(is_lower_alnum) || !s.ends_with(is_lower_alnum) {
        return Err("it must start and end with a lowercase letter or digit".into());
    }
    Ok(())
}

/// A DNS-1035 label: a DNS-1123 label that starts with a letter.
fn dns1035_label(s: &str) -> Result<(), String> {
    dns1123_label(s)?;
    if !s.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err("it must start with a lowercase letter".into());
    }
    Ok(())
}

/// A DNS-1123 subdomain: at most 253 characters, dot-separated DNS labels.
fn dns1123_subdomain(s: &str) -> Result<(), String> {
    if s.len() > 253 {
        return Err(format!("it is {} characters long, over 253", s.len()));
    }
    if !s.chars().all(|c| is_lower_alnum(c) || c == '-' || c == '.') {
        return Err("only lowercase letters, digits, `-` and `.` are allowed".into());
    }
    if s.split('.')
        .any(|part| !part.starts_with(is_lower_alnum) || !part.ends_with(is_lower_alnum))
    {
        return Err(
            "it must start and end with a lowercase letter or digit, also around each `.`".into(),
        );
    }
    Ok(())
}

/// The name part of a label key, or a label value (then possibly empty):
/// at most 63 alphanumerics, `-`, `_` or `.`, starting and ending with an
/// alphanumeric.
fn label_name(s: &str) -> Result<(), String> {
    if s.len() > 63 {
        return Err(format!("it is {} characters long, over 63", s.len()));
    }
    if !s
        .chars()
        .all(|c| is_alnum(c) || matches!(c, '-' | '_' | '.'))
    {
        return Err("only letters, digits, `-`, `_` and `.` are allowed".into());
    }
    if !s.starts_with(is_alnum) || !s.ends_with(is_alnum) {
        return Err("it must start and end with a letter or digit".into());
    }
    Ok(())
}

/// A label or annotation key: `[prefix/]name`.
fn label_key(s: &str) -> Result<(), String> {
    let (prefix, name) = match s.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, s),
    };
    if name.contains('/') {
        return Err("it may contain only one `/`".into());
    }
    if let Some(prefix) = prefix {
        if prefix.is_empty() {
            return Err("the prefix before `/` is empty".into());
        }
        dns1123_subdomain(prefix).map_err(|e| format!("prefix `{prefix}`: {e}"))?;
    }
    if name.is_empty() {
        return Err("the name is empty".into());
    }
    label_name(name).map_err(|e| {
        if prefix.is_some() {
            format!("name `{name}`: {e}")
        } else {
            e
        }
    })
}

fn label_value(s: &str) -> Result<(), String> {
    if s.is_empty() { Ok(()) } else { label_name(s) }
}

declare_rule! {
    /// ## What it does
    /// Reports label keys and values, and annotation keys, that the API
    /// server rejects:
    /// - a key is an optional prefix (a DNS subdomain of at most 253
    ///   characters: lowercase letters, digits, `-`, `.`) and `/`, then a
    ///   name of at most 63 letters, digits, `-`, `_` and `.`, starting and
    ///   ending with a letter or digit;
    /// - a value is empty, or at most 63 characters of the same set,
    ///   starting and ending with a letter or digit.
    ///
    /// Checked: `metadata.labels` and `metadata.annotations` keys of every
    /// object, the labels and annotation keys of pod templates, controller
    /// selectors (`matchLabels`, `matchExpressions` keys and values),
    /// Service selectors, and the pod and namespace selectors of
    /// NetworkPolicies and PodDisruptionBudgets. Annotation values are free
    /// text and not checked. Templated keys and values are skipped.
    ///
    /// ## Why is this bad?
    /// `kubectl apply` fails with `metadata.labels: Invalid value`, and in a
    /// pod template the controller cannot create its pods. Values copied
    /// from version strings (`1.2.3+build`), paths or sentences are the
    /// usual culprits.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   labels:
    ///     app.kubernetes.io/version: 1.2.3+build.7
    ///     team name: payments
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   labels:
    ///     app.kubernetes.io/version: 1.2.3-build.7
    ///     team-name: payments
    /// ```
    ///
    /// ## References
    /// - Practice K17 (labels).
    /// - kube-score label-values.
    pub struct InvalidLabel {
        code: "K8S078",
        name: "invalid-label",
        summary: "Label key or value, or annotation key, has invalid syntax",
        severity: Error,
        category: Correctness,
        practices: ["K17"],
        peers: [KubeScore "label-values"],
        fix: None,
        default: true,
    }
}

/// Where labels are written, for messages.
struct Place<'a> {
    object: &'a Object,
    what: &'static str,
}

impl InvalidLabel {
    fn check_key(
        cx: &K8sContext<'_>,
        place: &Place<'_>,
        node: NodeId,
        kind: &str,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(key) = cx.yaml.str(node) else { return };
        if helpers::is_templated(key) {
            return;
        }
        if let Err(reason) = label_key(key) {
            out.add(
                cx.span(node),
                format!(
                    "{kind} key `{key}` in {} of {} is invalid: {reason}",
                    place.what,
                    place.object.display()
                ),
            )
            .help("use `prefix/name` with a DNS-subdomain prefix and a name of letters, digits, `-`, `_` and `.`");
        }
    }

    fn check_value(
        cx: &K8sContext<'_>,
        place: &Place<'_>,
        node: NodeId,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        if yaml.is_null(node) {
            return;
        }
        let Some(value) = yaml.str(node) else { return };
        if helpers::is_templated(value) {
            return;
        }
        if let Err(reason) = label_value(value) {
            out.add(
                cx.span(node),
                format!(
                    "label value `{value}` in {} of {} is invalid: {reason}",
                    place.what,
                    place.object.display()
                ),
            )
            .help("use at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit");
        }
    }

    /// A `key: value` label map.
    fn check_map(cx: &K8sContext<'_>, place: &Place<'_>, map: NodeId, out: &mut Diagnostics<'_>) {
        for (k, v) in cx.yaml.entries(map) {
            Self::check_key(cx, place, k, "label", out);
            Self::check_value(cx, place, v, out);
        }
    }

    /// A `LabelSelector` (`matchLabels`, `matchExpressions`).
    fn check_selector(
        cx: &K8sContext<'_>,
        place: &Place<'_>,
        node: NodeId,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        if let Some(map) = yaml.get(node, "matchLabels") {
            Self::check_map(cx, place, map, out);
        }
        if let Some(list) = yaml.get(node, "matchExpressions") {
            for &e in yaml.items(list) {
                if let Some(k) = yaml.get(e, "key") {
                    Self::check_key(cx, place, k, "label", out);
                }
                if let Some(values) = yaml.get(e, "values") {
                    for &v in yaml.items(values) {
                        Self::check_value(cx, place, v, out);
                    }
                }
            }
        }
    }
}

impl Rule for InvalidLabel {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if o.is_kustomization() {
            return;
        }
        let yaml = cx.yaml;
        let place = |what| Place { object: o, what };
        if let Some(m) = o.metadata {
            if let Some(labels) = yaml.get(m, "labels") {
                Self::check_map(cx, &place("the labels"), labels, out);
            }
            if let Some(annotations) = yaml.get(m, "annotations") {
                for (k, _) in yaml.entries(annotations) {
                    Self::check_key(cx, &place("the annotations"), k, "annotation", out);
                }
            }
        }
        if let Some(w) = &o.workload {
            if w.template.is_some()
                && let Some(m) = w.template_metadata
            {
                if let Some(labels) = yaml.get(m, "labels") {
                    Self::check_map(cx, &place("the pod template's labels"), labels, out);
                }
                if let Some(annotations) = yaml.get(m, "annotations") {
                    for (k, _) in yaml.entries(annotations) {
                        Self::check_key(
                            cx,
                            &place("the pod template's annotations"),
                            k,
                            "annotation",
                            out,
                        );
                    }
                }
            }
            if let Some(node) = w.selector_node {
                if w.kind == WorkloadKind::ReplicationController {
                    Self::check_map(cx, &place("the selector"), node, out);
                } else {
                    Self::check_selector(cx, &place("the selector"), node, out);
                }
            }
            return;
        }
        let Some(spec) = o.spec(yaml) else { return };
        if o.is("", "Service") {
            if let Some(selector) = yaml.get(spec, "selector") {
                Self::check_map(cx, &place("the selector"), selector, out);
            }
        } else if o.kind == "PodDisruptionBudget" && o.group() == "policy" {
            if let Some(selector) = yaml.get(spec, "selector") {
                Self::check_selector(cx, &place("the selector"), selector, out);
            }
        } else if is_network_policy(o) {
            if let Some(selector) = yaml.get(spec, "podSelector") {
                Self::check_selector(cx, &place("the pod selector"), selector, out);
            }
            for (field, peers) in [("ingress", "from"), ("egress", "to")] {
                for &rule in yaml.get(spec, field).map_or(&[][..], |r| yaml.items(r)) {
                    for &peer in yaml.get(rule, peers).map_or(&[][..], |p| yaml.items(p)) {
                        for key in ["podSelector", "namespaceSelector"] {
                            if let Some(selector) = yaml.get(peer, key) {
                                Self::check_selector(cx, &place("a peer selector"), selector, out);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// API groups served by the Kubernetes API server itself.
const BUILTIN_GROUPS: [&str; 22] = [
    "",
    "apps",
    "batch",
    "autoscaling",
    "policy",
    "extensions",
    "networking.k8s.io",
    "rbac.authorization.k8s.io",
    "storage.k8s.io",
    "scheduling.k8s.io",
    "node.k8s.io",
    "coordination.k8s.io",
    "discovery.k8s.io",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "apiregistration.k8s.io",
    "certificates.k8s.io",
    "flowcontrol.apiserver.k8s.io",
    "events.k8s.io",
    "resource.k8s.io",
    "storagemigration.k8s.io",
    "internal.apiserver.k8s.io",
];

/// How the API server validates the name of a built-in kind.
fn validate_name(o: &Object, name: &str) -> Option<Result<(), String>> {
    if !BUILTIN_GROUPS.contains(&o.group()) || o.kind == "List" || o.kind.ends_with("List") {
        return None;
    }
    let result = match (o.group(), o.kind.as_str()) {
        ("", "Namespace") => dns1123_label(name).map_err(|e| format!("as a DNS-1123 label, {e}")),
        ("", "Service") => dns1035_label(name).map_err(|e| format!("as a DNS-1035 label, {e}")),
        ("rbac.authorization.k8s.io", _) => {
            if name == "." || name == ".." {
                Err(format!("`{name}` is not allowed"))
            } else if name.contains(['/', '%']) {
                Err("`/` and `%` are not allowed".into())
            } else {
                Ok(())
            }
        }
        ("batch", "CronJob") if name.len() > 52 => Err(format!(
            "it is {} characters long, over 52 (the Jobs it creates add a suffix)",
            name.len()
        )),
        ("batch", "Job") if name.len() > 63 => Err(format!(
            "it is {} characters long, over 63 (it becomes the `job-name` label of its pods)",
            name.len()
        )),
        _ => dns1123_subdomain(name).map_err(|e| format!("as a DNS-1123 subdomain, {e}")),
    };
    Some(result)
}

declare_rule! {
    /// ## What it does
    /// Reports a `metadata.name` that the API server rejects for the
    /// object's kind:
    /// - Namespaces: a DNS-1123 label (at most 63 lowercase letters, digits
    ///   and `-`, starting and ending with a letter or digit);
    /// - Services: a DNS-1035 label (the same, starting with a letter);
    /// - Roles, ClusterRoles and their bindings: anything but `.`, `..`, or
    ///   a name containing `/` or `%`;
    /// - other built-in kinds: a DNS-1123 subdomain (at most 253 lowercase
    ///   letters, digits, `-` and `.`, starting and ending with a letter or
    ///   digit). CronJob names are limited to 52 characters and Job names to
    ///   63, since they end up in the names and labels of what they create.
    ///
    /// Custom resources, templated names, `generateName` and wildcard names
    /// of patch targets (`*`) are not checked.
    ///
    /// ## Why is this bad?
    /// The object cannot be created: `kubectl apply` fails with
    /// `metadata.name: Invalid value`. Upper-case letters and `_` copied
    /// from application names are the usual causes.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Deployment
    /// metadata:
    ///   name: Payment_API
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Deployment
    /// metadata:
    ///   name: payment-api
    /// ```
    ///
    /// ## References
    /// - Practice K18 (objects the API server accepts and can wire together).
    pub struct InvalidObjectName {
        code: "K8S079",
        name: "invalid-object-name",
        summary: "Object name is invalid for its kind",
        severity: Error,
        category: Correctness,
        practices: ["K18"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidObjectName {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if o.is_kustomization() {
            return;
        }
        let yaml = cx.yaml;
        let Some(node) = o.metadata.and_then(|m| yaml.get(m, "name")) else {
            return;
        };
        let Some(name) = yaml.str(node) else { return };
        // `*` is a patch target's wildcard, not a name.
        if name.is_empty() || name.contains('*') || helpers::is_templated(name) {
            return;
        }
        let Some(Err(reason)) = validate_name(o, name) else {
            return;
        };
        out.add(
            cx.span(node),
            format!("name `{name}` of {} is invalid: {reason}", o.kind),
        )
        .help("use lowercase letters, digits and `-` (e.g. `payment-api`)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_syntax() {
        assert!(label_key("app.kubernetes.io/name").is_ok());
        assert!(label_key("app").is_ok());
        assert!(label_key("My_Key.1").is_ok());
        assert!(label_key("Example.com/name").is_err());
        assert!(label_key("a/b/c").is_err());
        assert!(label_key("/name").is_err());
        assert!(label_key("team name").is_err());
        assert!(label_key(&"a".repeat(64)).is_err());
        assert!(label_value("").is_ok());
        assert!(label_value("v1.2.3").is_ok());
        assert!(label_value("1.2.3+build").is_err());
        assert!(label_value("-x").is_err());
        assert!(label_value(&"a".repeat(64)).is_err());
    }

    #[test]
    fn name_syntax() {
        assert!(dns1123_label("web-1").is_ok());
        assert!(dns1123_label("Web").is_err());
        assert!(dns1035_label("1web").is_err());
        assert!(dns1123_subdomain("web.example-1").is_ok());
        assert!(dns1123_subdomain("web..x").is_err());
        assert!(dns1123_subdomain("web_x").is_err());
        assert!(dns1123_subdomain("web.").is_err());
    }
}
