//! Small helpers: stable hashing, generated names, timestamps, JSON access.

use serde_json::{Map, Value};
use std::fmt::Write as _;

/// The alphabet Kubernetes uses for generated suffixes (no vowels, no
/// look-alike digits), so names look like the real ones.
const SAFE: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// FNV-1a, 64 bit.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Spreads the bits of a counter so that consecutive values give unrelated names.
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// `len` characters of the safe alphabet taken from `h`.
pub(crate) fn safe_chars(mut h: u64, len: usize) -> String {
    let mut out = String::with_capacity(len);
    for _ in 0..len {
        out.push(char::from(SAFE[(h % SAFE.len() as u64) as usize]));
        h /= SAFE.len() as u64;
        if h == 0 {
            h = mix(0x9e37_79b9_7f4a_7c15 ^ out.len() as u64);
        }
    }
    out
}

/// JSON text with object keys sorted at every level, whatever the map
/// implementation of `serde_json` (it may preserve insertion order when
/// another crate enables `preserve_order`).
pub(crate) fn canonical(v: &Value) -> String {
    fn go(v: &Value, out: &mut String) {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                out.push('{');
                for (i, k) in keys.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String((*k).clone()).to_string());
                    out.push(':');
                    go(&m[k.as_str()], out);
                }
                out.push('}');
            }
            Value::Array(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    go(x, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut s = String::new();
    go(v, &mut s);
    s
}

/// Stable 10-character hash of a pod template (the `pod-template-hash`).
pub(crate) fn template_hash(template: &Value) -> String {
    safe_chars(mix(fnv1a(canonical(template).as_bytes())), 10)
}

/// A UUID-shaped identifier derived from a counter.
pub(crate) fn uid_from(n: u64) -> String {
    let a = mix(n ^ 0x5bd1_e995);
    let b = mix(a ^ n.rotate_left(17));
    let hex = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

/// RFC 3339 UTC timestamp (second precision, like the API server) of Unix seconds.
pub(crate) fn rfc3339(unix: f64) -> String {
    let secs = unix.floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let mut s = String::with_capacity(20);
    let _ = write!(
        s,
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    );
    s
}

/// Proleptic Gregorian calendar date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `obj[k1][k2]...` as a string, or "".
pub(crate) fn str_at<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    at(v, path).and_then(Value::as_str).unwrap_or("")
}

pub(crate) fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    let mut cur = v;
    for k in path {
        cur = cur.as_object()?.get(*k)?;
    }
    Some(cur)
}

pub(crate) fn i64_at(v: &Value, path: &[&str]) -> Option<i64> {
    at(v, path).and_then(Value::as_i64)
}

/// Mutable access to `obj[k1][k2]...`, creating empty objects on the way
/// (replacing non-objects).
pub(crate) fn obj_mut<'a>(v: &'a mut Value, path: &[&str]) -> &'a mut Map<String, Value> {
    let mut cur = v;
    for k in path {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Value::Object(m) = cur else {
            unreachable!("just made an object")
        };
        cur = m
            .entry((*k).to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !cur.is_object() {
        *cur = Value::Object(Map::new());
    }
    match cur {
        Value::Object(m) => m,
        _ => unreachable!("just made an object"),
    }
}

pub(crate) fn labels(v: &Value) -> Map<String, Value> {
    at(v, &["metadata", "labels"])
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000.5), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(951_782_400.0), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn hashes_are_stable_and_key_order_free() {
        let a: Value = serde_json::json!({"b": 1, "a": [1, {"y": 2, "x": 3}]});
        let h = template_hash(&a);
        assert_eq!(h.len(), 10);
        assert!(h.bytes().all(|b| SAFE.contains(&b)));
        let b: Value = serde_json::from_str(r#"{"a":[1,{"x":3,"y":2}],"b":1}"#).unwrap();
        assert_eq!(h, template_hash(&b));
        assert_ne!(h, template_hash(&serde_json::json!({"b": 2})));
        assert_eq!(uid_from(7).len(), 36);
        assert_ne!(uid_from(7), uid_from(8));
    }
}
