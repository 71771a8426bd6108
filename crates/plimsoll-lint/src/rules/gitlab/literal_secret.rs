use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `variables:` (global or a job's) whose name says secret
    /// (`PASSWORD`, `TOKEN`, `SECRET`, `API_KEY`, `PRIVATE_KEY`,
    /// `ACCESS_KEY`...) and whose value is a literal. Empty values,
    /// values that only reference other variables (`$DB_PASSWORD`), and
    /// obvious placeholders (`changeme`, `xxx`, `<...>`) are not reported.
    ///
    /// ## Why is this bad?
    /// The pipeline file is readable by everyone who can read the
    /// repository and its history; the secret is not masked in job logs.
    ///
    /// ## Example
    /// ```yaml
    /// variables:
    ///   DB_PASSWORD: s3cr3t-passw0rd
    /// ```
    ///
    /// ## Use instead
    /// Define `DB_PASSWORD` as a masked, protected CI/CD variable in the
    /// project settings (or fetch it with `secrets:`), and remove it here.
    ///
    /// ## References
    /// - Practice S01 (no secrets in files) and CI08 (no long-lived keys in the pipeline).
    pub struct LiteralSecretInVariables {
        code: "GL018",
        name: "literal-secret-in-variables",
        summary: "Secret-looking variable with a literal value",
        severity: Error,
        category: Security,
        practices: ["S01", "CI08"],
        peers: [],
        fix: None,
        default: true,
    }
}

const SECRET_WORDS: [&str; 9] = [
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "CREDENTIAL",
];

/// Names that mention a secret but hold none (`TOKEN_URL`, `PASSWORD_FILE`).
const HARMLESS_SUFFIXES: [&str; 8] = [
    "_FILE", "_PATH", "_URL", "_NAME", "_ID", "_ENV", "_VAR", "_LENGTH",
];

fn secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    SECRET_WORDS.iter().any(|w| upper.contains(w))
        && !HARMLESS_SUFFIXES.iter().any(|s| upper.ends_with(s))
}

fn placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    value.len() < 4
        || value.contains('$')
        || value.starts_with('<')
        || [
            "changeme",
            "change-me",
            "xxx",
            "example",
            "dummy",
            "placeholder",
            "secret",
            "password",
            "token",
            "test",
            "none",
            "null",
            "true",
            "false",
        ]
        .iter()
        .any(|p| lower == *p || lower.starts_with("xxx"))
}

fn check(cx: &GitlabContext<'_>, vars: NodeId, out: &mut Diagnostics<'_>) {
    for var in crate::gitlab::variables(cx.yaml, vars) {
        let Some(value) = var.value.and_then(|v| cx.str(v)) else {
            continue;
        };
        if !secret_name(&var.name) || placeholder(value) {
            continue;
        }
        out.add(
            cx.entry_span(vars, &var.name)
                .unwrap_or_else(|| cx.span(var.key)),
            format!(
                "variable `{}` holds a literal secret in the pipeline file",
                var.name
            ),
        )
        .help("store it as a masked, protected CI/CD variable or fetch it with `secrets:`");
    }
}

impl Rule for LiteralSecretInVariables {
    fn check_gitlab(&self, cx: &GitlabContext<'_>, out: &mut Diagnostics<'_>) {
        let root_vars = cx.gitlab.root.and_then(|r| cx.yaml.get(r, "variables"));
        for vars in root_vars
            .into_iter()
            .chain(cx.gitlab.jobs.iter().filter_map(|j| cx.own(j, "variables")))
        {
            check(cx, vars, out);
        }
    }
}
