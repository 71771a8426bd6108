//! Semantic versions and constraints with Masterminds/semver v3 rules (what
//! Sprig's `semverCompare` uses): `^`, `~`, wildcards, hyphen ranges, `||`,
//! comma/space AND, and pre-releases only matching constraints that carry one.

use crate::value::{Object, Value};
use std::cmp::Ordering;
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: String,
    pub meta: String,
    pub original: String,
}

fn num(s: &str) -> Result<u64, String> {
    s.parse::<u64>()
        .map_err(|_| "Invalid Semantic Version".to_string())
}

impl Version {
    /// Masterminds `NewVersion`: `v` prefix and missing minor/patch allowed.
    pub fn parse(text: &str) -> Result<Version, String> {
        let t = text.trim();
        let body = t.strip_prefix('v').unwrap_or(t);
        let (body, meta) = body.split_once('+').unwrap_or((body, ""));
        let (core, pre) = body.split_once('-').unwrap_or((body, ""));
        let parts: Vec<&str> = core.split('.').collect();
        if parts.is_empty()
            || parts.len() > 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err("Invalid Semantic Version".into());
        }
        let ident_ok = |s: &str| {
            s.split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        };
        if (!pre.is_empty() && !ident_ok(pre))
            || (!meta.is_empty() && !ident_ok(meta))
            || (body.contains('-') && pre.is_empty())
        {
            return Err("Invalid Semantic Version".into());
        }
        Ok(Version {
            major: num(parts[0])?,
            minor: parts.get(1).map_or(Ok(0), |p| num(p))?,
            patch: parts.get(2).map_or(Ok(0), |p| num(p))?,
            pre: pre.to_string(),
            meta: meta.to_string(),
            original: text.to_string(),
        })
    }

    pub fn compare(&self, o: &Version) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(o.major, o.minor, o.patch))
            .then_with(|| compare_pre(&self.pre, &o.pre))
    }

    pub fn to_value(&self) -> Value {
        Value::Object(Rc::new(self.clone()))
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.meta.is_empty() {
            write!(f, "+{}", self.meta)?;
        }
        Ok(())
    }
}

impl Object for Version {
    fn type_name(&self) -> &'static str {
        "*semver.Version"
    }
    fn field(&self, name: &str) -> Option<Value> {
        #[allow(clippy::cast_possible_wrap)]
        Some(match name {
            "Major" => Value::Int(self.major as i64),
            "Minor" => Value::Int(self.minor as i64),
            "Patch" => Value::Int(self.patch as i64),
            "Prerelease" => Value::from(self.pre.as_str()),
            "Metadata" => Value::from(self.meta.as_str()),
            "Original" => Value::from(self.original.as_str()),
            "String" => Value::from(self.to_string()),
            _ => return None,
        })
    }
    fn display(&self) -> String {
        self.to_string()
    }
    fn to_data(&self) -> Value {
        Value::from(self.to_string())
    }
}

fn compare_pre(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let (pa, pb): (Vec<&str>, Vec<&str>) = (a.split('.').collect(), b.split('.').collect());
    for (x, y) in pa.iter().zip(pb.iter()) {
        let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(i), Ok(j)) => i.cmp(&j),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            _ => x.cmp(y),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    pa.len().cmp(&pb.len())
}

#[derive(Debug, Clone)]
struct Single {
    op: String,
    v: Version,
    /// Which parts were wildcards or missing: 0 none, 1 patch, 2 minor, 3 major.
    dirty: u8,
}

#[derive(Debug, Clone)]
pub struct Constraint {
    groups: Vec<Vec<Single>>,
}

fn parse_partial(text: &str) -> Result<(Version, u8), String> {
    let t = text.trim().strip_prefix('v').unwrap_or(text.trim());
    let (core, rest) = match t.find(['-', '+']) {
        Some(i) => (&t[..i], &t[i..]),
        None => (t, ""),
    };
    let parts: Vec<&str> = core.split('.').collect();
    let wild = |p: &str| matches!(p, "x" | "X" | "*");
    let mut nums = [0u64; 3];
    let mut dirty = 0u8;
    for (i, slot) in nums.iter_mut().enumerate() {
        match parts.get(i) {
            None => {
                if dirty == 0 {
                    dirty = u8::try_from(3 - i).unwrap_or(3);
                }
            }
            Some(p) if wild(p) => {
                if dirty == 0 {
                    dirty = u8::try_from(3 - i).unwrap_or(3);
                }
            }
            Some(p) => *slot = num(p).map_err(|_| format!("improper constraint: {text}"))?,
        }
    }
    if parts.len() > 3 || core.is_empty() && !t.is_empty() {
        return Err(format!("improper constraint: {text}"));
    }
    let v = Version::parse(&format!("{}.{}.{}{rest}", nums[0], nums[1], nums[2]))
        .map_err(|_| format!("improper constraint: {text}"))?;
    Ok((v, dirty))
}

