//! Go's `fmt` as templates see it: `%v` of floats, `printf` verbs with
//! flags, width and precision, and `strconv.Quote`.

use crate::value::Value;
use std::fmt::Write as _;

/// Shortest decimal digits and the decimal point position of `f` (> 0):
/// `f = 0.d1d2d3... * 10^dp`.
fn shortest_digits(f: f64) -> (String, i32) {
    let s = format!("{f:e}");
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    (digits.to_string(), exp + 1)
}

/// `strconv.FormatFloat(f, 'g', -1, 64)` with Go's `%v` switch to
/// exponent form at 1e+06 / 1e-05 (`1e+06`, `1.5e-07`).
pub fn format_float_g(f: f64) -> String {
    format_float_shortest(f, 6)
}

/// Shortest formatting with exponent form when the exponent is below -4 or
/// at least `eprec` (6 for `%v`, 21 for JSON).
pub fn format_float_shortest(f: f64, eprec: i32) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let neg = f < 0.0;
    let (digits, dp) = shortest_digits(f.abs());
    let exp = dp - 1;
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if exp < -4 || exp >= eprec {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    } else if dp <= 0 {
        out.push_str("0.");
        for _ in 0..(-dp) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let dp = usize::try_from(dp).unwrap_or(0);
        if digits.len() <= dp {
            out.push_str(&digits);
            for _ in digits.len()..dp {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..dp]);
            out.push('.');
            out.push_str(&digits[dp..]);
        }
    }
    out
}

/// Go's `strconv.Quote`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control() || c == '\u{feff}' => {
                if (c as u32) < 0x10000 {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                } else {
                    let _ = write!(out, "\\U{:08x}", c as u32);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    space: bool,
    zero: bool,
    sharp: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

fn pad(s: &str, spec: Spec, numeric: bool) -> String {
    let Some(width) = spec.width else {
        return s.to_string();
    };
    let len = s.chars().count();
    if len >= width {
        return s.to_string();
    }
    let fill = width - len;
    if spec.minus {
        format!("{s}{}", " ".repeat(fill))
    } else if spec.zero && numeric {
        let (sign, rest) = if s.starts_with(['-', '+']) {
            s.split_at(1)
        } else {
            ("", s)
        };
        format!("{sign}{}{rest}", "0".repeat(fill))
    } else {
        format!("{}{s}", " ".repeat(fill))
    }
}

fn bad_verb(verb: char, v: &Value) -> String {
    match v {
        Value::Nil => format!("%!{verb}(<nil>)"),
        other => format!("%!{verb}({}={})", other.type_name(), other.go_string()),
    }
}

fn sign(s: String, spec: Spec, nonneg: bool) -> String {
    if nonneg && spec.plus {
        format!("+{s}")
    } else if nonneg && spec.space {
        format!(" {s}")
    } else {
        s
    }
}

fn int_value(i: i64, int64: bool) -> Value {
    if int64 {
        Value::Int64(i)
    } else {
        Value::Int(i)
    }
}

fn fmt_int(i: i64, int64: bool, verb: char, spec: Spec) -> String {
    let body = match verb {
        'd' | 'v' => i.unsigned_abs().to_string(),
        'x' => format!("{:x}", i.unsigned_abs()),
        'X' => format!("{:X}", i.unsigned_abs()),
        'o' => format!("{:o}", i.unsigned_abs()),
        'b' => format!("{:b}", i.unsigned_abs()),
        'c' => {
            return pad(
                &u32::try_from(i)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{fffd}')
                    .to_string(),
                spec,
                false,
            );
        }
        'q' => {
            let c = u32::try_from(i)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}');
            return pad(&format!("'{c}'"), spec, false);
        }
        'U' => return pad(&format!("U+{i:04X}"), spec, false),
        _ => return bad_verb(verb, &int_value(i, int64)),
    };
    let mut body = body;
    if let Some(p) = spec.prec {
        while body.len() < p {
            body.insert(0, '0');
        }
    }
    if spec.sharp {
        match verb {
            'x' => body.insert_str(0, "0x"),
            'X' => body.insert_str(0, "0X"),
            'o' => body.insert(0, '0'),
            _ => {}
        }
    }
    let s = if i < 0 {
        format!("-{body}")
    } else {
        sign(body, spec, true)
    };
    pad(&s, spec, spec.prec.is_none())
}

