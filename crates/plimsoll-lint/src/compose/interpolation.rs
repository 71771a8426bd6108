//! Compose variable interpolation, as compose-go's `template` package reads
//! it: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
//! `${VAR:?error}`, `${VAR?error}`, `${VAR:+alternate}`, `${VAR+alternate}`
//! and `$$` for a literal `$`. Names match `[_a-zA-Z][_a-zA-Z0-9]*`. The
//! text after a modifier is itself a template (`${A:-${B:-c}}`); its end is
//! the first `}` that closes every `${` opened after the variable. A `$`
//! followed by anything else (`$1`, `$ `, a final `$`) is kept literally;
//! `${` without a valid name, with an unsupported modifier (`${A/x/y}`,
//! `${#A}`) or without a closing `}` is an error, which Compose reports as
//! "invalid interpolation format".

use std::ops::Range;

/// A modifier after the variable name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modifier {
    /// `:-`: the default when unset or empty.
    DefaultIfEmpty,
    /// `-`: the default when unset.
    DefaultIfUnset,
    /// `:?`: an error when unset or empty.
    RequiredNonEmpty,
    /// `?`: an error when unset.
    Required,
    /// `:+`: the alternate when set and non-empty.
    AlternateIfNonEmpty,
    /// `+`: the alternate when set.
    AlternateIfSet,
}

impl Modifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Modifier::DefaultIfEmpty => ":-",
            Modifier::DefaultIfUnset => "-",
            Modifier::RequiredNonEmpty => ":?",
            Modifier::Required => "?",
            Modifier::AlternateIfNonEmpty => ":+",
            Modifier::AlternateIfSet => "+",
        }
    }
}

/// One piece of a template. Ranges are byte offsets in the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text copied as written.
    Literal(Range<usize>),
    /// `$$`, which becomes one `$`.
    Escaped(Range<usize>),
    Variable(Variable),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    /// The whole reference: `$NAME` or `${...}`.
    pub range: Range<usize>,
    pub braced: bool,
    pub modifier: Option<Modifier>,
    /// The template after the modifier, with its range.
    pub argument: Option<(Template, Range<usize>)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template {
    pub segments: Vec<Segment>,
}

/// Why a template is invalid, and where (byte offsets in the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    pub range: Range<usize>,
}

/// How deep `${A:-${B:-...}}` may nest before the text is rejected.
const MAX_DEPTH: usize = 64;

/// Parses `text` as a Compose template.
pub fn parse(text: &str) -> Result<Template, Error> {
    parse_at(text, 0, text.len(), 0)
}

fn is_name_start(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphabetic()
}

fn is_name_char(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric()
}

/// The index of the `}` closing the `${` at `start`: `${` opens, any `}`
/// closes (compose-go's brace matching).
fn closing_brace(text: &str, start: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i < end {
        if bytes[i] == b'}' {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(i);
            }
        }
        if bytes[i] == b'$' && bytes.get(i + 1) == Some(&b'{') && i + 1 < end {
            depth += 1;
            i += 1;
        }
        i += 1;
    }
    None
}

fn parse_at(text: &str, start: usize, end: usize, depth: usize) -> Result<Template, Error> {
    if depth > MAX_DEPTH {
        return Err(Error {
            message: "variables are nested too deeply".into(),
            range: start..end,
        });
    }
    let bytes = text.as_bytes();
    let mut segments = Vec::new();
    let mut literal_start = start;
    let mut i = start;
    let flush = |segments: &mut Vec<Segment>, from: usize, to: usize| {
        if from < to {
            segments.push(Segment::Literal(from..to));
        }
    };
    while i < end {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let next = if i + 1 < end {
            Some(bytes[i + 1])
        } else {
            None
        };
        match next {
            Some(b'$') => {
                flush(&mut segments, literal_start, i);
                segments.push(Segment::Escaped(i..i + 2));
                i += 2;
                literal_start = i;
            }
            Some(b'{') => {
                flush(&mut segments, literal_start, i);
                let var = parse_braced(text, i, end, depth)?;
                i = var.range.end;
                literal_start = i;
                segments.push(Segment::Variable(var));
            }
            Some(b) if is_name_start(b) => {
                flush(&mut segments, literal_start, i);
                let mut j = i + 1;
                while j < end && is_name_char(bytes[j]) {
                    j += 1;
                }
                segments.push(Segment::Variable(Variable {
                    name: text[i + 1..j].to_string(),
                    range: i..j,
                    braced: false,
                    modifier: None,
                    argument: None,
                }));
                i = j;
                literal_start = i;
            }
            // `$1`, `$ `, `$@`, a final `$`: kept as written.
            _ => i += 1,
        }
    }
    flush(&mut segments, literal_start, end);
    Ok(Template { segments })
}

