//! YAML, JSON and TOML in and out, the way Helm's Go libraries do it:
//! sigs.k8s.io/yaml (YAML through JSON, so every number reads as float64,
//! keys sorted) over go-yaml v2's emitter (quoting, literal blocks, folding
//! long lines at 80 columns), and encoding/json (HTML-safe escaping).

use crate::gofmt::{format_float_g, format_float_shortest};
use crate::value::{Map, Value};
use plimsoll_syntax::yaml::{GoYamlType, NodeId, NodeKind, ScalarStyle, YamlFile, go_yaml_v2_type};
use std::fmt::Write as _;

const MAX_DEPTH: usize = 200;

/// Parses the first YAML document the way `sigs.k8s.io/yaml.Unmarshal` into
/// `interface{}` does.
pub fn from_yaml(text: &str) -> Result<Value, String> {
    let file = plimsoll_syntax::yaml::parse_shared(text);
    if let Some(e) = file.errors.first() {
        let line = text
            .get(..e.span.start)
            .map_or(1, |t| t.matches('\n').count() + 1);
        return Err(format!(
            "error converting YAML to JSON: yaml: line {line}: {}",
            e.message
        ));
    }
    let Some(root) = file.documents.first().and_then(|d| d.root) else {
        return Ok(Value::Nil);
    };
    convert(&file, root, 0)
}

/// Every document of a stream (for manifests).
pub fn from_yaml_all(text: &str) -> Result<Vec<Value>, String> {
    let file = YamlFile::parse(text);
    if let Some(e) = file.errors.first() {
        let line = text
            .get(..e.span.start)
            .map_or(1, |t| t.matches('\n').count() + 1);
        return Err(format!("yaml: line {line}: {}", e.message));
    }
    file.documents
        .iter()
        .map(|d| d.root.map_or(Ok(Value::Nil), |r| convert(&file, r, 0)))
        .collect()
}

fn convert(file: &YamlFile, id: NodeId, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err("yaml: exceeded max depth".into());
    }
    let id = file.resolve(id);
    let node = file.node(id);
    Ok(match &node.kind {
        NodeKind::Scalar { value, style } => {
            let tag = node.tag.as_deref().unwrap_or("");
            if *style != ScalarStyle::Plain || tag == "!!str" || tag == "!" {
                if tag == "!!int" || tag == "!!float" {
                    return Ok(Value::Float(value.trim().parse().unwrap_or(0.0)));
                }
                Value::from(value.as_str())
            } else {
                match go_yaml_v2_type(value) {
                    GoYamlType::Null => Value::Nil,
                    GoYamlType::Bool(b) => Value::Bool(b),
                    #[allow(clippy::cast_precision_loss)]
                    GoYamlType::Int(i) => Value::Float(i as f64),
                    GoYamlType::Float(f) => Value::Float(f),
                    GoYamlType::String => Value::from(value.as_str()),
                }
            }
        }
        NodeKind::Sequence { items, .. } => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                out.push(convert(file, *i, depth + 1)?);
            }
            Value::from(out)
        }
        NodeKind::Mapping { .. } => {
            let mut m = Map::new();
            for (k, v) in file.entries(id) {
                let key = match convert(file, k, depth + 1)? {
                    Value::Str(s) => s.to_string(),
                    Value::Nil => "null".to_string(),
                    other => other.go_string(),
                };
                m.insert(key, convert(file, v, depth + 1)?);
            }
            Value::from(m)
        }
        NodeKind::Alias { .. } => Value::Nil,
    })
}

/// `encoding/json` into `interface{}`: numbers as float64.
pub fn from_json(text: &str) -> Result<Value, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(from_serde(&v, 0))
}

pub fn from_serde(v: &serde_json::Value, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Nil;
    }
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::from(s.as_str()),
        serde_json::Value::Array(a) => Value::from(
            a.iter()
                .map(|x| from_serde(x, depth + 1))
                .collect::<Vec<_>>(),
        ),
        serde_json::Value::Object(o) => Value::from(
            o.iter()
                .map(|(k, x)| (k.clone(), from_serde(x, depth + 1)))
                .collect::<Map>(),
        ),
    }
}

