//! What the secret rules share: names that announce a secret, values that
//! are credentials whatever their name, and values that are clearly not
//! secrets (flags, numbers, paths, plain URLs, placeholders). They serve
//! the rules of practices K12 (no secret values in Git) and S01 (secret
//! scanning).

use regex::Regex;
use std::sync::LazyLock;

/// Words of a name that announce a secret value.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "secret",
    "token",
    "apikey",
    "credential",
    "credentials",
    "auth",
    "privatekey",
    "accesskey",
];

/// Last words of a name that say the value is about a secret, not the
/// secret itself (`TOKEN_FILE`, `PASSWORD_MIN_LENGTH`, `AUTH_URL`).
const NOT_SECRET_SUFFIXES: &[&str] = &[
    "file",
    "files",
    "path",
    "dir",
    "directory",
    "location",
    "mount",
    "url",
    "uri",
    "endpoint",
    "host",
    "hostname",
    "server",
    "port",
    "addr",
    "address",
    "enabled",
    "enable",
    "disabled",
    "disable",
    "ttl",
    "timeout",
    "expiry",
    "expiration",
    "expires",
    "lifetime",
    "duration",
    "period",
    "interval",
    "length",
    "size",
    "count",
    "max",
    "min",
    "limit",
    "type",
    "mode",
    "method",
    "methods",
    "name",
    "ref",
    "id",
    "arn",
    "user",
    "username",
    "header",
    "policy",
    "strategy",
    "provider",
    "issuer",
    "audience",
    "version",
    "region",
    "namespace",
    "backend",
    "secretname",
    "pattern",
    "regex",
    "format",
    "hint",
    "prompt",
    "label",
    "description",
    "message",
    "requirements",
    "complexity",
    "rotation",
];

/// The word that makes `name` look like it holds a secret
/// (`DB_PASSWORD` -> `password`), or `None`.
pub(super) fn secret_word(name: &str) -> Option<&'static str> {
    let words = crate::secrets::key_words(name);
    let last = words.last()?;
    if NOT_SECRET_SUFFIXES.contains(&last.as_str()) {
        return None;
    }
    // `PWD` alone is the shell's working directory; etcd's initial cluster
    // token only tells clusters apart.
    if (words.len() == 1 && words[0] == "pwd")
        || words
            .windows(3)
            .any(|w| w == ["initial", "cluster", "token"])
    {
        return None;
    }
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).map(String::as_str);
        for &word in SECRET_WORDS {
            let hit = match word {
                // Compound words: `dbpassword`, `clientsecret`.
                "password" | "passwd" | "passphrase" | "secret" | "credential" => w.contains(word),
                "token" => w == "token" || w == "tokens" || w.ends_with("token"),
                _ => w == word,
            };
            if hit {
                return Some(word);
            }
        }
        match (w.as_str(), next) {
            ("api", Some("key")) => return Some("api key"),
            ("private", Some("key")) => return Some("private key"),
            ("access", Some("key")) => return Some("access key"),
            _ => {}
        }
    }
    None
}

static AWS_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b").expect("valid regex"));
static GITHUB_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})")
        .expect("valid regex")
});
static SLACK_TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bxox[baprs]-[A-Za-z0-9-]{10,}").expect("valid regex"));
static PRIVATE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----").expect("valid regex")
});
static URL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:([^/\s@]+)@[^\s/]").expect("valid regex")
});

/// What credential a value holds, whatever its name: an AWS access key
/// ID, a GitHub or Slack token, a private key, a URL with a password.
pub(super) fn credential_in(value: &str) -> Option<&'static str> {
    if let Some(m) = AWS_KEY.find(value)
        && !m.as_str().ends_with("EXAMPLE")
    {
        return Some("an AWS access key ID");
    }
    if GITHUB_TOKEN.is_match(value) {
        return Some("a GitHub token");
    }
    if SLACK_TOKEN.is_match(value) {
        return Some("a Slack token");
    }
    if PRIVATE_KEY.is_match(value) {
        return Some("a private key");
    }
    for caps in URL_PASSWORD.captures_iter(value) {
        let password = caps.get(1).map_or("", |m| m.as_str());
        if !is_placeholder(password) && !password.starts_with('$') && !password.contains("{{") {
            return Some("a URL with a password");
        }
    }
    None
}

