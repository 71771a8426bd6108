use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports, in a `.tfvars` file, an assignment to a secret-named
    /// variable (`db_password`, `api_token`, `client_secret`...) whose value
    /// is a non-empty string literal that does not look like a placeholder
    /// (`changeme`, `<password>`, `xxxx`, `REPLACE_ME`...). Only the
    /// top-level keys of the file are judged.
    ///
    /// ## Why is this bad?
    /// `.tfvars` files are committed with the code: the secret is readable
    /// in the repository and its history forever, and rotating it means
    /// rewriting history.
    ///
    /// ## Example
    /// ```hcl
    /// db_password = "Sup3rS3cret!"
    /// ```
    ///
    /// ## Use instead
    /// Leave secrets out of `.tfvars`: pass them as `TF_VAR_db_password`
    /// from the CI secret store, or read them with a data source.
    ///
    /// ## References
    /// - Practice T10 (no secrets in `.tf`/`.tfvars`).
    pub struct TfvarsSecret {
        code: "TF013",
        name: "tfvars-literal-secret",
        summary: "Literal secret in a `.tfvars` file",
        severity: Error,
        category: Security,
        practices: ["T10"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for TfvarsSecret {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        if !cx.tf.is_tfvars {
            return;
        }
        for a in &cx.hcl.body.attributes {
            if !support::secret_name(&a.key) {
                continue;
            }
            let Some(value) = literal_str(&a.value) else {
                continue;
            };
            if support::placeholder(value) {
                continue;
            }
            out.add(
                a.value_span,
                format!("`{}` is set to a literal secret", a.key),
            )
            .help("remove it from the file and pass it from a secret store (`TF_VAR_...` in CI)");
        }
    }
}
