//! The Dockerfile model: instructions with spans for every flag and argument.

use crate::shell::Script;
use plimsoll_diagnostics::Span;
use std::ops::Range;

/// A parsed Dockerfile. Parsing never fails: problems are listed in `errors`
/// and the instruction concerned has [`Body::Invalid`].
#[derive(Debug, Clone, Default)]
pub struct Dockerfile {
    pub directives: Vec<Directive>,
    /// The escape character (`\` unless `# escape=` says otherwise).
    pub escape: char,
    pub instructions: Vec<Instruction>,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
    /// Blank lines inside a line continuation (deprecated by BuildKit).
    pub empty_continuation_lines: Vec<Span>,
    pub stages: Vec<Stage>,
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Lower-cased name: `syntax`, `escape` or `check`.
    pub name: String,
    pub value: String,
    pub span: Span,
    pub value_span: Span,
}

/// A comment line (`# ...`), including comments inside line continuations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    /// The text after `#`, trimmed.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

/// A word with its decoded value and the source span of its raw text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub value: String,
    pub span: Span,
}

/// The instruction keywords of the Dockerfile frontend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Anything else; reported by a rule, skipped by the others.
    Unknown,
}

impl Keyword {
    pub fn parse(word: &str) -> Keyword {
        match word.to_ascii_uppercase().as_str() {
            "ADD" => Keyword::Add,
            "ARG" => Keyword::Arg,
            "CMD" => Keyword::Cmd,
            "COPY" => Keyword::Copy,
            "ENTRYPOINT" => Keyword::Entrypoint,
            "ENV" => Keyword::Env,
            "EXPOSE" => Keyword::Expose,
            "FROM" => Keyword::From,
            "HEALTHCHECK" => Keyword::Healthcheck,
            "LABEL" => Keyword::Label,
            "MAINTAINER" => Keyword::Maintainer,
            "ONBUILD" => Keyword::Onbuild,
            "RUN" => Keyword::Run,
            "SHELL" => Keyword::Shell,
            "STOPSIGNAL" => Keyword::Stopsignal,
            "USER" => Keyword::User,
            "VOLUME" => Keyword::Volume,
            "WORKDIR" => Keyword::Workdir,
            _ => Keyword::Unknown,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "UNKNOWN",
        }
    }

    /// Flags each instruction accepts (BuildKit's frontend).
    pub fn allowed_flags(self) -> &'static [&'static str] {
        match self {
            Keyword::From => &["platform"],
            Keyword::Run => &["mount", "network", "security"],
            Keyword::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
            Keyword::Add => &[
                "chown",
                "chmod",
                "link",
                "checksum",
                "keep-git-dir",
                "exclude",
                "unpack",
            ],
            Keyword::Healthcheck => &[
                "interval",
                "timeout",
                "start-period",
                "start-interval",
                "retries",
            ],
            _ => &[],
        }
    }

    /// Instructions whose arguments may contain heredocs.
    pub fn takes_heredocs(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }
}

/// One instruction, with its continuation lines joined.
#[derive(Debug, Clone)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as written (case preserved).
    pub keyword_text: String,
    pub keyword_span: Span,
    /// From the keyword to the end of the last argument line; heredoc bodies excluded.
    pub span: Span,
    /// `span` plus heredoc bodies and terminators.
    pub full_span: Span,
    pub flags: Vec<Flag>,
    /// Source span of the arguments after the flags.
    pub args_span: Span,
    /// The arguments after the flags, continuations joined, trimmed.
    pub args_text: String,
    pub body: Body,
    pub heredocs: Vec<Heredoc>,
    /// Index of the stage the instruction belongs to; `None` before the first `FROM`.
    pub stage: Option<usize>,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags
            .iter()
            .filter(move |f| f.name.eq_ignore_ascii_case(name))
    }

    /// The command of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD.
    pub fn command(&self) -> Option<&Command> {
        match &self.body {
            Body::Run(c) | Body::Cmd(c) | Body::Entrypoint(c) => Some(c),
            Body::Healthcheck(Healthcheck::Cmd { command, .. }) => Some(command),
            _ => None,
        }
    }

    /// The command as a parsed script, in shell or exec form.
    pub fn script(&self) -> Option<&Script> {
        match self.command()? {
            Command::Shell(s) => Some(&s.script),
            Command::Exec(e) => Some(&e.script),
        }
    }

    /// `ONBUILD` wraps another instruction; this returns the innermost one.
    pub fn effective(&self) -> &Instruction {
        match &self.body {
            Body::Onbuild(inner) => inner.effective(),
            _ => self,
        }
    }
}

/// `--name=value` or `--name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
    pub span: Span,
    pub name_span: Span,
    pub value_span: Option<Span>,
}

impl Flag {
    /// `key=value` pairs of a CSV flag value such as `--mount=type=cache,target=/x`.
    pub fn csv_fields(&self) -> Vec<(String, String)> {
        self.value
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|field| match field.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_lowercase(), v.trim().to_string()),
                None => (field.trim().to_ascii_lowercase(), String::new()),
            })
            .collect()
    }
}

