//! Go `text/template` lexer and parser. Every node keeps its byte offset in
//! the source so errors and the source map can name a line and column.

use crate::value::Value;
use std::collections::HashMap;
use std::rc::Rc;

/// One template source (a file, or the text given to `tpl`).
#[derive(Debug)]
pub struct Source {
    /// The name errors use: `chart/templates/x.yaml`.
    pub name: Rc<str>,
    pub text: Rc<str>,
    line_starts: Vec<u32>,
}

impl Source {
    pub fn new(name: &str, text: &str) -> Source {
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        Source {
            name: Rc::from(name),
            text: Rc::from(text),
            line_starts,
        }
    }

    /// 1-based line and Go's column (bytes from the line start) of `offset`.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        (line, (offset - start) as usize)
    }

    pub fn snippet(&self, start: u32, end: u32) -> &str {
        self.text.get(start as usize..end as usize).unwrap_or("")
    }
}

#[derive(Debug, Clone)]
pub enum Node {
    Text {
        text: Rc<str>,
        pos: u32,
    },
    Action {
        pipe: Pipe,
        pos: u32,
    },
    If {
        pipe: Pipe,
        list: Vec<Node>,
        else_list: Option<Vec<Node>>,
        pos: u32,
    },
    With {
        pipe: Pipe,
        list: Vec<Node>,
        else_list: Option<Vec<Node>>,
        pos: u32,
    },
    Range {
        pipe: Pipe,
        list: Vec<Node>,
        else_list: Option<Vec<Node>>,
        pos: u32,
    },
    Template {
        name: Rc<str>,
        pipe: Option<Pipe>,
        pos: u32,
        end: u32,
    },
    Break {
        pos: u32,
    },
    Continue {
        pos: u32,
    },
}

#[derive(Debug, Clone)]
pub struct Pipe {
    pub decl: Vec<Rc<str>>,
    /// `=` rather than `:=`.
    pub assign: bool,
    pub cmds: Vec<Cmd>,
    pub pos: u32,
}

#[derive(Debug, Clone)]
pub struct Cmd {
    pub args: Vec<Arg>,
    pub pos: u32,
    pub end: u32,
}

#[derive(Debug, Clone)]
pub enum Term {
    Dot,
    Nil,
    Const(Value),
    /// `.A.B` on dot.
    Field(Vec<Rc<str>>),
    /// `$x.A.B`.
    Var(Rc<str>, Vec<Rc<str>>),
    /// A function name.
    Ident(Rc<str>),
    /// `(pipeline).A.B`.
    Chain(Box<Pipe>, Vec<Rc<str>>),
}

#[derive(Debug, Clone)]
pub struct Arg {
    pub term: Term,
    pub pos: u32,
    pub end: u32,
    /// Where Go reports errors on this node.
    pub loc: u32,
}

/// A parsed template: its body and the source it came from.
#[derive(Debug)]
pub struct Tree {
    pub name: Rc<str>,
    pub source: Rc<Source>,
    pub root: Vec<Node>,
}

#[derive(Debug, Clone)]
pub struct ParseError {
    /// Go's form: `template: name:line: detail`.
    pub message: String,
    /// `name:line`, for Helm's `parse error at (name:line): detail`.
    pub location: String,
    pub detail: String,
}

impl ParseError {
    fn new(src: &Source, offset: u32, detail: &str) -> ParseError {
        let (line, _) = src.line_col(offset);
        let location = format!("{}:{}", src.name, line);
        ParseError {
            message: format!("template: {location}: {detail}"),
            location,
            detail: detail.to_string(),
        }
    }
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Dot,
    Field(Rc<str>),
    Var(Rc<str>),
    Ident(Rc<str>),
    Str(Rc<str>),
    Num(Value),
    Bool(bool),
    Nil,
    LParen,
    RParen,
    Pipe,
    Declare,
    Assign,
    Comma,
    Space,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: u32,
    end: u32,
}

