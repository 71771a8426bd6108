//! The blocks of one Terraform file, typed, borrowing from its parsed HCL.

use crate::parse::ParsedFile;
use plimsoll_diagnostics::Span;
use plimsoll_syntax::hcl::{
    Attribute, Block, Body, Expr, HclFile, ObjectKey, expr_span, traversal_path, walk_blocks,
    walk_expr,
};

/// An attribute, or an item of an object value reached through a path
/// (`versioning.enabled` where `versioning = { enabled = true }`).
#[derive(Debug, Clone, Copy)]
pub struct Attr<'a> {
    pub key: &'a str,
    pub key_span: Span,
    pub value: &'a Expr,
    pub value_span: Span,
    /// `key = value` whole.
    pub span: Span,
}

impl<'a> From<&'a Attribute> for Attr<'a> {
    fn from(a: &'a Attribute) -> Self {
        Attr {
            key: &a.key,
            key_span: a.key_span,
            value: &a.value,
            value_span: a.value_span,
            span: a.span,
        }
    }
}

impl<'a> Attr<'a> {
    /// The value when it is a string literal (no interpolation).
    pub fn literal_str(&self) -> Option<&'a str> {
        literal_str(self.value)
    }
}

/// A string literal expression's text: `"x"`, or a template made only of
/// literal text.
pub fn literal_str(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::String(s) => Some(s.as_str()),
        Expr::StringTemplate(t) => match t.iter().collect::<Vec<_>>().as_slice() {
            [] => Some(""),
            [plimsoll_syntax::hcl::Element::Literal(l)] => Some(l.as_str()),
            _ => None,
        },
        _ => None,
    }
}

/// What a path lookup found.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    Found(Attr<'a>),
    /// Nothing on the path.
    Missing,
    /// A `dynamic "name"` block stands where a block of the path would be:
    /// whether the attribute is set cannot be judged.
    Dynamic,
}

/// Resolves `a.b.c` below `body`: every segment but the last names a
/// nested block (the first of that name) or an attribute whose value is an
/// object; the last names an attribute or object item.
pub fn lookup<'a>(body: &'a Body, path: &str) -> Lookup<'a> {
    let mut segments = path.split('.').peekable();
    let mut body = body;
    while let Some(seg) = segments.next() {
        let last = segments.peek().is_none();
        if last {
            return body
                .attr(seg)
                .map_or(Lookup::Missing, |a| Lookup::Found(a.into()));
        }
        if let Some(b) = body.block(seg) {
            body = &b.body;
            continue;
        }
        if body.blocks("dynamic").any(|d| d.label(0) == Some(seg)) {
            return Lookup::Dynamic;
        }
        if let Some(a) = body.attr(seg) {
            let rest: Vec<&str> = segments.collect();
            return lookup_object(a.into(), &rest);
        }
        return Lookup::Missing;
    }
    Lookup::Missing
}

/// Follows `rest` through object values.
fn lookup_object<'a>(mut at: Attr<'a>, rest: &[&str]) -> Lookup<'a> {
    for seg in rest {
        let Expr::Object(o) = at.value else {
            // Not an object literal: a variable, a function... unknown shape.
            return if matches!(at.value, Expr::Null(_)) {
                Lookup::Missing
            } else {
                Lookup::Dynamic
            };
        };
        let found = o.iter().find_map(|(k, v)| {
            let (name, span) = match k {
                ObjectKey::Ident(i) => (i.as_str(), object_key_span(k)),
                ObjectKey::Expression(e) => (literal_str(e)?, expr_span(e)),
            };
            (name == *seg).then(|| {
                let value_span = expr_span(v.expr());
                Attr {
                    key: name,
                    key_span: span,
                    value: v.expr(),
                    value_span,
                    span: Span::new(span.start, value_span.end.max(span.end)),
                }
            })
        });
        match found {
            Some(a) => at = a,
            None if o.iter().any(
                |(k, _)| matches!(k, ObjectKey::Expression(e) if literal_str(e).is_none()),
            ) =>
            {
                return Lookup::Dynamic;
            }
            None => return Lookup::Missing,
        }
    }
    Lookup::Found(at)
}