/// A heredoc attached to RUN, COPY or ADD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    pub delimiter: String,
    /// `<<-`: leading tabs are stripped from the body.
    pub strip_tabs: bool,
    /// A quoted delimiter disables variable expansion in the body.
    pub quoted: bool,
    pub marker_span: Span,
    pub body: String,
    pub body_span: Span,
    /// Span of the whole heredoc from the line after the instruction to the terminator.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Body {
    From(From),
    Run(Command),
    Cmd(Command),
    Entrypoint(Command),
    Shell(Vec<Word>),
    Copy(Copy),
    Add(Copy),
    Env(KeyValues),
    Label(KeyValues),
    Arg(Vec<ArgDecl>),
    Expose(Vec<Word>),
    Volume(Vec<Word>),
    User(Word),
    Workdir(Word),
    Stopsignal(Word),
    Maintainer(Word),
    Healthcheck(Healthcheck),
    Onbuild(Box<Instruction>),
    /// An unknown instruction's words.
    Unknown(Vec<Word>),
    /// A syntax error was recorded for this instruction.
    Invalid,
}

/// `FROM [--platform=...] image [AS name]`.
#[derive(Debug, Clone)]
pub struct From {
    pub image: Word,
    pub as_keyword: Option<Word>,
    pub alias: Option<Word>,
}

/// The command of RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD.
#[derive(Debug, Clone)]
pub enum Command {
    /// `["executable", "arg"]`.
    Exec(ExecForm),
    /// Anything else; run by the SHELL (`/bin/sh -c` by default).
    Shell(ShellForm),
}

#[derive(Debug, Clone)]
pub struct ExecForm {
    pub args: Vec<Word>,
    pub span: Span,
    /// The command as a script: the program and its arguments, or for
    /// `["sh", "-c", "..."]` the parsed string.
    pub script: Script,
}

#[derive(Debug, Clone)]
pub struct ShellForm {
    /// The shell text with continuations joined (and heredoc bodies for RUN).
    pub text: String,
    pub span: Span,
    pub script: Script,
}

/// COPY and ADD arguments.
#[derive(Debug, Clone)]
pub struct Copy {
    pub sources: Vec<Word>,
    pub dest: Word,
    /// Written in JSON (exec) form.
    pub json: bool,
}

/// ENV and LABEL pairs.
#[derive(Debug, Clone)]
pub struct KeyValues {
    pub pairs: Vec<KeyValue>,
    /// The deprecated `ENV key value` form (one pair, no `=`).
    pub legacy: bool,
}

#[derive(Debug, Clone)]
pub struct KeyValue {
    pub key: Word,
    pub value: Word,
    pub span: Span,
}

/// `ARG name[=default]`.
#[derive(Debug, Clone)]
pub struct ArgDecl {
    pub name: Word,
    pub default: Option<Word>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Healthcheck {
    /// `HEALTHCHECK NONE`: disable the base image's check.
    None {
        span: Span,
    },
    Cmd {
        cmd_keyword: Span,
        command: Command,
    },
}

/// A build stage: a `FROM` and the instructions up to the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub index: usize,
    /// Index of the `FROM` instruction.
    pub from: usize,
    /// Instruction indices of the stage, `FROM` included.
    pub instructions: Range<usize>,
    /// Lower-cased `AS` name (BuildKit treats stage names case-insensitively).
    pub name: Option<String>,
    /// The image as written.
    pub base: String,
    /// The image after substituting global `ARG` defaults; `None` when a
    /// variable has no default.
    pub base_resolved: Option<String>,
    /// The earlier stage this one builds on (`FROM builder`).
    pub base_stage: Option<usize>,
}

impl Stage {
    pub fn is_scratch(&self) -> bool {
        self.base_resolved
            .as_deref()
            .is_some_and(|b| b.eq_ignore_ascii_case("scratch"))
    }
}

impl Dockerfile {
    pub fn stage_by_name(&self, name: &str) -> Option<&Stage> {
        let name = name.to_ascii_lowercase();
        self.stages
            .iter()
            .find(|s| s.name.as_deref() == Some(&name))
    }

    /// The stage `docker build` produces without `--target`.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    pub fn stage_instructions(&self, stage: &Stage) -> &[Instruction] {
        self.instructions
            .get(stage.instructions.clone())
            .unwrap_or(&[])
    }

    /// Instructions of the final stage (the image users run).
    pub fn final_stage_instructions(&self) -> &[Instruction] {
        self.final_stage()
            .map_or(&[], |s| self.stage_instructions(s))
    }

    /// Global `ARG`s: those before the first `FROM`.
    pub fn global_args(&self) -> impl Iterator<Item = &ArgDecl> {
        self.instructions
            .iter()
            .take_while(|i| i.keyword != Keyword::From)
            .filter_map(|i| match &i.body {
                Body::Arg(args) => Some(args.iter()),
                _ => None,
            })
            .flatten()
    }

    /// The chain of stages `stage` builds on, itself first.
    pub fn stage_ancestry(&self, stage: usize) -> Vec<usize> {
        let mut chain = vec![stage];
        let mut current = stage;
        // A stage can only build on an earlier one, so the chain ends.
        while let Some(parent) = self.stages.get(current).and_then(|s| s.base_stage) {
            if parent >= current {
                break;
            }
            chain.push(parent);
            current = parent;
        }
        chain
    }
}
