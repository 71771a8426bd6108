use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Terraform (`.tf`, `.tofu`, `.tfvars`) or Terragrunt
    /// (`terragrunt.hcl`) file that is not valid HCL, at the position where
    /// the parser stopped: an unclosed brace, an unterminated string or
    /// heredoc, a missing `=`, or nesting deeper than 64 levels. The other
    /// Terraform rules skip such a file.
    ///
    /// ## Why is this bad?
    /// `terraform init`, `validate` and `plan` refuse the whole
    /// configuration, so nothing in the directory can be planned or applied.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_s3_bucket" "logs" {
    ///   bucket = "logs"
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_s3_bucket" "logs" {
    ///   bucket = "logs"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T04 (a configuration that `terraform validate` accepts,
    ///   with pinned versions).
    /// - <https://developer.hashicorp.com/terraform/language/syntax/configuration>
    pub struct HclSyntaxError {
        code: "TF001",
        name: "hcl-syntax-error",
        summary: "File is not valid HCL",
        severity: Error,
        category: Correctness,
        practices: ["T04"],
        peers: [],
        fix: None,
        default: true,
    }
}

fn report(hcl: &plimsoll_syntax::hcl::HclFile, text: &str, out: &mut Diagnostics<'_>) {
    let Some(e) = support::parse_error(hcl) else {
        return;
    };
    let at = e.offset.min(text.len());
    // One character wide when there is one (a zero-width span at the end).
    let end = text
        .get(at..)
        .and_then(|t| t.chars().next())
        .filter(|c| !matches!(c, '\n' | '\r'))
        .map_or(at, |c| at + c.len_utf8());
    let message = e.message.lines().next().unwrap_or("").trim();
    out.add(
        Span::new(at, end),
        if message.is_empty() {
            "invalid HCL: the parser stopped here".to_string()
        } else {
            format!("invalid HCL: {message}")
        },
    )
    .help("fix the syntax; `terraform fmt` points at the same place");
}

impl Rule for HclSyntaxError {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx.hcl, cx.text(), out);
    }

    fn check_terragrunt(&self, cx: &TerragruntContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx.hcl, cx.text(), out);
    }
}