/// `<password>`, `${PASS}`, `$(PASS)`, `%PASS%`, `***`.
fn is_placeholder(text: &str) -> bool {
    (text.starts_with('<') && text.ends_with('>'))
        || (text.starts_with('%') && text.ends_with('%') && text.len() > 2)
        || text.chars().all(|c| c == '*' || c == 'x' || c == 'X')
        || super::helpers::is_templated(text)
}

/// Whether a literal value under a secret-looking name may be a secret:
/// not empty, templated, a placeholder, a flag, a number or duration, an
/// absolute path, or a URL without a password (those are reported by
/// [`credential_in`] when they have one).
pub(super) fn may_be_secret(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || is_placeholder(v) {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "none" | "null" | "nil" | "~"
    ) {
        return false;
    }
    let digits = lower.trim_end_matches(['s', 'm', 'h', 'd']);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    if v.starts_with('/') && !v.contains(char::is_whitespace) {
        return false;
    }
    if v.contains("://") && !v.contains(char::is_whitespace) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for name in [
            "DB_PASSWORD",
            "dbPassword",
            "MYSQL_ROOT_PASSWD",
            "GITHUB_TOKEN",
            "accessToken",
            "API_KEY",
            "apiKey",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_ACCESS_KEY",
            "client-secret",
            "GOOGLE_CREDENTIALS",
            "BASIC_AUTH",
            "SSH_PRIVATE_KEY",
            "REDIS_PWD",
        ] {
            assert!(secret_word(name).is_some(), "{name}");
        }
        for name in [
            "PASSWORD_FILE",
            "TOKEN_PATH",
            "AUTH_URL",
            "AUTH_ENABLED",
            "TOKEN_TTL",
            "PASSWORD_MIN_LENGTH",
            "SECRET_NAME",
            "AWS_ACCESS_KEY_ID",
            "AUTHOR",
            "PWD",
            "TOKENIZER_MODEL",
            "AUTH_USER",
            "KEY",
            "LOG_LEVEL",
            "passwordPattern",
            "ETCD_INITIAL_CLUSTER_TOKEN",
        ] {
            assert!(secret_word(name).is_none(), "{name}");
        }
    }

    #[test]
    fn credentials_by_value() {
        assert_eq!(
            credential_in("AKIAZ7VRSQ5TJ2ABCDEF"),
            Some("an AWS access key ID")
        );
        assert_eq!(credential_in("AKIAIOSFODNN7EXAMPLE"), None);
        assert_eq!(
            credential_in("ghp_0123456789abcdefghijABCDEFGHIJ012345"),
            Some("a GitHub token")
        );
        assert_eq!(
            credential_in("xoxb-1234567890-abcdefghij"),
            Some("a Slack token")
        );
        assert_eq!(
            credential_in("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n"),
            Some("a private key")
        );
        assert_eq!(
            credential_in("postgres://app:s3cr3t@db:5432/app"),
            Some("a URL with a password")
        );
        assert_eq!(credential_in("postgres://app:${DB_PASS}@db/app"), None);
        assert_eq!(credential_in("postgres://app:$(DB_PASS)@db/app"), None);
        assert_eq!(credential_in("postgres://app@db/app"), None);
        assert_eq!(credential_in("http://db:5432/app"), None);
        assert_eq!(credential_in("-----BEGIN CERTIFICATE-----"), None);
    }

    #[test]
    fn values_that_are_not_secrets() {
        for v in [
            "",
            "true",
            "30s",
            "3600",
            "/run/secrets/token",
            "https://auth.example.com",
            "<password>",
            "****",
        ] {
            assert!(!may_be_secret(v), "{v}");
        }
        for v in ["hunter2", "s3cr3t value", "changeme"] {
            assert!(may_be_secret(v), "{v}");
        }
    }
}
