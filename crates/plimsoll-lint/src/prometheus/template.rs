//! A scanner for the Go templates Prometheus expands in alert labels and
//! annotations (`{{ $labels.instance }}`, `{{ $value | humanize }}`).
//!
//! It finds what Go's `text/template` parser rejects and is certain about:
//! an action without its closing `}}`, a variable used before any
//! declaration, a function outside Prometheus' template set and Go's
//! built-ins, an `{{ end }}` without a block or a block without `{{ end }}`.
//! Anything it does not understand is left alone. It also lists the
//! labels a template reads (`$labels.x`, `.Labels.x`, `index $labels "x"`).

use std::ops::Range;

/// Variables Prometheus declares before expanding an alert's templates.
pub const PREDECLARED: [&str; 4] = ["labels", "value", "externalLabels", "externalURL"];

/// Functions of Prometheus' template set and Go's built-ins.
pub const FUNCTIONS: &[&str] = &[
    // Prometheus
    "humanize",
    "humanize1024",
    "humanizeDuration",
    "humanizePercentage",
    "humanizeTimestamp",
    "first",
    "label",
    "value",
    "query",
    "strvalue",
    "reReplaceAll",
    "match",
    "title",
    "toUpper",
    "toLower",
    "args",
    "safeHtml",
    "graphLink",
    "tableLink",
    "pathPrefix",
    "externalURL",
    "sortByLabel",
    "stripPort",
    "stripDomain",
    "parseDuration",
    "toTime",
    "now",
    "toDuration",
    "urlQueryEscape",
    // Go
    "and",
    "or",
    "not",
    "len",
    "index",
    "slice",
    "print",
    "printf",
    "println",
    "html",
    "js",
    "urlquery",
    "call",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
];

/// Keywords of Go templates.
const KEYWORDS: [&str; 13] = [
    "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
    "nil", "true", "false",
];

/// A problem in a template, with its byte range in the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub range: Range<usize>,
    pub message: String,
}

/// A label the template reads, with the range of its name in the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelRef {
    pub name: String,
    pub range: Range<usize>,
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct Scan {
    pub issues: Vec<Issue>,
    pub labels: Vec<LabelRef>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// `$name` (empty for `$`), followed by `.field` parts.
    Var(String, Vec<(String, Range<usize>)>),
    /// `.Field.field` (empty parts for `.`).
    Field(Vec<(String, Range<usize>)>),
    Ident(String),
    Str(String),
    Declare,
    Comma,
    Pipe,
    Other,
}

/// Scans `text` (a label or annotation value).
pub fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    if !text.contains("{{") {
        return out;
    }
    let mut declared: Vec<String> = PREDECLARED.iter().map(ToString::to_string).collect();
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut pos = 0;
    while let Some(i) = text[pos..].find("{{") {
        let start = pos + i;
        let mut body_start = start + 2;
        if text[body_start..].starts_with('-') {
            body_start += 1;
        }
        let rest = &text[body_start..];
        // Comments: `{{/* ... */}}`.
        if rest.trim_start().starts_with("/*") {
            if let Some(j) = rest.find("*/") {
                pos = body_start + j + 2;
                if let Some(k) = text[pos..].find("}}") {
                    pos += k + 2;
                    continue;
                }
            }
            out.issues.push(Issue {
                range: start..start + 2,
                message: "unclosed comment".to_string(),
            });
            return out;
        }
        let Some((tokens, end)) = tokenize(text, body_start) else {
            out.issues.push(Issue {
                range: start..(start + 2),
                message: "action `{{` is not closed by `}}`".to_string(),
            });
            return out;
        };
        check_action(&tokens, start..end, &mut declared, &mut blocks, &mut out);
        pos = end;
    }
    if let Some(open) = blocks.first() {
        out.issues.push(Issue {
            range: open.clone(),
            message: "block is not closed by `{{ end }}`".to_string(),
        });
    }
    out
}

/// Tokens of the action starting at `from` and the offset after its `}}`;
/// `None` when the action is not closed.
/// Tokens of an action with their ranges.
type Tokens = Vec<(Tok, Range<usize>)>;

