use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `healthcheck.test` Compose or the engine rejects: a list
    /// that is empty or whose first item is not `NONE`, `CMD` or
    /// `CMD-SHELL` (case matters), `CMD`/`CMD-SHELL` without a command, an
    /// empty string, or a value that is neither a string nor a list.
    /// Items that read a variable are not judged.
    ///
    /// ## Why is this bad?
    /// Compose refuses the file ("healthcheck.test must start either by
    /// CMD, CMD-SHELL or NONE"), or the container gets a check that can
    /// never pass. A list such as `["curl", "-f", "http://localhost"]` is
    /// the usual slip: the first item is taken as the check type.
    ///
    /// ## Example
    /// ```yaml
    /// healthcheck:
    ///   test: ["curl", "-f", "http://localhost/"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// healthcheck:
    ///   test: ["CMD", "curl", "-f", "http://localhost/"]
    /// ```
    ///
    /// ## References
    /// - Practice C01 (health checks on services).
    /// - compose-lint and dclint have no equivalent check (dclint's schema
    ///   validation accepts any list).
    pub struct InvalidHealthcheckTest {
        code: "DC004",
        name: "invalid-healthcheck-test",
        summary: "`healthcheck.test` is not a valid check",
        severity: Error,
        category: Correctness,
        practices: ["C01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidHealthcheckTest {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let Some(test) = s.healthcheck.as_ref().and_then(|h| h.test) else {
            return;
        };
        let yaml = cx.yaml;
        let problem = match yaml.kind(test) {
            NodeKind::Scalar { value, .. } => {
                if yaml.is_null(test) || !value.trim().is_empty() {
                    None
                } else {
                    Some((test, "`healthcheck.test` is an empty command".to_string()))
                }
            }
            NodeKind::Sequence { items, .. } => match items.first() {
                None => Some((test, "`healthcheck.test` is an empty list".to_string())),
                Some(&first) => match yaml.str(first) {
                    None => Some((
                        first,
                        "the first item of `healthcheck.test` must be `CMD`, `CMD-SHELL` or `NONE`"
                            .to_string(),
                    )),
                    Some(kind) if interpolation::is_interpolated(kind) => None,
                    Some("NONE") => None,
                    Some(kind @ ("CMD" | "CMD-SHELL")) => {
                        let has_command = items[1..]
                            .iter()
                            .any(|i| yaml.str(*i).is_some_and(|t| !t.trim().is_empty()));
                        (!has_command).then(|| {
                            (
                                test,
                                format!("`healthcheck.test` is `{kind}` without a command"),
                            )
                        })
                    }
                    Some(other) => {
                        let hint = if matches!(
                            other.to_ascii_uppercase().as_str(),
                            "CMD" | "CMD-SHELL" | "NONE"
                        ) {
                            format!("`{other}` must be written in upper case")
                        } else {
                            format!(
                                "`{other}` is taken as the check type; the list must start with `CMD`, `CMD-SHELL` or `NONE`"
                            )
                        };
                        Some((first, hint))
                    }
                },
            },
            NodeKind::Mapping { .. } => Some((
                test,
                "`healthcheck.test` must be a string or a list".to_string(),
            )),
            NodeKind::Alias { .. } => None,
        };
        if let Some((node, message)) = problem {
            out.add(cx.span(node), format!("{}: {message}", s.display()))
                .help("write `test: [\"CMD\", \"prog\", \"arg\"]`, `test: [\"CMD-SHELL\", \"command\"]` or a command string");
        }
    }
}
