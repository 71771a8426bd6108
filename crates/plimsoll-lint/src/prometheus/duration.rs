//! Prometheus' duration grammar (`model.ParseDuration`): units `y`, `w`,
//! `d`, `h`, `m`, `s`, `ms`, each at most once and in that order
//! (`1h30m`), or a bare `0`.

use std::fmt::Write as _;

/// Milliseconds per unit, in the order they must appear.
const UNITS: [(&str, u64); 7] = [
    ("y", 365 * 24 * 3_600_000),
    ("w", 7 * 24 * 3_600_000),
    ("d", 24 * 3_600_000),
    ("h", 3_600_000),
    ("m", 60_000),
    ("s", 1_000),
    ("ms", 1),
];

/// The duration in milliseconds, or `None` when Prometheus rejects it.
pub fn parse_ms(text: &str) -> Option<u64> {
    if text == "0" {
        return Some(0);
    }
    if text.is_empty() {
        return None;
    }
    let mut rest = text;
    let mut total: u64 = 0;
    let mut next_unit = 0;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let n: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        // `ms` before `m`: the longest unit that matches.
        let (i, (unit, ms)) = UNITS
            .iter()
            .enumerate()
            .skip(next_unit)
            .filter(|(_, (u, _))| rest.starts_with(u))
            .max_by_key(|(_, (u, _))| u.len())?;
        rest = &rest[unit.len()..];
        total = total.checked_add(n.checked_mul(*ms)?)?;
        next_unit = i + 1;
    }
    Some(total)
}

/// A duration for messages: `90s` as `1m30s`.
pub fn format_ms(ms: u64) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    let mut out = String::new();
    let mut rest = ms;
    for (unit, size) in UNITS.iter().skip(1) {
        if rest >= *size {
            let _ = write!(out, "{}{unit}", rest / size);
            rest %= size;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar() {
        assert_eq!(parse_ms("5m"), Some(300_000));
        assert_eq!(parse_ms("1h30m"), Some(5_400_000));
        assert_eq!(parse_ms("0"), Some(0));
        assert_eq!(parse_ms("0s"), Some(0));
        assert_eq!(parse_ms("500ms"), Some(500));
        assert_eq!(parse_ms("1m500ms"), Some(60_500));
        assert_eq!(parse_ms("1d"), Some(86_400_000));
        for bad in [
            "",
            "5",
            "5 m",
            "m",
            "30m1h",
            "1.5h",
            "-1m",
            "5M",
            "1h1h",
            "10 minutes",
        ] {
            assert_eq!(parse_ms(bad), None, "{bad}");
        }
        assert_eq!(format_ms(90_000), "1m30s");
        assert_eq!(format_ms(120_000), "2m");
    }
}
