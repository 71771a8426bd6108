//! Conversion of brush-parser's AST into [`Script`].

use super::{Pipeline, PipelinePosition, Script, ShellWord, SimpleCommand, unquote};
use crate::SourceMap;
use brush_parser::ast::{
    AndOr, AndOrList, Command, CommandPrefixOrSuffixItem, CompoundCommand, CompoundList,
    SeparatorOperator, Word,
};
use brush_parser::{Parser, SourceSpan};
use plimsoll_diagnostics::Span;

/// Scripts longer than this are split by the fallback instead: the parser's
/// cost grows with nesting and a build file has no business being this long.
const MAX_SCRIPT_LEN: usize = 256 * 1024;

thread_local! {
    static IN_THIRD_PARTY_PARSER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True while the shell parser runs on this thread: a panic hook can stay
/// silent about panics that are caught and turned into parse errors.
pub fn in_third_party_parser() -> bool {
    IN_THIRD_PARTY_PARSER.with(std::cell::Cell::get)
}

fn quietly_catching_panics<T>(f: impl FnOnce() -> T) -> Option<T> {
    let was = IN_THIRD_PARTY_PARSER.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    IN_THIRD_PARTY_PARSER.with(|c| c.set(was));
    result.ok()
}

/// `99999999999>file`: brush-parser reads the digits as an `i32` file
/// descriptor and panics when they do not fit.
fn has_oversized_fd(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut run = 0;
    for &b in bytes {
        if b.is_ascii_digit() {
            run += 1;
        } else {
            if run >= 10 && (b == b'<' || b == b'>') {
                return true;
            }
            run = 0;
        }
    }
    false
}

/// POSIX special builtins: assignments written before them stay set.
const SPECIAL_BUILTINS: [&str; 15] = [
    ":", ".", "break", "continue", "eval", "exec", "exit", "export", "readonly", "return", "set",
    "shift", "times", "trap", "unset",
];

/// Command substitutions nest; deeper ones are left unparsed.
const MAX_DEPTH: usize = 4;

pub(super) fn parse(text: &str, map: &SourceMap) -> Result<Script, String> {
    parse_at_depth(text, map, 0)
}

/// brush-parser recurses once per nesting level of `(`, `$(`, `{`; deeper
/// scripts go to the fallback splitter instead of risking the stack.
const MAX_NESTING: usize = 48;

/// Deepest nesting of brackets and braces (quotes ignored: an upper bound).
fn nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'(' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

fn parse_at_depth(text: &str, map: &SourceMap, depth: usize) -> Result<Script, String> {
    if text.len() > MAX_SCRIPT_LEN {
        return Err("script too long to parse".to_string());
    }
    if nesting(text) > MAX_NESTING {
        return Err("script nested too deeply to parse".to_string());
    }
    if has_oversized_fd(text) {
        return Err("redirect with an out-of-range file descriptor".to_string());
    }
    // brush-parser has `unwrap`s on user input; a panic there becomes a
    // parse error (and the fallback splitter), never a crash.
    let program = quietly_catching_panics(|| {
        let mut parser = Parser::builder().build(std::io::BufReader::new(text.as_bytes()));
        parser.parse_program()
    })
    .ok_or_else(|| "the shell parser failed on this script".to_string())?
    .map_err(|e| e.to_string())?;
    let mut conv = Converter {
        text,
        map,
        char_to_byte: (!text.is_ascii()).then(|| {
            let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            v.push(text.len());
            v
        }),
        script: Script::default(),
        depth,
    };
    for list in &program.complete_commands {
        conv.list(list, None);
    }
    Ok(conv.script)
}

struct Converter<'a> {
    text: &'a str,
    map: &'a SourceMap,
    /// brush-parser counts characters; this turns them into byte offsets.
    char_to_byte: Option<Vec<usize>>,
    script: Script,
    depth: usize,
}

