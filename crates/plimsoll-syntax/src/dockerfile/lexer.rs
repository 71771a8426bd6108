//! Splits a Dockerfile into parser directives, comments and logical
//! instructions: continuation lines joined (with a map back to the source),
//! comment and blank lines inside continuations dropped, heredoc bodies
//! attached.

use super::ast::{Comment, Directive, Heredoc, Keyword, SyntaxError};
use crate::SourceMap;
use plimsoll_diagnostics::Span;

/// An instruction before its arguments are parsed.
pub(crate) struct RawInstruction {
    /// The logical line, from the keyword on, continuations joined.
    pub text: String,
    /// Maps offsets in `text` to the source.
    pub map: SourceMap,
    /// Keyword to the last non-blank character of the logical line.
    pub span: Span,
    /// Source offset where the physical line holding the end of the logical line ends.
    pub line_end: usize,
    pub heredocs: Vec<Heredoc>,
    pub full_span: Span,
}

#[derive(Default)]
pub(crate) struct Lexed {
    pub directives: Vec<Directive>,
    pub escape: char,
    pub comments: Vec<Comment>,
    pub instructions: Vec<RawInstruction>,
    pub errors: Vec<SyntaxError>,
    pub empty_continuation_lines: Vec<Span>,
}

#[derive(Clone, Copy)]
struct Line {
    start: usize,
    /// End of content, without `\r\n` or `\n`.
    end: usize,
    /// Start of the next line (or the text length).
    next: usize,
}

fn split_lines(src: &str, from: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let bytes = src.as_bytes();
    let mut start = from;
    while start < src.len() {
        let nl = memchr_newline(&bytes[start..]).map_or(src.len(), |i| start + i);
        let mut end = nl;
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        let next = (nl + 1).min(src.len());
        lines.push(Line { start, end, next });
        if nl >= src.len() {
            break;
        }
        start = next;
        if start == src.len() {
            break;
        }
    }
    lines
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// `# name=value` at the top of the file.
fn parse_directive(line: &str, line_start: usize) -> Option<Directive> {
    let rest = line.strip_prefix('#')?;
    let name_off = rest.len() - rest.trim_start_matches(is_blank).len();
    let rest = &rest[name_off..];
    let name_len = rest
        .char_indices()
        .take_while(|&(i, c)| {
            if i == 0 {
                c.is_ascii_alphabetic()
            } else {
                c.is_ascii_alphanumeric()
            }
        })
        .count();
    if name_len == 0 {
        return None;
    }
    let name = rest[..name_len].to_ascii_lowercase();
    let after = rest[name_len..].trim_start_matches(is_blank);
    let after = after.strip_prefix('=')?;
    let value_trimmed_start = after.trim_start_matches(is_blank);
    let value = value_trimmed_start.trim_end_matches(is_blank);
    if value.is_empty() {
        return None;
    }
    let value_start = line_start + line.len() - value_trimmed_start.len();
    Some(Directive {
        name,
        value: value.to_string(),
        span: Span::new(line_start, line_start + line.trim_end().len()),
        value_span: Span::new(value_start, value_start + value.len()),
    })
}

const KNOWN_DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

pub(crate) fn lex(src: &str) -> Lexed {
    let mut out = Lexed {
        escape: '\\',
        ..Lexed::default()
    };
    let body_start = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let lines = split_lines(src, body_start);

    // Parser directives: only at the very top, each name at most once.
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        let content = &src[line.start..line.end];
        let Some(d) = parse_directive(content, line.start) else {
            break;
        };
        if !KNOWN_DIRECTIVES.contains(&d.name.as_str())
            || out.directives.iter().any(|x| x.name == d.name)
        {
            break;
        }
        if d.name == "escape" {
            match d.value.as_str() {
                "\\" => out.escape = '\\',
                "`" => out.escape = '`',
                other => out.errors.push(SyntaxError {
                    message: format!("invalid escape token `{other}`: it must be ` or \\"),
                    span: d.value_span,
                }),
            }
        }
        out.comments.push(Comment {
            span: d.span,
            text: content[1..].trim().to_string(),
        });
        out.directives.push(d);
        i += 1;
    }

    while i < lines.len() {
        let line = lines[i];
        let content = &src[line.start..line.end];
        let trimmed = content.trim_start();
        if trimmed.is_empty() {
            i += 1;
            continue;
        }
        let indent = content.len() - trimmed.len();
        if trimmed.starts_with('#') {
            out.comments.push(comment(src, line, indent));
            i += 1;
            continue;
        }
        i = lex_instruction(src, &lines, i, line.start + indent, &mut out);
    }
    out
}

