//! Property tests for the Dockerfile parser.

#![allow(clippy::unwrap_used)]

use plimsoll_syntax::dockerfile::{Body, Command, Keyword, parse};
use proptest::prelude::*;

/// Instructions a generated Dockerfile is made of, with the values the
/// parser must give back.
#[derive(Debug, Clone)]
enum Inst {
    From {
        image: String,
        alias: Option<String>,
    },
    Run(Vec<String>),
    Env(Vec<(String, String)>),
    Copy(Vec<String>, String),
    Workdir(String),
    User(String),
    Expose(Vec<u16>),
    Cmd(Vec<String>),
    Arg(String, Option<String>),
}

fn word() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_.-]{0,8}"
}

fn inst() -> impl Strategy<Value = Inst> {
    prop_oneof![
        (word(), proptest::option::of("[a-z]{1,6}")).prop_map(|(image, alias)| Inst::From {
            image: format!("{image}:1.0"),
            alias
        }),
        proptest::collection::vec(word(), 1..6).prop_map(Inst::Run),
        proptest::collection::vec(("[A-Z][A-Z0-9_]{0,6}", "[a-z0-9 /._-]{0,10}"), 1..4)
            .prop_map(Inst::Env),
        (proptest::collection::vec(word(), 1..3), word())
            .prop_map(|(s, d)| Inst::Copy(s, format!("/{d}/"))),
        word().prop_map(|w| Inst::Workdir(format!("/{w}"))),
        "[0-9]{1,5}".prop_map(Inst::User),
        proptest::collection::vec(1u16..65535, 1..4).prop_map(Inst::Expose),
        proptest::collection::vec("[a-z0-9 \"\\\\-]{1,8}", 1..4).prop_map(Inst::Cmd),
        (word(), proptest::option::of("[a-z0-9.]{1,6}"))
            .prop_map(|(n, d)| Inst::Arg(n.replace(['.', '-'], "_"), d)),
    ]
}

/// Keyword in a random case, as the frontend accepts.
fn keyword(kw: &str, lower: bool) -> String {
    if lower {
        kw.to_ascii_lowercase()
    } else {
        kw.to_string()
    }
}

/// Joins words with spaces, some of them as line continuations.
fn join(words: &[String], breaks: &[bool]) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push_str(if breaks.get(i).copied().unwrap_or(false) {
                " \\\n    "
            } else {
                " "
            });
        }
        out.push_str(w);
    }
    out
}

