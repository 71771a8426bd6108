//! Built-in, Sprig and Helm functions (all but `include`/`tpl` and the
//! comparison built-ins, which live in the evaluator).

use crate::gofmt;
use crate::semver;
use crate::serial;
use crate::value::{Map, Value, parse_go_int, values_equal};
use base64::Engine as _;
use std::fmt::Write as _;
use std::rc::Rc;

/// State functions may use: the clock and the random source. Both are
/// injectable so renders can be reproduced in tests.
#[derive(Debug, Clone)]
pub struct FuncEnv {
    /// Seconds since the Unix epoch (UTC) that `now` returns.
    pub now: i64,
    /// Nanoseconds part of `now`.
    pub now_nanos: u32,
    rng: u64,
}

impl Default for FuncEnv {
    fn default() -> Self {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let seed = u64::try_from(t.as_nanos() & u128::from(u64::MAX)).unwrap_or(1) | 1;
        FuncEnv {
            now: i64::try_from(t.as_secs()).unwrap_or(0),
            now_nanos: t.subsec_nanos(),
            rng: seed,
        }
    }
}

impl FuncEnv {
    /// A fixed clock and seed: the same render every time.
    pub fn fixed(now: i64, seed: u64) -> FuncEnv {
        FuncEnv {
            now,
            now_nanos: 0,
            rng: seed | 1,
        }
    }

    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

const NAMES: &[&str] = &[
    // Go built-ins and Helm's evaluator-level functions.
    "and",
    "or",
    "not",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
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
    "include",
    "tpl",
    "required",
    "fail",
    "lookup",
    // Serialisation.
    "toYaml",
    "toYamlPretty",
    "mustToYaml",
    "fromYaml",
    "fromYamlArray",
    "toJson",
    "mustToJson",
    "fromJson",
    "fromJsonArray",
    "mustFromJson",
    "toPrettyJson",
    "mustToPrettyJson",
    "toRawJson",
    "mustToRawJson",
    "toToml",
    // Strings.
    "trim",
    "trimAll",
    "trimSuffix",
    "trimPrefix",
    "upper",
    "lower",
    "title",
    "untitle",
    "replace",
    "contains",
    "hasPrefix",
    "hasSuffix",
    "quote",
    "squote",
    "cat",
    "indent",
    "nindent",
    "trunc",
    "abbrev",
    "abbrevboth",
    "substr",
    "repeat",
    "splitList",
    "split",
    "splitn",
    "join",
    "regexMatch",
    "mustRegexMatch",
    "regexFind",
    "mustRegexFind",
    "regexFindAll",
    "mustRegexFindAll",
    "regexReplaceAll",
    "mustRegexReplaceAll",
    "regexReplaceAllLiteral",
    "mustRegexReplaceAllLiteral",
    "regexSplit",
    "mustRegexSplit",
    "regexQuoteMeta",
    "snakecase",
    "camelcase",
    "kebabcase",
    "swapcase",
    "nospace",
    "wrap",
    "wrapWith",
    "plural",
    "initials",
    "shuffle",
    "toString",
    "toStrings",
    "atoi",
    "int",
    "int64",
    "float64",
    "toDecimal",
    "b64enc",
    "b64dec",
    "sha256sum",
    "sha1sum",
    "adler32sum",
    "base",
    "dir",
    "ext",
    "clean",
    "isAbs",
    // Lists.
    "list",
    "tuple",
    "first",
    "mustFirst",
    "last",
    "mustLast",
    "rest",
    "mustRest",
    "initial",
    "mustInitial",
    "append",
    "mustAppend",
    "push",
    "mustPush",
    "prepend",
    "mustPrepend",
    "concat",
    "reverse",
    "mustReverse",
    "uniq",
    "mustUniq",
    "without",
    "mustWithout",
    "has",
    "mustHas",
    "compact",
    "mustCompact",
    "mustSlice",
    "sortAlpha",
    "until",
    "untilStep",
    "seq",
    "chunk",
    "mustChunk",
    // Dicts.
    "dict",
    "get",
    "set",
    "unset",
    "hasKey",
    "keys",
    "values",
    "pluck",
    "pick",
    "omit",
    "merge",
    "mustMerge",
    "mergeOverwrite",
    "mustMergeOverwrite",
    "deepCopy",
    "mustDeepCopy",
    "dig",
    "deepEqual",
    // Math.
    "add",
    "add1",
    "sub",
    "mul",
    "div",
    "mod",
    "max",
    "min",
    "floor",
    "ceil",
    "round",
    "addf",
    "add1f",
    "subf",
    "mulf",
    "divf",
    "maxf",
    "minf",
    "biggest",
    // Logic and types.
    "default",
    "empty",
    "coalesce",
    "ternary",
    "all",
    "any",
    "typeOf",
    "kindOf",
    "kindIs",
    "typeIs",
    "typeIsLike",
    // Versions.
    "semver",
    "semverCompare",
    // Time and randomness.
    "now",
    "date",
    "dateInZone",
    "htmlDate",
    "htmlDateInZone",
    "toDate",
    "mustToDate",
    "unixEpoch",
    "dateModify",
    "ago",
    "uuidv4",
    "randAlphaNum",
    "randAlpha",
    "randNumeric",
    "randAscii",
    "randInt",
    // Certificates (placeholders).
    "urlParse",
    "urlJoin",
    "genCA",
    "genSelfSignedCert",
    "genSignedCert",
    "genPrivateKey",
    "buildCustomCert",
    "derivePassword",
];

/// Whether `name` is a known function (the parser rejects others, like Go).
pub fn exists(name: &str) -> bool {
    NAMES.contains(&name)
}

type FResult = Result<Value, String>;

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or_default()
}

fn want(name: &str, args: &[Value], n: usize) -> Result<(), String> {
    if args.len() == n {
        Ok(())
    } else {
        Err(format!(
            "wrong number of args for {name}: want {n} got {}",
            args.len()
        ))
    }
}

fn s(v: &Value) -> String {
    v.to_str()
}

fn int(i: usize) -> Value {
    Value::Int(i64::try_from(i).unwrap_or(i64::MAX))
}

