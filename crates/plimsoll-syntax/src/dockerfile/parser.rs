//! Turns a lexed instruction into an [`Instruction`] with typed arguments.

use super::ast::{
    ArgDecl, Body, Command, Copy, ExecForm, Flag, From, Healthcheck, Instruction, KeyValue,
    KeyValues, Keyword, ShellForm, SyntaxError, Word,
};
use super::lexer::RawInstruction;
use super::words::{json_string_array, quoted_words, unquote_value, whitespace_words};
use crate::SourceMap;
use crate::shell::Script;
use plimsoll_diagnostics::Span;

/// Parses an instruction. Problems are pushed to `errors` and leave the
/// instruction with [`Body::Invalid`]; nothing here fails.
pub(crate) fn parse_instruction(
    raw: RawInstruction,
    src: &str,
    escape: char,
    errors: &mut Vec<SyntaxError>,
) -> Instruction {
    let cx = Cx {
        text: &raw.text,
        map: &raw.map,
        escape,
    };
    let kw_len = raw.text.find(char::is_whitespace).unwrap_or(raw.text.len());
    let keyword_text = raw.text[..kw_len].to_string();
    let keyword = Keyword::parse(&keyword_text);
    let keyword_span = cx.span(0, kw_len);
    let mut pos = skip_ws(&raw.text, kw_len);

    if keyword == Keyword::Onbuild {
        return parse_onbuild(raw, src, escape, pos, keyword_text, keyword_span, errors);
    }

    let mut err = |message: String, span: Span| errors.push(SyntaxError { message, span });

    let mut flags = Vec::new();
    if !keyword.allowed_flags().is_empty() {
        while raw.text[pos..].starts_with("--") {
            let end = raw.text[pos..]
                .find(char::is_whitespace)
                .map_or(raw.text.len(), |i| pos + i);
            let flag = cx.flag(pos, end);
            if !keyword.allowed_flags().contains(&flag.name.as_str()) {
                err(
                    format!("unknown flag `--{}` for {}", flag.name, keyword.as_str()),
                    flag.span,
                );
            }
            flags.push(flag);
            pos = skip_ws(&raw.text, end);
        }
    }

    let args_text = raw.text[pos..].trim_end();
    let args_start = pos;
    let args_span = cx.span(args_start, args_start + args_text.len());
    let args = Args {
        cx: &cx,
        text: args_text,
        start: args_start,
        span: args_span,
    };

    let body = match keyword {
        Keyword::From => args.from(&mut err),
        Keyword::Run => match args.command(&raw, src, keyword, &mut err) {
            Some(c) => Body::Run(c),
            None => Body::Invalid,
        },
        Keyword::Cmd => args
            .command(&raw, src, keyword, &mut err)
            .map_or(Body::Invalid, Body::Cmd),
        Keyword::Entrypoint => args
            .command(&raw, src, keyword, &mut err)
            .map_or(Body::Invalid, Body::Entrypoint),
        Keyword::Shell => match args.json() {
            Some(words) if !words.is_empty() => Body::Shell(words),
            _ => {
                err(
                    "SHELL requires its arguments in JSON form, e.g. [\"/bin/bash\", \"-c\"]"
                        .to_string(),
                    args_span_or_keyword(args_span, keyword_span),
                );
                Body::Invalid
            }
        },
        Keyword::Copy | Keyword::Add => match args.copy(&raw, keyword, &mut err) {
            Some(c) if keyword == Keyword::Copy => Body::Copy(c),
            Some(c) => Body::Add(c),
            None => Body::Invalid,
        },
        Keyword::Env | Keyword::Label => match args.name_values(keyword, &mut err) {
            Some(kv) if keyword == Keyword::Env => Body::Env(kv),
            Some(kv) => Body::Label(kv),
            None => Body::Invalid,
        },
        Keyword::Arg => args.arg(&mut err),
        Keyword::Expose => match args.require_words(keyword, &mut err) {
            Some(w) => Body::Expose(w),
            None => Body::Invalid,
        },
        Keyword::Volume => match args.json() {
            Some(words) if !words.is_empty() => Body::Volume(words),
            _ => match args.require_words(keyword, &mut err) {
                Some(w) => Body::Volume(w),
                None => Body::Invalid,
            },
        },
        Keyword::User => args
            .single(keyword, &mut err)
            .map_or(Body::Invalid, Body::User),
        Keyword::Workdir => args
            .single(keyword, &mut err)
            .map_or(Body::Invalid, Body::Workdir),
        Keyword::Stopsignal => args
            .single(keyword, &mut err)
            .map_or(Body::Invalid, Body::Stopsignal),
        // MAINTAINER keeps its text as written, quotes included.
        Keyword::Maintainer => args.single(keyword, &mut err).map_or(Body::Invalid, |_| {
            Body::Maintainer(cx.word(args_start, args_start + args_text.len()))
        }),
        Keyword::Healthcheck => args.healthcheck(&raw, src, &mut err),
        Keyword::Unknown => Body::Unknown(args.words()),
        Keyword::Onbuild => unreachable!("handled above"),
    };

    Instruction {
        keyword,
        keyword_text,
        keyword_span,
        span: raw.span,
        full_span: raw.full_span,
        flags,
        args_span,
        args_text: args_text.to_string(),
        body,
        heredocs: raw.heredocs,
        stage: None,
    }
}