fn object_key_span(k: &ObjectKey) -> Span {
    use plimsoll_syntax::hcl::hcl_edit::Span as _;
    match k {
        ObjectKey::Ident(i) => i.span().map_or(Span::empty(0), Span::from),
        ObjectKey::Expression(e) => expr_span(e),
    }
}

/// The nested block at a dotted path of block names.
pub fn block_at<'a>(body: &'a Body, path: &str) -> Option<&'a Block> {
    let mut found = None;
    let mut body = body;
    for seg in path.split('.') {
        let b = body.block(seg)?;
        body = &b.body;
        found = Some(b);
    }
    found
}

/// A `resource` or `data` block.
#[derive(Debug)]
pub struct Resource<'a> {
    pub block: &'a Block,
    /// The resource type, `aws_s3_bucket`.
    pub kind: &'a str,
    pub name: &'a str,
    /// A `data` block.
    pub data: bool,
    /// Other resources and data sources this one refers to: traversals
    /// such as `aws_kms_key.main.arn` anywhere in its body.
    pub refs: Vec<Ref<'a>>,
}

impl<'a> Resource<'a> {
    fn new(block: &'a Block, data: bool) -> Option<Resource<'a>> {
        let kind = block.label(0)?;
        let name = block.label(1)?;
        Some(Resource {
            block,
            kind,
            name,
            data,
            refs: references(&block.body),
        })
    }

    /// `aws_s3_bucket.logs` (`data.aws_iam_policy_document.x` for data).
    pub fn address(&self) -> String {
        if self.data {
            format!("data.{}.{}", self.kind, self.name)
        } else {
            format!("{}.{}", self.kind, self.name)
        }
    }

    /// The provider prefix of the type: `aws` for `aws_s3_bucket`.
    pub fn provider(&self) -> &'a str {
        self.kind.split('_').next().unwrap_or(self.kind)
    }

    pub fn body(&self) -> &'a Body {
        &self.block.body
    }

    /// The attribute at a path (`versioning.enabled`, nested blocks by
    /// name), or `None` when missing or behind a `dynamic` block.
    pub fn attr(&self, path: &str) -> Option<Attr<'a>> {
        match lookup(&self.block.body, path) {
            Lookup::Found(a) => Some(a),
            _ => None,
        }
    }

    /// The attribute at a path, telling missing from undecidable.
    pub fn lookup(&self, path: &str) -> Lookup<'a> {
        lookup(&self.block.body, path)
    }

    /// The first nested block at a dotted path of block names.
    pub fn block(&self, path: &str) -> Option<&'a Block> {
        block_at(&self.block.body, path)
    }

    /// Every direct nested block named `name`.
    pub fn blocks(&self, name: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.block.body.blocks(name)
    }

    /// Whether a `dynamic "name"` block generates blocks named `name`.
    pub fn has_dynamic(&self, name: &str) -> bool {
        self.block
            .body
            .blocks("dynamic")
            .any(|d| d.label(0) == Some(name))
    }

    /// The header (`resource "aws_s3_bucket" "logs"`), where findings
    /// about something missing point.
    pub fn header_span(&self) -> Span {
        self.block.header_span()
    }

    /// Whether this resource refers to `other` (by type and name).
    pub fn refers_to(&self, other: &Resource<'_>) -> bool {
        self.refs
            .iter()
            .any(|r| r.data == other.data && r.kind == other.kind && r.name == other.name)
    }
}

/// Roots of traversals that are not resources.
const NOT_RESOURCES: [&str; 9] = [
    "var",
    "local",
    "module",
    "path",
    "each",
    "count",
    "self",
    "terraform",
    "provider",
];

/// A reference to a resource (`aws_kms_key.main.arn`) or data source
/// (`data.aws_caller_identity.current.id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ref<'a> {
    pub data: bool,
    pub kind: &'a str,
    pub name: &'a str,
}

