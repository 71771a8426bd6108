//! DC013 and DC014: credentials come from the environment or from compose
//! secrets, not from the compose file.

use super::prelude::*;
use super::support::{is_placeholder, is_secret_name};
use regex::Regex;
use std::sync::LazyLock;

/// The variables a service passes: environment, build args.
fn variables(s: &Service) -> impl Iterator<Item = (&'static str, &EnvVar)> {
    s.environment.iter().map(|v| ("environment", v)).chain(
        s.build
            .iter()
            .flat_map(|b| b.args.iter().map(|v| ("build arg", v))),
    )
}

/// A literal value of a variable (no variable read, `$$` unescaped).
fn literal_value(v: &EnvVar) -> Option<String> {
    let value = v.value.as_deref()?;
    interpolation::literal(value)
}

declare_rule! {
    /// ## What it does
    /// Reports an environment variable or build arg whose name says it
    /// holds a credential (`PASSWORD`, `PASSWD`, `PASSPHRASE`, `SECRET`,
    /// `TOKEN`, `API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`, `CREDENTIAL`,
    /// names ending in `_PASS`, `_PWD`, `_SALT`, `_DSN`) and whose value is
    /// written literally in the compose file. Not reported: values that
    /// read a variable (`${DB_PASSWORD}`, `${DB_PASSWORD:-dev}`), empty
    /// values and obvious placeholders (`changeme`, `<secret>`, `***`),
    /// booleans, and names that point at a secret rather than hold one
    /// (`*_FILE`, `*_PATH`, `*_URL`, `*_USER`, `*_TTL`...). `env_file`
    /// contents are not read.
    ///
    /// ## Why is this bad?
    /// The credential is in the repository, its history and every clone,
    /// and shows in `docker inspect` and `docker compose config`. Rotating
    /// it means rewriting history.
    ///
    /// ## Example
    /// ```yaml
    /// environment:
    ///   POSTGRES_PASSWORD: s3cr3t-pa55
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// environment:
    ///   POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    /// secrets:
    ///   - db_password
    /// ```
    /// or `POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}` with the value in the
    /// shell or an untracked `.env` file.
    ///
    /// ## Fix safety
    /// The fix replaces the value with `${NAME}`, read from the environment
    /// at `docker compose up`. It is unsafe: the variable must then be set,
    /// or the service gets an empty value.
    ///
    /// ## References
    /// - Practice C06 (secrets by interpolation or compose secrets, never
    ///   literal passwords); S01 (secret scanning).
    /// - compose-lint CL-0020.
    pub struct LiteralSecretInEnvironment {
        code: "DC013",
        name: "literal-secret-in-environment",
        summary: "Credential written literally in `environment` or build args",
        severity: Warning,
        category: Security,
        practices: ["C06", "S01"],
        peers: [ComposeLint "CL-0020"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for LiteralSecretInEnvironment {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for (place, v) in variables(s) {
            if !is_secret_name(&v.key) {
                continue;
            }
            let Some(value) = literal_value(v) else {
                continue;
            };
            if is_placeholder(&value) {
                continue;
            }
            let Some(node) = v.value_node else { continue };
            let replacement = if v.list_form {
                format!("{}=${{{}}}", v.key, v.key)
            } else {
                format!("${{{}}}", v.key)
            };
            let valid_name = !v.key.is_empty()
                && !v.key.starts_with(|c: char| c.is_ascii_digit())
                && v.key
                    .bytes()
                    .all(|b| b == b'_' || b.is_ascii_alphanumeric());
            let fix = valid_name.then(|| {
                Fix::unsafe_(
                    format!("Read `{}` from the environment", v.key),
                    vec![patch::replace(cx.yaml, node, &Value::string(&replacement))],
                )
            });
            out.add(
                cx.span(node),
                format!(
                    "{} sets {place} `{}` to a literal credential",
                    s.display(),
                    v.key
                ),
            )
            .help(format!(
                "read it from the environment (`${{{}}}`) or use a compose `secret`",
                v.key
            ))
            .fix_opt(fix);
        }
    }
}

static URL_CREDENTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z][A-Za-z0-9+.-]*://([^/\s:@]*):([^/\s@]+)@[^\s/]").expect("valid regex")
});