/// Sprig's `strslice`: a list's items as strings (nil skipped), a string as one.
fn strslice(v: &Value) -> Vec<String> {
    match v {
        Value::List(items) => items
            .iter()
            .filter(|x| !x.is_nil())
            .map(Value::to_str)
            .collect(),
        Value::Nil => Vec::new(),
        other => vec![other.to_str()],
    }
}

fn list_of(name: &str, v: &Value) -> Result<Vec<Value>, String> {
    match v {
        Value::List(items) => Ok(items.as_ref().clone()),
        Value::Bytes(_) => Ok(v.list_items().unwrap_or_default()),
        Value::Nil => Ok(Vec::new()),
        other => Err(format!("Cannot {name} on type {}", other.type_name())),
    }
}

/// Compiled regexes by pattern, shared by every render of the process:
/// charts call `regexMatch` and friends with the same few patterns in every
/// template and render (bitnami's common library in each chart), and
/// compiling costs far more than matching. Bounded: cleared when full.
const REGEX_CACHE_MAX: usize = 512;

type RegexCache = std::collections::HashMap<String, Result<regex::Regex, String>>;

static REGEX_CACHE: std::sync::LazyLock<std::sync::Mutex<RegexCache>> =
    std::sync::LazyLock::new(|| std::sync::Mutex::new(RegexCache::new()));

fn regex(pat: &str) -> Result<regex::Regex, String> {
    let mut cache = REGEX_CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(r) = cache.get(pat) {
        return r.clone();
    }
    let r = regex::RegexBuilder::new(pat)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| e.to_string());
    if cache.len() >= REGEX_CACHE_MAX {
        cache.clear();
    }
    cache.insert(pat.to_string(), r.clone());
    r
}

/// Runs function `name`; `None` when unknown.
pub fn call(name: &str, args: &[Value], env: &mut FuncEnv) -> Option<FResult> {
    Some(match name {
        "len" => {
            if let Err(e) = want(name, args, 1) {
                return Some(Err(e));
            }
            match &args[0] {
                Value::Str(x) => Ok(int(x.len())),
                Value::List(x) => Ok(int(x.len())),
                Value::Map(m) => Ok(int(m.borrow().len())),
                Value::Bytes(b) => Ok(int(b.len())),
                Value::Object(o) if o.entries().is_some() => {
                    Ok(int(o.entries().map_or(0, |e| e.len())))
                }
                Value::Nil => Err("len of nil pointer".into()),
                other => Err(format!("len of type {}", other.type_name())),
            }
        }
        "index" => index(args),
        "slice" | "mustSlice" => slice(args),
        "print" => Ok(Value::from(gofmt::sprint(args))),
        "printf" => match args.split_first() {
            Some((f, rest)) => Ok(Value::from(gofmt::sprintf(&s(f), rest))),
            None => Err("wrong number of args for printf: want at least 1 got 0".into()),
        },
        "println" => Ok(Value::from(gofmt::sprintln(args))),
        "html" => Ok(Value::from(html_escape(&gofmt::sprint(args)))),
        "js" => Ok(Value::from(js_escape(&gofmt::sprint(args)))),
        "urlquery" => Ok(Value::from(urlquery(&gofmt::sprint(args)))),
        "required" => {
            if let Err(e) = want(name, args, 2) {
                return Some(Err(e));
            }
            match &args[1] {
                Value::Nil => Err(s(&args[0])),
                Value::Str(x) if x.is_empty() => Err(s(&args[0])),
                v => Ok(v.clone()),
            }
        }
        "fail" => Err(s(&arg(args, 0))),
        "lookup" => Ok(Value::new_map()),
        "toYamlPretty" => Ok(Value::from(
            serial::to_yaml_pretty(&arg(args, 0))
                .trim_end_matches('\n')
                .to_string(),
        )),
        "toYaml" | "mustToYaml" => Ok(Value::from(
            serial::to_yaml(&arg(args, 0))
                .trim_end_matches('\n')
                .to_string(),
        )),
        "fromYaml" => Ok(match serial::from_yaml(&s(&arg(args, 0))) {
            Ok(Value::Map(m)) => Value::Map(m),
            Ok(Value::Nil) => Value::new_map(),
            Ok(_) => error_map(
                "error unmarshaling JSON: json: cannot unmarshal into Go value of type map[string]interface {}",
            ),
            Err(e) => error_map(&e),
        }),
        "fromYamlArray" => Ok(match serial::from_yaml(&s(&arg(args, 0))) {
            Ok(Value::List(l)) => Value::List(l),
            Ok(Value::Nil) => Value::from(Vec::new()),
            Ok(_) => Value::from(vec![Value::from(
                "error unmarshaling JSON: json: cannot unmarshal into Go value of type []interface {}",
            )]),
            Err(e) => Value::from(vec![Value::from(e)]),
        }),
        "toJson" | "mustToJson" => Ok(Value::from(serial::to_json(&arg(args, 0), true, false))),
        "toRawJson" | "mustToRawJson" => {
            Ok(Value::from(serial::to_json(&arg(args, 0), false, false)))
        }
        "toPrettyJson" | "mustToPrettyJson" => {
            Ok(Value::from(serial::to_json(&arg(args, 0), true, true)))
        }
        "fromJson" | "mustFromJson" => Ok(match serial::from_json(&s(&arg(args, 0))) {
            Ok(Value::Map(m)) => Value::Map(m),
            Ok(_) => {
                error_map("json: cannot unmarshal into Go value of type map[string]interface {}")
            }
            Err(e) => error_map(&e),
        }),
        "fromJsonArray" => Ok(match serial::from_json(&s(&arg(args, 0))) {
            Ok(Value::List(l)) => Value::List(l),
            Ok(_) => Value::from(vec![Value::from(
                "json: cannot unmarshal into Go value of type []interface {}",
            )]),
            Err(e) => Value::from(vec![Value::from(e)]),
        }),
        "toToml" => Ok(Value::from(serial::to_toml(&arg(args, 0)))),
        _ => {
            return strings(name, args, env)
                .or_else(|| lists(name, args))
                .or_else(|| dicts(name, args))
                .or_else(|| math(name, args))
                .or_else(|| misc(name, args, env));
        }
    })
}