enum Item {
    Text { text: String, pos: u32 },
    Action { toks: Vec<Token>, pos: u32 },
}

const MAX_DEPTH: usize = 200;

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn off(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Splits the source into text and actions, applying trim markers.
fn lex(src: &Source) -> Result<Vec<Item>, ParseError> {
    let text: &str = &src.text;
    let bytes = text.as_bytes();
    let mut items = Vec::new();
    let mut i = 0usize;
    let mut trim_next = false;
    let err = |at: usize, msg: &str| ParseError::new(src, off(at), msg);
    while i <= bytes.len() {
        let next = text[i..].find("{{").map(|p| p + i);
        let text_end = next.unwrap_or(bytes.len());
        let mut chunk = &text[i..text_end];
        if trim_next {
            chunk = chunk.trim_start_matches([' ', '\t', '\r', '\n']);
        }
        let chunk_pos = text_end - chunk.len();
        let Some(open) = next else {
            if !chunk.is_empty() {
                items.push(Item::Text {
                    text: chunk.to_string(),
                    pos: off(chunk_pos),
                });
            }
            break;
        };
        let mut j = open + 2;
        let trim_left =
            bytes.get(j) == Some(&b'-') && bytes.get(j + 1).is_some_and(|c| is_space(*c));
        if trim_left {
            chunk = chunk.trim_end_matches([' ', '\t', '\r', '\n']);
            j += 2;
        }
        if !chunk.is_empty() {
            items.push(Item::Text {
                text: chunk.to_string(),
                pos: off(chunk_pos),
            });
        }
        // Comment.
        let mut k = j;
        while trim_left && k < bytes.len() && is_space(bytes[k]) {
            k += 1;
        }
        if text[k..].starts_with("/*") {
            let Some(close) = text[k + 2..].find("*/") else {
                return Err(err(open, "unclosed comment"));
            };
            let mut e = k + 2 + close + 2;
            let after = &text[e..];
            let trimmed = after.trim_start_matches([' ', '\t', '\r', '\n']);
            if trimmed.starts_with("-}}") && trimmed.len() < after.len() {
                trim_next = true;
                e += after.len() - trimmed.len() + 3;
            } else if after.starts_with("}}") {
                trim_next = false;
                e += 2;
            } else {
                return Err(err(open, "comment ends before closing delimiter"));
            }
            i = e;
            continue;
        }
        let (toks, end, trim_right) = lex_action(text, j, src)?;
        items.push(Item::Action {
            toks,
            pos: off(open),
        });
        trim_next = trim_right;
        i = end;
    }
    Ok(items)
}

/// Lexes one action from `start` (after `{{`/`{{- `); returns its tokens,
/// the offset after `}}` and whether it ended with ` -}}`.
fn lex_action(
    text: &str,
    start: usize,
    src: &Source,
) -> Result<(Vec<Token>, usize, bool), ParseError> {
    let bytes = text.as_bytes();
    let mut toks = Vec::new();
    let mut i = start;
    let err = |at: usize, msg: String| ParseError::new(src, off(at), &msg);
    let push = |toks: &mut Vec<Token>, tok: Tok, s: usize, e: usize| {
        toks.push(Token {
            tok,
            start: off(s),
            end: off(e),
        });
    };
    loop {
        let Some(&c) = bytes.get(i) else {
            return Err(err(start, "unclosed action".into()));
        };
        if c == b'}' && bytes.get(i + 1) == Some(&b'}') {
            return Ok((toks, i + 2, false));
        }
        if is_space(c) {
            let s = i;
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            if bytes.get(i) == Some(&b'-')
                && bytes.get(i + 1) == Some(&b'}')
                && bytes.get(i + 2) == Some(&b'}')
            {
                return Ok((toks, i + 3, true));
            }
            push(&mut toks, Tok::Space, s, i);
            continue;
        }
        let s = i;
        match c {
            b'(' => {
                push(&mut toks, Tok::LParen, s, s + 1);
                i += 1;
            }
            b')' => {
                push(&mut toks, Tok::RParen, s, s + 1);
                i += 1;
            }
            b'|' => {
                push(&mut toks, Tok::Pipe, s, s + 1);
                i += 1;
            }
            b',' => {
                push(&mut toks, Tok::Comma, s, s + 1);
                i += 1;
            }
            b':' if bytes.get(i + 1) == Some(&b'=') => {
                push(&mut toks, Tok::Declare, s, s + 2);
                i += 2;
            }
            b'=' => {
                push(&mut toks, Tok::Assign, s, s + 1);
                i += 1;
            }
            b'"' => {
                let mut out = String::new();
                i += 1;
                loop {
                    let Some(ch) = text[i..].chars().next() else {
                        return Err(err(s, "unterminated quoted string".into()));
                    };
                    if ch == '\n' {
                        return Err(err(s, "unterminated quoted string".into()));
                    }
                    i += ch.len_utf8();
                    match ch {
                        '"' => break,
                        '\\' => {
                            let (decoded, used) = unescape(&text[i..])
                                .ok_or_else(|| err(s, "bad escape in string".into()))?;
                            out.push_str(&decoded);
                            i += used;
                        }
                        ch => out.push(ch),
                    }
                }
                push(&mut toks, Tok::Str(Rc::from(out)), s, i);
            }
            b'`' => {
                let Some(close) = text[i + 1..].find('`') else {
                    return Err(err(s, "unterminated raw quoted string".into()));
                };
                let body = &text[i + 1..i + 1 + close];
                i += close + 2;
                push(&mut toks, Tok::Str(Rc::from(body)), s, i);
            }
            b'\'' => {
                let rest = &text[i + 1..];
                let (ch, used) = if let Some(r) = rest.strip_prefix('\\') {
                    let (d, u) =
                        unescape(r).ok_or_else(|| err(s, "bad character constant".into()))?;
                    (d.chars().next().unwrap_or('\0'), u + 1)
                } else {
                    let ch = rest
                        .chars()
                        .next()
                        .ok_or_else(|| err(s, "unterminated character constant".into()))?;
                    (ch, ch.len_utf8())
                };
                if rest.as_bytes().get(used) != Some(&b'\'') {
                    return Err(err(s, "unterminated character constant".into()));
                }
                i += used + 2;
                push(&mut toks, Tok::Num(Value::Int(i64::from(ch as u32))), s, i);
            }
            b'$' => {
                i += 1;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                push(&mut toks, Tok::Var(Rc::from(&text[s..i])), s, i);
            }
            b'.' if !bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i += 1;
                let fs = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                if i == fs {
                    push(&mut toks, Tok::Dot, s, i);
                } else {
                    push(&mut toks, Tok::Field(Rc::from(&text[fs..i])), s, i);
                }
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                i += 1;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || matches!(bytes[i], b'.' | b'_')
                        || ((bytes[i] == b'+' || bytes[i] == b'-')
                            && matches!(bytes[i - 1], b'e' | b'E' | b'p' | b'P')))
                {
                    i += 1;
                }
                let lit = &text[s..i];
                let v = parse_number(lit)
                    .ok_or_else(|| err(s, format!("bad number syntax: {lit:?}")))?;
                push(&mut toks, Tok::Num(v), s, i);
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                let word = &text[s..i];
                let tok = match word {
                    "true" => Tok::Bool(true),
                    "false" => Tok::Bool(false),
                    "nil" => Tok::Nil,
                    w => Tok::Ident(Rc::from(w)),
                };
                push(&mut toks, tok, s, i);
            }
            _ => {
                let ch = text[i..].chars().next().unwrap_or('?');
                return Err(err(s, format!("unexpected {ch:?} in command")));
            }
        }
    }
}