/// Our value as serde JSON (for schema validation).
pub fn to_serde(v: &Value, depth: usize) -> serde_json::Value {
    if depth > MAX_DEPTH {
        return serde_json::Value::Null;
    }
    match v.data() {
        Value::Nil => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(b),
        Value::Int(i) | Value::Int64(i) => serde_json::Value::from(i),
        Value::Float(f) =>
        {
            #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
            if f.fract() == 0.0 && f.abs() < 9e15 {
                serde_json::Value::from(f as i64)
            } else {
                serde_json::Number::from_f64(f)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
        }
        Value::Str(s) => serde_json::Value::String(s.to_string()),
        Value::Bytes(b) => serde_json::Value::String(String::from_utf8_lossy(&b).into_owned()),
        Value::List(l) => {
            serde_json::Value::Array(l.iter().map(|x| to_serde(x, depth + 1)).collect())
        }
        Value::Map(m) => serde_json::Value::Object(
            m.borrow()
                .iter()
                .map(|(k, x)| (k.clone(), to_serde(x, depth + 1)))
                .collect(),
        ),
        Value::Object(_) => serde_json::Value::Null,
    }
}

// ---------------------------------------------------------------- JSON out

/// `json.Marshal` number formatting.
fn json_float(f: f64) -> String {
    if !f.is_finite() {
        return "null".into();
    }
    let a = f.abs();
    if a != 0.0 && !(1e-6..1e21).contains(&a) {
        let s = format_float_shortest(f, 0);
        // Go writes e-07 as e-07 → json cleans to e-7.
        if let Some(i) = s.find("e-0") {
            return format!("{}e-{}", &s[..i], &s[i + 3..]);
        }
        if let Some(i) = s.find("e+0") {
            return format!("{}e+{}", &s[..i], &s[i + 3..]);
        }
        return s;
    }
    format_float_shortest(f, 21)
}

fn json_string(out: &mut String, s: &str, html: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if html => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `json.Marshal` (`html`: escape `<>&`), or `json.MarshalIndent(v, "", "  ")`.
pub fn to_json(v: &Value, html: bool, pretty: bool) -> String {
    let mut out = String::new();
    write_json(&mut out, v, html, pretty, 0);
    out
}

fn write_json(out: &mut String, v: &Value, html: bool, pretty: bool, depth: usize) {
    if depth > MAX_DEPTH || out.len() > crate::value::MAX_TEXT {
        out.push_str("null");
        return;
    }
    let nl = |out: &mut String, d: usize| {
        if pretty {
            out.push('\n');
            for _ in 0..d {
                out.push_str("  ");
            }
        }
    };
    match v.data() {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        Value::Int(i) | Value::Int64(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&json_float(f)),
        Value::Str(s) => json_string(out, &s, html),
        Value::Bytes(b) => {
            use base64::Engine as _;
            json_string(
                out,
                &base64::engine::general_purpose::STANDARD.encode(b.as_slice()),
                html,
            );
        }
        Value::List(l) => {
            if l.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, depth + 1);
                write_json(out, x, html, pretty, depth + 1);
            }
            nl(out, depth);
            out.push(']');
        }
        Value::Map(m) => {
            let m = m.borrow();
            if m.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, depth + 1);
                json_string(out, k, html);
                out.push(':');
                if pretty {
                    out.push(' ');
                }
                write_json(out, x, html, pretty, depth + 1);
            }
            nl(out, depth);
            out.push('}');
        }
        Value::Object(_) => out.push_str("{}"),
    }
}

// ---------------------------------------------------------------- YAML out

const BEST_WIDTH: usize = 80;

/// `sigs.k8s.io/yaml.Marshal`, with its trailing newline.
pub fn to_yaml(v: &Value) -> String {
    to_yaml_with(v, false)
}

/// `toYamlPretty`: like [`to_yaml`] but sequences are indented under their
/// key (Helm encodes it with a two-space indenting encoder).
pub fn to_yaml_pretty(v: &Value) -> String {
    to_yaml_with(v, true)
}

fn to_yaml_with(v: &Value, indent_sequences: bool) -> String {
    let mut e = Emitter {
        out: String::new(),
        column: 0,
        indent_sequences,
    };
    e.node(v, 0, Place::Root, 0);
    if !e.out.ends_with('\n') {
        e.out.push('\n');
    }
    e.out
}

#[derive(Clone, Copy, PartialEq)]
enum Place {
    Root,
    /// After `key:` (block mapping value).
    Value,
    /// After `- `.
    Item,
}

struct Emitter {
    out: String,
    column: usize,
    indent_sequences: bool,
}

