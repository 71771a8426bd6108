use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `resource`, `data` or `module` block that sets both
    /// `count` and `for_each`, at the second of the two.
    ///
    /// ## Why is this bad?
    /// Terraform refuses it ("Invalid combination of count and for_each"):
    /// the two meta-arguments are exclusive ways of making instances.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_sqs_queue" "q" {
    ///   count    = var.enabled ? 1 : 0
    ///   for_each = toset(var.names)
    ///   name     = each.key
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_sqs_queue" "q" {
    ///   for_each = var.enabled ? toset(var.names) : toset([])
    ///   name     = each.key
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T04 (a configuration `terraform validate` accepts).
    /// - <https://developer.hashicorp.com/terraform/language/meta-arguments/for_each>
    pub struct CountAndForEach {
        code: "TF018",
        name: "count-and-for-each",
        summary: "Block sets both `count` and `for_each`",
        severity: Error,
        category: Correctness,
        practices: ["T04"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for CountAndForEach {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        for b in &cx.hcl.body.blocks {
            if !matches!(b.ident.as_str(), "resource" | "data" | "module") {
                continue;
            }
            let (Some(count), Some(for_each)) = (b.attr("count"), b.attr("for_each")) else {
                continue;
            };
            let later = if count.span.start > for_each.span.start {
                count
            } else {
                for_each
            };
            let name = b
                .labels
                .iter()
                .map(|l| l.value.as_str())
                .collect::<Vec<_>>()
                .join(".");
            out.add(later.span, format!("{} `{name}` sets both `count` and `for_each`", b.ident))
                .help("keep one: `for_each` with a conditional collection replaces `count = cond ? 1 : 0`");
        }
    }
}