fn error_map(msg: &str) -> Value {
    let mut m = Map::new();
    m.insert("Error".into(), Value::from(msg));
    Value::from(m)
}

fn index(args: &[Value]) -> FResult {
    let Some((base, keys)) = args.split_first() else {
        return Err("wrong number of args for index: want at least 1 got 0".into());
    };
    let mut v = base.clone();
    for k in keys {
        v = match &v {
            Value::Map(m) => m.borrow().get(&k.to_str()).cloned().unwrap_or(Value::Nil),
            Value::List(l) => {
                let i = match k {
                    Value::Int(i) | Value::Int64(i) => *i,
                    Value::Float(_) | Value::Str(_) | Value::Bool(_) | Value::Nil => {
                        return Err(format!(
                            "cannot index slice/array with type {}",
                            k.type_name()
                        ));
                    }
                    _ => return Err("cannot index slice/array with nil".into()),
                };
                let idx = usize::try_from(i)
                    .ok()
                    .filter(|&i| i < l.len())
                    .ok_or_else(|| format!("error calling index: index out of range: {i}"))?;
                l[idx].clone()
            }
            Value::Str(st) => {
                let i = usize::try_from(k.to_i64())
                    .ok()
                    .filter(|&i| i < st.len())
                    .ok_or("index out of range")?;
                Value::Int(i64::from(st.as_bytes()[i]))
            }
            Value::Nil => return Err("index of untyped nil".into()),
            other => return Err(format!("can't index item of type {}", other.type_name())),
        };
    }
    Ok(v)
}

fn slice(args: &[Value]) -> FResult {
    let Some((base, idx)) = args.split_first() else {
        return Err("wrong number of args for slice".into());
    };
    let bound = |i: usize, len: usize| -> Result<usize, String> {
        let v = idx.get(i).map_or(
            if i == 0 {
                0
            } else {
                i64::try_from(len).unwrap_or(0)
            },
            Value::to_i64,
        );
        usize::try_from(v)
            .ok()
            .filter(|&v| v <= len)
            .ok_or_else(|| format!("index out of range: {v}"))
    };
    match base {
        Value::Str(st) => {
            let (a, b) = (bound(0, st.len())?, bound(1, st.len())?);
            st.get(a..b.max(a))
                .map(Value::from)
                .ok_or_else(|| "invalid slice index".into())
        }
        Value::List(l) => {
            let (a, b) = (bound(0, l.len())?, bound(1, l.len())?);
            Ok(Value::from(l.get(a..b.max(a)).unwrap_or(&[]).to_vec()))
        }
        Value::Nil => Ok(Value::Nil),
        other => Err(format!(
            "list should be type of slice or array but {}",
            other.type_name()
        )),
    }
}

fn html_escape(t: &str) -> String {
    let mut o = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '&' => o.push_str("&amp;"),
            '\'' => o.push_str("&#39;"),
            '"' => o.push_str("&#34;"),
            '\0' => o.push('\u{fffd}'),
            c => o.push(c),
        }
    }
    o
}

fn js_escape(t: &str) -> String {
    let mut o = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '\'' => o.push_str("\\'"),
            '"' => o.push_str("\\\""),
            '<' => o.push_str("\\u003C"),
            '>' => o.push_str("\\u003E"),
            '&' => o.push_str("\\u0026"),
            '=' => o.push_str("\\u003D"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(o, "\\u{:04X}", c as u32);
            }
            c => o.push(c),
        }
    }
    o
}

fn urlquery(t: &str) -> String {
    let mut o = String::new();
    for b in t.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                o.push(char::from(b));
            }
            b' ' => o.push('+'),
            b => {
                let _ = write!(o, "%{b:02X}");
            }
        }
    }
    o
}

fn go_title(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut prev_letter = false;
    for c in t.chars() {
        if !prev_letter && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev_letter = c == '_' || !(c.is_whitespace() || (c.is_ascii_punctuation() && c != '\''));
        if c.is_whitespace() {
            prev_letter = false;
        }
    }
    out
}

