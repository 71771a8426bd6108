use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a literal assigned to a key whose name says it holds a secret
    /// (`password`, `passwd`, `pwd`, `passphrase`, `secret`, `token`, `api_key`,
    /// `access_key`, `private_key`, `client_secret`, `auth`, `credential`...,
    /// in any case and with `_`, `-`, `.` or camelCase) when the value looks
    /// generated: 10 to 256 characters without spaces, letters and digits
    /// (or letters alone in random mixed case, not camelCase words), and a
    /// Shannon entropy of at least `min(3.3, 0.8·log2(length))` bits per
    /// character. The assignment can be YAML `key: value`, dotenv `KEY=value`,
    /// HCL `key = "value"`, JSON `"key": "value"`, a Dockerfile `ENV`/`ARG`
    /// default or a `--password=value` flag. A base64 value that decodes to
    /// printable text (a Kubernetes Secret's `data:`) is judged by what it
    /// encodes.
    ///
    /// Not reported: names that point at a secret (`PASSWORD_FILE`,
    /// `secretName`, `TOKEN_URL`, `*_ID`, `*_TTL`...), references
    /// (`secretKeyRef`, `vault:…`, `arn:aws:secretsmanager:…`, paths),
    /// templates, placeholders (leetspeak ones too: `P@ssw0rd`), identifiers
    /// (`etcd-cluster-k8s`, `MY_ENV_VAR`) and words. When a
    /// domain rule already reports the same line (DF041, K8S056, K8S057, GHA008,
    /// GL018, DC013, DC014), only the domain rule's finding is kept.
    ///
    /// ## Why is this bad?
    /// A generated secret written next to its name is a credential waiting to
    /// be copied; short human passwords are left to the domain rules, which know
    /// whose password it is.
    ///
    /// ## Example
    /// ```yaml
    /// auth:
    ///   clientSecret: 9pQ2v…  # 32 random characters
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// auth:
    ///   existingSecret: oauth-client  # holds clientSecret
    /// ```
    ///
    /// ## References
    /// - Practices S01, T10, D06, K12, C06.
    /// - gitleaks: `generic-api-key`.
    /// - checkov: `CKV_SECRET_10`, `CKV_SECRET_6`.
    pub struct HighEntropySecretAssignment {
        code: "SEC012",
        name: "high-entropy-secret-assignment",
        summary: "Secret-named key assigned a high-entropy literal",
        severity: Warning,
        category: Security,
        practices: ["S01", "T10", "D06", "K12", "C06"],
        peers: [Gitleaks "generic-api-key", Checkov "CKV_SECRET_10", Checkov "CKV_SECRET_6"],
        fix: None,
        default: true,
    }
}

impl Rule for HighEntropySecretAssignment {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::GenericSecret, out);
    }
}
