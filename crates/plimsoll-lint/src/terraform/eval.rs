//! A small evaluator: an expression's value when it is knowable from the
//! module's text, [`Value::Unknown`] otherwise.
//!
//! Known: literals, lists and objects, string templates of known parts,
//! `var.x` (a `terraform.tfvars`/`*.auto.tfvars` value of the directory,
//! else the default; unknown when another `.tfvars` of the directory or a
//! `module` block calling this directory sets it), `local.x`, indexing and
//! attribute access on known values, `!`/`-`, arithmetic, comparisons,
//! `&&`/`||`, conditionals, and a few pure functions (`lower`, `upper`,
//! `tostring`, `tonumber`, `tobool`, `trimspace`, `concat`, `merge`,
//! `lookup`). Locals referring to locals are followed up to
//! [`MAX_DEPTH`] levels with cycle detection, and every evaluation has a
//! step budget, so no input can make it loop or blow up.

use super::index::Module;
use plimsoll_syntax::hcl::{
    BinaryOperator, Element, Expr, ObjectKey, Template, TraversalOperator, UnaryOperator,
};

/// How deep `local.a -> local.b -> ...` chains are followed.
pub const MAX_DEPTH: usize = 32;
/// Expression nodes visited per evaluation.
const BUDGET: usize = 20_000;

/// A value, or `Unknown` when it cannot be known without running Terraform.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    /// Keys in source order.
    Object(Vec<(String, Value)>),
    Unknown,
}

impl Value {
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A bool, or a string Terraform converts to one (`"true"`/`"false"`).
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s == "true" => Some(true),
            Value::String(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A number, or a string Terraform converts to one.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// An object's item.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The value as Terraform would write it in a template, for strings,
    /// numbers and bools.
    pub fn to_text(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(number_text(*n)),
            _ => None,
        }
    }

