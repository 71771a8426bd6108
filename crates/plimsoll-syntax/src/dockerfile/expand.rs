//! Dockerfile variable substitution: `$VAR`, `${VAR}`, `${VAR:-default}`,
//! `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?msg}`.

/// The result of substituting variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    pub value: String,
    /// False when some variable had no value and no default.
    pub complete: bool,
}

/// Substitutes variables in `text`. `lookup` returns `None` for an unset
/// variable and `Some("")` for one set to the empty string.
pub fn expand(text: &str, escape: char, lookup: &dyn Fn(&str) -> Option<String>) -> Expansion {
    let mut out = String::with_capacity(text.len());
    let mut complete = true;
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == escape {
            // An escaped `$` stays literal.
            match chars.peek() {
                Some(&(_, '$')) => {
                    out.push('$');
                    chars.next();
                }
                _ => out.push(c),
            }
            continue;
        }
        if c != '$' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some((start, '{')) => {
                chars.next();
                let body_start = start + 1;
                let mut depth = 1;
                let mut end = None;
                for (i, ch) in chars.by_ref() {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = Some(i);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let Some(end) = end else {
                    out.push_str(&text[start - 1..]);
                    break;
                };
                let (value, ok) = braced(&text[body_start..end], escape, lookup);
                complete &= ok;
                out.push_str(&value);
            }
            Some((start, ch)) if ch.is_ascii_alphabetic() || ch == '_' => {
                let mut end = text.len();
                while let Some(&(i, ch)) = chars.peek() {
                    if ch.is_ascii_alphanumeric() || ch == '_' {
                        chars.next();
                    } else {
                        end = i;
                        break;
                    }
                }
                match lookup(&text[start..end]) {
                    Some(v) => out.push_str(&v),
                    None => complete = false,
                }
            }
            _ => out.push('$'),
        }
    }
    Expansion {
        value: out,
        complete,
    }
}

fn braced(body: &str, escape: char, lookup: &dyn Fn(&str) -> Option<String>) -> (String, bool) {
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    let (name, op) = body.split_at(name_len);
    let value = lookup(name);
    let word = |w: &str| {
        let e = expand(w, escape, lookup);
        (e.value, e.complete)
    };
    match op {
        "" => match value {
            Some(v) => (v, true),
            None => (String::new(), false),
        },
        _ if op.starts_with(":-") => match value.filter(|v| !v.is_empty()) {
            Some(v) => (v, true),
            None => word(&op[2..]),
        },
        _ if op.starts_with('-') => match value {
            Some(v) => (v, true),
            None => word(&op[1..]),
        },
        _ if op.starts_with(":+") => match value.filter(|v| !v.is_empty()) {
            Some(_) => word(&op[2..]),
            None => (String::new(), true),
        },
        _ if op.starts_with('+') => match value {
            Some(_) => word(&op[1..]),
            None => (String::new(), true),
        },
        _ if op.starts_with(":?") || op.starts_with('?') => match value {
            Some(v) => (v, true),
            None => (String::new(), false),
        },
        // Pattern operators (`#`, `%`, `/`) exist in newer frontends; we do
        // not evaluate them.
        _ => (String::new(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "TAG" => Some("1.2".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    fn x(text: &str) -> (String, bool) {
        let e = expand(text, '\\', &env);
        (e.value, e.complete)
    }

    #[test]
    fn substitutes_each_form() {
        assert_eq!(x("img:$TAG"), ("img:1.2".into(), true));
        assert_eq!(x("img:${TAG}-x"), ("img:1.2-x".into(), true));
        assert_eq!(x("${NOPE:-d}"), ("d".into(), true));
        assert_eq!(x("${EMPTY:-d}"), ("d".into(), true));
        assert_eq!(x("${EMPTY-d}"), (String::new(), true));
        assert_eq!(x("${TAG:+alt}"), ("alt".into(), true));
        assert_eq!(x("${NOPE:+alt}"), (String::new(), true));
        assert_eq!(x("${NOPE:-${TAG}}"), ("1.2".into(), true));
    }

    #[test]
    fn unset_variables_mark_the_expansion_incomplete() {
        assert_eq!(x("img:$NOPE"), ("img:".into(), false));
        assert_eq!(x(r"cost \$5"), ("cost $5".into(), true));
        assert_eq!(x("a$"), ("a$".into(), true));
        assert_eq!(x("${unterminated"), ("${unterminated".into(), true));
    }
}
