use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a PEM or PGP private key block: `-----BEGIN PRIVATE KEY-----` and
    /// its `RSA`, `EC`, `DSA`, `OPENSSH`, `ENCRYPTED` and `PGP … KEY BLOCK`
    /// variants, followed by at least 64 characters of key material (in a YAML
    /// block, a JSON string with `\n` escapes, anywhere). Public keys and
    /// certificates are not reported, nor are truncated (`...`) or templated
    /// bodies. Encrypted keys are reported as warnings: the passphrase still
    /// protects them.
    ///
    /// ## Why is this bad?
    /// A private key in a repository is a key everyone with read access holds:
    /// they can impersonate the server, decrypt its traffic or log in with it.
    /// The finding's code frame masks the key body.
    ///
    /// ## Example
    /// ```yaml
    /// tls.key: |
    ///   -----BEGIN RSA PRIVATE KEY-----
    ///   MIIEow…
    ///   -----END RSA PRIVATE KEY-----
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tls:
    ///   existingSecret: web-tls  # created by cert-manager or an ExternalSecret
    /// ```
    ///
    /// ## References
    /// - Practices S01, T10.
    /// - gitleaks: `private-key`.
    /// - Trivy secret rule: `private-key`.
    /// - checkov: `CKV_SECRET_13`.
    pub struct HardcodedPrivateKey {
        code: "SEC003",
        name: "hardcoded-private-key",
        summary: "Private key written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "T10"],
        peers: [Gitleaks "private-key", Trivy "private-key", Checkov "CKV_SECRET_13"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedPrivateKey {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::PrivateKey, out);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports the private key of a Google Cloud service-account key file: a
    /// private key block (see SEC003) in a text that also holds
    /// `"private_key_id"` and `service_account`, typically the JSON key pasted
    /// into a Helm value, a Kubernetes manifest or a CI variable. It is reported
    /// here instead of SEC003.
    ///
    /// ## Why is this bad?
    /// A service-account key never expires by default; whoever reads it acts
    /// as the service account, with all its IAM roles, until the key is
    /// deleted.
    ///
    /// ## Example
    /// ```yaml
    /// gcpCredentials: |
    ///   {"type": "service_account", "private_key_id": "3f…",
    ///    "private_key": "-----BEGIN PRIVATE KEY-----\nMIIE…"}
    /// ```
    ///
    /// ## Use instead
    /// Use workload identity (GKE) or workload identity federation (CI); failing that, keep the key file in a secret store.
    ///
    /// ## References
    /// - Practices S01, T10, CI08.
    /// - No peer rule maps one to one; gitleaks `private-key` and Trivy `private-key` see the key block.
    pub struct HardcodedGcpServiceAccountKey {
        code: "SEC018",
        name: "hardcoded-gcp-service-account-key",
        summary: "GCP service-account key written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "T10", "CI08"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedGcpServiceAccountKey {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::GcpServiceAccountKey, out);
    }
}