fn args_span_or_keyword(args: Span, keyword: Span) -> Span {
    if args.is_empty() { keyword } else { args }
}

fn parse_onbuild(
    raw: RawInstruction,
    src: &str,
    escape: char,
    pos: usize,
    keyword_text: String,
    keyword_span: Span,
    errors: &mut Vec<SyntaxError>,
) -> Instruction {
    let text = raw.text[pos..].to_string();
    if text.trim().is_empty() {
        errors.push(SyntaxError {
            message: "ONBUILD requires an instruction to run in child images".to_string(),
            span: keyword_span,
        });
        return Instruction {
            keyword: Keyword::Onbuild,
            keyword_text,
            keyword_span,
            span: raw.span,
            full_span: raw.full_span,
            flags: Vec::new(),
            args_span: Span::empty(raw.span.end),
            args_text: String::new(),
            body: Body::Invalid,
            heredocs: Vec::new(),
            stage: None,
        };
    }
    let map = raw.map.slice_from(pos);
    let inner_start = map.to_source(0);
    let inner_raw = RawInstruction {
        text,
        map,
        span: Span::new(inner_start, raw.span.end),
        line_end: raw.line_end,
        heredocs: raw.heredocs,
        full_span: Span::new(inner_start, raw.full_span.end),
    };
    let inner = parse_instruction(inner_raw, src, escape, errors);
    Instruction {
        keyword: Keyword::Onbuild,
        keyword_text,
        keyword_span,
        span: raw.span,
        full_span: raw.full_span,
        flags: Vec::new(),
        args_span: inner.span,
        args_text: raw.text[pos..].trim_end().to_string(),
        heredocs: Vec::new(),
        body: Body::Onbuild(Box::new(inner)),
        stage: None,
    }
}

fn skip_ws(text: &str, pos: usize) -> usize {
    pos + text[pos..].len() - text[pos..].trim_start().len()
}

/// Parsing context: the logical text and its map to the source.
struct Cx<'a> {
    text: &'a str,
    map: &'a SourceMap,
    escape: char,
}

impl Cx<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        self.map.span_to_source(Span::new(start, end))
    }

    fn word(&self, start: usize, end: usize) -> Word {
        Word {
            value: self.text[start..end].to_string(),
            span: self.span(start, end),
        }
    }

    fn unquoted_word(&self, start: usize, end: usize) -> Word {
        Word {
            value: unquote_value(&self.text[start..end], self.escape),
            span: self.span(start, end),
        }
    }

    fn flag(&self, start: usize, end: usize) -> Flag {
        let body = &self.text[start + 2..end];
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (body, None),
        };
        let name_end = start + 2 + name.len();
        Flag {
            name: name.to_ascii_lowercase(),
            value: value.map(|v| unquote_value(v, self.escape)),
            span: self.span(start, end),
            name_span: self.span(start, name_end),
            value_span: value.map(|_| self.span(name_end + 1, end)),
        }
    }
}

