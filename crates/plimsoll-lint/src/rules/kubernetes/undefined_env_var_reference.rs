use super::prelude::*;

/// The `$(NAME)` references Kubernetes expands in a string, with their
/// byte offsets; `$$` escapes a dollar.
fn references(s: &str) -> Vec<(usize, &str)> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        match bytes[i + 1] {
            b'$' => i += 2,
            b'(' => match s[i + 2..].find(')') {
                Some(close) => {
                    out.push((i, &s[i + 2..i + 2 + close]));
                    i += close + 3;
                }
                None => i += 2,
            },
            _ => i += 1,
        }
    }
    out
}

/// Whether a reference looks like an environment variable rather than a
/// shell command substitution (`$(date)`, `$(cat /etc/x)`): an
/// identifier without lowercase letters.
fn looks_like_variable(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// `WEB_API` for the Service `web-api`, as service environment variables
/// name it.
fn service_prefix(name: &str) -> String {
    name.to_ascii_uppercase().replace('-', "_")
}

/// Whether a name is one of the variables the kubelet derives from
/// Services (`<NAME>_SERVICE_HOST`, `<NAME>_PORT_80_TCP`...), which
/// Kubernetes also substitutes. Those with a Service-specific shape are
/// assumed defined; a bare `<NAME>_PORT` only when `NAME` is `KUBERNETES`
/// or a related Service.
fn is_service_variable(cx: &K8sContext<'_>, o: &Object, name: &str) -> bool {
    if name.contains("_SERVICE_HOST") || name.contains("_SERVICE_PORT") {
        return true;
    }
    if let Some(at) = name.find("_PORT_")
        && name[at + 6..].starts_with(|c: char| c.is_ascii_digit())
    {
        return true;
    }
    let Some(prefix) = name.strip_suffix("_PORT") else {
        return false;
    };
    prefix == "KUBERNETES"
        || cx.cluster.of_kind("Service").any(|r| {
            r.object
                .name
                .as_deref()
                .is_some_and(|n| service_prefix(n) == prefix)
                && cx.cluster.related((cx.parsed, o), (r.file, r.object))
        })
}

/// Names kustomize substitutes itself (`vars:` of a kustomization).
fn kustomize_vars(cx: &K8sContext<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for r in cx.cluster.of_kind("Kustomization") {
        let Some(model) = r.file.yaml() else { continue };
        let yaml = &model.yaml;
        if let Some(vars) = yaml.get(r.object.node, "vars") {
            for &v in yaml.items(vars) {
                if let Some(name) = yaml.get(v, "name").and_then(|n| yaml.str(n)) {
                    out.push(name.to_string());
                }
            }
        }
    }
    out
}

declare_rule! {
    /// ## What it does
    /// Reports a `$(NAME)` reference in a container's `command`, `args` or
    /// `env[].value` that no variable of the container's `env` defines: for
    /// `command` and `args`, no entry at all; for an `env` value, no entry
    /// before it (Kubernetes expands values in order). Names are judged
    /// when they look like environment variables (upper case, digits and
    /// `_`), since `$(date)` in a shell script is a command substitution;
    /// a lowercase name is reported only when `env` defines it later.
    ///
    /// Not reported: containers with `envFrom` (whose variables are not
    /// known), `$$(NAME)` (an escape), variables Kubernetes derives from
    /// Services (`<SERVICE>_SERVICE_HOST`, `<SERVICE>_PORT`...), names a
    /// kustomization substitutes through `vars:`, values holding `{{`
    /// templates, and ephemeral containers.
    ///
    /// ## Why is this bad?
    /// Kubernetes leaves a reference it cannot resolve as it is: the program
    /// receives the literal text `$(NAME)` instead of a value, and a shell
    /// in `sh -c` runs `NAME` as a command. The cause is usually a typo, a
    /// variable defined after its use, or one that moved to another
    /// container.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   - name: DB_URL
    ///     value: postgres://$(DB_HOST):5432/app
    ///   - name: DB_HOST
    ///     value: db
    /// args: ["--listen=:$(PORT)"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// env:
    ///   - name: DB_HOST
    ///     value: db
    ///   - name: DB_URL
    ///     value: postgres://$(DB_HOST):5432/app
    ///   - name: PORT
    ///     value: "8080"
    /// args: ["--listen=:$(PORT)"]
    /// ```
    ///
    /// ## References
    /// - Practice K18 (manifests mean what they say).
    /// - [Kubernetes: define dependent environment variables](https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/)
    pub struct UndefinedEnvVarReference {
        code: "K8S093",
        name: "undefined-env-var-reference",
        summary: "`$(VAR)` refers to a variable the container does not define",
        severity: Warning,
        category: Correctness,
        practices: ["K18"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for UndefinedEnvVarReference {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        if c.role == ContainerRole::Ephemeral || c.get(yaml, "envFrom").is_some() {
            return;
        }
        let env: Vec<(Option<&str>, NodeId)> = c
            .get(yaml, "env")
            .map(|e| {
                yaml.items(e)
                    .iter()
                    .map(|&item| (yaml.get(item, "name").and_then(|n| yaml.str(n)), item))
                    .collect()
            })
            .unwrap_or_default();
        if env
            .iter()
            .any(|(name, _)| name.is_none_or(helpers::is_templated))
        {
            return;
        }
        let defined: Vec<&str> = env.iter().filter_map(|(n, _)| *n).collect();
        let mut vars: Option<Vec<String>> = None;
        let mut check = |node: NodeId, field: String, defined_before: &[&str]| {
            let Some(text) = yaml.str(node) else {
                return;
            };
            if text.contains("{{") {
                return;
            }
            let mut reported: Vec<&str> = Vec::new();
            for (_, name) in references(text) {
                if defined_before.contains(&name) || reported.contains(&name) {
                    continue;
                }
                let later = defined.contains(&name);
                if !later && (!looks_like_variable(name) || is_service_variable(cx, o, name)) {
                    continue;
                }
                if vars
                    .get_or_insert_with(|| kustomize_vars(cx))
                    .iter()
                    .any(|v| v == name)
                {
                    continue;
                }
                let message = if later {
                    format!(
                        "`$({name})` in {field} of {} of {} comes before `env` defines `{name}`, so it is not expanded",
                        c.display(),
                        o.display()
                    )
                } else {
                    format!(
                        "`$({name})` in {field} of {} of {} refers to no variable of its `env`, so it is not expanded",
                        c.display(),
                        o.display()
                    )
                };
                reported.push(name);
                let span = reference_span(cx, node, name);
                out.add(span, message).help(if later {
                    "move the entry that defines the variable before the one that uses it"
                } else {
                    "define the variable in the container's `env`, or escape the reference as `$$(...)`"
                });
            }
        };
        for field in ["command", "args"] {
            if let Some(list) = c.get(yaml, field) {
                for &item in yaml.items(list) {
                    check(item, format!("`{field}`"), &defined);
                }
            }
        }
        for (i, (name, item)) in env.iter().enumerate() {
            if let Some(value) = yaml.get(*item, "value") {
                let before: Vec<&str> = env[..i].iter().filter_map(|(n, _)| *n).collect();
                check(
                    value,
                    format!("the value of `{}`", name.unwrap_or("?")),
                    &before,
                );
            }
        }
    }
}

/// The reference's own text when the source holds it verbatim, else the
/// whole value.
fn reference_span(cx: &K8sContext<'_>, node: NodeId, name: &str) -> Span {
    let span = cx.yaml.node(node).span;
    let needle = format!("$({name})");
    let source = span.slice(cx.text());
    let mut from = 0;
    while let Some(at) = source[from..].find(&needle) {
        let start = from + at;
        // Not an escaped `$$(`.
        if !source[..start].ends_with('$') {
            return Span::new(span.start + start, span.start + start + needle.len());
        }
        from = start + needle.len();
    }
    cx.span(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references_like_kubernetes() {
        assert_eq!(references("a $(A) $$(B) $(C $x $"), vec![(2, "A")]);
        assert_eq!(references("$(X)$(Y)"), vec![(0, "X"), (4, "Y")]);
        assert!(looks_like_variable("DB_HOST"));
        assert!(!looks_like_variable("date"));
        assert!(!looks_like_variable("cat /x"));
    }
}
