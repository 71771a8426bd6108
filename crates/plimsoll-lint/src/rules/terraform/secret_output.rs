use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an `output` without `sensitive = true` whose value is a
    /// secret: it refers to a variable declared `sensitive = true` in the
    /// module, or to an attribute that providers mark sensitive
    /// (`random_password.x.result`, `tls_private_key.x.private_key_pem`,
    /// `aws_iam_access_key.x.secret`, `*.master_password`,
    /// `*.primary_access_key`...), or the output's own name says it is a
    /// secret (`db_password`, `api_token`). Terraform itself refuses the
    /// first two cases at plan time ("Output refers to sensitive values"),
    /// so they are reported as errors; a name alone is a warning.
    ///
    /// ## Why is this bad?
    /// Outputs are printed after every `apply`, into CI logs, and are read
    /// by anyone with `terraform output` or remote-state access.
    ///
    /// ## Example
    /// ```hcl
    /// output "db_password" {
    ///   value = random_password.db.result
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// output "db_password" {
    ///   value     = random_password.db.result
    ///   sensitive = true
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T10 (sensitive values marked `sensitive`).
    /// - <https://developer.hashicorp.com/terraform/language/values/outputs#sensitive-suppressing-values-in-cli-output>
    pub struct SecretOutputNotSensitive {
        code: "TF012",
        name: "secret-output-not-sensitive",
        summary: "Output of a secret value not marked `sensitive`",
        severity: Warning,
        category: Security,
        practices: ["T10"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// Attributes that providers mark sensitive, by resource type (`*` for
/// any type).
const SENSITIVE_ATTRS: [(&str, &str); 12] = [
    ("random_password", "result"),
    ("random_string", "result"),
    ("tls_private_key", "private_key_pem"),
    ("tls_private_key", "private_key_openssh"),
    ("tls_private_key", "private_key_pem_pkcs8"),
    ("aws_iam_access_key", "secret"),
    ("aws_iam_access_key", "ses_smtp_password_v4"),
    ("*", "master_password"),
    ("*", "primary_access_key"),
    ("*", "secondary_access_key"),
    ("*", "primary_connection_string"),
    ("*", "administrator_login_password"),
];

/// Why a value expression is certainly sensitive, if it is.
fn sensitive_source(cx: &TerraformContext<'_>, expr: &Expr) -> Option<String> {
    let mut found = None;
    plimsoll_syntax::hcl::walk_expr(expr, &mut |e| {
        if found.is_some() {
            return;
        }
        let Some(path) = plimsoll_syntax::hcl::traversal_path(e) else {
            return;
        };
        match path.as_slice() {
            ["var", name, ..] => {
                let sensitive = cx
                    .module
                    .variable(name)
                    .and_then(|v| v.sensitive)
                    .is_some_and(|s| cx.eval(&s.value).as_bool() == Some(true));
                if sensitive {
                    found = Some(format!("the sensitive variable `{name}`"));
                }
            }
            [kind, name, attr, ..]
                if SENSITIVE_ATTRS
                    .iter()
                    .any(|(k, a)| (*k == "*" || k == kind) && a == attr)
                    && kind.contains('_')
                    && !["var", "local", "module", "data"].contains(kind) =>
            {
                found = Some(format!(
                    "`{kind}.{name}.{attr}`, which the provider marks sensitive"
                ));
            }
            _ => {}
        }
    });
    found
}

impl Rule for SecretOutputNotSensitive {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        for o in &cx.tf.outputs {
            if o.sensitive.is_some() {
                continue;
            }
            let Some(value) = o.value else { continue };
            if let Some(why) = sensitive_source(cx, &value.value) {
                out.add(
                    o.block.header_span(),
                    format!(
                        "output `{}` is not marked `sensitive` but exposes {why}",
                        o.name
                    ),
                )
                .help("add `sensitive = true` (Terraform refuses the plan without it)")
                .severity(Severity::Error);
            } else if support::secret_name(o.name) {
                out.add(
                    o.block.header_span(),
                    format!(
                        "output `{}` looks like a secret but is not marked `sensitive`",
                        o.name
                    ),
                )
                .help("add `sensitive = true`");
            }
        }
    }
}
