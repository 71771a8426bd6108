//! K8S056 and K8S057: secrets written as literal values in container
//! environments and ConfigMaps.

use super::prelude::*;
use super::secret_support::{credential_in, may_be_secret, secret_word};

declare_rule! {
    /// ## What it does
    /// Reports a container environment variable with a literal `value` that
    /// is a secret:
    /// - the variable's name announces one (`password`, `passwd`, `pwd`,
    ///   `secret`, `token`, `api_key`/`apiKey`, `private_key`, `access_key`,
    ///   `credential`, `auth`) and the value is not obviously harmless; or
    /// - the value itself is a credential, whatever the name: an AWS access
    ///   key ID (`AKIA...`), a GitHub token (`ghp_...`, `github_pat_...`),
    ///   a Slack token (`xoxb-...`, `xoxp-...`), a private key block, or a
    ///   URL with a password (`postgres://app:pw@db/app`).
    ///
    /// Names that only talk about a secret are not reported: `*_FILE`,
    /// `*_PATH`, `*_URL`, `*_ENABLED`, `TOKEN_TTL`, `SECRET_NAME`,
    /// `*_KEY_ID`, `*_USER`... Neither are empty values, templated values
    /// and `$(VAR)` references, `<placeholders>`, booleans, numbers and
    /// durations, absolute paths, and URLs without a password. Every
    /// container is checked, init and ephemeral ones included.
    ///
    /// ## Why is this bad?
    /// The secret is in the repository and its history, and in the object
    /// that anyone allowed to read Deployments (not only Secrets) can see.
    /// It cannot be rotated without a commit.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   - name: DB_PASSWORD
    ///     value: hunter2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// env:
    ///   - name: DB_PASSWORD
    ///     valueFrom:
    ///       secretKeyRef: {name: db, key: password}
    /// ```
    ///
    /// ## References
    /// - Practices K12 (no secret-looking literal env values) and S01
    ///   (secret scanning).
    /// - kube-linter env-var-secret, Polaris sensitiveContainerEnvVar.
    pub struct SecretInEnvValue {
        code: "K8S056",
        name: "secret-in-env-value",
        summary: "Container environment variable holds a literal secret",
        severity: Error,
        category: Security,
        practices: ["K12", "S01"],
        peers: [KubeLinter "env-var-secret", Polaris "sensitiveContainerEnvVar"],
        fix: None,
        default: true,
    }
}

impl Rule for SecretInEnvValue {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        let Some(env) = c.get(yaml, "env") else {
            return;
        };
        for &var in yaml.items(env) {
            let Some(name) = yaml.get(var, "name").and_then(|n| yaml.str(n)) else {
                continue;
            };
            let Some(node) = yaml.get(var, "value") else {
                continue;
            };
            let Some(value) = yaml.str(node) else {
                continue;
            };
            if value.trim().is_empty() || helpers::is_templated(value) {
                continue;
            }
            let message = if let Some(what) = credential_in(value) {
                format!(
                    "env var `{name}` of {} of {} holds {what}",
                    c.display(),
                    o.display()
                )
            } else if let Some(word) = secret_word(name)
                && may_be_secret(value)
            {
                format!(
                    "env var `{name}` of {} of {} has a literal value, and its name says it is a secret ({word})",
                    c.display(),
                    o.display()
                )
            } else {
                continue;
            };
            out.add(value_span(cx, var, "value", node), message)
                .help("keep the value in a Secret and read it with `valueFrom.secretKeyRef`");
        }
    }
}

/// Extensions of files kept in ConfigMaps (`nginx.conf`, `users.json`):
/// such a key names a whole file, which the name heuristic does not judge.
const FILE_EXTENSIONS: [&str; 33] = [
    "conf",
    "cfg",
    "config",
    "ini",
    "yaml",
    "yml",
    "json",
    "toml",
    "xml",
    "properties",
    "env",
    "sh",
    "bash",
    "py",
    "js",
    "lua",
    "rb",
    "pl",
    "php",
    "sql",
    "txt",
    "md",
    "html",
    "tpl",
    "tmpl",
    "j2",
    "crt",
    "pem",
    "key",
    "cert",
    "htpasswd",
    "rules",
    "policy",
];

fn is_file_name(key: &str) -> bool {
    key.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
    })
}

/// Where a value is reported: the value when it is on one line, else the
/// key (a block scalar spans many lines).
fn value_span(cx: &K8sContext<'_>, map: NodeId, key: &str, value: NodeId) -> Span {
    let span = cx.span(value);
    if cx.text()[span.start..span.end].contains('\n') {
        cx.yaml
            .key_node(map, key)
            .map_or(span, |k| cx.yaml.node(k).span)
    } else {
        span
    }
}

declare_rule! {
    /// ## What it does
    /// Reports ConfigMap `data` entries that hold a secret:
    /// - a key whose name announces one (`password`, `secret`, `token`,
    ///   `api_key`, `credentials`... as for K8S056) with a literal one-line
    ///   value that is not obviously harmless; keys that look like file
    ///   names (`auth.conf`) and multi-line values are files, not secrets,
    ///   and are not judged by their name;
    /// - any value, files included, that contains a credential: a private
    ///   key block, an AWS access key ID, a GitHub or Slack token, or a URL
    ///   with a password.
    ///
    /// Templated values are not judged.
    ///
    /// ## Why is this bad?
    /// ConfigMaps are meant for configuration: they are readable by anyone
    /// with read access to the namespace, shown by `kubectl describe`,
    /// copied into logs and dashboards, and stored unencrypted in etcd even
    /// where Secrets are encrypted at rest. The secret is in the repository
    /// too.
    ///
    /// ## Example
    /// ```yaml
    /// kind: ConfigMap
    /// data:
    ///   LOG_LEVEL: info
    ///   API_TOKEN: 9f8e7d6c5b4a
    /// ```
    ///
    /// ## Use instead
    /// Move `API_TOKEN` to a Secret managed outside the repository
    /// (ExternalSecret, SealedSecret, SOPS) and keep only configuration in
    /// the ConfigMap.
    ///
    /// ## References
    /// - Practice K12 (no secret values in Git).
    /// - Polaris sensitiveConfigmapContent.
    pub struct SecretInConfigMap {
        code: "K8S057",
        name: "secret-in-configmap",
        summary: "ConfigMap holds a secret value",
        severity: Warning,
        category: Security,
        practices: ["K12"],
        peers: [Polaris "sensitiveConfigmapContent"],
        fix: None,
        default: true,
    }
}

impl Rule for SecretInConfigMap {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if !o.is("", "ConfigMap") {
            return;
        }
        let yaml = cx.yaml;
        let Some(data) = yaml.get(o.node, "data") else {
            return;
        };
        for (k, v) in yaml.entries(data) {
            let (Some(key), Some(value)) = (yaml.str(k), yaml.str(v)) else {
                continue;
            };
            if value.trim().is_empty() {
                continue;
            }
            let message = if let Some(what) = credential_in(value) {
                format!("key `{key}` of {} holds {what}", o.display())
            } else if !helpers::is_templated(value)
                && !value.trim().contains('\n')
                && !is_file_name(key)
                && let Some(word) = secret_word(key)
                && may_be_secret(value)
            {
                format!(
                    "key `{key}` of {} has a literal value, and its name says it is a secret ({word})",
                    o.display()
                )
            } else {
                continue;
            };
            out.add(value_span(cx, data, key, v), message)
                .help("move the secret to a Secret managed outside the repository and keep only configuration here");
        }
    }
}