/// Every resource or data traversal in `body` and its nested blocks.
fn references(body: &Body) -> Vec<Ref<'_>> {
    let mut out = Vec::new();
    {
        let mut on_expr = |e| {
            if let Some(path) = traversal_path(e) {
                match path.as_slice() {
                    ["data", kind, name, ..] => out.push(Ref {
                        data: true,
                        kind,
                        name,
                    }),
                    [kind, name, ..] if !NOT_RESOURCES.contains(kind) && kind.contains('_') => {
                        out.push(Ref {
                            data: false,
                            kind,
                            name,
                        });
                    }
                    _ => {}
                }
            }
        };
        for a in &body.attributes {
            walk_expr(&a.value, &mut on_expr);
        }
        walk_blocks(body, &mut |b| {
            for a in &b.body.attributes {
                walk_expr(&a.value, &mut on_expr);
            }
        });
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A `variable` block.
#[derive(Debug)]
pub struct Variable<'a> {
    pub block: &'a Block,
    pub name: &'a str,
    pub default: Option<&'a Attribute>,
    pub type_: Option<&'a Attribute>,
    pub sensitive: Option<&'a Attribute>,
    pub validations: Vec<&'a Block>,
}

/// A `locals` entry.
#[derive(Debug)]
pub struct Local<'a> {
    pub name: &'a str,
    pub attr: &'a Attribute,
}

/// An `output` block.
#[derive(Debug)]
pub struct Output<'a> {
    pub block: &'a Block,
    pub name: &'a str,
    pub value: Option<&'a Attribute>,
    pub sensitive: Option<&'a Attribute>,
}

/// A `module` block (a call).
#[derive(Debug)]
pub struct ModuleCall<'a> {
    pub block: &'a Block,
    pub name: &'a str,
    pub source: Option<&'a Attribute>,
    pub version: Option<&'a Attribute>,
}

impl<'a> ModuleCall<'a> {
    /// The literal `source` string.
    pub fn source_str(&self) -> Option<&'a str> {
        literal_str(&self.source?.value)
    }

    /// Whether the source is a local path (`./x`, `../x`).
    pub fn is_local(&self) -> bool {
        self.source_str()
            .is_some_and(|s| s.starts_with("./") || s.starts_with("../"))
    }
}

/// A `provider` block.
#[derive(Debug)]
pub struct Provider<'a> {
    pub block: &'a Block,
    pub name: &'a str,
    pub alias: Option<&'a Attribute>,
    pub default_tags: Option<&'a Block>,
}

/// An entry of `required_providers`.
#[derive(Debug)]
pub struct RequiredProvider<'a> {
    pub name: &'a str,
    pub attr: &'a Attribute,
    pub source: Option<Attr<'a>>,
    /// `version` of the object form, or the legacy string form's value.
    pub version: Option<Attr<'a>>,
}

/// A `backend "type"` block.
#[derive(Debug)]
pub struct Backend<'a> {
    pub block: &'a Block,
    pub kind: &'a str,
}

/// A `terraform` block.
#[derive(Debug)]
pub struct TerraformBlock<'a> {
    pub block: &'a Block,
    pub required_version: Option<&'a Attribute>,
    pub required_providers: Vec<RequiredProvider<'a>>,
    pub backend: Option<Backend<'a>>,
    pub cloud: Option<&'a Block>,
}

/// One `.tf`/`.tofu`/`.tfvars` file of a module, typed.
#[derive(Debug)]
pub struct TfFile<'a> {
    pub parsed: &'a ParsedFile,
    pub hcl: &'a HclFile,
    /// A `.tfvars` file (attributes only).
    pub is_tfvars: bool,
    pub resources: Vec<Resource<'a>>,
    pub data: Vec<Resource<'a>>,
    pub variables: Vec<Variable<'a>>,
    pub locals: Vec<Local<'a>>,
    pub outputs: Vec<Output<'a>>,
    pub modules: Vec<ModuleCall<'a>>,
    pub providers: Vec<Provider<'a>>,
    pub terraform: Vec<TerraformBlock<'a>>,
}

