use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a core `Secret` manifest whose `data` or `stringData` holds
    /// literal values. Not reported: empty values, templated values
    /// (`${VAR}`, `{{ ... }}`), placeholders written as `<...>`, and
    /// Secrets of type `kubernetes.io/service-account-token`, whose data
    /// the control plane fills in. One finding per Secret, at its first
    /// literal value.
    ///
    /// ## Why is this bad?
    /// `data` is only base64-encoded, not encrypted: anyone who can read the
    /// repository, its forks, clones and CI logs can read the secret, and
    /// it stays in the Git history after it is removed. Rotating it then
    /// means changing the credential everywhere it is used.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Secret
    /// metadata:
    ///   name: db
    /// stringData:
    ///   password: hunter2
    /// ```
    ///
    /// ## Use instead
    /// Commit an encrypted or indirect form and let the cluster create the
    /// Secret: a Bitnami `SealedSecret`, an External Secrets `ExternalSecret`
    /// reading a secret manager, or a file encrypted with SOPS that the
    /// deployment tool decrypts.
    ///
    /// ## References
    /// - Practice K12 (no secret values in Git).
    pub struct SecretManifestInRepository {
        code: "K8S055",
        name: "secret-manifest-in-repository",
        summary: "Secret manifest with literal values is committed",
        severity: Warning,
        category: Security,
        practices: ["K12"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for SecretManifestInRepository {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        if !o.is("", "Secret") {
            return;
        }
        let yaml = cx.yaml;
        let secret_type = yaml.get(o.node, "type").and_then(|n| yaml.str(n));
        if secret_type == Some("kubernetes.io/service-account-token") {
            return;
        }
        let mut keys: Vec<&str> = Vec::new();
        let mut first: Option<(NodeId, NodeId)> = None;
        for field in ["data", "stringData"] {
            let Some(map) = yaml.get(o.node, field) else {
                continue;
            };
            for (k, v) in yaml.entries(map) {
                let (Some(key), Some(value)) = (yaml.str(k), yaml.str(v)) else {
                    continue;
                };
                let value = value.trim();
                if value.is_empty()
                    || helpers::is_templated(value)
                    || helpers::is_templated(key)
                    || (value.starts_with('<') && value.ends_with('>'))
                {
                    continue;
                }
                keys.push(key);
                first.get_or_insert((map, k));
            }
        }
        let Some((map, k)) = first else {
            return;
        };
        let span = yaml
            .str(k)
            .and_then(|key| cx.entry_span(map, key))
            .unwrap_or_else(|| cx.span(k));
        let listed = keys
            .iter()
            .take(5)
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let more = if keys.len() > 5 {
            format!(" and {} more", keys.len() - 5)
        } else {
            String::new()
        };
        out.add(
            span,
            format!(
                "{} commits literal secret values to the repository ({listed}{more})",
                o.display()
            ),
        )
        .help("commit a SealedSecret or ExternalSecret, or encrypt the file with SOPS, instead of the plain Secret");
    }
}