/// `${...}` starting at `dollar`.
fn parse_braced(text: &str, dollar: usize, end: usize, depth: usize) -> Result<Variable, Error> {
    let bytes = text.as_bytes();
    let name_start = dollar + 2;
    let mut j = name_start;
    if j < end && is_name_start(bytes[j]) {
        j += 1;
        while j < end && is_name_char(bytes[j]) {
            j += 1;
        }
    }
    let close = closing_brace(text, dollar, end);
    let whole = dollar..close.map_or(end, |c| c + 1);
    if j == name_start {
        let shown = &text[whole.clone()];
        return Err(Error {
            message: if close.is_none() {
                format!("`{shown}` has no variable name and no closing `}}`")
            } else if shown == "${}" {
                "`${}` names no variable".to_string()
            } else {
                format!("`{shown}` does not start with a variable name")
            },
            range: whole,
        });
    }
    let name = text[name_start..j].to_string();
    let Some(close) = close else {
        return Err(Error {
            message: format!("`${{{name}` has no closing `}}`"),
            range: dollar..end,
        });
    };
    if j == close {
        return Ok(Variable {
            name,
            range: dollar..close + 1,
            braced: true,
            modifier: None,
            argument: None,
        });
    }
    let (modifier, width) = match (bytes[j], bytes.get(j + 1).copied()) {
        (b':', Some(b'-')) => (Modifier::DefaultIfEmpty, 2),
        (b':', Some(b'?')) => (Modifier::RequiredNonEmpty, 2),
        (b':', Some(b'+')) => (Modifier::AlternateIfNonEmpty, 2),
        (b'-', _) => (Modifier::DefaultIfUnset, 1),
        (b'?', _) => (Modifier::Required, 1),
        (b'+', _) => (Modifier::AlternateIfSet, 1),
        _ => {
            let shown = &text[dollar..=close];
            return Err(Error {
                message: format!(
                    "`{shown}` is not a supported form: after the name Compose accepts only `}}`, `:-`, `-`, `:?`, `?`, `:+` or `+`"
                ),
                range: dollar..close + 1,
            });
        }
    };
    let arg_start = j + width;
    if arg_start > close {
        return Err(Error {
            message: format!("`{}` is incomplete", &text[dollar..=close]),
            range: dollar..close + 1,
        });
    }
    let argument = parse_at(text, arg_start, close, depth + 1)?;
    Ok(Variable {
        name,
        range: dollar..close + 1,
        braced: true,
        modifier: Some(modifier),
        argument: Some((argument, arg_start..close)),
    })
}

impl Template {
    /// Whether the template reads any variable.
    pub fn has_variables(&self) -> bool {
        self.segments
            .iter()
            .any(|s| matches!(s, Segment::Variable(_)))
    }

    /// Every variable, nested ones included, outermost first.
    pub fn variables(&self) -> Vec<&Variable> {
        let mut out = Vec::new();
        let mut stack: Vec<&Template> = vec![self];
        while let Some(t) = stack.pop() {
            for s in &t.segments {
                if let Segment::Variable(v) = s {
                    out.push(v);
                    if let Some((arg, _)) = &v.argument {
                        stack.push(arg);
                    }
                }
            }
        }
        out
    }

    /// The value with every variable unset: defaults apply, alternates do
    /// not; `None` when a required variable would stop Compose.
    pub fn with_unset_variables(&self, text: &str) -> Option<String> {
        let mut out = String::new();
        for s in &self.segments {
            match s {
                Segment::Literal(r) => out.push_str(text.get(r.clone())?),
                Segment::Escaped(_) => out.push('$'),
                Segment::Variable(v) => match v.modifier {
                    Some(Modifier::DefaultIfEmpty | Modifier::DefaultIfUnset) => {
                        let (arg, _) = v.argument.as_ref()?;
                        out.push_str(&arg.with_unset_variables(text)?);
                    }
                    Some(Modifier::Required | Modifier::RequiredNonEmpty) => return None,
                    _ => {}
                },
            }
        }
        Some(out)
    }
}

/// Whether `text` reads a variable (or is an invalid template): its final
/// value is then not what the file says.
pub fn is_interpolated(text: &str) -> bool {
    text.contains('$') && parse(text).map_or(true, |t| t.has_variables())
}