fn comment(src: &str, line: Line, indent: usize) -> Comment {
    let span = Span::new(line.start + indent, line.end);
    Comment {
        span,
        text: span.slice(src)[1..].trim().to_string(),
    }
}

/// Where a physical line continues onto the next: the offset of the escape
/// character when it is the last non-blank character.
fn continuation_cut(piece: &str, escape: char) -> Option<usize> {
    let trimmed = piece.trim_end_matches(is_blank);
    trimmed
        .ends_with(escape)
        .then(|| trimmed.len() - escape.len_utf8())
}

/// Lexes the instruction starting on `lines[first]` at `start`; returns the
/// index of the first line after it.
fn lex_instruction(
    src: &str,
    lines: &[Line],
    first: usize,
    start: usize,
    out: &mut Lexed,
) -> usize {
    let mut text = String::new();
    let mut map = SourceMap::default();
    let mut i = first;
    let mut piece_start = start;
    let mut last_content_end;
    let mut line_end;
    loop {
        let piece_end = lines[i].end;
        let piece = &src[piece_start..piece_end];
        if let Some(cut) = continuation_cut(piece, out.escape) {
            text.push_str(&piece[..cut]);
            map.push(piece_start, cut);
            last_content_end = piece_start + cut + out.escape.len_utf8();
            line_end = piece_end;
            i += 1;
            // Blank and comment lines inside a continuation are skipped.
            while let Some(&l) = lines.get(i) {
                let c = &src[l.start..l.end];
                let t = c.trim_start();
                if t.is_empty() {
                    out.empty_continuation_lines.push(Span::new(l.start, l.end));
                } else if t.starts_with('#') {
                    out.comments.push(comment(src, l, c.len() - t.len()));
                } else {
                    break;
                }
                i += 1;
            }
            let Some(next) = lines.get(i) else { break };
            piece_start = next.start;
        } else {
            text.push_str(piece);
            map.push(piece_start, piece.len());
            last_content_end = piece_start + piece.trim_end().len();
            line_end = piece_end;
            i += 1;
            break;
        }
    }
    let span = Span::new(start, last_content_end.max(start));
    let mut raw = RawInstruction {
        text,
        map,
        span,
        line_end,
        heredocs: Vec::new(),
        full_span: span,
    };
    if takes_heredocs(&raw.text) {
        i = attach_heredocs(src, lines, i, &mut raw, out);
    }
    out.instructions.push(raw);
    i
}

fn takes_heredocs(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let kw = Keyword::parse(first);
    if kw == Keyword::Onbuild {
        words
            .next()
            .is_some_and(|w| Keyword::parse(w).takes_heredocs())
    } else {
        kw.takes_heredocs()
    }
}

/// A heredoc marker found in an instruction's text.
struct Marker {
    name: String,
    strip_tabs: bool,
    quoted: bool,
    span: Span,
}

/// Heredoc markers as BuildKit finds them: a whole shell word of the form
/// `[n]<<[-]NAME`, with NAME optionally quoted.
fn find_markers(text: &str, map: &SourceMap, escape: char) -> Vec<Marker> {
    let mut markers = Vec::new();
    for (start, end) in super::words::quoted_words(text, escape) {
        let word = &text[start..end];
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        let Some(rest) = word[digits..].strip_prefix("<<") else {
            continue;
        };
        let (strip_tabs, rest) = match rest.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        if rest.is_empty() || rest.contains('<') {
            continue;
        }
        let quoted = rest.contains(['"', '\'']);
        let name: String = rest.chars().filter(|c| !matches!(c, '"' | '\'')).collect();
        if name.is_empty() {
            continue;
        }
        markers.push(Marker {
            name,
            strip_tabs,
            quoted,
            span: map.span_to_source(Span::new(start, end)),
        });
    }
    markers
}

