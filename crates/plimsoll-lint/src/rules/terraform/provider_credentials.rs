use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports credentials written as string literals in a `provider`
    /// block: `access_key`/`secret_key`/`token` of `aws`, `client_secret`
    /// and `client_certificate_password` of `azurerm`/`azuread`,
    /// `credentials`/`access_token` of `google`, and any other provider
    /// argument whose name says it is a secret (`password`, `token`,
    /// `api_key`...). Values from variables, functions (`file(...)`) or
    /// interpolations, and empty strings, are not reported.
    ///
    /// ## Why is this bad?
    /// The credential is committed with the code and visible to everyone
    /// who can read the repository or its history; it is also easily
    /// long-lived, since rotating it means a commit.
    ///
    /// ## Example
    /// ```hcl
    /// provider "aws" {
    ///   region     = "eu-west-1"
    ///   access_key = "AKIAIOSFODNN7EXAMPLE"
    ///   secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// provider "aws" {
    ///   region = "eu-west-1"
    ///   # credentials from the environment, a profile, or OIDC in CI
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T10 (no secrets in `.tf` files).
    /// - checkov CKV_AWS_41.
    pub struct ProviderLiteralCredentials {
        code: "TF023",
        name: "provider-literal-credentials",
        summary: "Credentials written in a `provider` block",
        severity: Error,
        category: Security,
        practices: ["T10"],
        peers: [Checkov "CKV_AWS_41"],
        fix: None,
        default: true,
    }
}

/// Credential arguments by provider, beyond secret-looking names.
const CREDENTIALS: [(&str, &str); 6] = [
    ("aws", "access_key"),
    ("aws", "secret_key"),
    ("google", "credentials"),
    ("google", "access_token"),
    ("azurerm", "client_certificate_password"),
    ("azuread", "client_certificate_password"),
];

impl Rule for ProviderLiteralCredentials {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        for p in &cx.tf.providers {
            for a in &p.block.body.attributes {
                let known = CREDENTIALS
                    .iter()
                    .any(|(prov, key)| *prov == p.name && *key == a.key);
                if !known && !support::secret_name(&a.key) {
                    continue;
                }
                let Some(value) = literal_str(&a.value) else {
                    continue;
                };
                if value.trim().is_empty() {
                    continue;
                }
                out.add(
                    a.span,
                    format!("provider `{}` has `{}` written in the configuration", p.name, a.key),
                )
                .help("remove it and let the provider read credentials from the environment, a profile or workload identity");
            }
        }
    }
}