/// The value of a template that reads no variable (`$$` unescaped), or
/// `None` when it reads one or is invalid.
pub fn literal(text: &str) -> Option<String> {
    if !text.contains('$') {
        return Some(text.to_string());
    }
    let t = parse(text).ok()?;
    if t.has_variables() {
        return None;
    }
    t.with_unset_variables(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        parse(text)
            .unwrap()
            .variables()
            .iter()
            .map(|v| v.name.clone())
            .collect()
    }

    #[test]
    fn plain_and_braced_variables() {
        assert_eq!(names("$IMAGE_NAME:$IMAGE_TAG"), ["IMAGE_NAME", "IMAGE_TAG"]);
        assert_eq!(names("${TAG_IMAGE}"), ["TAG_IMAGE"]);
        assert_eq!(names("echo $ROOT $SUB"), ["ROOT", "SUB"]);
        assert_eq!(names("${lower_case}"), ["lower_case"]);
        let t = parse("a${B}c").unwrap();
        assert_eq!(
            t.segments,
            [
                Segment::Literal(0..1),
                Segment::Variable(Variable {
                    name: "B".into(),
                    range: 1..5,
                    braced: true,
                    modifier: None,
                    argument: None
                }),
                Segment::Literal(5..6)
            ]
        );
    }

    #[test]
    fn modifiers_and_nesting() {
        let t = parse("${PORT:-8080}:80").unwrap();
        let Segment::Variable(v) = &t.segments[0] else {
            panic!()
        };
        assert_eq!(v.modifier, Some(Modifier::DefaultIfEmpty));
        assert_eq!(v.range, 0..13);
        assert_eq!(
            t.with_unset_variables("${PORT:-8080}:80").unwrap(),
            "8080:80"
        );
        assert_eq!(
            parse("${SUBNET-172.99.0.0/16}")
                .unwrap()
                .with_unset_variables("${SUBNET-172.99.0.0/16}")
                .unwrap(),
            "172.99.0.0/16"
        );
        assert_eq!(names("${A:-${B:-c}}"), ["A", "B"]);
        let text = "${A:-${B:-c}}x";
        assert_eq!(
            parse(text).unwrap().with_unset_variables(text).unwrap(),
            "cx"
        );
        assert_eq!(names("${A?$B}"), ["A", "B"]);
        let text = "${ID:?ID variable must be set}";
        assert!(parse(text).unwrap().with_unset_variables(text).is_none());
        for (text, m) in [
            ("${A-x}", Modifier::DefaultIfUnset),
            ("${A:?x}", Modifier::RequiredNonEmpty),
            ("${A?x}", Modifier::Required),
            ("${A:+x}", Modifier::AlternateIfNonEmpty),
            ("${A+x}", Modifier::AlternateIfSet),
            ("${A:-}", Modifier::DefaultIfEmpty),
        ] {
            let t = parse(text).unwrap();
            let Segment::Variable(v) = &t.segments[0] else {
                panic!()
            };
            assert_eq!(v.modifier, Some(m), "{text}");
        }
        // Alternates apply only to set variables.
        assert_eq!(literal("x${A:+y}"), None);
        assert_eq!(
            parse("x${A:+y}").unwrap().with_unset_variables("x${A:+y}"),
            Some("x".into())
        );
    }

    #[test]
    fn escapes_and_literal_dollars() {
        assert_eq!(literal("$${bar}"), Some("${bar}".into()));
        assert_eq!(
            literal("RUN /bin/$${BOOL}"),
            Some("RUN /bin/${BOOL}".into())
        );
        assert_eq!(
            literal("sh -c \"echo $$TEST_VAR\""),
            Some("sh -c \"echo $TEST_VAR\"".into())
        );
        assert_eq!(literal("cost: $5"), Some("cost: $5".into()));
        assert_eq!(literal("trailing $"), Some("trailing $".into()));
        assert_eq!(literal("a $ b $@"), Some("a $ b $@".into()));
        assert_eq!(literal("$$$$"), Some("$$".into()));
        assert!(!is_interpolated("$$HOME"));
        assert!(is_interpolated("$$$HOME"));
        assert!(is_interpolated("${A"));
        assert!(!is_interpolated("plain"));
    }

    #[test]
    fn errors_have_ranges() {
        for (text, range) in [
            ("${}", 0..3),
            ("x ${1} y", 2..6),
            ("${FOO", 0..5),
            ("${ FOO}", 0..7),
            ("${A/x/y}", 0..8),
            ("${#A}", 0..5),
            ("${A:x}", 0..6),
            ("${A:-${B}", 0..9),
            ("a ${B:-${}}", 7..10),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.range, range, "{text}: {}", e.message);
        }
        // The argument's own `}` closes only the inner variable.
        assert_eq!(names("${A:-{x}}"), ["A"]);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "$", "${", "$$", "${:", "${A:", "${A:-", "é${A}é", "${A:-é}", "$é",
        ] {
            let _ = parse(text);
            let _ = literal(text);
        }
    }
}