/// An instruction's arguments after the flags.
struct Args<'a> {
    cx: &'a Cx<'a>,
    text: &'a str,
    /// Offset of `text` in the logical line.
    start: usize,
    span: Span,
}

type ErrFn<'e> = dyn FnMut(String, Span) + 'e;

impl Args<'_> {
    fn words(&self) -> Vec<Word> {
        whitespace_words(self.text)
            .into_iter()
            .map(|(s, e)| self.cx.word(self.start + s, self.start + e))
            .collect()
    }

    fn require_words(&self, keyword: Keyword, err: &mut ErrFn<'_>) -> Option<Vec<Word>> {
        let words = self.words();
        if words.is_empty() {
            err(
                format!("{} requires at least one argument", keyword.as_str()),
                self.span,
            );
            return None;
        }
        Some(words)
    }

    fn json(&self) -> Option<Vec<Word>> {
        if !self.text.starts_with('[') {
            return None;
        }
        let items = json_string_array(self.text)?;
        Some(
            items
                .into_iter()
                .map(|(value, s, e)| Word {
                    value,
                    span: self.cx.span(self.start + s, self.start + e),
                })
                .collect(),
        )
    }

    /// The whole argument text as one word, quotes removed.
    fn single(&self, keyword: Keyword, err: &mut ErrFn<'_>) -> Option<Word> {
        if self.text.is_empty() {
            err(
                format!("{} requires an argument", keyword.as_str()),
                self.span,
            );
            return None;
        }
        Some(
            self.cx
                .unquoted_word(self.start, self.start + self.text.len()),
        )
    }

    fn from(&self, err: &mut ErrFn<'_>) -> Body {
        let words = self.words();
        match words.as_slice() {
            [image] => Body::From(From {
                image: image.clone(),
                as_keyword: None,
                alias: None,
            }),
            [image, as_kw, alias] if as_kw.value.eq_ignore_ascii_case("as") => Body::From(From {
                image: image.clone(),
                as_keyword: Some(as_kw.clone()),
                alias: Some(alias.clone()),
            }),
            [] => {
                err("FROM requires a base image".to_string(), self.span);
                Body::Invalid
            }
            _ => {
                err(
                    "FROM takes an image and an optional `AS name`".to_string(),
                    self.span,
                );
                Body::Invalid
            }
        }
    }

    fn command(
        &self,
        raw: &RawInstruction,
        src: &str,
        keyword: Keyword,
        err: &mut ErrFn<'_>,
    ) -> Option<Command> {
        if let Some(args) = self.json() {
            let script = exec_script(&args);
            return Some(Command::Exec(ExecForm {
                args,
                span: self.span,
                script,
            }));
        }
        if self.text.is_empty() {
            err(
                format!("{} requires a command", keyword.as_str()),
                self.span,
            );
            return None;
        }
        Some(Command::Shell(self.shell_form(raw, src, keyword)))
    }

    /// Shell form: for RUN the script includes heredoc bodies as the shell
    /// would read them; `RUN <<EOF` alone runs the heredoc body as the script.
    fn shell_form(&self, raw: &RawInstruction, src: &str, keyword: Keyword) -> ShellForm {
        let mut text = self.text.to_string();
        let mut map = self.cx.map.slice_from(self.start);
        if keyword == Keyword::Run && !raw.heredocs.is_empty() {
            let only_markers = whitespace_words(self.text)
                .iter()
                .all(|&(s, e)| self.text[s..e].contains("<<"));
            let first = &raw.heredocs[0];
            if only_markers {
                text.clone_from(&first.body);
                map = heredoc_body_map(src, first.body_span, first.strip_tabs);
                if is_non_shell_shebang(&text) {
                    return ShellForm {
                        text,
                        span: self.span,
                        script: Script::default(),
                    };
                }
            } else {
                let tail_end = raw.full_span.end;
                let tail = Span::new(raw.line_end, tail_end);
                text.push_str(tail.slice(src));
                map.push(tail.start, tail.len());
            }
        }
        let script = Script::parse(&text, &map);
        ShellForm {
            text,
            span: self.span,
            script,
        }
    }

    fn copy(&self, raw: &RawInstruction, keyword: Keyword, err: &mut ErrFn<'_>) -> Option<Copy> {
        let (mut words, json) = match self.json() {
            Some(w) => (w, true),
            None => (self.words(), false),
        };
        if words.len() < 2 {
            err(
                format!(
                    "{} requires at least one source and a destination",
                    keyword.as_str()
                ),
                args_span_or_keyword(self.span, raw.span),
            );
            return None;
        }
        let dest = words.pop()?;
        Some(Copy {
            sources: words,
            dest,
            json,
        })
    }

    fn name_values(&self, keyword: Keyword, err: &mut ErrFn<'_>) -> Option<KeyValues> {
        let bounds = quoted_words(self.text, self.cx.escape);
        let Some(&(first_s, first_e)) = bounds.first() else {
            err(
                format!("{} requires at least one argument", keyword.as_str()),
                self.span,
            );
            return None;
        };
        let first = &self.text[first_s..first_e];
        if !first.contains('=') {
            // Legacy `ENV key value...`: the rest of the line is the value.
            let Some(&(value_s, _)) = bounds.get(1) else {
                err(
                    format!(
                        "{} `{first}` has no value; write `{first}=value`",
                        keyword.as_str()
                    ),
                    self.span,
                );
                return None;
            };
            let value_e = self.text.len();
            let key = self.cx.word(self.start + first_s, self.start + first_e);
            let value = self
                .cx
                .unquoted_word(self.start + value_s, self.start + value_e);
            let span = key.span.cover(value.span);
            return Some(KeyValues {
                pairs: vec![KeyValue { key, value, span }],
                legacy: true,
            });
        }
        let mut pairs = Vec::new();
        for (s, e) in bounds {
            let word = &self.text[s..e];
            let Some(eq) = word.find('=') else {
                err(
                    format!("`{word}` is not of the form name=value"),
                    self.cx.span(self.start + s, self.start + e),
                );
                return None;
            };
            if eq == 0 {
                err(
                    format!("{} names can not be blank", keyword.as_str()),
                    self.cx.span(self.start + s, self.start + e),
                );
                return None;
            }
            let key = self.cx.unquoted_word(self.start + s, self.start + s + eq);
            let value = self
                .cx
                .unquoted_word(self.start + s + eq + 1, self.start + e);
            pairs.push(KeyValue {
                key,
                value,
                span: self.cx.span(self.start + s, self.start + e),
            });
        }
        Some(KeyValues {
            pairs,
            legacy: false,
        })
    }

    fn arg(&self, err: &mut ErrFn<'_>) -> Body {
        let bounds = quoted_words(self.text, self.cx.escape);
        if bounds.is_empty() {
            err("ARG requires a name".to_string(), self.span);
            return Body::Invalid;
        }
        let decls = bounds
            .into_iter()
            .map(|(s, e)| {
                let word = &self.text[s..e];
                let (name, default) = match word.find('=') {
                    Some(eq) => (
                        self.cx.unquoted_word(self.start + s, self.start + s + eq),
                        Some(
                            self.cx
                                .unquoted_word(self.start + s + eq + 1, self.start + e),
                        ),
                    ),
                    None => (self.cx.unquoted_word(self.start + s, self.start + e), None),
                };
                ArgDecl {
                    name,
                    default,
                    span: self.cx.span(self.start + s, self.start + e),
                }
            })
            .collect();
        Body::Arg(decls)
    }

    fn healthcheck(&self, raw: &RawInstruction, src: &str, err: &mut ErrFn<'_>) -> Body {
        let words = whitespace_words(self.text);
        let Some(&(s, e)) = words.first() else {
            err(
                "HEALTHCHECK requires NONE or CMD followed by a command".to_string(),
                self.span,
            );
            return Body::Invalid;
        };
        let kind = &self.text[s..e];
        let kind_span = self.cx.span(self.start + s, self.start + e);
        if kind.eq_ignore_ascii_case("NONE") {
            if words.len() > 1 {
                err("HEALTHCHECK NONE takes no arguments".to_string(), self.span);
                return Body::Invalid;
            }
            return Body::Healthcheck(Healthcheck::None { span: kind_span });
        }
        if !kind.eq_ignore_ascii_case("CMD") {
            err(
                format!("HEALTHCHECK expects NONE or CMD, found `{kind}`"),
                kind_span,
            );
            return Body::Invalid;
        }
        let rest_start = skip_ws(self.text, e);
        let rest = Args {
            cx: self.cx,
            text: &self.text[rest_start..],
            start: self.start + rest_start,
            span: self
                .cx
                .span(self.start + rest_start, self.start + self.text.len()),
        };
        match rest.command(raw, src, Keyword::Healthcheck, err) {
            Some(command) => Body::Healthcheck(Healthcheck::Cmd {
                cmd_keyword: kind_span,
                command,
            }),
            None => Body::Invalid,
        }
    }
}

