//! The evaluator: walks parsed trees over [`Value`]s, Go `text/template`
//! semantics, with Helm's `include`/`tpl` and bounded recursion and output.

use crate::funcs::{self, FuncEnv};
use crate::parse::{Arg, Cmd, Node, ParseError, Pipe, Source, Term, Tree};
use crate::value::{Value, values_equal};
use std::collections::HashMap;
use std::rc::Rc;

pub type Trees = HashMap<Rc<str>, Rc<Tree>>;

/// Parse results of this thread by template name and text. A chart is
/// rendered many times on one thread (`plimsoll check` renders it with each
/// values overlay, `plimsoll helm test` once per test) and `tpl` re-parses
/// the same texts on every call; parsing is a pure function of (name, text)
/// (with the fixed function set), so the trees are shared instead. Bounded
/// by the bytes of text held: cleared when full.
struct ParseCache {
    by_name: HashMap<Rc<str>, Vec<CachedParse>>,
    bytes: usize,
}

/// A template text and what parsing it gave.
type CachedParse = (Rc<str>, Result<Rc<Trees>, ParseError>);

/// Text bytes a thread's parse cache may hold.
const PARSE_CACHE_BYTES: usize = 64 << 20;

thread_local! {
    static PARSE_CACHE: std::cell::RefCell<ParseCache> = std::cell::RefCell::new(ParseCache {
        by_name: HashMap::new(),
        bytes: 0,
    });
}

/// `parse::parse` of `text` as template `name` (its `define`s and its main
/// tree, Helm's function set), memoised per thread.
pub fn parse_cached(name: &str, text: &str) -> Result<Rc<Trees>, ParseError> {
    let hit = PARSE_CACHE.with(|c| {
        let c = c.borrow();
        c.by_name.get(name).and_then(|list| {
            list.iter()
                .find(|(t, _)| **t == *text)
                .map(|(_, r)| r.clone())
        })
    });
    if let Some(r) = hit {
        return r;
    }
    let source = Rc::new(Source::new(name, text));
    let result = crate::parse::parse(name, &source, &funcs::exists).map(Rc::new);
    PARSE_CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.bytes.saturating_add(text.len()) > PARSE_CACHE_BYTES {
            c.by_name.clear();
            c.bytes = 0;
        }
        c.bytes += text.len();
        let text = source.text.clone();
        c.by_name
            .entry(Rc::from(name))
            .or_default()
            .push((text, result.clone()));
    });
    result
}

/// Where a run of output came from: the template source and byte offset of
/// the node that wrote it. The hook for the source map.
#[derive(Debug, Clone)]
pub struct Segment {
    /// Offset in the output where this run starts.
    pub out: u32,
    pub source: Rc<Source>,
    /// Byte offset of the writing node in `source`.
    pub pos: u32,
    /// The values key an action printed directly (`{{ .Values.a.b }}` →
    /// `a.b`), when the action is a plain `.Values` field chain.
    pub values_key: Option<Rc<str>>,
}

/// Rendered text and, when recorded, its origin segments.
#[derive(Debug, Default)]
pub struct Output {
    pub text: String,
    pub segments: Vec<Segment>,
    record: bool,
}

impl Output {
    pub fn new(record: bool) -> Output {
        Output {
            text: String::new(),
            segments: Vec::new(),
            record,
        }
    }

    fn write(&mut self, s: &str, source: &Rc<Source>, pos: u32, values_key: Option<&Rc<str>>) {
        if s.is_empty() {
            return;
        }
        if self.record {
            let same = self
                .segments
                .last()
                .is_some_and(|l| l.pos == pos && Rc::ptr_eq(&l.source, source));
            if !same {
                self.segments.push(Segment {
                    out: u32::try_from(self.text.len()).unwrap_or(u32::MAX),
                    source: source.clone(),
                    pos,
                    values_key: values_key.cloned(),
                });
            }
        }
        self.text.push_str(s);
    }