fn tokenize(text: &str, from: usize) -> Option<(Tokens, usize)> {
    let b = text.as_bytes();
    let mut i = from;
    let mut toks = Vec::new();
    let ident_len = |at: usize| {
        text[at..]
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(text.len() - at, |(n, _)| n)
    };
    let fields = |mut at: usize| {
        let mut parts = Vec::new();
        while b.get(at) == Some(&b'.') {
            let n = ident_len(at + 1);
            if n == 0 {
                break;
            }
            parts.push((text[at + 1..at + 1 + n].to_string(), at + 1..at + 1 + n));
            at += 1 + n;
        }
        (parts, at)
    };
    while i < b.len() {
        let c = b[i];
        match c {
            b'}' if b.get(i + 1) == Some(&b'}') => return Some((toks, i + 2)),
            b'-' if text[i..].starts_with("-}}") && i > from && b[i - 1].is_ascii_whitespace() => {
                return Some((toks, i + 3));
            }
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'"' | b'`' | b'\'' => {
                let mut j = i + 1;
                let mut value = String::new();
                loop {
                    let ch = *b.get(j)?;
                    if ch == c {
                        break;
                    }
                    if ch == b'\\' && c != b'`' {
                        j += 1;
                        let esc = text.get(j..)?.chars().next()?;
                        value.push(esc);
                        j += esc.len_utf8();
                        continue;
                    }
                    let len = text[j..].chars().next().map_or(1, char::len_utf8);
                    value.push_str(&text[j..j + len]);
                    j += len;
                }
                toks.push((Tok::Str(value), i..j + 1));
                i = j + 1;
            }
            b'$' => {
                let n = ident_len(i + 1);
                let name = text[i + 1..i + 1 + n].to_string();
                let (parts, end) = fields(i + 1 + n);
                toks.push((Tok::Var(name, parts), i..end));
                i = end;
            }
            b'.' => {
                let (parts, end) = fields(i);
                let end = end.max(i + 1);
                toks.push((Tok::Field(parts), i..end));
                i = end;
            }
            b':' if b.get(i + 1) == Some(&b'=') => {
                toks.push((Tok::Declare, i..i + 2));
                i += 2;
            }
            b',' => {
                toks.push((Tok::Comma, i..i + 1));
                i += 1;
            }
            b'|' => {
                toks.push((Tok::Pipe, i..i + 1));
                i += 1;
            }
            _ if c.is_ascii_digit()
                || (matches!(c, b'-' | b'+') && b.get(i + 1).is_some_and(u8::is_ascii_digit)) =>
            {
                let mut j = i + 1;
                while let Some(&d) = b.get(j) {
                    let exponent_sign =
                        matches!(d, b'-' | b'+') && matches!(b[j - 1], b'e' | b'E' | b'p' | b'P');
                    if d.is_ascii_alphanumeric() || d == b'.' || d == b'_' || exponent_sign {
                        j += 1;
                    } else {
                        break;
                    }
                }
                toks.push((Tok::Other, i..j));
                i = j;
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                let n = ident_len(i);
                let name = &text[i..i + n];
                let (_, end) = fields(i + n);
                toks.push((Tok::Ident(name.to_string()), i..i + n));
                i = end;
            }
            _ => {
                let len = text[i..].chars().next().map_or(1, char::len_utf8);
                toks.push((Tok::Other, i..i + len));
                i += len;
            }
        }
    }
    None
}