/// Go's JSON round trip: integral floats come back as ints.
fn yaml_number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e21 {
        if f.abs() < 9.2e18 {
            #[allow(clippy::cast_possible_truncation)]
            return format!("{}", f as i64);
        }
        return format_float_g(f);
    }
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+.inf".into()
        } else {
            "-.inf".into()
        };
    }
    format_float_g(f)
}

/// go-yaml's `is_printable`: no C1 controls and nothing outside the BMP.
fn is_printable(c: char) -> bool {
    let u = c as u32;
    u == 0x0A
        || (0x20..=0x7E).contains(&u)
        || (0xA0..=0xD7FF).contains(&u)
        || ((0xE000..=0xFFFD).contains(&u) && u != 0xFEFF)
}

/// go-yaml v2's key order (`keyList.Less`): letters after other
/// characters, runs of digits compared as numbers.
fn yaml_key_less(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (ar, br): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let (al, bl) = (ar[i].is_alphabetic(), br[i].is_alphabetic());
        if al && bl {
            return ar[i].cmp(&br[i]);
        }
        if al || bl {
            return if bl {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let (mut an, mut bn) = (0i64, 0i64);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an
                .saturating_mul(10)
                .saturating_add(i64::from(ar[ai].to_digit(10).unwrap_or(0)));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn
                .saturating_mul(10)
                .saturating_add(i64::from(br[bi].to_digit(10).unwrap_or(0)));
            bi += 1;
        }
        if an != bn {
            return an.cmp(&bn);
        }
        if ai != bi {
            return ai.cmp(&bi);
        }
        return ar[i].cmp(&br[i]);
    }
    ar.len().cmp(&br.len())
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

fn is_base60_float(s: &str) -> bool {
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (main, frac) = t.split_once('.').unwrap_or((t, ""));
    let mut parts = main.split(':');
    let Some(first) = parts.next() else {
        return false;
    };
    if first.is_empty()
        || !first.starts_with(|c: char| c.is_ascii_digit())
        || !first.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return false;
    }
    let mut n = 0;
    for p in parts {
        n += 1;
        let ok = matches!(p.len(), 1 | 2)
            && p.bytes().all(|b| b.is_ascii_digit())
            && (p.len() == 1 || p.as_bytes()[0] <= b'5');
        if !ok {
            return false;
        }
    }
    n > 0 && frac.bytes().all(|b| b.is_ascii_digit() || b == b'_')
}

/// Whether go-yaml v2 resolves a plain `s` as a timestamp: Go layouts
/// `2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00` (also `t`) and
/// `2006-1-2 15:4:5.999999999`.
fn looks_like_timestamp(s: &str) -> bool {
    fn digits(s: &str, min: usize, max: usize) -> Option<&str> {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        (min..=max).contains(&n).then(|| &s[n..])
    }
    fn date(s: &str) -> Option<&str> {
        let r = digits(s, 4, 4)?.strip_prefix('-')?;
        let r = digits(r, 1, 2)?.strip_prefix('-')?;
        digits(r, 1, 2)
    }
    fn clock(s: &str) -> Option<&str> {
        let r = digits(s, 1, 2)?.strip_prefix(':')?;
        let r = digits(r, 1, 2)?.strip_prefix(':')?;
        let r = digits(r, 1, 2)?;
        match r.strip_prefix('.') {
            Some(f) => digits(f, 1, 9),
            None => Some(r),
        }
    }
    let Some(rest) = date(s) else { return false };
    if rest.is_empty() {
        return true;
    }
    if let Some(t) = rest.strip_prefix(['T', 't']) {
        let Some(zone) = clock(t) else { return false };
        if zone == "Z" {
            return true;
        }
        let Some(z) = zone.strip_prefix(['+', '-']) else {
            return false;
        };
        return digits(z, 2, 2)
            .and_then(|r| r.strip_prefix(':'))
            .and_then(|r| digits(r, 2, 2))
            == Some("");
    }
    rest.strip_prefix(' ').and_then(clock) == Some("")
}

