//! GitHub Actions expressions: `${{ ... }}` templates in scalar text and
//! the expression language inside them, with a byte span for every node.
//!
//! - [`find_templates`] locates every `${{ ... }}` of a text (a `}}`
//!   inside a `'string'` does not close it) and parses each one.
//! - [`parse_condition`] reads an `if:` value, where `${{ }}` is optional.
//! - [`parse`] parses one expression: literals (`null`, `true`, `false`,
//!   numbers with hex and exponents, `'strings'` with `''` escapes),
//!   contexts, `.prop`, `['prop']`, `[index]`, `.*` filters, function
//!   calls, `!`, comparisons, `&&`, `||` and parentheses.
//! - [`Expr::context_paths`] lists the context paths an expression reads
//!   (`github.event.pull_request.title`), [`function_arity`] the built-in
//!   functions.
//!
//! Spans are byte offsets into the text given to the function, shifted by
//! its `offset` argument where there is one, so callers can pass file
//! offsets. Nothing here panics on any input; nesting is bounded by
//! [`MAX_DEPTH`].

mod lexer;
mod parser;
#[cfg(test)]
mod tests;

use plimsoll_diagnostics::Span;

pub use parser::{MAX_DEPTH, MAX_TOKENS, parse, parse_at};

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl BinOp {
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "||",
            BinOp::And => "&&",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
        }
    }
}

/// An expression node.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Null,
    Bool(bool),
    Number(f64),
    /// A `'string'`, unescaped.
    String(String),
    /// A context name at the root of an access chain (`github`, `env`, `matrix`...).
    Context(String),
    /// `base.name`.
    Property {
        base: Box<Expr>,
        name: String,
        name_span: Span,
    },
    /// `base[index]`.
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
    },
    /// `base.*` or `base[*]`: every element or property value.
    Wildcard {
        base: Box<Expr>,
    },
    /// `name(args...)`.
    Call {
        name: String,
        name_span: Span,
        args: Vec<Expr>,
    },
    Not(Box<Expr>),
    Binary {
        op: BinOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
}

/// A syntax error, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub message: String,
    pub span: Span,
}

/// One segment of a context path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// `.name` or `['name']`.
    Name(String),
    /// `[0]`.
    Index(i64),
    /// `.*`, `[*]`, or an index that is not a literal (`[matrix.i]`).
    Any,
}

/// A context path read by an expression: `github.event.issue.title`.
#[derive(Debug, Clone, PartialEq)]
pub struct ContextPath {
    /// The context name and the segments after it.
    pub segments: Vec<PathSegment>,
    /// The whole access chain.
    pub span: Span,
}

impl ContextPath {
    /// The context name (`github`, `inputs`...), as written.
    pub fn context(&self) -> &str {
        match self.segments.first() {
            Some(PathSegment::Name(n)) => n,
            _ => "",
        }
    }

    /// Whether the path matches a dotted pattern, case-insensitively. In
    /// the pattern `*` matches any one segment; a trailing `**` matches
    /// any number (zero included) of further segments. A path longer than
    /// the pattern does not match unless the pattern ends in `**`.
    pub fn matches(&self, pattern: &str) -> bool {
        let pat: Vec<&str> = pattern.split('.').collect();
        let open = pat.last() == Some(&"**");
        let fixed = if open {
            &pat[..pat.len() - 1]
        } else {
            &pat[..]
        };
        if self.segments.len() < fixed.len() || (!open && self.segments.len() != fixed.len()) {
            return false;
        }
        fixed.iter().zip(&self.segments).all(|(p, s)| match (p, s) {
            (&"*", _) => true,
            (p, PathSegment::Name(n)) => n.eq_ignore_ascii_case(p),
            (p, PathSegment::Index(i)) => p.parse::<i64>().ok() == Some(*i),
            (_, PathSegment::Any) => false,
        })
    }

    /// Whether the path starts with the segments of `prefix` (dotted,
    /// case-insensitive, `*` matches any segment).
    pub fn starts_with(&self, prefix: &str) -> bool {
        self.matches(&format!("{prefix}.**"))
    }
}

impl std::fmt::Display for ContextPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, s) in self.segments.iter().enumerate() {
            match s {
                PathSegment::Name(n) if i == 0 => f.write_str(n)?,
                PathSegment::Name(n) => write!(f, ".{n}")?,
                PathSegment::Index(n) => write!(f, "[{n}]")?,
                PathSegment::Any => f.write_str(".*")?,
            }
        }
        Ok(())
    }
}