/// Decodes one Go escape after a backslash; returns the text and bytes used.
fn unescape(rest: &str) -> Option<(String, usize)> {
    let c = rest.chars().next()?;
    let simple = match c {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        '\\' => Some('\\'),
        '"' => Some('"'),
        '\'' => Some('\''),
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'v' => Some('\u{b}'),
        _ => None,
    };
    if let Some(ch) = simple {
        return Some((ch.to_string(), 1));
    }
    let (len, radix) = match c {
        'x' => (2, 16),
        'u' => (4, 16),
        'U' => (8, 16),
        '0'..='7' => (3, 8),
        _ => return None,
    };
    let start = usize::from(c != '0' && !('1'..='7').contains(&c));
    let digits = rest.get(start..start + len)?;
    let n = u32::from_str_radix(digits, radix).ok()?;
    if c == 'x' || radix == 8 {
        // A byte; keep it as a char when it is ASCII.
        return Some((char::from_u32(n)?.to_string(), start + len));
    }
    Some((char::from_u32(n)?.to_string(), start + len))
}

fn parse_number(lit: &str) -> Option<Value> {
    let clean = lit.replace('_', "");
    let body = clean.trim_start_matches(['+', '-']);
    let is_hex = body.starts_with("0x") || body.starts_with("0X");
    if !is_hex && clean.contains(['.', 'e', 'E']) {
        return clean.parse::<f64>().ok().map(Value::Float);
    }
    if let Some(i) = crate::value::parse_go_int(&clean) {
        return Some(Value::Int(i));
    }
    clean.parse::<f64>().ok().map(Value::Float)
}

