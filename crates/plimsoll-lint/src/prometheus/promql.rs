//! PromQL expressions: parsing with `promql-parser` behind a depth guard,
//! iterative walks, and the labels an expression's result can carry.

use promql_parser::label::MatchOp;
use promql_parser::parser::{
    self, AggregateExpr, Call, Expr, LabelModifier, VectorMatchCardinality, VectorSelector,
};

/// Deepest bracket nesting parsed; deeper expressions are not judged
/// (the parser's tree would be as deep, and no real rule nests so far).
pub const MAX_NESTING: usize = 128;
/// Longest expression parsed, in bytes.
pub const MAX_LEN: usize = 64 * 1024;
/// Most binary operators parsed (each adds a tree level).
pub const MAX_OPERATORS: usize = 2_000;

/// The outcome of parsing an expression.
#[derive(Debug)]
pub enum Parsed {
    Ok(Expr),
    /// The parser's message.
    Err(String),
    /// Too deep or too long to parse safely: not judged.
    TooComplex,
}

/// Parses `text` unless it nests deeper than [`MAX_NESTING`] or is longer
/// than [`MAX_LEN`].
pub fn parse(text: &str) -> Parsed {
    if text.len() > MAX_LEN || too_complex(text) {
        return Parsed::TooComplex;
    }
    match parser::parse(text) {
        Ok(expr) => Parsed::Ok(expr),
        Err(e) => Parsed::Err(e),
    }
}

/// Bracket depth (outside strings) above [`MAX_NESTING`], or more binary
/// operator characters than [`MAX_OPERATORS`].
fn too_complex(text: &str) -> bool {
    let mut depth = 0usize;
    let mut operators = 0usize;
    for c in outside_strings(text) {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return true;
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '+' | '-' | '*' | '/' | '%' | '^' | '<' | '>' | '=' => {
                operators += 1;
                if operators > MAX_OPERATORS {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Where in `text` a parse error lies, for the errors whose place is
/// certain: an unclosed `(`, an unmatched `)` and an unterminated string.
/// `None` for the others (the parser reports no positions).
pub fn error_offset(text: &str, message: &str) -> Option<(usize, usize)> {
    let mut open: Vec<usize> = Vec::new();
    let mut quote: Option<(char, usize)> = None;
    let mut escaped = false;
    let mut unmatched_close = None;
    let mut comment = false;
    for (i, c) in text.char_indices() {
        if comment {
            comment = c != '\n';
            continue;
        }
        if let Some((q, _)) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q != '`' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some((c, i)),
            '#' => comment = true,
            '(' => open.push(i),
            // The `pop` runs for every `)`: a matched one closes its `(`.
            ')' if open.pop().is_none() && unmatched_close.is_none() => {
                unmatched_close = Some(i);
            }
            _ => {}
        }
    }
    if message.starts_with("unterminated quoted string") {
        return quote.map(|(_, i)| (i, i + 1));
    }
    if message == "unclosed left parenthesis" && quote.is_none() {
        return open.last().map(|&i| (i, i + 1));
    }
    if message.starts_with("unexpected right parenthesis") {
        return unmatched_close.map(|i| (i, i + 1));
    }
    None
}

/// Whether an expression reads as LogQL (a Loki ruler file shares the
/// rule file format): a `|` pipe outside strings, which PromQL lacks.
pub fn looks_like_logql(text: &str) -> bool {
    outside_strings(text).any(|c| c == '|')
}

/// The characters of `text` outside PromQL string literals (`"..."`,
/// `'...'` with backslash escapes, raw `` `...` ``); the quotes themselves
/// are left out too.
fn outside_strings(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    text.chars().filter(move |&c| {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q != '`' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            return false;
        }
        if matches!(c, '"' | '\'' | '`') {
            quote = Some(c);
            return false;
        }
        true
    })
}

/// The direct sub-expressions of `expr`.
pub fn children(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::Aggregate(a) => {
            let mut v: Vec<&Expr> = a.param.iter().map(AsRef::as_ref).collect();
            v.push(&a.expr);
            v
        }
        Expr::Unary(u) => vec![&u.expr],
        Expr::Binary(b) => vec![&b.lhs, &b.rhs],
        Expr::Paren(p) => vec![&p.expr],
        Expr::Subquery(s) => vec![&s.expr],
        Expr::Call(c) => c.args.args.iter().map(AsRef::as_ref).collect(),
        Expr::NumberLiteral(_)
        | Expr::StringLiteral(_)
        | Expr::VectorSelector(_)
        | Expr::MatrixSelector(_)
        | Expr::Extension(_) => Vec::new(),
    }
}

/// Every node of `expr`, parents before children (iterative).
pub fn nodes(expr: &Expr) -> Vec<&Expr> {
    let mut out = Vec::new();
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        out.push(e);
        let mut kids = children(e);
        kids.reverse();
        stack.extend(kids);
    }
    out
}

