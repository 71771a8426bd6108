//! TF060 and TF061: literal credentials in Lambda environment variables
//! and in EC2 user data.

use super::prelude::*;
use crate::terraform::literal_str;
use plimsoll_syntax::hcl::ObjectKey;
use regex::Regex;
use std::sync::LazyLock;

static ACCESS_KEY_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b").unwrap_or_else(|_| unreachable!())
});
static PRIVATE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----")
        .unwrap_or_else(|_| unreachable!())
});
/// `NAME=value` in a script where the name says secret and the value is
/// literal (not `$VAR`, `$(...)`, `${...}`).
static SECRET_ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b([A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY)[A-Z0-9_]*)=["']?([^\s"'$\\]{6,})"#)
        .unwrap_or_else(|_| unreachable!())
});

/// Words in a variable name that say it holds a secret.
const SECRET_WORDS: [&str; 9] = [
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "private_key",
    "access_key",
    "credential",
];

/// Name endings that say the value points at a secret or describes one.
const POINTER_SUFFIXES: [&str; 14] = [
    "_arn",
    "_param",
    "_parameter",
    "_name",
    "_path",
    "_file",
    "_length",
    "_enabled",
    "_id",
    "_url",
    "_ttl",
    "_header",
    "_version",
    "_type",
];

/// What a literal environment value gives away, if anything.
fn secret_in_env(name: &str, value: &str) -> Option<String> {
    if let Some(m) = ACCESS_KEY_ID.find(value) {
        return Some(format!("an AWS access key ID (`{}…`)", &m.as_str()[..4]));
    }
    if PRIVATE_KEY.is_match(value) {
        return Some("a private key".to_string());
    }
    let lower = name.to_ascii_lowercase();
    if !SECRET_WORDS.iter().any(|w| lower.contains(w))
        || POINTER_SUFFIXES.iter().any(|s| lower.ends_with(s))
    {
        return None;
    }
    let v = value.trim();
    let pointer = v.starts_with("arn:")
        || v.starts_with('/')
        || v.starts_with("{{resolve:")
        || v.starts_with("ssm:")
        || v.starts_with("secretsmanager:");
    if v.chars().count() < 6 || pointer || v.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(format!("a literal value for `{name}`"))
}

