//! Tokens of the expression language.

use super::ExprError;
use plimsoll_diagnostics::Span;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Ident(String),
    Dot,
    Star,
    Comma,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Not,
    And,
    Or,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Tok {
    pub(super) fn describe(&self) -> String {
        match self {
            Tok::Null => "`null`".into(),
            Tok::Bool(b) => format!("`{b}`"),
            Tok::Number(_) => "a number".into(),
            Tok::String(_) => "a string".into(),
            Tok::Ident(n) => format!("`{n}`"),
            Tok::Dot => "`.`".into(),
            Tok::Star => "`*`".into(),
            Tok::Comma => "`,`".into(),
            Tok::LParen => "`(`".into(),
            Tok::RParen => "`)`".into(),
            Tok::LBracket => "`[`".into(),
            Tok::RBracket => "`]`".into(),
            Tok::Not => "`!`".into(),
            Tok::And => "`&&`".into(),
            Tok::Or => "`||`".into(),
            Tok::Eq => "`==`".into(),
            Tok::Ne => "`!=`".into(),
            Tok::Lt => "`<`".into(),
            Tok::Le => "`<=`".into(),
            Tok::Gt => "`>`".into(),
            Tok::Ge => "`>=`".into(),
        }
    }
}

/// Splits `text` into tokens with spans shifted by `offset`.
pub(super) fn lex(text: &str, offset: usize) -> Result<Vec<(Tok, Span)>, ExprError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |message: String, start: usize, end: usize| ExprError {
        message,
        span: Span::new(offset + start, offset + end),
    };
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let two = bytes.get(i..i + 2);
        let tok = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'.' if !bytes.get(i + 1).is_some_and(u8::is_ascii_digit) || prev_is_value(&out) => {
                i += 1;
                Tok::Dot
            }
            b'*' => {
                i += 1;
                Tok::Star
            }
            b',' => {
                i += 1;
                Tok::Comma
            }
            b'(' => {
                i += 1;
                Tok::LParen
            }
            b')' => {
                i += 1;
                Tok::RParen
            }
            b'[' => {
                i += 1;
                Tok::LBracket
            }
            b']' => {
                i += 1;
                Tok::RBracket
            }
            b'&' if two == Some(b"&&") => {
                i += 2;
                Tok::And
            }
            b'|' if two == Some(b"||") => {
                i += 2;
                Tok::Or
            }
            b'=' if two == Some(b"==") => {
                i += 2;
                Tok::Eq
            }
            b'!' if two == Some(b"!=") => {
                i += 2;
                Tok::Ne
            }
            b'!' => {
                i += 1;
                Tok::Not
            }
            b'<' if two == Some(b"<=") => {
                i += 2;
                Tok::Le
            }
            b'<' => {
                i += 1;
                Tok::Lt
            }
            b'>' if two == Some(b">=") => {
                i += 2;
                Tok::Ge
            }
            b'>' => {
                i += 1;
                Tok::Gt
            }
            b'\'' => {
                i += 1;
                let mut s = String::new();
                loop {
                    let Some(rest) = text.get(i..) else {
                        return Err(err("unterminated string".into(), start, bytes.len()));
                    };
                    let Some(q) = rest.find('\'') else {
                        return Err(err("unterminated string".into(), start, bytes.len()));
                    };
                    s.push_str(&rest[..q]);
                    i += q + 1;
                    if bytes.get(i) == Some(&b'\'') {
                        s.push('\'');
                        i += 1;
                    } else {
                        break;
                    }
                }
                Tok::String(s)
            }
            b'"' => {
                return Err(err(
                    "strings are quoted with `'`, not `\"`".into(),
                    start,
                    start + 1,
                ));
            }
            b'0'..=b'9' | b'-' | b'+' | b'.' => {
                let (n, len) = number(&bytes[i..]).ok_or_else(|| {
                    let end = i + word_len(&bytes[i..]).max(1);
                    err(
                        format!("invalid number `{}`", text.get(i..end).unwrap_or("")),
                        start,
                        end,
                    )
                })?;
                i += len;
                Tok::Number(n)
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let len = bytes[i..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'-')
                    .count();
                let word = &text[i..i + len];
                i += len;
                match word {
                    "null" => Tok::Null,
                    "true" => Tok::Bool(true),
                    "false" => Tok::Bool(false),
                    "NaN" => Tok::Number(f64::NAN),
                    "Infinity" => Tok::Number(f64::INFINITY),
                    _ => Tok::Ident(word.to_string()),
                }
            }
            _ => {
                let ch = text.get(i..).and_then(|r| r.chars().next()).unwrap_or('?');
                return Err(err(
                    format!("unexpected character `{ch}`"),
                    start,
                    start + ch.len_utf8(),
                ));
            }
        };
        out.push((tok, Span::new(offset + start, offset + i)));
    }
    Ok(out)
}

