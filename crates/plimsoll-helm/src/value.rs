//! Template values: what Go's `interface{}` holds in a Helm render.
//!
//! Maps are shared and mutable (`Rc<RefCell<..>>`) because Go maps are
//! references: Sprig's `set`, `unset` and `merge` change the map every holder
//! sees, and charts rely on it (`$_ := set $ctx "key" v`). Lists are immutable
//! like the slices Sprig returns (every list function builds a new one).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;

pub type Map = BTreeMap<String, Value>;

/// A value that is not plain data: `.Files`, `.Capabilities.APIVersions`...
/// Fields and methods are looked up by name.
pub trait Object {
    /// Go's type name, for `typeOf` and messages.
    fn type_name(&self) -> &'static str;
    /// A field or argument-less method; `None` when there is no such name.
    fn field(&self, name: &str) -> Option<Value> {
        let _ = name;
        None
    }
    /// A method called with arguments; `None` when there is no such method.
    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let _ = (name, args);
        None
    }
    /// How `{{ . }}` prints it (Go's `String()`).
    fn display(&self) -> String;
    /// Key/value pairs when the object is a Go map (`range`, `len`).
    fn entries(&self) -> Option<Vec<(String, Value)>> {
        None
    }
    /// The data form, for `toJson`/`toYaml`.
    fn to_data(&self) -> Value {
        Value::Nil
    }
}

#[derive(Clone, Default)]
pub enum Value {
    #[default]
    Nil,
    Bool(bool),
    /// A Go `int` (literals, `len`, `int`, `atoi`, range indexes).
    Int(i64),
    /// A Go `int64` (Sprig arithmetic, `int64`, numbers from `--set`).
    Int64(i64),
    /// A Go `float64` (every number read from YAML or JSON values).
    Float(f64),
    Str(Rc<str>),
    List(Rc<Vec<Value>>),
    Map(Rc<RefCell<Map>>),
    Bytes(Rc<Vec<u8>>),
    Object(Rc<dyn Object>),
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.go_string())
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(Rc::from(s))
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(Rc::from(s))
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}
impl From<Vec<Value>> for Value {
    fn from(v: Vec<Value>) -> Self {
        Value::List(Rc::new(v))
    }
}
impl From<Map> for Value {
    fn from(m: Map) -> Self {
        Value::Map(Rc::new(RefCell::new(m)))
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::from(s)
    }

    pub fn new_map() -> Value {
        Value::from(Map::new())
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Rc<RefCell<Map>>> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// A map entry (cloned), `None` when not a map or no such key.
    pub fn get(&self, key: &str) -> Option<Value> {
        self.as_map().and_then(|m| m.borrow().get(key).cloned())
    }

    /// Go's template truth: false for nil, false, zero, empty string/list/map.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) | Value::Int64(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.borrow().is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::Object(_) => true,
        }
    }

    /// Go's `reflect.Kind` name (Sprig `kindOf`).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::List(_) | Value::Bytes(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(_) => "struct",
        }
    }

    /// Go's type name (Sprig `typeOf`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::List(_) => "[]interface {}",
            Value::Bytes(_) => "[]uint8",
            Value::Map(_) => "map[string]interface {}",
            Value::Object(o) => o.type_name(),
        }
    }

    /// Go's `fmt.Sprint(v)` (`%v`); nil prints `<nil>`.
    pub fn go_string(&self) -> String {
        let mut out = String::new();
        self.write_go(&mut out, 0);
        out
    }

    fn write_go(&self, out: &mut String, depth: usize) {
        // Maps can hold themselves (`set $d "me" $d`): bound depth and size.
        if depth > 64 || out.len() > MAX_TEXT {
            out.push_str("...");
            return;
        }
        match self {
            Value::Nil => out.push_str("<nil>"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) | Value::Int64(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Float(f) => out.push_str(&crate::gofmt::format_float_g(*f)),
            Value::Str(s) => out.push_str(s),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    item.write_go(out, depth + 1);
                }
                out.push(']');
            }
            Value::Bytes(bytes) => {
                out.push('[');
                for (i, b) in bytes.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    let _ = write!(out, "{b}");
                }
                out.push(']');
            }
            Value::Map(m) => {
                out.push_str("map[");
                for (i, (k, v)) in m.borrow().iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(k);
                    out.push(':');
                    v.write_go(out, depth + 1);
                }
                out.push(']');
            }
            Value::Object(o) => out.push_str(&o.display()),
        }
    }

    /// Sprig's `strval`: strings as they are, bytes as text, others `%v`.
    pub fn to_str(&self) -> String {
        match self {
            Value::Str(s) => s.to_string(),
            Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            other => other.go_string(),
        }
    }

    /// A copy sharing nothing mutable with `self` (Sprig `deepCopy`).
    #[must_use]
    pub fn deep_copy(&self) -> Value {
        let mut budget = MAX_NODES;
        self.deep_copy_at(0, &mut budget)
    }

    fn deep_copy_at(&self, depth: usize, budget: &mut usize) -> Value {
        // Cyclic maps would copy forever: bound depth and total nodes.
        if depth > 200 || *budget == 0 {
            return Value::Nil;
        }
        *budget -= 1;
        match self {
            Value::List(items) => Value::from(
                items
                    .iter()
                    .map(|v| v.deep_copy_at(depth + 1, budget))
                    .collect::<Vec<_>>(),
            ),
            Value::Map(m) => Value::from(
                m.borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.deep_copy_at(depth + 1, budget)))
                    .collect::<Map>(),
            ),
            other => other.clone(),
        }
    }

    /// Plain data for serialisation: objects replaced by their data form.
    #[must_use]
    pub fn data(&self) -> Value {
        match self {
            Value::Object(o) => o.to_data(),
            other => other.clone(),
        }
    }

    /// Sprig's notion of empty (`empty`, `default`, `coalesce`).
    pub fn is_empty_value(&self) -> bool {
        !self.truthy()
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            #[allow(clippy::cast_precision_loss)]
            Value::Int(i) | Value::Int64(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// spf13/cast `ToInt64`: numbers truncated, strings parsed (base
    /// prefixes allowed), bools 0/1, anything else 0.
    pub fn to_i64(&self) -> i64 {
        match self {
            Value::Int(i) | Value::Int64(i) => *i,
            #[allow(clippy::cast_possible_truncation)]
            Value::Float(f) => *f as i64,
            Value::Bool(b) => i64::from(*b),
            Value::Str(s) => parse_go_int(s.trim()).unwrap_or(0),
            _ => 0,
        }
    }

    /// spf13/cast `ToFloat64`.
    pub fn to_f64(&self) -> f64 {
        match self {
            Value::Int(_) | Value::Int64(_) | Value::Float(_) => self.as_f64().unwrap_or(0.0),
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Str(s) => s.trim().parse::<f64>().unwrap_or(0.0),
            _ => 0.0,
        }
    }

    /// The items of a list (or bytes as ints); `None` for other kinds.
    pub fn list_items(&self) -> Option<Vec<Value>> {
        match self {
            Value::List(items) => Some(items.as_ref().clone()),
            Value::Bytes(b) => Some(b.iter().map(|x| Value::Int(i64::from(*x))).collect()),
            _ => None,
        }
    }
}

/// `strconv.ParseInt(s, 0, 64)`.
pub fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let digits = digits.replace('_', "");
    let (radix, body) = if let Some(b) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        (16, b.to_string())
    } else if let Some(b) = digits
        .strip_prefix("0o")
        .or_else(|| digits.strip_prefix("0O"))
    {
        (8, b.to_string())
    } else if let Some(b) = digits
        .strip_prefix("0b")
        .or_else(|| digits.strip_prefix("0B"))
    {
        (2, b.to_string())
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, digits[1..].to_string())
    } else {
        (10, digits.clone())
    };
    if body.is_empty() {
        return None;
    }
    let v = i64::from_str_radix(&body, radix).ok()?;
    Some(if neg { -v } else { v })
}