impl<'a> TfFile<'a> {
    /// Types the blocks of a parsed Terraform file.
    pub fn read(parsed: &'a ParsedFile) -> Option<TfFile<'a>> {
        let hcl = parsed.hcl()?;
        let name = parsed
            .fs_path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut f = TfFile {
            parsed,
            hcl,
            is_tfvars: name.ends_with(".tfvars"),
            resources: Vec::new(),
            data: Vec::new(),
            variables: Vec::new(),
            locals: Vec::new(),
            outputs: Vec::new(),
            modules: Vec::new(),
            providers: Vec::new(),
            terraform: Vec::new(),
        };
        if f.is_tfvars {
            return Some(f);
        }
        for b in &hcl.body.blocks {
            match b.ident.as_str() {
                "resource" => f.resources.extend(Resource::new(b, false)),
                "data" => f.data.extend(Resource::new(b, true)),
                "variable" => {
                    if let Some(name) = b.label(0) {
                        f.variables.push(Variable {
                            block: b,
                            name,
                            default: b.attr("default"),
                            type_: b.attr("type"),
                            sensitive: b.attr("sensitive"),
                            validations: b.body.blocks("validation").collect(),
                        });
                    }
                }
                "locals" => f.locals.extend(b.body.attributes.iter().map(|a| Local {
                    name: &a.key,
                    attr: a,
                })),
                "output" => {
                    if let Some(name) = b.label(0) {
                        f.outputs.push(Output {
                            block: b,
                            name,
                            value: b.attr("value"),
                            sensitive: b.attr("sensitive"),
                        });
                    }
                }
                "module" => {
                    if let Some(name) = b.label(0) {
                        f.modules.push(ModuleCall {
                            block: b,
                            name,
                            source: b.attr("source"),
                            version: b.attr("version"),
                        });
                    }
                }
                "provider" => {
                    if let Some(name) = b.label(0) {
                        f.providers.push(Provider {
                            block: b,
                            name,
                            alias: b.attr("alias"),
                            default_tags: b.body.block("default_tags"),
                        });
                    }
                }
                "terraform" => f.terraform.push(read_terraform(b)),
                _ => {}
            }
        }
        Some(f)
    }

    /// A tfvars file's value for `name`.
    pub fn tfvar(&self, name: &str) -> Option<&'a Attribute> {
        self.is_tfvars.then(|| self.hcl.body.attr(name)).flatten()
    }

    /// The file name, lower-case.
    pub fn file_name(&self) -> String {
        self.parsed
            .fs_path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_ascii_lowercase()
    }

    /// `terraform.tfvars`, `terraform.tfvars.json` or `*.auto.tfvars`:
    /// loaded by Terraform without `-var-file`.
    pub fn is_auto_tfvars(&self) -> bool {
        let n = self.file_name();
        self.is_tfvars && (n == "terraform.tfvars" || n.ends_with(".auto.tfvars"))
    }
}

fn read_terraform(b: &Block) -> TerraformBlock<'_> {
    let mut required_providers = Vec::new();
    for rp in b.body.blocks("required_providers") {
        for a in &rp.body.attributes {
            let (source, version) = match lookup(&rp.body, &format!("{}.source", a.key)) {
                Lookup::Found(s) => (
                    Some(s),
                    match lookup(&rp.body, &format!("{}.version", a.key)) {
                        Lookup::Found(v) => Some(v),
                        _ => None,
                    },
                ),
                _ if literal_str(&a.value).is_some() => (None, Some(a.into())),
                _ => (
                    None,
                    match lookup(&rp.body, &format!("{}.version", a.key)) {
                        Lookup::Found(v) => Some(v),
                        _ => None,
                    },
                ),
            };
            required_providers.push(RequiredProvider {
                name: &a.key,
                attr: a,
                source,
                version,
            });
        }
    }
    TerraformBlock {
        block: b,
        required_version: b.attr("required_version"),
        required_providers,
        backend: b.body.block("backend").and_then(|bb| {
            Some(Backend {
                block: bb,
                kind: bb.label(0)?,
            })
        }),
        cloud: b.body.block("cloud"),
    }
}
