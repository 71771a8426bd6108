//! A UTC time value for Sprig's date functions, formatted with Go layouts.

use crate::value::{Object, Value};
use std::rc::Rc;

#[derive(Debug, Clone, Copy)]
pub struct Time {
    pub secs: i64,
    pub nanos: u32,
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
];

impl Time {
    pub fn new(secs: i64, nanos: u32) -> Time {
        Time { secs, nanos }
    }

    pub fn to_value(self) -> Value {
        Value::Object(Rc::new(self))
    }

    /// Formats with a Go reference layout (`2006-01-02T15:04:05Z07:00`).
    pub fn format(&self, layout: &str) -> String {
        let days = self.secs.div_euclid(86_400);
        let sod = self.secs.rem_euclid(86_400);
        let (y, mo, d) = civil(days);
        let (h, mi, s) = (sod / 3600, (sod / 60) % 60, sod % 60);
        let wd = usize::try_from(days.rem_euclid(7)).unwrap_or(0);
        let month = MONTHS[(mo as usize).saturating_sub(1) % 12];
        let tokens: &[(&str, String)] = &[
            ("January", month.to_string()),
            ("Monday", DAYS[wd].to_string()),
            ("2006", format!("{y:04}")),
            ("Jan", month[..3].to_string()),
            ("Mon", DAYS[wd][..3].to_string()),
            ("MST", "UTC".to_string()),
            ("Z07:00", "Z".to_string()),
            ("-07:00", "+00:00".to_string()),
            ("-0700", "+0000".to_string()),
            ("Z0700", "Z".to_string()),
            (".000000000", format!(".{:09}", self.nanos)),
            (".000000", format!(".{:06}", self.nanos / 1000)),
            (".000", format!(".{:03}", self.nanos / 1_000_000)),
            (".999999999", trim_frac(&format!(".{:09}", self.nanos))),
            ("01", format!("{mo:02}")),
            ("02", format!("{d:02}")),
            ("_2", format!("{d:>2}")),
            ("15", format!("{h:02}")),
            (
                "03",
                format!("{:02}", if h % 12 == 0 { 12 } else { h % 12 }),
            ),
            ("04", format!("{mi:02}")),
            ("05", format!("{s:02}")),
            ("06", format!("{:02}", y.rem_euclid(100))),
            ("PM", if h >= 12 { "PM" } else { "AM" }.to_string()),
            ("pm", if h >= 12 { "pm" } else { "am" }.to_string()),
            ("1", mo.to_string()),
            ("2", d.to_string()),
            ("3", (if h % 12 == 0 { 12 } else { h % 12 }).to_string()),
            ("4", mi.to_string()),
            ("5", s.to_string()),
        ];
        let mut out = String::new();
        let mut rest = layout;
        'outer: while !rest.is_empty() {
            for (tok, val) in tokens {
                if let Some(r) = rest.strip_prefix(tok) {
                    out.push_str(val);
                    rest = r;
                    continue 'outer;
                }
            }
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }

    /// Parses `value` with a Go layout; only numeric layouts are supported.
    pub fn parse(layout: &str, value: &str) -> Option<Time> {
        let mut fields = [1970i64, 1, 1, 0, 0, 0];
        let mut l = layout;
        let mut v = value;
        let take = |v: &mut &str, n: usize| -> Option<i64> {
            let s = v.get(..n)?;
            *v = &v[n..];
            s.parse().ok()
        };
        while !l.is_empty() {
            let slot = [
                ("2006", 0, 4),
                ("01", 1, 2),
                ("02", 2, 2),
                ("15", 3, 2),
                ("04", 4, 2),
                ("05", 5, 2),
            ]
            .iter()
            .find(|(t, _, _)| l.starts_with(t))
            .copied();
            if let Some((t, idx, n)) = slot {
                fields[idx] = take(&mut v, n)?;
                l = &l[t.len()..];
            } else {
                let c = l.chars().next()?;
                if !v.starts_with(c) {
                    return None;
                }
                l = &l[c.len_utf8()..];
                v = &v[c.len_utf8()..];
            }
        }
        if !v.is_empty() {
            return None;
        }
        let days = days_from_civil(
            fields[0],
            u32::try_from(fields[1]).ok()?,
            u32::try_from(fields[2]).ok()?,
        );
        Some(Time::new(
            days * 86_400 + fields[3] * 3600 + fields[4] * 60 + fields[5],
            0,
        ))
    }
}

fn trim_frac(s: &str) -> String {
    let t = s.trim_end_matches('0');
    if t == "." {
        String::new()
    } else {
        t.to_string()
    }
}

impl Object for Time {
    fn type_name(&self) -> &'static str {
        "time.Time"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Unix" => Some(Value::Int(self.secs)),
            "Year" => Some(Value::Int(civil(self.secs.div_euclid(86_400)).0)),
            _ => None,
        }
    }
    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match name {
            "Format" => Some(Ok(Value::from(
                self.format(&args.first().map(Value::to_str).unwrap_or_default()),
            ))),
            _ => None,
        }
    }
    fn display(&self) -> String {
        self.format("2006-01-02 15:04:05.999999999 -0700 MST")
    }
    fn to_data(&self) -> Value {
        Value::from(self.format("2006-01-02T15:04:05.999999999Z07:00"))
    }
}

/// The time a value stands for: a time, or Unix seconds.
pub fn time_of(v: &Value) -> Option<Time> {
    match v {
        Value::Object(o) if o.type_name() == "time.Time" => {
            let secs = o.field("Unix")?.to_i64();
            Some(Time::new(secs, 0))
        }
        Value::Int(_) | Value::Int64(_) | Value::Float(_) => Some(Time::new(v.to_i64(), 0)),
        Value::Str(s) => s.parse::<i64>().ok().map(|x| Time::new(x, 0)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_layouts() {
        let t = Time::new(1_700_000_000, 0);
        assert_eq!(
            t.format("2006-01-02T15:04:05Z07:00"),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(t.format("Mon Jan _2 2006"), "Tue Nov 14 2023");
        let p = Time::parse("2006-01-02", "2023-11-14").expect("parse");
        assert_eq!(p.format("2006-01-02"), "2023-11-14");
    }
}
