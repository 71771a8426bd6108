//! Values that stand for a secret without being one: placeholders,
//! templates, references to a secret store, documented example keys.
//! Every detector asks [`is_placeholder`] before reporting.

/// Words that mark a value as a stand-in wherever they appear in it.
const MARKERS: [&str; 30] = [
    "changeme",
    "change-me",
    "change_me",
    "changeit",
    "replace",
    "example",
    "dummy",
    "placeholder",
    "sample",
    "your",
    "xxxx",
    "****",
    "....",
    "redacted",
    "todo",
    "fixme",
    "insert",
    "notreal",
    "not-a-real",
    "not_a_real",
    "fake",
    "mock",
    "test",
    "0123456789",
    "mypass",
    "mysecret",
    "mytoken",
    "mykey",
    "pass",
    "secret",
];

/// Whole values that are stand-ins.
const WHOLE: [&str; 26] = [
    "password", "passwd", "secret", "token", "pass", "admin", "root", "none", "null", "nil",
    "true", "false", "string", "value", "default", "foo", "bar", "foobar", "key", "...", "-",
    "***", "guest", "postgres", "mysql", "user",
];

/// Prefixes of references to a secret kept elsewhere.
const REFERENCES: [&str; 20] = [
    "secretkeyref",
    "arn:aws:secretsmanager:",
    "arn:aws:ssm:",
    "arn:aws:kms:",
    "vault:",
    "ref+",
    "awssm:",
    "gcpsm:",
    "azkv:",
    "sops:",
    "file:",
    "env:",
    "op://",
    "sm://",
    "secretsmanager:",
    "ssm:",
    "keyvault:",
    "!ref",
    "!sub",
    "projects/",
];

/// Whether `value` (unquoted) is a placeholder, a template, a reference
/// or a documented example rather than a secret. Shared by every detector.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return true;
    }
    // Templates and variable references of every flavour: `$VAR`,
    // `${VAR}`, `$(cmd)`, `${{ secrets.X }}`, `{{ .Values.x }}`,
    // `<password>`, `%(x)s`, `#{x}`, `@VAR@`.
    if v.starts_with('$')
        || v.contains("${")
        || v.contains("$(")
        || v.contains("{{")
        || v.contains("}}")
        || v.contains("%(")
        || v.contains("%{")
        || v.contains("%s")
        || v.contains("%v")
        || v.contains("#{")
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('@') && v.ends_with('@') && v.len() > 2)
        || (v.starts_with('[') && v.ends_with(']'))
    {
        return true;
    }
    // File paths.
    if v.starts_with('/') || v.starts_with("./") || v.starts_with("../") || v.starts_with("~/") {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    if WHOLE.contains(&lower.as_str())
        || MARKERS.iter().any(|m| lower.contains(m))
        || REFERENCES.iter().any(|r| lower.starts_with(r))
    {
        return true;
    }
    // Leetspeak of the same words in human-chosen values: `P@ssw0rd`,
    // `S3cr3t`, `t3st` (not in long generated tokens, where digits turn
    // into words by chance).
    if v.len() > 24 {
        return repetitive(v);
    }
    let plain: String = lower
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' => 'i',
            '3' => 'e',
            '4' | '@' => 'a',
            '5' | '$' => 's',
            '7' => 't',
            _ => c,
        })
        .collect();
    if plain != lower
        && (WHOLE.contains(&plain.as_str()) || MARKERS.iter().any(|m| plain.contains(m)))
    {
        return true;
    }
    repetitive(v)
}

/// Few distinct characters for the length: `aaaaaaaa`, `abababab`,
/// `XXXXXXXXXXXXXXXXXXXX`, `ghp_000000000000...`.
fn repetitive(v: &str) -> bool {
    let mut seen = [false; 256];
    let mut distinct = 0;
    let mut longest_run = 0;
    let mut run = 0;
    let mut prev = None;
    for b in v.bytes() {
        if !seen[usize::from(b)] {
            seen[usize::from(b)] = true;
            distinct += 1;
        }
        run = if prev == Some(b) { run + 1 } else { 1 };
        longest_run = longest_run.max(run);
        prev = Some(b);
    }
    distinct <= 2 || (v.len() >= 8 && distinct * 4 < v.len().min(40)) || longest_run >= 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for v in [
            "changeme",
            "CHANGE-ME",
            "${DB_PASSWORD}",
            "$DB_PASSWORD",
            "$(cat /run/secrets/x)",
            "{{ .Values.password }}",
            "%s",
            "${{ secrets.TOKEN }}",
            "<password>",
            "example",
            "xxxxxxxxxxxx",
            "***",
            "dummy",
            "test",
            "password",
            "secret",
            "REPLACE_ME",
            "TODO",
            "aaaaaaaaaaaaaaaa",
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "secretKeyRef",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:db",
            "/run/secrets/db_password",
            "vault:secret/data/db#password",
            "ghp_000000000000000000000000000000000000",
            "your-api-key-here",
            "123Abpassword",
            "S3cr3tP@ss",
            "P@ssw0rd",
            "my-app-secret-2024",
            "",
        ] {
            assert!(is_placeholder(v), "{v}");
        }
    }

    #[test]
    fn secrets_are_not_placeholders() {
        for v in [
            "q8Rt2LmX9vKp4ZwN7sHc",
            "ghp_Q8rT2lmX9VkP4zWn7ShC1bYd5FgJ3aKe6UoI",
            "pypi-AgEIcHlwaS5vcmcMv3q4W-hNeRM0CKSSXCb12XUFWTdnEBw_Y8u3yVdkmoBYp6Sm1EPNamiRt60mny_RxplSE",
            "AKIAQ4RT7LMX2VKPZWN5",
            "hunter2-Fj39sLq",
        ] {
            assert!(!is_placeholder(v), "{v}");
        }
    }
}
