//! Word splitting and JSON arrays in instruction arguments. Offsets are in
//! the instruction's logical text; callers map them to the source.

/// Bounds of whitespace-separated words (no quote handling), as BuildKit
/// splits FROM, EXPOSE, COPY and VOLUME arguments.
pub(crate) fn whitespace_words(text: &str) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                words.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    words
}

/// Bounds of words, keeping quoted runs (and escaped characters) inside a word,
/// as BuildKit splits ENV, LABEL and ARG arguments.
pub(crate) fn quoted_words(text: &str, escape: char) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else if c == escape && q == '"' {
                escaped = true;
            }
            continue;
        }
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                words.push((s, i));
            }
            continue;
        }
        start.get_or_insert(i);
        if c == '"' || c == '\'' {
            quote = Some(c);
        } else if c == escape {
            escaped = true;
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    words
}

/// Removes Dockerfile quoting from a value: quotes, and the escape character
/// before a character (inside double quotes only before `"`, `$` or itself).
pub(crate) fn unquote_value(raw: &str, escape: char) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    out.push(c);
                }
            }
            '"' => {
                while let Some(c) = chars.next() {
                    if c == '"' {
                        break;
                    }
                    if c == escape {
                        match chars.peek() {
                            Some(&n) if n == '"' || n == '$' || n == escape => {
                                out.push(n);
                                chars.next();
                            }
                            _ => out.push(c),
                        }
                    } else {
                        out.push(c);
                    }
                }
            }
            c if c == escape => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Parses `["a", "b"]` into the decoded strings and the bounds of each
/// string literal (quotes included). `None` unless the whole text is a JSON
/// array of strings.
pub(crate) fn json_string_array(text: &str) -> Option<Vec<(String, usize, usize)>> {
    let bytes = text.as_bytes();
    let mut i = skip_ws(bytes, 0);
    if bytes.get(i) != Some(&b'[') {
        return None;
    }
    i = skip_ws(bytes, i + 1);
    let mut items = Vec::new();
    if bytes.get(i) == Some(&b']') {
        return (skip_ws(bytes, i + 1) == bytes.len()).then_some(items);
    }
    loop {
        let start = i;
        let (value, end) = json_string(text, i)?;
        items.push((value, start, end));
        i = skip_ws(bytes, end);
        match bytes.get(i) {
            Some(b',') => i = skip_ws(bytes, i + 1),
            Some(b']') => {
                return (skip_ws(bytes, i + 1) == bytes.len()).then_some(items);
            }
            _ => return None,
        }
    }
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

/// A JSON string starting at `start` (which must be `"`): value and end offset.
fn json_string(text: &str, start: usize) -> Option<(String, usize)> {
    let mut chars = text[start..].char_indices();
    if chars.next()?.1 != '"' {
        return None;
    }
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, start + i + 1)),
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    '/' => out.push('/'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'u' => {
                        let hex: String = (0..4)
                            .filter_map(|_| chars.next().map(|(_, h)| h))
                            .collect();
                        let code = u32::from_str_radix(&hex, 16).ok()?;
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    _ => return None,
                }
            }
            c if (c as u32) < 0x20 => return None,
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_arrays_decode_with_bounds() {
        let text = r#"["echo", "a \"b\"", "\u00e9"]"#;
        let items = json_string_array(text).unwrap();
        assert_eq!(items[0], ("echo".to_string(), 1, 7));
        assert_eq!(items[1].0, "a \"b\"");
        assert_eq!(items[2].0, "é");
        assert_eq!(json_string_array("[]"), Some(vec![]));
    }

    #[test]
    fn non_json_is_rejected() {
        assert!(json_string_array("[echo]").is_none());
        assert!(json_string_array(r#"["a",]"#).is_none());
        assert!(json_string_array(r#"["a"] x"#).is_none());
        assert!(json_string_array(r"['a']").is_none());
        assert!(json_string_array(r#"["a", 1]"#).is_none());
    }

    #[test]
    fn quoted_words_keep_quoted_spaces() {
        let text = r#"a="x y" b=c\ d 'e f'"#;
        let words: Vec<_> = quoted_words(text, '\\')
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(words, [r#"a="x y""#, r"b=c\ d", "'e f'"]);
    }

    #[test]
    fn values_unquote_with_the_escape_character() {
        assert_eq!(unquote_value(r#""x \"y\" \n""#, '\\'), r#"x "y" \n"#);
        assert_eq!(unquote_value(r"c\ d", '\\'), "c d");
        assert_eq!(unquote_value("'$HOME'", '\\'), "$HOME");
        assert_eq!(unquote_value(r"C:\dir", '`'), r"C:\dir");
    }
}