/// Parses a template source into trees: the main one under `name` and one per
/// `define`/`block`.
pub fn parse(
    name: &str,
    src: &Rc<Source>,
    funcs: &dyn Fn(&str) -> bool,
) -> Result<HashMap<Rc<str>, Rc<Tree>>, ParseError> {
    let items = lex(src)?;
    let mut p = Parser {
        items,
        idx: 0,
        src: src.clone(),
        defines: HashMap::new(),
        funcs,
        depth: 0,
        paren_depth: std::cell::Cell::new(0),
    };
    let (root, end) = p.list(false)?;
    if let Some(e) = end {
        return Err(p.error(e.1, &format!("unexpected {{{{{}}}}}", e.0)));
    }
    let mut out = p.defines;
    let name: Rc<str> = Rc::from(name);
    // An empty main template does not replace one defined elsewhere (Go's rule).
    out.insert(
        name.clone(),
        Rc::new(Tree {
            name,
            source: src.clone(),
            root,
        }),
    );
    Ok(out)
}

struct Parser<'f> {
    items: Vec<Item>,
    idx: usize,
    src: Rc<Source>,
    defines: HashMap<Rc<str>, Rc<Tree>>,
    funcs: &'f dyn Fn(&str) -> bool,
    depth: usize,
    /// Nesting of parenthesised pipelines.
    paren_depth: std::cell::Cell<usize>,
}

/// What ended a list: `end`, `else`, `else if ...`.
type Ender = (String, u32, Vec<Token>);

/// `toks` without leading and trailing spaces.
fn significant(toks: &[Token]) -> &[Token] {
    let start = toks
        .iter()
        .position(|t| t.tok != Tok::Space)
        .unwrap_or(toks.len());
    let end = toks
        .iter()
        .rposition(|t| t.tok != Tok::Space)
        .map_or(start, |i| i + 1);
    &toks[start..end]
}