declare_rule! {
    /// ## What it does
    /// Reports literal values in `aws_lambda_function`
    /// `environment.variables` that are credentials: AWS access key IDs,
    /// private keys, and values of at least six characters for variables
    /// whose name says secret (`password`, `secret`, `token`, `api_key`,
    /// `private_key`, `access_key`, `credential`). Names ending in `_ARN`,
    /// `_PARAM`, `_NAME`, `_PATH`, `_ID`, `_LENGTH`... and values that
    /// point at a secret store (`arn:...`, `/ssm/path`) are not reported,
    /// nor values from variables or references.
    ///
    /// ## Why is this bad?
    /// Environment variables are shown in the console and returned by
    /// `GetFunctionConfiguration` to anyone with read access, end up in
    /// the Terraform state and are committed with the code. The secret
    /// cannot be rotated without a deploy.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_lambda_function" "api" {
    ///   function_name = "api"
    ///   environment {
    ///     variables = {
    ///       DB_PASSWORD = "s3cr3t-Passw0rd"
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_lambda_function" "api" {
    ///   function_name = "api"
    ///   environment {
    ///     variables = {
    ///       DB_PASSWORD_SECRET_ARN = aws_secretsmanager_secret.db.arn
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practices T10 (no secrets in `.tf` files) and S01 (secret
    ///   scanning).
    /// - checkov CKV_AWS_45.
    pub struct LambdaEnvironmentSecret {
        code: "TF060",
        name: "lambda-environment-secret",
        summary: "Credential written in a Lambda function's environment",
        severity: Error,
        category: Security,
        practices: ["T10", "S01"],
        peers: [Checkov "CKV_AWS_45"],
        fix: None,
        default: true,
    }
}

impl Rule for LambdaEnvironmentSecret {
    fn check_tf_resource(
        &self,
        _cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != "aws_lambda_function" {
            return;
        }
        let Some(vars) = r.attr("environment.variables") else {
            return;
        };
        let Expr::Object(object) = vars.value else {
            return;
        };
        for (k, v) in object {
            let (name, key_span) = match k {
                ObjectKey::Ident(i) => (i.as_str(), None),
                ObjectKey::Expression(e) => match literal_str(e) {
                    Some(n) => (n, Some(expr_span(e))),
                    None => continue,
                },
            };
            let Some(value) = literal_str(v.expr()) else {
                continue;
            };
            if let Some(what) = secret_in_env(name, value) {
                let value_span = expr_span(v.expr());
                let start = key_span.map_or(value_span.start, |s| s.start);
                let span = if key_span.is_some() {
                    Span::new(start, value_span.end)
                } else {
                    value_span
                };
                out.add(
                    span,
                    format!("{} holds {what} in its environment", subject(r)),
                )
                .help("keep the secret in Secrets Manager or SSM Parameter Store and pass its ARN or name");
            }
        }
    }
}

/// What a user data script gives away, if anything.
fn secret_in_script(text: &str) -> Option<String> {
    if let Some(m) = ACCESS_KEY_ID.find(text) {
        return Some(format!("an AWS access key ID (`{}…`)", &m.as_str()[..4]));
    }
    if PRIVATE_KEY.is_match(text) {
        return Some("a private key".to_string());
    }
    SECRET_ASSIGNMENT.captures_iter(text).find_map(|c| {
        let name = c.get(1)?.as_str();
        let lower = name.to_ascii_lowercase();
        if POINTER_SUFFIXES.iter().any(|s| lower.ends_with(s)) {
            return None;
        }
        Some(format!("a literal value for `{name}`"))
    })
}

declare_rule! {
    /// ## What it does
    /// Reports `user_data` of `aws_instance`, `aws_launch_template` and
    /// `aws_launch_configuration` whose literal text (a heredoc, a string,
    /// or a string inside `base64encode(...)`) holds credentials: AWS access
    /// key IDs, private keys, or `NAME=value` assignments where the name
    /// says secret (`PASSWORD`, `SECRET`, `TOKEN`, `API_KEY`) and the value
    /// is literal, at least six characters. Values taken from variables or
    /// commands (`$VAR`, `${var.x}`, `$(aws secretsmanager ...)`) and
    /// scripts read from files are not reported.
    ///
    /// ## Why is this bad?
    /// User data is readable by anyone who can describe the instance or
    /// launch template and by every process on the instance through the
    /// metadata service; it is also stored in the Terraform state and the
    /// repository. Fetch secrets at boot from Secrets Manager or SSM with
    /// the instance role instead.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_instance" "web" {
    ///   user_data = <<-EOF
    ///     export DB_PASSWORD=hunter2hunter2
    ///   EOF
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_instance" "web" {
    ///   user_data = <<-EOF
    ///     export DB_PASSWORD="$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)"
    ///   EOF
    /// }
    /// ```
    ///
    /// ## References
    /// - Practices T10 (no secrets in `.tf` files) and S01 (secret
    ///   scanning).
    /// - checkov CKV_AWS_46; Trivy AVD-AWS-0029.
    pub struct UserDataSecret {
        code: "TF061",
        name: "user-data-secret",
        summary: "Credential written in EC2 user data",
        severity: Error,
        category: Security,
        practices: ["T10", "S01"],
        peers: [Checkov "CKV_AWS_46", Trivy "AVD-AWS-0029"],
        fix: None,
        default: true,
    }
}

impl Rule for UserDataSecret {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if !matches!(
            r.kind,
            "aws_instance" | "aws_launch_template" | "aws_launch_configuration"
        ) {
            return;
        }
        let Some(a) = r.attr("user_data") else {
            return;
        };
        // The literal text as written: interpolations are not literal
        // values, so the regexes' value classes stop at `$`.
        let raw = cx.source(a.value_span);
        if let Some(what) = secret_in_script(raw) {
            out.add(a.span, format!("{} has {what} in its user data", subject(r)))
                .help("fetch secrets at boot from Secrets Manager or SSM Parameter Store with the instance role");
        }
    }
}