impl Expr {
    /// Every context path the expression reads, in source order. A chain
    /// is followed as far as its segments are literal; the expressions in a
    /// non-literal index are visited too. Function results
    /// (`fromJSON(x).a`) are not contexts.
    pub fn context_paths(&self) -> Vec<ContextPath> {
        let mut out = Vec::new();
        self.collect_paths(&mut out);
        out
    }

    fn collect_paths(&self, out: &mut Vec<ContextPath>) {
        // An access chain rooted at a context: record it whole, then visit
        // the non-literal indexes along it.
        if let Some(segments) = self.chain() {
            out.push(ContextPath {
                segments,
                span: self.span,
            });
            let mut e = self;
            loop {
                match &e.kind {
                    ExprKind::Property { base, .. } | ExprKind::Wildcard { base } => e = base,
                    ExprKind::Index { base, index } => {
                        if !matches!(index.kind, ExprKind::String(_) | ExprKind::Number(_)) {
                            index.collect_paths(out);
                        }
                        e = base;
                    }
                    _ => break,
                }
            }
            // The chain comes first, then the paths read by its indexes.
            return;
        }
        match &self.kind {
            ExprKind::Property { base, .. } | ExprKind::Wildcard { base } => {
                base.collect_paths(out);
            }
            ExprKind::Index { base, index } => {
                base.collect_paths(out);
                index.collect_paths(out);
            }
            ExprKind::Call { args, .. } => {
                for a in args {
                    a.collect_paths(out);
                }
            }
            ExprKind::Not(e) => e.collect_paths(out),
            ExprKind::Binary { lhs, rhs, .. } => {
                lhs.collect_paths(out);
                rhs.collect_paths(out);
            }
            ExprKind::Null
            | ExprKind::Bool(_)
            | ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::Context(_) => {}
        }
    }

    /// The expression as a context path when it is an access chain rooted
    /// at a context (`github.event.issue.title`, `matrix[inputs.k]`).
    pub fn as_path(&self) -> Option<ContextPath> {
        self.chain().map(|segments| ContextPath {
            segments,
            span: self.span,
        })
    }

    /// The segments of an access chain rooted at a context, or `None`.
    fn chain(&self) -> Option<Vec<PathSegment>> {
        let mut rev = Vec::new();
        let mut e = self;
        loop {
            match &e.kind {
                ExprKind::Context(name) => {
                    rev.push(PathSegment::Name(name.clone()));
                    break;
                }
                ExprKind::Property { base, name, .. } => {
                    rev.push(PathSegment::Name(name.clone()));
                    e = base;
                }
                ExprKind::Wildcard { base } => {
                    rev.push(PathSegment::Any);
                    e = base;
                }
                ExprKind::Index { base, index } => {
                    rev.push(match &index.kind {
                        ExprKind::String(s) => PathSegment::Name(s.clone()),
                        #[allow(clippy::cast_possible_truncation)]
                        ExprKind::Number(n) if n.fract() == 0.0 && n.is_finite() => {
                            PathSegment::Index(*n as i64)
                        }
                        _ => PathSegment::Any,
                    });
                    e = base;
                }
                _ => return None,
            }
        }
        rev.reverse();
        Some(rev)
    }

    /// Every function call of the expression, in source order.
    pub fn calls(&self) -> Vec<&Expr> {
        let mut out = Vec::new();
        self.visit(&mut |e| {
            if matches!(e.kind, ExprKind::Call { .. }) {
                out.push(e);
            }
        });
        out
    }

    /// Calls `f` on this node and every node below it, parents first.
    pub fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        // An explicit stack: depth is bounded by the parser, but visitors
        // should not rely on it.
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            f(e);
            match &e.kind {
                ExprKind::Property { base, .. } | ExprKind::Wildcard { base } => stack.push(base),
                ExprKind::Index { base, index } => {
                    stack.push(index);
                    stack.push(base);
                }
                ExprKind::Call { args, .. } => stack.extend(args.iter().rev()),
                ExprKind::Not(inner) => stack.push(inner),
                ExprKind::Binary { lhs, rhs, .. } => {
                    stack.push(rhs);
                    stack.push(lhs);
                }
                _ => {}
            }
        }
    }

    /// Whether the expression is a literal (no context, no call).
    pub fn is_literal(&self) -> bool {
        matches!(
            self.kind,
            ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) | ExprKind::String(_)
        )
    }
}

/// A `${{ ... }}` in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// From `${{` to `}}` (to the end of the text when unterminated).
    pub span: Span,
    /// The text between the braces.
    pub inner: Span,
    /// The parsed expression or the first syntax error.
    pub expr: Result<Expr, ExprError>,
}