fn fmt_float(f: f64, verb: char, spec: Spec) -> String {
    let s = match verb {
        'v' | 'g' | 'G' => match spec.prec {
            None => format_float_g(f),
            Some(p) => format_g_prec(f, p),
        },
        'f' | 'F' => format!("{:.*}", spec.prec.unwrap_or(6), f),
        'e' | 'E' => {
            let s = format_e(f, spec.prec.unwrap_or(6));
            if verb == 'E' { s.to_uppercase() } else { s }
        }
        _ => return bad_verb(verb, &Value::Float(f)),
    };
    let s = sign(s, spec, f >= 0.0);
    pad(&s, spec, true)
}

fn format_e(f: f64, prec: usize) -> String {
    let s = format!("{f:.prec$e}");
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    format!("{mant}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
}

fn format_g_prec(f: f64, prec: usize) -> String {
    let prec = prec.max(1);
    if f == 0.0 {
        return "0".into();
    }
    let e = format_e(f, prec - 1);
    let exp: i32 = e
        .rsplit_once('e')
        .and_then(|(_, x)| x.parse().ok())
        .unwrap_or(0);
    let p = i32::try_from(prec).unwrap_or(i32::MAX);
    if exp < -4 || exp >= p {
        let (mant, ex) = e.split_once('e').unwrap_or((&e, ""));
        let mant = if mant.contains('.') {
            mant.trim_end_matches('0').trim_end_matches('.')
        } else {
            mant
        };
        format!("{mant}e{ex}")
    } else {
        let decimals = usize::try_from(p - 1 - exp).unwrap_or(0);
        let s = format!("{f:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

fn hex_bytes(s: &str, upper: bool) -> String {
    s.bytes()
        .fold(String::with_capacity(s.len() * 2), |mut o, b| {
            let _ = if upper {
                write!(o, "{b:02X}")
            } else {
                write!(o, "{b:02x}")
            };
            o
        })
}

fn fmt_str(s: &str, verb: char, spec: Spec) -> String {
    let s: String = match spec.prec {
        Some(p) if verb != 'x' && verb != 'X' => s.chars().take(p).collect(),
        _ => s.to_string(),
    };
    match verb {
        's' | 'v' => pad(&s, spec, false),
        'q' => pad(&quote(&s), spec, false),
        'x' => pad(&hex_bytes(&s, false), spec, false),
        'X' => pad(&hex_bytes(&s, true), spec, false),
        _ => bad_verb(verb, &Value::from(s.as_str())),
    }
}

/// One argument under one verb.
fn fmt_value(v: &Value, verb: char, spec: Spec) -> String {
    if verb == 'T' {
        return pad(v.type_name(), spec, false);
    }
    match v {
        Value::Nil => match verb {
            'v' | 's' => pad("<nil>", spec, false),
            _ => bad_verb(verb, v),
        },
        Value::Bool(b) => match verb {
            'v' | 't' => pad(if *b { "true" } else { "false" }, spec, false),
            _ => bad_verb(verb, v),
        },
        Value::Int(i) => fmt_int(*i, false, verb, spec),
        Value::Int64(i) => fmt_int(*i, true, verb, spec),
        Value::Float(f) => fmt_float(*f, verb, spec),
        Value::Str(s) => fmt_str(s, verb, spec),
        Value::Bytes(b) => match verb {
            's' | 'q' | 'x' | 'X' => fmt_str(&String::from_utf8_lossy(b), verb, spec),
            _ => pad(&v.go_string(), spec, false),
        },
        Value::List(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|i| {
                    fmt_value(
                        i,
                        verb,
                        Spec {
                            width: None,
                            ..spec
                        },
                    )
                })
                .collect();
            pad(&format!("[{}]", parts.join(" ")), spec, false)
        }
        Value::Map(m) => {
            let parts: Vec<String> = m
                .borrow()
                .iter()
                .map(|(k, i)| {
                    format!(
                        "{}:{}",
                        fmt_str(k, verb, Spec::default()),
                        fmt_value(i, verb, Spec::default())
                    )
                })
                .collect();
            pad(&format!("map[{}]", parts.join(" ")), spec, false)
        }
        Value::Object(o) => match verb {
            'v' | 's' => pad(&o.display(), spec, false),
            'q' => pad(&quote(&o.display()), spec, false),
            _ => bad_verb(verb, v),
        },
    }
}

/// Go's `fmt.Sprintf`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::with_capacity(format.len() + 16);
    let mut chars = format.chars().peekable();
    let mut next = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        loop {
            match chars.peek() {
                Some('-') => spec.minus = true,
                Some('+') => spec.plus = true,
                Some(' ') => spec.space = true,
                Some('0') => spec.zero = true,
                Some('#') => spec.sharp = true,
                _ => break,
            }
            chars.next();
        }
        let num = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
                   next: &mut usize|
         -> Option<usize> {
            if chars.peek() == Some(&'*') {
                chars.next();
                let v = args.get(*next).map(Value::to_i64);
                *next += 1;
                return v.and_then(|v| usize::try_from(v).ok());
            }
            let mut n: Option<usize> = None;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                n = Some(
                    n.unwrap_or(0)
                        .saturating_mul(10)
                        .saturating_add(d as usize)
                        .min(10_000),
                );
                chars.next();
            }
            n
        };
        spec.width = num(&mut chars, &mut next);
        if chars.peek() == Some(&'.') {
            chars.next();
            spec.prec = Some(num(&mut chars, &mut next).unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        match args.get(next) {
            Some(arg) => out.push_str(&fmt_value(arg, verb, spec)),
            None => {
                let _ = write!(out, "%!{verb}(MISSING)");
            }
        }
        next += 1;
    }
    if next < args.len() {
        out.push_str("%!(EXTRA ");
        let extras: Vec<String> = args[next..]
            .iter()
            .map(|a| match a {
                Value::Nil => "<nil>".to_string(),
                a => format!("{}={}", a.type_name(), a.go_string()),
            })
            .collect();
        out.push_str(&extras.join(", "));
        out.push(')');
    }
    out
}

/// Go's `fmt.Sprint`: spaces between operands when neither is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 && !matches!(a, Value::Str(_)) && !matches!(args[i - 1], Value::Str(_)) {
            out.push(' ');
        }
        out.push_str(&a.go_string());
    }
    out
}

