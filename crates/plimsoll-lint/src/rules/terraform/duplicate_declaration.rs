use super::prelude::*;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports a second declaration of the same name in one module (all
    /// `.tf` files of a directory): `resource` and `data` (type and name),
    /// `variable`, `output`, `module`, and `locals` entries. The later one
    /// (by file name, then position) is reported, pointing at the first.
    /// Override files (`override.tf`, `*_override.tf`), which exist to
    /// redefine, are skipped.
    ///
    /// ## Why is this bad?
    /// Terraform refuses the configuration ("Duplicate resource
    /// configuration", "Duplicate variable declaration"...). Duplicates
    /// typically come from copying a file or splitting one badly.
    ///
    /// ## Example
    /// ```hcl
    /// variable "region" {
    ///   default = "eu-west-1"
    /// }
    ///
    /// variable "region" {
    ///   default = "us-east-1"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// variable "region" {
    ///   default = "eu-west-1"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T04 (a configuration `terraform validate` accepts).
    /// - <https://developer.hashicorp.com/terraform/language/files/override>
    pub struct DuplicateDeclaration {
        code: "TF017",
        name: "duplicate-declaration",
        summary: "Name declared twice in one module",
        severity: Error,
        category: Correctness,
        practices: ["T04"],
        peers: [],
        fix: None,
        default: true,
    }
}

fn is_override(f: &TfFile<'_>) -> bool {
    let n = f.file_name();
    n == "override.tf"
        || n.ends_with("_override.tf")
        || n == "override.tofu"
        || n.ends_with("_override.tofu")
}

/// Every declaration of a file: (kind, name, span).
fn declarations<'a>(f: &'a TfFile<'a>) -> Vec<(&'static str, String, Span)> {
    let mut out = Vec::new();
    for r in &f.resources {
        out.push((
            "resource",
            format!("{}.{}", r.kind, r.name),
            r.header_span(),
        ));
    }
    for r in &f.data {
        out.push((
            "data source",
            format!("data.{}.{}", r.kind, r.name),
            r.header_span(),
        ));
    }
    for v in &f.variables {
        out.push(("variable", v.name.to_string(), v.block.header_span()));
    }
    for o in &f.outputs {
        out.push(("output", o.name.to_string(), o.block.header_span()));
    }
    for m in &f.modules {
        out.push(("module", m.name.to_string(), m.block.header_span()));
    }
    for l in &f.locals {
        out.push(("local value", l.name.to_string(), l.attr.key_span));
    }
    out
}

impl Rule for DuplicateDeclaration {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        if cx.tf.is_tfvars || is_override(cx.tf) {
            return;
        }
        let mut first: HashMap<(&'static str, String), (&TfFile<'_>, Span)> = HashMap::new();
        for f in cx.module.tf_files().filter(|f| !is_override(f)) {
            let here = std::ptr::eq(f.parsed, cx.parsed);
            for (kind, name, span) in declarations(f) {
                match first.get(&(kind, name.clone())) {
                    Some((earlier, at)) if here => {
                        let message = format!("{kind} `{name}` is declared twice in this module");
                        let b = out.add(span, message).help("remove or rename one of them");
                        if std::ptr::eq(earlier.parsed, cx.parsed) {
                            b.related(*at, "first declared here");
                        } else {
                            b.related_in(&earlier.parsed.source, *at, "first declared here");
                        }
                    }
                    Some(_) => {}
                    None => {
                        first.insert((kind, name), (f, span));
                    }
                }
            }
        }
    }
}