/// Token formats that are credentials whatever the variable is called.
static TOKENS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("an AWS access key id", r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
        (
            "a GitHub token",
            r"\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,})\b",
        ),
        ("a GitLab token", r"\bglpat-[A-Za-z0-9_-]{20,}\b"),
        ("a Slack token", r"\bxox[abprs]-[A-Za-z0-9-]{10,}\b"),
        ("a Stripe secret key", r"\b[sr]k_live_[A-Za-z0-9]{20,}\b"),
        ("a Google API key", r"\bAIza[0-9A-Za-z_-]{35}\b"),
        ("a private key", r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    ]
    .into_iter()
    .map(|(what, re)| (what, Regex::new(re).expect("valid regex")))
    .collect()
});

/// What credential a value holds, if it visibly holds one.
fn credential_in(value: &str) -> Option<String> {
    if let Some(c) = URL_CREDENTIAL.captures(value) {
        let password = c.get(2).map_or("", |m| m.as_str());
        if !password.contains('$') && !is_placeholder(password) {
            return Some(format!(
                "a URL with the password of user `{}`",
                c.get(1).map_or("", |m| m.as_str())
            ));
        }
    }
    TOKENS
        .iter()
        .find(|(_, re)| re.is_match(value))
        .map(|(what, _)| (*what).to_string())
}

declare_rule! {
    /// ## What it does
    /// Reports an environment variable, build arg or label whose literal
    /// value holds a credential whatever its name: a URL with a password
    /// (`postgres://app:s3cret@db/app`), or a token in a well-known format
    /// (AWS access key id, GitHub, GitLab, Slack, Stripe, Google API keys,
    /// PEM private keys). A password read from a variable
    /// (`postgres://app:${DB_PASSWORD}@db/app`) is not reported, nor are
    /// variables DC013 already reports.
    ///
    /// ## Why is this bad?
    /// The credential is committed with the file, and shows in
    /// `docker inspect` and in every log that prints the connection string.
    ///
    /// ## Example
    /// ```yaml
    /// environment:
    ///   DATABASE_URL: postgres://app:s3cret@db:5432/app
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// environment:
    ///   DATABASE_URL: postgres://app:${DB_PASSWORD}@db:5432/app
    /// ```
    ///
    /// ## References
    /// - Practice C06 (never literal passwords); S01 (secret scanning:
    ///   tokens, private keys, passwords in URLs).
    /// - compose-lint CL-0021.
    pub struct CredentialInEnvironmentValue {
        code: "DC014",
        name: "credential-in-environment-value",
        summary: "Environment value holds a credential (URL password, token, key)",
        severity: Warning,
        category: Security,
        practices: ["C06", "S01"],
        peers: [ComposeLint "CL-0021"],
        fix: None,
        default: true,
    }
}

impl Rule for CredentialInEnvironmentValue {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let labels = s.labels.iter().map(|v| ("label", v));
        for (place, v) in variables(s).chain(labels) {
            let Some(value) = v.value.as_deref() else {
                continue;
            };
            let Some(node) = v.value_node else { continue };
            // DC013 reports literal values of credential names.
            if place != "label"
                && is_secret_name(&v.key)
                && literal_value(v).is_some_and(|l| !is_placeholder(&l))
            {
                continue;
            }
            if let Some(what) = credential_in(value) {
                out.add(
                    cx.span(node),
                    format!("{} sets {place} `{}` to {what}", s.display(), v.key),
                )
                .help("read the secret part from the environment (`${VAR}`) or a compose `secret`");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_values() {
        assert!(credential_in("postgres://app:s3cret@db:5432/app").is_some());
        assert!(credential_in("postgres://app:${PW}@db/app").is_none());
        assert!(credential_in("postgres://app@db/app").is_none());
        assert!(credential_in("http://example.com/a:b@c").is_none());
        assert!(credential_in("AKIAIOSFODNN7EXAMPLE").is_some());
        assert!(credential_in("redis://:changeme@redis:6379").is_none());
        assert!(credential_in("plain text").is_none());
    }
}