/// Shells whose `-c` argument is a script.
const SHELLS: [&str; 6] = ["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// The script an exec-form command runs: `["sh", "-c", "cmd"]` parses
/// `cmd`; anything else is one command with the array's words.
fn exec_script(args: &[Word]) -> Script {
    let program = args
        .first()
        .map(|w| w.value.rsplit('/').next().unwrap_or(&w.value));
    if let (Some(program), Some(flag), Some(body)) = (program, args.get(1), args.get(2)) {
        let is_c = flag.value.starts_with('-') && flag.value.ends_with('c');
        if SHELLS.contains(&program) && is_c {
            // The literal's content starts after its opening quote; escapes
            // make the decoded text shorter, so offsets stay inside it.
            let map = SourceMap::identity(body.span.start + 1, body.span.len().saturating_sub(2));
            return Script::parse(&body.value, &map);
        }
    }
    let Some((name, rest)) = args.split_first() else {
        return Script::default();
    };
    let word = |w: &Word| crate::shell::ShellWord {
        value: w.value.clone(),
        raw: w.value.clone(),
        span: w.span,
    };
    Script {
        commands: vec![crate::shell::SimpleCommand {
            assignments: Vec::new(),
            name: word(name),
            args: rest.iter().map(word).collect(),
            span: args.iter().fold(name.span, |acc, w| acc.cover(w.span)),
            pipeline: None,
            background: false,
        }],
        pipelines: Vec::new(),
        parse_error: None,
        assignments: Vec::new(),
    }
}

/// Map for a heredoc body, accounting for tabs stripped by `<<-`.
fn heredoc_body_map(src: &str, body_span: Span, strip_tabs: bool) -> SourceMap {
    if !strip_tabs {
        return SourceMap::identity(body_span.start, body_span.len());
    }
    let mut map = SourceMap::default();
    let mut offset = body_span.start;
    for line in body_span.slice(src).split_inclusive('\n') {
        let stripped = line.trim_start_matches('\t');
        map.push(offset + line.len() - stripped.len(), stripped.len());
        offset += line.len();
    }
    map
}

/// A heredoc that starts with a shebang for another language is not shell.
fn is_non_shell_shebang(body: &str) -> bool {
    let Some(line) = body.strip_prefix("#!") else {
        return false;
    };
    let line = line.lines().next().unwrap_or("");
    let interpreter = line
        .split_whitespace()
        .map(|w| w.rsplit('/').next().unwrap_or(w))
        .find(|w| *w != "env" && !w.starts_with('-'))
        .unwrap_or("");
    !matches!(interpreter, "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh")
}