    /// Deletes every `<no value>` (Helm does this to each rendered file),
    /// moving segment offsets with the text.
    pub fn remove_no_value(&mut self) {
        const NV: &str = "<no value>";
        if !self.text.contains(NV) {
            return;
        }
        let removed: Vec<u32> = self
            .text
            .match_indices(NV)
            .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        let width = u32::try_from(NV.len()).unwrap_or(0);
        for seg in &mut self.segments {
            let before = u32::try_from(removed.partition_point(|&r| r < seg.out)).unwrap_or(0);
            seg.out = seg.out.saturating_sub(before * width);
        }
        self.text = self.text.replace(NV, "");
    }

    /// The values key behind output byte `offset`, when an action printed
    /// a `.Values` field directly.
    pub fn values_key(&self, offset: usize) -> Option<Rc<str>> {
        let o = u32::try_from(offset).ok()?;
        let idx = self.segments.partition_point(|s| s.out <= o);
        self.segments.get(idx.checked_sub(1)?)?.values_key.clone()
    }

    /// The template (file, line) that wrote output byte `offset`.
    pub fn origin(&self, offset: usize) -> Option<(Rc<str>, usize)> {
        let o = u32::try_from(offset).ok()?;
        let idx = self.segments.partition_point(|s| s.out <= o);
        let seg = self.segments.get(idx.checked_sub(1)?)?;
        Some((seg.source.name.clone(), seg.source.line_col(seg.pos).0))
    }
}

/// An execution error, formatted like Go's `template.ExecError`.
#[derive(Debug, Clone)]
pub struct ExecError {
    /// `chart/templates/x.yaml:12:5`.
    pub location: String,
    /// The full chain: `template: loc: executing "name" at <node>: ...`.
    pub message: String,
    /// The innermost cause (`fail`/`required` text, or the failing call).
    pub cause: String,
}

impl std::fmt::Display for ExecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

enum Flow {
    Normal,
    Break,
    Continue,
}

/// Limits on what a template may make the evaluator do.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Nested `template`/`include`/`tpl` calls.
    pub max_depth: usize,
    /// Bytes of output of one execution (includes count separately).
    pub max_output: usize,
    /// Range iterations in one execution.
    pub max_steps: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 200,
            max_output: 64 << 20,
            max_steps: 50_000_000,
        }
    }
}

pub struct Exec<'a> {
    pub trees: &'a Trees,
    /// Templates defined by `tpl` texts, visible while they run.
    overlay: Vec<Trees>,
    pub env: &'a mut FuncEnv,
    pub limits: Limits,
    vars: Vec<(Rc<str>, Value)>,
    depth: usize,
    steps: u64,
    /// The tree being executed (for error messages).
    cur: Option<Rc<Tree>>,
}

type R<T> = Result<T, ExecError>;