/// How go-yaml v2 would write string `s`.
fn choose_style(s: &str, key: bool) -> Style {
    let resolves_other =
        go_yaml_v2_type(s) != GoYamlType::String || is_base60_float(s) || looks_like_timestamp(s);
    let mut requested = if resolves_other {
        Style::Double
    } else if !key && s.contains('\n') {
        Style::Literal
    } else {
        Style::Plain
    };
    // yaml_emitter_analyze_scalar.
    let chars: Vec<char> = s.chars().collect();
    let (mut block_ind, mut flow_ind) = (false, false);
    let (mut line_breaks, mut special) = (false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut prev_space, mut prev_break) = (false, false);
    if s.starts_with("---") || s.starts_with("...") {
        block_ind = true;
        flow_ind = true;
    }
    let mut preceded_ws = true;
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let followed_ws = next.is_none_or(|n| {
            n == ' '
                || n == '\t'
                || n == '\n'
                || n == '\r'
                || n == '\u{85}'
                || n == '\u{2028}'
                || n == '\u{2029}'
        });
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => {
                    flow_ind = true;
                    block_ind = true;
                }
                '?' | ':' => {
                    flow_ind = true;
                    if followed_ws {
                        block_ind = true;
                    }
                }
                '-' if followed_ws => {
                    flow_ind = true;
                    block_ind = true;
                }
                _ => {}
            }
        } else {
            match c {
                ',' | '?' | '[' | ']' | '{' | '}' => flow_ind = true,
                ':' => {
                    flow_ind = true;
                    if followed_ws {
                        block_ind = true;
                    }
                }
                '#' if preceded_ws => {
                    flow_ind = true;
                    block_ind = true;
                }
                _ => {}
            }
        }
        if !is_printable(c) || c == '\u{feff}' {
            special = true;
        }
        let is_break = matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
        if is_break {
            line_breaks = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + 1 == chars.len() {
                trailing_space = true;
            }
            if prev_break {
                break_space = true;
            }
            prev_space = true;
            prev_break = false;
        } else if is_break {
            if i == 0 {
                leading_break = true;
            }
            if i + 1 == chars.len() {
                trailing_break = true;
            }
            if prev_space {
                space_break = true;
            }
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = false;
            prev_break = false;
        }
        preceded_ws = c == ' ' || c == '\t' || is_break;
    }
    let mut block_plain = !block_ind;
    let mut single_ok = true;
    let mut block_ok = true;
    if leading_space || leading_break || trailing_space || trailing_break {
        block_plain = false;
    }
    if trailing_space {
        block_ok = false;
    }
    if break_space {
        block_plain = false;
        single_ok = false;
    }
    if space_break || special {
        block_plain = false;
        single_ok = false;
        block_ok = false;
    }
    if line_breaks {
        block_plain = false;
    }
    let _ = flow_ind;
    if requested == Style::Literal && (!block_ok || key) {
        requested = Style::Double;
    }
    if requested == Style::Plain && (!block_plain || (s.is_empty() && key)) {
        requested = Style::Single;
    }
    if requested == Style::Single && !single_ok {
        requested = Style::Double;
    }
    requested
}