/// Bytes a value's text form may grow to before it is cut off.
pub const MAX_TEXT: usize = 16 << 20;
/// Nodes a deep copy may create.
pub const MAX_NODES: usize = 1_000_000;

/// Go equality as `eq` sees it; numbers compare by value across int/float.
pub fn values_equal(a: &Value, b: &Value) -> bool {
    equal_at(a, b, 0)
}

fn equal_at(a: &Value, b: &Value, depth: usize) -> bool {
    if depth > 200 {
        return false;
    }
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Int(x) | Value::Int64(x), Value::Int(y) | Value::Int64(y)) => x == y,
        (
            Value::Int(_) | Value::Int64(_) | Value::Float(_),
            Value::Int(_) | Value::Int64(_) | Value::Float(_),
        ) => a.as_f64() == b.as_f64(),
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|(p, q)| equal_at(p, q, depth + 1))
        }
        (Value::Map(x), Value::Map(y)) => {
            Rc::ptr_eq(x, y) || {
                let (x, y) = (x.borrow(), y.borrow());
                x.len() == y.len()
                    && x.iter()
                        .zip(y.iter())
                        .all(|((k1, v1), (k2, v2))| k1 == k2 && equal_at(v1, v2, depth + 1))
            }
        }
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        _ => false,
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        values_equal(self, other)
    }
}

/// A `Send` copy of plain data (no objects), to move values across threads.
#[derive(Debug, Clone)]
pub enum Plain {
    Nil,
    Bool(bool),
    Int(i64),
    Int64(i64),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    List(Vec<Plain>),
    Map(Vec<(String, Plain)>),
}

impl Plain {
    /// Copies `v` (objects become nil; depth bounded like `deep_copy`).
    pub fn of(v: &Value) -> Plain {
        Self::at(v, 0)
    }

    fn at(v: &Value, depth: usize) -> Plain {
        if depth > 200 {
            return Plain::Nil;
        }
        match v {
            Value::Nil | Value::Object(_) => Plain::Nil,
            Value::Bool(b) => Plain::Bool(*b),
            Value::Int(i) => Plain::Int(*i),
            Value::Int64(i) => Plain::Int64(*i),
            Value::Float(f) => Plain::Float(*f),
            Value::Str(s) => Plain::Str(s.to_string()),
            Value::Bytes(b) => Plain::Bytes(b.as_ref().clone()),
            Value::List(l) => Plain::List(l.iter().map(|x| Self::at(x, depth + 1)).collect()),
            Value::Map(m) => Plain::Map(
                m.borrow()
                    .iter()
                    .map(|(k, x)| (k.clone(), Self::at(x, depth + 1)))
                    .collect(),
            ),
        }
    }

    pub fn to_value(&self) -> Value {
        match self {
            Plain::Nil => Value::Nil,
            Plain::Bool(b) => Value::Bool(*b),
            Plain::Int(i) => Value::Int(*i),
            Plain::Int64(i) => Value::Int64(*i),
            Plain::Float(f) => Value::Float(*f),
            Plain::Str(s) => Value::from(s.as_str()),
            Plain::Bytes(b) => Value::Bytes(Rc::new(b.clone())),
            Plain::List(l) => Value::from(l.iter().map(Plain::to_value).collect::<Vec<_>>()),
            Plain::Map(m) => Value::from(
                m.iter()
                    .map(|(k, x)| (k.clone(), x.to_value()))
                    .collect::<Map>(),
            ),
        }
    }
}