/// Splits camel/snake/kebab text into lower-case words.
fn words(t: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = t.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn strings(name: &str, args: &[Value], env: &mut FuncEnv) -> Option<FResult> {
    let a0 = || arg(args, 0);
    let last = || args.last().cloned().unwrap_or_default();
    Some(Ok(match name {
        "trim" => Value::from(
            s(&a0())
                .trim_matches(|c: char| c.is_whitespace())
                .to_string(),
        ),
        "trimAll" => {
            let cut: Vec<char> = s(&a0()).chars().collect();
            Value::from(
                s(&arg(args, 1))
                    .trim_matches(|c| cut.contains(&c))
                    .to_string(),
            )
        }
        "trimSuffix" => {
            let (suf, t) = (s(&a0()), s(&arg(args, 1)));
            Value::from(t.strip_suffix(suf.as_str()).unwrap_or(&t).to_string())
        }
        "trimPrefix" => {
            let (pre, t) = (s(&a0()), s(&arg(args, 1)));
            Value::from(t.strip_prefix(pre.as_str()).unwrap_or(&t).to_string())
        }
        "upper" => Value::from(s(&a0()).to_uppercase()),
        "lower" => Value::from(s(&a0()).to_lowercase()),
        "title" => Value::from(go_title(&s(&a0()))),
        "untitle" => Value::from(
            s(&a0())
                .split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_lowercase().chain(c).collect::<String>())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join(" "),
        ),
        "replace" => Value::from(s(&arg(args, 2)).replace(&s(&a0()), &s(&arg(args, 1)))),
        "contains" => Value::Bool(s(&arg(args, 1)).contains(&s(&a0()))),
        "hasPrefix" => Value::Bool(s(&arg(args, 1)).starts_with(&s(&a0()))),
        "hasSuffix" => Value::Bool(s(&arg(args, 1)).ends_with(&s(&a0()))),
        "quote" => Value::from(
            args.iter()
                .filter(|v| !v.is_nil())
                .map(|v| gofmt::quote(&v.to_str()))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        "squote" => Value::from(
            args.iter()
                .filter(|v| !v.is_nil())
                .map(|v| format!("'{}'", v.to_str()))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        "cat" => Value::from(
            args.iter()
                .filter(|v| !v.is_nil())
                .map(Value::to_str)
                .collect::<Vec<_>>()
                .join(" "),
        ),
        "indent" | "nindent" => {
            let n = usize::try_from(a0().to_i64()).unwrap_or(0).min(10_000);
            let text = s(&arg(args, 1));
            if n.saturating_mul(text.matches('\n').count() + 1)
                .saturating_add(text.len())
                > 64 << 20
            {
                return Some(Err("indent: result too large".into()));
            }
            let pad = " ".repeat(n);
            let body = format!(
                "{pad}{}",
                s(&arg(args, 1)).replace('\n', &format!("\n{pad}"))
            );
            Value::from(if name == "nindent" {
                format!("\n{body}")
            } else {
                body
            })
        }
        "trunc" => {
            let n = a0().to_i64();
            let t = s(&arg(args, 1));
            let len = i64::try_from(t.len()).unwrap_or(i64::MAX);
            let out = if n < 0 && -n < len {
                t.get(usize::try_from(len + n).unwrap_or(0)..)
                    .unwrap_or(&t)
                    .to_string()
            } else if n >= 0 && n < len {
                t.get(..usize::try_from(n).unwrap_or(0))
                    .unwrap_or(&t)
                    .to_string()
            } else {
                t
            };
            Value::from(out)
        }
        "abbrev" => {
            let w = usize::try_from(a0().to_i64()).unwrap_or(0);
            let t = s(&arg(args, 1));
            if w < 4 || t.len() <= w {
                Value::from(t)
            } else {
                Value::from(format!("{}...", t.get(..w - 3).unwrap_or("")))
            }
        }
        "abbrevboth" => Value::from(s(&arg(args, 2))),
        "substr" => {
            let (start, end) = (a0().to_i64(), arg(args, 1).to_i64());
            let t = s(&arg(args, 2));
            let len = i64::try_from(t.len()).unwrap_or(0);
            let u = |x: i64| usize::try_from(x).unwrap_or(0);
            let out = if start < 0 {
                t.get(..u(end.min(len))).unwrap_or("")
            } else if end < 0 || end > len {
                t.get(u(start.min(len))..).unwrap_or("")
            } else {
                t.get(u(start)..u(end.max(start))).unwrap_or("")
            };
            Value::from(out.to_string())
        }
        "repeat" => {
            let n = usize::try_from(a0().to_i64()).unwrap_or(0);
            let t = s(&arg(args, 1));
            if n.saturating_mul(t.len()) > 16 << 20 {
                return Some(Err("repeat count too large".into()));
            }
            Value::from(t.repeat(n))
        }
        "splitList" => Value::from(
            s(&arg(args, 1))
                .split(s(&a0()).as_str())
                .map(Value::from)
                .collect::<Vec<_>>(),
        ),
        "split" => {
            let mut m = Map::new();
            for (i, p) in s(&arg(args, 1)).split(s(&a0()).as_str()).enumerate() {
                m.insert(format!("_{i}"), Value::from(p));
            }
            Value::from(m)
        }
        "splitn" => {
            let n = usize::try_from(arg(args, 1).to_i64()).unwrap_or(0);
            let mut m = Map::new();
            for (i, p) in s(&arg(args, 2)).splitn(n, s(&a0()).as_str()).enumerate() {
                m.insert(format!("_{i}"), Value::from(p));
            }
            Value::from(m)
        }
        "join" => Value::from(strslice(&arg(args, 1)).join(&s(&a0()))),
        "regexMatch" | "mustRegexMatch" => match regex(&s(&a0())) {
            Ok(r) => Value::Bool(r.is_match(&s(&arg(args, 1)))),
            Err(e) => return Some(Err(e)),
        },
        "regexFind" | "mustRegexFind" => match regex(&s(&a0())) {
            Ok(r) => Value::from(
                r.find(&s(&arg(args, 1)))
                    .map_or("", |m| m.as_str())
                    .to_string(),
            ),
            Err(e) => return Some(Err(e)),
        },
        "regexFindAll" | "mustRegexFindAll" => match regex(&s(&a0())) {
            Ok(r) => {
                let t = s(&arg(args, 1));
                let n = arg(args, 2).to_i64();
                let take = if n < 0 {
                    usize::MAX
                } else {
                    usize::try_from(n).unwrap_or(0)
                };
                Value::from(
                    r.find_iter(&t)
                        .take(take)
                        .map(|m| Value::from(m.as_str()))
                        .collect::<Vec<_>>(),
                )
            }
            Err(e) => return Some(Err(e)),
        },
        "regexReplaceAll" | "mustRegexReplaceAll" => match regex(&s(&a0())) {
            Ok(r) => Value::from(
                r.replace_all(&s(&arg(args, 1)), s(&arg(args, 2)).as_str())
                    .into_owned(),
            ),
            Err(e) => return Some(Err(e)),
        },
        "regexReplaceAllLiteral" | "mustRegexReplaceAllLiteral" => match regex(&s(&a0())) {
            Ok(r) => Value::from(
                r.replace_all(&s(&arg(args, 1)), regex::NoExpand(&s(&arg(args, 2))))
                    .into_owned(),
            ),
            Err(e) => return Some(Err(e)),
        },
        "regexSplit" | "mustRegexSplit" => match regex(&s(&a0())) {
            Ok(r) => {
                let t = s(&arg(args, 1));
                let n = arg(args, 2).to_i64();
                let parts: Vec<Value> = if n < 0 {
                    r.split(&t).map(Value::from).collect()
                } else {
                    r.splitn(&t, usize::try_from(n).unwrap_or(0))
                        .map(Value::from)
                        .collect()
                };
                Value::from(parts)
            }
            Err(e) => return Some(Err(e)),
        },
        "regexQuoteMeta" => Value::from(regex::escape(&s(&a0()))),
        "snakecase" => Value::from(words(&s(&a0())).join("_")),
        "kebabcase" => Value::from(words(&s(&a0())).join("-")),
        "camelcase" => Value::from(
            s(&a0())
                .split('_')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect::<String>())
                        .unwrap_or_default()
                })
                .collect::<String>(),
        ),
        "swapcase" => Value::from(
            s(&a0())
                .chars()
                .flat_map(|c| {
                    if c.is_uppercase() {
                        c.to_lowercase().collect::<Vec<_>>()
                    } else {
                        c.to_uppercase().collect()
                    }
                })
                .collect::<String>(),
        ),
        "nospace" => Value::from(
            s(&a0())
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>(),
        ),
        "wrap" | "wrapWith" => {
            let width = usize::try_from(a0().to_i64()).unwrap_or(1).max(1);
            let (sep, t) = if name == "wrap" {
                ("\n".to_string(), s(&arg(args, 1)))
            } else {
                (s(&arg(args, 1)), s(&arg(args, 2)))
            };
            Value::from(wrap(&t, width, &sep))
        }
        "plural" => Value::from(if arg(args, 2).to_i64() == 1 {
            s(&a0())
        } else {
            s(&arg(args, 1))
        }),
        "initials" => Value::from(
            s(&a0())
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .collect::<String>(),
        ),
        "shuffle" => {
            let mut c: Vec<char> = s(&a0()).chars().collect();
            for i in (1..c.len()).rev() {
                let j = env.below(i + 1);
                c.swap(i, j);
            }
            Value::from(c.into_iter().collect::<String>())
        }
        "toString" => Value::from(s(&a0())),
        "toStrings" => Value::from(
            strslice(&a0())
                .into_iter()
                .map(Value::from)
                .collect::<Vec<_>>(),
        ),
        "atoi" => Value::Int(s(&a0()).trim().parse::<i64>().unwrap_or(0)),
        "int" => Value::Int(cast_int(&a0())),
        "int64" => Value::Int64(cast_int(&a0())),
        "float64" | "toDecimal" => Value::Float(a0().to_f64()),
        "b64enc" => Value::from(base64::engine::general_purpose::STANDARD.encode(s(&a0()))),
        "b64dec" => Value::from(
            match base64::engine::general_purpose::STANDARD.decode(s(&a0())) {
                Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                Err(e) => go_base64_error(&e),
            },
        ),
        "sha256sum" => {
            use sha2::Digest as _;
            Value::from(hex(&sha2::Sha256::digest(s(&a0()).as_bytes())))
        }
        "sha1sum" => {
            use sha1::Digest as _;
            Value::from(hex(&sha1::Sha1::digest(s(&a0()).as_bytes())))
        }
        "adler32sum" => Value::from(adler32(s(&a0()).as_bytes()).to_string()),
        "base" => Value::from(path_base(&s(&a0()))),
        "dir" => Value::from(path_dir(&s(&a0()))),
        "ext" => {
            let b = path_base(&s(&a0()));
            Value::from(b.rfind('.').map_or(String::new(), |i| b[i..].to_string()))
        }
        "clean" => Value::from(path_clean(&s(&a0()))),
        "isAbs" => Value::Bool(s(&a0()).starts_with('/')),
        _ => {
            let _ = last;
            return None;
        }
    }))
}

