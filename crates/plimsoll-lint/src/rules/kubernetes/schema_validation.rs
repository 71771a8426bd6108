//! K8S096–K8S099: built-in objects checked against the OpenAPI schema of
//! the target Kubernetes version, as the API server decodes them.

use super::prelude::*;
use crate::k8s::schema::{Found, Issue, Problem};
use plimsoll_syntax::yaml::{GoYamlType, ScalarStyle, Yaml11Hazard};

/// `spec.template` for messages; the object itself when the path is empty.
fn place(issue: &Issue, o: &Object) -> String {
    if issue.path.is_empty() {
        o.display()
    } else {
        format!("`{}` of {}", issue.path, o.display())
    }
}

/// Edit distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            prev = current;
        }
    }
    row[b.len()]
}

/// The known field closest to a misspelt one, if close enough.
fn suggestion<'k>(field: &str, known: &'k [String]) -> Option<&'k str> {
    let lower = field.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (k, distance(&lower, &k.to_ascii_lowercase())))
        .filter(|(k, d)| *d <= 2.max(k.len() / 4) && *d < k.len())
        .min_by_key(|(_, d)| *d)
        .map(|(k, _)| k.as_str())
}

fn issues<'c>(cx: &'c K8sContext<'_>, o: &Object) -> &'c [Issue] {
    cx.schema_issues(o).unwrap_or(&[])
}

