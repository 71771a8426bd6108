/// Removes shell quoting from a word: `'a b'` → `a b`, `"a\"b"` → `a"b`,
/// `a\ b` → `a b`, `$'x'` → `x`. Expansions are left as written.
pub fn unquote(raw: &str) -> String {
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
                    match c {
                        '"' => break,
                        '\\' => match chars.peek() {
                            Some(&n @ ('"' | '\\' | '$' | '`')) => {
                                out.push(n);
                                chars.next();
                            }
                            Some('\n') => {
                                chars.next();
                            }
                            _ => out.push('\\'),
                        },
                        _ => out.push(c),
                    }
                }
            }
            '\\' => {
                if let Some(n) = chars.next().filter(|&n| n != '\n') {
                    out.push(n);
                }
            }
            '$' if chars.peek() == Some(&'\'') => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::unquote;

    #[test]
    fn removes_each_kind_of_quoting() {
        assert_eq!(unquote("'a b'"), "a b");
        assert_eq!(unquote(r#""a\"b""#), "a\"b");
        assert_eq!(unquote(r"a\ b"), "a b");
        assert_eq!(unquote(r#""it's" 'x'"#), "it's x");
        assert_eq!(unquote("$'x'"), "x");
        assert_eq!(unquote("pkg=${V:-1}"), "pkg=${V:-1}");
        assert_eq!(unquote(r#""\d""#), r"\d");
    }
}