/// `expr` without enclosing parentheses.
pub fn unparen(mut expr: &Expr) -> &Expr {
    while let Expr::Paren(p) = expr {
        expr = &p.expr;
    }
    expr
}

/// Every vector selector (matrix selectors included), in order.
pub fn selectors(expr: &Expr) -> Vec<&VectorSelector> {
    nodes(expr)
        .into_iter()
        .filter_map(|e| match e {
            Expr::VectorSelector(vs) => Some(vs),
            Expr::MatrixSelector(ms) => Some(&ms.vs),
            _ => None,
        })
        .collect()
}

/// The metric name of a selector: its name or an `__name__="x"` matcher.
pub fn metric_name(vs: &VectorSelector) -> Option<&str> {
    vs.name.as_deref().or_else(|| {
        vs.matchers
            .matchers
            .iter()
            .find(|m| m.name == "__name__" && m.op == MatchOp::Equal)
            .map(|m| m.value.as_str())
    })
}

/// The function name of a call.
pub fn call_name(call: &Call) -> &'static str {
    call.func.name
}

/// An aggregation operator's name (`sum`, `count`, `topk`...).
pub fn aggregate_name(agg: &AggregateExpr) -> String {
    agg.op.to_string().to_ascii_lowercase()
}

/// The labels an expression's result series can carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelSet {
    /// Any label, except those listed (which are certainly gone).
    Any { except: Vec<String> },
    /// Exactly these labels at most.
    Only(Vec<String>),
}

impl LabelSet {
    fn any() -> Self {
        LabelSet::Any { except: Vec::new() }
    }

    /// Whether `label` can be on the result.
    pub fn may_have(&self, label: &str) -> bool {
        match self {
            LabelSet::Any { except } => !except.iter().any(|l| l == label),
            LabelSet::Only(v) => v.iter().any(|l| l == label),
        }
    }

    fn without(self, labels: &[String]) -> Self {
        match self {
            LabelSet::Any { mut except } => {
                except.extend(labels.iter().cloned());
                LabelSet::Any { except }
            }
            LabelSet::Only(v) => {
                LabelSet::Only(v.into_iter().filter(|l| !labels.contains(l)).collect())
            }
        }
    }

    fn with(self, labels: &[String]) -> Self {
        match self {
            LabelSet::Any { except } => LabelSet::Any {
                except: except.into_iter().filter(|l| !labels.contains(l)).collect(),
            },
            LabelSet::Only(mut v) => {
                v.extend(labels.iter().cloned());
                LabelSet::Only(v)
            }
        }
    }

    fn union(self, other: Self) -> Self {
        match (self, other) {
            (LabelSet::Only(a), LabelSet::Only(b)) => LabelSet::Only(a).with(&b),
            (LabelSet::Any { except: a }, LabelSet::Any { except: b }) => LabelSet::Any {
                except: a.into_iter().filter(|l| b.contains(l)).collect(),
            },
            (LabelSet::Any { except }, LabelSet::Only(o))
            | (LabelSet::Only(o), LabelSet::Any { except }) => LabelSet::Any {
                except: except.into_iter().filter(|l| !o.contains(l)).collect(),
            },
        }
    }
}

/// Functions whose result has no labels.
const NO_LABEL_FUNCTIONS: [&str; 12] = [
    "vector",
    "time",
    "scalar",
    "pi",
    "minute",
    "hour",
    "day_of_month",
    "day_of_week",
    "day_of_year",
    "days_in_month",
    "month",
    "year",
];

/// How deep [`output_labels`] follows the tree before answering "any".
const MAX_LABEL_DEPTH: usize = 64;

/// The labels the result of `expr` can carry (see Prometheus' evaluation
/// of aggregations, `on`/`ignoring` matching, `absent` and label functions).
pub fn output_labels(expr: &Expr) -> LabelSet {
    labels_at(expr, 0)
}

fn labels_of(labels: &promql_parser::label::Labels) -> Vec<String> {
    labels.labels.clone()
}