fn attach_heredocs(
    src: &str,
    lines: &[Line],
    mut i: usize,
    raw: &mut RawInstruction,
    out: &mut Lexed,
) -> usize {
    for marker in find_markers(&raw.text, &raw.map, out.escape) {
        let body_first = i;
        let terminator = (body_first..lines.len()).find(|&j| {
            let content = &src[lines[j].start..lines[j].end];
            let content = if marker.strip_tabs {
                content.trim_start_matches('\t')
            } else {
                content
            };
            content == marker.name
        });
        let Some(term) = terminator else {
            out.errors.push(SyntaxError {
                message: format!(
                    "heredoc `{}` is never terminated: no line `{}` follows",
                    marker.name, marker.name
                ),
                span: marker.span,
            });
            // Leave the following lines to be read as instructions.
            break;
        };
        let body_start = lines.get(body_first).map_or(src.len(), |l| l.start);
        let body_end = lines[term].start;
        let mut body = String::with_capacity(body_end - body_start);
        for l in &lines[body_first..term] {
            let line_text = &src[l.start..l.next];
            if marker.strip_tabs {
                body.push_str(line_text.trim_start_matches('\t'));
            } else {
                body.push_str(line_text);
            }
        }
        let span = Span::new(body_start, lines[term].end);
        raw.heredocs.push(Heredoc {
            delimiter: marker.name,
            strip_tabs: marker.strip_tabs,
            quoted: marker.quoted,
            marker_span: marker.span,
            body,
            body_span: Span::new(body_start, body_end),
            span,
        });
        raw.full_span = raw.full_span.cover(span);
        i = term + 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_continuations_and_skips_comments_inside() {
        let src = "FROM a\nRUN echo a \\\n  # note\n\n    && echo b\nCMD x\n";
        let lexed = lex(src);
        assert_eq!(lexed.instructions.len(), 3);
        let run = &lexed.instructions[1];
        assert_eq!(run.text, "RUN echo a     && echo b");
        assert_eq!(
            run.span.slice(src),
            "RUN echo a \\\n  # note\n\n    && echo b"
        );
        assert_eq!(lexed.comments.len(), 1);
        assert_eq!(lexed.comments[0].text, "note");
        assert_eq!(lexed.empty_continuation_lines.len(), 1);
    }

    #[test]
    fn directives_only_at_the_top() {
        let src = "# syntax=docker/dockerfile:1\n# escape=`\nFROM a\n# escape=\\\n";
        let lexed = lex(src);
        assert_eq!(lexed.directives.len(), 2);
        assert_eq!(lexed.escape, '`');
        assert_eq!(
            lexed.directives[0].value_span.slice(src),
            "docker/dockerfile:1"
        );
    }

    #[test]
    fn backtick_escape_continues_lines() {
        let src = "# escape=`\nFROM a\nRUN dir c:\\ `\n  && echo b\n";
        let lexed = lex(src);
        assert_eq!(lexed.instructions[1].text, "RUN dir c:\\   && echo b");
    }

    #[test]
    fn heredocs_are_attached_in_order() {
        let src = "RUN <<EOF cat <<-'END'\necho one\nEOF\n\tbody\n\tEND\nCMD x\n";
        let lexed = lex(src);
        assert_eq!(lexed.instructions.len(), 2);
        let run = &lexed.instructions[0];
        assert_eq!(run.heredocs.len(), 2);
        assert_eq!(run.heredocs[0].body, "echo one\n");
        assert_eq!(run.heredocs[1].body, "body\n");
        assert!(run.heredocs[1].quoted && run.heredocs[1].strip_tabs);
        assert_eq!(run.full_span.slice(src).lines().last(), Some("\tEND"));
    }

    #[test]
    fn unterminated_heredoc_is_an_error_and_lines_stay_instructions() {
        let src = "RUN cat <<EOF\nFROM x\n";
        let lexed = lex(src);
        assert_eq!(lexed.errors.len(), 1);
        assert_eq!(lexed.instructions.len(), 2);
    }

    #[test]
    fn quoted_heredoc_like_words_are_not_markers() {
        let src = "RUN echo \"<<EOF\" && cat<<EOF\nFROM x\n";
        let lexed = lex(src);
        assert!(lexed.errors.is_empty());
        assert!(lexed.instructions[0].heredocs.is_empty());
    }

    #[test]
    fn crlf_and_bom_are_handled() {
        let src = "\u{feff}FROM a\r\nRUN a \\\r\n b\r\n";
        let lexed = lex(src);
        assert_eq!(lexed.instructions.len(), 2);
        assert_eq!(lexed.instructions[0].text, "FROM a");
        assert_eq!(lexed.instructions[1].text, "RUN a  b");
    }
}
