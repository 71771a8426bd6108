//! HCL (Terraform `.tf`, `.tfvars`, `terragrunt.hcl`) parsed with
//! `hcl-edit` into a small span-keeping tree of blocks and attributes.
//!
//! Structure (bodies, blocks, labels, attributes) is converted into owned
//! types with [`Span`]s; expressions stay `hcl-edit` [`Expr`]essions, whose
//! spans [`expr_span`] reads. `hcl-edit` bounds nesting (64 levels) and
//! operator chains, so neither parsing nor walking a tree can exhaust the
//! stack; a parse error becomes [`HclFile::error`] with an empty body.

use plimsoll_diagnostics::Span;

pub use hcl_edit;
pub use hcl_edit::expr::{
    BinaryOperator, Expression as Expr, ObjectKey, TraversalOperator, UnaryOperator,
};
pub use hcl_edit::template::{Element, Template};

/// A parsed HCL file.
#[derive(Debug, Default)]
pub struct HclFile {
    pub body: Body,
    /// Why the file could not be parsed (the body is then empty).
    pub error: Option<ParseError>,
}

/// Where and why parsing stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// Byte offset of the error in the text.
    pub offset: usize,
    /// 1-based line and column, as the parser counts them.
    pub line: usize,
    pub column: usize,
}

/// A body: the attributes and blocks of a file or a block, in source order
/// within each list.
#[derive(Debug, Default)]
pub struct Body {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<Block>,
}

/// `key = value`.
#[derive(Debug)]
pub struct Attribute {
    pub key: String,
    pub key_span: Span,
    pub value: Expr,
    pub value_span: Span,
    /// From the key to the end of the value.
    pub span: Span,
}

/// A block label: `"aws_s3_bucket"` or a bare identifier.
#[derive(Debug)]
pub struct Label {
    pub value: String,
    /// The label as written (quotes included).
    pub span: Span,
}

/// `ident "label" ... { body }`.
#[derive(Debug)]
pub struct Block {
    pub ident: String,
    pub ident_span: Span,
    pub labels: Vec<Label>,
    pub body: Body,
    /// The whole block, from the identifier to the closing brace.
    pub span: Span,
}

impl Body {
    /// The attribute `key` (the first one when repeated).
    pub fn attr(&self, key: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.key == key)
    }

    /// The first block named `ident`.
    pub fn block(&self, ident: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.ident == ident)
    }

    /// Every block named `ident`.
    pub fn blocks<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| b.ident == ident)
    }
}

impl Block {
    /// The `i`th label's value.
    pub fn label(&self, i: usize) -> Option<&str> {
        self.labels.get(i).map(|l| l.value.as_str())
    }

    /// The header: identifier and labels (`resource "aws_s3_bucket" "logs"`),
    /// where "missing attribute" findings point.
    pub fn header_span(&self) -> Span {
        let end = self
            .labels
            .last()
            .map_or(self.ident_span.end, |l| l.span.end);
        Span::new(self.ident_span.start, end)
    }

    pub fn attr(&self, key: &str) -> Option<&Attribute> {
        self.body.attr(key)
    }
}

/// Parses HCL text. Never panics: errors are returned in [`HclFile::error`].
pub fn parse(text: &str) -> HclFile {
    match hcl_edit::parser::parse_body(text) {
        Ok(body) => HclFile {
            body: convert_body(body, text.len()),
            error: None,
        },
        Err(e) => {
            let loc = e.location();
            HclFile {
                body: Body::default(),
                error: Some(ParseError {
                    message: e.message().to_string(),
                    offset: loc.offset().min(text.len()),
                    line: loc.line(),
                    column: loc.column(),
                }),
            }
        }
    }
}

/// The span of an expression as parsed (empty at 0 for synthetic ones).
pub fn expr_span(expr: &Expr) -> Span {
    use hcl_edit::Span as _;
    expr.span().map_or(Span::empty(0), Span::from)
}

fn span_of(range: Option<std::ops::Range<usize>>, len: usize) -> Span {
    range.map_or(Span::empty(0), |r| {
        Span::new(r.start.min(len), r.end.min(len))
    })
}

fn convert_body(body: hcl_edit::structure::Body, len: usize) -> Body {
    use hcl_edit::Span as _;
    use hcl_edit::structure::Structure;
    let mut out = Body::default();
    for structure in body {
        match structure {
            Structure::Attribute(a) => {
                let key_span = span_of(a.key.span(), len);
                let value_span = span_of(a.value.span(), len);
                let span = Span::new(key_span.start, value_span.end.max(key_span.end));
                out.attributes.push(Attribute {
                    key: a.key.as_str().to_string(),
                    key_span,
                    value: a.value,
                    value_span,
                    span,
                });
            }
            Structure::Block(b) => {
                let span = span_of(b.span(), len);
                let ident_span = span_of(b.ident.span(), len);
                let labels = b
                    .labels
                    .iter()
                    .map(|l| Label {
                        value: l.as_str().to_string(),
                        span: span_of(
                            match l {
                                hcl_edit::structure::BlockLabel::Ident(i) => i.span(),
                                hcl_edit::structure::BlockLabel::String(s) => s.span(),
                            },
                            len,
                        ),
                    })
                    .collect();
                out.blocks.push(Block {
                    ident: b.ident.as_str().to_string(),
                    ident_span,
                    labels,
                    body: convert_body(b.body, len),
                    span: Span::new(ident_span.start, span.end.max(ident_span.end)),
                });
            }
        }
    }
    out
}