impl<'a> Exec<'a> {
    pub fn new(trees: &'a Trees, env: &'a mut FuncEnv) -> Exec<'a> {
        Exec {
            trees,
            overlay: Vec::new(),
            env,
            limits: Limits::default(),
            vars: Vec::new(),
            depth: 0,
            steps: 0,
            cur: None,
        }
    }

    fn lookup(&self, name: &str) -> Option<Rc<Tree>> {
        for layer in self.overlay.iter().rev() {
            if let Some(t) = layer.get(name) {
                return Some(t.clone());
            }
        }
        self.trees.get(name).cloned()
    }

    /// Runs template `name` with `data` as dot, writing to `out`.
    pub fn execute(&mut self, name: &str, data: &Value, out: &mut Output) -> R<()> {
        let Some(tree) = self.lookup(name) else {
            return Err(ExecError {
                location: String::new(),
                message: format!("template: no template {name:?} associated with template"),
                cause: format!("no template {name:?}"),
            });
        };
        self.run_tree(&tree, data, out)
    }

    fn run_tree(&mut self, tree: &Rc<Tree>, data: &Value, out: &mut Output) -> R<()> {
        if self.depth >= self.limits.max_depth {
            return Err(self.err_at(
                tree,
                0,
                "",
                &format!("exceeded max template depth ({})", self.limits.max_depth),
            ));
        }
        self.depth += 1;
        let saved_vars = std::mem::replace(&mut self.vars, vec![(Rc::from("$"), data.clone())]);
        let saved_cur = self.cur.replace(tree.clone());
        let result = self.walk_list(&tree.root, data, out);
        self.cur = saved_cur;
        self.vars = saved_vars;
        self.depth -= 1;
        result.map(|_| ())
    }

    #[allow(clippy::unused_self)]
    fn err_at(&self, tree: &Tree, pos: u32, node: &str, msg: &str) -> ExecError {
        let (line, col) = tree.source.line_col(pos);
        let location = format!("{}:{}:{}", tree.source.name, line, col);
        let message = if node.is_empty() {
            format!("template: {location}: executing {:?}: {msg}", &*tree.name)
        } else {
            format!(
                "template: {location}: executing {:?} at <{node}>: {msg}",
                &*tree.name
            )
        };
        ExecError {
            location,
            message,
            cause: msg.to_string(),
        }
    }

    fn err(&self, pos: u32, end: u32, msg: &str) -> ExecError {
        self.err_loc(pos, end, pos, msg)
    }

    fn err_loc(&self, pos: u32, end: u32, loc: u32, msg: &str) -> ExecError {
        match &self.cur {
            Some(tree) => {
                let node = tree.source.snippet(pos, end).to_string();
                self.err_at(tree, loc, &node, msg)
            }
            None => ExecError {
                location: String::new(),
                message: msg.to_string(),
                cause: msg.to_string(),
            },
        }
    }

    fn source(&self) -> Option<Rc<Source>> {
        self.cur.as_ref().map(|t| t.source.clone())
    }

    fn emit(&self, out: &mut Output, s: &str, pos: u32, values_key: Option<&Rc<str>>) -> R<()> {
        if out.text.len() + s.len() > self.limits.max_output {
            return Err(self.err(
                pos,
                pos,
                &format!("output exceeds {} bytes", self.limits.max_output),
            ));
        }
        if let Some(src) = self.source() {
            out.write(s, &src, pos, values_key);
        } else {
            out.text.push_str(s);
        }
        Ok(())
    }

    fn walk_list(&mut self, nodes: &[Node], dot: &Value, out: &mut Output) -> R<Flow> {
        for node in nodes {
            match self.walk(node, dot, out)? {
                Flow::Normal => {}
                flow => return Ok(flow),
            }
        }
        Ok(Flow::Normal)
    }

    fn scoped(&mut self, nodes: &[Node], dot: &Value, out: &mut Output) -> R<Flow> {
        let mark = self.vars.len();
        let r = self.walk_list(nodes, dot, out);
        self.vars.truncate(mark);
        r
    }

    fn walk(&mut self, node: &Node, dot: &Value, out: &mut Output) -> R<Flow> {
        match node {
            Node::Text { text, pos } => self.emit(out, text, *pos, None)?,
            Node::Action { pipe, pos } => {
                let v = self.pipeline(pipe, dot)?;
                if pipe.decl.is_empty() {
                    let s = print_value(&v);
                    let key = if out.record { values_key(pipe) } else { None };
                    self.emit(out, &s, *pos, key.as_ref())?;
                }
            }
            Node::If {
                pipe,
                list,
                else_list,
                ..
            } => {
                let mark = self.vars.len();
                let v = self.pipeline(pipe, dot)?;
                let flow = if v.truthy() {
                    self.scoped(list, dot, out)?
                } else if let Some(e) = else_list {
                    self.scoped(e, dot, out)?
                } else {
                    Flow::Normal
                };
                self.vars.truncate(mark);
                return Ok(flow);
            }
            Node::With {
                pipe,
                list,
                else_list,
                ..
            } => {
                let mark = self.vars.len();
                let v = self.pipeline(pipe, dot)?;
                let flow = if v.truthy() {
                    self.scoped(list, &v, out)?
                } else if let Some(e) = else_list {
                    self.scoped(e, dot, out)?
                } else {
                    Flow::Normal
                };
                self.vars.truncate(mark);
                return Ok(flow);
            }
            Node::Range {
                pipe,
                list,
                else_list,
                pos,
            } => return self.range(pipe, list, else_list.as_deref(), *pos, dot, out),
            Node::Template {
                name,
                pipe,
                pos,
                end,
            } => {
                let data = match pipe {
                    Some(p) => self.pipeline(p, dot)?,
                    None => Value::Nil,
                };
                let Some(tree) = self.lookup(name) else {
                    return Err(self.err(*pos, *end, &format!("template {name:?} not defined")));
                };
                self.run_tree(&tree, &data, out)?;
            }
            Node::Break { .. } => return Ok(Flow::Break),
            Node::Continue { .. } => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn range(
        &mut self,
        pipe: &Pipe,
        list: &[Node],
        else_list: Option<&[Node]>,
        pos: u32,
        dot: &Value,
        out: &mut Output,
    ) -> R<Flow> {
        let mark = self.vars.len();
        // Evaluate without declaring: range binds the variables per element.
        let bare = Pipe {
            decl: Vec::new(),
            assign: false,
            cmds: pipe.cmds.clone(),
            pos: pipe.pos,
        };
        let v = self.pipeline(&bare, dot)?;
        let items: Vec<(Value, Value)> = match &v {
            Value::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, x)| (Value::Int(i64::try_from(i).unwrap_or(0)), x.clone()))
                .collect(),
            Value::Bytes(_) => v
                .list_items()
                .unwrap_or_default()
                .into_iter()
                .enumerate()
                .map(|(i, x)| (Value::Int(i64::try_from(i).unwrap_or(0)), x))
                .collect(),
            Value::Map(m) => m
                .borrow()
                .iter()
                .map(|(k, x)| (Value::from(k.as_str()), x.clone()))
                .collect(),
            Value::Int(n) | Value::Int64(n) => (0..(*n).max(0))
                .map(|i| (Value::Int(i), Value::Int(i)))
                .collect(),
            Value::Object(o) if o.entries().is_some() => o
                .entries()
                .unwrap_or_default()
                .into_iter()
                .map(|(k, x)| (Value::from(k), x))
                .collect(),
            Value::Nil => Vec::new(),
            other => {
                let end = pipe.cmds.last().map_or(pos, |c| c.end);
                return Err(self.err(
                    pipe.pos,
                    end,
                    &format!("range can't iterate over {}", other.go_string()),
                ));
            }
        };
        if items.is_empty() {
            if let Some(e) = else_list {
                let f = self.scoped(e, dot, out)?;
                self.vars.truncate(mark);
                return Ok(match f {
                    Flow::Normal => Flow::Normal,
                    other => other,
                });
            }
            return Ok(Flow::Normal);
        }
        let int_range = matches!(v, Value::Int(_) | Value::Int64(_));
        for (key, elem) in items {
            self.steps += 1;
            if self.steps > self.limits.max_steps {
                return Err(self.err(pos, pos, "too many range iterations"));
            }
            match pipe.decl.len() {
                0 => {}
                1 => {
                    let val = if int_range { key.clone() } else { elem.clone() };
                    self.bind(&pipe.decl[0], val, pipe.assign);
                }
                _ => {
                    self.bind(&pipe.decl[0], key.clone(), pipe.assign);
                    self.bind(&pipe.decl[1], elem.clone(), pipe.assign);
                }
            }
            let inner = self.vars.len();
            let flow = self.walk_list(list, &elem, out);
            self.vars.truncate(inner);
            match flow? {
                Flow::Break => break,
                Flow::Continue | Flow::Normal => {}
            }
        }
        self.vars.truncate(mark);
        Ok(Flow::Normal)
    }

    fn bind(&mut self, name: &Rc<str>, v: Value, assign: bool) {
        if assign && let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
            slot.1 = v;
            return;
        }
        self.vars.push((name.clone(), v));
    }

    fn pipeline(&mut self, pipe: &Pipe, dot: &Value) -> R<Value> {
        let mut last: Option<Value> = None;
        for cmd in &pipe.cmds {
            last = Some(self.command(cmd, dot, last)?);
        }
        let v = last.unwrap_or_default();
        for name in &pipe.decl {
            if pipe.assign {
                if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    slot.1 = v.clone();
                } else {
                    return Err(self.err(
                        pipe.pos,
                        pipe.pos,
                        &format!("undefined variable: {name}"),
                    ));
                }
            } else {
                self.vars.push((name.clone(), v.clone()));
            }
        }
        Ok(v)
    }

    fn var(&self, name: &str, pos: u32, end: u32) -> R<Value> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| self.err(pos, end, &format!("undefined variable: {name}")))
    }

    fn command(&mut self, cmd: &Cmd, dot: &Value, final_: Option<Value>) -> R<Value> {
        let Some(first) = cmd.args.first() else {
            return Ok(Value::Nil);
        };
        match &first.term {
            Term::Ident(name) => self.call(name, &cmd.args[1..], cmd, dot, final_),
            Term::Field(fields) => {
                let args = self.eval_args(&cmd.args[1..], dot, final_)?;
                self.chain(dot.clone(), fields, &args, first)
            }
            Term::Var(name, fields) => {
                let base = self.var(name, first.pos, first.end)?;
                let args = self.eval_args(&cmd.args[1..], dot, final_)?;
                self.chain(base, fields, &args, first)
            }
            Term::Chain(pipe, fields) => {
                let base = self.pipeline(pipe, dot)?;
                let args = self.eval_args(&cmd.args[1..], dot, final_)?;
                self.chain(base, fields, &args, first)
            }
            _ => {
                if final_.is_some() {
                    return Err(self.err(cmd.pos, cmd.end, "can't give argument to non-function"));
                }
                self.arg(first, dot)
            }
        }
    }

    fn eval_args(&mut self, args: &[Arg], dot: &Value, final_: Option<Value>) -> R<Vec<Value>> {
        let mut out = Vec::with_capacity(args.len() + 1);
        for a in args {
            out.push(self.arg(a, dot)?);
        }
        if let Some(f) = final_ {
            out.push(f);
        }
        Ok(out)
    }

    fn arg(&mut self, a: &Arg, dot: &Value) -> R<Value> {
        match &a.term {
            Term::Dot => Ok(dot.clone()),
            Term::Nil => Ok(Value::Nil),
            Term::Const(v) => Ok(v.clone()),
            Term::Field(fields) => self.chain(dot.clone(), fields, &[], a),
            Term::Var(name, fields) => {
                let base = self.var(name, a.pos, a.end)?;
                self.chain(base, fields, &[], a)
            }
            Term::Chain(pipe, fields) => {
                let base = self.pipeline(pipe, dot)?;
                self.chain(base, fields, &[], a)
            }
            Term::Ident(name) => {
                let cmd = Cmd {
                    args: vec![a.clone()],
                    pos: a.pos,
                    end: a.end,
                };
                self.call(name, &[], &cmd, dot, None)
            }
        }
    }

    /// `.A.B.C` on `base`; the last element gets `args` (a method call).
    fn chain(&self, base: Value, fields: &[Rc<str>], args: &[Value], at: &Arg) -> R<Value> {
        let mut v = base;
        for (i, f) in fields.iter().enumerate() {
            let last = i + 1 == fields.len();
            let call_args: &[Value] = if last { args } else { &[] };
            v = match &v {
                Value::Map(m) => {
                    if !call_args.is_empty() {
                        return Err(self.err(
                            at.pos,
                            at.end,
                            &format!("{f} is not a method but has arguments"),
                        ));
                    }
                    m.borrow().get(&**f).cloned().unwrap_or(Value::Nil)
                }
                Value::Object(o) => {
                    if let Some(r) = o.method(f, call_args) {
                        r.map_err(|e| self.err(at.pos, at.end, &format!("error calling {f}: {e}")))?
                    } else if let Some(x) = o.field(f) {
                        x
                    } else {
                        return Err(self.err(
                            at.pos,
                            at.end,
                            &format!("can't evaluate field {f} in type {}", o.type_name()),
                        ));
                    }
                }
                // Go: a nil that a pipeline or variable produced is an invalid
                // value, and a field of it is nil again; a nil found by the
                // previous field of this chain is a nil interface: an error.
                Value::Nil if i == 0 => Value::Nil,
                Value::Nil => {
                    return Err(self.err_loc(
                        at.pos,
                        at.end,
                        at.loc,
                        &format!("nil pointer evaluating interface {{}}.{f}"),
                    ));
                }
                other => {
                    return Err(self.err(
                        at.pos,
                        at.end,
                        &format!("can't evaluate field {f} in type {}", other.type_name()),
                    ));
                }
            };
        }
        if fields.is_empty() && !args.is_empty() {
            return Err(self.err(at.pos, at.end, "can't give argument to non-function"));
        }
        Ok(v)
    }

    fn call(
        &mut self,
        name: &str,
        args: &[Arg],
        cmd: &Cmd,
        dot: &Value,
        final_: Option<Value>,
    ) -> R<Value> {
        // Short-circuit logic.
        if name == "and" || name == "or" {
            if args.is_empty() && final_.is_none() {
                return Err(self.err(
                    cmd.pos,
                    cmd.end,
                    &format!("wrong number of args for {name}: want at least 1 got 0"),
                ));
            }
            let mut last = Value::Nil;
            for a in args {
                last = self.arg(a, dot)?;
                if (name == "and") != last.truthy() {
                    return Ok(last);
                }
            }
            if let Some(f) = final_ {
                last = f;
            }
            return Ok(last);
        }
        let vals = self.eval_args(args, dot, final_)?;
        let result = match name {
            "include" => self.include(&vals, cmd),
            "tpl" => self.tpl(&vals, cmd),
            "template" => Err("template is not a function".to_string()),
            "call" => Err("call of non-function".to_string()),
            "eq" => eq(&vals),
            "ne" => {
                if vals.len() == 2 {
                    Ok(Value::Bool(!values_equal(&vals[0], &vals[1])))
                } else {
                    Err(format!(
                        "wrong number of args for ne: want 2 got {}",
                        vals.len()
                    ))
                }
            }
            "lt" | "le" | "gt" | "ge" => compare(name, &vals),
            "not" => {
                if vals.len() == 1 {
                    Ok(Value::Bool(!vals[0].truthy()))
                } else {
                    Err(format!(
                        "wrong number of args for not: want 1 got {}",
                        vals.len()
                    ))
                }
            }
            _ => match funcs::call(name, &vals, self.env) {
                Some(r) => r,
                None => Err(format!("function {name:?} not defined")),
            },
        };
        result.map_err(|e| {
            // Errors from nested templates keep their own chain.
            self.err(cmd.pos, cmd.end, &format!("error calling {name}: {e}"))
        })
    }

    fn include(&mut self, vals: &[Value], _cmd: &Cmd) -> Result<Value, String> {
        let [name, data] = vals else {
            return Err(format!(
                "wrong number of args for include: want 2 got {}",
                vals.len()
            ));
        };
        let Some(name) = name.as_str() else {
            return Err("include: template name must be a string".into());
        };
        let Some(tree) = self.lookup(name) else {
            return Err(format!(
                "template: no template {name:?} associated with template {:?}",
                self.cur.as_ref().map_or("", |t| &*t.name)
            ));
        };
        let mut buf = Output::new(false);
        let saved = self.cur.clone();
        let r = self.run_tree(&tree, data, &mut buf);
        self.cur = saved;
        r.map_err(|e| e.message)?;
        Ok(Value::from(buf.text))
    }

    fn tpl(&mut self, vals: &[Value], _cmd: &Cmd) -> Result<Value, String> {
        let [text, data] = vals else {
            return Err(format!(
                "wrong number of args for tpl: want 2 got {}",
                vals.len()
            ));
        };
        let text = text.to_str();
        let name = data
            .get("Template")
            .and_then(|t| t.get("Name"))
            .and_then(|n| n.as_str().map(str::to_string))
            .ok_or_else(|| {
                "cannot retrieve Template.Name from values inside tpl function".to_string()
            })?;
        if self.depth >= self.limits.max_depth {
            return Err(format!(
                "exceeded max template depth ({})",
                self.limits.max_depth
            ));
        }
        let layer = parse_cached(&name, &text).map_err(|e| e.message)?;
        let tree = layer.get(name.as_str()).cloned();
        self.overlay.push(Trees::clone(&layer));
        let mut buf = Output::new(false);
        let saved = self.cur.clone();
        let r = match tree {
            Some(t) => self.run_tree(&t, data, &mut buf),
            None => Ok(()),
        };
        self.cur = saved;
        self.overlay.pop();
        r.map_err(|e| e.message)?;
        Ok(Value::from(buf.text.replace("<no value>", "")))
    }
}