fn check_action(
    toks: &[(Tok, Range<usize>)],
    action: Range<usize>,
    declared: &mut Vec<String>,
    blocks: &mut Vec<Range<usize>>,
    out: &mut Scan,
) {
    // Declarations first: `$x := ...`, `range $i, $v := ...`.
    let mut declares: Vec<usize> = Vec::new();
    if let Some(d) = toks.iter().position(|(t, _)| *t == Tok::Declare) {
        let mut j = d;
        while j > 0 {
            j -= 1;
            match &toks[j].0 {
                Tok::Var(_, parts) if parts.is_empty() => declares.push(j),
                Tok::Comma => {}
                _ => break,
            }
        }
    }
    // Block structure.
    if let Some((Tok::Ident(first), _)) = toks.first() {
        match first.as_str() {
            "if" | "range" | "with" | "define" | "block" => blocks.push(action.clone()),
            "end" if blocks.pop().is_none() => {
                out.issues.push(Issue {
                    range: action.clone(),
                    message: "`{{ end }}` without an open block".to_string(),
                });
            }
            _ => {}
        }
    }
    for (k, (tok, range)) in toks.iter().enumerate() {
        match tok {
            Tok::Var(name, parts) => {
                if !declares.contains(&k) && !name.is_empty() && !declared.contains(name) {
                    out.issues.push(Issue {
                        range: range.start..range.start + 1 + name.len(),
                        message: format!("undefined variable `${name}`"),
                    });
                }
                if name == "labels"
                    && let Some((label, r)) = parts.first()
                {
                    out.labels.push(LabelRef {
                        name: label.clone(),
                        range: r.clone(),
                    });
                }
                // `index $labels "x"`
                if name == "labels"
                    && parts.is_empty()
                    && k > 0
                    && matches!(&toks[k - 1].0, Tok::Ident(f) if f == "index")
                    && let Some((Tok::Str(label), r)) = toks.get(k + 1)
                {
                    out.labels.push(LabelRef {
                        name: label.clone(),
                        range: r.start + 1..r.end.saturating_sub(1).max(r.start + 1),
                    });
                }
            }
            Tok::Field(parts) => {
                if let [(first, _), (label, r), ..] = parts.as_slice()
                    && first == "Labels"
                    && k == 0
                {
                    out.labels.push(LabelRef {
                        name: label.clone(),
                        range: r.clone(),
                    });
                }
            }
            Tok::Ident(name)
                if !KEYWORDS.contains(&name.as_str()) && !FUNCTIONS.contains(&name.as_str()) =>
            {
                out.issues.push(Issue {
                    range: range.clone(),
                    message: format!("function `{name}` is not defined"),
                });
            }
            _ => {}
        }
    }
    for k in declares {
        if let (Tok::Var(name, _), _) = &toks[k]
            && !declared.contains(name)
        {
            declared.push(name.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        scan(text).issues.into_iter().map(|i| i.message).collect()
    }

    #[test]
    fn valid_templates() {
        for ok in [
            "plain text",
            "{{ $labels.instance }} is down",
            "{{ $value | humanize }}",
            "{{ printf \"%.2f\" $value }}%",
            "{{- $labels.job -}}",
            "{{ with query \"up\" }}{{ . | first | value }}{{ end }}",
            "{{ range $i, $v := query \"up\" }}{{ $v.Labels.job }}{{ end }}",
            "{{ $x := 1 }}{{ $x }}",
            "{{/* a comment */}}text",
            "{{ if gt $value 1.0 }}high{{ else }}low{{ end }}",
            "{{ index $labels \"foo-bar\" }}",
            "{{ .Labels.instance }} {{ .Value }}",
            "{{ $externalURL }}/alerts",
            "}} stray closing",
        ] {
            assert_eq!(messages(ok), Vec::<String>::new(), "{ok}");
        }
    }

    #[test]
    fn invalid_templates() {
        assert_eq!(
            messages("{{ $label.foo }}"),
            ["undefined variable `$label`"]
        );
        assert_eq!(
            messages("{{ $labels.instance "),
            ["action `{{` is not closed by `}}`"]
        );
        assert_eq!(
            messages("{{ $value | humanise }}"),
            ["function `humanise` is not defined"]
        );
        assert_eq!(
            messages("{{ if $value }}x"),
            ["block is not closed by `{{ end }}`"]
        );
        assert_eq!(
            messages("x{{ end }}"),
            ["`{{ end }}` without an open block"]
        );
    }

    #[test]
    fn label_references() {
        let s = scan("{{ $labels.instance }} {{ index $labels \"job\" }} {{ .Labels.pod }}");
        let names: Vec<&str> = s.labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["instance", "job", "pod"]);
        let text = "{{ $labels.instance }}";
        let r = &scan(text).labels[0].range;
        assert_eq!(&text[r.clone()], "instance");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "{{ \"\\é\" }}",
            "{{ 'é' }}{{ \"é\\",
            "{{ $",
            "{{ .",
            "{{-",
            "{{ -}}",
            "{{ $é.ü }}",
            "{{ 1e-3 | printf \"%v\" }}",
            "{{ end }}{{ end }}{{ if",
        ] {
            let _ = scan(text);
        }
    }
}