/// After a value, `.5` is a property access, not a number.
fn prev_is_value(out: &[(Tok, Span)]) -> bool {
    matches!(
        out.last(),
        Some((Tok::Ident(_) | Tok::RParen | Tok::RBracket | Tok::Star, _))
    )
}

fn word_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+' | b'_'))
        .count()
}

/// A number literal at the start of `bytes`: optional sign, decimal with
/// fraction and exponent, `0x` hex, `0o` octal, `-Infinity`.
fn number(bytes: &[u8]) -> Option<(f64, usize)> {
    let mut i = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let sign = if negative { -1.0 } else { 1.0 };
    let rest = &bytes[i..];
    if rest.starts_with(b"Infinity") {
        return Some((sign * f64::INFINITY, i + 8)).filter(|_| !continues(bytes, i + 8));
    }
    if rest.starts_with(b"0x") || rest.starts_with(b"0X") {
        let digits = rest[2..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        if digits == 0 || continues(bytes, i + 2 + digits) {
            return None;
        }
        let s = std::str::from_utf8(&rest[2..2 + digits]).ok()?;
        let v = u64::from_str_radix(s, 16).ok()?;
        #[allow(clippy::cast_precision_loss)]
        return Some((sign * v as f64, i + 2 + digits));
    }
    if rest.starts_with(b"0o") || rest.starts_with(b"0O") {
        let digits = rest[2..]
            .iter()
            .take_while(|b| (b'0'..=b'7').contains(b))
            .count();
        if digits == 0 || continues(bytes, i + 2 + digits) {
            return None;
        }
        let s = std::str::from_utf8(&rest[2..2 + digits]).ok()?;
        let v = u64::from_str_radix(s, 8).ok()?;
        #[allow(clippy::cast_precision_loss)]
        return Some((sign * v as f64, i + 2 + digits));
    }
    let mut j = i;
    let int = bytes[j..].iter().take_while(|b| b.is_ascii_digit()).count();
    j += int;
    let mut frac = 0;
    if bytes.get(j) == Some(&b'.') {
        frac = bytes[j + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if frac == 0 && int == 0 {
            return None;
        }
        j += 1 + frac;
    }
    if int == 0 && frac == 0 {
        return None;
    }
    if matches!(bytes.get(j), Some(b'e' | b'E')) {
        let mut k = j + 1;
        if matches!(bytes.get(k), Some(b'-' | b'+')) {
            k += 1;
        }
        let exp = bytes[k.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if exp == 0 {
            return None;
        }
        j = k + exp;
    }
    if continues(bytes, j) {
        return None;
    }
    let s = std::str::from_utf8(&bytes[..j]).ok()?;
    s.parse::<f64>().ok().map(|v| (v, j))
}

/// Whether a literal runs on into letters or digits (`12ab`).
fn continues(bytes: &[u8], at: usize) -> bool {
    bytes
        .get(at)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}