    /// Whether this value or anything inside it is unknown.
    pub fn has_unknown(&self) -> bool {
        match self {
            Value::Unknown => true,
            Value::List(l) => l.iter().any(Value::has_unknown),
            Value::Object(o) => o.iter().any(|(_, v)| v.has_unknown()),
            _ => false,
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// Evaluates `expr` in `module`'s scope.
pub fn eval(module: &Module<'_>, expr: &Expr) -> Value {
    Evaluator {
        module: Some(module),
        locals: Vec::new(),
        budget: BUDGET,
    }
    .eval(expr)
}

/// Evaluates `expr` with no scope (tfvars, Terragrunt): `var.` and
/// `local.` are unknown.
pub fn eval_literal(expr: &Expr) -> Value {
    Evaluator {
        module: None,
        locals: Vec::new(),
        budget: BUDGET,
    }
    .eval(expr)
}

struct Evaluator<'m, 'a> {
    module: Option<&'m Module<'a>>,
    /// Locals being evaluated (cycle detection and depth).
    locals: Vec<String>,
    budget: usize,
}

impl Evaluator<'_, '_> {
    fn eval(&mut self, expr: &Expr) -> Value {
        if self.budget == 0 {
            return Value::Unknown;
        }
        self.budget -= 1;
        match expr {
            Expr::Null(_) => Value::Null,
            Expr::Bool(b) => Value::Bool(*b.value()),
            Expr::Number(n) => n.value().as_f64().map_or(Value::Unknown, Value::Number),
            Expr::String(s) => Value::String(s.value().clone()),
            Expr::Array(a) => Value::List(a.iter().map(|e| self.eval(e)).collect()),
            Expr::Object(o) => {
                let mut items = Vec::new();
                for (k, v) in o {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(e) => match self.eval(e).to_text() {
                            Some(k) => k,
                            None => return Value::Unknown,
                        },
                    };
                    let value = self.eval(v.expr());
                    items.push((key, value));
                }
                Value::Object(items)
            }
            Expr::StringTemplate(t) => self.template(t),
            Expr::HeredocTemplate(h) => {
                let mut h = h.as_ref().clone();
                h.dedent();
                self.template(&h.template)
            }
            Expr::Parenthesis(p) => self.eval(p.inner()),
            Expr::Conditional(c) => match self.eval(&c.cond_expr).as_bool() {
                Some(true) => self.eval(&c.true_expr),
                Some(false) => self.eval(&c.false_expr),
                None => {
                    let t = self.eval(&c.true_expr);
                    let f = self.eval(&c.false_expr);
                    if t == f && !t.has_unknown() {
                        t
                    } else {
                        Value::Unknown
                    }
                }
            },
            Expr::FuncCall(call) => {
                if call.name.is_namespaced() {
                    return Value::Unknown;
                }
                let args: Vec<Value> = call.args.iter().map(|e| self.eval(e)).collect();
                if call.args.expand_final() {
                    return Value::Unknown;
                }
                function(call.name.name.as_str(), &args)
            }
            Expr::Traversal(t) => self.traversal(t),
            Expr::UnaryOp(u) => {
                let v = self.eval(&u.expr);
                match u.operator.value() {
                    UnaryOperator::Not => v.as_bool().map_or(Value::Unknown, |b| Value::Bool(!b)),
                    UnaryOperator::Neg => {
                        v.as_number().map_or(Value::Unknown, |n| Value::Number(-n))
                    }
                }
            }
            Expr::BinaryOp(b) => {
                let l = self.eval(&b.lhs_expr);
                let r = self.eval(&b.rhs_expr);
                binary(*b.operator.value(), &l, &r)
            }
            // A bare variable is an iterator or unknown root; `for` is not run.
            Expr::Variable(_) | Expr::ForExpr(_) => Value::Unknown,
        }
    }

    fn template(&mut self, t: &Template) -> Value {
        let mut out = String::new();
        for el in t {
            match el {
                Element::Literal(l) => out.push_str(l.value()),
                Element::Interpolation(i) => match self.eval(&i.expr).to_text() {
                    Some(s) => out.push_str(&s),
                    None => return Value::Unknown,
                },
                Element::Directive(_) => return Value::Unknown,
            }
        }
        Value::String(out)
    }

    fn traversal(&mut self, t: &plimsoll_syntax::hcl::hcl_edit::expr::Traversal) -> Value {
        let mut ops = t.operators.iter().map(|o| &**o);
        let mut value = match &t.expr {
            Expr::Variable(root) => {
                let Some(TraversalOperator::GetAttr(name)) = ops.next() else {
                    return Value::Unknown;
                };
                match root.as_str() {
                    "var" => self.variable(name.as_str()),
                    "local" => self.local(name.as_str()),
                    _ => return Value::Unknown,
                }
            }
            other => self.eval(other),
        };
        for op in ops {
            value = match op {
                TraversalOperator::GetAttr(name) => {
                    value.get(name.as_str()).cloned().unwrap_or(Value::Unknown)
                }
                TraversalOperator::Index(i) => {
                    let key = self.eval(i);
                    index(&value, &key)
                }
                TraversalOperator::LegacyIndex(i) => {
                    #[allow(clippy::cast_precision_loss)]
                    let key = Value::Number(*i.value() as f64);
                    index(&value, &key)
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    return Value::Unknown;
                }
            };
            if value.is_unknown() {
                return value;
            }
        }
        value
    }

    fn variable(&mut self, name: &str) -> Value {
        let Some(module) = self.module else {
            return Value::Unknown;
        };
        if module.callers.iter().any(|b| b.attr(name).is_some()) {
            return Value::Unknown;
        }
        let mut auto = None;
        let mut files: Vec<_> = module.files.iter().filter(|f| f.is_tfvars).collect();
        files.sort_by_key(|f| (f.file_name() != "terraform.tfvars", f.file_name()));
        for f in files {
            if let Some(a) = f.tfvar(name) {
                if !f.is_auto_tfvars() {
                    // Set by a file passed with `-var-file`: depends on the run.
                    return Value::Unknown;
                }
                auto = Some(&a.value);
            }
        }
        if let Some(e) = auto {
            return Evaluator {
                module: None,
                locals: Vec::new(),
                budget: self.budget,
            }
            .eval(e);
        }
        match module.variable(name).and_then(|v| v.default) {
            Some(d) => {
                let mut inner = Evaluator {
                    module: None,
                    locals: Vec::new(),
                    budget: self.budget,
                };
                let v = inner.eval(&d.value);
                self.budget = inner.budget;
                v
            }
            None => Value::Unknown,
        }
    }

    fn local(&mut self, name: &str) -> Value {
        let Some(module) = self.module else {
            return Value::Unknown;
        };
        if self.locals.len() >= MAX_DEPTH || self.locals.iter().any(|l| l == name) {
            return Value::Unknown;
        }
        let Some(local) = module.local(name) else {
            return Value::Unknown;
        };
        self.locals.push(name.to_string());
        let v = self.eval(&local.attr.value);
        self.locals.pop();
        v
    }
}

fn index(value: &Value, key: &Value) -> Value {
    match (value, key) {
        (Value::List(l), k) => k
            .as_number()
            .filter(|n| n.fract() == 0.0 && *n >= 0.0)
            .and_then(|n| {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                l.get(n as usize)
            })
            .cloned()
            .unwrap_or(Value::Unknown),
        (Value::Object(_), k) => k
            .to_text()
            .and_then(|k| value.get(&k).cloned())
            .unwrap_or(Value::Unknown),
        _ => Value::Unknown,
    }
}

fn binary(op: BinaryOperator, l: &Value, r: &Value) -> Value {
    use BinaryOperator as B;
    match op {
        B::And | B::Or => {
            let (a, b) = (l.as_bool(), r.as_bool());
            match (op, a, b) {
                (B::And, Some(false), _) | (B::And, _, Some(false)) => Value::Bool(false),
                (B::Or, Some(true), _) | (B::Or, _, Some(true)) => Value::Bool(true),
                (_, Some(a), Some(b)) => Value::Bool(if op == B::And { a && b } else { a || b }),
                _ => Value::Unknown,
            }
        }
        B::Eq | B::NotEq => {
            if l.has_unknown() || r.has_unknown() {
                return Value::Unknown;
            }
            let eq = match (l, r) {
                (Value::Number(a), Value::Number(b)) => (a - b).abs() < f64::EPSILON,
                _ => l == r,
            };
            Value::Bool(if op == B::Eq { eq } else { !eq })
        }
        _ => {
            let (Some(a), Some(b)) = (l.as_number(), r.as_number()) else {
                return Value::Unknown;
            };
            match op {
                B::Less => Value::Bool(a < b),
                B::LessEq => Value::Bool(a <= b),
                B::Greater => Value::Bool(a > b),
                B::GreaterEq => Value::Bool(a >= b),
                B::Plus => Value::Number(a + b),
                B::Minus => Value::Number(a - b),
                B::Mul => Value::Number(a * b),
                B::Div if b != 0.0 => Value::Number(a / b),
                B::Mod if b != 0.0 => Value::Number(a % b),
                _ => Value::Unknown,
            }
        }
    }
}

fn function(name: &str, args: &[Value]) -> Value {
    let text = |i: usize| args.get(i).and_then(Value::to_text);
    match (name, args.len()) {
        ("lower", 1) => text(0).map_or(Value::Unknown, |s| Value::String(s.to_lowercase())),
        ("upper", 1) => text(0).map_or(Value::Unknown, |s| Value::String(s.to_uppercase())),
        ("trimspace", 1) => text(0).map_or(Value::Unknown, |s| Value::String(s.trim().to_string())),
        ("tostring", 1) => text(0).map_or(Value::Unknown, Value::String),
        ("tobool", 1) => args[0].as_bool().map_or(Value::Unknown, Value::Bool),
        ("tonumber", 1) => args[0].as_number().map_or(Value::Unknown, Value::Number),
        ("concat", _) => {
            let mut out = Vec::new();
            for a in args {
                match a {
                    Value::List(l) => out.extend(l.iter().cloned()),
                    _ => return Value::Unknown,
                }
            }
            Value::List(out)
        }
        ("merge", _) => {
            let mut out: Vec<(String, Value)> = Vec::new();
            for a in args {
                match a {
                    Value::Object(o) => {
                        for (k, v) in o {
                            out.retain(|(x, _)| x != k);
                            out.push((k.clone(), v.clone()));
                        }
                    }
                    Value::Null => {}
                    _ => return Value::Unknown,
                }
            }
            Value::Object(out)
        }
        ("lookup", 2 | 3) => match (&args[0], text(1)) {
            (Value::Object(_), Some(k)) => args[0]
                .get(&k)
                .cloned()
                .or_else(|| args.get(2).cloned())
                .unwrap_or(Value::Unknown),
            _ => Value::Unknown,
        },
        _ => Value::Unknown,
    }
}
