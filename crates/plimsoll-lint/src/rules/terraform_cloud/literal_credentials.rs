//! TF064: credentials written literally in resource and provider blocks.

use super::prelude::*;
use crate::terraform::literal_str;
use plimsoll_syntax::hcl::{Body, walk_blocks};

/// Attributes that hold a credential in whatever resource they appear.
const SECRET_ATTRIBUTES: [&str; 7] = [
    "password",
    "master_password",
    "admin_password",
    "administrator_login_password",
    "auth_token",
    "client_secret",
    "secret_key",
];

/// Provider arguments that hold a credential.
const PROVIDER_SECRETS: [&str; 5] = [
    "access_key",
    "secret_key",
    "token",
    "client_secret",
    "password",
];

/// A literal credential (not empty, not a reference to a secret store).
fn literal_secret(expr: &Expr) -> Option<&str> {
    let s = literal_str(expr)?.trim();
    let pointer = s.starts_with("arn:") || s.starts_with("{{resolve:");
    (!s.is_empty() && !pointer).then_some(s)
}

fn scan(body: &Body, keys: &[&str], found: &mut Vec<(Span, String)>) {
    for a in &body.attributes {
        if keys.contains(&a.key.as_str()) && literal_secret(&a.value).is_some() {
            found.push((a.span, a.key.clone()));
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports credentials written as string literals: the attributes
    /// `password`, `master_password`, `admin_password`,
    /// `administrator_login_password`, `auth_token`, `client_secret` and
    /// `secret_key` of any resource (nested blocks included, such as
    /// `os_profile`), and `access_key`, `secret_key`, `token`,
    /// `client_secret` and `password` of `provider` blocks. Values from
    /// variables, references and functions are not reported (a literal
    /// default of a secret variable is `secret-variable-default`'s
    /// business), nor empty strings and ARNs or `{{resolve:...}}` pointers
    /// to a secret store.
    ///
    /// ## Why is this bad?
    /// The credential is in the repository and its history, in every clone
    /// and CI log that prints the plan, and in the state; it cannot be
    /// rotated without a commit. Generate it (`random_password`), read it
    /// from a secret store, or let the service manage it
    /// (`manage_master_user_password` on RDS).
    ///
    /// ## Example
    /// ```hcl
    /// resource "azurerm_mssql_server" "main" {
    ///   name                         = "acme-sql"
    ///   administrator_login          = "sqladmin"
    ///   administrator_login_password = "AdminPassword123!"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "azurerm_mssql_server" "main" {
    ///   name                         = "acme-sql"
    ///   administrator_login          = "sqladmin"
    ///   administrator_login_password = random_password.sql.result
    /// }
    /// ```
    ///
    /// ## References
    /// - Practices T10 (no secrets in `.tf` files) and S01 (secret
    ///   scanning).
    /// - checkov CKV_AWS_41 (provider keys).
    pub struct LiteralCredential {
        code: "TF064",
        name: "literal-credential-in-resource",
        summary: "Password, token or key written literally in a resource or provider",
        severity: Error,
        category: Security,
        practices: ["T10", "S01"],
        peers: [Checkov "CKV_AWS_41"],
        fix: None,
        default: true,
    }
}

impl Rule for LiteralCredential {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        if cx.tf.is_tfvars {
            return;
        }
        for r in &cx.tf.resources {
            let mut found = Vec::new();
            scan(r.body(), &SECRET_ATTRIBUTES, &mut found);
            walk_blocks(r.body(), &mut |b| {
                scan(&b.body, &SECRET_ATTRIBUTES, &mut found);
            });
            for (span, key) in found {
                out.add(span, format!("{} sets `{key}` to a literal credential", subject(r)))
                    .help("generate it (`random_password`) or read it from a secret store; never commit it");
            }
        }
        for p in &cx.tf.providers {
            let mut found = Vec::new();
            scan(&p.block.body, &PROVIDER_SECRETS, &mut found);
            for (span, key) in found {
                out.add(
                    span,
                    format!("provider `{}` sets `{key}` to a literal credential", p.name),
                )
                .help("use the provider's credential chain (environment, profile, OIDC role) instead of keys in code");
            }
        }
    }
}