/// `a.b` for an action that is exactly `{{ .Values.a.b }}` (or `$.Values...`).
fn values_key(pipe: &Pipe) -> Option<Rc<str>> {
    let [cmd] = pipe.cmds.as_slice() else {
        return None;
    };
    let [arg] = cmd.args.as_slice() else {
        return None;
    };
    let fields = match &arg.term {
        Term::Field(f) => f,
        Term::Var(v, f) if &**v == "$" => f,
        _ => return None,
    };
    match fields.split_first() {
        Some((first, rest)) if &**first == "Values" && !rest.is_empty() => Some(Rc::from(
            rest.iter().map(|f| &**f).collect::<Vec<_>>().join("."),
        )),
        _ => None,
    }
}

/// How an action prints its value: nil as `<no value>` (Helm removes it).
pub fn print_value(v: &Value) -> String {
    match v {
        Value::Nil => "<no value>".to_string(),
        other => other.go_string(),
    }
}

fn basic_kind(v: &Value) -> u8 {
    match v {
        Value::Nil => 0,
        Value::Bool(_) => 1,
        Value::Int(_) | Value::Int64(_) => 2,
        Value::Float(_) => 3,
        Value::Str(_) => 4,
        _ => 5,
    }
}

fn eq(vals: &[Value]) -> Result<Value, String> {
    let Some((first, rest)) = vals.split_first() else {
        return Err("missing argument for comparison".into());
    };
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    for other in rest {
        let (k1, k2) = (basic_kind(first), basic_kind(other));
        let equal = match (k1, k2) {
            (0, 0) => true,
            (0, _) | (_, 0) => false,
            (5, _) | (_, 5) => return Err("non-comparable types".into()),
            (2 | 3, 2 | 3) => values_equal(first, other),
            (a, b) if a != b => return Err("incompatible types for comparison".into()),
            _ => values_equal(first, other),
        };
        if equal {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn compare(name: &str, vals: &[Value]) -> Result<Value, String> {
    let [a, b] = vals else {
        return Err(format!(
            "wrong number of args for {name}: want 2 got {}",
            vals.len()
        ));
    };
    let ord = match (a, b) {
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        (Value::Int(x) | Value::Int64(x), Value::Int(y) | Value::Int64(y)) => x.cmp(y),
        (
            Value::Int(_) | Value::Int64(_) | Value::Float(_),
            Value::Int(_) | Value::Int64(_) | Value::Float(_),
        ) => {
            let (x, y) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).ok_or("invalid type for comparison")?
        }
        (Value::Nil, _) | (_, Value::Nil) => return Err("invalid type for comparison".into()),
        _ => return Err("incompatible types for comparison".into()),
    };
    let r = match name {
        "lt" => ord.is_lt(),
        "le" => ord.is_le(),
        "gt" => ord.is_gt(),
        _ => ord.is_ge(),
    };
    Ok(Value::Bool(r))
}
