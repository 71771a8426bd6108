use super::prelude::*;
use crate::compose::typing::{go_sprint, go_yaml_type};
use plimsoll_syntax::yaml::{GoYamlType, ScalarStyle, Yaml11Hazard, yaml11_hazard};

declare_rule! {
    /// ## What it does
    /// Reports an unquoted value in the map form of `environment`,
    /// `build.args` or `labels` that Compose turns into a different string.
    /// Compose reads YAML with go-yaml and converts numbers and booleans
    /// with Go's formatting: `0440` (octal) becomes `288`, `1.10` becomes
    /// `1.1`, `1e3` becomes `1000`, `1_000` becomes `1000`, `0x1F` becomes
    /// `31`, `True` becomes `true`. Those are warnings. Values Compose keeps
    /// but other tools read differently are advice: `true`/`false` (which
    /// docker-compose v1 rejects) and `yes`/`no`/`on`/`off` (booleans for
    /// YAML 1.1 parsers). The list form (`- KEY=value`) is always a string
    /// and is not reported.
    ///
    /// ## Why is this bad?
    /// The container does not get what the file says: a version `3.10`
    /// arrives as `3.1`, a file mode `0640` as `416`, a zip code `01234`
    /// as `668`.
    ///
    /// ## Example
    /// ```yaml
    /// environment:
    ///   PYTHON_VERSION: 3.10
    ///   UMASK: 0022
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// environment:
    ///   PYTHON_VERSION: "3.10"
    ///   UMASK: "0022"
    /// ```
    ///
    /// ## Fix safety
    /// The fix quotes the value as written. It is safe when Compose already
    /// passes that exact text (`true`, `yes`), and unsafe when the value
    /// changes: the container then receives the text as written (`0022`)
    /// instead of the converted one (`18`).
    ///
    /// ## References
    /// - Practice C08 (files read the same under the Compose Specification;
    ///   the closest practice).
    /// - compose-lint and dclint have no equivalent check.
    pub struct EnvironmentValueRewritten {
        code: "DC033",
        name: "environment-value-rewritten",
        summary: "Unquoted environment value reaches the container changed",
        severity: Warning,
        category: Correctness,
        practices: ["C08"],
        peers: [],
        fix: Always,
        default: true,
    }
}

impl Rule for EnvironmentValueRewritten {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let build = s.build.iter().flat_map(|b| {
            b.args
                .iter()
                .map(|v| ("build arg", v))
                .chain(b.labels.iter().map(|v| ("label", v)))
        });
        let vars = s
            .environment
            .iter()
            .map(|v| ("environment variable", v))
            .chain(s.labels.iter().map(|v| ("label", v)))
            .chain(build);
        for (place, v) in vars {
            if v.list_form {
                continue;
            }
            let Some(node) = v.value_node else { continue };
            let NodeKind::Scalar {
                value,
                style: ScalarStyle::Plain,
            } = &cx.yaml.node(node).kind
            else {
                continue;
            };
            let typed = go_yaml_type(value);
            let quoted = format!("\"{value}\"");
            let edit = vec![Edit::replace(cx.yaml.node(node).span, quoted.clone())];
            let (severity, message, fix) = match go_sprint(typed) {
                Some(text) if text != *value => (
                    Severity::Warning,
                    format!(
                        "{place} `{}` is written `{value}` but reaches the container as `{text}`",
                        v.key
                    ),
                    Fix::unsafe_(format!("Quote it: {quoted}"), edit),
                ),
                Some(_) if matches!(typed, GoYamlType::Bool(_)) => (
                    Severity::Info,
                    format!(
                        "{place} `{}` is the boolean `{value}`, which docker-compose v1 and other tools reject",
                        v.key
                    ),
                    Fix::safe(format!("Quote it: {quoted}"), edit),
                ),
                None if matches!(yaml11_hazard(value), Some(Yaml11Hazard::Boolean(_))) => (
                    Severity::Info,
                    format!(
                        "{place} `{}` is `{value}`, a boolean for YAML 1.1 parsers (docker-compose v1)",
                        v.key
                    ),
                    Fix::safe(format!("Quote it: {quoted}"), edit),
                ),
                _ => continue,
            };
            out.add(cx.span(node), format!("{}: {message}", s.display()))
                .help("quote the value")
                .severity(severity)
                .fix(fix);
        }
    }
}