impl Converter<'_> {
    fn byte(&self, char_index: usize) -> usize {
        match &self.char_to_byte {
            Some(table) => table.get(char_index).copied().unwrap_or(self.text.len()),
            None => char_index.min(self.text.len()),
        }
    }

    fn derived_span(&self, loc: &SourceSpan) -> Span {
        Span::new(self.byte(loc.start.index), self.byte(loc.end.index))
    }

    fn word(&mut self, w: &Word) -> Option<ShellWord> {
        let derived = self.derived_span(w.loc.as_ref()?);
        let raw = derived.slice(self.text);
        // Commands inside `$(...)` and backticks run too: parse them.
        if self.depth < MAX_DEPTH {
            for (start, end) in substitutions(raw) {
                let body = &raw[start..end];
                let map = self.map.slice_from(derived.start + start);
                if let Ok(nested) = parse_at_depth(body, &map, self.depth + 1) {
                    self.absorb(nested);
                }
            }
        }
        // Prefer the text as written; brush's value can differ for joined words.
        let raw = if raw.is_empty() {
            w.value.as_str()
        } else {
            raw
        };
        Some(ShellWord {
            value: unquote(raw),
            raw: raw.to_string(),
            span: self.map.span_to_source(derived),
        })
    }

    /// Adds a nested script's commands and pipelines to this one.
    fn absorb(&mut self, nested: Script) {
        let offset = self.script.pipelines.len();
        self.script.pipelines.extend(nested.pipelines);
        self.script
            .commands
            .extend(nested.commands.into_iter().map(|mut c| {
                if let Some(p) = c.pipeline.as_mut() {
                    p.pipeline += offset;
                }
                c
            }));
        self.script.assignments.extend(nested.assignments);
    }

    fn list(&mut self, list: &CompoundList, pipe: Option<PipelinePosition>) {
        for item in &list.0 {
            let background = matches!(item.1, SeparatorOperator::Async);
            self.and_or(&item.0, background, pipe);
        }
    }

    fn and_or(&mut self, list: &AndOrList, background: bool, pipe: Option<PipelinePosition>) {
        self.pipeline(&list.first, background, pipe);
        for next in &list.additional {
            let (AndOr::And(p) | AndOr::Or(p)) = next;
            self.pipeline(p, background, pipe);
        }
    }

    fn pipeline(
        &mut self,
        p: &brush_parser::ast::Pipeline,
        background: bool,
        outer: Option<PipelinePosition>,
    ) {
        if p.seq.len() < 2 {
            for cmd in &p.seq {
                self.command(cmd, background, outer);
            }
            return;
        }
        let id = self.script.pipelines.len();
        self.script.pipelines.push(Pipeline {
            span: Span::default(),
            len: p.seq.len(),
        });
        let first_command = self.script.commands.len();
        for (position, cmd) in p.seq.iter().enumerate() {
            self.command(
                cmd,
                background,
                Some(PipelinePosition {
                    pipeline: id,
                    position,
                }),
            );
        }
        let span = self.script.commands[first_command..]
            .iter()
            .map(|c| c.span)
            .reduce(Span::cover)
            .unwrap_or_default();
        self.script.pipelines[id].span = span;
    }

    fn command(&mut self, cmd: &Command, background: bool, pipe: Option<PipelinePosition>) {
        match cmd {
            Command::Simple(simple) => self.simple(simple, background, pipe),
            Command::Compound(compound, _) => self.compound(compound, pipe),
            Command::Function(f) => self.compound(&f.body.0, pipe),
            Command::ExtendedTest(..) => {}
        }
    }

    fn compound(&mut self, cmd: &CompoundCommand, pipe: Option<PipelinePosition>) {
        match cmd {
            CompoundCommand::BraceGroup(b) => self.list(&b.list, pipe),
            CompoundCommand::Subshell(s) => self.list(&s.list, pipe),
            CompoundCommand::ForClause(f) => self.list(&f.body.list, pipe),
            CompoundCommand::ArithmeticForClause(f) => self.list(&f.body.list, pipe),
            CompoundCommand::CaseClause(c) => {
                for item in &c.cases {
                    if let Some(list) = &item.cmd {
                        self.list(list, pipe);
                    }
                }
            }
            CompoundCommand::IfClause(i) => {
                self.list(&i.condition, pipe);
                self.list(&i.then, pipe);
                for branch in i.elses.iter().flatten() {
                    if let Some(cond) = &branch.condition {
                        self.list(cond, pipe);
                    }
                    self.list(&branch.body, pipe);
                }
            }
            CompoundCommand::WhileClause(w) | CompoundCommand::UntilClause(w) => {
                self.list(&w.0, pipe);
                self.list(&w.1.list, pipe);
            }
            CompoundCommand::Coprocess(c) => self.command(&c.body, false, pipe),
            CompoundCommand::Arithmetic(_) => {}
        }
    }

    fn simple(
        &mut self,
        cmd: &brush_parser::ast::SimpleCommand,
        background: bool,
        pipe: Option<PipelinePosition>,
    ) {
        let mut assignments = Vec::new();
        for item in cmd.prefix.iter().flat_map(|p| p.0.iter()) {
            if let CommandPrefixOrSuffixItem::AssignmentWord(_, w) = item {
                assignments.extend(self.word(w));
            }
        }
        let Some(name) = cmd.word_or_name.as_ref().and_then(|w| self.word(w)) else {
            self.script.assignments.extend(assignments);
            return;
        };
        let mut args = Vec::new();
        for item in cmd.suffix.iter().flat_map(|s| s.0.iter()) {
            match item {
                CommandPrefixOrSuffixItem::Word(w)
                | CommandPrefixOrSuffixItem::AssignmentWord(_, w) => args.extend(self.word(w)),
                CommandPrefixOrSuffixItem::IoRedirect(_)
                | CommandPrefixOrSuffixItem::ProcessSubstitution(..) => {}
            }
        }
        let span = assignments
            .iter()
            .chain(args.iter())
            .fold(name.span, |acc, w| acc.cover(w.span));
        // Assignments before a special builtin (`deps='a b' set -x`) and
        // `export`/`readonly` arguments persist in the shell.
        if SPECIAL_BUILTINS.contains(&name.value.as_str()) {
            self.script.assignments.extend(assignments.iter().cloned());
        }
        if matches!(
            name.value.as_str(),
            "export" | "readonly" | "local" | "declare"
        ) {
            self.script.assignments.extend(
                args.iter()
                    .filter(|a| a.value.contains('=') && !a.value.starts_with('-'))
                    .cloned(),
            );
        }
        self.script.commands.push(SimpleCommand {
            assignments,
            name,
            args,
            span,
            pipeline: pipe,
            background,
        });
    }
}

/// Byte ranges of the bodies of `$(...)` and `` `...` `` in a raw word,
/// outside single quotes. Arithmetic `$((...))` is not a command.
fn substitutions(raw: &str) -> Vec<(usize, usize)> {
    let bytes = raw.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_single = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if !in_single => i += 1,
            b'\'' => in_single = !in_single,
            b'$' if !in_single
                && bytes.get(i + 1) == Some(&b'(')
                && bytes.get(i + 2) != Some(&b'(') =>
            {
                let start = i + 2;
                let mut depth = 1;
                let mut j = start;
                let mut quote: Option<u8> = None;
                while j < bytes.len() {
                    match (quote, bytes[j]) {
                        (Some(q), c) if c == q => quote = None,
                        (None, b'\'' | b'"') => quote = Some(bytes[j]),
                        (None, b'(') => depth += 1,
                        (None, b')') => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                if depth == 0 {
                    out.push((start, j));
                }
                i = j;
            }
            b'`' if !in_single => {
                let start = i + 1;
                if let Some(len) = bytes[start..].iter().position(|&c| c == b'`') {
                    out.push((start, start + len));
                    i = start + len;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}