/// A traversal rooted at a variable, as plain names: `var.x` -> `["var",
/// "x"]`, `aws_s3_bucket.logs.id` -> `["aws_s3_bucket", "logs", "id"]`,
/// stopping at the first index or splat. `None` for other expressions.
pub fn traversal_path(expr: &Expr) -> Option<Vec<&str>> {
    match expr {
        Expr::Variable(v) => Some(vec![v.as_str()]),
        Expr::Traversal(t) => {
            let Expr::Variable(root) = &t.expr else {
                return None;
            };
            let mut path = vec![root.as_str()];
            for op in &t.operators {
                match op.value() {
                    TraversalOperator::GetAttr(name) => path.push(name.as_str()),
                    _ => break,
                }
            }
            Some(path)
        }
        _ => None,
    }
}

/// Calls `f` on `expr` and every expression nested in it (template
/// interpolations, object keys and values, arguments...), depth first.
/// Depth is bounded by the parser's nesting limit.
pub fn walk_expr<'a>(expr: &'a Expr, f: &mut dyn FnMut(&'a Expr)) {
    f(expr);
    match expr {
        Expr::Array(a) => a.iter().for_each(|e| walk_expr(e, f)),
        Expr::Object(o) => {
            for (k, v) in o {
                if let ObjectKey::Expression(k) = k {
                    walk_expr(k, f);
                }
                walk_expr(v.expr(), f);
            }
        }
        Expr::StringTemplate(t) => walk_template(t, f),
        Expr::HeredocTemplate(h) => walk_template(&h.template, f),
        Expr::Parenthesis(p) => walk_expr(p.inner(), f),
        Expr::Conditional(c) => {
            walk_expr(&c.cond_expr, f);
            walk_expr(&c.true_expr, f);
            walk_expr(&c.false_expr, f);
        }
        Expr::FuncCall(c) => c.args.iter().for_each(|e| walk_expr(e, f)),
        Expr::Traversal(t) => {
            walk_expr(&t.expr, f);
            for op in &t.operators {
                if let TraversalOperator::Index(i) = op.value() {
                    walk_expr(i, f);
                }
            }
        }
        Expr::UnaryOp(u) => walk_expr(&u.expr, f),
        Expr::BinaryOp(b) => {
            walk_expr(&b.lhs_expr, f);
            walk_expr(&b.rhs_expr, f);
        }
        Expr::ForExpr(x) => {
            walk_expr(&x.intro.collection_expr, f);
            if let Some(k) = &x.key_expr {
                walk_expr(k, f);
            }
            walk_expr(&x.value_expr, f);
            if let Some(c) = &x.cond {
                walk_expr(&c.expr, f);
            }
        }
        Expr::Null(_) | Expr::Bool(_) | Expr::Number(_) | Expr::String(_) | Expr::Variable(_) => {}
    }
}

fn walk_template<'a>(t: &'a Template, f: &mut dyn FnMut(&'a Expr)) {
    use hcl_edit::template::Directive;
    for el in t {
        match el {
            Element::Literal(_) => {}
            Element::Interpolation(i) => walk_expr(&i.expr, f),
            Element::Directive(d) => match d.as_ref() {
                Directive::If(i) => {
                    walk_expr(&i.if_expr.cond_expr, f);
                    walk_template(&i.if_expr.template, f);
                    if let Some(e) = &i.else_expr {
                        walk_template(&e.template, f);
                    }
                }
                Directive::For(x) => {
                    walk_expr(&x.for_expr.collection_expr, f);
                    walk_template(&x.for_expr.template, f);
                }
            },
        }
    }
}

/// Calls `f` on every block nested in `body` (not `body`'s own), depth
/// first.
pub fn walk_blocks<'a>(body: &'a Body, f: &mut dyn FnMut(&'a Block)) {
    for b in &body.blocks {
        f(b);
        walk_blocks(&b.body, f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_labels_and_attributes_keep_spans() {
        let text = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"x\"\n  versioning {\n    enabled = true\n  }\n}\n";
        let f = parse(text);
        assert!(f.error.is_none());
        let b = &f.body.blocks[0];
        assert_eq!(b.ident, "resource");
        assert_eq!(b.label(0), Some("aws_s3_bucket"));
        assert_eq!(b.label(1), Some("logs"));
        assert_eq!(
            b.header_span().slice(text),
            "resource \"aws_s3_bucket\" \"logs\""
        );
        assert!(b.span.slice(text).ends_with('}'));
        let a = b.attr("bucket").unwrap();
        assert_eq!(a.span.slice(text), "bucket = \"x\"");
        assert_eq!(a.value_span.slice(text), "\"x\"");
        let v = b.body.block("versioning").unwrap();
        assert_eq!(v.attr("enabled").unwrap().value.as_bool(), Some(true));
    }

    #[test]
    fn errors_have_positions() {
        for text in [
            "resource \"a\" {\n  x = \n}\n",
            "x = <<EOT\nunterminated\n",
            "\u{0}\u{1}\u{2}binary",
            "x = ",
        ] {
            let f = parse(text);
            let e = f.error.expect("error");
            assert!(e.line >= 1 && e.offset <= text.len(), "{e:?}");
        }
        let deep = format!("x = {}1{}\n", "[".repeat(5000), "]".repeat(5000));
        assert!(parse(&deep).error.is_some());
    }

    #[test]
    fn traversal_paths() {
        let f = parse("a = var.x\nb = aws_s3_bucket.logs.id\nc = local.m[\"k\"].z\n");
        let p: Vec<_> = f
            .body
            .attributes
            .iter()
            .map(|a| traversal_path(&a.value).unwrap().join("."))
            .collect();
        assert_eq!(p, ["var.x", "aws_s3_bucket.logs.id", "local.m"]);
    }
}