/// Go's `fmt.Sprintln`: always spaces, then a newline.
pub fn sprintln(args: &[Value]) -> String {
    let parts: Vec<String> = args.iter().map(Value::go_string).collect();
    let mut out = parts.join(" ");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_like_go() {
        assert_eq!(format_float_g(1_000_000.0), "1e+06");
        assert_eq!(format_float_g(123_456_789.0), "1.23456789e+08");
        assert_eq!(format_float_g(8080.0), "8080");
        assert_eq!(format_float_g(0.5), "0.5");
        assert_eq!(format_float_g(0.000_012), "1.2e-05");
        assert_eq!(format_float_g(3.0), "3");
        assert_eq!(format_float_shortest(1_000_000.0, 21), "1000000");
    }

    #[test]
    fn printf_like_go() {
        let args = [
            Value::Float(3.04159),
            Value::Int(7),
            Value::Int(255),
            Value::from("hi"),
            Value::Int(8),
        ];
        assert_eq!(
            sprintf("%5.2f|%-4d|%x|%X|%o", &args),
            " 3.04|7   |ff|6869|10"
        );
        assert_eq!(sprintf("%s %d", &[Value::from("x")]), "x %!d(MISSING)");
        assert_eq!(sprintf("%d", &[Value::from("s")]), "%!d(string=s)");
        assert_eq!(
            sprintf("%e|%g", &[Value::Float(1234.5), Value::Float(0.000_012)]),
            "1.234500e+03|1.2e-05"
        );
        assert_eq!(
            sprintf(
                "%q",
                &[Value::from(vec![
                    Value::from("a"),
                    Value::Float(1.0),
                    Value::Bool(true)
                ])]
            ),
            "[\"a\" %!q(float64=1) %!q(bool=true)]"
        );
        assert_eq!(
            sprintf(
                "%c|%U|%t|%%",
                &[Value::Int(65), Value::Int(65), Value::Bool(true)]
            ),
            "A|U+0041|true|%"
        );
    }
}