/// Go's `base64.CorruptInputError` text.
fn go_base64_error(e: &base64::DecodeError) -> String {
    let at = match e {
        base64::DecodeError::InvalidByte(i, _) | base64::DecodeError::InvalidLastSymbol(i, _) => *i,
        base64::DecodeError::InvalidLength(n) => *n,
        base64::DecodeError::InvalidPadding => 0,
    };
    format!("illegal base64 data at input byte {at}")
}

/// spf13/cast `ToInt`: strings parse with base prefixes, failures give 0.
fn cast_int(v: &Value) -> i64 {
    match v {
        Value::Str(x) => parse_go_int(x.trim()).unwrap_or(0),
        other => other.to_i64(),
    }
}

fn hex(b: &[u8]) -> String {
    b.iter()
        .fold(String::with_capacity(b.len() * 2), |mut o, x| {
            let _ = write!(o, "{x:02x}");
            o
        })
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

fn wrap(t: &str, width: usize, sep: &str) -> String {
    let mut out = String::new();
    for (li, line) in t.split('\n').enumerate() {
        if li > 0 {
            out.push('\n');
        }
        let mut col = 0;
        for (wi, w) in line.split(' ').filter(|w| !w.is_empty()).enumerate() {
            if wi > 0 {
                if col + 1 + w.len() > width {
                    out.push_str(sep);
                    col = 0;
                } else {
                    out.push(' ');
                    col += 1;
                }
            }
            out.push_str(w);
            col += w.len();
        }
    }
    out
}

fn path_clean(p: &str) -> String {
    let abs = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !abs {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let j = parts.join("/");
    match (abs, j.is_empty()) {
        (true, _) => format!("/{j}"),
        (false, true) => ".".into(),
        _ => j,
    }
}

fn path_base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

fn path_dir(p: &str) -> String {
    match p.rfind('/') {
        Some(i) => path_clean(&p[..=i]),
        None => ".".into(),
    }
}

fn lists(name: &str, args: &[Value]) -> Option<FResult> {
    let a0 = || arg(args, 0);
    let r: FResult = (|| {
        Ok(match name {
            "list" | "tuple" => Value::from(args.to_vec()),
            "first" | "mustFirst" => list_of("find first", &a0())?
                .first()
                .cloned()
                .unwrap_or_default(),
            "last" | "mustLast" => list_of("find last", &a0())?
                .last()
                .cloned()
                .unwrap_or_default(),
            "rest" | "mustRest" => {
                let l = list_of("find rest", &a0())?;
                if l.is_empty() {
                    Value::Nil
                } else {
                    Value::from(l[1..].to_vec())
                }
            }
            "initial" | "mustInitial" => {
                let l = list_of("find initial", &a0())?;
                if l.is_empty() {
                    Value::Nil
                } else {
                    Value::from(l[..l.len() - 1].to_vec())
                }
            }
            "append" | "mustAppend" | "push" | "mustPush" => {
                let mut l = list_of("push", &a0())?;
                l.push(arg(args, 1));
                Value::from(l)
            }
            "prepend" | "mustPrepend" => {
                let mut l = list_of("prepend", &a0())?;
                l.insert(0, arg(args, 1));
                Value::from(l)
            }
            "concat" => {
                let mut out = Vec::new();
                for a in args {
                    out.extend(list_of("concat", a)?);
                }
                Value::from(out)
            }
            "reverse" | "mustReverse" => {
                let mut l = list_of("find reverse", &a0())?;
                l.reverse();
                Value::from(l)
            }
            "uniq" | "mustUniq" => {
                let mut out: Vec<Value> = Vec::new();
                for x in list_of("find uniq", &a0())? {
                    if !out.iter().any(|y| values_equal(y, &x)) {
                        out.push(x);
                    }
                }
                Value::from(out)
            }
            "without" | "mustWithout" => {
                let drop = &args[1.min(args.len())..];
                Value::from(
                    list_of("find without", &a0())?
                        .into_iter()
                        .filter(|x| !drop.iter().any(|d| values_equal(d, x)))
                        .collect::<Vec<_>>(),
                )
            }
            "has" | "mustHas" => {
                let hay = arg(args, 1);
                if hay.is_nil() {
                    Value::Bool(false)
                } else {
                    Value::Bool(
                        list_of("find has", &hay)?
                            .iter()
                            .any(|x| values_equal(x, &a0())),
                    )
                }
            }
            "compact" | "mustCompact" => Value::from(
                list_of("compact", &a0())?
                    .into_iter()
                    .filter(Value::truthy)
                    .collect::<Vec<_>>(),
            ),
            "sortAlpha" => {
                let mut v = strslice(&a0());
                v.sort();
                Value::from(v.into_iter().map(Value::from).collect::<Vec<_>>())
            }
            "until" => {
                let n = a0().to_i64().clamp(-1_000_000, 1_000_000);
                let step = if n < 0 { -1 } else { 1 };
                Value::from(range_step(0, n, step))
            }
            "untilStep" => Value::from(range_step(
                a0().to_i64(),
                arg(args, 1).to_i64(),
                arg(args, 2).to_i64(),
            )),
            "seq" => {
                let nums: Vec<i64> = args.iter().map(Value::to_i64).collect();
                let (start, step, end) = match nums.as_slice() {
                    [e] => (1, 1, *e),
                    [s, e] => (*s, if s <= e { 1 } else { -1 }, *e),
                    [s, st, e] => (*s, *st, *e),
                    _ => (1, 1, 0),
                };
                let stop = if step > 0 {
                    end.saturating_add(1)
                } else {
                    end.saturating_sub(1)
                };
                let items = range_step(start, stop, step);
                Value::from(
                    items
                        .iter()
                        .map(Value::go_string)
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            }
            "chunk" | "mustChunk" => {
                let size = usize::try_from(a0().to_i64()).unwrap_or(1).max(1);
                let l = list_of("chunk", &arg(args, 1))?;
                Value::from(
                    l.chunks(size)
                        .map(|c| Value::from(c.to_vec()))
                        .collect::<Vec<_>>(),
                )
            }
            _ => return Err(String::new()),
        })
    })();
    match r {
        Err(e) if e.is_empty() => None,
        other => Some(other),
    }
}

fn range_step(start: i64, stop: i64, step: i64) -> Vec<Value> {
    let mut out = Vec::new();
    if step == 0 {
        return out;
    }
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(Value::Int(i));
        if out.len() > 1_000_000 {
            break;
        }
        i = i.saturating_add(step);
    }
    out
}

fn dict_arg(name: &str, v: &Value) -> Result<Rc<std::cell::RefCell<Map>>, String> {
    match v {
        Value::Map(m) => Ok(m.clone()),
        // Go passes nil as a nil map: reads see an empty map.
        Value::Nil => Ok(Rc::new(std::cell::RefCell::new(Map::new()))),
        other => Err(format!(
            "{name}: expected a dict, got {}",
            other.type_name()
        )),
    }
}

/// mergo's merge: nested maps merge; otherwise the source value is taken
/// when `overwrite`, or when the destination is missing or empty.
fn merge_into(dst: &Rc<std::cell::RefCell<Map>>, src: &Map, overwrite: bool, depth: usize) {
    if depth > 100 {
        return;
    }
    for (k, sv) in src {
        if sv.is_nil() {
            continue;
        }
        let dv = dst.borrow().get(k).cloned();
        match (&dv, sv) {
            (Some(Value::Map(dm)), Value::Map(sm)) => {
                if !Rc::ptr_eq(dm, sm) {
                    let sm = sm.borrow().clone();
                    merge_into(dm, &sm, overwrite, depth + 1);
                }
            }
            (Some(d), _) if !overwrite && d.truthy() => {}
            _ => {
                if overwrite || dv.as_ref().is_none_or(|d| !d.truthy()) {
                    dst.borrow_mut().insert(k.clone(), sv.clone());
                }
            }
        }
    }
}

fn dicts(name: &str, args: &[Value]) -> Option<FResult> {
    let a0 = || arg(args, 0);
    let r: FResult = (|| {
        Ok(match name {
            "dict" => {
                let mut m = Map::new();
                for pair in args.chunks(2) {
                    let k = pair[0].to_str();
                    m.insert(k, pair.get(1).cloned().unwrap_or_else(|| Value::from("")));
                }
                Value::from(m)
            }
            "get" => dict_arg(name, &a0())?
                .borrow()
                .get(&s(&arg(args, 1)))
                .cloned()
                .unwrap_or_else(|| Value::from("")),
            "set" => {
                let m = dict_arg(name, &a0())?;
                m.borrow_mut().insert(s(&arg(args, 1)), arg(args, 2));
                Value::Map(m)
            }
            "unset" => {
                let m = dict_arg(name, &a0())?;
                m.borrow_mut().remove(&s(&arg(args, 1)));
                Value::Map(m)
            }
            "hasKey" => Value::Bool(
                dict_arg(name, &a0())?
                    .borrow()
                    .contains_key(&s(&arg(args, 1))),
            ),
            "keys" => {
                let mut ks = Vec::new();
                for a in args {
                    ks.extend(
                        dict_arg(name, a)?
                            .borrow()
                            .keys()
                            .map(|k| Value::from(k.as_str())),
                    );
                }
                Value::from(ks)
            }
            "values" => Value::from(
                dict_arg(name, &a0())?
                    .borrow()
                    .values()
                    .cloned()
                    .collect::<Vec<_>>(),
            ),
            "pluck" => {
                let k = s(&a0());
                Value::from(
                    args.iter()
                        .skip(1)
                        .filter_map(|d| d.get(&k))
                        .collect::<Vec<_>>(),
                )
            }
            "pick" | "omit" => {
                let m = dict_arg(name, &a0())?;
                let names: Vec<String> = args.iter().skip(1).map(Value::to_str).collect();
                let keep = name == "pick";
                let out: Map = m
                    .borrow()
                    .iter()
                    .filter(|(k, _)| names.contains(k) == keep)
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                Value::from(out)
            }
            "merge" | "mustMerge" | "mergeOverwrite" | "mustMergeOverwrite" => {
                let dst = dict_arg(name, &a0())?;
                let overwrite = name.contains("Overwrite");
                for src in args.iter().skip(1) {
                    if let Value::Map(sm) = src {
                        if Rc::ptr_eq(sm, &dst) {
                            continue;
                        }
                        let sm = sm.borrow().clone();
                        merge_into(&dst, &sm, overwrite, 0);
                    }
                }
                Value::Map(dst)
            }
            "deepCopy" | "mustDeepCopy" => a0().deep_copy(),
            "dig" => {
                if args.len() < 3 {
                    return Err("dig needs at least three arguments".into());
                }
                let d = &args[args.len() - 1];
                let default = &args[args.len() - 2];
                let mut cur = d.clone();
                for k in &args[..args.len() - 2] {
                    match cur.get(&k.to_str()) {
                        Some(v) => cur = v,
                        None => return Ok(default.clone()),
                    }
                }
                cur
            }
            "deepEqual" => Value::Bool(values_equal(&a0(), &arg(args, 1))),
            _ => return Err(String::new()),
        })
    })();
    match r {
        Err(e) if e.is_empty() => None,
        other => Some(other),
    }
}

fn math(name: &str, args: &[Value]) -> Option<FResult> {
    let i = |k: usize| arg(args, k).to_i64();
    let f = |k: usize| arg(args, k).to_f64();
    Some(Ok(match name {
        "add" => Value::Int64(args.iter().fold(0i64, |a, v| a.wrapping_add(v.to_i64()))),
        "add1" => Value::Int64(i(0).wrapping_add(1)),
        "sub" => Value::Int64(i(0).wrapping_sub(i(1))),
        "mul" => Value::Int64(args.iter().fold(1i64, |a, v| a.wrapping_mul(v.to_i64()))),
        "div" => match i(0).checked_div(i(1)) {
            Some(v) => Value::Int64(v),
            None => return Some(Err("runtime error: integer divide by zero".into())),
        },
        "mod" => match i(0).checked_rem(i(1)) {
            Some(v) => Value::Int64(v),
            None => return Some(Err("runtime error: integer divide by zero".into())),
        },
        "max" | "biggest" => Value::Int64(args.iter().map(Value::to_i64).max().unwrap_or(0)),
        "min" => Value::Int64(args.iter().map(Value::to_i64).min().unwrap_or(0)),
        "floor" => Value::Float(f(0).floor()),
        "ceil" => Value::Float(f(0).ceil()),
        "round" => {
            let p = i32::try_from(i(1)).unwrap_or(0);
            let m = 10f64.powi(p);
            Value::Float((f(0) * m).round() / m)
        }
        "addf" => Value::Float(args.iter().map(Value::to_f64).sum()),
        "add1f" => Value::Float(f(0) + 1.0),
        "subf" => Value::Float(args.iter().skip(1).fold(f(0), |a, v| a - v.to_f64())),
        "mulf" => Value::Float(args.iter().map(Value::to_f64).product()),
        "divf" => Value::Float(args.iter().skip(1).fold(f(0), |a, v| a / v.to_f64())),
        "maxf" => Value::Float(
            args.iter()
                .map(Value::to_f64)
                .fold(f64::NEG_INFINITY, f64::max),
        ),
        "minf" => Value::Float(args.iter().map(Value::to_f64).fold(f64::INFINITY, f64::min)),
        _ => return None,
    }))
}

fn misc(name: &str, args: &[Value], env: &mut FuncEnv) -> Option<FResult> {
    let a0 = || arg(args, 0);
    Some(Ok(match name {
        "default" => {
            let given = args.get(1);
            match given {
                Some(g) if g.truthy() => g.clone(),
                _ => a0(),
            }
        }
        "empty" => Value::Bool(!a0().truthy()),
        "coalesce" => args
            .iter()
            .find(|v| v.truthy())
            .cloned()
            .unwrap_or_default(),
        "all" => Value::Bool(args.iter().all(Value::truthy)),
        "any" => Value::Bool(args.iter().any(Value::truthy)),
        "ternary" => {
            if arg(args, 2).truthy() {
                a0()
            } else {
                arg(args, 1)
            }
        }
        "typeOf" => Value::from(a0().type_name()),
        "kindOf" => Value::from(a0().kind_name()),
        "kindIs" => Value::Bool(a0().to_str() == arg(args, 1).kind_name()),
        "typeIs" => Value::Bool(a0().to_str() == arg(args, 1).type_name()),
        "typeIsLike" => {
            let t = a0().to_str();
            let ty = arg(args, 1).type_name();
            Value::Bool(t == ty || t == format!("*{ty}"))
        }
        "semver" => match semver::Version::parse(&s(&a0())) {
            Ok(v) => v.to_value(),
            Err(e) => return Some(Err(e)),
        },
        "semverCompare" => match semver::Constraint::parse(&s(&a0())) {
            Ok(c) => match semver::Version::parse(&s(&arg(args, 1))) {
                Ok(v) => Value::Bool(c.matches(&v)),
                Err(e) => return Some(Err(e)),
            },
            Err(e) => return Some(Err(e)),
        },
        "now" => crate::time::Time::new(env.now, env.now_nanos).to_value(),
        "unixEpoch" => Value::from(
            crate::time::time_of(&a0())
                .map_or(0, |t| t.secs)
                .to_string(),
        ),
        "date" | "dateInZone" | "htmlDate" | "htmlDateInZone" => {
            let (layout, t) = match name {
                "htmlDate" | "htmlDateInZone" => ("2006-01-02".to_string(), a0()),
                _ => (s(&a0()), arg(args, 1)),
            };
            let t = crate::time::time_of(&t)
                .unwrap_or_else(|| crate::time::Time::new(env.now, env.now_nanos));
            Value::from(t.format(&layout))
        }
        "toDate" | "mustToDate" => {
            if let Some(t) = crate::time::Time::parse(&s(&a0()), &s(&arg(args, 1))) {
                t.to_value()
            } else {
                if name == "mustToDate" {
                    return Some(Err(format!("parsing time {:?}", s(&arg(args, 1)))));
                }
                crate::time::Time::new(-62_135_596_800, 0).to_value()
            }
        }
        "dateModify" => arg(args, 1),
        "ago" => Value::from("0s"),
        "uuidv4" => {
            let mut b = [0u8; 16];
            for chunk in b.chunks_mut(8) {
                chunk.copy_from_slice(&env.next().to_le_bytes());
            }
            b[6] = (b[6] & 0x0f) | 0x40;
            b[8] = (b[8] & 0x3f) | 0x80;
            let h = hex(&b);
            Value::from(format!(
                "{}-{}-{}-{}-{}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..]
            ))
        }
        "randAlphaNum" | "randAlpha" | "randNumeric" | "randAscii" => {
            let set: Vec<char> = match name {
                "randAlphaNum" => ('a'..='z').chain('A'..='Z').chain('0'..='9').collect(),
                "randAlpha" => ('a'..='z').chain('A'..='Z').collect(),
                "randNumeric" => ('0'..='9').collect(),
                _ => (' '..='~').collect(),
            };
            let n = usize::try_from(a0().to_i64()).unwrap_or(0).min(1 << 20);
            Value::from(
                (0..n)
                    .map(|_| set[env.below(set.len())])
                    .collect::<String>(),
            )
        }
        "randInt" => {
            let (lo, hi) = (a0().to_i64(), arg(args, 1).to_i64());
            let span = u64::try_from(hi.saturating_sub(lo)).unwrap_or(0).max(1);
            Value::Int(lo.saturating_add(i64::try_from(env.next() % span).unwrap_or(0)))
        }
        "genCA" | "genSelfSignedCert" | "genSignedCert" | "buildCustomCert" => {
            crate::helm::placeholder_cert()
        }
        "genPrivateKey" => Value::from(crate::helm::PLACEHOLDER_KEY),
        "urlParse" => url_parse(&s(&a0())),
        "urlJoin" => url_join(&a0()),
        "derivePassword" => Value::from(""),
        _ => return None,
    }))
}

/// Sprig `urlParse`: Go `url.Parse` fields.
fn url_parse(u: &str) -> Value {
    let (rest, fragment) = u.split_once('#').unwrap_or((u, ""));
    let (scheme, rest) = match rest.split_once(':') {
        Some((sc, r))
            if !sc.is_empty()
                && sc
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && sc.starts_with(|c: char| c.is_ascii_alphabetic()) =>
        {
            (sc.to_string(), r)
        }
        _ => (String::new(), rest),
    };
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path, opaque) = if let Some(r) = rest.strip_prefix("//") {
        match r.find('/') {
            Some(i) => (r[..i].to_string(), r[i..].to_string(), String::new()),
            None => (r.to_string(), String::new(), String::new()),
        }
    } else if !scheme.is_empty() && !rest.starts_with('/') {
        (String::new(), String::new(), rest.to_string())
    } else {
        (String::new(), rest.to_string(), String::new())
    };
    let (userinfo, host) = match authority.rsplit_once('@') {
        Some((ui, h)) => (ui.to_string(), h.to_string()),
        None => (String::new(), authority.clone()),
    };
    let hostname = if host.starts_with('[') {
        host.split(']')
            .next()
            .unwrap_or("")
            .trim_start_matches('[')
            .to_string()
    } else {
        host.split(':').next().unwrap_or("").to_string()
    };
    let mut m = Map::new();
    for (k, v) in [
        ("scheme", scheme),
        ("host", host),
        ("hostname", hostname),
        ("path", path),
        ("query", query.to_string()),
        ("opaque", opaque),
        ("fragment", fragment.to_string()),
        ("userinfo", userinfo),
    ] {
        m.insert(k.into(), Value::from(v));
    }
    Value::from(m)
}

/// Sprig `urlJoin`: the inverse of `urlParse`.
fn url_join(d: &Value) -> Value {
    let g = |k: &str| d.get(k).map(|v| v.to_str()).unwrap_or_default();
    let mut out = String::new();
    if !g("scheme").is_empty() {
        out.push_str(&g("scheme"));
        out.push(':');
    }
    if g("opaque").is_empty() {
        if !g("host").is_empty() || !g("userinfo").is_empty() {
            out.push_str("//");
            if !g("userinfo").is_empty() {
                out.push_str(&g("userinfo"));
                out.push('@');
            }
            out.push_str(&g("host"));
        }
        out.push_str(&g("path"));
    } else {
        out.push_str(&g("opaque"));
    }
    if !g("query").is_empty() {
        out.push('?');
        out.push_str(&g("query"));
    }
    if !g("fragment").is_empty() {
        out.push('#');
        out.push_str(&g("fragment"));
    }
    Value::from(out)
}

#[cfg(test)]
mod tests {
    /// Every name the parser accepts is implemented somewhere.
    #[test]
    fn every_known_name_is_implemented() {
        let mut env = super::FuncEnv::fixed(0, 1);
        let evaluator_level = [
            "and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge", "include", "tpl", "call",
        ];
        for name in super::NAMES {
            if evaluator_level.contains(name) {
                continue;
            }
            let args = [
                crate::Value::from("a"),
                crate::Value::from("b"),
                crate::Value::new_map(),
            ];
            let r = super::call(name, &args, &mut env);
            assert!(r.is_some(), "{name} is listed but not implemented");
        }
    }
}