impl Parser<'_> {
    fn error(&self, pos: u32, msg: &str) -> ParseError {
        ParseError::new(&self.src, pos, msg)
    }

    /// Parses nodes until `end`/`else` (returned) or the end of input.
    fn list(&mut self, nested: bool) -> Result<(Vec<Node>, Option<Ender>), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(0, "template nested too deeply"));
        }
        let mut nodes = Vec::new();
        while self.idx < self.items.len() {
            let item = std::mem::replace(
                &mut self.items[self.idx],
                Item::Text {
                    text: String::new(),
                    pos: 0,
                },
            );
            self.idx += 1;
            match item {
                Item::Text { text, pos } => nodes.push(Node::Text {
                    text: Rc::from(text),
                    pos,
                }),
                Item::Action { toks, pos } => {
                    let toks = significant(&toks);
                    let Some(first) = toks.first() else {
                        return Err(self.error(pos, "missing value for command"));
                    };
                    let keyword = match &first.tok {
                        Tok::Ident(w) => w.to_string(),
                        _ => String::new(),
                    };
                    let rest = significant(toks.get(1..).unwrap_or(&[]));
                    match keyword.as_str() {
                        "end" | "else" => {
                            if !nested {
                                return Err(
                                    self.error(pos, &format!("unexpected {{{{{keyword}}}}}"))
                                );
                            }
                            self.depth -= 1;
                            return Ok((nodes, Some((keyword, pos, rest.to_vec()))));
                        }
                        "if" | "with" | "range" => nodes.push(self.control(&keyword, rest, pos)?),
                        "define" => self.define(rest, pos)?,
                        "block" => {
                            let (name, pipe) = self.template_args(rest, pos)?;
                            let (body, end) = self.list(true)?;
                            self.expect_end(end, pos)?;
                            self.defines.insert(
                                name.clone(),
                                Rc::new(Tree {
                                    name: name.clone(),
                                    source: self.src.clone(),
                                    root: body,
                                }),
                            );
                            let end = toks.last().map_or(pos, |t| t.end);
                            nodes.push(Node::Template {
                                name,
                                pipe,
                                pos,
                                end,
                            });
                        }
                        "template" => {
                            let (name, pipe) = self.template_args(rest, pos)?;
                            let end = toks.last().map_or(pos, |t| t.end);
                            nodes.push(Node::Template {
                                name,
                                pipe,
                                pos,
                                end,
                            });
                        }
                        "break" => nodes.push(Node::Break { pos }),
                        "continue" => nodes.push(Node::Continue { pos }),
                        _ => {
                            let pipe = self.pipeline(toks, pos, false)?;
                            nodes.push(Node::Action { pipe, pos });
                        }
                    }
                }
            }
        }
        if nested {
            return Err(self.error(off(self.src.text.len()), "unexpected EOF"));
        }
        self.depth -= 1;
        Ok((nodes, None))
    }

    fn expect_end(&self, end: Option<Ender>, pos: u32) -> Result<(), ParseError> {
        match end {
            Some((k, _, rest)) if k == "end" && rest.is_empty() => Ok(()),
            Some((k, p, _)) => Err(self.error(p, &format!("unexpected {{{{{k}}}}}"))),
            None => Err(self.error(pos, "unexpected EOF")),
        }
    }

    fn control(&mut self, keyword: &str, rest: &[Token], pos: u32) -> Result<Node, ParseError> {
        if rest.is_empty() {
            return Err(self.error(pos, &format!("missing value for {keyword}")));
        }
        let pipe = self.pipeline(rest, pos, keyword == "range")?;
        let (list, end) = self.list(true)?;
        let else_list = match end {
            Some((k, _, r)) if k == "end" && r.is_empty() => None,
            Some((k, p, r)) if k == "else" => {
                if r.is_empty() {
                    let (else_list, end) = self.list(true)?;
                    self.expect_end(end, p)?;
                    Some(else_list)
                } else {
                    // `else if`/`else with`: a nested node closed by the same `end`.
                    let kw = match &r[0].tok {
                        Tok::Ident(w) if (&**w == "if" || &**w == "with") => w.to_string(),
                        _ => return Err(self.error(p, "expected end; found else with arguments")),
                    };
                    let inner_rest = significant(&r[1..]);
                    let inner = self.control(&kw, inner_rest, p)?;
                    Some(vec![inner])
                }
            }
            Some((k, p, _)) => return Err(self.error(p, &format!("unexpected {{{{{k}}}}}"))),
            None => return Err(self.error(pos, "unexpected EOF")),
        };
        Ok(match keyword {
            "if" => Node::If {
                pipe,
                list,
                else_list,
                pos,
            },
            "with" => Node::With {
                pipe,
                list,
                else_list,
                pos,
            },
            _ => Node::Range {
                pipe,
                list,
                else_list,
                pos,
            },
        })
    }

    fn define(&mut self, rest: &[Token], pos: u32) -> Result<(), ParseError> {
        let name = match rest {
            [
                Token {
                    tok: Tok::Str(s), ..
                },
            ] => s.clone(),
            _ => return Err(self.error(pos, "define: expected a quoted template name")),
        };
        let (body, end) = self.list(true)?;
        self.expect_end(end, pos)?;
        self.defines.insert(
            name.clone(),
            Rc::new(Tree {
                name,
                source: self.src.clone(),
                root: body,
            }),
        );
        Ok(())
    }

    fn template_args(
        &self,
        rest: &[Token],
        pos: u32,
    ) -> Result<(Rc<str>, Option<Pipe>), ParseError> {
        let Some(Token {
            tok: Tok::Str(name),
            ..
        }) = rest.first()
        else {
            return Err(self.error(pos, "template: expected a quoted template name"));
        };
        let pipe_toks = significant(&rest[1..]);
        let pipe = if pipe_toks.is_empty() {
            None
        } else {
            Some(self.pipeline(pipe_toks, pos, false)?)
        };
        Ok((name.clone(), pipe))
    }

    fn pipeline(&self, toks: &[Token], pos: u32, range: bool) -> Result<Pipe, ParseError> {
        if self.paren_depth.get() > MAX_DEPTH {
            return Err(self.error(pos, "pipeline nested too deeply"));
        }
        self.paren_depth.set(self.paren_depth.get() + 1);
        let r = self.pipeline_inner(toks, pos, range);
        self.paren_depth.set(self.paren_depth.get() - 1);
        r
    }

    fn pipeline_inner(&self, toks: &[Token], pos: u32, range: bool) -> Result<Pipe, ParseError> {
        let toks = significant(toks);
        let mut decl = Vec::new();
        let mut assign = false;
        let mut start = 0;
        // `$x :=`, `$x =`, `$i, $v :=`.
        let words: Vec<&Token> = toks.iter().filter(|t| t.tok != Tok::Space).collect();
        if let Some(Token {
            tok: Tok::Var(v), ..
        }) = words.first()
        {
            match words.get(1).map(|t| &t.tok) {
                Some(Tok::Declare | Tok::Assign) => {
                    assign = words[1].tok == Tok::Assign;
                    decl.push(v.clone());
                    start = toks
                        .iter()
                        .position(|t| t.start == words[1].start)
                        .map_or(0, |p| p + 1);
                }
                Some(Tok::Comma) if range => {
                    if let (
                        Some(Token {
                            tok: Tok::Var(v2), ..
                        }),
                        Some(op),
                    ) = (words.get(2), words.get(3))
                        && matches!(op.tok, Tok::Declare | Tok::Assign)
                    {
                        assign = op.tok == Tok::Assign;
                        decl.push(v.clone());
                        decl.push(v2.clone());
                        start = toks
                            .iter()
                            .position(|t| t.start == op.start)
                            .map_or(0, |p| p + 1);
                    } else {
                        return Err(self.error(pos, "range can only initialize variables"));
                    }
                }
                _ => {}
            }
        }
        let body = significant(&toks[start..]);
        let mut cmds = Vec::new();
        for part in split_top(body, &Tok::Pipe) {
            let part = significant(part);
            if part.is_empty() {
                return Err(self.error(pos, "missing command"));
            }
            cmds.push(self.command(part, pos)?);
        }
        if cmds.is_empty() {
            return Err(self.error(pos, "missing value for command"));
        }
        Ok(Pipe {
            decl,
            assign,
            cmds,
            pos,
        })
    }

    fn command(&self, toks: &[Token], pos: u32) -> Result<Cmd, ParseError> {
        let mut args = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if toks[i].tok == Tok::Space {
                i += 1;
                continue;
            }
            let (arg, next) = self.operand(toks, i, pos)?;
            args.push(arg);
            if next < toks.len() && toks[next].tok != Tok::Space {
                return Err(self.error(toks[next].start, "missing space?"));
            }
            i = next;
        }
        let start = toks.first().map_or(pos, |t| t.start);
        let end = toks.last().map_or(pos, |t| t.end);
        if let Some(Arg {
            term: Term::Const(_) | Term::Nil | Term::Dot,
            ..
        }) = args.first()
            && args.len() > 1
        {
            return Err(self.error(start, "can't give argument to non-function"));
        }
        Ok(Cmd {
            args,
            pos: start,
            end,
        })
    }

    fn fields(toks: &[Token], mut i: usize) -> (Vec<Rc<str>>, usize) {
        let mut out = Vec::new();
        while let Some(Token {
            tok: Tok::Field(f), ..
        }) = toks.get(i)
        {
            out.push(f.clone());
            i += 1;
        }
        (out, i)
    }

    fn operand(&self, toks: &[Token], i: usize, pos: u32) -> Result<(Arg, usize), ParseError> {
        let t = &toks[i];
        let start = t.start;
        let (term, next) = match &t.tok {
            Tok::Dot => (Term::Dot, i + 1),
            Tok::Nil => (Term::Nil, i + 1),
            Tok::Bool(b) => (Term::Const(Value::Bool(*b)), i + 1),
            Tok::Num(v) => (Term::Const(v.clone()), i + 1),
            Tok::Str(s) => (Term::Const(Value::Str(s.clone())), i + 1),
            Tok::Field(_) => {
                let (f, n) = Self::fields(toks, i);
                (Term::Field(f), n)
            }
            Tok::Var(v) => {
                let (f, n) = Self::fields(toks, i + 1);
                (Term::Var(v.clone(), f), n)
            }
            Tok::Ident(name) => {
                if !(self.funcs)(name) {
                    return Err(self.error(start, &format!("function {name:?} not defined")));
                }
                (Term::Ident(name.clone()), i + 1)
            }
            Tok::LParen => {
                let mut depth = 0usize;
                let mut j = i;
                loop {
                    match toks.get(j).map(|t| &t.tok) {
                        Some(Tok::LParen) => depth += 1,
                        Some(Tok::RParen) => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        None => return Err(self.error(start, "unclosed left paren")),
                        _ => {}
                    }
                    j += 1;
                }
                let inner = self.pipeline(&toks[i + 1..j], start, false)?;
                let (f, n) = Self::fields(toks, j + 1);
                (Term::Chain(Box::new(inner), f), n)
            }
            Tok::RParen => return Err(self.error(start, "unexpected right paren")),
            other => return Err(self.error(pos, &format!("unexpected {other:?} in operand"))),
        };
        let end = toks.get(next.saturating_sub(1)).map_or(start, |t| t.end);
        // Go positions a field chain at its first chained field (`.a` of
        // `.Values.a.b`, `.x` of `$v.x`); messages still show the whole node.
        let loc = match (&term, toks.get(i + 1)) {
            (Term::Field(f), Some(t)) if f.len() > 1 => t.start,
            (Term::Var(_, f), Some(t)) if !f.is_empty() => t.start,
            _ => start,
        };
        Ok((
            Arg {
                term,
                pos: start,
                end,
                loc,
            },
            next,
        ))
    }
}

/// Splits tokens on `sep` outside parentheses.
fn split_top<'a>(toks: &'a [Token], sep: &Tok) -> Vec<&'a [Token]> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        match &t.tok {
            Tok::LParen => depth += 1,
            Tok::RParen => depth -= 1,
            tok if tok == sep && depth == 0 => {
                parts.push(&toks[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < toks.len() || !parts.is_empty() {
        parts.push(&toks[start..]);
    }
    parts
}