impl Emitter {
    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                self.column = 0;
            } else {
                self.column += 1;
            }
        }
        self.out.push_str(s);
    }

    fn indent_to(&mut self, indent: usize) {
        self.push("\n");
        for _ in 0..indent {
            self.out.push(' ');
        }
        self.column = indent;
    }

    fn node(&mut self, v: &Value, indent: usize, place: Place, depth: usize) {
        if depth > MAX_DEPTH || self.out.len() > crate::value::MAX_TEXT {
            self.push("null");
            return;
        }
        match v.data() {
            Value::Map(m) => {
                let m = m.borrow();
                if m.is_empty() {
                    self.push(if place == Place::Root { "{}" } else { " {}" });
                    return;
                }
                let (child, mut first_inline) = match place {
                    Place::Root => (indent, true),
                    Place::Value => (indent + 2, false),
                    Place::Item => (indent + 2, true),
                };
                if place == Place::Item {
                    self.push(" ");
                }
                let mut entries: Vec<(&String, &Value)> = m.iter().collect();
                entries.sort_by(|a, b| yaml_key_less(a.0, b.0));
                for (k, x) in entries {
                    if !first_inline {
                        self.indent_to(child);
                    }
                    first_inline = false;
                    self.string(k, child, true);
                    self.push(":");
                    self.node(x, child, Place::Value, depth + 1);
                }
            }
            Value::List(l) => {
                if l.is_empty() {
                    self.push(if place == Place::Root { "[]" } else { " []" });
                    return;
                }
                let (child, mut first_inline) = match place {
                    Place::Root => (indent, true),
                    // go-yaml v2 does not indent a sequence under a key.
                    Place::Value => (
                        if self.indent_sequences {
                            indent + 2
                        } else {
                            indent
                        },
                        false,
                    ),
                    Place::Item => (indent + 2, true),
                };
                if place == Place::Item {
                    self.push(" ");
                }
                for x in l.iter() {
                    if !first_inline {
                        self.indent_to(child);
                    }
                    first_inline = false;
                    self.push("-");
                    self.node(x, child, Place::Item, depth + 1);
                }
            }
            scalar => {
                if place != Place::Root {
                    self.push(" ");
                }
                // Scalars continue (folded lines, block bodies) one level in.
                let cont = if place == Place::Root { 2 } else { indent + 2 };
                match scalar {
                    Value::Nil => self.push("null"),
                    Value::Bool(b) => self.push(if b { "true" } else { "false" }),
                    Value::Int(i) | Value::Int64(i) => self.push(&i.to_string()),
                    Value::Float(f) => self.push(&yaml_number(f)),
                    Value::Str(s) => self.string(&s, cont, false),
                    Value::Bytes(b) => {
                        use base64::Engine as _;
                        let enc = base64::engine::general_purpose::STANDARD.encode(b.as_slice());
                        self.string(&enc, cont, false);
                    }
                    _ => self.push("{}"),
                }
            }
        }
    }

    /// Writes a string scalar; `cont` is the indent for continuation lines.
    fn string(&mut self, s: &str, cont: usize, key: bool) {
        let style = choose_style(s, key);
        let breaks = !key;
        match style {
            Style::Plain => self.folded(s, cont, breaks, false),
            Style::Single => {
                self.push("'");
                self.folded(s, cont, breaks, true);
                self.push("'");
            }
            Style::Double => self.double(s, cont, breaks),
            Style::Literal => self.literal(s, cont),
        }
    }

    fn folded(&mut self, s: &str, cont: usize, breaks: bool, single: bool) {
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_space = chars.get(i + 1) == Some(&' ');
                let edge_ok = !single || (i > 0 && i + 1 < chars.len());
                if breaks && !spaces && self.column > BEST_WIDTH && !next_space && edge_ok {
                    self.indent_to(cont);
                } else {
                    self.push(" ");
                }
                spaces = true;
            } else {
                if single && c == '\'' {
                    self.push("''");
                } else {
                    let mut b = [0u8; 4];
                    self.push(c.encode_utf8(&mut b));
                }
                spaces = false;
            }
        }
    }

    fn double(&mut self, s: &str, cont: usize, breaks: bool) {
        self.push("\"");
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            let esc: Option<String> = match c {
                '\0' => Some("\\0".into()),
                '\u{7}' => Some("\\a".into()),
                '\u{8}' => Some("\\b".into()),
                '\t' => Some("\\t".into()),
                '\n' => Some("\\n".into()),
                '\u{b}' => Some("\\v".into()),
                '\u{c}' => Some("\\f".into()),
                '\r' => Some("\\r".into()),
                '\u{1b}' => Some("\\e".into()),
                '"' => Some("\\\"".into()),
                '\\' => Some("\\\\".into()),
                '\u{85}' => Some("\\N".into()),
                '\u{a0}' => Some("\\_".into()),
                '\u{2028}' => Some("\\L".into()),
                '\u{2029}' => Some("\\P".into()),
                c if !is_printable(c) || c == '\u{feff}' => {
                    let u = c as u32;
                    Some(if u <= 0xFF {
                        format!("\\x{u:02X}")
                    } else if u <= 0xFFFF {
                        format!("\\u{u:04X}")
                    } else {
                        format!("\\U{u:08X}")
                    })
                }
                _ => None,
            };
            if let Some(e) = esc {
                self.push(&e);
                spaces = false;
            } else if c == ' ' {
                if breaks && !spaces && self.column > BEST_WIDTH && i != 0 && i + 1 != chars.len() {
                    self.indent_to(cont);
                    if chars.get(i + 1) == Some(&' ') {
                        self.push("\\");
                    }
                } else {
                    self.push(" ");
                }
                spaces = true;
            } else {
                let mut b = [0u8; 4];
                self.push(c.encode_utf8(&mut b));
                spaces = false;
            }
        }
        self.push("\"");
    }

    fn literal(&mut self, s: &str, cont: usize) {
        self.push("|");
        if s.starts_with([' ', '\n']) {
            self.push("2");
        }
        let body = if let Some(b) = s.strip_suffix('\n') {
            if b.ends_with('\n') {
                self.push("+");
            }
            b
        } else {
            self.push("-");
            s
        };
        for line in body.split('\n') {
            if line.is_empty() {
                self.push("\n");
            } else {
                self.indent_to(cont);
                self.push(line);
            }
        }
    }
}