fn labels_at(expr: &Expr, depth: usize) -> LabelSet {
    if depth > MAX_LABEL_DEPTH {
        return LabelSet::any();
    }
    let next = depth + 1;
    match expr {
        Expr::VectorSelector(_) | Expr::MatrixSelector(_) | Expr::Extension(_) => LabelSet::any(),
        Expr::NumberLiteral(_) | Expr::StringLiteral(_) => LabelSet::Only(Vec::new()),
        Expr::Paren(p) => labels_at(&p.expr, next),
        Expr::Unary(u) => labels_at(&u.expr, next),
        Expr::Subquery(s) => labels_at(&s.expr, next),
        Expr::Aggregate(a) => {
            let inner = labels_at(&a.expr, next);
            match aggregate_name(a).as_str() {
                "topk" | "bottomk" | "limitk" | "limit_ratio" => inner,
                name => {
                    let base = match &a.modifier {
                        None => LabelSet::Only(Vec::new()),
                        Some(LabelModifier::Include(l)) => {
                            let by = labels_of(l);
                            LabelSet::Only(by.into_iter().filter(|l| inner.may_have(l)).collect())
                        }
                        Some(LabelModifier::Exclude(l)) => inner.without(&labels_of(l)),
                    };
                    if name == "count_values" {
                        match a.param.as_deref().map(unparen) {
                            Some(Expr::StringLiteral(s)) => base.with(std::slice::from_ref(&s.val)),
                            _ => LabelSet::any(),
                        }
                    } else {
                        base
                    }
                }
            }
        }
        Expr::Call(c) => {
            let name = call_name(c);
            let args: Vec<&Expr> = c.args.args.iter().map(AsRef::as_ref).collect();
            if NO_LABEL_FUNCTIONS.contains(&name) {
                // `minute(v)` and friends keep the labels of a vector argument.
                return match args.first() {
                    Some(a) if !matches!(name, "vector" | "scalar" | "pi" | "time") => {
                        labels_at(a, next)
                    }
                    _ => LabelSet::Only(Vec::new()),
                };
            }
            match name {
                "absent" | "absent_over_time" => {
                    let vs = match args.first().map(|a| unparen(a)) {
                        Some(Expr::VectorSelector(vs)) => Some(vs),
                        Some(Expr::MatrixSelector(ms)) => Some(&ms.vs),
                        _ => None,
                    };
                    LabelSet::Only(vs.map_or_else(Vec::new, |vs| {
                        vs.matchers
                            .matchers
                            .iter()
                            .filter(|m| m.op == MatchOp::Equal && m.name != "__name__")
                            .map(|m| m.name.clone())
                            .collect()
                    }))
                }
                "label_replace" | "label_join" => {
                    let base = args
                        .first()
                        .map_or_else(LabelSet::any, |a| labels_at(a, next));
                    match args.get(1).map(|a| unparen(a)) {
                        Some(Expr::StringLiteral(dst)) => base.with(std::slice::from_ref(&dst.val)),
                        _ => LabelSet::any(),
                    }
                }
                // `info()` adds the labels of info metrics.
                "info" => LabelSet::any(),
                "histogram_quantile" | "histogram_fraction" => args
                    .iter()
                    .next_back()
                    .map_or_else(LabelSet::any, |a| labels_at(a, next))
                    .without(&["le".to_string()]),
                _ => {
                    // Most functions keep the labels of their vector argument.
                    let vectors: Vec<&Expr> = args
                        .iter()
                        .copied()
                        .filter(|a| {
                            !matches!(unparen(a), Expr::NumberLiteral(_) | Expr::StringLiteral(_))
                        })
                        .collect();
                    match vectors.as_slice() {
                        [one] => labels_at(one, next),
                        _ => LabelSet::any(),
                    }
                }
            }
        }
        Expr::Binary(b) => {
            let lhs = labels_at(&b.lhs, next);
            let rhs = labels_at(&b.rhs, next);
            let lhs_scalar = is_scalar(&b.lhs);
            let rhs_scalar = is_scalar(&b.rhs);
            if lhs_scalar && rhs_scalar {
                return LabelSet::Only(Vec::new());
            }
            if rhs_scalar {
                return lhs;
            }
            if lhs_scalar {
                return rhs;
            }
            let op = b.op.to_string().to_ascii_lowercase();
            match op.as_str() {
                "and" | "unless" => return lhs,
                "or" => return lhs.union(rhs),
                _ => {}
            }
            let Some(modifier) = &b.modifier else {
                return lhs;
            };
            match &modifier.card {
                VectorMatchCardinality::ManyToOne(extra) => lhs.with(&labels_of(extra)),
                VectorMatchCardinality::OneToMany(extra) => rhs.with(&labels_of(extra)),
                VectorMatchCardinality::OneToOne | VectorMatchCardinality::ManyToMany => {
                    match &modifier.matching {
                        Some(LabelModifier::Include(on)) => {
                            let on = labels_of(on);
                            LabelSet::Only(on.into_iter().filter(|l| lhs.may_have(l)).collect())
                        }
                        Some(LabelModifier::Exclude(ignoring)) => lhs.without(&labels_of(ignoring)),
                        None => lhs,
                    }
                }
            }
        }
    }
}

/// Whether an expression is a scalar (numbers, `scalar()`, `time()`...,
/// and arithmetic between them).
pub fn is_scalar(expr: &Expr) -> bool {
    match unparen(expr) {
        Expr::NumberLiteral(_) => true,
        Expr::Unary(u) => is_scalar(&u.expr),
        Expr::Call(c) => matches!(call_name(c), "scalar" | "time" | "pi"),
        Expr::Binary(b) => is_scalar(&b.lhs) && is_scalar(&b.rhs),
        _ => false,
    }
}