impl Constraint {
    pub fn parse(text: &str) -> Result<Constraint, String> {
        let mut groups = Vec::new();
        for group in text.split("||") {
            let mut singles = Vec::new();
            // Hyphen ranges: `1.2 - 1.4`.
            let normalized = group.replace(" - ", " HYPHEN ");
            let toks: Vec<&str> = normalized
                .split([',', ' '])
                .filter(|t| !t.is_empty())
                .collect();
            let mut i = 0;
            while i < toks.len() {
                if toks.get(i + 1) == Some(&"HYPHEN") && i + 2 < toks.len() {
                    let (lo, ld) = parse_partial(toks[i])?;
                    let (hi, hd) = parse_partial(toks[i + 2])?;
                    singles.push(Single {
                        op: ">=".into(),
                        v: lo,
                        dirty: ld,
                    });
                    singles.push(Single {
                        op: "<=".into(),
                        v: hi,
                        dirty: hd,
                    });
                    i += 3;
                    continue;
                }
                let mut tok = toks[i].to_string();
                // An operator separated from its version: `>= 1.2`.
                if tok.bytes().all(|b| b"<>=!~^".contains(&b)) && i + 1 < toks.len() {
                    tok.push_str(toks[i + 1]);
                    i += 1;
                }
                let split = tok
                    .find(|c: char| !"<>=!~^".contains(c))
                    .unwrap_or(tok.len());
                let (op, ver) = tok.split_at(split);
                let op = match op {
                    "" | "=" | "==" => "=",
                    "=>" | ">=" => ">=",
                    "=<" | "<=" => "<=",
                    "~>" | "~" => "~",
                    o @ ("!=" | ">" | "<" | "^") => o,
                    _ => return Err(format!("improper constraint: {text}")),
                };
                let (v, dirty) = parse_partial(ver)?;
                singles.push(Single {
                    op: op.to_string(),
                    v,
                    dirty,
                });
                i += 1;
            }
            if singles.is_empty() {
                return Err(format!("improper constraint: {text}"));
            }
            groups.push(singles);
        }
        Ok(Constraint { groups })
    }

    pub fn matches(&self, v: &Version) -> bool {
        self.groups.iter().any(|g| g.iter().all(|c| c.check(v)))
    }
}

impl Single {
    fn check(&self, v: &Version) -> bool {
        let c = &self.v;
        if !v.pre.is_empty() && c.pre.is_empty() {
            return false;
        }
        let ord = v.compare(c);
        let bump = |v: &Version, level: u8| -> Version {
            let mut n = v.clone();
            n.pre.clear();
            match level {
                4.. => {
                    n.major = u64::MAX;
                    n.minor = 0;
                    n.patch = 0;
                }
                3 => {
                    n.major += 1;
                    n.minor = 0;
                    n.patch = 0;
                }
                2 => {
                    n.minor += 1;
                    n.patch = 0;
                }
                _ => n.patch += 1,
            }
            n
        };
        match self.op.as_str() {
            "=" => match self.dirty {
                0 => ord == Ordering::Equal,
                d => v.compare(c) != Ordering::Less && v.compare(&bump(c, d + 1)) == Ordering::Less,
            },
            "!=" => match self.dirty {
                0 => ord != Ordering::Equal,
                d => {
                    !(v.compare(c) != Ordering::Less
                        && v.compare(&bump(c, d + 1)) == Ordering::Less)
                }
            },
            ">" => match self.dirty {
                0 => ord == Ordering::Greater,
                d => v.compare(&bump(c, d + 1)) != Ordering::Less,
            },
            "<" => ord == Ordering::Less,
            ">=" => ord != Ordering::Less,
            "<=" => match self.dirty {
                0 => ord != Ordering::Greater,
                d => v.compare(&bump(c, d + 1)) == Ordering::Less,
            },
            "~" => {
                // ~1.2.3 → <1.3.0; ~1 → <2.0.0.
                let upper = if self.dirty >= 2 {
                    bump(c, 3)
                } else {
                    bump(c, 2)
                };
                ord != Ordering::Less && v.compare(&upper) == Ordering::Less
            }
            "^" => {
                let upper = if c.major > 0 || self.dirty >= 2 {
                    bump(c, 3)
                } else if c.minor > 0 || self.dirty == 1 {
                    bump(c, 2)
                } else {
                    bump(c, 1)
                };
                ord != Ordering::Less && v.compare(&upper) == Ordering::Less
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(c: &str, v: &str) -> bool {
        Constraint::parse(c)
            .expect("constraint")
            .matches(&Version::parse(v).expect("version"))
    }

    #[test]
    fn masterminds_rules() {
        assert!(m(">=1.19-0", "v1.32.0"));
        assert!(m(">=1.19-0", "1.25.3-gke.100"));
        assert!(!m(">=1.19", "1.25.3-gke.100"));
        assert!(m("^1.2.3", "1.9.0"));
        assert!(!m("^1.2.3", "2.0.0"));
        assert!(m("^0.2.3", "0.2.9"));
        assert!(!m("^0.2.3", "0.3.0"));
        assert!(m("~1.2.3", "1.2.9"));
        assert!(!m("~1.2.3", "1.3.0"));
        assert!(m(">=1.2 <2", "1.5.0"));
        assert!(!m(">=1.2, <2", "2.0.0"));
        assert!(m("<1.2 || >=3", "3.1.0"));
        assert!(m("1.2.x", "1.2.7"));
        assert!(!m("1.2.x", "1.3.0"));
        assert!(m("<=1.2", "1.2.9"));
        assert!(m(">1.2", "1.3.0"));
        assert!(!m(">1.2", "1.2.5"));
        assert!(m("1.2 - 1.4", "1.4.8"));
        assert!(m("<1.23-0", "1.22.5-eks-1"));
    }
}