declare_rule! {
    /// ## What it does
    /// Reports fields that the kind's schema does not have, in the target
    /// Kubernetes version (`[kubernetes] version`): typos (`protocl`),
    /// fields at the wrong level (`resources` under `spec`), and fields of
    /// newer versions. Custom resources are not checked.
    ///
    /// ## Why is this bad?
    /// `kubectl apply` validates strictly and rejects the object. Tools that
    /// do not (older clients, some GitOps controllers) drop the field
    /// silently: the setting you wrote is not the one that runs.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - containerPort: 8080
    ///     protocl: TCP
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// ports:
    ///   - containerPort: 8080
    ///     protocol: TCP
    /// ```
    ///
    /// ## Fix safety
    /// When one known field is close to the unknown one, the fix renames
    /// it. It is unsafe: the setting starts to take effect.
    ///
    /// ## References
    /// - Practice K18 (manifests that apply as written).
    /// - kube-linter schema-validation; kubeconform and kubernetes-validate (strict mode).
    pub struct UnknownField {
        code: "K8S096",
        name: "unknown-field",
        summary: "Field does not exist in the kind's schema",
        severity: Error,
        category: Correctness,
        practices: ["K18"],
        peers: [KubeLinter "schema-validation"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for UnknownField {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        for issue in issues(cx, o) {
            let Problem::UnknownField { field, known } = &issue.problem else {
                continue;
            };
            if helpers::is_templated(field) {
                continue;
            }
            let parent = issue.path.rsplit_once('.').map_or("", |(p, _)| p);
            let at = if parent.is_empty() {
                o.display()
            } else {
                format!("`{parent}` of {}", o.display())
            };
            let hint = suggestion(field, known);
            let message = match hint {
                Some(s) => format!("unknown field `{field}` in {at}; did you mean `{s}`?"),
                None => format!("unknown field `{field}` in {at}"),
            };
            let fix = hint.map(|s| {
                Fix::unsafe_(
                    format!("Rename `{field}` to `{s}`"),
                    vec![Edit::replace(cx.yaml.node(issue.node).span, s.to_string())],
                )
            });
            let mut known_list: Vec<&str> = known.iter().map(String::as_str).collect();
            known_list.sort_unstable();
            out.add(cx.span(issue.node), message)
                .help(format!(
                    "Kubernetes {} knows: {}",
                    cx.settings.kubernetes.version(),
                    known_list.join(", ")
                ))
                .fix_opt(fix);
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports objects of built-in kinds that lack a field the schema
    /// requires: a container without `name`, a Deployment without
    /// `spec.selector`, a Service port without `port`, a RoleBinding
    /// without `roleRef`...
    ///
    /// ## Why is this bad?
    /// The API server rejects the object.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - image: nginx:1.27
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: web
    ///     image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - Practice K18.
    /// - kube-linter schema-validation; kubeconform and kubernetes-validate.
    pub struct MissingRequiredField {
        code: "K8S097",
        name: "missing-required-field",
        summary: "Required field is missing",
        severity: Error,
        category: Correctness,
        practices: ["K18"],
        peers: [KubeLinter "schema-validation"],
        fix: None,
        default: true,
    }
}

impl Rule for MissingRequiredField {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        for issue in issues(cx, o) {
            let Problem::MissingField { field } = &issue.problem else {
                continue;
            };
            // kustomize `commonLabels` write the selector.
            if field == "selector" && cx.cluster.selectors_injected(cx.parsed) {
                continue;
            }
            out.add(
                cx.span(issue.node),
                format!(
                    "{} is missing the required field `{field}`",
                    place(issue, o)
                ),
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports values of the wrong type, typed the way `kubectl` reads YAML
    /// (YAML 1.1): a number or `yes`/`no`/`on`/`off` where the schema wants
    /// a string (label values, annotations, env values, ConfigMap data), a
    /// quoted `"3"` where it wants an integer, a list where it wants a
    /// mapping.
    ///
    /// ## Why is this bad?
    /// The API server rejects the object ("cannot unmarshal number into Go
    /// struct field EnvVar.value of type string"). YAML 1.2 tools read
    /// `enabled: yes` as a string, so the error often shows only at deploy.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   - name: PORT
    ///     value: 8080
    ///   - name: DEBUG
    ///     value: yes
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// env:
    ///   - name: PORT
    ///     value: "8080"
    ///   - name: DEBUG
    ///     value: "yes"
    /// ```
    ///
    /// ## Fix safety
    /// Quoting a scalar where a string is expected, or unquoting a quoted
    /// number or boolean where one is expected, is safe: it writes the
    /// value the author meant, which the API server rejected.
    ///
    /// ## References
    /// - Practice K18.
    /// - kube-linter schema-validation; kubeconform and kubernetes-validate.
    pub struct WrongValueType {
        code: "K8S098",
        name: "wrong-value-type",
        summary: "Value has the wrong type for its field",
        severity: Error,
        category: Correctness,
        practices: ["K18"],
        peers: [KubeLinter "schema-validation"],
        fix: Sometimes,
        default: true,
    }
}

/// What was found, with the scalar as written (`"3"` keeps its quotes).
fn found_text(cx: &K8sContext<'_>, node: NodeId, found: Found) -> String {
    let written = cx.yaml.node(node).span.slice(cx.text());
    match found {
        Found::Scalar(_) if written.len() <= 40 && !written.contains('\n') => {
            format!("{} `{written}`", found.describe())
        }
        _ => found.describe().to_string(),
    }
}

impl Rule for WrongValueType {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        for issue in issues(cx, o) {
            let Problem::WrongType { expected, found } = &issue.problem else {
                continue;
            };
            let node = issue.node;
            let text = cx.yaml.str(node).unwrap_or("");
            if helpers::is_templated(text) {
                continue;
            }
            let plain = matches!(
                cx.yaml.kind(node),
                NodeKind::Scalar {
                    style: ScalarStyle::Plain,
                    ..
                }
            );
            let yaml11 = plain
                && matches!(found, Found::Scalar(GoYamlType::Bool(_)))
                && plimsoll_syntax::yaml::yaml11_hazard(text).is_some();
            let mut message = format!(
                "{} must be {}, found {}",
                place(issue, o),
                article(expected),
                found_text(cx, node, *found)
            );
            if yaml11 {
                message.push_str(" (YAML 1.1, which kubectl uses, reads it as a boolean)");
            }
            let fix = match (expected.as_str(), found) {
                // A scalar where a string belongs: quote it.
                ("string" | "integer or string", Found::Scalar(_)) if plain => Some(Fix::safe(
                    format!("Quote `{text}`"),
                    vec![Edit::replace(
                        cx.yaml.node(node).span,
                        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
                    )],
                )),
                // A quoted number or boolean where one belongs: unquote it.
                (want @ ("integer" | "number" | "boolean"), Found::Scalar(GoYamlType::String))
                    if !plain =>
                {
                    let reads = plimsoll_syntax::yaml::go_yaml_v2_type(text);
                    let fits = matches!(
                        (want, reads),
                        ("integer" | "number", GoYamlType::Int(_))
                            | ("number", GoYamlType::Float(_))
                    ) || (want == "boolean" && matches!(text, "true" | "false"));
                    fits.then(|| {
                        Fix::safe(
                            format!("Unquote `{text}`"),
                            vec![Edit::replace(cx.yaml.node(node).span, text.to_string())],
                        )
                    })
                }
                _ => None,
            };
            out.add(cx.span(node), message).fix_opt(fix);
        }
    }
}

/// "a string", "an integer", "an integer or string", "`Always` or `Never`",
/// with JSON's `object` and `array` in YAML's words.
fn article(expected: &str) -> String {
    let expected = expected
        .replace("object", "mapping")
        .replace("array", "list");
    let expected = expected.as_str();
    if expected.starts_with('`') {
        format!("one of {expected}")
    } else if expected.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {expected}")
    } else {
        format!("a {expected}")
    }
}

declare_rule! {
    /// ## What it does
    /// Reports plain scalars that `kubectl` reads one way (YAML 1.1) and
    /// YAML 1.2 tools (yq, many editors and libraries) another, where the
    /// field's type makes both readings plausible: `yes`/`no`/`on`/`off`
    /// in boolean fields, `0644`-style octal numbers in integer fields
    /// (`defaultMode`), and exponents without a dot (`1e3`) in integer
    /// fields.
    ///
    /// ## Why is this bad?
    /// The manifest works, but any tool in the pipeline that follows YAML
    /// 1.2 (a policy engine, a templating step, a reviewer's editor) sees a
    /// different value: `defaultMode: 0644` is 420 to kubectl and 644, an
    /// invalid mode, to YAML 1.2; `hostNetwork: yes` is the string "yes".
    ///
    /// ## Example
    /// ```yaml
    /// automountServiceAccountToken: no
    /// volumes:
    ///   - name: config
    ///     configMap:
    ///       name: app
    ///       defaultMode: 0644
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// automountServiceAccountToken: false
    /// volumes:
    ///   - name: config
    ///     configMap:
    ///       name: app
    ///       defaultMode: 420 # 0644
    /// ```
    ///
    /// ## Fix safety
    /// The fix writes the value kubectl already reads (`false`, `420`,
    /// `1000`), so it is safe.
    ///
    /// ## References
    /// - Practice K18.
    /// - YAML 1.1 and 1.2 specifications (boolean and integer resolution).
    pub struct Yaml11AmbiguousValue {
        code: "K8S099",
        name: "yaml11-ambiguous-value",
        summary: "Value reads differently in YAML 1.1 and YAML 1.2",
        severity: Warning,
        category: Correctness,
        practices: ["K18"],
        peers: [],
        fix: Always,
        default: true,
    }
}

impl Rule for Yaml11AmbiguousValue {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        for issue in issues(cx, o) {
            let Problem::Yaml11 { hazard, canonical } = &issue.problem else {
                continue;
            };
            let text = cx.yaml.str(issue.node).unwrap_or("");
            let what = match hazard {
                Yaml11Hazard::Boolean(_) => format!(
                    "`{text}` is the boolean {canonical} to kubectl (YAML 1.1) but a string to YAML 1.2 tools"
                ),
                Yaml11Hazard::Octal => format!(
                    "`{text}` is octal ({canonical}) to kubectl (YAML 1.1) but the decimal {} to YAML 1.2 tools",
                    text.trim_start_matches('0')
                ),
                _ => format!(
                    "`{text}` is the number {canonical} to kubectl but a string to strict YAML 1.1 tools"
                ),
            };
            out.add(
                cx.span(issue.node),
                format!("{what}, in {}", place(issue, o)),
            )
            .help(format!(
                "write `{canonical}`, which every YAML version reads the same"
            ))
            .fix(Fix::safe(
                format!("Write `{canonical}`"),
                vec![Edit::replace(
                    cx.yaml.node(issue.node).span,
                    canonical.clone(),
                )],
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_find_close_fields_only() {
        let known: Vec<String> = ["protocol", "containerPort", "name", "hostPort"]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        assert_eq!(suggestion("protocl", &known), Some("protocol"));
        assert_eq!(suggestion("containerport", &known), Some("containerPort"));
        assert_eq!(suggestion("replicas", &known), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