impl Template {
    /// The parsed expression, when it parsed.
    pub fn expr(&self) -> Option<&Expr> {
        self.expr.as_ref().ok()
    }
}

/// Every `${{ ... }}` of `text`, parsed; spans are shifted by `offset`.
pub fn find_templates(text: &str, offset: usize) -> Vec<Template> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = text.get(i..).and_then(|t| t.find("${{")) {
        let start = i + rel;
        let inner_start = start + 3;
        // Scan to the closing `}}`, skipping quoted strings.
        let mut j = inner_start;
        let mut close = None;
        while j < bytes.len() {
            match bytes[j] {
                b'\'' => {
                    j += 1;
                    while j < bytes.len() {
                        if bytes[j] == b'\'' {
                            if bytes.get(j + 1) == Some(&b'\'') {
                                j += 2;
                                continue;
                            }
                            break;
                        }
                        j += 1;
                    }
                    j += 1;
                }
                b'}' if bytes.get(j + 1) == Some(&b'}') => {
                    close = Some(j);
                    break;
                }
                _ => j += 1,
            }
        }
        let (inner_end, end) = match close {
            Some(c) => (c, c + 2),
            None => (text.len(), text.len()),
        };
        let inner_text = text.get(inner_start..inner_end).unwrap_or("");
        let expr = if close.is_none() {
            Err(ExprError {
                message: "`${{` is not closed by `}}`".to_string(),
                span: Span::new(offset + start, offset + text.len()),
            })
        } else {
            parse_at(inner_text, offset + inner_start)
        };
        out.push(Template {
            span: Span::new(offset + start, offset + end),
            inner: Span::new(offset + inner_start, offset + inner_end),
            expr,
        });
        i = end.max(start + 3);
    }
    out
}

/// An `if:` value read the way the runner does.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The value without `${{ }}`: the whole text is the expression.
    Bare(Result<Expr, ExprError>),
    /// `${{ expr }}` and nothing else, not even whitespace.
    Wrapped(Template),
    /// Text with `${{ }}` inside it (`${{ a }} && ${{ b }}`, `true ${{ x }}`,
    /// `${{ x }}` and a newline): the runner sees a non-empty string, which
    /// is always true.
    Interpolated(Vec<Template>),
}

impl Condition {
    /// The expression, for `Bare` and `Wrapped` conditions that parsed.
    pub fn expr(&self) -> Option<&Expr> {
        match self {
            Condition::Bare(Ok(e)) => Some(e),
            Condition::Wrapped(t) => t.expr(),
            _ => None,
        }
    }

    /// The syntax errors of the condition.
    pub fn errors(&self) -> Vec<&ExprError> {
        match self {
            Condition::Bare(Err(e)) => vec![e],
            Condition::Bare(Ok(_)) => Vec::new(),
            Condition::Wrapped(t) => t.expr.as_ref().err().into_iter().collect(),
            Condition::Interpolated(ts) => {
                ts.iter().filter_map(|t| t.expr.as_ref().err()).collect()
            }
        }
    }
}

/// Reads an `if:` value; spans are shifted by `offset`.
pub fn parse_condition(text: &str, offset: usize) -> Condition {
    let templates = find_templates(text, offset);
    if templates.is_empty() {
        return Condition::Bare(parse_at(text, offset));
    }
    // The runner does not trim: `|` block scalars keep a final newline,
    // which turns `${{ x }}` into a non-empty string.
    if let [t] = templates.as_slice()
        && t.span.start == offset
        && t.span.end == offset + text.len()
    {
        return Condition::Wrapped(templates.into_iter().next().expect("one template"));
    }
    Condition::Interpolated(templates)
}

/// Arity of a built-in function (case-insensitive name): `(min, max)`,
/// `max` `None` for variadic functions. `None` for unknown functions.
pub fn function_arity(name: &str) -> Option<(usize, Option<usize>)> {
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "contains" | "startswith" | "endswith" => (2, Some(2)),
        "format" | "hashfiles" => (1, None),
        "join" => (1, Some(2)),
        "tojson" | "fromjson" => (1, Some(1)),
        "success" | "always" | "cancelled" | "failure" => (0, Some(0)),
        // `case(pred1, val1, ..., default)`.
        "case" => (3, None),
        _ => return None,
    })
}

/// The status functions, whose presence in an `if:` replaces the implicit
/// `success()`.
pub fn is_status_function(name: &str) -> bool {
    ["success", "always", "cancelled", "failure"]
        .iter()
        .any(|f| f.eq_ignore_ascii_case(name))
}
