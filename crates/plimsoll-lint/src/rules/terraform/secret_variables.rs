use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `variable` whose name says it holds a secret (`password`,
    /// `secret`, `token`, `api_key`, `private_key`, `credentials`...) but
    /// which is not declared `sensitive = true`. Names describing a secret
    /// rather than holding one (`password_length`, `secret_arn`,
    /// `kms_key_id`, `token_ttl`, `enable_secret_rotation`) are skipped,
    /// and so are `bool` and `number` variables.
    ///
    /// ## Why is this bad?
    /// Terraform prints the value in plans and in errors, and CI logs keep
    /// it. `sensitive = true` redacts it in the CLI output (it still
    /// lands in state, which must be protected anyway).
    ///
    /// ## Example
    /// ```hcl
    /// variable "db_password" {
    ///   type = string
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// variable "db_password" {
    ///   type      = string
    ///   sensitive = true
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T10 (sensitive variables marked `sensitive`).
    /// - <https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output>
    pub struct SecretVariableNotSensitive {
        code: "TF010",
        name: "secret-variable-not-sensitive",
        summary: "Secret-named variable not marked `sensitive`",
        severity: Warning,
        category: Security,
        practices: ["T10"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `variable` whose name says it holds a secret and whose
    /// `default` is a non-empty string literal that does not look like a
    /// placeholder (`changeme`, `<password>`, `xxxx`, `TODO`...). The
    /// finding points at the default.
    ///
    /// ## Why is this bad?
    /// The secret is committed with the code, readable by everyone with
    /// access to the repository and its history, and every environment
    /// that forgets to override it shares it.
    ///
    /// ## Example
    /// ```hcl
    /// variable "db_password" {
    ///   type      = string
    ///   sensitive = true
    ///   default   = "Sup3rS3cret!"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// variable "db_password" {
    ///   type      = string
    ///   sensitive = true
    /// }
    /// ```
    ///
    /// Pass the value from a secret store (`TF_VAR_db_password` in CI, a
    /// data source such as `aws_secretsmanager_secret_version`) or let the
    /// provider manage it (`manage_master_user_password = true` on RDS).
    ///
    /// ## References
    /// - Practice T10 (no secrets in `.tf`/`.tfvars`).
    pub struct SecretVariableDefault {
        code: "TF011",
        name: "secret-variable-default",
        summary: "Secret-named variable with a literal default",
        severity: Error,
        category: Security,
        practices: ["T10"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// Whether the variable's declared type is a bool or a number.
fn scalar_non_string(cx: &TerraformContext<'_>, v: &crate::terraform::Variable<'_>) -> bool {
    v.type_
        .is_some_and(|t| matches!(cx.source(&t.value).trim(), "bool" | "number"))
        || v.default
            .is_some_and(|d| matches!(d.value, Expr::Bool(_) | Expr::Number(_)))
}

impl Rule for SecretVariableNotSensitive {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        for v in &cx.tf.variables {
            if !support::secret_name(v.name) || scalar_non_string(cx, v) {
                continue;
            }
            let sensitive = v.sensitive.map(|s| cx.eval(&s.value));
            match sensitive {
                Some(val) if val.as_bool() != Some(false) => {}
                Some(_) => {
                    let s = v.sensitive.map_or(v.block.header_span(), |s| s.span);
                    out.add(
                        s,
                        format!(
                            "variable `{}` holds a secret but sets `sensitive = false`",
                            v.name
                        ),
                    )
                    .help("set `sensitive = true`");
                }
                None => {
                    out.add(
                        v.block.header_span(),
                        format!(
                            "variable `{}` looks like a secret but is not marked `sensitive`",
                            v.name
                        ),
                    )
                    .help("add `sensitive = true` so plans and logs redact it");
                }
            }
        }
    }
}

impl Rule for SecretVariableDefault {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        for v in &cx.tf.variables {
            if !support::secret_name(v.name) || scalar_non_string(cx, v) {
                continue;
            }
            let Some(d) = v.default else { continue };
            let Some(value) = literal_str(&d.value) else {
                continue;
            };
            if support::placeholder(value) {
                continue;
            }
            out.add(
                d.value_span,
                format!("variable `{}` has a literal secret as its default", v.name),
            )
            .help("remove the default and pass the value from a secret store");
        }
    }
}
