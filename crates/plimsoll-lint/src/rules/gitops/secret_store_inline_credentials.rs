use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a SecretStore or ClusterSecretStore whose `spec.provider`
    /// holds a credential as a literal string: a field named like one
    /// (`token`, `password`, `clientSecret`, `apiKey`, `accessKey`,
    /// `secretAccessKey`, `privateKey`...) with a scalar value instead of
    /// a `{name, key}` secret reference, or a webhook header value starting
    /// with `Bearer `, `Basic ` or `token `. Templated values and the
    /// `fake` provider are not reported.
    ///
    /// ## Why is this bad?
    /// The store exists so that credentials stay in a secret manager; a
    /// literal token in its manifest is committed to Git, readable by
    /// everyone with access to the repository, and usually grants access
    /// to every secret the store can read.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   provider:
    ///     webhook:
    ///       url: https://secrets.example.com/{{ .remoteRef.key }}
    ///       headers:
    ///         Authorization: Bearer 0b7f3c9e...
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///       headers:
    ///         Authorization: "Bearer {{ .auth.token }}"
    ///       secrets:
    ///         - name: auth
    ///           secretRef: {name: webhook-credentials}
    /// ```
    ///
    /// ## References
    /// - Practices O05 (secret stores), K12 (no secret values in Git) and S01 (secret scanning).
    /// - No peer.
    pub struct SecretStoreInlineCredentials {
        code: "OBS005",
        name: "secret-store-inline-credentials",
        summary: "SecretStore provider holds a literal credential",
        severity: Error,
        category: Security,
        practices: ["O05", "K12", "S01"],
        peers: [],
        fix: None,
        default: true,
    }
}

const CREDENTIAL_KEYS: [&str; 14] = [
    "token",
    "password",
    "secret",
    "clientsecret",
    "apikey",
    "api_key",
    "accesskey",
    "secretaccesskey",
    "secretkey",
    "privatekey",
    "accesstoken",
    "bearertoken",
    "authtoken",
    "serviceaccountkey",
];

fn literal_credential(key: &str, value: &str, in_headers: bool) -> bool {
    let v = value.trim();
    if v.is_empty() || is_templated(v) {
        return false;
    }
    if in_headers {
        let lower = v.to_ascii_lowercase();
        return ["bearer ", "basic ", "token "]
            .iter()
            .any(|p| lower.starts_with(p) && lower.len() > p.len() + 7);
    }
    CREDENTIAL_KEYS.contains(&key.to_ascii_lowercase().as_str())
}

impl Rule for SecretStoreInlineCredentials {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        if !(support::is_eso(o, "SecretStore") || support::is_eso(o, "ClusterSecretStore")) {
            return;
        }
        let Some(provider) = o.spec(yaml).and_then(|s| yaml.get(s, "provider")) else {
            return;
        };
        // (mapping, depth, under `headers`)
        let mut stack = vec![(provider, 0usize, false)];
        while let Some((map, depth, in_headers)) = stack.pop() {
            if depth > 12 {
                continue;
            }
            for (k, v) in yaml.entries(map) {
                let Some(key) = yaml.str(k) else { continue };
                if depth == 0 && key == "fake" {
                    continue;
                }
                let v = yaml.resolve(v);
                if yaml.is_mapping(v) {
                    stack.push((v, depth + 1, key == "headers"));
                    continue;
                }
                if yaml.is_sequence(v) {
                    for &item in yaml.items(v) {
                        let item = yaml.resolve(item);
                        if yaml.is_mapping(item) {
                            stack.push((item, depth + 1, false));
                        }
                    }
                    continue;
                }
                let Some(value) = yaml.str(v) else { continue };
                if literal_credential(key, value, in_headers) {
                    out.add(
                        cx.span(v),
                        format!(
                            "{} holds a literal credential in `{key}`: it is committed with the manifest",
                            o.display()
                        ),
                    )
                    .help("keep the credential in a Kubernetes Secret and refer to it (`secretRef`, `{name, key}`)");
                }
            }
        }
    }
}
