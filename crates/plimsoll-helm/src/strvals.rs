//! Helm's `--set` syntax (strvals): `a.b=c`, `a[0]=x`, `a={x,y}`, `\,` and
//! `\.` escapes; values typed like Helm (`true`, `false`, `null`, int64)
//! unless `--set-string`.

use crate::value::{Map, Value};

/// Applies one `--set` argument (`k=v,k2=v2`) to `into`.
pub fn parse_into(arg: &str, into: &mut Map, typed: bool) -> Result<(), String> {
    for pair in split_unescaped(arg, ',', true) {
        if pair.is_empty() {
            continue;
        }
        let Some((key, value)) = split_key_value(&pair) else {
            return Err(format!("key {pair:?} has no value"));
        };
        let value = if let Some(list) = value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
            Value::from(
                split_unescaped(list, ',', false)
                    .into_iter()
                    .map(|s| typed_value(&unescape(&s), typed))
                    .collect::<Vec<_>>(),
            )
        } else {
            typed_value(&unescape(&value), typed)
        };
        let path = parse_key(&key)?;
        set(into, &path, value, 0)?;
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

fn split_key_value(pair: &str) -> Option<(String, String)> {
    let mut escaped = false;
    for (i, c) in pair.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '=' => return Some((pair[..i].to_string(), pair[i + 1..].to_string())),
            _ => {}
        }
    }
    None
}

/// Splits on `sep` not preceded by a backslash (and, when `braces`, not
/// inside `{...}`); escapes are kept for later.
fn split_unescaped(s: &str, sep: char, braces: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut escaped = false;
    let mut depth = 0i32;
    for c in s.chars() {
        if escaped {
            cur.push('\\');
            cur.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '{' if braces => {
                depth += 1;
                cur.push(c);
            }
            '}' if braces => {
                depth -= 1;
                cur.push(c);
            }
            c if c == sep && depth <= 0 => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    if escaped {
        cur.push('\\');
    }
    out.push(cur);
    out
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn parse_key(key: &str) -> Result<Vec<Seg>, String> {
    let mut segs = Vec::new();
    let mut cur = String::new();
    let mut chars = key.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '.' => {
                if !cur.is_empty() {
                    segs.push(Seg::Key(std::mem::take(&mut cur)));
                }
            }
            '[' => {
                if !cur.is_empty() {
                    segs.push(Seg::Key(std::mem::take(&mut cur)));
                }
                let mut num = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    num.push(d);
                }
                let i: usize = num
                    .trim()
                    .parse()
                    .map_err(|_| format!("failed to parse index {num:?} in key {key:?}"))?;
                if i > 65_536 {
                    return Err(format!(
                        "index of {i} is greater than maximum supported index of 65536"
                    ));
                }
                segs.push(Seg::Index(i));
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        segs.push(Seg::Key(cur));
    }
    if segs.is_empty() {
        return Err(format!("key {key:?} is empty"));
    }
    Ok(segs)
}

fn typed_value(v: &str, typed: bool) -> Value {
    if !typed {
        return Value::from(v);
    }
    if v.eq_ignore_ascii_case("true") {
        return Value::Bool(true);
    }
    if v.eq_ignore_ascii_case("false") {
        return Value::Bool(false);
    }
    if v.eq_ignore_ascii_case("null") {
        return Value::Nil;
    }
    if v == "0" {
        return Value::Int64(0);
    }
    if !v.is_empty()
        && !v.starts_with('0')
        && let Ok(i) = v.parse::<i64>()
    {
        return Value::Int64(i);
    }
    Value::from(v)
}

fn set_in_value(slot: &Value, rest: &[Seg], v: Value, depth: usize) -> Result<Value, String> {
    let Some(first) = rest.first() else {
        return Ok(v);
    };
    if depth > 64 {
        return Err("key nested too deeply".into());
    }
    match first {
        Seg::Key(_) => {
            let mut m = slot
                .as_map()
                .map(|m| m.borrow().clone())
                .unwrap_or_default();
            set(&mut m, rest, v, depth + 1)?;
            Ok(Value::from(m))
        }
        Seg::Index(i) => {
            let mut l = slot.list_items().unwrap_or_default();
            if l.len() <= *i {
                l.resize(*i + 1, Value::Nil);
            }
            let old = std::mem::take(&mut l[*i]);
            l[*i] = set_in_value(&old, &rest[1..], v, depth + 1)?;
            Ok(Value::from(l))
        }
    }
}

fn set(m: &mut Map, path: &[Seg], v: Value, depth: usize) -> Result<(), String> {
    match path {
        [Seg::Key(k)] => {
            m.insert(k.clone(), v);
            Ok(())
        }
        [Seg::Key(k), rest @ ..] => {
            let old = m.remove(k).unwrap_or_default();
            let new = set_in_value(&old, rest, v, depth)?;
            m.insert(k.clone(), new);
            Ok(())
        }
        _ => Err("a --set key must start with a name".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        let mut m = Map::new();
        parse_into(s, &mut m, true).expect("parse");
        crate::serial::to_json(&Value::from(m), false, false)
    }

    #[test]
    fn helm_strvals() {
        assert_eq!(p("a.b=c,d=1"), r#"{"a":{"b":"c"},"d":1}"#);
        assert_eq!(p("a[1]=x"), r#"{"a":[null,"x"]}"#);
        assert_eq!(p("a={x,y}"), r#"{"a":["x","y"]}"#);
        assert_eq!(p(r"a=x\,y"), r#"{"a":"x,y"}"#);
        assert_eq!(p(r"a\.b=1.5"), r#"{"a.b":"1.5"}"#);
        assert_eq!(
            p("a=true,b=null,c=007,d="),
            r#"{"a":true,"b":null,"c":"007","d":""}"#
        );
        assert_eq!(p("a[0].b=1"), r#"{"a":[{"b":1}]}"#);
        assert_eq!(p("e={}"), r#"{"e":[""]}"#);
        assert_eq!(p("x=1e3,y=-5,w=TRUE"), r#"{"w":true,"x":"1e3","y":-5}"#);
    }
}