// ---------------------------------------------------------------- TOML out

/// A small TOML encoder for `toToml` (tables for maps, inline arrays).
pub fn to_toml(v: &Value) -> String {
    let mut out = String::new();
    if let Value::Map(m) = v.data() {
        toml_table(&mut out, &m.borrow(), "", 0);
    }
    out
}

fn toml_scalar(v: &Value) -> String {
    match v.data() {
        Value::Str(s) => crate::gofmt::quote(&s),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) | Value::Int64(i) => i.to_string(),
        Value::Float(f) => yaml_number(f),
        Value::List(l) => format!(
            "[{}]",
            l.iter().map(toml_scalar).collect::<Vec<_>>().join(", ")
        ),
        _ => "\"\"".into(),
    }
}

fn toml_table(out: &mut String, m: &Map, prefix: &str, depth: usize) {
    if depth > 50 {
        return;
    }
    // BurntSushi/toml indents a table's keys two spaces per nesting level
    // and a sub-table's header by its parent's level.
    let pad = "  ".repeat(depth);
    for (k, v) in m {
        if !matches!(v, Value::Map(_)) && !v.is_nil() {
            let _ = writeln!(out, "{pad}{k} = {}", toml_scalar(v));
        }
    }
    for (k, v) in m {
        if let Value::Map(sub) = v {
            let name = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            let _ = writeln!(out, "\n{pad}[{name}]");
            toml_table(out, &sub.borrow(), &name, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(text: &str) -> String {
        to_yaml(&from_yaml(text).expect("yaml"))
    }

    #[test]
    fn go_yaml_v2_quoting() {
        assert_eq!(
            y(
                "a: 'yes'\nb: '8080'\nc: ''\nd: 'a: b'\ne: '*x'\nf: \"2024-01-01\"\ng: '~'\nh: it's\n"
            ),
            "a: \"yes\"\nb: \"8080\"\nc: \"\"\nd: 'a: b'\ne: '*x'\nf: \"2024-01-01\"\ng: \"~\"\nh: it's\n"
        );
        assert_eq!(
            y("m: {b: [1, x], a: null, c: {}}\nl: []\n"),
            "l: []\nm:\n  a: null\n  b:\n  - 1\n  - x\n  c: {}\n"
        );
        assert_eq!(
            y("ml: \"line1\\nline2\\n\"\nms2: \"a\\n  b\"\n"),
            "ml: |\n  line1\n  line2\nms2: |-\n  a\n    b\n"
        );
        assert_eq!(y("t: \"a\\tb\"\nx: 'x:'\n"), "t: \"a\\tb\"\nx: 'x:'\n");
        assert_eq!(
            y("nn: [[1, 2], {a: [], b: {}}]\n"),
            "nn:\n- - 1\n  - 2\n- a: []\n  b: {}\n"
        );
        assert_eq!(
            y("big: 123456789\nf: 1.5e-7\n"),
            "big: 123456789\nf: 1.5e-07\n"
        );
    }

    #[test]
    fn folds_long_lines() {
        let long =
            "aaa bbb ccc ddd eee fff ggg hhh iii jjj kkk lll mmm nnn ooo ppp qqq rrr sss ttt uuu";
        assert_eq!(
            y(&format!("long: \"{long}\"\n")),
            "long: aaa bbb ccc ddd eee fff ggg hhh iii jjj kkk lll mmm nnn ooo ppp qqq rrr sss\n  ttt uuu\n"
        );
    }

    #[test]
    fn json_like_go() {
        let v = from_yaml("c: \"<x>\"\na: [1, 2.5]\nb: {}\n").expect("yaml");
        assert_eq!(
            to_json(&v, true, false),
            r#"{"a":[1,2.5],"b":{},"c":"\u003cx\u003e"}"#
        );
        assert_eq!(to_json(&Value::Float(1e-7), false, false), "1e-7");
        assert_eq!(to_json(&Value::Float(1e6), false, false), "1000000");
    }
}
