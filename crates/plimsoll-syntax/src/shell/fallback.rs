//! Word splitting for scripts the shell parser rejects.

use super::{Pipeline, PipelinePosition, Script, ShellWord, SimpleCommand, unquote};
use crate::SourceMap;
use plimsoll_diagnostics::Span;

#[derive(Debug, PartialEq, Eq)]
enum Token {
    Word(usize, usize),
    /// `|`
    Pipe,
    /// `&` (background)
    Background,
    /// `&&`, `||`, `;`, newline
    Separator,
}

fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut word_start: Option<usize> = None;
    let flush = |tokens: &mut Vec<Token>, start: &mut Option<usize>, end: usize| {
        if let Some(s) = start.take() {
            tokens.push(Token::Word(s, end));
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\'' | b'"' | b'`' => {
                word_start.get_or_insert(i);
                let close = bytes[i + 1..]
                    .iter()
                    .enumerate()
                    .scan(false, |escaped, (j, &c)| {
                        let hit = !*escaped && c == b;
                        *escaped = b != b'\'' && !*escaped && c == b'\\';
                        Some((j, hit))
                    })
                    .find(|&(_, hit)| hit)
                    .map(|(j, _)| i + 1 + j);
                // An unterminated quote runs to the end of the script.
                i = close.map_or(bytes.len(), |c| c + 1);
            }
            b'\\' => {
                word_start.get_or_insert(i);
                i = (i + 2).min(bytes.len());
            }
            b' ' | b'\t' | b'\r' => {
                flush(&mut tokens, &mut word_start, i);
                i += 1;
            }
            b'\n' | b';' => {
                flush(&mut tokens, &mut word_start, i);
                tokens.push(Token::Separator);
                i += 1;
            }
            b'&' | b'|' => {
                flush(&mut tokens, &mut word_start, i);
                let doubled = bytes.get(i + 1) == Some(&b);
                tokens.push(match (b, doubled) {
                    (_, true) => Token::Separator,
                    (b'|', false) => Token::Pipe,
                    _ => Token::Background,
                });
                i += if doubled { 2 } else { 1 };
            }
            _ => {
                word_start.get_or_insert(i);
                // Step over a whole UTF-8 character.
                i += 1;
                while i < bytes.len() && (bytes[i] & 0xC0) == 0x80 {
                    i += 1;
                }
            }
        }
    }
    flush(&mut tokens, &mut word_start, bytes.len());
    tokens
}

/// Splits `text` into commands without understanding shell grammar.
pub(super) fn split(text: &str, map: &SourceMap) -> Script {
    let mut script = Script::default();
    let mut words: Vec<ShellWord> = Vec::new();
    // Commands of the pipeline being built: (index in script.commands).
    let mut pipe_members: Vec<usize> = Vec::new();

    let word = |s: usize, e: usize| {
        let raw = &text[s..e];
        ShellWord {
            value: unquote(raw),
            raw: raw.to_string(),
            span: map.span_to_source(Span::new(s, e)),
        }
    };

    let finish_command = |script: &mut Script, words: &mut Vec<ShellWord>, background: bool| {
        let mut all = std::mem::take(words).into_iter().peekable();
        let mut assignments = Vec::new();
        while let Some(w) = all.peek() {
            let is_assignment = w.value.split_once('=').is_some_and(|(k, _)| {
                !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
            if !is_assignment {
                break;
            }
            assignments.extend(all.next());
        }
        let Some(name) = all.next() else {
            script.assignments.extend(assignments);
            return None;
        };
        let args: Vec<ShellWord> = all.collect();
        let span = args.iter().fold(name.span, |acc, w| acc.cover(w.span));
        script.commands.push(SimpleCommand {
            assignments,
            name,
            args,
            span,
            pipeline: None,
            background,
        });
        Some(script.commands.len() - 1)
    };

    let close_pipeline = |script: &mut Script, members: &mut Vec<usize>| {
        if members.len() > 1 {
            let id = script.pipelines.len();
            let mut span = script.commands[members[0]].span;
            for (position, &idx) in members.iter().enumerate() {
                span = span.cover(script.commands[idx].span);
                script.commands[idx].pipeline = Some(PipelinePosition {
                    pipeline: id,
                    position,
                });
            }
            script.pipelines.push(Pipeline {
                span,
                len: members.len(),
            });
        }
        members.clear();
    };

    for token in tokenize(text) {
        match token {
            Token::Word(s, e) => words.push(word(s, e)),
            Token::Pipe => {
                if let Some(idx) = finish_command(&mut script, &mut words, false) {
                    pipe_members.push(idx);
                }
            }
            Token::Separator | Token::Background => {
                let background = token == Token::Background;
                if let Some(idx) = finish_command(&mut script, &mut words, background) {
                    pipe_members.push(idx);
                }
                close_pipeline(&mut script, &mut pipe_members);
            }
        }
    }
    if let Some(idx) = finish_command(&mut script, &mut words, false) {
        pipe_members.push(idx);
    }
    close_pipeline(&mut script, &mut pipe_members);
    script
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_operators_outside_quotes() {
        let text = "A=1 make 'a && b' | tee x & echo \"q|r\"; ls";
        let s = split(text, &SourceMap::identity(0, text.len()));
        let names: Vec<_> = s.commands.iter().map(|c| c.name.value.as_str()).collect();
        assert_eq!(names, ["make", "tee", "echo", "ls"]);
        assert_eq!(s.commands[0].assignments.len(), 1);
        assert_eq!(s.commands[0].args[0].value, "a && b");
        assert_eq!(s.pipelines.len(), 1);
        assert!(s.commands[1].background);
    }
}
