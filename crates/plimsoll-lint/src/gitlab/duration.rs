//! Durations the way GitLab reads `timeout`, `artifacts:expire_in` and
//! `start_in` (the chronic-duration grammar): numbers, each optionally
//! followed by a unit (`s`, `sec`, `minute`, `h`, `hrs`, `day`, `wk`,
//! `mo`, `yr`, ... singular or plural), separated by spaces, commas or
//! `and`; `1h30m` without spaces; `hh:mm:ss` clock notation. A bare
//! number counts as seconds.

/// Seconds per unit, by every spelling the grammar knows.
fn unit_seconds(word: &str) -> Option<f64> {
    Some(match word {
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => 86_400.0,
        "w" | "wk" | "wks" | "week" | "weeks" => 604_800.0,
        "mo" | "mon" | "mos" | "mons" | "month" | "months" => 2_592_000.0,
        "y" | "yr" | "yrs" | "year" | "years" => 31_536_000.0,
        _ => return None,
    })
}

/// The number of seconds `text` stands for, or `None` when GitLab would
/// reject it.
pub fn parse(text: &str) -> Option<f64> {
    let lower = text.trim().to_ascii_lowercase();
    if lower.is_empty() {
        return None;
    }
    if lower.contains(':') {
        return parse_clock(&lower);
    }
    let mut total = 0.0;
    let mut pending: Option<f64> = None;
    let mut any = false;
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() || c == b',' {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || c == b'.' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            if let Some(n) = pending.take() {
                total += n;
            }
            pending = Some(lower[start..i].parse::<f64>().ok()?);
            any = true;
            continue;
        }
        if c.is_ascii_alphabetic() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word = &lower[start..i];
            if word == "and" {
                continue;
            }
            let unit = unit_seconds(word)?;
            let n = pending.take()?;
            total += n * unit;
            continue;
        }
        return None;
    }
    if let Some(n) = pending {
        total += n;
    }
    any.then_some(total)
}

/// `mm:ss` or `hh:mm:ss` (or `d:hh:mm:ss`).
fn parse_clock(text: &str) -> Option<f64> {
    let parts: Vec<&str> = text.split(':').collect();
    if parts.len() > 4 {
        return None;
    }
    let mut total = 0.0;
    for p in &parts {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return None;
        }
        total = total * 60.0 + p.parse::<f64>().ok()?;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn accepts_gitlab_durations() {
        assert_eq!(parse("3 hours 30 minutes"), Some(12_600.0));
        assert_eq!(parse("1h 30m"), Some(5_400.0));
        assert_eq!(parse("1h30m"), Some(5_400.0));
        assert_eq!(parse("2 days and 4 hrs"), Some(187_200.0));
        assert_eq!(parse("1 week"), Some(604_800.0));
        assert_eq!(parse("42"), Some(42.0));
        assert_eq!(parse("10 mins"), Some(600.0));
        assert_eq!(parse("1.5 hours"), Some(5_400.0));
        assert_eq!(parse("01:30:00"), Some(5_400.0));
    }

    #[test]
    fn rejects_other_text() {
        for bad in [
            "",
            "1 hour 30 minuts",
            "forever",
            "1 fortnight",
            "30m!",
            "h",
            "1::2",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