fn quote(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

fn render(insts: &[Inst], lower: bool, breaks: &[bool]) -> String {
    let mut out = String::from("# syntax=docker/dockerfile:1\n");
    for (i, inst) in insts.iter().enumerate() {
        if i % 3 == 2 {
            out.push_str("# a comment\n\n");
        }
        let line = match inst {
            Inst::From { image, alias } => match alias {
                Some(a) => format!("{} {image} AS {a}", keyword("FROM", lower)),
                None => format!("{} {image}", keyword("FROM", lower)),
            },
            Inst::Run(words) => format!("{} {}", keyword("RUN", lower), join(words, breaks)),
            Inst::Env(pairs) => {
                let items: Vec<String> = pairs
                    .iter()
                    .map(|(k, v)| format!("{k}={}", quote(v)))
                    .collect();
                format!("{} {}", keyword("ENV", lower), join(&items, breaks))
            }
            Inst::Copy(src, dest) => {
                let mut all = src.clone();
                all.push(dest.clone());
                format!("{} {}", keyword("COPY", lower), join(&all, breaks))
            }
            Inst::Workdir(p) => format!("{} {p}", keyword("WORKDIR", lower)),
            Inst::User(u) => format!("{} {u}", keyword("USER", lower)),
            Inst::Expose(ports) => {
                let ps: Vec<String> = ports.iter().map(ToString::to_string).collect();
                format!("{} {}", keyword("EXPOSE", lower), join(&ps, breaks))
            }
            Inst::Cmd(args) => {
                let items: Vec<String> = args.iter().map(|a| serde_json_string(a)).collect();
                format!("{} [{}]", keyword("CMD", lower), items.join(", "))
            }
            Inst::Arg(n, d) => match d {
                Some(d) => format!("{} {n}={d}", keyword("ARG", lower)),
                None => format!("{} {n}", keyword("ARG", lower)),
            },
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A JSON string literal (the exec form is JSON).
fn serde_json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Anything at all parses without a panic, and every span is a valid
    /// range of the input on character boundaries.
    #[test]
    fn arbitrary_text_never_panics(text in "(?s).{0,400}") {
        let df = parse(&text);
        for inst in &df.instructions {
            for span in [inst.span, inst.full_span, inst.keyword_span, inst.args_span] {
                prop_assert!(span.start <= span.end && span.end <= text.len());
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
            if let Some(script) = inst.script() {
                for cmd in &script.commands {
                    prop_assert!(cmd.span.end <= text.len());
                    prop_assert!(text.is_char_boundary(cmd.name.span.start) && text.is_char_boundary(cmd.name.span.end));
                }
            }
        }
        for e in &df.errors {
            prop_assert!(e.span.end <= text.len());
        }
    }

    /// Dockerfile-shaped noise (keywords, quotes, escapes, heredoc markers,
    /// brackets) never panics either.
    #[test]
    fn dockerfile_shaped_noise_never_panics(lines in proptest::collection::vec(
        "(FROM|RUN|COPY|ENV|ARG|LABEL|ONBUILD|HEALTHCHECK|CMD|SHELL|#|  )[ a-z0-9=\"'\\\\<>\\[\\]$,{}|&;-]{0,30}", 0..20)) {
        let text = lines.join("\n");
        let _ = parse(&text);
    }

    /// Printing a Dockerfile and parsing it gives back the instructions and
    /// their values, whatever the keyword case and line continuations.
    #[test]
    fn print_then_parse_round_trips(insts in proptest::collection::vec(inst(), 1..12), lower in any::<bool>(), breaks in proptest::collection::vec(any::<bool>(), 8)) {
        let text = render(&insts, lower, &breaks);
        let df = parse(&text);
        prop_assert!(df.errors.is_empty(), "errors {:?} in\n{}", df.errors, text);
        prop_assert_eq!(df.instructions.len(), insts.len(), "{}", text);
        for (inst, parsed) in insts.iter().zip(&df.instructions) {
            match (inst, &parsed.body) {
                (Inst::From { image, alias }, Body::From(f)) => {
                    prop_assert_eq!(&f.image.value, image);
                    prop_assert_eq!(f.alias.as_ref().map(|a| a.value.clone()), alias.clone());
                }
                (Inst::Run(words), Body::Run(Command::Shell(shell))) => {
                    let script = &shell.script;
                    let mut got = vec![script.commands[0].name.value.clone()];
                    got.extend(script.commands[0].args.iter().map(|a| a.value.clone()));
                    prop_assert_eq!(&got, words);
                }
                (Inst::Env(pairs), Body::Env(kv)) => {
                    let got: Vec<(String, String)> = kv.pairs.iter().map(|p| (p.key.value.clone(), p.value.value.clone())).collect();
                    prop_assert_eq!(&got, pairs);
                }
                (Inst::Copy(src, dest), Body::Copy(c)) => {
                    let got: Vec<String> = c.sources.iter().map(|w| w.value.clone()).collect();
                    prop_assert_eq!(&got, src);
                    prop_assert_eq!(&c.dest.value, dest);
                }
                (Inst::Workdir(p), Body::Workdir(w)) => prop_assert_eq!(&w.value, p),
                (Inst::User(u), Body::User(w)) => prop_assert_eq!(&w.value, u),
                (Inst::Expose(ports), Body::Expose(words)) => {
                    let got: Vec<String> = words.iter().map(|w| w.value.clone()).collect();
                    let want: Vec<String> = ports.iter().map(ToString::to_string).collect();
                    prop_assert_eq!(got, want);
                }
                (Inst::Cmd(args), Body::Cmd(Command::Exec(e))) => {
                    let got: Vec<String> = e.args.iter().map(|w| w.value.clone()).collect();
                    prop_assert_eq!(&got, args);
                }
                (Inst::Arg(n, d), Body::Arg(decls)) => {
                    prop_assert_eq!(&decls[0].name.value, n);
                    prop_assert_eq!(decls[0].default.as_ref().map(|w| w.value.clone()), d.clone());
                }
                (want, got) => prop_assert!(false, "expected {:?}, parsed {:?}\n{}", want, got, text),
            }
            prop_assert_eq!(parsed.keyword == Keyword::Unknown, false);
        }
    }
}
